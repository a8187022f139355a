/**
 * How deep a message may nest objects and arrays: far above any document's (a graph document is
 * about 8 levels deep inside its message), far below what recursion in a schema check or a
 * structured clone survives (a few thousand levels overflow the stack).
 */
export const MAX_NESTING = 64

export const TOO_DEEP = `malformed message: nested deeper than ${String(MAX_NESTING)} levels`

/** Whether a value nests objects or arrays deeper than `max`: found without recursion. */
export function nestsDeeper(value: unknown, max = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop() ?? [null, 0]
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

/** Whether JSON text nests deeper than `max`, read before it is parsed (brackets outside strings). */
export function jsonNestsDeeper(text: string, max = MAX_NESTING): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}
