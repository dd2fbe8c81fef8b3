/**
 * deployment-token-cost: in a cost table, cost per 1M tokens = cost per hour ÷ (tokens per hour ÷ 1,000,000), with
 * tokens per hour = tokens per second × 3,600 and cost per hour = cost per GPU-hour × GPUs when only those are given.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { CostClaim, Fact } from '../src/facts.js'
import { halfUnitBase, replacement } from '../src/compare.js'
import { dec, show, type Dec } from '../src/num.js'

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
  ].join('\n'),
}

export default defineRule('token-cost', docs, check)
export { check }
