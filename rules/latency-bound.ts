/**
 * deployment-latency-bound: a stated time to first token below the prefill
 * compute bound (at 100% of peak) is impossible.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { ttftCheck } from '../src/model/throughput.js'
import { claims } from '../src/claims.js'
import { hardwareOptions } from './throughput-bound.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const promptLen = a.resolved.inputs.get('promptLen')?.value
  if (!promptLen) return out
  const hw = hardwareOptions(a)
  for (const f of claims(a, 'ttft')) {
    if (f.unit?.dim !== 'time') continue
    const half = f.tok.lit.halfUnit.times(f.unit.factor)
    const high = f.value.plus(half).times(f.approx ? 1.05 : 1).toNumber()
    let r
    try {
      r = ttftCheck(high, a.resolved.model, { promptLen, peakTflops: hw.peakTflops })
    } catch {
      r = undefined
    }
    if (!r || r.verdict !== 'impossible') continue
    out.push({
      place: f.place,
      reason: `Unexpected TTFT \`${f.text}\`: below the time the prefill of ${promptLen} tokens takes at 100% of peak`,
      note: r.derivation,
    })
  }
  return out
}

export const docs = {
  summary: 'A stated time to first token must not be below the prefill compute bound at 100% of the hardware’s peak.',
  description: [
    'TTFT ≥ (2 × active parameters × prompt length + attention FLOPs) ÷ (GPUs that share one request’s compute × peak).',
    'Pipeline stages run one after the other for one request; routed experts run on EP × ETP GPUs, attention on the',
    'attention-TP group. Checked only when the prompt length is stated. Values below the bound at MFU 0.6 are plausible',
    'only for unusually good kernels and are not reported.',
  ].join('\n'),
}

export default defineRule('latency-bound', docs, check)
export { check }
