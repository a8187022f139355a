import { useRef, useState } from 'react'
import { callEngine } from '../engine'
import { useRunHistory, type RunDetails } from '../store/historyStore'
import { pngUrl } from '../store/runStore'
import './LatentExplorer.css'

/**
 * A trained autoencoder's latent space: hover the VAE's latent map (a point or a blank spot) to
 * decode the codings under the pointer, interpolate between two test images, sweep each latent
 * axis, or embed the codings with t-SNE.
 */
export function LatentExplorer({ details }: { details: RunDetails }) {
  const runId = details.record.id
  const map = details.previews.find((p) => p.name === 'latent-map')
  const [decoded, setDecoded] = useState<string | null>(null)
  const [strip, setStrip] = useState<string | null>(null)
  const [sweep, setSweep] = useState<string | null>(null)
  const [tsne, setTsne] = useState<string | null>(null)
  const [tsneBusy, setTsneBusy] = useState(false)
  const [from, setFrom] = useState('0')
  const [to, setTo] = useState('1')
  const [error, setError] = useState<string | null>(null)
  // One decode in flight; the latest pointer position waits for it (hovering sends many).
  const busy = useRef(false)
  const wanted = useRef<{ x: number; y: number } | null>(null)
  const decode = async () => {
    if (busy.current || !wanted.current) return
    busy.current = true
    const point = wanted.current
    wanted.current = null
    const r = await callEngine('runs:decode', { runId, ...point })
    busy.current = false
    if (r.ok) {
      setDecoded((old) => {
        if (old) URL.revokeObjectURL(old)
        return pngUrl(r.png)
      })
    } else setError(r.error)
    void decode()
  }
  return (
    <section className="latent-explorer" aria-label="Latent space explorer">
      <h3>
        Latent space of {runId}
        <button
          type="button"
          aria-label="Close explorer"
          onClick={() => {
            useRunHistory.setState({ exploring: null })
          }}
        >
          ✕
        </button>
      </h3>
      <div className="explorer-row">
        {map ? (
          <img
            className="latent-map"
            src={map.src}
            alt="Latent map: hover to decode"
            onMouseMove={(e) => {
              const r = e.currentTarget.getBoundingClientRect()
              wanted.current = {
                x: Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)),
                y: Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)),
              }
              void decode()
            }}
          />
        ) : (
          <p className="muted">This run has no latent map (autoencoders and VAEs draw one).</p>
        )}
        {decoded && (
          <img className="decoded" src={decoded} alt="Decoded from the point under the pointer" />
        )}
      </div>
      <form
        className="interpolate"
        onSubmit={(e) => {
          e.preventDefault()
          void callEngine('runs:interpolate', {
            runId,
            from: Number(from),
            to: Number(to),
            steps: 8,
          }).then((r) => {
            if (r.ok) setStrip(pngUrl(r.png))
            else setError(r.error)
          })
        }}
      >
        <label>
          From test image
          <input
            type="number"
            min={0}
            value={from}
            onChange={(e) => {
              setFrom(e.target.value)
            }}
          />
        </label>
        <label>
          to
          <input
            type="number"
            min={0}
            value={to}
            onChange={(e) => {
              setTo(e.target.value)
            }}
          />
        </label>
        <button type="submit">Interpolate</button>
        <button
          type="button"
          title="Decode codings that are all 0 but one axis, swept from −0.8 to 0.8: a row per axis"
          onClick={() => {
            void callEngine('runs:sweep', { runId }).then((r) => {
              if (r.ok) setSweep(pngUrl(r.png))
              else setError(r.error)
            })
          }}
        >
          Sweep each axis
        </button>
        <button
          type="button"
          disabled={tsneBusy}
          title="Embed the codings of 500 test images in 2-D with t-SNE, as the chapter does (a few seconds)"
          onClick={() => {
            setTsneBusy(true)
            void callEngine('runs:tsne', { runId }).then((r) => {
              setTsneBusy(false)
              if (r.ok) setTsne(pngUrl(r.png))
              else setError(r.error)
            })
          }}
        >
          {tsneBusy ? 'Computing t-SNE…' : 't-SNE map'}
        </button>
      </form>
      {strip && <img className="strip" src={strip} alt="Interpolation between the two images" />}
      {sweep && (
        <figure className="sweep">
          <img src={sweep} alt="Semantic interpolation: a row per latent axis" />
          <figcaption>Each row: one latent axis from −0.8 to 0.8, the others at 0.</figcaption>
        </figure>
      )}
      {tsne && (
        <figure className="tsne">
          <img src={tsne} alt="t-SNE map of the codings of 500 test images" />
          <figcaption>
            t-SNE of the codings of 500 test images, one colour per class. Unlike the PCA map above,
            distances between clusters mean little.
          </figcaption>
        </figure>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
