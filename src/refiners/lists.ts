/** Lists of numbers (`1K, 2K and 4K`) and the unit their last item lends the others. */
import type { Token, NumToken } from '../text/tokens.js'
import type { Ctx } from '../context.js'
import { WHOLE_MODEL_COUNTS } from '../lexicon/words.js'

/**
 * Lists of numbers in a clause: `57,674, 54,543, and 50,302`, `1K, 2K and 4K` (token indices of the numbers).
 * Only lists of three or more whose last item follows `and` or `or`: `3, 64 GB` is not a list.
 */
export function numberLists(tokens: Token[], from: number, to: number): number[][] {
  const out: number[][] = []
  let i = from
  while (i < to) {
    if (tokens[i].kind !== 'num') {
      i++
      continue
    }
    const items = [i]
    let conj = false
    let j = i + 1
    for (;;) {
      let k = j
      let sawConj = false
      let sawComma = false
      const c = tokens[k]
      if (c?.kind === 'punct' && c.text === ',') {
        sawComma = true
        k++
      }
      const w = tokens[k]
      if (w?.kind === 'word' && (w.lower === 'and' || w.lower === 'or')) {
        sawConj = true
        k++
      }
      if (!(sawComma || sawConj) || k >= to || tokens[k].kind !== 'num') break
      if (conj) break
      items.push(k)
      conj = sawConj
      j = k + 1
    }
    if (items.length >= 3 && conj) out.push(items)
    i = items[items.length - 1] + 1
  }
  return out
}

/** `57,674, 54,543, and 50,302 tokens per second`: the unit of the last item is the unit of every item. */
export function distributeListUnits(tokens: Token[], lists: number[][]): void {
  for (const items of lists) {
    const last = tokens[items[items.length - 1]] as NumToken
    if (!last.unit) continue
    const earlier = items.slice(0, -1).map((k) => tokens[k] as NumToken)
    if (earlier.some((t) => t.unit || t.lit.style.suffix)) continue
    // In place: a token keeps its identity (facts and token indexes refer to it).
    for (const t of earlier) {
      t.unit = last.unit
      t.unitText = last.unitText
      if (last.qualifier) t.qualifier = last.qualifier
    }
  }
}

/**
 * `we pin 24, 24, 23 and 23 layers`: a list of counts of one noun gives several of them (stages, pools), so its last
 * item, which carries the noun, is not the model's count.
 */
export function listedCounts(tokens: Token[], lists: number[][], ctx: Ctx): void {
  for (const list of lists) {
    const last = tokens[list[list.length - 1]]
    const f = last?.kind === 'num' ? ctx.byToken.get(last) : undefined
    if (f?.quantity && WHOLE_MODEL_COUNTS.has(f.quantity) && f.scopes.size === 0) {
      f.quantity = undefined
      f.how = 'list-item'
    }
  }
}
