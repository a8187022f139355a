import { defineComposite } from './composite'

export const generatorComposite = defineComposite({
  kind: 'generator',
  label: 'Generator',
  description: 'Turns 30 random codings into a 28×28 image (the chapter’s simple GAN generator).',
  role: 'generator',
  nodes: [
    { id: 'gen_codings', kind: 'input', params: { shape: [30] }, at: [0, 0] },
    {
      id: 'gen_hidden1',
      kind: 'dense',
      params: { units: 100, activation: 'selu', kernelInitializer: 'heNormal' },
      at: [0, 90],
    },
    {
      id: 'gen_hidden2',
      kind: 'dense',
      params: { units: 150, activation: 'selu', kernelInitializer: 'heNormal' },
      at: [0, 180],
    },
    {
      id: 'gen_pixels',
      kind: 'dense',
      params: { units: 784, activation: 'sigmoid' },
      at: [0, 270],
    },
    { id: 'gen_images', kind: 'reshape', params: { targetShape: [28, 28] }, at: [0, 360] },
  ],
  edges: [
    { source: 'gen_codings', target: 'gen_hidden1' },
    { source: 'gen_hidden1', target: 'gen_hidden2' },
    { source: 'gen_hidden2', target: 'gen_pixels' },
    { source: 'gen_pixels', target: 'gen_images' },
  ],
})
