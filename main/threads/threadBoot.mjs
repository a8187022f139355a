// Worker-thread entry of the engine's threads (training replicas, the training thread): in a
// checkout the entry is TypeScript, so tsx's loader is registered first (worker threads do not
// inherit it); bundles point at plain .mjs. The entry is an absolute path, imported as a file URL:
// a Windows path (C:\…) is no valid ESM specifier.
import { pathToFileURL } from 'node:url'
import { workerData } from 'node:worker_threads'

if (String(workerData.entry).endsWith('.ts')) (await import('tsx/esm/api')).register()
await import(pathToFileURL(workerData.entry).href)
