import { Graph, stackedEncoder, stackedDecoder, aeTraining, type Save } from './builder'

// Training one autoencoder at a time, then fine-tuning the stack (the chapter's greedy layer-wise training).
export function greedyAe(save: Save): void {
  const g = new Graph()
  stackedEncoder(g)
  stackedDecoder(g, 30)
  const training = aeTraining(5)
  save(
    'greedy-ae',
    {
      title: 'Greedy layer-wise autoencoder',
      description:
        'The stacked autoencoder trained as the chapter does “one autoencoder at a time”: first a shallow 784-100-784 autoencoder (Nadam, learning rate 5e-4, linear output) for 10 epochs, then a 100-30-100 one on its codings (learning rate 5e-3, ReLU output) for 10 epochs, and finally the whole stack fine-tuned end to end for 5 epochs. The run’s phases are layer-1, layer-2 and train; the document’s epochs (and `--epochs`) set the fine-tuning.',
      teaches:
        'Deep autoencoders can be trained one shallow autoencoder at a time, each on the codings of the one before: the way deep nets were first trained.',
    },
    g,
    {
      ...training,
      settings: {
        ...(training['settings'] as object),
        greedyLayerwise: true,
        layerEpochs: 10,
        layerLearningRates: [5e-4, 5e-3],
      },
    },
  )
}
