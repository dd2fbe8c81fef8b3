/** deployment-kv-cache: KV cache per GPU from batch, sequence length, layers per stage, KV heads per GPU and precision (±5%). */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst, otherScope } from '../src/claims.js'
import type { Fact } from '../src/facts.js'
import { TOL } from '../src/compare.js'
import { memo } from '../src/analysis.js'
import { registerCorrector } from '../src/corrections.js'

function check(a: Analysis): Finding[] {
  return memo(a, 'kv-cache', () =>
    checkAgainst(a, 'memKv', {
      tol: TOL.memory,
      what: 'KV cache per GPU',
      // `KV cache, sliding layers`: a part of the cache.
      skip: (f) => !f.perGpuContext || otherScope(f) || [...a.x.clauses[f.clause].words].some((w) => /^(sliding|window|full|local|global|partial|part)$/.test(w)),
    }),
  )
}
registerCorrector(check)

export const docs = {
  summary: 'KV cache per GPU must follow from batch × sequence length × layers per stage × bytes per token per layer.',
  description: [
    'GQA/MHA: 2 × max(1, KV heads ÷ TP) × head dim × bytes per element per token per layer (engines replicate KV heads',
    'when there are fewer than TP). MLA (DeepSeek): (kv_lora_rank + rope dim) × bytes, not divided by TP. Sliding-window',
    'layers hold at most the window. The KV precision defaults to the weight precision. Matches within 5% under either',
    'the GB or the GiB reading; only values stated per GPU are checked.',
  ].join('\n'),
}

export default defineRule('kv-cache', docs, check)
export { check }
