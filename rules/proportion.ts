/**
 * deployment-proportion: the same per-unit figure implied twice must agree.
 * `4.38GB (8 experts)` is 0.5475 GB per expert, so `2 experts` cannot be 0.62GB.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { CountPair, Fact } from '../src/facts.js'
import { dec, show, type Dec } from '../src/num.js'
import { halfUnitBase, replacement } from '../src/compare.js'

function perUnit(p: CountPair): [Dec, Dec] {
  const half = halfUnitBase(p.value).plus(p.value.approx ? p.value.value.times(0.05) : 0)
  return [p.value.value.minus(half).div(p.count.written), p.value.value.plus(half).div(p.count.written)]
}

/** `4 experts per GPU per layer` and `290 expert instances per GPU`: counts per layer and over all layers are no common unit. */
function comparable(a: CountPair, b: CountPair): boolean {
  return a.count.scopes.has('layer') === b.count.scopes.has('layer')
}

function agree(a: CountPair, b: CountPair): boolean {
  const [alo, ahi] = perUnit(a)
  const [blo, bhi] = perUnit(b)
  return alo.lte(bhi) && blo.lte(ahi)
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  // Whole counts of experts and memory values a GPU cluster can hold (under 1 EB).
  const pairs = a.x.pairs.filter(
    (p) =>
      !p.count.negated &&
      p.count.written.isInteger() &&
      p.count.written.gte(1) &&
      p.value.value.lt(1e18) &&
      // `1 B` per parameter beside `8 experts` is no size of experts: anything under a megabyte is another quantity.
      p.value.value.gte(1e6) &&
      (p.value.quantity === undefined || p.value.quantity === 'memExperts'),
  )
  if (pairs.length < 2 || pairs.some((p) => !comparable(p, pairs[0]))) return out
  // Clusters of agreeing per-unit figures.
  const clusters: CountPair[][] = []
  for (const p of pairs) {
    const c = clusters.find((cl) => agree(cl[0], p))
    if (c) c.push(p)
    else clusters.push([p])
  }
  if (clusters.length < 2) return out
  // The reference: the largest cluster; on a tie, a cluster with a quoted pair
  // (a review's baseline) or else the earliest.
  clusters.sort((x, y) => y.length - x.length || Number(y.some((p) => p.value.quoted)) - Number(x.some((p) => p.value.quoted)) || x[0].value.place.start - y[0].value.place.start)
  if (clusters.length > 2 || (clusters[0].length === clusters[1].length && !clusters[0].some((p) => p.value.quoted) && clusters[1].some((p) => p.value.quoted))) return out
  const ref = clusters[0][0]
  const unit = ref.value.value.div(ref.count.written)
  const reported = new Set<Fact>()
  for (const cl of clusters.slice(1)) {
    for (const p of cl) {
      if (p.value.quoted) continue
      const expectedBase = unit.times(p.count.written)
      const note = `${ref.value.text} for ${ref.count.text} ${p.noun}s is ${show(unit.div(ref.value.unit!.factor), 4)} ${ref.value.tok.unitText ?? ''} per ${p.noun}; ${p.count.text} ${p.noun}s are ${show(expectedBase.div(p.value.unit!.factor), 4)} ${p.value.tok.unitText ?? ''}, not ${p.value.text}`
      const expected = replacement(p.value, expectedBase, a.x.source)
      const finding = (f: Fact): Finding => ({
        place: f.place,
        reason: `Unexpected \`${f.text}\` for ${p.count.text} ${p.noun}s, expected \`${expected}\`: ${ref.value.text} is for ${ref.count.text} ${p.noun}s`,
        expected: replacement(f, expectedBase, a.x.source),
        note,
      })
      out.push(finding(p.value))
      reported.add(p.value)
      // The same figure stated elsewhere without its count.
      for (const f of a.x.facts.filter((g) => g.unit?.dim === 'bytes' && g.written.eq(p.value.written))) {
        if (reported.has(f) || f.quoted || f.expr || !f.unit || f.unit.id !== p.value.unit?.id) continue
        if (!f.written.eq(p.value.written)) continue
        if (f.quantity !== undefined && f.quantity !== 'memExperts') continue
        if (pairs.some((q) => q.value === f)) continue
        reported.add(f)
        out.push(finding(f))
      }
    }
  }
  void dec
  return out
}

export const docs = {
  summary: 'The same per-unit figure implied twice must agree: `4.38GB (8 experts)` and `0.62GB (2 experts)` imply 0.5475 and 0.31 GB per expert.',
  description: [
    'Pairs a memory value with the count of experts it is stated for, in the same sentence (`4.38GB (8 experts per GPU)`,',
    '`with 2 experts per GPU: ~0.62GB`). When pairs disagree on the memory per expert beyond the rounding of the values,',
    'the pair that stands alone against the others (or against a value the text quotes as its baseline) is reported, and so is',
    'every other statement of the same figure. The fix scales the reference: 4.38 GB ÷ 8 × 2 = 1.095 → `1.10GB`.',
    'Values under a megabyte (`1 B` per parameter) are no experts’ memory, and counts per layer are not set against counts',
    'over all layers (`4 experts per GPU per layer` beside `290 expert instances per GPU`): such documents are not checked.',
  ].join('\n'),
}

export default defineRule('proportion', docs, check)
export { check }
