/** `N-measure noun` (construction family: hyphenated counts as adjectives): `8-expert MoE layers`, `128-dim heads`. */
import type { QuantityId } from '../lexicon/quantities.js'
import { SIZE_ADJECTIVES } from '../lexicon/words.js'
import type { Token } from '../text/tokens.js'

/**
 * The quantity a number joined by `-` to a measure word sizes, when a noun of that measure follows within three
 * words: `8-expert MoE layers` (experts per layer), `a 151,936-token vocabulary`, `2048-wide SwiGLU experts`.
 */
export function sizeAdjective(tokens: Token[], i: number, to: number): QuantityId | undefined {
  const t = tokens[i]
  const dash = tokens[i + 1]
  const measure = tokens[i + 2]
  if (dash?.kind !== 'op' || dash.op !== '-' || dash.start !== t.end || measure?.kind !== 'word' || measure.start !== dash.end) return undefined
  const rows = SIZE_ADJECTIVES.filter((r) => r.measures.includes(measure.lower))
  if (rows.length === 0) return undefined
  for (let k = i + 3; k < Math.min(to, i + 6); k++) {
    const u = tokens[k]
    if (u.kind !== 'word') return undefined
    const row = rows.find((r) => r.nouns.includes(u.lower))
    if (row) return row.quantity
  }
  return undefined
}
