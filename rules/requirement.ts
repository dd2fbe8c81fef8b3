/**
 * deployment-requirement: `85 tokens/ms ✅ exceeds the 100 tokens/ms target`
 * must hold after unit conversion.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { dec, show } from '../src/num.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const r of a.x.requirements) {
    const A = r.a
    const B = r.b
    if (!B || A.quoted || B.quoted || !A.unit) continue
    if (B.unit && B.unit.dim !== A.unit.dim) continue
    const bValue = B.unit ? B.value : B.written.times(A.unit.factor)
    const lowerIsBetter = A.unit.dim === 'time' || A.unit.dim === 'bytes'
    const dir = r.dir ?? (lowerIsBetter ? 'le' : 'ge')
    const holds = dir === 'ge' ? A.value.gte(bValue) : A.value.lte(bValue)
    const bText = B.unit ? B.text : `${B.text} ${A.tok.unitText ?? A.unit.id}`
    const rel = dir === 'ge' ? (holds ? '≥' : '<') : holds ? '≤' : '>'
    const conv = A.unit.id !== (B.unit?.id ?? A.unit.id) ? ` (${show(A.value)} vs ${show(bValue)} in base units)` : ''
    if (!holds && (r.mark === 'pass' || (r.verb !== '✅' && r.verb !== '❌' && r.mark !== 'fail'))) {
      out.push({
        place: A.place,
        reason: `Unexpected \`${A.text}\` ${r.verb === '✅' ? 'marked as passing' : `claimed to ${verbBase(r.verb)}`} \`${bText}\`: ${A.text} ${rel} ${bText}`,
        note: `${A.text} ${rel} ${bText}${conv}, so the requirement is not met`,
      })
    } else if (holds && r.mark === 'fail') {
      out.push({
        place: A.place,
        reason: `Unexpected ❌ next to \`${A.text}\`: ${A.text} ${rel} ${bText} meets the requirement`,
        note: `${A.text} ${rel} ${bText}${conv}`,
      })
    }
  }
  void dec
  return out
}

function verbBase(v: string): string {
  const map: Record<string, string> = { exceeds: 'exceed', meets: 'meet', satisfies: 'satisfy', fits: 'fit', surpasses: 'surpass', beats: 'beat', achieves: 'achieve', clears: 'clear', tops: 'top', '≥': 'be at least', '>=': 'be at least', '>': 'be more than', '≤': 'be at most', '<=': 'be at most', '<': 'be less than' }
  return map[v] ?? v
}

export const docs = {
  summary: 'A requirement claim (`meets`, `exceeds`, `within`, `under`, ✅, ❌) must hold for the numbers next to it, after unit conversion.',
  description: [
    '`A exceeds B` needs A ≥ B; `within`, `under`, `below`, `fits` need A ≤ B; `meets`, `satisfies` and a bare ✅ need A ≥ B for',
    'rates and capacities and A ≤ B for latencies and memory. Rates are converted first (120 tokens/ms = 120,000 tokens/s);',
    'a bare number after the verb takes the unit of the claim. A ✅ or `meets` next to numbers that fail is reported, and so',
    'is ❌ next to numbers that pass. There is no automatic fix: either the number or the verdict is wrong.',
    'The measured value may be the result of a written calculation (`2 × 1,450 = 2,900 tokens/s ✅ meets the 3,200 target`) when a',
    'verb or mark claims it, not a preposition. Beside a mark, `below` or `above` describe the value and the mark is judged by what is',
    'measured (`❌ 40 tok/s, below the 60 tok/s wish` is right). A gerund that a verb of need follows names a need, not a claim',
    '(`so meeting 20,000 tok/s takes eight GPUs`), and a value that is the first split over a count of the sentence is a share',
    '(`61 GB fits on a node of 8 GPUs (7.6 GB each)`), not a bound: neither is read as a requirement. Nor is a value before',
    'a conjunction that gives the verb a subject of its own (`32.65 GB each and KV room would be under 3 GB`).',
  ].join('\n'),
}

export default defineRule('requirement', docs, check)
export { check }
