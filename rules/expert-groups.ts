/**
 * deployment-expert-groups: an EP group is the EP GPUs that together hold
 * all E experts of a layer; N GPUs form N ÷ EP such groups.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { claims, explainedByExpression } from '../src/claims.js'
import { formatLike } from '../src/num.js'
import { dec } from '../src/num.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const stated = a.resolved.model.hardware.gpus
  const ep = a.resolved.inputs.get('ep')?.value
  if (!ep) return out
  // The GPU count: the stated one, and the grid's readings when it fits none of them (a wrong stated count is
  // deployment-gpu-count's to report, and the groups are right if they fit either).
  const grid = (a.derived.readings.get('gpus') ?? []).map((r) => r.value)
  const ns = [...new Set([...(stated ? [stated] : []), ...(!stated || !grid.includes(stated) ? grid : [])])].filter((m) => m % ep === 0)
  if (ns.length === 0) return out
  const n = ns[0]
  const pp = a.resolved.inputs.get('pp')?.value
  const groups = n / ep
  const okGroups = new Set(ns.map((m) => m / ep))
  if (pp) for (const m of ns) if (m % (ep * pp) === 0) okGroups.add(m / (ep * pp))
  // Several GPU counts: no single right number of groups to write.
  const oneCount = ns.length === 1
  const meaning = `an EP group is the ${ep} GPUs that together hold all experts of a layer, so ${n} GPUs ÷ EP ${ep} = ${groups} groups of ${ep} GPUs`
  const partition = `the ${groups} GPUs that hold the same slice of experts are replicas of one expert partition, not a group`
  const sizes = claims(a, 'epGroupSize').filter((f) => !f.approx)
  const counts = claims(a, 'epGroups').filter((f) => !f.approx)
  const paired = new Set<unknown>()
  // `8 groups of 4 GPUs`: one message for both numbers.
  for (const c of counts) {
    const s = c.groupSize
    if (!s || !sizes.includes(s)) continue
    paired.add(c)
    paired.add(s)
    if (okGroups.has(c.value.toNumber()) && s.value.toNumber() === ep) continue
    const text = a.x.source.slice(c.place.start, s.place.end)
    const expected =
      formatLike(dec(groups), c.tok.lit.style) +
      a.x.source.slice(c.numPlace.end, s.numPlace.start) +
      formatLike(dec(ep), s.tok.lit.style) +
      a.x.source.slice(s.numPlace.end, s.place.end)
    out.push({
      place: { start: c.place.start, end: s.place.end },
      reason: `Unexpected \`${text}\`, expected \`${expected}\`: EP = ${ep} means groups of ${ep} GPUs`,
      expected,
      note: `${meaning}; ${partition}`,
    })
  }
  for (const c of counts) {
    if (paired.has(c) || okGroups.has(c.value.toNumber())) continue
    const noFix = c.expr !== undefined || explainedByExpression(a, c) || !oneCount
    const expected = noFix ? undefined : formatLike(dec(groups), c.tok.lit.style) + a.x.source.slice(c.numPlace.end, c.place.end)
    out.push({
      place: c.place,
      reason: `Unexpected ${c.text} EP groups${expected ? `, expected \`${expected}\`` : ''}: ${n} GPUs ÷ EP ${ep} = ${groups} groups`,
      expected,
      note: `${meaning}${c.value.toNumber() === ep ? `; ${c.text} is the EP size, not the number of groups` : ''}`,
    })
  }
  for (const s of sizes) {
    if (paired.has(s) || s.value.toNumber() === ep) continue
    const noFix = s.expr !== undefined || explainedByExpression(a, s)
    const expected = noFix ? undefined : formatLike(dec(ep), s.tok.lit.style) + a.x.source.slice(s.numPlace.end, s.place.end)
    out.push({
      place: s.place,
      reason: `Unexpected EP group size \`${s.text}\`${expected ? `, expected \`${expected}\`` : ''}: an EP group spans EP = ${ep} GPUs`,
      expected,
      note: `${meaning}${s.value.toNumber() === groups ? `; ${s.text} is the number of groups, and ${partition}` : ''}`,
    })
  }
  return out
}

export const docs = {
  summary: 'EP groups: an EP group is the EP GPUs that together hold all experts of a layer, and N GPUs form N ÷ EP of them.',
  description: [
    'This is the meaning of an expert-parallel group in Megatron-Core, DeepSpeed, vLLM, SGLang and TensorRT-LLM code: the',
    'process group over which tokens are exchanged all-to-all. With EP = 8 on 32 GPUs there are 4 groups of 8 GPUs',
    '(per pipeline stage, N ÷ (EP × PP) groups is accepted too). "8 groups of 4 GPUs" confuses the EP size with the number',
    'of groups: the 4 GPUs holding the same slice of experts are replicas of an expert partition.',
    'A count that is used in a written calculation in the same sentence is reported without a fix, since the sentence',
    'needs rewording rather than a new number.',
  ].join('\n'),
}

export default defineRule('expert-groups', docs, check)
export { check }
