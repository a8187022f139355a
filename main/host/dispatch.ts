import { clientMessageSchema, REQUESTS, type Handlers, type ServerMessage } from '../../common/api'
import { nestsDeeper, TOO_DEEP } from '../../common/nesting'

export const MALFORMED = 'malformed message: expected {id, call, request} with a known call'

/** The caller's id of a message the contract refuses, so the answer still finds its call. */
const idOf = (raw: unknown): number =>
  typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1

/**
 * Checks one message from the renderer against the contract and runs its handler: the envelope
 * ({id, call, request} with a known call), then the call's own request schema. Nothing reaches a
 * handler unchecked; an engine bug is logged and answered without its stack.
 */
export async function dispatch(
  handlers: Handlers,
  raw: unknown,
  log: (line: string) => void,
): Promise<ServerMessage> {
  // Bounded before anything recurses into it (the schema check would overflow the stack).
  if (nestsDeeper(raw)) {
    log('refused a message nested too deep')
    return { id: idOf(raw), ok: false, error: TOO_DEEP }
  }
  const msg = clientMessageSchema.safeParse(raw)
  if (!msg.success) {
    log('refused a malformed message')
    return { id: idOf(raw), ok: false, error: MALFORMED }
  }
  const { id, call } = msg.data
  const request = REQUESTS[call].safeParse(msg.data.request)
  if (!request.success) {
    log(`refused a malformed ${call} request`)
    return {
      id,
      ok: false,
      error: `${call}: ${request.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
    }
  }
  try {
    const handler = handlers[call] as (r: unknown) => Promise<unknown>
    return { id, ok: true, response: await handler(request.data) }
  } catch (e) {
    log(`internal error in ${call}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return { id, ok: false, error: `internal error in ${call}` }
  }
}
