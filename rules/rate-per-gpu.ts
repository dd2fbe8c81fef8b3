/**
 * deployment-rate-per-gpu: in a table of configurations, a token rate per GPU times a whole number of GPUs gives the
 * rate of the replica, node or deployment beside it (`| Output tok/s per node | 10,600 |`, `| Output tok/s per GPU |
 * 1,325 |`).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import { halfUnitBase, replacement } from '../src/compare.js'
import { dec, show, type Dec } from '../src/num.js'

/** The interval of whole ÷ per-GPU that the written digits allow. */
function ratio(whole: Fact, perGpu: Fact): [number, number] {
  const w = whole.value.toNumber()
  const p = perGpu.value.toNumber()
  const hw = halfUnitBase(whole).toNumber()
  const hp = halfUnitBase(perGpu).toNumber()
  return [(w - hw) / (p + hp), (w + hw) / Math.max(p - hp, 1e-9)]
}

function wholeNumberIn([lo, hi]: [number, number]): boolean {
  return Math.ceil(lo - 1e-9) <= Math.floor(hi + 1e-9)
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const { perGpu, wholes, gpus, gpuCounts } of a.x.perGpuRates) {
    // With the GPU count in the row (`| 2 | 4,380 | 2,290 |`): the whole's rate ÷ the GPUs, within the rounding of both.
    if (gpus) {
      // Two GPU counts (`GPUs per replica`, `GPUs`): which one the whole is of is not known.
      if (gpuCounts.length === 1) out.push(...withGpus(a, perGpu, wholes, gpus))
      continue
    }
    // Some whole of the configuration is a whole number of GPUs at this rate: the row holds.
    if (wholes.some((w) => wholeNumberIn(ratio(w, perGpu)))) continue
    const w = wholes[0]
    const [lo, hi] = ratio(w, perGpu)
    const n = (lo + hi) / 2
    if (n < 0.9) continue
    // The GPU count: the nearest power of two within 10%.
    const p2 = 2 ** Math.round(Math.log2(n))
    const count = Math.abs(p2 - n) <= 0.1 * p2 ? p2 : undefined
    const right: Dec | undefined = count ? w.value.div(count) : undefined
    const expected = right ? replacement(perGpu, right, a.x.source) : undefined
    const finding: Finding = {
      place: perGpu.place,
      reason: `Unexpected rate per GPU \`${perGpu.text}\`${expected ? `, expected \`${expected}\`` : ''}: ${w.text} ÷ ${perGpu.text} = ${show(dec(n), 3)} GPUs, not a whole number`,
      expected,
      note: count
        ? `${w.text} ÷ ${count} GPUs = ${show(right!, 4)} per GPU; ${w.text} ÷ ${perGpu.text} would be ${show(dec(n), 3)} GPUs`
        : `${w.text} ÷ ${perGpu.text} = ${show(dec(n), 3)} GPUs: no whole number of GPUs gives both rates`,
      fact: perGpu,
      correct: right,
    }
    out.push(expected ? finding : withoutFix(finding))
  }
  return [...out, ...restatements(a)]
}

/** `5,200 tok/s per node, which is about 325 tok/s per GPU`: the whole ÷ the GPUs of a node (or of a replica). */
function restatements(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const { perGpu, whole, per } of a.x.rateRestatements) {
    const replicas = [...new Set((a.derived.readings.get('gpusPerReplica') ?? []).map((r) => r.value))]
    // A rate of no stated whole is the deployment's (its stated GPU count) or a replica's.
    const stated = a.resolved.inputs.get('gpus')
    const total = stated && stated.facts.some((f) => !f.quoted) ? [stated.value] : []
    const counts = per === 'node' ? [a.resolved.inputs.get('gpusPerNode')?.value].filter((n): n is number => n !== undefined) : per === 'replica' ? replicas : total
    if (counts.length !== 1 || !Number.isInteger(counts[0]) || counts[0] < 1) continue
    const n = counts[0]
    const [lo, hi] = ratio(whole, perGpu)
    const fits = (m: number): boolean => lo <= m + 1e-9 && hi >= m - 1e-9
    // (`10,240 tokens/s per GPU over 256 GPUs`: a GPU count the clause states is a reading too.)
    const own = per === 'total' ? (a.x.factsOf.get(perGpu.seg) ?? []).filter((f) => f.clause === perGpu.clause && f.noun === 'gpu' && !f.unit).map((f) => f.value.toNumber()) : []
    if (fits(n) || (per === 'total' && [...replicas, ...own].some(fits))) continue
    const right = whole.value.div(n)
    const expected = replacement(perGpu, right, a.x.source)
    if (expected === perGpu.text) continue
    const what = per === 'node' ? `GPUs per node` : per === 'replica' ? `GPUs per replica` : 'GPUs'
    out.push({
      place: perGpu.place,
      reason: `Unexpected rate per GPU \`${perGpu.text}\`, expected \`${expected}\`: ${whole.text}${per === 'total' ? '' : ` per ${per}`} ÷ ${n} ${what} = ${show(right, 4)}`,
      expected,
      note: `${whole.text}${per === 'total' ? '' : ` per ${per}`} ÷ ${n} ${what} = ${show(right, 4)} per GPU, not ${perGpu.text}`,
      fact: perGpu,
      correct: right,
    })
  }
  return out
}

function withGpus(a: Analysis, perGpu: Fact, wholes: Fact[], gpus: Fact): Finding[] {
  const n = gpus.value.toNumber()
  if (!gpus.value.isInteger() || n < 1 || wholes.length !== 1) return []
  const w = wholes[0]
  // The column written after the other is the one derived from it: `| Output tok/s per GPU | GPUs | Total |` blames the
  // total (deployment-throughput-total's), `| GPUs | out tok/s | tok/s/GPU |` the rate per GPU.
  const col = (f: Fact): number => f.seg.table?.col ?? -1
  if (col(perGpu) < col(w)) return []
  if (wholeNumberIn(ratio(w, perGpu)) && ratio(w, perGpu)[0] <= n + 1e-9 && ratio(w, perGpu)[1] >= n - 1e-9) return []
  const right = w.value.div(n)
  const expected = replacement(perGpu, right, a.x.source)
  // The GPU count is a whole's too: a per-GPU rate that is the whole's at another count (a replica's) is left alone.
  if (expected === perGpu.text) return []
  return [
    {
      place: perGpu.place,
      reason: `Unexpected rate per GPU \`${perGpu.text}\`, expected \`${expected}\`: ${w.text} ÷ ${gpus.text} GPUs = ${show(right, 4)}`,
      expected,
      note: `${w.text} ÷ ${gpus.text} GPUs = ${show(right, 4)} per GPU, not ${perGpu.text}`,
      fact: perGpu,
      correct: right,
    },
  ]
}

export const docs = {
  summary: 'In a table of configurations, a rate per GPU times a whole number of GPUs must give the rate of the replica, node or deployment beside it.',
  description: [
    'A column (or, in a table of quantities by configuration, a row) of token rates per GPU (`Output tok/s per GPU`) is',
    'compared with the token rates of a whole in the same row (`Output tok/s per replica`, `per node`, `Measured output',
    'tok/s`): the whole divided by the rate per GPU must be a whole number of GPUs within the rounding of both. Input and',
    'output rates are kept apart, and rates per user or request, targets and shares are not read. The fix divides the',
    'whole by the nearest power of two within 10%; otherwise the message has no fix. In a row with a GPU count (`| GPUs |',
    'Output tok/s | tok/s/GPU |`, one whole rate written before it) the rate per GPU must be the whole divided by that',
    'count, within the rounding of both; the fix is that quotient. When the whole is written after the rate per GPU, the',
    'whole is the derived one and deployment-throughput-total checks it.',
  ].join('\n'),
}

export default defineRule('rate-per-gpu', docs, check)
export { check }
