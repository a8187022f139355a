import { defineComposite } from './composite'

export const discriminatorComposite = defineComposite({
  kind: 'discriminator',
  label: 'Discriminator',
  description:
    'Tells real 28×28 images from fakes: one probability per image (the chapter’s simple GAN).',
  role: 'discriminator',
  nodes: [
    { id: 'disc_images', kind: 'input', params: { shape: [28, 28] }, at: [0, 0] },
    { id: 'disc_flatten', kind: 'flatten', at: [0, 90] },
    {
      id: 'disc_hidden1',
      kind: 'dense',
      params: { units: 150, activation: 'selu', kernelInitializer: 'heNormal' },
      at: [0, 180],
    },
    {
      id: 'disc_hidden2',
      kind: 'dense',
      params: { units: 100, activation: 'selu', kernelInitializer: 'heNormal' },
      at: [0, 270],
    },
    { id: 'disc_real', kind: 'dense', params: { units: 1, activation: 'sigmoid' }, at: [0, 360] },
  ],
  edges: [
    { source: 'disc_images', target: 'disc_flatten' },
    { source: 'disc_flatten', target: 'disc_hidden1' },
    { source: 'disc_hidden1', target: 'disc_hidden2' },
    { source: 'disc_hidden2', target: 'disc_real' },
  ],
})
