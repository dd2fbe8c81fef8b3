/**
 * deployment-benchmark: a serving benchmark result block (vLLM / SGLang
 * `bench_serving`) must be consistent: request throughput = requests ÷
 * duration, output token throughput = generated tokens ÷ duration, total token
 * throughput = (input + generated tokens) ÷ duration.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import type { QuantityId } from '../src/lexicon/quantities.js'
import { dec, show, type Dec } from '../src/num.js'
import { replacement, halfUnitBase, inUnit } from '../src/compare.js'

function interval(f: Fact): [Dec, Dec] {
  const h = f.tok.lit.halfUnit
  return [f.written.minus(h), f.written.plus(h)]
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const bySeg = new Map<unknown, Map<QuantityId, Fact[]>>()
  for (const f of a.x.facts) {
    if (!f.quantity || !f.quantity.startsWith('bench') || f.quoted) continue
    const m = bySeg.get(f.seg) ?? new Map<QuantityId, Fact[]>()
    const list = m.get(f.quantity) ?? []
    list.push(f)
    m.set(f.quantity, list)
    bySeg.set(f.seg, m)
  }
  for (const m of bySeg.values()) {
    const one = (q: QuantityId): Fact | undefined => {
      const l = m.get(q)
      return l && l.length === 1 ? l[0] : undefined
    }
    const dur = one('benchDuration')
    if (!dur || dur.written.lte(0)) continue
    const [dlo, dhi] = interval(dur)
    if (dlo.lte(0)) continue
    const identity = (rate: Fact | undefined, parts: Array<Fact | undefined>, what: string): void => {
      if (!rate || parts.some((p) => !p)) return
      const sum = parts.reduce((s, p) => s.plus(p!.written), dec(0))
      const [rlo, rhi] = interval(rate)
      const lo = sum.div(dhi)
      const hi = sum.div(dlo)
      if (hi.gte(rlo) && lo.lte(rhi)) return
      const exact = sum.div(dur.written)
      const expected = replacement(rate, exact, a.x.source)
      const partsText = parts.map((p) => p!.text).join(' + ')
      out.push({
        place: rate.place,
        reason: `Unexpected ${what} \`${rate.text}\`, expected \`${expected}\`: ${partsText} ÷ ${dur.text} s = ${show(exact, 6)}`,
        expected,
        note: `${parts.length > 1 ? `(${partsText})` : partsText} ÷ ${dur.text} s = ${show(exact, 6)}, not ${rate.text}`,
      })
    }
    identity(one('benchRequestRate'), [one('benchRequests')], 'request throughput')
    identity(one('benchOutputRate'), [one('benchOutputTokens')], 'output token throughput')
    identity(one('benchTotalRate'), [one('benchInputTokens'), one('benchOutputTokens')], 'total token throughput')
  }
  return [...out, ...requestRates(a)]
}

/**
 * `At 4.2 req/s with 256 output tokens per request, the output throughput is 1,075 tok/s`: the token rate is the
 * request rate × the tokens per request, within the rounding of the rates plus 5% (10% when either is approximate).
 */
function requestRates(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const { rate, perRequest, tokenRate, kind } of a.x.requestRates) {
    const [rlo, rhi] = interval(rate)
    const [nlo, nhi] = interval(perRequest)
    const slack = rate.approx || tokenRate.approx || perRequest.approx ? 0.1 : 0.05
    const [tlo, thi] = [tokenRate.value.minus(halfUnitBase(tokenRate)), tokenRate.value.plus(halfUnitBase(tokenRate))]
    const lo = rlo.times(rate.unit!.factor).times(nlo).times(1 - slack)
    const hi = rhi.times(rate.unit!.factor).times(nhi).times(1 + slack)
    if (thi.gte(lo) && tlo.lte(hi)) continue
    const exact = rate.value.times(perRequest.value)
    const expected = replacement(tokenRate, exact, a.x.source)
    out.push({
      place: tokenRate.place,
      reason: `Unexpected ${kind} token rate \`${tokenRate.text}\`, expected \`${expected}\`: ${rate.text} × ${perRequest.text} ${kind} tokens per request`,
      expected,
      note: `${rate.text} × ${perRequest.text} ${kind} tokens per request = ${inUnit(tokenRate, exact)}, not ${tokenRate.text}`,
      fact: tokenRate,
      correct: exact,
    })
  }
  return out
}

export const docs = {
  summary: 'A serving benchmark result block must add up: request, output-token and total-token throughput against counts ÷ duration.',
  description: [
    'Reads the `Serving Benchmark Result` blocks that vLLM and SGLang benchmarks print (`Successful requests`,',
    '`Benchmark duration (s)`, `Total input tokens`, `Total generated tokens`, `Request throughput (req/s)`,',
    '`Output token throughput (tok/s)`, `Total Token throughput (tok/s)`) and checks the three identities within the',
    'rounding of the printed values (the duration’s rounding included). Peak values are not checked.',
    'In prose, a request rate, a token count per request and a token rate of the same kind (`At 4.2 req/s with 256 output',
    'tokens per request, the output throughput is 1,075 tok/s`) must give token rate = request rate × tokens per request,',
    'within the rounding of the written values plus 5% (10% when one is approximate). A paragraph that names an offered',
    'load (`--request-rate`, Poisson arrivals, `up to`) or states a second rate or count of the same kind is not read.',
  ].join('\n'),
}

export default defineRule('benchmark', docs, check)
export { check }
