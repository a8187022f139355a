// Security checks run by `npm test` (and so by CI), through scripts/security.ts:
// - Electron: @doyensec/electronegativity over the shell's sources; any HIGH or CRITICAL finding fails.
// - npm audit of the production dependencies; a high or critical advisory fails. Where the
//   registry's advisory endpoint cannot be reached (machines that only reach the registry's
//   package files), that is said loudly and the audit counts as not done, not as passed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
export const FAILING = new Set(['HIGH', 'CRITICAL'])

export interface Finding {
  readonly check: string
  readonly severity: string
  readonly file: string
  readonly location: string
}

/** The CSV electronegativity writes: quoted fields, one finding per line after the header. */
export function parseFindings(csv: string): Finding[] {
  return csv
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
      return {
        check: cells[0] ?? '',
        severity: cells[1] ?? '',
        file: cells[3] ?? '',
        location: cells[4] ?? '',
      }
    })
}

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>
  }
  return (pkg.devDependencies['electron'] ?? '').replace(/^[^0-9]*/, '')
}

/** The scanner lives in its own package (tools/electronegativity), installed on first use. */
function scannerBin(): string {
  const dir = join(ROOT, 'tools', 'electronegativity')
  const bin = join(dir, 'node_modules', '.bin', 'electronegativity')
  if (!existsSync(bin)) {
    console.log('installing @doyensec/electronegativity in tools/electronegativity…')
    spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: 'inherit' })
  }
  return bin
}

/** Runs electronegativity over `dir`; null (and why, on stderr) when it did not run. */
export function electronFindings(dir: string): Finding[] | null {
  const out = join(mkdtempSync(join(tmpdir(), 'ls-egn-')), 'findings.csv')
  const run = spawnSync(scannerBin(), ['-i', dir, '-r', '-e', electronVersion(), '-o', out], {
    encoding: 'utf8',
  })
  try {
    return parseFindings(readFileSync(out, 'utf8'))
  } catch {
    console.error(`electronegativity did not run (status ${String(run.status)}):\n${run.stderr}`)
    return null
  }
}

export function scanElectron(dir = join(ROOT, 'electron')): boolean {
  const findings = electronFindings(dir)
  if (!findings) return false
  const bySeverity = new Map<string, number>()
  for (const f of findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1)
  const failing = findings.filter((f) => FAILING.has(f.severity))
  const counts = [...bySeverity].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ') || 'none'
  console.log(`electronegativity (Electron ${electronVersion()}): findings ${counts}`)
  for (const f of failing) console.error(`  ${f.severity} ${f.check} at ${f.file}:${f.location}`)
  // A scan that read nothing finds nothing: the shell's window always has its preload reviewed.
  const read = findings.some((f) => f.check === 'PRELOAD_JS_CHECK')
  if (!read) console.error(`electronegativity read no BrowserWindow in ${dir}`)
  return failing.length === 0 && read
}

interface AuditJson {
  readonly metadata?: { readonly vulnerabilities?: Record<string, number> }
  /** How npm reports an advisory endpoint it could not use. */
  readonly message?: string
  readonly statusCode?: number
  readonly code?: string
}

export function auditProduction(): boolean {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8' })
  let report: AuditJson
  try {
    report = JSON.parse(run.stdout) as AuditJson
  } catch {
    console.error(`npm audit gave no report:\n${run.stderr}`)
    return false
  }
  const v = report.metadata?.vulnerabilities
  if (v) {
    console.log(
      `npm audit (production dependencies): ${Object.entries(v)
        .map(([k, n]) => `${String(n)} ${k}`)
        .join(', ')}`,
    )
    return (v['high'] ?? 0) + (v['critical'] ?? 0) === 0
  }
  if (report.statusCode !== undefined || report.code !== undefined) {
    console.warn(
      `npm audit: NOT CHECKED here: the registry's advisory endpoint refused or could not be reached (${report.message ?? report.code ?? ''}). Run \`npm audit --omit=dev\` on a machine that reaches it.`,
    )
    return true
  }
  console.error(`npm audit: an answer this script does not know: ${run.stdout.slice(0, 500)}`)
  return false
}
