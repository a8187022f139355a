// The Electron security scan that `npm test` runs: it finds what it should on an insecure window,
// and nothing high or critical in the app's shell.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { electronFindings, FAILING } from '../../../scripts/securityChecks'

test('an insecure window gets high findings; the app’s shell gets none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-insecure-'))
  writeFileSync(
    join(dir, 'main.js'),
    `const { BrowserWindow } = require('electron')
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } })
`,
  )
  const insecure = electronFindings(dir) ?? []
  const high = insecure.filter((f) => FAILING.has(f.severity)).map((f) => f.check)
  expect(high).toEqual(
    expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
  )
  const shell = electronFindings(join(import.meta.dirname, '..', '..', '..', 'electron'))
  expect(shell).not.toBeNull()
  // It did read the shell: the window's preload is reviewed (medium), and nothing is high.
  expect(shell?.map((f) => f.check)).toContain('PRELOAD_JS_CHECK')
  expect(shell?.filter((f) => FAILING.has(f.severity))).toEqual([])
}, 120_000)
