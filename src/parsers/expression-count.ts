/**
 * `Three matrices of 7168 × 2048 = 44,040,192 parameters`: the count of the things a calculation sizes, written right
 * before it. deployment-arithmetic accepts a result that is the calculation times that count.
 */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'

/** `Three matrices of 7168 × 2048`: a whole count (2 to 64), one to three words and `of` right before a side at `start`. */
export function countBefore(ctx: Ctx, clause: number, start: number): Fact | undefined {
  const tokens = ctx.tokensOf.get(ctx.clauses[clause].seg) ?? []
  // (The first token at or after `start`, by bisection: a long line holds many calculations.)
  let lo = 0
  let hi = tokens.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (tokens[mid].start < start) lo = mid + 1
    else hi = mid
  }
  let k = lo
  if (k < 2 || k >= tokens.length || tokens[k - 1].kind !== 'word' || (tokens[k - 1] as { lower: string }).lower !== 'of') return undefined
  k -= 2
  let words = 0
  while (k >= 0 && tokens[k].kind === 'word' && !ctx.factsOfWord.has(tokens[k]) && words < 3) {
    k--
    words++
  }
  // (`Three`: a count written as a word is a fact of that word.)
  const t = tokens[k]
  const f = words === 0 || !t ? undefined : t.kind === 'num' ? ctx.byToken.get(t) : t.kind === 'word' ? ctx.factsOfWord.get(t)?.[0] : undefined
  return f && !f.unit && f.value.isInteger() && f.value.gte(2) && f.value.lte(64) ? f : undefined
}
