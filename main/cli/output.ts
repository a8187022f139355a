/** Exit codes every command uses. */
export const EXIT = {
  ok: 0,
  /** The document was read but the graph is invalid. */
  invalid: 1,
  /** The file could not be read or parsed, or the command line was wrong. */
  unreadable: 2,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** Where commands write; tests capture it. */
export interface Output {
  out(text: string): void
  err(text: string): void
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

/** Prints `value` as JSON with --json, else the human text. */
export function emit(io: Output, json: boolean, value: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : human())
}

/** Formats 134870 as 134,870. */
export const num = (n: number): string => n.toLocaleString('en-US')
