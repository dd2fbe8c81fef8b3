/**
 * `233.6 GB of weights … so plan for 4 × H100 at 29.2 GB of weights each`: a whole model's weights and, later in the
 * paragraph, the share of each of the N GPUs its clause names (`4 × H100`, `TP=4`, `--tensor-parallel-size 4`). Read
 * only when the share's own words say `each` or per GPU, its clause names one GPU count or TP degree and nothing else
 * that splits, and the whole is the nearest weight size before it in the paragraph, stated for no GPU.
 */
import type { Fact, WeightSplit } from '../facts.js'
import { NOUN_OF } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'
import { statedValue as usable } from './numbers.js'

/** `29.2 GB of weights each`, `17.6 GB per GPU`: `each` or `per` + a GPU noun among the few words after the value. */
function eachAfter(tokens: Token[], i: number): boolean {
  for (let k = i + 1; k < Math.min(tokens.length, i + 5); k++) {
    const t = tokens[k]
    if (t.kind !== 'word') return false
    if (t.lower === 'each' || t.lower === 'apiece') return true
    const n = tokens[k + 1]
    if (t.lower === 'per' && n?.kind === 'word' && NOUN_OF.get(n.lower) === 'gpu') return true
  }
  return false
}

export function weightSplitsOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, factsOf: Map<Segment, Fact[]>): WeightSplit[] {
  const out: WeightSplit[] = []
  for (const seg of segments) {
    if (seg.table || seg.kind === 'code') continue
    const facts = factsOf.get(seg)
    if (!facts || !facts.some((f) => f.quantity === 'memWeights')) continue
    const tokens = tokensOf.get(seg) ?? []
    facts.forEach((share, k) => {
      if (share.quantity !== 'memWeights' || share.unit?.dim !== 'bytes' || !usable(share)) return
      const i = tokens.findIndex((t) => t.kind === 'num' && seg.start + t.start === share.place.start)
      if (i < 0 || !eachAfter(tokens, i)) return
      const clause = facts.filter((f) => f.clause === share.clause && usable(f))
      const splits = clause.filter((f) => (f.quantity === 'gpus' || f.quantity === 'tp') && f.value.gt(1))
      if (new Set(splits.map((f) => f.value.toString())).size !== 1) return
      if (clause.some((f) => (f.quantity === 'pp' || f.quantity === 'dp' || f.quantity === 'ep') && f.value.gt(1))) return
      let whole: Fact | undefined
      for (let m = k - 1; m >= 0 && !whole; m--) {
        const f = facts[m]
        if (f.quantity === 'memWeights' && f.unit?.dim === 'bytes' && usable(f) && !f.scopes.has('gpu') && !f.perGpuContext) whole = f
      }
      if (!whole || whole.value.lte(share.value)) return
      out.push({ whole, share, count: splits[0] })
    })
  }
  return out
}
