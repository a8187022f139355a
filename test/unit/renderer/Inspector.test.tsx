// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, test } from 'vitest'
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
  expect(screen.getByText('[null,64]')).toBeTruthy()

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
