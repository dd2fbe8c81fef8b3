/**
 * deployment-consistent-value: one plan, one value. A quantity (EP, TP, GPUs,
 * memory per GPU, layers, experts, ...) stated with different values.
 */
import { lineOf } from '../src/lines.js'
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { QUANTITY } from '../src/lexicon.js'
import { replacement } from '../src/compare.js'


function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.resolved.conflicts) {
    const q = QUANTITY[c.quantity]
    if (!q.single || c.losers.length === 0) continue
    if (c.undecided) {
      const f = c.losers[0]
      const other = [...c.values.values()].flat().find((g) => g !== f)!
      if (f.quoted || f.approx || other.approx || (f.expr && f.expr.role === 'operand')) continue
      // Phases and alternatives (prefill vs decode, baseline vs new) are different configurations.
      const phase = /^(prefill|prefilling|decode|decoding|phase|phases|baseline|alternative|alternatively|option|options|variant|scenario|versus|vs|compared|comparison|instead|previous|previously|before|after|either|or|scale|scaling|unit|units|traditional|traditionally|outperforms|outperform|than|if|tried|try|better|worse|faster|slower|recommended|default|maximum|minimum|max|min|requires|require|folding|example|e\.g|suppose|say)$/
      const words = [...a.x.clauses[f.clause].words, ...a.x.clauses[other.clause].words]
      if (words.some((w) => phase.test(w))) continue
      if (f.seg.section !== other.seg.section) continue
      const line = lineOf(a.x.source, other.place.start)
      out.push({
        place: f.place,
        reason: `Unexpected ${q.name} \`${f.text}\`: line ${line} states ${q.name} ${other.text}`,
        note: `${q.name} is ${other.text} at line ${line} and ${f.text} here; one plan has one ${q.name}, and the text does not say which is right`,
      })
      continue
    }
    if (c.winner === undefined) continue
    const ref = c.values.get(c.winner)![0]
    const refLine = lineOf(a.x.source, ref.place.start)
    for (const f of c.losers) {
      if (f.quoted || f.approx) continue
      // A result of a written calculation is deployment-arithmetic's to fix.
      if (f.expr) continue
      // A reference GPU count that the stated grid contradicts is no fix target.
      if (c.quantity === 'gpus' && !gridAllows(a, ref.value.toNumber())) {
        out.push({
          place: f.place,
          reason: `Unexpected ${q.name} \`${f.text}\`: line ${refLine} states ${q.name} ${ref.text}`,
          note: `${q.name} is ${ref.text} at line ${refLine} and ${f.text} here, and the stated parallel grid does not fit the value at line ${refLine}, so which is right is unclear; one plan has one ${q.name}`,
        })
        continue
      }
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

/** Whether `gpus` can be the plan's GPU count under the stated TP, PP, CP (and DP). */
function gridAllows(a: Analysis, gpus: number): boolean {
  const inp = a.resolved.inputs
  const tp = inp.get('tp')?.value ?? 1
  const pp = inp.get('pp')?.value ?? 1
  const cp = inp.get('cp')?.value ?? 1
  const dp = inp.get('dp')?.value
  if (dp !== undefined) return gpus === tp * pp * cp * dp
  return gpus % (tp * pp * cp) === 0
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
