/**
 * deployment-experts-per-gpu: experts per GPU per layer = E ÷ EP; experts per
 * GPU over all its layers = (E ÷ EP) × MoE layers per stage.
 */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'
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
  ].join('\n'),
}

export default defineRule('experts-per-gpu', docs, check)
export { check }
