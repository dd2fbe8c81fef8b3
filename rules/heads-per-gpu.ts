/** deployment-heads-per-gpu: attention heads per GPU = heads ÷ TP; KV heads per GPU = max(1, KV heads ÷ TP). */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'

function check(a: Analysis): Finding[] {
  return [
    ...checkAgainst(a, 'headsPerGpu', { tol: TOL.exact, what: 'attention heads per GPU', skip: (f) => f.approx }),
    ...checkAgainst(a, 'kvHeadsPerGpu', { tol: TOL.exact, what: 'KV heads per GPU', skip: (f) => f.approx }),
    ...checkRows(a, ['headsPerGpu', 'kvHeadsPerGpu'], 'heads per GPU'),
  ]
}

export const docs = {
  summary: 'Attention heads per GPU must be the head count ÷ TP, and KV heads per GPU max(1, KV heads ÷ TP).',
  description: [
    'Tensor parallelism splits query heads across the TP GPUs. When there are fewer KV heads than TP GPUs, engines',
    'replicate them, so each GPU keeps one. Under attention data parallelism each GPU holds all heads.',
    'A result of a written division that is itself wrong (`32 ÷ 4 = 16`) is left to deployment-arithmetic.',
  ].join('\n'),
}

export default defineRule('heads-per-gpu', docs, check)
export { check }
