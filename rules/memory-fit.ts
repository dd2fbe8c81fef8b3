/** deployment-memory-fit: the memory a plan uses per GPU must fit the GPU's memory. */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { claims, gpuMemoryFor } from '../src/claims.js'
import { show } from '../src/num.js'
import { EXCESS_WORDS } from '../src/lexicon/words.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const f of [...claims(a, 'memTotal'), ...claims(a, 'memWeights')]) {
    // Several GPU types: each section's own GPU memory, or nothing.
    const cap = gpuMemoryFor(a, f)
    if (!cap) continue
    // Capacity in either reading (a "80 GB" GPU may be counted as 80 GiB).
    const capMax = Math.max(cap.value, cap.facts[0]?.unit?.id === 'GB' ? (cap.value / 1e9) * 2 ** 30 : cap.value)
    // `Weights: 93.4 GB ÷ 4 = 23.35 GB`: an operand is the whole being divided, not what a GPU holds.
    // A figure per node, replica or group is not what one GPU holds.
    if (!f.perGpuContext || f.approx || [...f.scopes].some((sc) => sc !== 'gpu') || f.expr?.role === 'operand') continue
    // `235 GB in total, 29.4 GB per GPU`: beside a size its clause says is per GPU, an unscoped one is the whole's.
    if (!f.scopes.has('gpu') && (a.x.factsOf.get(f.seg) ?? []).some((g) => g !== f && g.clause === f.clause && g.unit?.dim === 'bytes' && g.scopes.has('gpu'))) continue
    if (f.value.toNumber() <= capMax) continue
    // `46.7B × 2 bytes = 93.4 GB, which is more than 80 GB`: the text says itself that it does not fit.
    const says = (c: number): boolean => {
      const clause = a.x.clauses[c]
      if (clause?.seg !== f.seg) return false
      for (const w of EXCESS_WORDS) if (clause.words.has(w)) return true
      return false
    }
    const said = says(f.clause) || says(f.clause + 1)
    if (said) continue
    const capText = cap.facts[0]?.text ?? `${show(cap.value / 1e9)} GB`
    out.push({
      place: f.place,
      reason: `Unexpected \`${f.text}\` per GPU: more than the ${capText} a GPU has`,
      note: `${f.text} > ${capText}: the plan does not fit; it needs more GPUs, more sharding or a smaller precision`,
    })
  }
  return out
}

export const docs = {
  summary: 'The memory a plan uses per GPU (total, or weights alone) must not exceed the memory of one GPU.',
  description: [
    'The capacity is the memory per GPU the document states, or the one of the GPU it names (an H200 has 141 GB).',
    'Both the GB and the GiB reading of the capacity are allowed. Utilization percentages are checked by',
    'deployment-percentage.',
  ].join('\n'),
}

export default defineRule('memory-fit', docs, check)
export { check }
