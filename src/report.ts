/**
 * Messages: the contract every rule keeps (DESIGN §6). `place` is the exact
 * range of the wrong text, `actual` that text, `expected` the replacement
 * when one right value is known, `note` the derivation.
 */
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { location } from 'vfile-location'
import type { Place } from './facts.js'

export interface Finding {
  place: Place
  reason: string
  /** Replacement text for `place`; omitted when the right wording is not known. */
  expected?: string
  note: string
  /** Info instead of warning (ambiguity notes). */
  info?: boolean
  /** The stated fact found wrong and its right value in base units (for root-cause checks of totals). */
  fact?: import('./facts.js').Fact
  correct?: import('./num.js').Dec
  /**
   * The relation the finding checks (DESIGN: one broken relation, one blame):
   * `key` names it, `blames` the quantity of the number reported, `uses` the
   * quantities it was computed from.  Two findings of one relation that blame
   * each other's inputs are reported once, with no fix.
   */
  relation?: Relation
}

export interface Relation {
  key: string
  blames: string
  uses: readonly string[]
}

const locators = new WeakMap<VFile, ReturnType<typeof location>>()

/** The reason of a message without its `, expected \`…\`` part (a finding whose fix is withdrawn). */
export function reasonWithoutFix(reason: string): string {
  return reason.replace(/, expected `[^`]*`/, '')
}

/** The finding with its fix withdrawn, reason and all. */
export function withoutFix(f: Finding): Finding {
  return { ...f, expected: undefined, reason: reasonWithoutFix(f.reason) }
}

export function emit(file: VFile, source: string, f: Finding, bom = 0): VFileMessage | undefined {
  let loc = locators.get(file)
  if (!loc) {
    // Points count in the file as stored: a byte-order mark is its first character.
    loc = location(bom ? '\ufeff' + source : source)
    locators.set(file, loc)
  }
  const start = loc.toPoint(f.place.start + bom)
  const end = loc.toPoint(f.place.end + bom)
  if (!start || !end) return undefined
  const message = f.info ? file.info(f.reason, { place: { start, end } }) : file.message(f.reason, { place: { start, end } })
  message.actual = source.slice(f.place.start, f.place.end)
  if (f.expected !== undefined) message.expected = [f.expected]
  message.note = f.note
  return message
}
