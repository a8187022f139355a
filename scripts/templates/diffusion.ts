import { Graph, linear, type Save, type Params } from './builder'

// DDPM denoiser: the chapter's U-Net-like model.
export function diffusion(save: Save): void {
  // The U-Net reads as its stages: each a frame inside the denoiser, folded when the template opens.
  const g = new Graph()
    .group('denoiser', 'Denoiser', 'denoiser')
    .frame('time_embedding', 'Time embedding', 'denoiser')
    .frame('stem', 'Stem', 'denoiser')
  for (const dim of [32, 64, 128]) g.frame(`down${dim}`, `Down ${dim}`, 'denoiser')
  for (const dim of [64, 32, 16]) g.frame(`up${dim}`, `Up ${dim}`, 'denoiser')
  g.frame('head', 'Head', 'denoiser')
  let d = 'time_embedding'
  g.node('stem', 'x_noisy', 'input', { shape: [28, 28, 1] })
  g.node(d, 'time', 'input', { shape: [], dtype: 'int32' }, 1)
  g.chain(d, 'time', ['time_enc', 'timeEncoding', { steps: 4000, dims: 64 }])
  d = 'stem'
  let z = g.chain(
    d,
    'x_noisy',
    ['pad', 'zeroPadding2d', { top: 3, bottom: 3, left: 3, right: 3 }],
    ['conv_in', 'conv2d', { filters: 16, kernelSize: 3, padding: 'valid', activation: 'linear' }],
    ['bn_in', 'batchNormalization'],
    ['relu_in', 'activation', { fn: 'relu' }],
  )
  let n = 0
  const addTime = (input: string, dim: number): string => {
    n++
    g.chain(
      d,
      'time_enc',
      [`time_dense_${n}`, 'dense', linear(dim)],
      [`time_map_${n}`, 'reshape', { targetShape: [1, 1, dim] }],
    )
    g.node(d, `add_time_${n}`, 'add')
    g.edge(input, `add_time_${n}`, 'in0')
    g.edge(`time_map_${n}`, `add_time_${n}`, 'in1')
    return `add_time_${n}`
  }
  const add2 = (id: string, a: string, b: string): string => {
    g.node(d, id, 'add')
    g.edge(a, id, 'in0')
    g.edge(b, id, 'in1')
    return id
  }
  z = addTime(z, 16)
  let skip = z
  const cross: string[] = []
  for (const dim of [32, 64, 128]) {
    d = `down${dim}`
    const sep = (k: number): [string, string, Params?][] => [
      [`down${dim}_relu_${k}`, 'activation', { fn: 'relu' }],
      [
        `down${dim}_sep_${k}`,
        'separableConv2d',
        { filters: dim, kernelSize: 3, padding: 'same', activation: 'linear' },
      ],
      [`down${dim}_bn_${k}`, 'batchNormalization'],
    ]
    z = g.chain(d, z, ...sep(1), ...sep(2))
    cross.push(z)
    z = g.chain(d, z, [
      `down${dim}_pool`,
      'maxPool2d',
      { poolSize: 3, strides: 2, padding: 'same' },
    ])
    const link = g.chain(d, skip, [
      `down${dim}_skip`,
      'conv2d',
      { filters: dim, kernelSize: 1, strides: 2, padding: 'same', activation: 'linear' },
    ])
    z = addTime(add2(`down${dim}_add`, z, link), dim)
    skip = z
  }
  for (const dim of [64, 32, 16]) {
    d = `up${dim}`
    const deconv = (k: number): [string, string, Params?][] => [
      [`up${dim}_relu_${k}`, 'activation', { fn: 'relu' }],
      [
        `up${dim}_deconv_${k}`,
        'conv2dTranspose',
        { filters: dim, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear' },
      ],
      [`up${dim}_bn_${k}`, 'batchNormalization'],
    ]
    z = g.chain(d, z, ...deconv(1), ...deconv(2), [
      `up${dim}_upsample`,
      'upSampling2d',
      { size: 2 },
    ])
    const link = g.chain(
      d,
      skip,
      [`up${dim}_skip_upsample`, 'upSampling2d', { size: 2 }],
      [
        `up${dim}_skip`,
        'conv2d',
        { filters: dim, kernelSize: 1, padding: 'same', activation: 'linear' },
      ],
    )
    z = addTime(add2(`up${dim}_add`, z, link), dim)
    g.node(d, `up${dim}_concat`, 'concatenate')
    g.edge(z, `up${dim}_concat`, 'in0')
    g.edge(cross.pop() ?? '', `up${dim}_concat`, 'in1')
    z = `up${dim}_concat`
    skip = z
  }
  d = 'head'
  g.chain(
    d,
    z,
    ['conv_out', 'conv2d', { filters: 1, kernelSize: 3, padding: 'same', activation: 'linear' }],
    ['noise', 'cropping2d', { top: 2, bottom: 2, left: 2, right: 2 }],
  )
  save(
    'diffusion',
    {
      title: 'Diffusion model (DDPM)',
      description:
        'The chapter’s denoising diffusion model: a U-Net-like denoiser (separable convolutions, batch normalization, skip and cross connections, the time step’s sinusoidal encoding added at every level) on images padded to 32×32, trained to predict the noise added at a random step of a cosine schedule with T = 4000, Huber loss, Nadam, 100 epochs. That takes many hours on a CPU: the quick preset (`train --quick`, or the training form’s button) starts from shipped weights pretrained on the full Fashion-MNIST and finishes in under two minutes.',
      teaches:
        'Diffusion models learn to undo noise one small step at a time; running the steps backwards from pure noise makes new images.',
      quick: {
        epochs: 3,
        initialWeights: 'diffusion',
        settings: { samplingSteps: 50, preciseBatchNorm: 5 },
        note: '3 epochs from the book’s denoiser pretrained on the full Fashion-MNIST (scripts/pretrainDiffusion.ts), 50 sampling steps, batch normalization’s statistics re-estimated from 5 batches at each epoch’s end (precise BN). From scratch, a CPU’s minutes give noise',
      },
    },
    g,
    {
      recipe: 'diffusion',
      optimizer: { kind: 'nadam' },
      learningRate: 1e-3,
      epochs: 100,
      batchSize: 32,
      settings: {
        steps: 4000,
        s: 0.008,
        maxBeta: 0.999,
        loss: 'huber',
        samplingSteps: 4000,
        preciseBatchNorm: 0,
      },
    },
  )
}
