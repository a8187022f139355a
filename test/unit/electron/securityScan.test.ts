// The Electron security scan that `npm test` runs finds what it should on an insecure window. (That
// the app's own shell has no high or critical finding is `npm test`'s security step itself:
// scripts/security.ts fails the suite on one.)
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { electronFindings, FAILING } from '../../../scripts/securityChecks'

test('an insecure window gets high findings', () => {
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
}, 120_000)
