import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The renderer's build: `renderer/` to `dist/renderer/`, loadable from a file:// URL (Electron). */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
})
