// Worker-thread entry of a training replica: in a checkout the replica is TypeScript, so tsx's
// loader is registered first (worker threads do not inherit it); bundles point at plain .mjs.
import { workerData } from 'node:worker_threads'

if (String(workerData.entry).endsWith('.ts')) (await import('tsx/esm/api')).register()
await import(workerData.entry)
