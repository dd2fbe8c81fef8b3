/**
 * deployment-utilization: achieved TFLOPS per GPU and MFU must follow from
 * each other (MFU = achieved ÷ the GPU's peak) and from the measured
 * tokens/s per GPU (achieved = 6·N FLOPs per token for training, 2·N for
 * inference, N the parameter count the text states).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import { dec, show, type Dec } from '../src/num.js'
import { halfUnitBase, replacement, inUnit } from '../src/compare.js'
import { gpuById } from '../src/model/gpus.js'

/** Attention adds FLOPs per token beyond 6·N (2·N): up to a third at long sequences; below, the stated rounding plus 10%. */
const BELOW = 0.9
const ABOVE = 1.35
const MFU_SLACK = 0.1

interface Peak {
  /** FLOP/s. */
  value: Dec
  what: string
}

/** The peaks an MFU may be stated against, and the one a fix uses (the document's, or the table's for its format). */
function peaks(a: Analysis): { all: Peak[]; fix?: Peak } {
  const stated = a.x.facts.filter((f) => f.quantity === 'peakFlops' && !f.quoted && f.unit?.dim === 'flopRate')
  const distinct = [...new Set(stated.map((f) => f.value.toString()))]
  const all: Peak[] = []
  let fix: Peak | undefined
  if (distinct.length === 1) {
    fix = { value: stated[0].value, what: `the stated peak ${stated[0].text}` }
    all.push(fix)
  }
  const id = a.resolved.model.hardware?.gpuType
  const gpu = id ? gpuById(id) : undefined
  if (gpu) {
    const tera = (t: number): Dec => dec(t).times(1e12)
    const bf16: Peak = { value: tera(gpu.bf16Tflops), what: `${gpu.id} dense BF16 peak ${gpu.bf16Tflops} TFLOPS` }
    const fp8: Peak | undefined = gpu.fp8Tflops ? { value: tera(gpu.fp8Tflops), what: `${gpu.id} dense FP8 peak ${gpu.fp8Tflops} TFLOPS` } : undefined
    for (const p of [bf16, fp8]) if (p) all.push(p, { value: p.value.times(2), what: `${p.what} × 2 (sparse)` })
    const precision = a.resolved.model.shape.weightPrecision
    if (!fix && (precision === 'bf16' || precision === 'fp16')) fix = bf16
    if (!fix && precision === 'fp8') fix = fp8
  }
  return { all, fix }
}

function interval(f: Fact): [Dec, Dec] {
  const h = halfUnitBase(f)
  return [f.value.minus(h), f.value.plus(h)]
}

/** Does the achieved figure fit FLOPs per token × tokens/s (rounding, −10% … +35%)? */
function fitsTokens(achieved: Fact, flops: Dec): boolean {
  const [lo, hi] = interval(achieved)
  return hi.gte(flops.times(BELOW)) && lo.lte(flops.times(ABOVE))
}

/** Does MFU × peak give the achieved figure (rounding of both plus 10%)? */
function fitsMfu(mfu: Fact, achievedValue: [Dec, Dec], peak: Dec): boolean {
  const [mlo, mhi] = interval(mfu)
  const lo = mlo.div(100).times(peak).times(1 - MFU_SLACK)
  const hi = mhi.div(100).times(peak).times(1 + MFU_SLACK)
  return achievedValue[1].gte(lo) && achievedValue[0].lte(hi)
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  if (a.x.utilization.length === 0) return out
  const { all, fix } = peaks(a)
  const moe = (a.resolved.model.shape.experts ?? 0) > 1 || (a.x.byQuantity.get('paramsActive') ?? []).some((f) => !f.quoted)
  for (const { achieved, mfu, tokensPerGpu, params, mode } of a.x.utilization) {
    // FLOPs per token from the count the text states: 6·N training, 2·N inference; a total count of an MoE is not what it computes with.
    let fromTokens: Dec | undefined
    let perToken = ''
    if (tokensPerGpu && params && mode && !(moe && params.quantity !== 'paramsActive')) {
      const factor = mode === 'training' ? 6 : 2
      fromTokens = params.value.times(factor).times(tokensPerGpu.value)
      perToken = `${factor} × ${params.text} FLOPs per token (${mode}) × ${tokensPerGpu.text}`
    }
    const tokensOk = fromTokens === undefined ? undefined : fitsTokens(achieved, fromTokens)
    const mfuOk = mfu && all.length > 0 ? all.some((p) => fitsMfu(mfu, interval(achieved), p.value)) : undefined
    if (mfu && mfuOk === false && fix && tokensOk !== false) {
      // The MFU is the derived figure: achieved ÷ peak.
      const exact = achieved.value.div(fix.value).times(100)
      const expected = replacement(mfu, exact, a.x.source)
      out.push({
        place: mfu.place,
        reason: `Unexpected MFU \`${mfu.text}\`, expected \`${expected}\`: ${achieved.text} ÷ ${fix.what}`,
        expected,
        note: `${achieved.text} ÷ ${fix.what} = ${show(exact, 4)}%, not ${mfu.text}`,
      })
      continue
    }
    if (tokensOk === false && fromTokens) {
      // The achieved figure does not follow from the rate: when an MFU is stated it must agree with the rate's figure too.
      if (mfu && fix && !fitsMfu(mfu, [fromTokens, fromTokens], fix.value)) continue
      if (mfu && !fix) continue
      const expected = replacement(achieved, fromTokens, a.x.source)
      out.push({
        place: achieved.place,
        reason: `Unexpected achieved compute \`${achieved.text}\`, expected \`${expected}\`: ${perToken}`,
        expected,
        note: `${perToken} = ${inUnit(achieved, fromTokens)} per GPU, not ${achieved.text} (attention FLOPs may add up to a third; below that the rounding plus 10% is accepted)`,
      })
    }
  }
  return out
}

export const docs = {
  summary: 'Achieved TFLOPS per GPU and MFU must follow from each other and from the measured tokens/s per GPU.',
  description: [
    'Reads a paragraph that states achieved FLOP/s per GPU (`420 TFLOPS per GPU`) with an MFU (`42.5% MFU`), or with the',
    'tokens/s per GPU and the parameter count it was computed from, each once. MFU = achieved ÷ the GPU’s peak: the peak',
    'the document states, or the dense BF16 or FP8 peak of the GPU it names (the sparse figure, twice that, is accepted',
    'too), within the rounding of both plus 10%. Achieved = 6 × N FLOPs per token for training (2 × N for inference) ×',
    'tokens/s per GPU, with N the parameter count the text states (an MoE’s active count, never its total), accepted from',
    '10% below to a third above (attention FLOPs at long sequences), and only when the text says training or inference.',
    'The MFU is reported when it disagrees with the achieved figure (which the rate confirms, or no rate is given); the',
    'achieved figure when it disagrees with the rate and the MFU, if stated, agrees with the rate.',
  ].join('\n'),
}

export default defineRule('utilization', docs, check)
export { check }
