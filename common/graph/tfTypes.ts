import type * as tfjs from '@tensorflow/tfjs'

/** The tfjs namespace, passed in by the engine so that this folder never loads tfjs itself. */
export type Tfjs = typeof tfjs
/** A tfjs layer as the compiler holds it. */
export type TfLayer = tfjs.layers.Layer

/** Constructors of the chapter's custom layers; the engine implements them in main/layers. */
export interface CustomLayerFactory {
  sampling(args: { name: string }): TfLayer
  denseTranspose(args: { name: string; tied: TfLayer; units: number; activation: string }): TfLayer
  activityRegularization(args: { name: string; l1: number; l2: number }): TfLayer
  klSparsity(args: { name: string; weight: number; target: number }): TfLayer
  timeEncoding(args: { name: string; steps: number; dims: number }): TfLayer
  minibatchStdDev(args: { name: string }): TfLayer
}
