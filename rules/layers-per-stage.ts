/** deployment-layers-per-stage: layers per pipeline stage = L ÷ PP (floor or ceil for uneven splits). */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'

function check(a: Analysis): Finding[] {
  return [...checkAgainst(a, 'layersPerStage', { tol: TOL.exact, what: 'layers per stage', skip: (f) => f.approx }), ...checkRows(a, ['layersPerStage'], 'layers per stage'), ...stageLists(a)]
}

/**
 * `56 layers … we would run 19/18/18`: the layers of the stages of a pipeline add up to the model's layers (or to its
 * MoE layers, for a list of those). Items far from the mean stage size (`4/2/8`) are no list of stages.
 */
function stageLists(a: Analysis): Finding[] {
  const layers = a.resolved.inputs.get('layers')?.value
  if (layers === undefined || a.x.stageLists.length === 0) return []
  const moe = a.resolved.inputs.get('moeLayers')?.value
  const out: Finding[] = []
  for (const { facts } of a.x.stageLists) {
    // A list of another setup's stages (`we would run 19/18/18`) must still add up: only a quoted one is not checked.
    if (facts.some((f) => f.quoted)) continue
    const n = facts.length
    const values = facts.map((f) => f.value.toNumber())
    const sum = values.reduce((x, y) => x + y, 0)
    if (sum === layers || sum === moe) continue
    const mean = layers / n
    if (values.some((v) => v < mean * 0.75 || v > mean * 1.34)) continue
    const first = facts[0]
    const last = facts[n - 1]
    const base = Math.floor(layers / n)
    const extra = layers - base * n
    // The balanced split, larger stages first unless the list grows.
    const grows = values.every((v, i) => i === 0 || v >= values[i - 1]) && values[n - 1] > values[0]
    const split = values.map((_, i) => base + ((grows ? i >= n - extra : i < extra) ? 1 : 0))
    const expected = split.join('/')
    out.push({
      place: { start: first.place.start, end: last.place.end },
      reason: `Unexpected layers per stage \`${values.join('/')}\`, expected \`${expected}\`: ${n} stages must hold the ${layers} layers`,
      expected,
      note: `${values.join(' + ')} = ${sum}, not ${layers} layers; ${layers} ÷ ${n} stages = ${expected}`,
    })
  }
  return out
}

export const docs = {
  summary: 'Layers per pipeline stage must be the layer count ÷ PP.',
  description: [
    'When PP does not divide the layer count, frameworks give some stages one more layer (Megatron needs an explicit',
    'uneven split, vLLM, SGLang and TensorRT-LLM spread the remainder), so both the floor and the ceiling are accepted.',
    'A list of the stages’ layers glued with slashes (`stages are 24/24/23/23`, in a clause about stages or the pipeline)',
    'must add up to the model’s layers (or its MoE layers); the fix is the balanced split in the list’s order. Lists whose',
    'items are far from the mean stage size (`4/2/8`) are not read as stages.',
  ].join('\n'),
}

export default defineRule('layers-per-stage', docs, check)
export { check }
