// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { loadTemplate } from '../../../main/documents/templates'
import { Inspector } from '../../../renderer/panels/Inspector'
import { validationOf } from '../../../renderer/store/derived'
import { graphStore, loadDocument } from '../../../renderer/store/graphStore'
import { select } from '../../../renderer/store/uiStore'
import { fixture } from '../../helpers/docs'

beforeEach(() => {
  loadDocument(graphStore, fixture('vae'), null)
})
afterEach(cleanup)

const units = () =>
  graphStore.getState().doc.nodes.find((n) => n.id === 'enc_dense_100')?.params['units']

test('the form edits a block’s params, re-infers shapes, and refuses bad values inline', () => {
  act(() => {
    select({ nodeIds: new Set(['enc_dense_100']) })
  })
  render(<Inspector />)
  const field = screen.getByLabelText<HTMLInputElement>('Units')
  expect(field.value).toBe('100')

  fireEvent.change(field, { target: { value: '-3' } })
  expect(screen.getByRole('alert').textContent).toBe('expected positive integer')
  expect(field.getAttribute('aria-invalid')).toBe('true')
  expect(units()).toBe(100)

  fireEvent.change(field, { target: { value: 'many' } })
  expect(screen.getByRole('alert').textContent).toBe('expected a number')

  fireEvent.change(field, { target: { value: '64' } })
  expect(screen.queryByRole('alert')).toBeNull()
  expect(units()).toBe(64)
  expect(validationOf(graphStore.getState().doc).shapes['enc_dense_100']).toEqual([null, 64])
  expect(screen.getByText('(None, 64)')).toBeTruthy()

  // Undo puts the old value back in the field.
  act(() => {
    graphStore.temporal.getState().undo()
  })
  expect(screen.getByLabelText<HTMLInputElement>('Units').value).toBe('100')
})

test('an enum param is a select of its options', () => {
  act(() => {
    select({ nodeIds: new Set(['enc_dense_100']) })
  })
  render(<Inspector />)
  const activation = screen.getByLabelText<HTMLSelectElement>('Activation')
  expect([...activation.options].map((o) => o.value)).toContain('selu')
  fireEvent.change(activation, { target: { value: 'selu' } })
  expect(
    graphStore.getState().doc.nodes.find((n) => n.id === 'enc_dense_100')?.params['activation'],
  ).toBe('selu')
})

test('with nothing selected, the inspector edits the training: optimizer, batch size, recipe settings', () => {
  act(() => {
    select({})
  })
  render(<Inspector />)
  const training = () => graphStore.getState().doc.training
  const batch = screen.getByLabelText<HTMLInputElement>('Batch size')
  expect(batch.value).toBe('128')
  fireEvent.change(batch, { target: { value: '64' } })
  expect(training().batchSize).toBe(64)
  fireEvent.change(batch, { target: { value: '0' } })
  expect(screen.getByRole('alert').textContent).toBe('expected positive integer')
  expect(training().batchSize).toBe(64)

  fireEvent.change(screen.getByLabelText('Optimizer'), { target: { value: 'rmsprop' } })
  expect(training().optimizer).toEqual({ kind: 'rmsprop', rho: 0.9, momentum: 0, epsilon: 1e-7 })

  fireEvent.change(screen.getByLabelText('Reconstruction loss'), { target: { value: 'bce' } })
  expect(training().settings).toMatchObject({ reconstructionLoss: 'bce' })
})

test('nested settings (an autoencoder’s denoising) get a form of their own', () => {
  const stacked = loadTemplate('stacked-ae')
  if (!stacked.ok) throw new Error('no stacked-ae template')
  loadDocument(graphStore, stacked.value, null)
  act(() => {
    select({})
  })
  render(<Inspector />)
  // happy-dom does not name a fieldset by its legend; Chromium does.
  const denoising = screen.getByText('Denoising').closest('fieldset')
  if (!denoising) throw new Error('no Denoising fieldset')
  fireEvent.change(within(denoising).getByLabelText('Kind'), { target: { value: 'gaussian' } })
  fireEvent.change(within(denoising).getByLabelText('Stddev'), { target: { value: '0.3' } })
  expect(graphStore.getState().doc.training.settings).toMatchObject({
    denoising: { kind: 'gaussian', stddev: 0.3, rate: 0.5 },
  })
})
