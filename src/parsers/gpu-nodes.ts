/**
 * A GPU count restated as nodes in its sentence: `19 replicas × 4 GPUs = 76 GPUs, which is 9 nodes`, `64 GPUs (8
 * nodes)`, `80 GPUs → 10 nodes`. The nodes must hold the GPUs: nodes × GPUs per node ≥ GPUs (the rule checks it).
 */
import type { Fact, GpuNodePair } from '../facts.js'
import { RESTATING_WORDS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { endsSentence } from '../text/clauses.js'
import { lowerWord as word, type NumToken, type Token } from '../text/tokens.js'
import { statedValue } from './numbers.js'

/** Words that may join a GPU count to the nodes it fills. */
const JOINERS = new Set([...RESTATING_WORDS, 'are', 'across', 'on', 'in', 'over', 'means', 'total'])

export function gpuNodePairsOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): GpuNodePair[] {
  const out: GpuNodePair[] = []
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens || seg.kind === 'code') continue
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]
      if (t.kind !== 'num' || t.unit) continue
      const gpus = byToken.get(t)
      if (!gpus || gpus.noun !== 'gpu' || !statedValue(gpus) || gpus.scopes.size > 0 || !gpus.value.isInteger()) continue
      // The next number of the sentence, past the GPUs' own words and joining words or signs only.
      for (let k = i + 1; k < Math.min(tokens.length, i + 8); k++) {
        const u = tokens[k]
        if (endsSentence(tokens, k)) break
        if (u.kind === 'word' && (k === i + 1 || JOINERS.has(u.lower) || word(tokens[k - 1]) === 'gpus')) continue
        if (u.kind === 'op' && (u.op === '(' || u.op === '=' || u.op === '≈' || u.op === '→')) continue
        if (u.kind === 'punct' && (u.text === ',' || u.text === '*')) continue
        if (u.kind !== 'num') break
        const nodes = byToken.get(u)
        if (nodes && nodes.noun === 'node' && !nodes.unit && statedValue(nodes) && nodes.value.isInteger() && nodes.scopes.size === 0) out.push({ gpus, nodes })
        break
      }
    }
  }
  return out
}
