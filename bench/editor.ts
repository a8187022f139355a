// Measures the editor with a 300-node graph in headless Chromium: load time, frame intervals while
// dragging a block, and the time from an inspector edit to the re-inferred shape on the canvas.
// Usage: npx tsx bench/editor.ts [--json]
import type { Page } from 'playwright-core'
import { parseDocument } from '../common/graph/parse'
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../common/graph/schema'
import { openApp, startHarness, type Harness } from '../test/e2e/harness'

const GROUPS = 10
const PER_GROUP = 30

/** 300 blocks: an Input, then Dense layers in ten groups of thirty, one chain through all. */
function bigGraph(): GraphDoc {
  const nodes: Record<string, unknown>[] = [
    { id: 'x', kind: 'input', params: { shape: [784] }, position: { x: 0, y: -100 } },
  ]
  const edges: Record<string, unknown>[] = []
  let prev = 'x'
  for (let g = 0; g < GROUPS; g++)
    for (let i = 0; i < PER_GROUP; i++) {
      if (g === 0 && i === 0) continue
      const id = `d${g}_${i}`
      nodes.push({
        id,
        kind: 'dense',
        params: { units: 32 + i },
        group: `g${g}`,
        position: { x: g * 260 + (i % 2) * 20, y: i * 90 },
      })
      edges.push({ source: prev, target: id })
      prev = id
    }
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: `g${g}`,
    name: `Block ${g}`,
    role: 'model',
  }))
  const doc = parseDocument({ format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, edges, groups })
  if (!doc.ok) throw new Error(JSON.stringify(doc.error))
  return doc.value
}

async function drop(page: Page, doc: GraphDoc): Promise<number> {
  return page.evaluate(async (text) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], 'big.json', { type: 'application/json' }))
    const t0 = performance.now()
    document
      .querySelector('.app')
      ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    while (document.querySelectorAll('.react-flow__node').length < 310)
      await new Promise((r) => requestAnimationFrame(r))
    await new Promise((r) => requestAnimationFrame(r))
    return performance.now() - t0
  }, JSON.stringify(doc))
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

async function dragFrames(page: Page): Promise<number[]> {
  // A string, not a function: tsx would wrap a named function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.frames_ = []
    window.stop_ = false
    let last = performance.now()
    const tick = (t) => {
      window.frames_.push(t - last)
      last = t
      if (!window.stop_) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const box = await page.getByTestId('node-d5_10').boundingBox()
  if (!box) throw new Error('node not visible')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 60; i++)
    await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2)
  await page.mouse.up()
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stop_: boolean }
    w.stop_ = true
    return w.frames_.slice(1)
  })
}

async function editLatency(page: Page): Promise<number[]> {
  await page.getByTestId('node-d0_1').click()
  const field = page.getByRole('textbox', { name: 'Units' })
  const times: number[] = []
  for (let i = 0; i < 10; i++) {
    const units = 40 + i
    times.push(
      await field.evaluate(async (el, v) => {
        const input = el as HTMLInputElement
        const t0 = performance.now()
        // React tracks the value property: set it through the prototype, as typing does.
        Reflect.set(HTMLInputElement.prototype, 'value', String(v), input)
        input.dispatchEvent(new Event('input', { bubbles: true }))
        const node = document.querySelector('[data-testid="node-d0_1"]')
        while (!node?.textContent.includes(`[null,${v}]`))
          await new Promise((r) => requestAnimationFrame(r))
        return performance.now() - t0
      }, units),
    )
  }
  return times
}

export interface EditorFigures {
  readonly nodes: number
  readonly edges: number
  readonly loadMs: number
  readonly drag: {
    readonly frames: number
    readonly medianFrameMs: number
    readonly p95FrameMs: number
    readonly framesOver50ms: number
  }
  readonly edit: { readonly medianMs: number; readonly maxMs: number }
  readonly errors: readonly string[]
}

/** One measurement in a fresh page: load the 300-node graph, drag a block, edit a field. */
async function measureOnce(h: Harness): Promise<EditorFigures> {
  const { page, errors } = await openApp(h)
  try {
    await page.getByRole('button', { name: 'Empty canvas' }).click()
    const doc = bigGraph()
    const loadMs = await drop(page, doc)
    await page.waitForTimeout(500)
    const frames = await dragFrames(page)
    const edits = await editLatency(page)
    return {
      nodes: doc.nodes.length,
      edges: doc.edges.length,
      loadMs: Math.round(loadMs),
      drag: {
        frames: frames.length,
        medianFrameMs: +pct(frames, 50).toFixed(1),
        p95FrameMs: +pct(frames, 95).toFixed(1),
        framesOver50ms: frames.filter((f) => f > 50).length,
      },
      edit: { medianMs: +pct(edits, 50).toFixed(1), maxMs: +Math.max(...edits).toFixed(1) },
      errors,
    }
  } finally {
    await page.context().close()
  }
}

/** `repeats` measurements, each in a fresh page of one build and one browser. */
export async function measureEditor(repeats: number): Promise<EditorFigures[]> {
  const h = await startHarness()
  try {
    const out: EditorFigures[] = []
    for (let i = 0; i < repeats; i++) out.push(await measureOnce(h))
    return out
  } finally {
    await h.close()
  }
}

if (process.argv[1] === import.meta.filename) {
  const [result] = await measureEditor(1)
  if (!result) throw new Error('no measurement')
  if (process.argv.includes('--json')) console.log(JSON.stringify(result))
  else {
    console.log(
      `${result.nodes} nodes, ${result.edges} edges (headless Chromium, software rendering)`,
    )
    console.log(`load to first full render: ${result.loadMs} ms`)
    console.log(
      `drag: ${result.drag.frames} frames, median ${result.drag.medianFrameMs} ms, p95 ${result.drag.p95FrameMs} ms, ${result.drag.framesOver50ms} over 50 ms`,
    )
    console.log(
      `inspector edit to re-inferred shape on canvas: median ${result.edit.medianMs} ms, max ${result.edit.maxMs} ms`,
    )
    if (result.errors.length) console.log(`page errors: ${result.errors.join('; ')}`)
  }
}
