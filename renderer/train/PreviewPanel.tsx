import { useId, useState } from 'react'
import { ModalDialog } from '../ModalDialog'
import { PointHover } from './PointHover'
import type { Preview } from '../store/runStore'
import './PreviewPanel.css'

/** What each preview is, as its title. */
const TITLES: Readonly<Record<string, string>> = {
  reconstructions: 'Reconstructions',
  denoised: 'Denoising',
  samples: 'Samples',
  'latent-map': 'Latent map',
  'latent-axes': 'Latent axes (semantic interpolation)',
  codings: '2-D codings',
  'gan-fixed-noise': 'Generator on fixed noise',
  'one-step-denoising': 'One-step denoising',
  denoising: 'Reverse process (denoising trajectory)',
  hashes: 'Hashes',
}

/** The line that says what a figure means, where it appears. */
function statNote(key: string, value: number): string | null {
  switch (key) {
    case 'diversity':
      return `diversity ${value.toFixed(2)}: the samples differ from one another ${Math.round(value * 100)}% as much as real images do`
    case 'modeCollapse':
      return value > 0
        ? '⚠ mode collapse: the generator draws nearly the same image whatever the noise (diversity under 0.3)'
        : null
    case 'distinctHashes':
      return `${String(value)} distinct hashes among the validation images`
    case 'largestBucket':
      return `the most common hash is shared by ${String(value)} images`
    default:
      return `${key} ${Number(value.toPrecision(4)).toString()}`
  }
}

export const previewTitle = (name: string) => TITLES[name] ?? name

/** When a frame was made: the epoch, the batch within it, and whether training was paused or stopped. */
function when(p: Preview): string {
  const at = p.batch
    ? `epoch ${String(p.epoch)}, batch ${String(p.batch.done)}/${String(p.batch.of)}`
    : `epoch ${String(p.epoch)}`
  if (p.moment === 'paused') return `${at} · paused: the weights as they are now`
  if (p.moment === 'stopped') return `${at} · stopped: the kept weights`
  return p.batch ? at : `end of epoch ${String(p.epoch)}`
}

/**
 * A preview grid at a whole-number scale (pixels stay crisp), with its rows and columns labelled
 * where the engine said what they are.
 */
function LabelledGrid({
  frame,
  scale,
  alt,
  pointSize,
}: {
  frame: Preview
  scale: number
  alt: string
  /** How large a hovered point's image is shown (a plot with points). */
  pointSize: number
}) {
  const width = Math.round(frame.width * scale)
  const height = Math.round(frame.height * scale)
  const rows = frame.labels?.rows ?? []
  const columns = frame.labels?.columns ?? []
  const grid = frame.grid ?? { rows: 1, columns: 1 }
  // Shrunk below its pixels, a grid is smoothed; at whole-number scales each pixel stays a square.
  const image = (
    <img
      src={frame.src}
      alt={alt}
      width={width}
      height={height}
      className={scale < 1 ? 'shrunk' : undefined}
    />
  )
  return (
    <div
      className="labelled-grid"
      style={{ gridTemplateColumns: `${rows.length ? 'auto ' : ''}${String(width)}px` }}
    >
      {columns.length > 0 && (
        <>
          {rows.length > 0 && <span />}
          <div
            className="grid-columns"
            style={{ gridTemplateColumns: `repeat(${String(grid.columns)}, 1fr)` }}
          >
            {columns.map((c, i) => (
              <span key={i} title={c}>
                {c}
              </span>
            ))}
          </div>
        </>
      )}
      {rows.length > 0 && (
        <div
          className="grid-rows"
          style={{ gridTemplateRows: `repeat(${String(grid.rows)}, 1fr)`, height }}
        >
          {rows.map((r, i) => (
            <span key={i} title={r}>
              {r}
            </span>
          ))}
        </div>
      )}
      {frame.points ? (
        <PointHover points={frame.points} width={width} height={height} shown={pointSize}>
          {image}
        </PointHover>
      ) : (
        image
      )}
    </div>
  )
}

/**
 * The scale that fits a frame in `height` × `width` pixels: a whole number where it fits at 1 or
 * more (pixels stay crisp), else the fraction that shrinks it to fit (click to see it large).
 */
const scaleFor = (frame: Preview, height: number, width = Infinity) => {
  const s = Math.min(height / Math.max(1, frame.height), width / Math.max(1, frame.width))
  return s >= 1 ? Math.floor(s) : s
}

/**
 * One preview over time: the latest frame, or any earlier one with the scrubber, labelled, with its
 * figures explained, at the largest whole-number scale that fits `fit`; a click opens it large.
 */
export function PreviewFrames({
  name,
  frames,
  fit,
}: {
  name: string
  frames: readonly Preview[]
  fit: { readonly width: number; readonly height: number }
}) {
  // null follows the latest frame; a number pins the scrubber to that frame.
  const [pinned, setPinned] = useState<number | null>(null)
  const [large, setLarge] = useState(false)
  const titleId = useId()
  const index = pinned === null ? frames.length - 1 : Math.min(pinned, frames.length - 1)
  const p = frames[index]
  if (!p) return null
  const title = previewTitle(name)
  const notes = Object.entries(p.stats ?? {}).flatMap(([k, v]) => {
    const note = statNote(k, v)
    return note === null ? [] : [note]
  })
  const scrubber = frames.length > 1 && (
    <input
      type="range"
      className="scrubber"
      aria-label={`${title} over time`}
      min={0}
      max={frames.length - 1}
      value={index}
      onChange={(e) => {
        const v = Number(e.target.value)
        setPinned(v === frames.length - 1 ? null : v)
      }}
    />
  )
  const caption = (
    <>
      <span data-testid={`preview-when-${name}`}>
        <strong>{title}</strong> · {when(p)}
      </span>
      {p.labels?.caption && <span className="preview-caption">{p.labels.caption}</span>}
      {p.labels?.legend && (
        <ul className="preview-legend" aria-label={`${title} legend`}>
          {p.labels.legend.map((l) => (
            <li key={l.label}>
              <span className="legend-swatch" style={{ background: l.colour }} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      {notes.map((n) => (
        <span key={n} className={n.startsWith('⚠') ? 'preview-warning' : 'preview-note'}>
          {n}
        </span>
      ))}
    </>
  )
  return (
    <figure className="preview" data-preview={name}>
      <button
        type="button"
        className="preview-open"
        aria-label={`Enlarge ${title}`}
        title="Click to enlarge"
        onClick={() => {
          setLarge(true)
        }}
      >
        <LabelledGrid
          frame={p}
          scale={scaleFor(p, fit.height, fit.width)}
          alt={`${title} after epoch ${p.epoch}`}
          pointSize={56}
        />
      </button>
      <figcaption>{caption}</figcaption>
      {scrubber}
      {large && (
        <ModalDialog
          className="preview-dialog"
          labelledBy={titleId}
          onCancel={() => {
            setLarge(false)
          }}
        >
          <header>
            <h2 id={titleId}>
              {title} · {when(p)}
            </h2>
            <button
              type="button"
              aria-label="Close"
              onClick={() => {
                setLarge(false)
              }}
            >
              ✕
            </button>
          </header>
          <LabelledGrid
            frame={p}
            scale={scaleFor(p, window.innerHeight - 240, window.innerWidth - 200)}
            alt={`${title} after epoch ${p.epoch}, enlarged`}
            pointSize={112}
          />
          <p className="preview-dialog-caption">{caption}</p>
          {scrubber}
        </ModalDialog>
      )}
    </figure>
  )
}
