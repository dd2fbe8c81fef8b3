/**
 * Relative changes: `we go from 1,107,352 to 1,722,935 cacheable tokens, a 35.7% increase`, `TTFT fell from 200 ms to
 * 150 ms (a 25% reduction)`, `an increase of 12%`. The percentage is the change relative to the first value.
 */
import type { ChangeClaim, Fact } from '../facts.js'
import { APPROX_WORDS, CHANGE_BEFORE_DOWN, CHANGE_BEFORE_UP, CHANGE_DOWN, CHANGE_UP, VERSUS_WORDS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { currencyAt } from './expressions.js'
import { endsSentence } from '../text/clauses.js'
import { lowerWord as word, type NumToken, type Token } from '../text/tokens.js'

/**
 * The direction a percentage's own words give it, with nothing after that names another quantity, and whether it came
 * from a sign or a word right before it (`+46%`, `down 84%`), which join only the values right before the percentage.
 */
function directionAt(tokens: Token[], i: number): { dir: 'up' | 'down'; near: boolean; noun?: string; comparative?: boolean } | undefined {
  const after = word(tokens[i + 1])
  let w: string | undefined
  let end = i + 2
  if (after && (CHANGE_UP.has(after) || CHANGE_DOWN.has(after))) w = after
  else {
    // `an increase of 35.7%`, `an increase of about twenty-four percent`
    // (`an increase of +40%`: a sign glued to the number is skipped.)
    const sign = tokens[i - 1]
    const signed = sign?.kind === 'op' && (sign.op === '+' || sign.op === '-') && sign.end === tokens[i].start
    const j = pastApprox(tokens, signed ? i - 1 : i)
    const of = word(tokens[j - 1])
    const noun = word(tokens[j - 2])
    if (of === 'of' && noun && (CHANGE_UP.has(noun) || CHANGE_DOWN.has(noun))) [w, end] = [noun, i + 1]
  }
  if (!w) {
    const dir = before(tokens, i)
    return dir && { dir, near: true }
  }
  // `30% more memory`: the change may be of another quantity than the values before it; the noun is kept, and the
  // change is read only when the sentence named it before (`moves KV from 13.08 to 17.08 GiB, about 5.6% more KV`).
  const next = tokens[end]
  // (`a 50% gain in concurrency`: after a preposition the noun is the change's, no other quantity's.)
  const noun = next && next.kind === 'word' && !/^(over|vs|versus|compared|than|relative|from|per|in|on|for|at|across)$/.test(next.lower) ? next.lower : undefined
  return { dir: CHANGE_UP.has(w) ? 'up' : 'down', near: false, noun, comparative: w === after }
}

/** `(180 vs 141 GB)` within the sentence after the percentage at i: the value compared (180) and the one it is compared with. */
function versusAfter(tokens: Token[], i: number, byToken: Map<NumToken, Fact>): { from: Fact; to: Fact } | undefined {
  for (let k = i + 1; k < Math.min(tokens.length - 3, i + 12); k++) {
    if (endsSentence(tokens, k)) return undefined
    const open = tokens[k]
    if (!(open.kind === 'op' && open.op === '(')) continue
    const a = tokens[k + 1]
    const vs = word(tokens[k + 2])
    const dot = tokens[k + 3]?.kind === 'punct' && (tokens[k + 3] as { text: string }).text === '.' ? 1 : 0
    const b = tokens[k + 3 + dot]
    if (a?.kind !== 'num' || b?.kind !== 'num' || !(vs && VERSUS_WORDS.has(vs))) return undefined
    const to = byToken.get(a)
    const from = byToken.get(b)
    if (!from || !to || from.unit?.dim === 'percent' || to.unit?.dim === 'percent') return undefined
    return { from, to }
  }
  return undefined
}

/**
 * `A versus B, which is N% more`: in the percentage's sentence, the value with a unit right before `versus` (A, the one
 * compared) and the last value of A's unit between `versus` and the percentage (B, the base).
 */
function versusBefore(tokens: Token[], i: number, byToken: Map<NumToken, Fact>): { from: Fact; to: Fact } | undefined {
  for (let k = i - 1; k > 0 && k > i - 30; k--) {
    if (endsSentence(tokens, k)) return undefined
    const w = word(tokens[k])
    if (!w || !VERSUS_WORDS.has(w)) continue
    const a = tokens[k - 1]
    const to = a?.kind === 'num' ? byToken.get(a) : undefined
    if (!to?.unit || to.unit.dim === 'percent' || to.quoted) return undefined
    let from: Fact | undefined
    for (let m = k + 1; m < i; m++) {
      const u = tokens[m]
      const f = u.kind === 'num' ? byToken.get(u) : undefined
      if (f?.unit?.dim === to.unit.dim) from = f
    }
    return from && !from.quoted ? { from, to } : undefined
  }
  return undefined
}

/** `~708k`: an approximation sign glued before a number. */
function approxGlued(tokens: Token[], m: number): boolean {
  const t = tokens[m]
  const n = tokens[m + 1]
  return t?.kind === 'op' && t.op === '≈' && n?.kind === 'num' && n.start === t.end
}

/** Whether the sentence names the noun within `reach` tokens before the percentage at i. */
function namedBefore(tokens: Token[], i: number, noun: string, reach: number): boolean {
  const stem = noun.replace(/s$/, '')
  for (let k = i - 1; k >= 0 && k > i - reach; k--) {
    if (endsSentence(tokens, k)) return false
    const w = word(tokens[k])
    if (w && w.replace(/s$/, '') === stem) return true
  }
  return false
}

/** `A GPUs instead of B`, `A rather than B`: the new value A and the old B before the percentage, in its sentence. */
function insteadPair(tokens: Token[], i: number, reach: number, byToken: Map<NumToken, Fact>): { from: Fact; to: Fact } | undefined {
  for (let k = i - 1; k >= 3 && k > i - reach; k--) {
    if (endsSentence(tokens, k)) return undefined
    const u = tokens[k]
    if (u.kind !== 'num') continue
    const pair = `${word(tokens[k - 2]) ?? ''} ${word(tokens[k - 1]) ?? ''}`
    if (!INSTEAD_OF.has(pair)) return undefined
    // The new value: the number right before `instead of`, past its noun (`18 GPUs`).
    let a = k - 3
    for (let n = 0; n < 2 && tokens[a]?.kind === 'word'; n++) a--
    const to = tokens[a]?.kind === 'num' ? byToken.get(tokens[a] as NumToken) : undefined
    const from = byToken.get(u)
    if (!to || !from || from.unit?.dim === 'percent' || to.unit?.dim === 'percent' || (from.unit && to.unit && from.unit.dim !== to.unit.dim)) return undefined
    return { from, to }
  }
  return undefined
}

/** `+35.8 % (1,495 → 2,030 tok/s)`: the old and new values in a parenthesis right after the percentage. */
function arrowAfter(tokens: Token[], i: number, byToken: Map<NumToken, Fact>): { from: Fact; to: Fact } | undefined {
  const open = tokens[i + 1]
  const a = tokens[i + 2]
  const arrow = tokens[i + 3]
  const b = tokens[i + 4]
  if (!(open?.kind === 'op' && open.op === '(' && a?.kind === 'num' && arrow?.kind === 'op' && arrow.op === '→' && b?.kind === 'num')) return undefined
  const from = byToken.get(a)
  const to = byToken.get(b)
  if (!from || !to || from.unit?.dim === 'percent' || (from.unit && to.unit && from.unit.dim !== to.unit.dim)) return undefined
  return { from, to }
}

/** Words that set a new value before the old one it replaces. */
const INSTEAD_OF = new Set(['instead of', 'rather than'])

/** The index of the first of the approximation words right before token i (`about`, `roughly`), or i. */
function pastApprox(tokens: Token[], i: number): number {
  let j = i
  while (j > 0 && APPROX_WORDS.has(word(tokens[j - 1]) ?? '')) j--
  return j
}

/** `step time down 84%`, `grew by 12%`, `i.e. +46%`: a direction word or a sign right before the percentage. */
function before(tokens: Token[], i: number): 'up' | 'down' | undefined {
  const sign = tokens[i - 1]
  if (sign?.kind === 'op' && sign.end === tokens[i].start && (sign.op === '+' || sign.op === '-')) {
    // A sign that is no operator of a sum: nothing but a word, a comma or a parenthesis before it.
    const p = tokens[i - 2]
    if (!p || p.kind === 'word' || p.kind === 'punct' || (p.kind === 'op' && p.op === '(')) return sign.op === '+' ? 'up' : 'down'
    return undefined
  }
  const j = pastApprox(tokens, i)
  const k = word(tokens[j - 1]) === 'by' ? j - 2 : j - 1
  const w = word(tokens[k])
  if (w && CHANGE_BEFORE_UP.has(w)) return 'up'
  if (w && CHANGE_BEFORE_DOWN.has(w)) return 'down'
  return undefined
}

export function changesOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): ChangeClaim[] {
  const out: ChangeClaim[] = []
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens) continue
    // `from $0.93 to $0.73`, `from ~91.9k to ~708k`: a currency sign or a tilde glued before either value is skipped.
    const cur = (m: number): number => (currencyAt(tokens, m) || approxGlued(tokens, m) ? 1 : 0)
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]
      if (t.kind !== 'num' || t.unit?.dim !== 'percent') continue
      const read = directionAt(tokens, i)
      const percent = byToken.get(t)
      if (!read || !percent || percent.quoted) continue
      const { dir: direction } = read
      const reach = read.near ? 7 : 30
      // `B200 carries 22% more than H200 (180 vs 141 GB)`: the pair in parentheses after a comparison is its two values,
      // the first the one compared.
      const versus = read.comparative ? versusAfter(tokens, i, byToken) : undefined
      if (versus) {
        // (`180 vs 141 GB`: the unit written once is both values'.)
        const [x, y] = versus.from.unit && versus.to.unit ? [versus.from.value, versus.to.value] : [versus.from.written, versus.to.written]
        if (x.gt(0) && (direction === 'up') === y.gt(x)) out.push({ percent, ...versus, direction })
        continue
      }
      // `3,384 GB versus 32 × 80 = 2,560 GB for Option A, which is 24% more memory`: a pair set against each other earlier
      // in the sentence, the value before `versus` the one compared.
      const against = read.comparative ? versusBefore(tokens, i, byToken) : undefined
      if (against) {
        const [x, y] = [against.from.value, against.to.value]
        if (x.gt(0) && (direction === 'up') === y.gt(x)) out.push({ percent, ...against, direction })
        continue
      }
      // (`about 5.6% more KV capacity`: the noun after the change must be one the sentence named before it.)
      if (read.noun && !namedBefore(tokens, i, read.noun, reach)) continue
      // `C needs 18 GPUs instead of 26, i.e. 44% fewer GPUs`: the value after `instead of` is the base.
      // `buys only +35.8 % (1,495 → 2,030 tok/s)`: an arrowed pair in a parenthesis right after is the change's own.
      const instead = arrowAfter(tokens, i, byToken) ?? insteadPair(tokens, i, reach, byToken)
      if (instead) {
        const [x, y] = [instead.from.value, instead.to.value]
        if (x.gt(0) && (direction === 'up') === y.gt(x) && !instead.to.quoted) out.push({ percent, ...instead, direction })
        continue
      }
      // `from A to B` earlier in the same sentence.
      for (let k = i - 1; k >= 2 && k > i - reach; k--) {
        const u = tokens[k]
        // (`i.e.`, `e.g.`: the period of an abbreviation ends no sentence.)
        if (u.kind === 'punct' && (u.text === ';' || u.text === '.') && endsSentence(tokens, k)) break
        // (`from about 5,600 tok/s to about 3,900 tok/s`: approximation words before either value are skipped.)
        const toAt = pastApprox(tokens, k - cur(k - 1)) - 1
        // `22,000 → 41,000 tok/s, i.e. +46%`: an arrow between the two values.
        const arrow: boolean = tokens[toAt]?.kind === 'op' && (tokens[toAt] as { op: string }).op === '→'
        if (u.kind !== 'num' || (!arrow && word(tokens[toAt]) !== 'to')) continue
        // `to B` with B's noun after it, then `from A` right before (or `A → B`); A's own words (`from 8 GPUs to 16`,
        // `from thirty-eight billion in September to …`) may stand between.
        let aAt = toAt - 1 - (arrow ? cur(toAt - 1) : 0)
        for (let n = 0; !arrow && n < 3 && tokens[aAt]?.kind === 'word' && word(tokens[aAt]) !== 'from'; n++) aAt--
        const a = tokens[aAt]
        const fromWord = word(tokens[pastApprox(tokens, aAt - cur(aAt - 1)) - 1])
        if (a?.kind !== 'num' || (!arrow && fromWord !== 'from')) break
        const from = byToken.get(a)
        const to = byToken.get(u)
        // (`from 8` reads as a corrected old value elsewhere; here it is the base of the change.)
        // `from 2,300 to 2,950 tok/s`: the first value shares the unit written after the second.
        if (!from || !to || to.quoted || (from.unit && from.unit.dim !== to.unit?.dim) || to.unit?.dim === 'percent') break
        const [x, y] = from.unit ? [from.value, to.value] : [from.written, to.written]
        if (x.lte(0) || (direction === 'up') !== y.gt(x)) break
        out.push({ percent, from, to, direction })
        break
      }
    }
  }
  return out
}
