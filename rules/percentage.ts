/**
 * deployment-percentage: `23GB (36% of 64GB)`, `P% of Y is X`, `X of Y (P%)`,
 * `4.29 GB (7% of VRAM)` (the whole read from the document's memory per GPU).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { dec, formatLike, show, type Dec } from '../src/num.js'
import { halfUnitBase, readings, replacement } from '../src/compare.js'
import type { Fact } from '../src/facts.js'
import type { QuantityId } from '../src/lexicon/quantities.js'
import { gpuMemoryFor } from '../src/claims.js'

function interval(f: Fact, r: Dec): [Dec, Dec] {
  const half = halfUnitBase(f).times(r).div(f.value.isZero() ? 1 : f.value)
  const rel = f.approx ? r.abs().times(0.05) : dec(0)
  const w = half.plus(rel)
  return [r.minus(w), r.plus(w)]
}

/** The one value a plan states for a memory quantity (`Routed-expert weights | 40.9 GB`), if it states exactly one. */
function statedPart(a: Analysis, q: QuantityId): Fact | undefined {
  const facts = (a.x.byQuantity.get(q) ?? []).filter((f) => !f.quoted && !f.example && f.bound === undefined && f.unit?.dim === 'bytes' && f.expr?.role !== 'operand' && !f.alt && !f.scopes.has('cluster') && !f.scopes.has('node'))
  if (facts.length === 0 || new Set(facts.map((f) => f.value.toString())).size !== 1) return undefined
  return facts[0]
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const memory = a.resolved.inputs.get('gpuMemory')
  for (const p0 of a.x.percents) {
    const p = p0.partQuantity ? { ...p0, part: statedPart(a, p0.partQuantity) } : p0
    const pf = p.percent
    if (pf.quoted || !p.part || p.part.quoted) continue
    let wholeValues: Dec[] = []
    let wholeText = ''
    let wholeHalf = dec(0)
    const cap = !p.whole && p.wholeQuantity === 'gpuMemory' ? gpuMemoryFor(a, pf) : undefined
    if (p.whole && p.sharesUnit) {
      // `30.5 of 80 GB`: both written in the whole's unit.
      wholeValues = [p.whole.written]
      wholeText = p.whole.text
      wholeHalf = p.whole.tok.lit.halfUnit
    } else if (p.whole) {
      if (p.whole.unit?.dim !== p.part.unit?.dim) continue
      wholeValues = readings(p.whole)
      wholeText = p.whole.text
      wholeHalf = halfUnitBase(p.whole)
    } else if (cap) {
      if (p.part.unit?.dim !== 'bytes') continue
      const f = cap.facts[0]
      wholeValues = f ? readings(f) : [dec(cap.value)]
      wholeText = f ? `${f.text} (${p.wholeLabel})` : `${show(dec(cap.value).div(1e9))} GB`
      wholeHalf = f ? halfUnitBase(f) : dec(0)
    } else continue
    if (wholeValues.length === 0) continue
    // The same unit on both sides: the ratio has no GB/GiB question.
    const wholeUnit = p.whole?.unit?.id ?? memory?.facts[0]?.unit?.id
    const sameUnit = p.part.unit?.id !== undefined && p.part.unit.id === wholeUnit
    if (sameUnit) wholeValues = wholeValues.slice(0, 1)
    const partValues = sameUnit ? [p.part.value] : readings(p.part)
    const [plo, phi] = interval(pf, pf.written)
    let ok = false
    let best: Dec | undefined
    for (const pv of partValues) {
      const [xlo, xhi] = interval(p.part, pv)
      for (const wv of wholeValues) {
        if (wv.lte(wholeHalf)) continue
        const wlo = wv.minus(wholeHalf)
        const whi = wv.plus(wholeHalf)
        const lo = xlo.div(whi).times(100)
        const hi = xhi.div(wlo).times(100)
        if (hi.gte(plo) && lo.lte(phi)) ok = true
        // Same-unit reading first for the fix.
        if (!best && pv.eq(p.part.value) && (wv.eq(wholeValues[0]))) best = pv.div(wv).times(100)
      }
    }
    if (ok || !best) continue
    if (p.target === 'part') {
      // `72%, i.e. 59.6 GB of each 80 GB card`, `15% of 80 GB is 10 GB`: the part is computed from the percentage.
      const part = p.part
      const w = wholeValues[0]
      const right = w.times(pf.written).div(100)
      const expected = replacement(part, right, a.x.source)
      out.push({
        place: part.place,
        reason: `Unexpected \`${part.text}\`, expected \`${expected}\`: ${pf.text} of ${wholeText} is ${show(right.div(part.unit?.factor ?? 1), 4)}${part.unit ? ' ' + (part.tok.unitText ?? part.unit.id) : ''}`,
        expected,
        note: `${pf.text} of ${wholeText} = ${show(right.div(part.unit?.factor ?? 1), 4)}${part.unit ? ' ' + (part.tok.unitText ?? part.unit.id) : ''}, not ${part.text}`,
      })
      continue
    }
    const expected = percentFix(a, pf, best)
    out.push({
      place: pf.place,
      reason: `Unexpected \`${pf.text}\`, expected \`${expected}\`: ${p.part.text} of ${wholeText} is ${show(best, 3)}%`,
      expected,
      note: `${p.part.text} ÷ ${wholeText} = ${show(best, 4)}%, not ${pf.text}`,
    })
  }
  return [...out, ...changes(a)]
}

/** The recomputed percentage in the claim's style, one decimal more when the written digits would not change. */
function percentFix(a: Analysis, pf: Fact, best: Dec): string {
  let text = formatLike(best, pf.tok.lit.style)
  if (text === a.x.source.slice(pf.numPlace.start, pf.numPlace.end)) text = formatLike(best, pf.tok.lit.style, { minDecimals: pf.tok.lit.style.decimals + 1 })
  return text + a.x.source.slice(pf.numPlace.end, pf.place.end)
}

/** `from 1,107,352 to 1,722,935 tokens, a 35.7% increase`: (B − A) ÷ A, within the rounding of the three numbers. */
function changes(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.x.changes) {
    const { percent: pf, from, to } = c
    // (`180 vs 141 GB`: a unit written once is both values'; the digits compare.)
    const written = !from.unit || !to.unit
    const [flo, fhi] = interval(from, written ? from.written : from.value)
    const [tlo, thi] = interval(to, written ? to.written : to.value)
    const [plo, phi] = interval(pf, pf.written)
    const up = c.direction === 'up'
    const lo = (up ? tlo.minus(fhi) : flo.minus(thi)).div(fhi).times(100)
    const hi = (up ? thi.minus(flo) : fhi.minus(tlo)).div(flo).times(100)
    if (hi.gte(plo) && lo.lte(phi)) continue
    const [x, y] = written ? [from.written, to.written] : [from.value, to.value]
    const best = y.minus(x).abs().div(x).times(100)
    const expected = percentFix(a, pf, best)
    const diff = `|${to.text} − ${from.text}| ÷ ${from.text}`
    out.push({
      place: pf.place,
      reason: `Unexpected \`${pf.text}\`, expected \`${expected}\`: from ${from.text} to ${to.text} is a change of ${show(best, 3)}%`,
      expected,
      note: `${diff} = ${show(best, 4)}% (a change is relative to the value it starts from), not ${pf.text}`,
    })
  }
  return out
}

export const docs = {
  summary: 'A percentage must be the ratio of the numbers it relates: `23GB (36% of 64GB)`, `P% of Y is X`, `X of Y (P%)`, `4.29 GB (7% of VRAM)`.',
  description: [
    'The part and the whole are read from the same sentence; `of VRAM`, `of HBM` or `of GPU memory` takes the whole',
    'from the memory per GPU the document states once. The check allows the rounding of all three numbers',
    '(`36%` covers 35.5–36.5%, `23GB` covers 22.5–23.5 GB) and the GB/GiB reading of memory values.',
    'The fix writes the recomputed percentage with the same number of decimals.',
    'When the sentence names the part instead of giving it (`Weights occupy 38% of the card`, `The KV pool is 51% of the 80 GB',
    'card`, `- Total used: 43.1% of the 80 GB`), the part is the one per-GPU value the document states for that quantity (a table row, a label); with two values, nothing is checked.',
    'A clause with one percentage and one `A of B` pair (`30.5 of 80 GB = 41.9%`, `96% of the weights (31.71 of 32.91 GB)`)',
    "relates them; the part may share the whole's unit. Wholes of any kind work (`17,280 tok/s, which is 86% of the 20,000",
    'tok/s target`) as long as part and whole are of the same kind.',
    'A table column whose header names its whole (`% of 141 GB`) holds the share of the cell on its left. A utilization',
    '(MFU, efficiency) in the sentence of a peak FLOP rate is the achieved rate of the sentence before ÷ that peak. A',
    'relative change (`from 1,107,352 to 1,722,935 tokens, a 35.7% increase`, `falls from $0.93 to $0.73, a 21% reduction`)',
    'is the difference over the value it starts from; a change word followed by another quantity (`30% more memory`) is not read.',
    'A sign or a direction word right before the percentage reads the same way (`22,000 → 41,000 tok/s, i.e. +46%`, `from',
    '3.40 s to 1.85 s — step time down 84%`), joining only the two values right before it. Numbers in words are read',
    '(`from fifty-two thousand to sixty-eight thousand …, an increase of about twenty-four percent`), and reported without a fix.',
    'A whole named by a word that stands beside one earlier amount of the passage (`$87,308 per month … rented',
    'on-demand. The saving is about $28,118 per month, or 47% of the on-demand bill`) is that amount.',
  ].join('\n'),
}

export default defineRule('percentage', docs, check)
export { check }
