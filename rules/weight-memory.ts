/** deployment-weight-memory: weight memory per GPU by class (experts, attention, embedding/head, total) (±5%, GB or GiB). */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst, otherScope } from '../src/claims.js'
import type { Fact } from '../src/facts.js'
import { TOL } from '../src/compare.js'
import { memo } from '../src/analysis.js'
import { registerCorrector } from '../src/corrections.js'

function check(a: Analysis): Finding[] {
  return memo(a, 'weight-memory', () => {
    const perGpu = { tol: TOL.memory, skip: (f: Fact) => !f.perGpuContext || otherScope(f) }
    return [
      ...checkAgainst(a, 'memExperts', { ...perGpu, what: 'expert weight memory per GPU' }),
      ...checkAgainst(a, 'memAttention', { ...perGpu, what: 'attention weight memory per GPU' }),
      ...checkAgainst(a, 'memEmbedding', { ...perGpu, what: 'embedding/output head memory per GPU' }),
      ...checkAgainst(a, 'memWeights', { ...perGpu, tol: TOL.total, what: 'weight memory per GPU' }),
    ]
  })
}
registerCorrector(check)

export const docs = {
  summary: 'Weight memory per GPU (expert weights, attention, embedding and output head, all weights) must follow from the model shape, the precision and the parallel plan.',
  description: [
    'Routed experts: (E ÷ EP) experts per MoE layer × MoE layers per stage × 3·h·f_e parameters (each 1/ETP under expert',
    'tensor parallelism). Attention: Q and O ÷ TP, K and V with max(1, g ÷ TP) heads, replicated under attention data',
    'parallelism. Embedding ÷ TP on the first stage, an untied head ÷ TP on the last (any stage’s reading is accepted).',
    'Bytes per parameter from the stated precision (BF16 2, FP8 1, INT4 ≈0.5, MXFP4 0.53, NVFP4 0.56). Values match within',
    '5% under either the GB or the GiB reading, and only values stated per GPU (a per-GPU table or sentence) are checked.',
    'A total built on a wrong part is checked against the corrected part (see deployment-total).',
  ].join('\n'),
}

export default defineRule('weight-memory', docs, check)
export { check }
