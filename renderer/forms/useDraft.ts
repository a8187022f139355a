import { useState } from 'react'

/**
 * A field's text as the user types it, with the message of what is wrong with it; when the value
 * changes from outside (undo, another edit) the draft and its message give way to `shown`.
 */
export function useDraft(shown: string) {
  const [text, setText] = useState(shown)
  const [seen, setSeen] = useState(shown)
  const [error, setError] = useState<string | null>(null)
  if (shown !== seen) {
    setSeen(shown)
    setText(shown)
    setError(null)
  }
  return { text, setText, error, setError }
}
