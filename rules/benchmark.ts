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
import { replacement } from '../src/compare.js'

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
  return out
}

export const docs = {
  summary: 'A serving benchmark result block must add up: request, output-token and total-token throughput against counts ÷ duration.',
  description: [
    'Reads the `Serving Benchmark Result` blocks that vLLM and SGLang benchmarks print (`Successful requests`,',
    '`Benchmark duration (s)`, `Total input tokens`, `Total generated tokens`, `Request throughput (req/s)`,',
    '`Output token throughput (tok/s)`, `Total Token throughput (tok/s)`) and checks the three identities within the',
    'rounding of the printed values (the duration’s rounding included). Peak values are not checked.',
  ].join('\n'),
}

export default defineRule('benchmark', docs, check)
export { check }
