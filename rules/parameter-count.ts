/** deployment-parameter-count: total and active parameters recomputed from the model shape (±2%). */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { matches, TOL } from '../src/compare.js'
import type { Fact } from '../src/facts.js'

function check(a: Analysis): Finding[] {
  // A model known only by name: check the claims made about it (same paragraph, or a document titled by it).
  const named = a.named
  // A count computed in a written formula (`3 × 6144 × 16384 = 301,989,888 parameters`) is a part, checked by
  // deployment-arithmetic; but a product of the model's own name (`8 × 7B = 56B parameters` for Mixtral 8x7B) is
  // exactly the claim this rule exists for.
  const nameProduct = (f: Fact): boolean => {
    if (!f.expr || f.how !== 'noun' || !f.tok.lit.style.suffix) return false
    const e = a.x.expressions[f.expr.id]
    const operands = e ? a.x.facts.filter((g) => g.expr?.id === e.id && g.expr.role === 'operand') : []
    return operands.length === 2 && operands.some((g) => g.tok.lit.style.suffix === 'B')
  }
  // (`Per GPU, ignoring routers and norms:` … `Sum ≈ 1.543B parameters`: a count of one GPU's share is no count of the model.)
  const about = (f: Fact): boolean =>
    !f.perGpuContext && (!f.expr || f.how === 'label' || f.how === 'row' || a.x.expressions[f.expr.id]?.provenance === true || nameProduct(f)) && (!named || named.inHeading || named.segments.has(f.seg))
  // Which layers are MoE is an input too: a config, a known model, or the text's own word on dense layers (`the first
  // layer is dense`, `all 28 layers are MoE`). A shape written in prose without it (`28 layers, 64 routed experts`)
  // may hide a dense first layer, which moves the active count by a whole layer's experts: the active count stays
  // unchecked then.
  const inp = a.resolved.inputs
  const layout = a.resolved.configShape !== undefined || a.options.model !== undefined || named !== undefined || inp.has('denseLayers') || inp.has('moeLayers') || a.resolved.attributes.has('allMoe') || (a.resolved.model.shape.experts ?? 0) <= 1
  // A shape read as dense while the text counts experts or routes to top-k (`16 experts, top-2 routing`): the expert
  // count was not read, and the model is not known to be dense.
  const denseRead = (a.resolved.model.shape.experts ?? 0) <= 1 && a.resolved.configShape === undefined && a.options.model === undefined && named === undefined
  if (denseRead && (inp.has('topK') || a.x.facts.some((f) => f.noun === 'expert' && !f.quoted && f.value.gt(1)))) return []
  // `The whole model is about 53.9B parameters` agrees with the shape; a later `= 222,371,840 parameters` off by more
  // than a factor of 4 is a part (one layer, one GPU's share) or another model's, not a slip in the same count.
  const part = (q: 'paramsTotal' | 'paramsActive', f: Fact): boolean => {
    const readings = a.derived.readings.get(q) ?? []
    const agreed = a.x.byQuantity.get(q)?.some((g) => g !== f && !g.quoted && readings.some((r) => matches(g, r.value, TOL.params)))
    return Boolean(agreed) && readings.every((r) => r.value > 0 && (f.value.gt(r.value * 4) || f.value.times(4).lt(r.value)))
  }
  return [
    ...checkAgainst(a, 'paramsTotal', { tol: TOL.params, what: 'total parameter count', skip: (f) => !about(f) || part('paramsTotal', f) }),
    ...(layout ? checkAgainst(a, 'paramsActive', { tol: TOL.params, what: 'active parameter count', skip: (f) => !about(f) || part('paramsActive', f) }) : []),
  ]
}

export const docs = {
  summary: 'Total and active parameter counts must match the model shape within 2% (plus the rounding of the stated value).',
  description: [
    'Counts attention (GQA/MHA or MLA), dense FFN, routed and shared experts, router, norms, embedding and an untied',
    'output head, the way Megatron-Core and the model cards do; the formulas reproduce the published totals of 17 real MoE',
    'models within 1.2%. Active parameters count the top-k routed experts instead of all of them; publishers count',
    'embeddings three ways (both, head only, neither) and all three are accepted. "Mixtral 8x7B has 56B parameters"',
    'is the classic mistake: experts are only the FFN, so it has 46.7B. Counts computed in a written formula are parts and are left',
    'to deployment-arithmetic, except a product of the name itself (`8 × 7B = 56B parameters`). A label that names a part',
    '(`Dense layers: … → 251.66M params`, `Tensor-parallel part: … = 15.16B params`) is not a total. The active count is',
    'checked only when which layers are MoE is known (a config, a known model, or dense or MoE layers stated): a shape in',
    'prose may leave a dense first layer unsaid.',
  ].join('\n'),
}

export default defineRule('parameter-count', docs, check)
export { check }
