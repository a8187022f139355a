/**
 * The preload: exposes the API contract (and the menus' commands) to the sandboxed page through
 * contextBridge, and nothing else. Unknown calls are refused here; the engine checks every payload
 * again against the contract.
 */
import { contextBridge, ipcRenderer } from 'electron'
import {
  REQUESTS,
  type CallName,
  type EngineEvent,
  type MenuCommand,
  type ServerMessage,
  type ShellBridge,
  SHELL_REQUESTS,
  type ShellCallName,
  type ShellRequest,
  type ShellResponses,
} from '../common/api'
import { isCommandId } from '../common/commands'

const calls = new Set<string>(Object.keys(REQUESTS))
const listeners = new Set<(e: EngineEvent) => void>()
let nextId = 1

ipcRenderer.on('engine:port', (event) => {
  const [port] = event.ports
  if (!port) return
  port.onmessage = (m: MessageEvent<EngineEvent>) => {
    for (const l of listeners) l(m.data)
  }
})

contextBridge.exposeInMainWorld('latentStudio', {
  call: async (name: CallName, request: unknown): Promise<unknown> => {
    if (!calls.has(name)) throw new Error(`unknown call ${name}`)
    const reply = (await ipcRenderer.invoke('engine:call', {
      id: nextId++,
      call: name,
      request,
    })) as ServerMessage
    if ('event' in reply) throw new Error('unexpected event as a reply')
    if (!reply.ok) throw new Error(reply.error)
    return reply.response
  },
  onEvent: (listener: (e: EngineEvent) => void) => {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  },
})

const shellCalls = new Set<string>(Object.keys(SHELL_REQUESTS))
contextBridge.exposeInMainWorld('latentStudioShell', {
  platform: process.platform,
  call: async <C extends ShellCallName>(name: C, request: ShellRequest<C>) => {
    if (!shellCalls.has(name)) throw new Error(`unknown call ${name}`)
    return (await ipcRenderer.invoke('shell:call', name, request)) as ShellResponses[C]
  },
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const handler = (_e: unknown, command: unknown) => {
      if (typeof command === 'string' && isCommandId(command)) listener(command)
    }
    ipcRenderer.on('menu:command', handler)
    return () => {
      ipcRenderer.off('menu:command', handler)
    }
  },
  onDocumentsWaiting: (listener: () => void) => {
    const handler = () => {
      listener()
    }
    ipcRenderer.on('documents:waiting', handler)
    return () => {
      ipcRenderer.off('documents:waiting', handler)
    }
  },
} satisfies ShellBridge)
