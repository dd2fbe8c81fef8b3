/**
 * deployment-experts-per-gpu: experts per GPU per layer = E ÷ EP; experts per
 * GPU over all its layers = (E ÷ EP) × MoE layers per stage.
 */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import { checkAgainst, ownValuesBefore } from '../src/claims.js'
import { TOL, replacement } from '../src/compare.js'
import { dec } from '../src/num.js'
import { moeLayerCount } from '../src/model/params.js'
import type { Fact } from '../src/facts.js'

function check(a: Analysis): Finding[] {
  const out = checkAgainst(a, 'expertsPerGpuLayer', { tol: TOL.exact, what: 'experts per GPU per layer', skip: (f) => f.approx })
  // Unscoped "experts per GPU": only when every reading can be computed (PP stated).
  const readings = a.derived.readings.get('expertsPerGpu')
  if (a.resolved.inputs.has('pp') && a.derived.experts && readings) {
    // `48 expert instances`, `experts in total`, `| Expert instances per GPU | 928 |`: the all-layers reading is the fix.
    const whole = (f: Fact): boolean => f.afterCues?.has('allLayersCount') === true || f.labelCues?.has('allLayersCount') === true
    const allLayers = [...readings.filter((r) => r.convention === 'all layers on the GPU'), ...readings.filter((r) => r.convention !== 'all layers on the GPU')]
    out.push(...checkAgainst(a, 'expertsPerGpu', { tol: TOL.exact, what: 'experts per GPU', skip: (f) => f.approx || !whole(f), readings: allLayers }))
    // Otherwise the scope is unknown: report without a fix when the readings differ.
    const distinct = new Set(readings.map((r) => r.value)).size
    for (const f of checkAgainst(a, 'expertsPerGpu', { tol: TOL.exact, what: 'experts per GPU', skip: (g) => g.approx || whole(g) })) {
      out.push(distinct > 1 ? withoutFix(f) : f)
    }
  }
  out.push(...checkRows(a, ['expertsPerGpuLayer', 'expertsPerGpu'], 'experts per GPU per layer'))
  out.push(...itemLayouts(a))
  return out
}

/**
 * `- **4-node replicas, EP=32:** 16 routed experts per GPU`: a list item that states an EP of its own (another than the
 * plan's, or the plan's being undecided) is an option of its own; its experts per GPU follow from that EP and the
 * model's experts per layer. An unscoped count holds if it is the per-layer share or the share over all MoE layers of
 * some pipeline stage; it is then reported without a fix.
 */
function itemLayouts(a: Analysis): Finding[] {
  const shape = a.resolved.model.shape
  const experts = shape.experts
  if (!experts || experts < 2) return []
  const planEp = a.resolved.inputs.get('ep')?.value
  const moeLayers = moeLayerCount(shape)
  const out: Finding[] = []
  for (const q of ['expertsPerGpuLayer', 'expertsPerGpu'] as const) {
    for (const f of a.x.byQuantity.get(q) ?? []) {
      if (!f.seg.listItem || f.quoted || f.approx || f.example || f.expr || f.negated || f.bound !== undefined) continue
      const eps = ownValuesBefore(a, f, 'ep')
      // `**4 × L40S, TP4 + expert parallel.** … each rank holds 32 of the 64 routed experts`: expert parallelism switched
      // on over TP with no DP of the item's spans the TP group (vLLM: EP = TP × DP).
      const flag = a.x.attributes.some((t) => t.seg === f.seg && t.attr === 'expertParallelFlag' && !t.quoted)
      const tps = ownValuesBefore(a, f, 'tp')
      if (eps.size === 0 && flag && tps.size === 1 && ownValuesBefore(a, f, 'dp').size === 0) eps.add([...tps][0])
      if (eps.size !== 1) continue
      // (`… with 32 redundant routed experts, where each GPU handles 9`: other counts of experts change the share.)
      if ((a.x.factsOf.get(f.seg) ?? []).some((g) => g !== f && g.noun === 'expert' && g.quantity !== q && !g.value.eq(experts))) continue
      const ep = [...eps][0]
      if (ep === planEp || ep < 1 || experts % ep !== 0) continue
      const per = experts / ep
      const v = f.value.toNumber()
      if (v === per) continue
      const stages = [1, 2, 4, 8, 16].filter((pp) => moeLayers !== undefined && moeLayers % pp === 0)
      if (q === 'expertsPerGpu' && (moeLayers === undefined || stages.some((pp) => v === (per * moeLayers) / pp))) continue
      const derivation = `${experts} experts per layer ÷ EP ${ep} (this item's) = ${per} experts per GPU per layer`
      const finding: Finding = {
        place: f.place,
        reason: `Unexpected experts per GPU per layer \`${f.text}\`, expected \`${per}\`: ${derivation}`,
        expected: replacement(f, dec(per), a.x.source),
        note: `${derivation}; the item states its own EP, so its experts per GPU follow from it, not from the plan's`,
        fact: f,
      }
      out.push(q === 'expertsPerGpu' ? withoutFix({ ...finding, reason: `Unexpected experts per GPU \`${f.text}\`: ${derivation}` }) : finding)
    }
  }
  return out
}

export const docs = {
  summary: 'Experts per GPU must follow from the experts per layer, EP, ETP and the MoE layers of a pipeline stage.',
  description: [
    '`N experts per GPU per layer` (or `each GPU holds N experts per layer`) must be E ÷ EP; when EP does not divide E,',
    'vLLM gives some GPUs one more, so the floor and the ceiling are both accepted. With R redundant expert slots stated',
    '(EPLB), (E + R) ÷ EP slots per GPU is accepted too, and is the fix.',
    '`N experts per GPU` without a scope holds if it equals any reading: per layer (E ÷ EP), over all layers of the',
    'GPU’s stage ((E ÷ EP) × MoE layers ÷ PP), or in full-expert equivalents under expert tensor parallelism (÷ ETP).',
    'It is checked only when PP is stated, so that every reading is known.',
    'A list item that states its own EP (an option: `- **4-node replicas, EP=32:** 16 routed experts per GPU`) is checked',
    'against that EP, unless it counts other experts (redundant copies); an unscoped count there is reported without a fix.',
  ].join('\n'),
}

export default defineRule('experts-per-gpu', docs, check)
export { check }
