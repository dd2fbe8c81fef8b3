/** A value restated in another unit: `32.91 GB (35.3 GiB)`. */
import type { Ctx } from '../context.js'
import type { Token } from '../text/tokens.js'
import { CONJUNCTIONS, HOLD_VERBS, PER_WORDS } from '../lexicon/words.js'
import { isArith } from '../parsers/expressions.js'

/**
 * `32.91 GB (35.3 GiB)`, `11.5 tokens/ms per replica, i.e. 1,150 tokens/s`: the same value in another unit.
 * The second number records the first as the value it restates.
 */
export function restatements(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  const CONNECT = /^(i\.e|ie|i\.e\.|or|namely|aka|that|is|so|that's|which|equals)$/
  for (let i = from; i < to; i++) {
    const a = tokens[i]
    if (a.kind !== 'num' || !a.unit || a.unit.dim === 'percent' || a.unit.dim === 'ratio') continue
    // `2 × 40 × 8 × 128 × 2 B, i.e. 80 KiB`: the last operand of a product is not what is restated; nor is the last part
    // of a compound duration (`4 h 05 min (14,700 s)`). (Tokens write `*` and `/` as `×` and `÷`.)
    const before = tokens[i - 1]
    if (before?.kind === 'op' && (before.op === '×' || before.op === '÷' || before.op === '+')) continue
    if (a.unit.dim === 'time' && before?.kind === 'num' && before.unit?.dim === 'time') continue
    let k = i + 1
    // Qualifiers of the first value (`per replica`) may stand before the restatement.
    let words = 0
    while (k < to && tokens[k].kind === 'word' && !CONNECT.test((tokens[k] as { lower: string }).lower) && words < 5) {
      k++
      words++
    }
    // `TPOT p99 is 31 ms and TTFT p50 is 0.41 s`: a conjunction starts another statement, not a restatement.
    if (tokens.slice(i + 1, k).some((u) => u.kind === 'word' && CONJUNCTIONS.has(u.lower))) continue
    let paren = false
    let connected = false
    let viaEquals = false
    let consequence = false
    let alternative = false
    for (let steps = 0; k < to && steps < 4; steps++) {
      const u = tokens[k]
      if (u.kind === 'op' && u.op === '(' && !paren && !connected) paren = true
      else if (u.kind === 'op' && u.op === '→' && !paren) connected = true
      else if (u.kind === 'op' && (u.op === '≈' || u.op === '=') && !paren && !connected) {
        /* `≈ 201.6k s ≈ 56 h` */
        connected = true
        viaEquals = true
      }
      else if (u.kind === 'op' && u.op === '≈') {
        /* `(≈ 35.3 GiB)` */
      } else if (u.kind === 'punct' && (u.text === ',' || u.text === '.' || u.text === '~')) {
        /* punctuation of `, i.e.` */
      } else if (u.kind === 'word' && CONNECT.test(u.lower)) {
        connected = true
        if (u.lower === 'or' && !paren) alternative = true
        if (u.lower === 'so') consequence = true
      }
      else if (u.kind === 'word' && (connected || paren) && /^(only|just|about|roughly|approximately|exactly|still|then|now)$/.test(u.lower)) {
        /* `is only 160 tokens/s`, `(about 1,051 GiB)`; `93.4 GB, or about 93.4 GiB` restates, it offers no choice */
        if (/^(about|roughly|approximately|exactly)$/.test(u.lower)) alternative = false
      } else break
      k++
    }
    if (!(paren || connected)) continue
    const b = tokens[k]
    if (b?.kind !== 'num' || !b.unit || b.unit.dim !== a.unit.dim || b.unit.id === a.unit.id) continue
    if (paren && !(tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as { op: string }).op === ')')) continue
    // `80 GB or 80 GiB?`: the same digits in two units joined by `or` are two readings to choose from, not one value
    // converted (in parentheses they are the classic slip: `48 GiB (48.0 GB)`).
    if (alternative && a.lit.value.eq(b.lit.value)) continue
    const fa = ctx.byToken.get(a)
    const fb = ctx.byToken.get(b)
    // After `=` or `≈`, only a time restated in another unit directly after a value that is no operand of a calculation
    // (`2,289 × 5.65 s ≈ 12,930 s ≈ 3.59 h`, not `× 98,304 B = 37.7 GB`).
    // (`15.7B × 2 B = 31.4 GB = 33.71 GiB`: a size in GB restated in GiB, or back, converts too.)
    // (`2 × 48 × 4 × 128 × 2 = 98,304 bytes = 96 KiB/token`: a count of bytes restated in KiB, MiB or GB converts too,
    // unless the restated value starts a calculation of its own.)
    const gbGib = a.unit.dim === 'bytes' && Boolean(a.unit.binary) !== Boolean(b.unit.binary) && (a.unit.binary || a.unit.decimalBytes) && (b.unit.binary || b.unit.decimalBytes)
    const plainBytes = a.unit.dim === 'bytes' && !a.unit.binary && !a.unit.decimalBytes && !(isArith(tokens[k + 1]) && tokens[k + 2]?.kind !== 'word')
    if (viaEquals && ((a.unit.dim !== 'time' && !gbGib && !plainBytes) || k > i + 2 || fa?.expr?.role === 'operand')) continue
    // `989 TFLOP/s → 506 PFLOP/s for the 512 training GPUs`: a value for a count of things is a total, no restatement.
    if (countAfter(tokens, k + 1, to)) continue
    // `≈ 4.0 days, i.e. about 14.7 s per optimizer step`: a value per item after it is another quantity.
    const after = tokens[k + 1]
    const firstPer = tokens[i + 1]?.kind === 'word' && PER_WORDS.has((tokens[i + 1] as { lower: string }).lower)
    if (after?.kind === 'word' && PER_WORDS.has(after.lower) && after.lower !== 'a' && !firstPer) continue
    // `9.6 seconds a step, that's 4.3 hours per epoch`: values per different things are different quantities.
    if (firstPer && after?.kind === 'word' && PER_WORDS.has(after.lower) && wordAt(tokens, i + 2) !== wordAt(tokens, k + 2)) continue
    // `989 TFLOPS per GPU, so 31.6 PFLOPS for the reservation`: after `so`, a value no longer per the same thing is a total.
    if (firstPer && consequence && !(after?.kind === 'word' && PER_WORDS.has(after.lower))) continue
    // `sixteen H100s at 989 TFLOPS is 15.8 PFLOP/s`: a value after `N things at` is a factor of the result, not it.
    if (wordAt(tokens, i - 1) === 'at' && [i - 2, i - 3, i - 4].some((m) => m >= from && tokens[m].kind === 'num')) continue
    // `671 MB on each GPU, so 36.0 GB holds 53 of them`: after `so`, a value with a verb of its own is a new statement.
    if (consequence && after?.kind === 'word' && HOLD_VERBS.has(after.lower)) continue
    if (fa && fb && !fa.quoted && !fb.quoted) fb.restates = fa
  }
}

function wordAt(tokens: Token[], k: number): string | undefined {
  const t = tokens[k]
  return t?.kind === 'word' ? t.lower.replace(/s$/, '') : undefined
}

const COUNT_PREPOSITIONS = new Set(['for', 'across', 'on', 'over', 'with', 'at'])

/** `for the 512 training GPUs`, `across 64 GPUs`: a preposition and a count right after a value. */
function countAfter(tokens: Token[], k: number, to: number): boolean {
  const p = tokens[k]
  if (!(p?.kind === 'word' && COUNT_PREPOSITIONS.has(p.lower))) return false
  for (let m = k + 1; m < Math.min(to, k + 4); m++) {
    const t = tokens[m]
    if (t.kind === 'num') return !t.unit
    if (t.kind !== 'word') return false
  }
  return false
}
