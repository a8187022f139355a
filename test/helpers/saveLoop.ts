// A process that saves over and over until it is killed: the fault suite kills it mid-save.
// Usage: node --import tsx saveLoop.ts document|checkpoint PATH
import { writeAtomic } from '../../main/documents/documents'
import { writeSnapshot } from '../../main/runs/checkpoint'

/** Two versions to alternate between, told apart by their first value. */
export function versions(
  kind: 'document' | 'checkpoint',
): [string | Float32Array, string | Float32Array] {
  if (kind === 'document')
    return [
      JSON.stringify({ v: 'A', pad: 'a'.repeat(4 * 2 ** 20) }),
      JSON.stringify({ v: 'B', pad: 'b'.repeat(3 * 2 ** 20) }),
    ]
  return [new Float32Array(2 ** 20).fill(1), new Float32Array(2 ** 20).fill(2)]
}

const [kind, path] = process.argv.slice(2)
if (kind === 'document' || kind === 'checkpoint') {
  const [a, b] = versions(kind)
  for (let i = 0; ; i++) {
    const v = i % 2 === 0 ? a : b
    if (typeof v === 'string') await writeAtomic(path ?? '', v)
    else
      await writeSnapshot(
        { entries: [{ layer: 'l', shape: [v.length], offset: 0 }], data: v, variables: {} },
        path ?? '',
      )
    if (i === 0) process.stdout.write('saving\n')
  }
}
