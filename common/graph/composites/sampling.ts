import { defineComposite } from './composite'

export const samplingComposite = defineComposite({
  kind: 'samplingHead',
  label: 'Sampling',
  description:
    'The VAE head: mean and log-variance layers feeding a Sampling layer. Connect a hidden layer of the encoder to both Dense layers.',
  role: null,
  nodes: [
    {
      id: 'codings_mean',
      kind: 'dense',
      params: { units: 10, activation: 'linear' },
      at: [-110, 0],
    },
    {
      id: 'codings_log_var',
      kind: 'dense',
      params: { units: 10, activation: 'linear' },
      at: [110, 0],
    },
    { id: 'codings', kind: 'sampling', at: [0, 100] },
  ],
  edges: [
    { source: 'codings_mean', target: 'codings', targetHandle: 'mean' },
    { source: 'codings_log_var', target: 'codings', targetHandle: 'logVar' },
  ],
})
