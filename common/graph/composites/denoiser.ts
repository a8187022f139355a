import { defineComposite } from './composite'

export const denoiserComposite = defineComposite({
  kind: 'denoiser',
  label: 'Denoiser',
  description:
    'Predicts the noise in a noisy image given the diffusion step t: a small convolutional net with the step’s time encoding added to its features.',
  role: 'denoiser',
  nodes: [
    { id: 'noisy_images', kind: 'input', params: { shape: [28, 28, 1] }, at: [0, 0] },
    { id: 'time_step', kind: 'input', params: { shape: [1], dtype: 'int32' }, at: [260, 0] },
    { id: 'time_encoding', kind: 'timeEncoding', params: { steps: 4000, dims: 32 }, at: [260, 90] },
    {
      id: 'time_dense',
      kind: 'dense',
      params: { units: 16, activation: 'linear' },
      at: [260, 180],
    },
    { id: 'time_map', kind: 'reshape', params: { targetShape: [1, 1, 16] }, at: [260, 270] },
    {
      id: 'pad',
      kind: 'zeroPadding2d',
      params: { top: 2, bottom: 2, left: 2, right: 2 },
      at: [0, 90],
    },
    { id: 'features', kind: 'conv2d', params: { filters: 16, kernelSize: 3 }, at: [0, 180] },
    { id: 'add_time', kind: 'add', at: [0, 360] },
    { id: 'refine', kind: 'conv2d', params: { filters: 16, kernelSize: 3 }, at: [0, 450] },
    {
      id: 'crop',
      kind: 'cropping2d',
      params: { top: 2, bottom: 2, left: 2, right: 2 },
      at: [0, 540],
    },
    {
      id: 'noise',
      kind: 'conv2d',
      params: { filters: 1, kernelSize: 3, activation: 'linear' },
      at: [0, 630],
    },
  ],
  edges: [
    { source: 'time_step', target: 'time_encoding' },
    { source: 'time_encoding', target: 'time_dense' },
    { source: 'time_dense', target: 'time_map' },
    { source: 'noisy_images', target: 'pad' },
    { source: 'pad', target: 'features' },
    { source: 'features', target: 'add_time', targetHandle: 'in0' },
    { source: 'time_map', target: 'add_time', targetHandle: 'in1' },
    { source: 'add_time', target: 'refine' },
    { source: 'refine', target: 'crop' },
    { source: 'crop', target: 'noise' },
  ],
})
