import { describe, expect, test } from 'vitest'
import { validateGraph } from '../../../common/graph/validate'
import { chain, doc, fixture, type RawEdge, type RawNode } from '../../helpers/docs'

const messages = (parts: Parameters<typeof doc>[0]) =>
  validateGraph(doc(parts)).errors.map((e) => e.message)

describe('validateGraph', () => {
  test('the chapter fixtures are valid and split into the chapter’s models', () => {
    const vae = validateGraph(fixture('vae'))
    expect(vae.errors).toEqual([])
    expect(vae.models.map((m) => [m.id, m.role, m.inputs.map((i) => i.nodeId), m.outputs])).toEqual(
      [
        ['encoder', 'encoder', ['images'], ['codings_mean', 'codings_log_var', 'codings']],
        ['decoder', 'decoder', ['codings'], ['reconstruction']],
      ],
    )
    const gan = validateGraph(fixture('simple-gan'))
    expect(gan.errors).toEqual([])
    expect(gan.shapes['fake_images']).toEqual([null, 28, 28])
  })

  test('a GAN without a discriminator names the missing role', () => {
    const gen: RawNode[] = [
      { id: 'z', kind: 'input', params: { shape: [30] }, group: 'g' },
      { id: 'd', kind: 'dense', params: { units: 784 }, group: 'g' },
    ]
    expect(
      messages({
        groups: [{ id: 'g', name: 'Generator', role: 'generator' }],
        nodes: gen,
        edges: chain('z', 'd'),
        training: { recipe: 'gan' },
      }),
    ).toEqual(['the gan recipe needs a group with the role discriminator'])
  })

  test('a VAE needs a Sampling block in its encoder', () => {
    const nodes: RawNode[] = [
      { id: 'x', kind: 'input', params: { shape: [784] }, group: 'enc' },
      { id: 'h', kind: 'dense', params: { units: 10 }, group: 'enc' },
      { id: 'o', kind: 'dense', params: { units: 784 }, group: 'dec' },
    ]
    const groups = [
      { id: 'enc', name: 'Encoder', role: 'encoder' },
      { id: 'dec', name: 'Decoder', role: 'decoder' },
    ]
    expect(
      messages({ groups, nodes, edges: chain('x', 'h', 'o'), training: { recipe: 'vae' } }),
    ).toEqual([
      'the vae recipe needs a Sampling block in the encoder, fed by a mean and a log-variance layer',
    ])
    expect(
      messages({ groups, nodes, edges: chain('x', 'h', 'o'), training: { recipe: 'autoencoder' } }),
    ).toEqual([])
  })

  test("an autoencoder's decoder must rebuild the encoder's input shape", () => {
    const nodes: RawNode[] = [
      { id: 'x', kind: 'input', params: { shape: [28, 28] }, group: 'enc' },
      { id: 'f', kind: 'flatten', group: 'enc' },
      { id: 'h', kind: 'dense', params: { units: 30 }, group: 'enc' },
      { id: 'o', kind: 'dense', params: { units: 784 }, group: 'dec' },
    ]
    const groups = [
      { id: 'enc', name: 'Encoder', role: 'encoder' },
      { id: 'dec', name: 'Decoder', role: 'decoder' },
    ]
    expect(messages({ groups, nodes, edges: chain('x', 'f', 'h', 'o') })).toEqual([
      "the decoder's output must have the shape of the encoder's input: [null,784] vs [null,28,28]",
    ])
  })

  test("a generator's input must match the GAN's codings size", () => {
    const gan = fixture('simple-gan')
    const changed = {
      ...gan,
      training: {
        ...gan.training,
        recipe: 'gan' as const,
        settings: {
          codingsSize: 20,
          replayBufferSize: 0,
          labelSmoothing: 0,
          discriminatorSteps: 1,
        },
      },
    }
    expect(validateGraph(changed).errors).toEqual([
      {
        nodeId: 'codings',
        message:
          "the generator's input must be the 20 codings of the gan settings (codingsSize): got [null,30]",
      },
    ])
  })

  test('a discriminator must output one probability', () => {
    const edges: RawEdge[] = chain('z', 'g', 'd')
    const nodes: RawNode[] = [
      { id: 'z', kind: 'input', params: { shape: [30] }, group: 'gen' },
      { id: 'g', kind: 'dense', params: { units: 784 }, group: 'gen' },
      { id: 'd', kind: 'dense', params: { units: 2 }, group: 'disc' },
    ]
    const groups = [
      { id: 'gen', name: 'Generator', role: 'generator' },
      { id: 'disc', name: 'Discriminator', role: 'discriminator' },
    ]
    expect(messages({ groups, nodes, edges, training: { recipe: 'gan' } })).toEqual([
      'the discriminator must output one probability per image, [null,1]: got [null,2]',
    ])
  })

  test('a diffusion denoiser needs the time step and must predict noise of the image shape', () => {
    const nodes: RawNode[] = [
      { id: 'x', kind: 'input', params: { shape: [8, 8, 1] }, group: 'den' },
      { id: 'c', kind: 'conv2d', params: { filters: 2 }, group: 'den' },
    ]
    expect(
      messages({
        groups: [{ id: 'den', name: 'Denoiser', role: 'denoiser' }],
        nodes,
        edges: chain('x', 'c'),
        training: { recipe: 'diffusion' },
      }),
    ).toEqual([
      'the denoiser needs two inputs: the noisy image and the time step',
      "the denoiser's output (predicted noise) must have the shape of its noisy-image input: [null,8,8,2] vs [null,8,8,1]",
    ])
  })

  test('empty groups and two groups of one role are reported', () => {
    const nodes: RawNode[] = [
      { id: 'x', kind: 'input', params: { shape: [4] }, group: 'a' },
      { id: 'd', kind: 'dense', group: 'a' },
      { id: 'y', kind: 'input', params: { shape: [4] }, group: 'b' },
      { id: 'e', kind: 'dense', group: 'b' },
    ]
    const groups = [
      { id: 'a', name: 'A', role: 'encoder' },
      { id: 'b', name: 'B', role: 'encoder' },
      { id: 'c', name: 'C', role: 'decoder' },
    ]
    expect(messages({ groups, nodes, edges: [...chain('x', 'd'), ...chain('y', 'e')] })).toEqual([
      "group 'C' (decoder) has no blocks inside",
      'two groups have the role encoder; a document has at most one',
      'the autoencoder recipe needs a group with the role decoder',
    ])
  })
})
