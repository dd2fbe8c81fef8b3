/** deployment-kv-capacity: the tokens a KV memory holds = memory ÷ KV bytes per token; full sequences = tokens ÷ length. */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { halfUnitBase, kiloTokenReadings, matches, replacement } from '../src/compare.js'
import { dec, show, type Dec } from '../src/num.js'
import type { Fact } from '../src/facts.js'

/** The bytes of a size in the unit as written, and with GB and GiB swapped (documents mix them). */
function readings(f: Fact): Dec[] {
  const out = [f.value]
  if (f.unit?.id === 'GB') out.push(f.value.times(2 ** 30).div(1e9))
  if (f.unit?.id === 'GiB') out.push(f.value.times(1e9).div(2 ** 30))
  return out
}


function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const c of a.x.capacities) {
    const { pool, perToken } = c
    const tokens = pool && perToken ? readings(pool).map((p) => p.div(perToken.value)) : []
    // A count written as the result of its own calculation (`15.1 GB ÷ 49,152 B ≈ 307K tokens`) is deployment-arithmetic's.
    if (pool && perToken && !c.tokens.expr && !tokens.some((t) => matches(c.tokens, t, { rel: 0.03 }))) {
      const computed = tokens[0].floor()
      const expected = replacement(c.tokens, computed, a.x.source, { round: true })
      out.push({
        place: c.tokens.place,
        reason: `Unexpected KV capacity \`${c.tokens.text}\` tokens, expected \`${expected}\`: ${pool.text} ÷ ${perToken.text} per token = ${show(computed, 6)} tokens`,
        expected,
        note: `${pool.text} of KV memory ÷ ${perToken.text} of KV per token = ${show(computed, 6)} tokens${tokens.length > 1 ? ` (${show(tokens[1].floor(), 6)} with GB and GiB swapped)` : ''}, not ${c.tokens.text}`,
        fact: c.tokens,
        correct: computed,
      })
      continue
    }
    // Sequences from the stated token count (a wrong count is reported above, not twice).
    const s = c.sequences
    if (!s) continue
    // The token count within its written rounding (`≈ 1.14M`), the length as 1,000 or 1,024 per `K`: any whole count of
    // sequences between the floor of the least and the ceiling of the most is right.
    const half = c.tokens.approx || c.tokens.tok.lit.style.suffix ? halfUnitBase(c.tokens) : dec(0)
    const lengths = kiloTokenReadings(s.length)
    const lo = c.tokens.value.minus(half).div(lengths[lengths.length - 1]).floor()
    const hi = c.tokens.value.plus(half).div(lengths[0]).ceil()
    if (s.count.value.gte(lo) && s.count.value.lte(hi)) continue
    const exact = c.tokens.value.div(lengths[lengths.length - 1])
    const expected = replacement(s.count, exact.floor(), a.x.source, { round: true })
    out.push({
      place: s.count.place,
      reason: `Unexpected \`${s.count.text}\` full sequences, expected \`${expected}\`: ${c.tokens.text} tokens ÷ ${s.length.text} tokens per sequence = ${show(exact, 4)}`,
      expected,
      note: `${c.tokens.text} ÷ ${s.length.text} = ${show(exact, 4)}, so ${show(exact.floor())} full sequences fit, not ${s.count.text}`,
      fact: s.count,
      correct: exact.floor(),
    })
  }
  return out
}

export const docs = {
  summary: 'The tokens a KV memory holds must be that memory ÷ the KV bytes per token, and the full sequences it holds that count ÷ their length.',
  description: [
    'Read in prose where a paragraph states one KV size per token (`98,304 B per token`, `28,672 bytes a token`), then a',
    'memory of a gigabyte or more and, in a clause about holding or room, a count of tokens (`the KV room of 38.3 GB holds',
    '≈ 390k tokens`, or `24,576 B per token → ≈ 1.42M tokens`, the size per token leading to the count by an arrow). GB and GiB may be mixed: both readings are accepted. A count of sequences of a stated length right',
    'after it (`room for 4 full 65,536-token sequences`) must be the token count ÷ that length (floor, rounded or ceiling).',
    "The fix writes the floor in the claim's own style (`1.15 million`).",
  ].join('\n'),
}

export default defineRule('kv-capacity', docs, check)
export { check }
