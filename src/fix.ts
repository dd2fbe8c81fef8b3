/**
 * Fix engine: applies the `expected[0]` of every surviving deployment message
 * to the exact source range in its `place`, leaving every other byte alone.
 *
 * Two entry points share one loop (`fixSteps`):
 *
 * - the unified plugin (default export) installs a byte-preserving COMPILER,
 *   so `remark --use lint-deployment=fix:true -o` writes the original text
 *   with only the wrong numbers replaced.  A compiler runs after every
 *   transformer, including remark-lint's message-control pass, so
 *   `file.messages` then holds exactly the messages that survived
 *   `<!-- lint disable -->` comments and severities: a suppressed message is
 *   neither reported nor fixed.
 * - `fixFile` (async), used by the `deployment-lint --fix` CLI, which runs the
 *   same loop outside unified-engine's stringify step (that step refuses to
 *   compile files with fatal messages, i.e. rules configured as `error`).
 *
 * After a round of edits the text is linted again with a fresh copy of the
 * same processor (up to `MAX_ROUNDS` rounds), so values that depended on a
 * fixed value are fixed in the same run.  Once no edit applies the output is a
 * fixed point: running the fixer on it again changes nothing.
 *
 * Reporting convention (documented in docs/integrations.md): each applied
 * message is kept, downgraded to info (`fatal = undefined`) and its reason is
 * prefixed with `Fixed: `; its place stays in the coordinates of the input.
 * When anything was applied, the other messages are replaced by the messages
 * a lint of the output gives (coordinates of the output), so what is left to
 * do is reported exactly once and at the place it is now.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {Root} from 'mdast'
import type {Point, Position} from 'unist'
import type {Plugin, Processor} from 'unified'
import {VFile} from 'vfile'
import {location} from 'vfile-location'
import {VFileMessage} from 'vfile-message'

/** Rounds of edits at most (the first round uses the messages already there). */
export const MAX_ROUNDS = 3

/** Prefix given to the reason of every applied message. */
export const FIXED_PREFIX = 'Fixed: '

/** One replacement, in offsets of the text it applies to. */
export interface Edit {
  start: number
  end: number
  text: string
  message: VFileMessage
}

/** What a fix run did. */
export interface FixResult {
  /** The text after all rounds (the input when nothing applied). */
  value: string
  /** Whether `value` differs from the input. */
  changed: boolean
  /** Number of edits applied over all rounds. */
  applied: number
  /** Rounds that applied at least one edit. */
  rounds: number
  /** Whether the last lint of `value` proposes no further edit. */
  converged: boolean
}

type AnyProcessor = Processor<any, any, any, any, any>

/**
 * Whether a message is one of ours that may carry a fix: a warning or error
 * (not info) of a `remark-lint:deployment-*` rule.
 */
export function isDeploymentFinding(message: VFileMessage): boolean {
  return (
    message.source === 'remark-lint' &&
    typeof message.ruleId === 'string' &&
    message.ruleId.startsWith('deployment-') &&
    message.fatal !== undefined &&
    message.fatal !== null
  )
}

/**
 * The edits the messages ask for, against `text`, sorted and without
 * overlaps: an edit that overlaps one earlier in the document (or earlier in
 * the message list at the same place) is dropped and its message stays a
 * warning; edits at one range that want different text are all dropped.  An edit is only taken when its range is valid, its `actual` (when
 * given) is the text in that range, and it would change something.
 */
export function collectEdits(
  messages: readonly VFileMessage[],
  text: string
): Edit[] {
  let index: ReturnType<typeof location> | undefined
  const toOffset = (point: Point): number | undefined => {
    if (typeof point.offset === 'number') return point.offset
    index ??= location(text)
    return index.toOffset(point)
  }

  const candidates: Edit[] = []
  for (const message of messages) {
    if (!isDeploymentFinding(message)) continue
    const replacement = message.expected?.[0]
    if (typeof replacement !== 'string') continue
    const place = message.place as Position | Point | undefined
    if (!place || !('start' in place) || !place.end) continue
    const start = toOffset(place.start)
    const end = toOffset(place.end)
    if (start === undefined || end === undefined) continue
    if (start < 0 || end < start || end > text.length) continue
    const current = text.slice(start, end)
    if (typeof message.actual === 'string' && message.actual !== current) continue
    if (current === replacement) continue
    // Digits that would run into neighbouring digits (`1,0,0` → `1,0,1000`)
    // would be read back as another number.
    if (/^\d/.test(replacement) && /\d[.,]?$/.test(text.slice(Math.max(0, start - 2), start))) continue
    if (/\d$/.test(replacement) && /^[.,]?\d/.test(text.slice(end, end + 2))) continue
    candidates.push({start, end, text: replacement, message})
  }

  // Two findings that want different text at one range disagree: neither is
  // sure, so neither is applied (both stay warnings).
  const disputed = new Set<string>()
  const wanted = new Map<string, string>()
  for (const edit of candidates) {
    const key = `${edit.start}:${edit.end}`
    const other = wanted.get(key)
    if (other === undefined) wanted.set(key, edit.text)
    else if (other !== edit.text) disputed.add(key)
  }

  // Stable: equal starts keep message order.
  candidates.sort((a, b) => a.start - b.start)
  const edits: Edit[] = []
  for (const edit of candidates) {
    if (disputed.has(`${edit.start}:${edit.end}`)) continue
    const previous = edits.at(-1)
    if (previous) {
      if (edit.start < previous.end) continue
      // Two edits at one point (an insertion next to anything starting there)
      // have no defined order.
      if (edit.start === previous.start && (edit.start === edit.end || previous.start === previous.end)) continue
    }
    edits.push(edit)
  }
  return edits
}

/** Apply sorted, non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = ''
  let last = 0
  for (const edit of edits) {
    result += text.slice(last, edit.start) + edit.text
    last = edit.end
  }
  return result + text.slice(last)
}

/** Mark an applied message: info, reason prefixed with `Fixed: `. */
export function markFixed(message: VFileMessage): void {
  message.fatal = undefined
  if (!message.reason.startsWith(FIXED_PREFIX)) {
    message.reason = FIXED_PREFIX + message.reason
    message.message = message.reason
  }
}

/**
 * Map an offset in the text after `edits` back to the text before them.
 * An offset inside a replacement maps to the start (or end) of what it replaced.
 */
function mapBack(offset: number, edits: readonly Edit[]): number {
  let delta = 0
  for (const edit of edits) {
    const newStart = edit.start + delta
    const newEnd = newStart + edit.text.length
    if (offset < newStart) break
    if (offset <= newEnd) {
      return offset === newEnd ? edit.end : edit.start
    }
    delta += edit.text.length - (edit.end - edit.start)
  }
  return offset - delta
}

/**
 * The fix loop as a generator: it yields each new text to be linted again and
 * receives that lint's messages (or an Error when the lint failed); it
 * updates `file.messages` and returns the result.  `fixSync` and `fixFile`
 * drive it synchronously (compiler) and asynchronously (CLI).
 */
export function* fixSteps(
  file: VFile
): Generator<string, FixResult, VFileMessage[] | Error> {
  const original = String(file)
  const history: Edit[][] = []
  const fixedReports: VFileMessage[] = []
  let text = original
  let messages: VFileMessage[] = file.messages
  let applied = 0
  let converged = true
  let failure: Error | undefined

  for (let round = 0; ; round++) {
    const edits = collectEdits(messages, text)
    if (edits.length === 0) break
    if (round === MAX_ROUNDS) {
      converged = false
      break
    }

    for (const edit of edits) {
      markFixed(edit.message)
      if (round > 0) {
        fixedReports.push(
          relocate(edit.message, edit.start, edit.end, history, original, file)
        )
      }
    }

    history.push(edits)
    applied += edits.length
    text = applyEdits(text, edits)
    const next = yield text
    if (next instanceof Error) {
      failure = next
      break
    }
    messages = next
  }

  if (history.length > 0) {
    const firstRound = new Set(history[0].map((edit) => edit.message))
    const kept = file.messages.filter((message) => firstRound.has(message))
    if (failure) {
      // Keep what the input's lint said; say why nothing was re-checked.
      kept.push(...file.messages.filter((message) => !firstRound.has(message)))
      const note = new VFileMessage(
        'Cannot check the fixed text again: ' + failure.message,
        {ruleId: 'deployment-fix', source: 'remark-lint-deployment'}
      )
      note.file = file.path
      note.fatal = failure.message.includes('finished async') ? undefined : false
      kept.push(...fixedReports, note)
    } else {
      for (const message of messages) message.file = file.path
      kept.push(...fixedReports, ...messages)
    }
    file.messages = kept
  }

  return {
    value: text,
    changed: text !== original,
    applied,
    rounds: history.length,
    converged: converged && !failure
  }
}

/**
 * A copy of a later-round message, marked fixed, placed at the range of the
 * input that the edit replaced.
 */
function relocate(
  message: VFileMessage,
  start: number,
  end: number,
  history: readonly Edit[][],
  original: string,
  file: VFile
): VFileMessage {
  let from = start
  let to = end
  for (let index = history.length - 1; index >= 0; index--) {
    from = mapBack(from, history[index])
    to = mapBack(to, history[index])
  }
  const index = location(original)
  const startPoint = index.toPoint(from)
  const endPoint = index.toPoint(Math.max(from, to))
  const copy = new VFileMessage(message.reason, {
    place: startPoint && endPoint ? {start: startPoint, end: endPoint} : undefined,
    ruleId: message.ruleId,
    source: message.source
  })
  copy.fatal = undefined
  copy.file = file.path
  copy.actual = original.slice(from, Math.max(from, to))
  copy.expected = message.expected
  copy.note = message.note
  copy.url = message.url
  return copy
}

/** A fresh file holding `value` at the same path (for linting the fixed text). */
function sibling(file: VFile, value: string): VFile {
  return new VFile({path: file.path, cwd: file.cwd, value})
}

/**
 * Fix `file` synchronously, linting intermediate texts with a fresh copy of
 * `processor` (`runSync`).  If a transformer is asynchronous the loop stops
 * after the first round and says so in an info message.
 */
export function fixSync(file: VFile, processor: AnyProcessor): FixResult {
  const steps = fixSteps(file)
  let step = steps.next()
  while (!step.done) {
    let answer: VFileMessage[] | Error
    try {
      const fresh = processor()
      const next = sibling(file, step.value)
      fresh.runSync(fresh.parse(next), next)
      answer = next.messages
    } catch (error) {
      answer = error instanceof Error ? error : new Error(String(error))
    }
    step = steps.next(answer)
  }
  return step.value
}

/** Fix `file`, linting intermediate texts with a fresh copy of `processor`. */
export async function fixFile(
  file: VFile,
  processor: AnyProcessor
): Promise<FixResult> {
  const steps = fixSteps(file)
  let step = steps.next()
  while (!step.done) {
    let answer: VFileMessage[] | Error
    try {
      const fresh = processor()
      const next = sibling(file, step.value)
      await fresh.run(fresh.parse(next), next)
      answer = next.messages
    } catch (error) {
      answer = error instanceof Error ? error : new Error(String(error))
    }
    step = steps.next(answer)
  }
  return step.value
}

/**
 * unified plugin: replace the compiler with one that returns the original
 * text with the fixes applied (see the module comment).  Attached by the
 * main plugin when its `fix` option is true; never enable it in a shared
 * config that others use to format with `remark -o` (it drops any tree
 * change other plugins make).
 */
const remarkDeploymentFix: Plugin<[], Root, string> = function () {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this as unknown as AnyProcessor
  this.compiler = function (_tree, file) {
    const problem = emptyStdinProblem(file)
    if (problem) {
      // A fatal message: unified-engine then writes nothing (no file, no stdout).
      const message = file.message(problem, {ruleId: 'deployment-fix', source: 'remark-lint-deployment'})
      message.fatal = true
      return String(file)
    }
    return fixSync(file, self).value
  }
}

/**
 * Why fixing this input would be a mistake, if it would: an empty (or blank)
 * input read from stdin.  `remark --use lint-deployment=fix:true -o plan.md`
 * names plan.md as the OUTPUT only, so remark reads stdin, which is empty in
 * scripts, CI and hooks, and would overwrite plan.md with nothing.  The
 * compiler cannot see that output path: unified-engine sets `file.path` from
 * `-o` only after compiling (its copy step), so during compile a stdin file
 * has no path unless `--file-path` gave one; with a path, the guard also
 * says when the file on disk is not empty.  Files read from disk (or given by
 * an editor) are never refused.
 */
export function emptyStdinProblem(file: VFile): string | undefined {
  if (file.data.unifiedEngineStreamIn !== true || String(file).trim() !== '') return undefined
  const fix = 'name the input before -o: remark plan.md --use lint-deployment=fix:true -o'
  if (!file.path) return `Refusing to fix empty stdin (remark reads stdin when no input is named before -o); ${fix}`
  let onDisk = ''
  try {
    onDisk = readFileSync(path.resolve(file.cwd, file.path), 'utf8')
  } catch {
    return undefined
  }
  if (onDisk.trim() === '') return undefined
  return `Refusing to overwrite ${file.path} with empty stdin; ${fix.replace('plan.md', file.path)}`
}

export default remarkDeploymentFix
