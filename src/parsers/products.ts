/** Products of counts: `8 nodes × 8 GPUs`, `256 sequences × 4096 tokens`, `4096-token prompts`. */
import type { Ctx } from '../context.js'
import { NOUN_OF } from '../lexicon/words.js'
import { findGpu } from '../model/gpus.js'
import { D } from '../num.js'
import type { Token } from '../text/tokens.js'
import { matchUnit } from '../units.js'

// `Batch of 256 sequences × 4096 tokens`: batch and sequence length.
// `8 nodes × 8 GPUs`: nodes and GPUs per node.
export function batchTimesSeq(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i + 4 < to; i++) {
    const a = tokens[i]
    const w = tokens[i + 1]
    const x = tokens[i + 2]
    const b = tokens[i + 3]
    const n = tokens[i + 4]
    if (a.kind === 'num' && w.kind === 'word' && NOUN_OF.get(w.lower) === 'node' && x.kind === 'op' && x.op === '×' && b.kind === 'num' && n.kind === 'word' && (NOUN_OF.get(n.lower) === 'gpu' || (/\d/.test(n.text) && findGpu(n.text) !== undefined))) {
      const fa = ctx.byToken.get(a)!
      const fb = ctx.byToken.get(b)!
      fa.quantity = 'nodes'
      fa.how = 'nodes×gpus'
      fa.factor = false
      fb.quantity = 'gpusPerNode'
      fb.how = 'nodes×gpus'
      fb.factor = false
    }
  }
  for (let i = from; i + 3 < to; i++) {
    const a = tokens[i]
    const w = tokens[i + 1]
    const x = tokens[i + 2]
    const b = tokens[i + 3]
    if (a.kind === 'num' && w.kind === 'word' && NOUN_OF.get(w.lower) === 'sequence' && x.kind === 'op' && x.op === '×' && b.kind === 'num') {
      const n = tokens[i + 4]
      if (n && n.kind === 'word' && NOUN_OF.get(n.lower) === 'token') {
        const fa = ctx.byToken.get(a)!
        const fb = ctx.byToken.get(b)!
        fa.factor = false
        fb.factor = false
        if (!fa.quantity) {
          fa.quantity = 'batch'
          fa.how = 'batch×seq'
          fa.factor = false
        }
        if (!fb.quantity || fb.quantity === 'seqLen') {
          fb.quantity = 'seqLen'
          fb.how = 'batch×seq'
          fb.factor = false
        }
      }
    }
  }
  // `4096-token prompts`
  for (let i = from; i + 3 < to; i++) {
    const a = tokens[i]
    const h = tokens[i + 1]
    const w = tokens[i + 2]
    const p = tokens[i + 3]
    if (a.kind === 'num' && h.kind === 'op' && h.op === '-' && w.kind === 'word' && (w.lower === 'token' || w.lower === 'tokens') && p.kind === 'word') {
      const fa = ctx.byToken.get(a)!
      if (/^(prompt|prompts|input|inputs)$/.test(p.lower)) {
        fa.quantity = 'promptLen'
        fa.how = 'n-token'
      } else if (/^(context|sequence|sequences)$/.test(p.lower)) {
        fa.quantity = 'seqLen'
        fa.how = 'n-token'
      }
    }
  }
  void D
  void matchUnit
}
