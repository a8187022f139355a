import { useEffect } from 'react'
import { writeRecovery } from './document/files'
import { graphStore } from './store/graphStore'

const AUTOSAVE_MS = 1500

/** Writes the recovery copy shortly after each edit, and warns before a tab with unsaved work closes. */
export function useAutosave(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = graphStore.subscribe((s, prev) => {
      if (s.doc === prev.doc || s.doc === s.savedDoc) return
      clearTimeout(timer)
      timer = setTimeout(() => {
        const now = graphStore.getState()
        if (now.doc !== now.savedDoc) writeRecovery(now.doc, now.fileName)
      }, AUTOSAVE_MS)
    })
    const beforeUnload = (e: BeforeUnloadEvent) => {
      const s = graphStore.getState()
      if (s.doc === s.savedDoc) return
      writeRecovery(s.doc, s.fileName)
      e.preventDefault()
    }
    window.addEventListener('beforeunload', beforeUnload)
    return () => {
      unsubscribe()
      clearTimeout(timer)
      window.removeEventListener('beforeunload', beforeUnload)
    }
  }, [])
}
