import { defineComposite } from './composite'

export const decoderComposite = defineComposite({
  kind: 'decoder',
  label: 'Decoder',
  description: 'Rebuilds 28×28 images from 30 codings (mirrors the Encoder).',
  role: 'decoder',
  nodes: [
    { id: 'dec_codings', kind: 'input', params: { shape: [30] }, at: [0, 0] },
    { id: 'dec_hidden', kind: 'dense', params: { units: 100, activation: 'relu' }, at: [0, 90] },
    {
      id: 'dec_pixels',
      kind: 'dense',
      params: { units: 784, activation: 'sigmoid' },
      at: [0, 180],
    },
    { id: 'dec_images', kind: 'reshape', params: { targetShape: [28, 28] }, at: [0, 270] },
  ],
  edges: [
    { source: 'dec_codings', target: 'dec_hidden' },
    { source: 'dec_hidden', target: 'dec_pixels' },
    { source: 'dec_pixels', target: 'dec_images' },
  ],
})
