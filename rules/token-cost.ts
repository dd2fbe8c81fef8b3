/**
 * deployment-token-cost: in a cost table, cost per 1M tokens = cost per hour ÷ (tokens per hour ÷ 1,000,000), with
 * tokens per hour = tokens per second × 3,600 and cost per hour = cost per GPU-hour × GPUs when only those are given.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import type { CostClaim, Fact } from '../src/facts.js'
import { halfUnitBase, replacement } from '../src/compare.js'
import { show, type Dec } from '../src/num.js'

/** A fact's value and its relative half unit (the rounding of its written digits). */
function value(f: Fact): { v: Dec; rel: Dec } {
  return { v: f.value, rel: halfUnitBase(f).div(f.value) }
}

function tokensPerHour(c: CostClaim): Dec {
  const f = c.tokens
  // A token rate with its unit is in tokens per second; a bare figure is in the column's unit.
  if (c.tokensPer === 'hour' && f.unit?.dim !== 'tokenRate') return f.value.times(c.tokensScale)
  return f.value.times(3600).times(f.unit ? 1 : c.tokensScale)
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.x.costs) {
    if (c.perDay) {
      out.push(...perDay(a, c, c.perDay))
      continue
    }
    const hour = c.perHour ? value(c.perHour) : undefined
    const gpuHour = c.perGpuHour ? value(c.perGpuHour) : undefined
    const costPerHour = hour ? hour.v : gpuHour!.v.times(c.gpus!.value)
    const tokens = tokensPerHour(c)
    if (tokens.lte(0)) continue
    const right = costPerHour.div(tokens.div(1e6))
    const stated = value(c.perMillion)
    // The rounding of every written number, plus 0.5% for rates rounded before they were written.
    const rel = stated.rel.plus(hour?.rel ?? gpuHour!.rel).plus(value(c.tokens).rel).plus(0.005)
    if (stated.v.minus(right).abs().lte(right.times(rel))) continue
    const expected = replacement(c.perMillion, right, a.x.source)
    const hourText = c.perHour ? `${c.perHour.text} per hour` : `${c.perGpuHour!.text} per GPU-hour × ${c.gpus!.text} GPUs`
    const tokText = c.tokensPer === 'hour' ? `${c.tokens.text} tokens per hour` : `${c.tokens.text} tokens/s × 3,600 = ${show(tokens.div(1e6), 4)}M tokens per hour`
    out.push({
      place: c.perMillion.place,
      reason: `Unexpected cost per 1M tokens \`${c.perMillion.text}\`, expected \`${expected}\`: ${hourText} ÷ ${show(tokens.div(1e6), 4)}M tokens per hour`,
      expected,
      note: `${hourText} ÷ (${tokText} ÷ 1,000,000) = ${show(right, 4)} per 1M tokens, not ${c.perMillion.text}`,
      fact: c.perMillion,
      correct: right,
    })
  }
  return [...out, ...prose(a)]
}

/** `| output tokens/day | GPU cost/day | $ per 1M output tokens |`: a day's cost ÷ a day's millions of tokens. */
function perDay(a: Analysis, c: CostClaim, day: Fact): Finding[] {
  const tokens = c.tokens.value.times(c.tokensScale)
  if (tokens.lte(0)) return []
  const right = day.value.div(tokens.div(1e6))
  const stated = value(c.perMillion)
  const rel = stated.rel.plus(value(day).rel).plus(value(c.tokens).rel).plus(0.005)
  if (stated.v.minus(right).abs().lte(right.times(rel))) return []
  const expected = replacement(c.perMillion, right, a.x.source)
  const derivation = `${day.text} per day ÷ ${show(tokens.div(1e6), 4)}M tokens per day`
  return [{
    place: c.perMillion.place,
    reason: `Unexpected cost per 1M tokens \`${c.perMillion.text}\`, expected \`${expected}\`: ${derivation}`,
    expected,
    note: `${derivation} = ${show(right, 4)} per 1M tokens, not ${c.perMillion.text}`,
    fact: c.perMillion,
    correct: right,
  }]
}

/** A cost per million tokens in prose: reported when no cost and rate before it give it, fixed when one pair does. */
function prose(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.x.proseCosts) {
    const stated = value(c.perMillion)
    const fits = c.readings.map((r) => {
      const right = r.hourly.value.times(r.gpus).div(r.tokensPerHour.div(1e6))
      const rel = stated.rel.plus(value(r.hourly).rel).plus(value(r.rate).rel).plus(0.005)
      return { r, right, ok: stated.v.minus(right).abs().lte(right.times(rel)) }
    })
    if (fits.length === 0 || fits.some((x) => x.ok)) continue
    // The message shows the reading nearest the claim (its last cost and rate).
    const near = (x: (typeof fits)[number]): number => x.r.hourly.place.start + x.r.rate.place.start + (x.r.gpus.eq(1) ? 0 : 1)
    const { r, right } = fits.reduce((best, x) => (near(x) > near(best) ? x : best))
    const $ = c.sign
    const hourText = `${$}${r.hourly.text} per ${r.gpuHour ? 'GPU-hour' : 'hour'}${r.gpus.eq(1) ? '' : ` × ${show(r.gpus, 6)} GPUs`}`
    const derivation = `${hourText} ÷ ${show(r.tokensPerHour.div(1e6), 4)}M tokens per hour = ${$}${show(right, 3)}`
    const finding: Finding = {
      place: c.perMillion.place,
      reason: `Unexpected cost per 1M tokens \`${c.perMillion.text}\`${c.single ? `, expected \`${replacement(c.perMillion, right, a.x.source)}\`` : ''}: ${derivation}${c.single ? '' : ` (and ${fits.length - 1} other reading${fits.length > 2 ? 's' : ''} of the costs and rates before it)`}`,
      note: `${derivation} per 1M tokens, not ${$}${c.perMillion.text}`,
      fact: c.perMillion,
    }
    if (c.single) {
      finding.expected = replacement(c.perMillion, right, a.x.source)
      finding.correct = right
    }
    out.push(c.single ? finding : withoutFix(finding))
  }
  return out
}

export const docs = {
  summary: 'In a cost table, the cost per 1M tokens must be the cost per hour ÷ the millions of tokens per hour.',
  description: [
    'A table with a column (or, in a table of quantities by configuration, a row) of cost per hour (`$/h`), of tokens per',
    'hour or per second (`Output tok/h`, `tok/s`) and of cost per million tokens (`$ per 1M output tokens`) is read row by',
    'row (or column by column): cost per 1M = cost per hour ÷ (tokens per hour ÷ 1,000,000), tokens per hour = tokens/s ×',
    '3,600. A cost per GPU-hour with a GPU column stands for the cost per hour. The tolerance is the rounding of the',
    'written digits plus 0.5%. Approximate cells (`~0.4`) and cells with more than one number are not read.',
    'A cost per day over tokens per day (`| output tokens/day | GPU cost/day |`) is read the same way.',
    'In prose, a cost per million tokens (`≈ $0.34 per million output tokens`) after a cost per hour or per GPU-hour and a',
    'token rate in its paragraph or list item (`At $2.49 per H100-hour, a GPU at 2,048 output tok/s produces 7.37M output',
    'tokens per hour`) is checked the same way. Every cost (a cost per GPU-hour also times each GPU count the paragraph',
    'states) with every rate is a reading; the claim is reported only when it fits none, and fixed only when there is',
    'one cost, one rate and one GPU count.',
  ].join('\n'),
}

export default defineRule('token-cost', docs, check)
export { check }
