/**
 * `Model FLOPs: … = 3.64 PFLOP/s. Dense FP8 peak is 8 × 1,979 TFLOPS = 15.83 PFLOP/s, so utilisation is 11.5%.`,
 * `- Per GPU: … ≈ 258.8 TFLOPS.` then `- MFU against the H100 BF16 dense peak of 989 TFLOPS ≈ 13.1%.`: a utilization
 * percentage in the sentence of a peak FLOP rate is the achieved rate stated just before it ÷ that peak.
 */
import type { Fact, PercentClaim } from '../facts.js'
import type { Segment } from '../text/segments.js'
import type { NumToken, Token } from '../text/tokens.js'

const SHARE_WORDS = new Set(['mfu', 'hfu', 'utilization', 'utilisation', 'efficiency'])
const PEAK_WORDS = new Set(['peak', 'theoretical'])

const isFlops = (f: Fact | undefined): f is Fact => f !== undefined && f.unit?.dim === 'flopRate' && f.expr?.role !== 'operand' && !f.quoted && !f.example

export function utilizationSharesOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): PercentClaim[] {
  const out: PercentClaim[] = []
  // The achieved rate of the sentence before (in this segment or the one before it, in the same section).
  let achieved: Fact | undefined
  let achievedSection: unknown
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens || seg.table) {
      if (tokens) achieved = undefined
      continue
    }
    if (seg.section !== achievedSection) achieved = undefined
    // Most paragraphs name no FLOP rate and no peak: nothing of theirs is read (nor sliced into sentences).
    if (!tokens.some((u) => (u.kind === 'num' && u.unit?.dim === 'flopRate') || (u.kind === 'word' && PEAK_WORDS.has(u.lower)))) {
      achievedSection = seg.section
      continue
    }
    let start = 0
    for (let i = 0; i <= tokens.length; i++) {
      const t = tokens[i]
      const end = i === tokens.length || (t.kind === 'punct' && (t.text === '.' || t.text === ';'))
      if (!end) continue
      const sentence = tokens.slice(start, i)
      start = i + 1
      const words = new Set(sentence.flatMap((u) => (u.kind === 'word' ? [u.lower] : [])))
      const flops = sentence.flatMap((u) => (u.kind === 'num' ? [byToken.get(u)] : [])).filter(isFlops)
      const peak = [...words].some((w) => PEAK_WORDS.has(w))
      const percents = sentence.flatMap((u) => (u.kind === 'num' && u.unit?.dim === 'percent' ? [byToken.get(u)] : [])).filter((f): f is Fact => f !== undefined && !f.quoted)
      if (peak && flops.length === 1 && percents.length === 1 && [...words].some((w) => SHARE_WORDS.has(w)) && achieved && flops[0].place.start > achieved.place.start) {
        out.push({ percent: percents[0], part: achieved, whole: flops[0], target: 'percent' })
      }
      // This sentence's own achieved rate (one, not a peak) is the next sentence's.
      achieved = !peak && flops.length === 1 ? flops[0] : flops.length > 0 || peak ? undefined : achieved
      achievedSection = seg.section
    }
  }
  return out
}
