import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parseDocumentText } from '../../common/graph/parse'
import { listTemplates } from '../../main/documents/templates'
import { ARTIFACTS, imageSpread, openApp, shot, startHarness, type Harness } from './harness'

// The editor in a real browser (Debian's Chromium): gallery, drag and drop from the palette,
// connections by dragging handles, undo/redo, copy/paste, collapse, the problems panel and a
// malformed document. Screenshots of each step go to test-artifacts/e2e/.

let h: Harness
let page: Page
let errors: string[]
/** Where the Save test's download landed, for the tests that open it again. */
let savedPath = ''

beforeAll(async () => {
  h = await startHarness()
  ;({ page, errors } = await openApp(h))
}, 120_000)

afterAll(async () => {
  await h.close()
})

const node = (id: string) => page.getByTestId(`node-${id}`)
const edgeCount = () => page.locator('.react-flow__edge').count()
const problems = async () => Number(await page.locator('.problems .badge').textContent())

/** Drags from one handle to another with the mouse, as a user connects blocks. */
async function dragHandle(from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox()
  const b = await to.boundingBox()
  if (!a || !b) throw new Error('handle not visible')
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
  await page.mouse.up()
}

test('the gallery opens a template ready to train, with the chapter’s parameter counts', async () => {
  const gallery = page.getByRole('dialog', { name: 'Start from a chapter model' })
  await gallery.waitFor()
  const templates = listTemplates()
  expect(templates.length).toBe(16)
  expect(await gallery.getByRole('button', { name: /^Open template/ }).count()).toBe(
    templates.length,
  )
  await shot(page, '01-gallery')
  await page.getByRole('button', { name: 'Open template Variational autoencoder' }).click()
  await node('codings').waitFor()
  expect(await gallery.isVisible()).toBe(false)
  expect(await page.getByTestId('total-encoder').textContent()).toBe('134,870')
  expect(await page.getByTestId('total-decoder').textContent()).toBe('134,634')
  expect(await problems()).toBe(0)
  expect(await page.getByTestId('group-encoder').textContent()).toContain('encoder')
  expect(await node('flatten').textContent()).toContain('(None, 784)')
  await shot(page, '02-vae')
})

test('deleting the Sampling block is reported as a problem; undo brings it back', async () => {
  await node('codings').click()
  await page.keyboard.press('Delete')
  await expect.poll(() => node('codings').count()).toBe(0)
  expect(await problems()).toBeGreaterThan(0)
  const messages = await page.locator('.problems li').allTextContents()
  expect(messages.join('\n')).toMatch(/Sampling/)
  await shot(page, '02b-sampling-deleted')
  await page.keyboard.press('Control+z')
  await node('codings').waitFor()
  await expect.poll(problems).toBe(0)
})

test('the VAE trains from the editor, with live curves, non-blank previews and a scrubber', async () => {
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('2')
  await page.getByRole('textbox', { name: 'Examples (limit)' }).fill('512')
  const backend = page.getByRole('combobox', { name: 'Backend' })
  expect(await backend.locator('option').allTextContents()).toHaveLength(6) // auto + 5 backends
  await backend.selectOption('wasm')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  expect(await page.locator('.run-progress').textContent()).toContain('wasm')
  expect(await page.locator('.metric-chart canvas').count()).toBeGreaterThan(0)
  // A chart per family: the loss with its validation curve, the VAE's two terms, FID apart.
  const loss = page.getByRole('img', { name: 'Loss: loss, val_loss by epoch' })
  expect(await loss.textContent()).toContain('val_loss')
  expect(await page.getByRole('img', { name: /^FID of generated images/ }).textContent()).toContain(
    'fid_floor',
  )
  // Real axes: several labelled y ticks; the log scale relabels them.
  const ticks = async () => ((await loss.getAttribute('data-y-ticks')) ?? '').split(' ')
  expect((await ticks()).length).toBeGreaterThanOrEqual(3)
  const linear = await ticks()
  await page.locator('.metric-chart').first().getByRole('checkbox', { name: 'log' }).check()
  await expect.poll(() => loss.getAttribute('data-scale')).toBe('log')
  await expect.poll(ticks).not.toEqual(linear)
  await shot(page, '02b-log-scale')
  await page.locator('.metric-chart').first().getByRole('checkbox', { name: 'log' }).uncheck()
  // The latent map says which colour is which class.
  expect(await page.getByRole('list', { name: 'Latent map legend' }).textContent()).toContain(
    'Ankle boot',
  )
  // A point of it, hovered, shows its image and names its class: the class of the dot's colour.
  const map = page.locator('[data-preview="latent-map"] img').first()
  const dot = await map.evaluate(async (el: HTMLImageElement) => {
    await el.decode()
    const c = document.createElement('canvas')
    c.width = el.naturalWidth
    c.height = el.naturalHeight
    const g = c.getContext('2d')
    if (!g) return null
    g.drawImage(el, 0, 0)
    const px = g.getImageData(0, 0, c.width, c.height).data
    // The dot nearest the middle (clear of the dock's edges): its centre is a coloured pixel
    // whose 3×3 neighbourhood is all that colour.
    const at = (x: number, y: number) => px.slice((y * c.width + x) * 4, (y * c.width + x) * 4 + 3)
    let best: { fx: number; fy: number; colour: string } | null = null
    let bestD = Infinity
    for (let y = 1; y < c.height - 1; y++)
      for (let x = 1; x < c.width - 1; x++) {
        const [r, g2, b] = at(x, y)
        if (r === 255 && g2 === 255 && b === 255) continue
        let same = true
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) same &&= at(x + dx, y + dy).join() === at(x, y).join()
        const d = (x - c.width / 2) ** 2 + (y - c.height / 2) ** 2
        if (same && d < bestD) {
          bestD = d
          best = {
            fx: (x + 0.5) / c.width,
            fy: (y + 0.5) / c.height,
            colour: `rgb(${String(r)}, ${String(g2)}, ${String(b)})`,
          }
        }
      }
    return best
  })
  if (!dot) throw new Error('no dot on the latent map')
  // In the middle of the dock's view, clear of its sticky bar.
  await map.evaluate((el) => {
    el.scrollIntoView({ block: 'center' })
  })
  const box = await map.boundingBox()
  if (!box) throw new Error('latent map not shown')
  await page.mouse.move(box.x + dot.fx * box.width, box.y + dot.fy * box.height)
  const card = page.getByTestId('point-hover')
  await card.waitFor()
  const legend = await page
    .getByRole('list', { name: 'Latent map legend' })
    .locator('li')
    .evaluateAll((items) =>
      items.map((li) => ({
        label: li.textContent,
        colour: li.querySelector<HTMLElement>('.legend-swatch')?.style.background,
      })),
    )
  expect(await card.locator('.point-class').textContent()).toBe(
    legend.find((l) => l.colour === dot.colour)?.label,
  )
  expect(
    await card.getByRole('img').evaluate((el) => getComputedStyle(el).backgroundImage),
  ).toMatch(/^url\("blob:/)
  await shot(page, '02c-latent-point')
  await page.mouse.move(0, 0)
  await card.waitFor({ state: 'detached' })
  const previews = page.locator('.previews img')
  expect(await previews.count()).toBeGreaterThan(0)
  // The grid's pixels vary: it is a picture, not a blank frame.
  const spread = await imageSpread(previews.first())
  expect(spread).toBeGreaterThan(100)
  // Earlier frames stay: the scrubber goes back to the first epoch's reconstructions.
  const scrubber = page.getByRole('slider', { name: 'Reconstructions over time' })
  await scrubber.fill('0')
  expect(await page.locator('.previews figcaption').first().textContent()).toContain('epoch 1')
  // A grid opens large, crisp and labelled.
  await page.getByRole('button', { name: 'Enlarge Reconstructions' }).click()
  const large = page.getByRole('dialog', { name: /^Reconstructions · .*epoch 1/ })
  await large.waitFor()
  expect(await large.locator('.grid-rows').textContent()).toBe('originalrebuilt')
  const img = large.locator('img')
  const { shown, natural } = await img.evaluate((el: HTMLImageElement) => ({
    shown: el.width,
    natural: el.naturalWidth,
  }))
  expect(shown % natural).toBe(0)
  expect(shown).toBeGreaterThanOrEqual(2 * natural)
  await shot(page, '02d-preview-enlarged')
  await page.keyboard.press('Escape')
  await expect.poll(() => large.count()).toBe(0)
  await shot(page, '02c-trained')
  await page.getByRole('button', { name: 'Hide run details' }).click()
}, 120_000)

test('pausing shows what the weights make now; stopping shows the kept epoch’s', async () => {
  await page.getByRole('button', { name: 'Show run details' }).click()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('20')
  await page.getByRole('textbox', { name: 'Examples (limit)' }).fill('')
  // Before committing: how long these settings would take here.
  await page.getByRole('button', { name: 'Estimate time' }).click()
  const estimate = page.getByTestId('estimate-text')
  await estimate.waitFor({ timeout: 30_000 })
  expect(await estimate.textContent()).toMatch(
    /^about [\d.]+ (s|min) \([\d.]+ s per epoch × 20(, the first [\d.]+ s)?, wasm/,
  )
  await shot(page, '02e-estimate')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.locator('.run-progress').textContent(), { timeout: 60_000 })
    .toContain('epoch 2/20')
  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  const when = page.getByTestId('preview-when-reconstructions')
  await expect
    .poll(() => when.textContent(), { timeout: 30_000 })
    .toMatch(/epoch \d+, batch \d+\/\d+ · paused: the weights as they are now/)
  await shot(page, '02f-paused')
  await page.getByRole('button', { name: 'Stop', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
    .toBe('stopped')
  const kept = /the weights of epoch (\d+) are kept/.exec(
    (await page.locator('.run-progress').textContent()) ?? '',
  )?.[1]
  expect(Number(kept)).toBeGreaterThanOrEqual(1)
  await expect
    .poll(() => when.textContent())
    .toContain(`epoch ${kept ?? ''} · stopped: the kept weights`)
  await page.getByRole('button', { name: 'Hide run details' }).click()
}, 120_000)

test('a block dragged from the palette lands on the canvas and is reported until connected', async () => {
  // Beside the decoder, outside both groups (and clear of the minimap).
  await page
    .getByRole('button', { name: 'Add Dense', exact: true })
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 595, y: 490 } })
  await node('dense').waitFor()
  expect(await node('dense').textContent()).toContain('64, relu')
  expect(await problems()).toBeGreaterThan(0)
  await page.getByRole('button', { name: /dense input 'input' is not connected/ }).waitFor()
  await shot(page, '03-dropped')
})

test('connecting by dragging handles infers the shape; a connection that cannot be valid is refused', async () => {
  const edges = await edgeCount()
  // The flatten block's input is taken: the connection is refused while dragging.
  await dragHandle(page.getByLabel('dense output'), page.getByLabel('flatten input input'))
  expect(await edgeCount()).toBe(edges)
  await dragHandle(page.getByLabel('enc_dense_100 output'), page.getByLabel('dense input input'))
  await expect.poll(edgeCount).toBe(edges + 1)
  expect(await node('dense').textContent()).toContain('(None, 64)')
  await shot(page, '04-connected')

  await page.keyboard.press('Control+z')
  await expect.poll(edgeCount).toBe(edges)
  await page.keyboard.press('Control+Shift+z')
  await expect.poll(edgeCount).toBe(edges + 1)
})

test('the inspector edits the selected block and the shapes follow', async () => {
  await node('dense').click()
  const units = page.getByRole('textbox', { name: 'Units' })
  await units.fill('32')
  await expect.poll(() => node('dense').textContent()).toContain('(None, 32)')
  await units.fill('-1')
  expect(await page.locator('.inspector .field-error').textContent()).toBe(
    'expected positive integer',
  )
  expect(await node('dense').textContent()).toContain('(None, 32)')
  await shot(page, '05-inspector')
})

test('copy, paste, duplicate and delete keep ids unique and undo as single steps', async () => {
  await node('dense').click()
  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  await node('dense_2').waitFor()
  await page.keyboard.press('Control+d')
  await node('dense_3').waitFor()
  await page.keyboard.press('Delete')
  await expect.poll(() => node('dense_3').count()).toBe(0)
  await page.keyboard.press('Control+z')
  await node('dense_3').waitFor()
  await shot(page, '06-paste')
})

test('a group collapses to one node and expands again', async () => {
  await page.getByRole('button', { name: 'Collapse Decoder' }).click()
  await expect.poll(() => node('dec_dense_100').isVisible()).toBe(false)
  expect(await page.getByTestId('group-decoder').textContent()).toContain('134,634 params')
  await shot(page, '07-collapsed')
  await page.getByRole('button', { name: 'Expand Decoder' }).click()
  await node('dec_dense_100').waitFor()
})

test('clicking a problem selects its block', async () => {
  await node('flatten').click()
  await expect.poll(() => page.locator('.inspector h3').textContent()).toContain('flatten')
  await page.getByRole('button', { name: /^dense_2 input/ }).click()
  await expect.poll(() => page.locator('.inspector h3').textContent()).toContain('dense_2')
})

test('auto-layout moves blocks apart as one undoable step', async () => {
  // The node's place in flow coordinates (its transform), whatever the viewport does.
  const placeOf = () =>
    page.locator('.react-flow__node[data-id="dense_2"]').evaluate((el) => el.style.transform)
  const before = await placeOf()
  await page.getByRole('button', { name: 'Auto-layout' }).click()
  await expect.poll(placeOf).not.toBe(before)
  await page.keyboard.press('f')
  await page.waitForTimeout(400) // the fit-view animation
  await shot(page, '08-layout')
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect.poll(placeOf).toBe(before)
})

test('a malformed document shows a readable error and leaves the current one untouched', async () => {
  page.once('dialog', (d) => void d.accept())
  const bad = JSON.stringify({
    format: 'latent-studio.graph',
    version: 1,
    nodes: [{ id: 'a', kind: 'dense', params: { units: -3 } }],
  })
  await page.evaluate((text) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], 'broken.json', { type: 'application/json' }))
    document
      .querySelector('.app')
      ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  }, bad)
  const status = page.getByRole('status')
  await expect.poll(() => status.textContent()).toContain('broken.json is not a valid')
  expect(await status.textContent()).toContain('nodes[0].params.units: expected positive integer')
  expect(await node('codings').count()).toBe(1)
  await shot(page, '09-malformed')
})

test('a GAN built from an empty canvas is ready to train with the chapter’s counts', async () => {
  page.once('dialog', (d) => void d.accept()) // discard the edited VAE
  await page.getByRole('button', { name: 'New', exact: true }).click()
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0)
  const pane = page.locator('.react-flow__pane')
  await page
    .getByRole('button', { name: 'Add Generator' })
    .dragTo(pane, { targetPosition: { x: 120, y: 60 } })
  await page.getByTestId('group-generator').waitFor()
  await page
    .getByRole('button', { name: 'Add Discriminator' })
    .dragTo(pane, { targetPosition: { x: 420, y: 60 } })
  await page.getByTestId('group-discriminator').waitFor()
  await page.keyboard.press('Escape')
  await page.getByRole('combobox', { name: 'Recipe' }).selectOption('gan')
  await expect.poll(problems).toBe(0)
  expect(await page.getByTestId('total-generator').textContent()).toBe('136,634')
  expect(await page.getByTestId('total-discriminator').textContent()).toBe('132,951')
  await page.keyboard.press('f')
  await page.waitForTimeout(400)
  await shot(page, '10-gan-from-scratch')
  // … and it trains: a few steps on 96 examples, with the fixed-noise grid over time.
  await page.getByRole('button', { name: 'Show run details' }).click()
  await page.getByRole('textbox', { name: 'Epochs this run' }).fill('2')
  await page.getByRole('textbox', { name: 'Examples (limit)' }).fill('96')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 })
    .toBe('done')
  expect(await page.locator('.run-progress').textContent()).toContain('epoch 2/2')
  // The two losses on one chart, D(real) and D(fake) on another: each readable on its own scale.
  expect(
    await page
      .getByRole('img', { name: /^Discriminator and generator losses: dLoss, gLoss/ })
      .textContent(),
  ).toContain('gLoss')
  expect(
    await page.getByRole('img', { name: /^D\(real\) and D\(fake\).*: dReal, dFake/ }).count(),
  ).toBe(1)
  const grid = page.getByRole('img', { name: /^Generator on fixed noise after epoch 2/ })
  expect(await imageSpread(grid)).toBeGreaterThan(50)
  expect(await page.locator('[data-preview="gan-fixed-noise"] figcaption').textContent()).toMatch(
    /diversity [\d.]+: the samples differ from one another \d+% as much as real images do/,
  )
  await shot(page, '10b-gan-trained')
  await page.getByRole('button', { name: 'Hide run details' }).click()
}, 120_000)

test('Compare overlays two runs’ curves on the same axes and marks the settings that differ', async () => {
  await page.getByRole('button', { name: 'Run history' }).click()
  const history = page.getByRole('dialog', { name: 'Run history' })
  await history.waitFor()
  // The newest run (the GAN) opens; the two VAE runs (2 epochs, then 20 stopped) are chosen instead.
  const boxes = history.getByRole('checkbox', { name: /^Compare run / })
  await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3)
  await boxes.nth(0).uncheck()
  await boxes.nth(1).check()
  await boxes.nth(2).check()
  const overlay = history.getByRole('region', { name: 'Compared runs’ curves' })
  await overlay.waitFor()
  const loss = overlay.getByRole('img', {
    name: /^Loss: val_loss: 1\. .*val_loss, 2\. .*val_loss by epoch$/,
  })
  // The curves draw after the region appears (the runs' points load): wait for them, as a loaded
  // machine may take a moment.
  await expect.poll(() => loss.count()).toBe(1)
  await expect
    .poll(() => history.locator('.run-config .differs dt').allTextContents())
    .toContain('epochs')
  await shot(page, '12-compare')
  // A run's curves download as CSV, a row per point.
  const download = page.waitForEvent('download')
  await history.getByRole('button', { name: 'Curves as CSV' }).first().click()
  const csv = readFileSync(await (await download).path(), 'utf8')
  expect(csv.split('\n')[0]).toMatch(/^phase,point,epoch,.*val_loss/)
  // The list filters by document or recipe.
  const filter = history.getByRole('searchbox', { name: 'Filter runs by document or recipe' })
  await filter.fill('gan')
  expect(await history.locator('.history-table tbody tr').count()).toBe(1)
  await filter.fill('')
  await page.keyboard.press('Escape')
  await expect.poll(() => history.count()).toBe(0)
})

test('Save writes a document that parses and reopens as the same graph', async () => {
  const download = page.waitForEvent('download')
  await page.keyboard.press('Control+s')
  const file = await download
  expect(file.suggestedFilename()).toBe('untitled.lsgraph')
  savedPath = join(ARTIFACTS, file.suggestedFilename())
  await file.saveAs(savedPath)
  const saved = parseDocumentText(readFileSync(savedPath, 'utf8'))
  if (!saved.ok) throw new Error(JSON.stringify(saved.error))
  expect(saved.value.training.recipe).toBe('gan')
  expect(saved.value.groups.map((g) => g.role).sort()).toEqual(['discriminator', 'generator'])
  expect(saved.value.nodes).toHaveLength(10)
  await expect
    .poll(() => page.getByLabel('Document title').textContent())
    .toBe('Untitled — untitled.lsgraph')
  // It is in the recent list.
  expect(await page.getByRole('combobox', { name: 'Open recent' }).textContent()).toContain(
    'untitled.lsgraph',
  )
})

test('after a reload, opening the saved file gives the same graph', async () => {
  const saved = parseDocumentText(readFileSync(savedPath, 'utf8'))
  if (!saved.ok) throw new Error('saved file does not parse')
  await page.reload()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Open file…' }).click()
  await (await chooser).setFiles(savedPath)
  await page.getByTestId('group-discriminator').waitFor()
  expect(await page.getByLabel('Document title').textContent()).toBe('Untitled — untitled.lsgraph')
  expect(await problems()).toBe(0)
  for (const n of saved.value.nodes) {
    const place = await page
      .locator(`.react-flow__node[data-id="${n.id}"]`)
      .evaluate((el) => el.style.transform)
    expect(place).toMatch(/^translate\(/)
  }
  expect(await page.locator('.react-flow__node').count()).toBe(
    saved.value.nodes.length + saved.value.groups.length,
  )
  expect(await page.locator('.react-flow__edge').count()).toBe(saved.value.edges.length)
  expect(await page.getByTestId('total-generator').textContent()).toBe('136,634')
})

test('the editor follows a dark system theme', async () => {
  await page.emulateMedia({ colorScheme: 'dark' })
  const bg = await page.locator('.palette').evaluate((el) => getComputedStyle(el).backgroundColor)
  const [r = 255, g = 255, b = 255] = (bg.match(/\d+/g) ?? []).map(Number)
  expect(r + g + b).toBeLessThan(200)
  // React Flow takes the scheme on React's next render: wait for it rather than race it.
  await page.locator('.react-flow.dark').waitFor({ timeout: 5000 })
  expect(await page.locator('.react-flow').getAttribute('class')).toContain('dark')
  await shot(page, '12-dark')
  await page.emulateMedia({ colorScheme: 'light' })
})

test('unsaved work survives a reload through the recovery copy', async () => {
  await page.getByRole('button', { name: 'Add Dropout' }).focus()
  await page.keyboard.press('Enter')
  await node('dropout').waitFor()
  expect(await page.getByLabel('Document title').textContent()).toBe(
    'Untitled — untitled.lsgraph •',
  )
  await page.waitForTimeout(2000) // the autosave delay
  page.once('dialog', (d) => void d.accept()) // leave the page despite unsaved changes
  await page.reload()
  await page.getByRole('button', { name: 'Restore' }).click()
  await node('dropout').waitFor()
  expect(await node('gen_hidden1').count()).toBe(1)
  expect(await page.getByLabel('Document title').textContent()).toBe(
    'Untitled — untitled.lsgraph •',
  )
  await shot(page, '11-recovered')
})

test('desktop shell: a document the desktop asks to open opens; Edit menu items chosen while typing edit the field, not the graph', async () => {
  // The preload's bridge, faked: one document waiting (double-clicked in the file manager), menu
  // commands sent as the native menus send them, shell calls recorded.
  const vae = readFileSync(join(import.meta.dirname, '../../templates/vae.json'), 'utf8')
  const shell = `
    window.shellCalls = []
    let waiting = [${JSON.stringify(vae)}]
    const menu = []
    window.sendMenuCommand = (c) => { for (const l of menu) l(c) }
    window.latentStudioShell = {
      platform: 'linux',
      onMenuCommand: (l) => {
        menu.push(l)
        return () => menu.splice(menu.indexOf(l), 1)
      },
      onDocumentsWaiting: () => () => {},
      call: async (name, request) => {
        window.shellCalls.push([name, request])
        if (name !== 'documents:pending') return { ok: true }
        const text = waiting.shift()
        return text === undefined
          ? { ok: false, cancelled: true }
          : { ok: true, path: '/home/ada/vae.lsgraph', name: 'vae.lsgraph', text }
      },
    }`
  const desktop = await openApp(h, shell)
  const p = desktop.page
  await p.getByTestId('node-codings').waitFor()
  expect(await p.getByLabel('Document title').textContent()).toContain('vae.lsgraph')
  const calls = () => p.evaluate(() => (window as unknown as { shellCalls: unknown[] }).shellCalls)
  const send = (c: string) =>
    p.evaluate((command) => {
      ;(window as unknown as { sendMenuCommand: (c: string) => void }).sendMenuCommand(command)
    }, c)
  // Edit > Select all while typing in the block search: the field's, not the graph's.
  await p.getByRole('searchbox').first().focus()
  await send('selectAll')
  expect(await calls()).toContainEqual(['edit:text', { action: 'selectAll' }])
  expect(await p.locator('.react-flow__node.selected').count()).toBe(0)
  // The same item with the canvas focused selects the graph.
  await p.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } })
  await send('selectAll')
  await expect.poll(() => p.locator('.react-flow__node.selected').count()).toBeGreaterThan(5)
  expect((await calls()).filter((c) => (c as string[])[0] === 'edit:text')).toHaveLength(1)
  expect(desktop.errors).toEqual([])
  await p.context().close()
})

test('no errors reached the console', () => {
  expect(errors).toEqual([])
})
