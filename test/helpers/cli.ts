import { runCli } from '../../main/cli'

/** Runs the CLI in this process; each line it writes ends with a newline in `out` or `err`. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) })
  return { code, out, err }
}

/** The JSON objects a `--json` command wrote, one per line. */
export function jsonLines<T>(out: string): T[] {
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T)
}
