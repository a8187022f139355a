import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { listTemplates } from '../../main/documents/templates'
import { openApp, shot, startHarness, type Harness } from './harness'

// The editor's view at the smallest supported window (1280×800): the gallery can always be
// dismissed, auto-layout fits the graph in view without overlaps, the minimap stays out of the
// way, New leaves nothing of the previous run, and the diffusion template's quick preset is one
// undoable click. Screenshots go to test-artifacts/e2e/.

let h: Harness
let page: Page
let errors: string[]

beforeAll(async () => {
  h = await startHarness()
  ;({ page, errors } = await openApp(h))
  // Loading over an edited document asks first; the tests accept.
  page.on('dialog', (d) => void d.accept())
}, 120_000)

afterAll(async () => {
  await h.close()
})

const gallery = () => page.getByRole('dialog', { name: 'Start from a chapter model' })

interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** The canvas's box and every visible block's, on screen. */
async function onScreen(): Promise<{ canvas: Rect; blocks: Rect[] }> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect()
      return { x: r.x, y: r.y, width: r.width, height: r.height }
    }
    const canvas = document.querySelector('.canvas .react-flow')
    if (!canvas) throw new Error('no canvas')
    return {
      canvas: box(canvas),
      blocks: [...document.querySelectorAll('.react-flow__node-block')]
        .filter((el) => (el as HTMLElement).style.visibility !== 'hidden')
        .map(box),
    }
  })
}

/**
 * Waits until the view stops moving: the layout has run (ELK, asynchronously) and the fit's
 * animation ended, the viewport unchanged over 0.6 s.
 */
async function settled(): Promise<void> {
  const transform = () =>
    page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)
  let before = await transform()
  let still = 0
  for (let i = 0; i < 80 && still < 4; i++) {
    await page.waitForTimeout(150)
    const now = await transform()
    still = now === before ? still + 1 : 0
    before = now
  }
  if (still < 4) throw new Error('the view never settled')
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

test('the gallery at start closes with Escape and with a click on the backdrop, and shows model sizes', async () => {
  await gallery().waitFor()
  const sizes = await page.getByTestId('template-size').allTextContents()
  expect(sizes).toHaveLength(listTemplates().length)
  expect(sizes).toContain('Encoder 134,870 · Decoder 134,634 parameters')
  await page.keyboard.press('Escape')
  await expect.poll(() => gallery().count()).toBe(0)
  expect(await page.locator('.react-flow__node').count()).toBe(0)
  await page.keyboard.press('Control+Shift+N')
  await gallery().waitFor()
  await page.mouse.click(8, 400) // beside the dialog: its backdrop
  await expect.poll(() => gallery().count()).toBe(0)
})

test.each(listTemplates().map((t) => t.id))(
  'auto-layout of %s: every block in view at 1280×800, none overlapping',
  async (id) => {
    const title = listTemplates().find((t) => t.id === id)?.title ?? id
    await page.keyboard.press('Control+Shift+N')
    await gallery()
      .getByRole('button', { name: `Open template ${title}`, exact: true })
      .click()
    await expect.poll(() => gallery().count()).toBe(0)
    await page.keyboard.press('Control+l')
    // The layout runs, then the view fits (animated).
    await page.waitForTimeout(400)
    await settled()
    await shot(page, `20-layout-${id}`)
    const { canvas, blocks } = await onScreen()
    expect(blocks.length + (await page.locator('.group-node.collapsed').count())).toBeGreaterThan(0)
    for (const b of blocks) {
      expect(b.x).toBeGreaterThanOrEqual(canvas.x - 1)
      expect(b.y).toBeGreaterThanOrEqual(canvas.y - 1)
      expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1)
      expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1)
    }
    const pairs = blocks.flatMap((a, i) => blocks.slice(i + 1).filter((b) => overlap(a, b)))
    expect(pairs).toEqual([])
    // Each model's total parameters stay in view beside the canvas, with the document's long
    // training form in the inspector.
    const totals = await page
      .locator('.summary-totals [data-testid^="total-"]')
      .evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect()
          return { x: r.x, y: r.y, width: r.width, height: r.height, text: el.textContent }
        }),
      )
    expect(totals.length).toBeGreaterThan(0)
    for (const t of totals) {
      expect(t.text).toMatch(/^[\d,]+$/)
      expect(t.height).toBeGreaterThan(8)
      expect(t.y + t.height).toBeLessThanOrEqual(800)
      expect(t.x + t.width).toBeLessThanOrEqual(1280)
    }
  },
)

test('the U-Net opens as its folded stages, each with its summary; one unfolds into room of its own', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Diffusion model (DDPM)' }).click()
  const stages = page.locator('.group-node.collapsed')
  await expect.poll(() => stages.count()).toBe(9)
  expect(await page.getByTestId('group-down64').textContent()).toMatch(
    /^Down 64▸12 blocks · 13,920 params→ \(None, 8, 8, 64\), \(None, 16, 16, 64\)$/,
  )
  await page.getByRole('button', { name: 'Expand Down 64' }).click()
  await expect.poll(() => stages.count(), { timeout: 10_000 }).toBe(8)
  await page.waitForTimeout(400) // the new layout, then the fit
  await settled()
  const { canvas, blocks } = await onScreen()
  expect(blocks).toHaveLength(12)
  const frames = await page.locator('.group-node.collapsed').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect()
      return { x: r.x, y: r.y, width: r.width, height: r.height }
    }),
  )
  const covered = blocks.filter((b) => frames.some((f) => overlap(b, f)))
  expect(covered).toEqual([])
  for (const b of blocks) expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1)
  await shot(page, '20-diffusion-stage-open')
})

test('blocks added to an empty canvas keep the zoom and land side by side; pastes too', async () => {
  await page.getByRole('button', { name: 'New', exact: true }).click()
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0)
  await page.waitForTimeout(400)
  await settled()
  const scale = () =>
    page
      .locator('.react-flow__viewport')
      .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a)
  const zoom = await scale()
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Add Dense', exact: true }).focus()
    await page.keyboard.press('Enter')
  }
  await expect.poll(() => page.locator('.react-flow__node-block').count()).toBe(3)
  expect(await scale()).toBe(zoom)
  await page.getByTestId('node-dense').click()
  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  await page.keyboard.press('Control+v')
  await expect.poll(() => page.locator('.react-flow__node-block').count()).toBe(5)
  await page.keyboard.press('f')
  await page.waitForTimeout(400)
  await settled()
  const { blocks } = await onScreen()
  const pairs = blocks.flatMap((a, i) => blocks.slice(i + 1).filter((b) => overlap(a, b)))
  expect(pairs).toEqual([])
  await shot(page, '22-drops-and-pastes')
})

test('a connection that cannot be made shows red, with its reason beside the pointer', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Stacked autoencoder' }).click()
  await page.getByRole('button', { name: 'Add Conv2D', exact: true }).focus()
  await page.keyboard.press('Enter')
  await page.getByTestId('node-conv2d').waitFor()
  await settled()
  const edges = await page.locator('.react-flow__edge').count()
  /** Holds a drag from one handle over another and answers the reason shown, then lets go. */
  const refusal = async (from: string, to: string, name: string): Promise<string> => {
    // A drag near the pane's edge auto-pans it: start once the view is still, from the handle
    // where it is then (hover waits for it to stop moving).
    await settled()
    const start = page.getByLabel(from, { exact: true })
    await start.hover()
    const a = await start.boundingBox()
    const b = await page.getByLabel(to, { exact: true }).boundingBox()
    if (!a || !b) throw new Error('handle not visible')
    await page.mouse.down()
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
    const reason = page.locator('.connection-reason')
    await reason.waitFor({ timeout: 5000 }).catch(async (e: unknown) => {
      await shot(page, `${name}-missing`)
      throw e
    })
    expect(await page.locator('.connection-preview.refused').count()).toBe(1)
    await shot(page, name)
    const text = (await reason.textContent()) ?? ''
    await page.mouse.up()
    return text
  }
  expect(await refusal('enc_dense_100 output', 'flatten input input', '23-refused-taken')).toBe(
    'that input is already connected: use a merge block (Add, Concatenate)',
  )
  expect(await refusal('flatten output', 'conv2d input input', '23-refused-shape')).toMatch(
    /Conv2D/,
  )
  expect(await page.locator('.react-flow__edge').count()).toBe(edges)
})

test('Ctrl+G groups the selection into a named group with a role; Ctrl+Shift+G ungroups', async () => {
  if (await gallery().count()) await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'New', exact: true }).click()
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0)
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Add Dense', exact: true }).focus()
    await page.keyboard.press('Enter')
  }
  await page.getByTestId('node-dense').click()
  await page.getByTestId('node-dense_2').click({ modifiers: ['Control'] })
  await page.keyboard.press('Control+g')
  await page.getByTestId('group-group').waitFor()
  const name = page.getByRole('textbox', { name: 'Name' })
  expect(await name.inputValue()).toBe('Group 1')
  await name.fill('My encoder')
  await page.getByRole('combobox', { name: 'Role' }).selectOption('encoder')
  expect(await page.getByTestId('group-group').textContent()).toContain('My encoder')
  expect(await page.getByTestId('group-group').textContent()).toContain('encoder')
  const frame = await page.getByTestId('group-group').boundingBox()
  for (const id of ['dense', 'dense_2']) {
    const b = await page.getByTestId(`node-${id}`).boundingBox()
    if (!frame || !b) throw new Error('not visible')
    expect(b.x).toBeGreaterThan(frame.x)
    expect(b.y + b.height).toBeLessThan(frame.y + frame.height)
  }
  await shot(page, '24-grouped')
  await page.getByTestId('group-group').click({ position: { x: 60, y: 10 } })
  await page.keyboard.press('Control+Shift+G')
  await expect.poll(() => page.getByTestId('group-group').count()).toBe(0)
  expect(await page.locator('.react-flow__node-block').count()).toBe(2)
})

test('right-clicking a block, a group or the canvas offers the commands that apply there', async () => {
  await page.getByTestId('node-dense').click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'block menu' })
  await menu.waitFor()
  expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
    'CutCtrl+X',
    'CopyCtrl+C',
    'DuplicateCtrl+D',
    'DeleteDelete',
    'GroupCtrl+G',
  ])
  await shot(page, '25-context-menu')
  await menu.getByRole('menuitem', { name: /^Delete/ }).click()
  await expect.poll(() => page.getByTestId('node-dense').count()).toBe(0)
  await page.locator('.react-flow__pane').click({ button: 'right', position: { x: 30, y: 30 } })
  const pane = page.getByRole('menu', { name: 'pane menu' })
  await pane.waitFor()
  expect(await pane.getByRole('menuitem', { name: /^Auto-layout/ }).isEnabled()).toBe(true)
  await page.keyboard.press('Escape')
  await expect.poll(() => pane.count()).toBe(0)
})

test('the minimap is off until M shows it', async () => {
  expect(await page.getByLabel('Minimap').count()).toBe(0)
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('m')
  await page.getByLabel('Minimap').waitFor()
  await page.keyboard.press('m')
  await expect.poll(() => page.getByLabel('Minimap').count()).toBe(0)
})

/**
 * A point of the canvas with nothing on it (the pane itself), towards its bottom-right corner but
 * far enough from the edges that a block put there can be dragged without the view auto-panning.
 */
async function emptySpot(): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const r = document.querySelector('.canvas .react-flow')?.getBoundingClientRect()
    if (!r) throw new Error('no canvas')
    for (let dy = 150; dy < r.height; dy += 20)
      for (let dx = 150; dx < r.width; dx += 20) {
        const [x, y] = [r.right - dx, r.bottom - dy]
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y }
      }
    throw new Error('no empty canvas')
  })
}

/** Drags with the mouse from the centre of `from` to a screen point. */
async function dragTo(from: Locator, to: { x: number; y: number }): Promise<void> {
  const a = await from.boundingBox()
  if (!a) throw new Error('not visible')
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + a.width / 2 + to.x) / 2, (a.y + a.height / 2 + to.y) / 2, {
    steps: 6,
  })
  await page.mouse.move(to.x, to.y, { steps: 6 })
  await page.mouse.up()
}

test('a connection dropped on empty canvas lists the blocks that take it; the chosen one comes connected', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await expect.poll(() => gallery().count()).toBe(0)
  await settled()
  const edges = await page.locator('.react-flow__edge').count()
  await dragTo(page.getByLabel('enc_dense_100 output', { exact: true }), await emptySpot())
  const list = page.getByRole('listbox', { name: 'Blocks that fit' })
  await list.waitFor()
  const offered = await list.getByRole('option').allTextContents()
  expect(offered).toContain('Dense→ (None, 64)')
  expect(offered).toContain('Dropout→ (None, 100)')
  expect(offered.some((o) => o.startsWith('Conv2D'))).toBe(false)
  await page.keyboard.type('drop')
  expect(await list.getByRole('option').count()).toBeGreaterThan(0)
  await shot(page, '26-quick-insert')
  await page.keyboard.press('Enter')
  await page.getByTestId('node-dropout').waitFor()
  expect(await page.locator('.react-flow__edge').count()).toBe(edges + 1)
  const group = page.getByRole('combobox', { name: 'Group' })
  expect(await group.inputValue()).toBe('')
  // Dragged into the encoder's frame it joins the encoder; dragged out again it leaves.
  const frame = await page.getByTestId('group-encoder').boundingBox()
  if (!frame) throw new Error('no encoder frame')
  await dragTo(page.getByTestId('node-dropout'), {
    x: frame.x + 100,
    y: frame.y + frame.height - 40,
  })
  await expect.poll(() => group.inputValue()).toBe('encoder')
  await dragTo(page.getByTestId('node-dropout'), await emptySpot())
  await expect.poll(() => group.inputValue()).toBe('')
  // K switches every shape between Keras's form and the list form.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  expect(await page.getByTestId('node-flatten').textContent()).toContain('(None, 784)')
  await page.keyboard.press('k')
  expect(await page.getByTestId('node-flatten').textContent()).toContain('[null,784]')
  await page.keyboard.press('k')
  expect(await page.getByTestId('node-flatten').textContent()).toContain('(None, 784)')
})

test('side panels fold and resize, and the layout is remembered in the next window', async () => {
  const side = () =>
    page.locator('.side').evaluate((el) => Math.round(el.getBoundingClientRect().width))
  expect(await side()).toBe(330)
  await page.getByRole('button', { name: 'Inspector', exact: true }).click()
  await expect.poll(() => page.locator('.inspector .panel-body').count()).toBe(0)
  const bar = await page.getByRole('separator', { name: 'Resize the side panels' }).boundingBox()
  if (!bar) throw new Error('no splitter')
  await page.mouse.move(bar.x + 1, bar.y + 300)
  await page.mouse.down()
  await page.mouse.move(bar.x - 119, bar.y + 300, { steps: 5 })
  await page.mouse.up()
  expect(await side()).toBe(450)
  await shot(page, '27-panels-folded-and-wider')
  const next = await page.context().newPage()
  await next.goto(h.url)
  await next.keyboard.press('Escape')
  expect(
    await next.locator('.side').evaluate((el) => Math.round(el.getBoundingClientRect().width)),
  ).toBe(450)
  expect(
    await next
      .getByRole('button', { name: 'Inspector', exact: true })
      .getAttribute('aria-expanded'),
  ).toBe('false')
  await next.close()
  // Back as it was, for the tests after this one.
  const moved = await page.getByRole('separator', { name: 'Resize the side panels' }).boundingBox()
  if (!moved) throw new Error('no splitter')
  await page.mouse.move(moved.x + 1, moved.y + 300)
  await page.mouse.down()
  await page.mouse.move(moved.x + 121, moved.y + 300, { steps: 5 })
  await page.mouse.up()
  await page.getByRole('button', { name: 'Inspector', exact: true }).click()
  expect(await side()).toBe(330)
})

test('the diffusion quick preset is one undoable click in the dock: fewer epochs, shipped weights', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Diffusion model (DDPM)' }).click()
  const epochs = page.getByRole('textbox', { name: 'Epochs', exact: true })
  const weights = page.getByRole('combobox', { name: 'Initial weights' })
  expect(await epochs.inputValue()).toBe('100')
  expect(await weights.inputValue()).toBe('from scratch')
  // Offered where a run starts, beside Train, and in the inspector's training form.
  expect(await page.getByTestId('dock-quick-preset').getAttribute('title')).toMatch(/^3 epochs/)
  await page.getByTestId('dock-quick-preset').click()
  expect(await epochs.inputValue()).toBe('3')
  expect(await weights.inputValue()).toBe('diffusion')
  expect(await page.getByTestId('dock-quick-preset').textContent()).toBe('Quick preset in use')
  expect(await page.getByTestId('apply-quick-preset').textContent()).toBe('Quick preset in use')
  await shot(page, '21-diffusion-quick-preset')
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+z')
  expect(await epochs.inputValue()).toBe('100')
  expect(await weights.inputValue()).toBe('from scratch')
})

test('a run with phases shows each apart, named, with its own epochs; the accuracy comes large at the end', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Unsupervised pretraining' }).click()
  await page.getByRole('textbox', { name: /^Epochs this run/ }).fill('2')
  await page.getByRole('textbox', { name: 'Examples (limit)' }).fill('300')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  const tabs = page.getByRole('tablist', { name: 'Training phases' }).getByRole('tab')
  expect(await tabs.allTextContents()).toEqual(['1. Pretraining (autoencoder)', '2. Training'])
  expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true')
  const accuracy = page.getByRole('img', { name: /^Accuracy: accuracy, scratch_accuracy/ })
  expect(await accuracy.count()).toBe(1)
  expect(await page.getByTestId('final-accuracy').textContent()).toMatch(
    /^[\d.]+% validation accuracy · [\d.]+% for the same classifier trained from scratch/,
  )
  await tabs.nth(0).click()
  await expect.poll(() => accuracy.count()).toBe(0)
  expect(await page.getByRole('img', { name: /^Loss: loss, val_loss/ }).count()).toBe(1)
  await shot(page, '23-phases')
}, 120_000)

test('after New, nothing of the previous document’s run stays in the dock', async () => {
  await page.keyboard.press('Control+Shift+N')
  await gallery().getByRole('button', { name: 'Open template Stacked autoencoder' }).click()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('1')
  await page.getByRole('textbox', { name: 'Examples (limit)' }).fill('128')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  expect(await page.locator('.previews img').count()).toBeGreaterThan(0)
  await page.getByRole('button', { name: 'New', exact: true }).click()
  await expect.poll(() => page.locator('.previews img').count()).toBe(0)
  expect(await page.getByTestId('run-status').textContent()).toBe('idle')
}, 120_000)

test('no errors reached the console', () => {
  expect(errors).toEqual([])
})
