/** deployment-heads-per-gpu: attention heads per GPU = heads ÷ TP; KV heads per GPU = max(1, KV heads ÷ TP). */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst, namedModels, ownValuesBefore } from '../src/claims.js'
import { TOL } from '../src/compare.js'
import type { Fact } from '../src/facts.js'
import { knownShape } from '../src/model/catalog.js'

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
    ...itemLayouts(a),
  ]
}

/**
 * `- TP=4 target: 64 / 4 = 16 query heads per GPU and 2 KV heads per GPU`: a list item that states a TP of its own (another
 * than the plan's, or the plan's being undecided) is a layout of its own; its heads per GPU follow from that TP.
 */
function itemLayouts(a: Analysis): Finding[] {
  const shape = a.resolved.model.shape
  const planTp = a.resolved.inputs.get('tp')?.value
  const out: Finding[] = []
  const documentModels = namedModels(a)
  for (const q of ['headsPerGpu', 'kvHeadsPerGpu'] as const) {
    for (const f of a.x.byQuantity.get(q) ?? []) {
      if (!f.seg.listItem || f.quoted || f.approx || f.example || f.negated || f.bound !== undefined || (f.expr && f.expr.role === 'result')) continue
      // `- Mixtral 8x7B, TP2: 16 query heads and 4 KV heads per GPU` in a sheet of several models: the item's own model.
      const own = namedModels(a, f.seg)
      if (own.size > 1 || (own.size === 0 && documentModels.size > 1)) continue
      const itemShape = own.size === 1 ? knownShape([...own][0]) : shape
      const total = q === 'headsPerGpu' ? itemShape?.heads : itemShape?.kvHeads
      if (!total) continue
      const tps = ownValuesBefore(a, f, 'tp')
      if (tps.size !== 1) continue
      const tp = [...tps][0]
      if (tp === planTp || tp < 1 || a.x.attributes.some((t) => t.seg === f.seg && t.attr === 'attentionDp' && !t.quoted)) continue
      // (Other head counts before it in the item (`48 heads`) may be another model's.)
      if ((a.x.factsOf.get(f.seg) ?? []).some((g) => !g.quoted && g.place.start < f.place.start && g.noun === 'head' && g.quantity !== 'headsPerGpu' && g.quantity !== 'kvHeadsPerGpu' && !g.value.eq(itemShape?.heads ?? 0) && !g.value.eq(itemShape?.kvHeads ?? 0))) continue
      const per = q === 'headsPerGpu' ? total / tp : Math.max(1, total / tp)
      if (!Number.isInteger(per) || f.value.eq(per)) continue
      const what = q === 'headsPerGpu' ? 'attention heads per GPU' : 'KV heads per GPU'
      const derivation = q === 'headsPerGpu' ? `${total} heads ÷ TP ${tp} (this item's) = ${per}` : `max(1, ${total} KV heads ÷ TP ${tp} (this item's)) = ${per}`
      out.push({ place: f.place, reason: `Unexpected ${what} \`${f.text}\`, expected \`${per}\`: ${derivation}`, expected: String(per), note: `${derivation}, not ${f.text}`, fact: f })
    }
  }
  return out
}

export const docs = {
  summary: 'Attention heads per GPU must be the head count ÷ TP, and KV heads per GPU max(1, KV heads ÷ TP).',
  description: [
    'Tensor parallelism splits query heads across the TP GPUs. When there are fewer KV heads than TP GPUs, engines',
    'replicate them, so each GPU keeps one. Under attention data parallelism each GPU holds all heads; heads ÷ TP in a clause',
    'that names TP itself (`under plain TP8 each rank computes 128 / 8 = 16 heads`) describes the plain-TP layout and is accepted.',
    'A result of a written division that is itself wrong (`32 ÷ 4 = 16`) is left to deployment-arithmetic.',
    'A list item that states a TP of its own (`- TP=4 target: … 2 KV heads per GPU`), another than the plan’s or with the',
    'plan’s undecided, is checked against that TP, and against the known model the item names when it names one.',
  ].join('\n'),
}

export default defineRule('heads-per-gpu', docs, check)
export { check }
