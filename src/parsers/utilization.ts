/**
 * `1,000 tokens/s per GPU for the 70B-parameter model, which is 420 TFLOPS
 * per GPU and 42.5% MFU`: achieved FLOP/s per GPU, MFU, and what they follow
 * from (tokens/s per GPU, a parameter count, training or inference), each
 * stated once in one paragraph or list item. Read as a claim the utilization
 * rule checks. Nothing is read from a paragraph with a second achieved
 * figure, MFU, rate or count.
 */
import type { Fact, UtilizationClaim } from '../facts.js'
import { TRAINING_WORDS, INFERENCE_WORDS, PARAM_WORDS } from '../lexicon/weights.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'

function lower(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.lower : undefined
}

/** `42.5% MFU`, `an MFU of 42%`, `MFU: 42%`, `42% model FLOPs utilization`. */
function isMfu(tokens: Token[], i: number): boolean {
  const next = lower(tokens[i + 1])
  if (next === 'mfu') return true
  if (next === 'model' && /^flops?$/.test(lower(tokens[i + 2]) ?? '') && lower(tokens[i + 3]) === 'utilization') return true
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const w = lower(tokens[k])
    if (w === 'mfu') return true
    if (tokens[k].kind === 'num') return false
    if (w && !/^(of|is|was|at|reaches|reached|about|around|=|:)$/.test(w)) return false
  }
  return false
}

export function utilizationOf(factsOf: Map<Segment, Fact[]>, tokensOf: Map<Segment, Token[]>): UtilizationClaim[] {
  const out: UtilizationClaim[] = []
  for (const [seg, facts] of factsOf) {
    if (seg.table || seg.kind === 'code' || seg.kind === 'frontmatter') continue
    const tokens = tokensOf.get(seg)
    if (!tokens) continue
    if (facts.some((f) => f.quoted || f.example || f.bound || f.alt || f.negated)) continue
    const index = (f: Fact): number => tokens.findIndex((t) => t.kind === 'num' && seg.start + t.start === f.place.start)
    const perGpu = (f: Fact): boolean => f.scopes.has('gpu') && f.scopes.size === 1
    const achieved = facts.filter((f) => f.unit?.dim === 'flopRate' && f.quantity !== 'peakFlops')
    const mfu = facts.filter((f) => f.unit?.dim === 'percent' && isMfu(tokens, index(f)))
    const rates = facts.filter((f) => f.unit?.dim === 'tokenRate')
    const params = facts.filter((f) => {
      if (f.unit || f.value.lt(1e8)) return false
      if (f.quantity === 'paramsTotal' || f.quantity === 'paramsActive') return true
      const i = index(f)
      const n1 = tokens[i + 1]
      const w = lower(n1 && n1.kind === 'op' ? tokens[i + 2] : n1)
      return PARAM_WORDS.has(w ?? '')
    })
    if (achieved.length > 1 || mfu.length > 1 || rates.length > 1 || params.length > 1) continue
    if (achieved.length === 0 || (mfu.length === 0 && (rates.length === 0 || params.length === 0))) continue
    if (!perGpu(achieved[0])) continue
    const words = new Set(tokens.map(lower).filter((w): w is string => w !== undefined))
    for (const w of (seg.section?.title ?? '').toLowerCase().split(/[^a-z-]+/)) words.add(w)
    const training = [...words].some((w) => TRAINING_WORDS.has(w))
    const inference = [...words].some((w) => INFERENCE_WORDS.has(w))
    out.push({
      achieved: achieved[0],
      mfu: mfu[0],
      tokensPerGpu: rates[0] && perGpu(rates[0]) ? rates[0] : undefined,
      params: params[0],
      mode: training === inference ? undefined : training ? 'training' : 'inference',
    })
  }
  return out
}
