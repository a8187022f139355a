import { defineComposite } from './composite'

export const encoderComposite = defineComposite({
  kind: 'encoder',
  label: 'Encoder',
  description: 'Compresses 28×28 images into 30 codings (the chapter’s stacked encoder, smaller).',
  role: 'encoder',
  nodes: [
    { id: 'enc_input', kind: 'input', params: { shape: [28, 28] }, at: [0, 0] },
    { id: 'enc_flatten', kind: 'flatten', at: [0, 90] },
    { id: 'enc_hidden', kind: 'dense', params: { units: 100, activation: 'relu' }, at: [0, 180] },
    { id: 'enc_codings', kind: 'dense', params: { units: 30, activation: 'relu' }, at: [0, 270] },
  ],
  edges: [
    { source: 'enc_input', target: 'enc_flatten' },
    { source: 'enc_flatten', target: 'enc_hidden' },
    { source: 'enc_hidden', target: 'enc_codings' },
  ],
})
