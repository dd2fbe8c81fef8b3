/** deployment-layers-per-stage: layers per pipeline stage = L ÷ PP (floor or ceil for uneven splits). */
import { defineRule } from '../src/rule.js'
import { checkRows } from '../src/checks/row-layouts.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'

function check(a: Analysis): Finding[] {
  return [...checkAgainst(a, 'layersPerStage', { tol: TOL.exact, what: 'layers per stage', skip: (f) => f.approx }), ...checkRows(a, ['layersPerStage'], 'layers per stage')]
}

export const docs = {
  summary: 'Layers per pipeline stage must be the layer count ÷ PP.',
  description: [
    'When PP does not divide the layer count, frameworks give some stages one more layer (Megatron needs an explicit',
    'uneven split, vLLM, SGLang and TensorRT-LLM spread the remainder), so both the floor and the ceiling are accepted.',
  ].join('\n'),
}

export default defineRule('layers-per-stage', docs, check)
export { check }
