/**
 * `5,200 tok/s per node, which is about 325 tok/s per GPU`: a token rate of a node or a replica restated per GPU in
 * the same sentence. The rate per GPU is the whole's ÷ the GPUs of a node or a replica.
 */
import type { Fact, RateRestatement } from '../facts.js'
import { RESTATING_WORDS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { endsSentence } from '../text/clauses.js'
import type { NumToken, Token } from '../text/tokens.js'

/** Words that may join a whole rate to its per-GPU restatement. */
const JOINERS = new Set([...RESTATING_WORDS, 'was', 'roughly', 'approximately', 'around', 'just', 'under', 'over'])

export function rateRestatementsOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): RateRestatement[] {
  const out: RateRestatement[] = []
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens || seg.table) continue
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]
      const whole = t.kind === 'num' && t.unit?.dim === 'tokenRate' ? byToken.get(t) : undefined
      if (!whole || whole.quoted || whole.example) continue
      // (`524,288 / 5.19 s ≈ 101k tok/s, i.e. about 6.3k tok/s per GPU`: a rate of no stated whole is the job's.)
      const per = whole.scopes.has('node') ? 'node' : whole.scopes.has('replica') ? 'replica' : whole.scopes.size === 0 ? 'total' : undefined
      if (!per || whole.scopes.has('gpu')) continue
      // The next number in the sentence, past the whole's own words and joining words only.
      for (let k = i + 1; k < Math.min(tokens.length, i + 12); k++) {
        const u = tokens[k]
        if (endsSentence(tokens, k)) break
        if (u.kind === 'op' && u.op !== '≈') break
        if (u.kind !== 'num') continue
        const perGpu = u.unit?.dim === 'tokenRate' ? byToken.get(u) : undefined
        const between = tokens.slice(i + 1, k).filter((w) => w.kind === 'word').map((w) => (w as { lower: string }).lower)
        if (perGpu && perGpu.scopes.has('gpu') && perGpu.scopes.size === 1 && !perGpu.quoted && between.some((w) => JOINERS.has(w))) out.push({ perGpu, whole, per })
        break
      }
    }
  }
  return out
}
