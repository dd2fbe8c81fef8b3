/** deployment-heads-per-gpu: attention heads per GPU = heads ÷ TP; KV heads per GPU = max(1, KV heads ÷ TP). */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'
import type { Fact } from '../src/facts.js'

/**
 * `Under plain TP8 each rank computes 128 / 8 = 16 heads; under DP-attention each rank runs all 128`: in a plan with
 * attention data parallelism, heads ÷ TP in a clause that names TP itself describes the plain-TP layout.
 */
function plainTp(a: Analysis, f: Fact): boolean {
  const heads = a.resolved.inputs.get('heads')?.value
  if (!a.resolved.model.plan.attentionDp || !heads) return false
  return (a.x.factsOf.get(f.seg) ?? []).some((g) => g.clause === f.clause && g.quantity === 'tp' && f.value.times(g.value).eq(heads))
}

function check(a: Analysis): Finding[] {
  return [
    ...checkAgainst(a, 'headsPerGpu', { tol: TOL.exact, what: 'attention heads per GPU', skip: (f) => f.approx || plainTp(a, f) }),
    ...checkAgainst(a, 'kvHeadsPerGpu', { tol: TOL.exact, what: 'KV heads per GPU', skip: (f) => f.approx }),
    ...checkRows(a, ['headsPerGpu', 'kvHeadsPerGpu'], 'heads per GPU'),
  ]
}

export const docs = {
  summary: 'Attention heads per GPU must be the head count ÷ TP, and KV heads per GPU max(1, KV heads ÷ TP).',
  description: [
    'Tensor parallelism splits query heads across the TP GPUs. When there are fewer KV heads than TP GPUs, engines',
    'replicate them, so each GPU keeps one. Under attention data parallelism each GPU holds all heads; heads ÷ TP in a clause',
    'that names TP itself (`under plain TP8 each rank computes 128 / 8 = 16 heads`) describes the plain-TP layout and is accepted.',
    'A result of a written division that is itself wrong (`32 ÷ 4 = 16`) is left to deployment-arithmetic.',
  ].join('\n'),
}

export default defineRule('heads-per-gpu', docs, check)
export { check }
