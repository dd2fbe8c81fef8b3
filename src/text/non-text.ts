/**
 * Input that is not text: a file with NUL bytes (a binary file named `.md`)
 * or bytes that are not UTF-8 gets one fatal message and no rule runs on it
 * (its "numbers" would be noise, and a fix would corrupt it).  The message has
 * no rule id: it is about the file, like a read error, so `deployment-lint`
 * reports it as a file it cannot lint (exit 2) and remark-cli as a fatal error.
 *
 * unified-engine (remark-cli, `deployment-lint`) reads files as UTF-8 text,
 * where undecodable bytes arrive as U+FFFD; given bytes (a `Uint8Array`
 * value), they are decoded strictly.  A literal U+FFFD in a document counts as
 * undecodable too: plans have no use for the replacement character.
 */
import type { VFile } from 'vfile'

const NOT_TEXT = 'deploymentNotText'

/** Line and column (1-based) of offset `at` in `text`. */
function pointAt(text: string, at: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let index = text.indexOf('\n'); index !== -1 && index < at; index = text.indexOf('\n', index + 1)) {
    line++
    lineStart = index + 1
  }
  return { line, column: at - lineStart + 1 }
}

/** Why `file` is not text ('' when it is), with the place of the first bad byte or character. */
function problemOf(file: VFile): { reason: string; place?: { line: number; column: number } } | undefined {
  if (file.value instanceof Uint8Array) {
    const nul = file.value.indexOf(0)
    if (nul !== -1) return { reason: `not a text file (NUL byte at byte ${nul + 1})` }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(file.value)
    } catch {
      return { reason: 'not valid UTF-8' }
    }
    return undefined
  }
  const raw = String(file.value ?? '')
  // remark counts positions from after a byte-order mark.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  const nul = text.indexOf('\0')
  if (nul !== -1) {
    const place = pointAt(text, nul)
    return { reason: `not a text file (NUL byte at ${place.line}:${place.column})`, place }
  }
  const replacement = text.indexOf('\uFFFD')
  if (replacement !== -1) {
    const place = pointAt(text, replacement)
    return { reason: `not valid UTF-8 (undecodable bytes, read as U+FFFD, at ${place.line}:${place.column})`, place }
  }
  return undefined
}

/** Give `file` its fatal message when it is not text; whether it is not. */
export function rejectNonText(file: VFile): boolean {
  const problem = problemOf(file)
  if (!problem) return false
  const message = file.message(problem.reason, { place: problem.place, source: 'remark-lint-deployment' })
  message.fatal = true
  ;(file.data as Record<string, unknown>)[NOT_TEXT] = true
  return true
}

/** Whether `rejectNonText` found the file is not text (the rules skip it). */
export function isNotText(file: VFile): boolean {
  return (file.data as Record<string, unknown>)[NOT_TEXT] === true
}
