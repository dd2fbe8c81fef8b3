/**
 * deployment-consistent-value: one plan, one value. A quantity (EP, TP, GPUs,
 * memory per GPU, layers, experts, ...) stated with different values.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { QUANTITY } from '../src/lexicon.js'
import { replacement } from '../src/compare.js'

function lineOf(source: string, offset: number): number {
  let n = 1
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) n++
  return n
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.resolved.conflicts) {
    if (c.winner === undefined || c.losers.length === 0) continue
    const q = QUANTITY[c.quantity]
    if (!q.single) continue
    const ref = c.values.get(c.winner)![0]
    const refLine = lineOf(a.x.source, ref.place.start)
    for (const f of c.losers) {
      if (f.quoted || f.approx) continue
      if (f.expr && f.expr.role === 'operand') continue
      const expected = replacement(f, ref.value, a.x.source)
      out.push({
        place: f.place,
        reason: `Unexpected ${q.name} \`${f.text}\`, expected \`${expected}\`: the plan states ${q.name} ${ref.text} (line ${refLine})`,
        expected,
        note: `${q.name} is ${ref.text} at line ${refLine}${c.values.get(c.winner)!.length > 1 ? ` and ${c.values.get(c.winner)!.length - 1} other place(s)` : ''}; one plan has one ${q.name}`,
      })
    }
  }
  return out
}

export const docs = {
  summary: 'One plan, one value: a quantity such as EP, TP, PP, the GPU count, the memory per GPU, the layer or expert count stated with two different values.',
  description: [
    'When a quantity has exactly two values and one of them is stated in a definition (a table row, a `**Label**: value` item,',
    'a config block or front matter) while the other appears only in prose, the prose value is reported and fixed to the definition.',
    'When neither is a definition, a value stated once against one stated several times is reported.',
    'Documents that define two configurations (two table rows, two launch commands) or more than two values are left alone:',
    'they describe alternatives, not one plan. Quoted and approximate values are not compared.',
  ].join('\n'),
}

export default defineRule('consistent-value', docs, check)
export { check }
