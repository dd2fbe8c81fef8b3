/**
 * `The 70B parameters in BF16 take 140 GB`, `405B params at FP8 need ~405 GB`:
 * a parameter count, a storage format and a size, the size stated by a verb
 * right after the count in one clause, for the whole model. Read as a claim
 * the weight-memory rule checks (size = count × bytes per parameter). A span
 * with a written expression, another number between, a scope (`per GPU`,
 * experts, a stage) or a condition (`if`, `would`) is not read.
 */
import type { Attribute, Clause, Fact, ParamWeights } from '../facts.js'
import { SIZE_VERBS, SIZE_FILLERS, SIZE_SCOPES, NOT_WHOLE, FORMAT_WORDS } from '../lexicon/weights.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'

function word(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.lower : undefined
}

export function paramWeightsOf(clauses: Clause[], facts: Fact[], attributes: Attribute[], tokensOf: Map<Segment, Token[]>): ParamWeights[] {
  const out: ParamWeights[] = []
  const factsOfClause = new Map<number, Fact[]>()
  for (const f of facts) {
    const l = factsOfClause.get(f.clause) ?? []
    l.push(f)
    factsOfClause.set(f.clause, l)
  }
  const precisionsOf = new Map<Segment, Attribute[]>()
  for (const a of attributes) {
    if (a.attr !== 'precision' || a.quoted) continue
    const l = precisionsOf.get(a.seg) ?? []
    l.push(a)
    precisionsOf.set(a.seg, l)
  }
  for (const clause of clauses) {
    const list = factsOfClause.get(clause.index)
    const seg = clause.seg
    const precisions = precisionsOf.get(seg) ?? []
    const tokens = tokensOf.get(seg)
    if (!list || list.length < 2 || !tokens || seg.table) continue
    const clauseStart = tokens.findIndex((t) => t.start >= clause.start)
    const at = (f: Fact): number => tokens.findIndex((t) => t.kind === 'num' && seg.start + t.start === f.place.start)
    for (let n = 0; n + 1 < list.length; n++) {
      const params = list[n]
      const size = list[n + 1]
      if (params.quantity !== 'paramsTotal' && params.quantity !== 'paramsActive') continue
      // `671B total parameters (37B active), released in FP8 → ~671 GB`: beside the total, an active count sizes no weights.
      if (params.quantity === 'paramsActive' && list.some((g) => g.quantity === 'paramsTotal')) continue
      if (size.unit?.dim !== 'bytes' || size.value.lte(0) || params.value.lte(0)) continue
      // `FP8 is ~1 byte/param`: bytes per parameter are a format's width, not a size.
      if (size.quantity === 'bytesPerParam') continue
      // An example or another setup's count is still its own count × bytes: only quotations are left out.
      if ([params, size].some((f) => f.quoted || f.negated || f.expr || f.bound || f.inCode || f.scopes.size > 0 || f.alt)) continue
      const i = at(params)
      const j = at(size)
      if (i < 0 || j <= i) continue
      // The verb: the last word before the size, past fillers (`take about`, `amount to`).
      let k = j - 1
      while (k > i && SIZE_FILLERS.has(word(tokens[k]) ?? '')) k--
      const verb = tokens[k]
      const isVerb = SIZE_VERBS.has(word(verb) ?? '') || (verb.kind === 'op' && (verb.op === '=' || verb.op === '≈' || verb.op === '→'))
      if (!isVerb || k <= i) continue
      // No scope or condition from the clause's start to the size, nor right after it (`140 GB per GPU`).
      let whole = true
      for (let m = Math.max(0, clauseStart); m < j && whole; m++) if (NOT_WHOLE.has(word(tokens[m]) ?? '')) whole = false
      // After the size, up to the next mark: `on each of 4 GPUs`, `across the node`.
      for (let m = j + 1; m < tokens.length && whole && tokens[m].kind !== 'punct'; m++) {
        const w = word(tokens[m])
        if (w && (NOT_WHOLE.has(w) || (m === j + 1 && SIZE_SCOPES.has(w)) || w === 'across')) whole = false
      }
      if (!whole) continue
      // The format: between the count and the size, or right after the size (`take 140 GB in BF16`).
      const from = seg.start + tokens[i].start
      let to = seg.start + tokens[j].start
      const after = tokens.slice(j + 1, j + 4)
      const stop = after.findIndex((t) => t.kind !== 'word')
      const tail = stop < 0 ? after : after.slice(0, stop)
      const inside = (a: Attribute, end: number): boolean => a.place.start >= from && a.place.end <= end
      let found = precisions.filter((a) => inside(a, to))
      if (found.length === 0 && tail.length > 0) {
        to = seg.start + tail[tail.length - 1].end
        found = precisions.filter((a) => a.place.start >= seg.start + tokens[j].end && a.place.end <= to)
      }
      let format: ParamWeights['precision'] | undefined = found[0]
      // `which is 1GB in half-precision`: a format in words, right after the size.
      if (found.length === 0) {
        const w = tail.find((t, m) => t.kind === 'word' && (t.lower === 'half-precision' || (t.lower === 'half' && word(tail[m + 1]) === 'precision')))
        if (w) format = { value: FORMAT_WORDS[(w as { lower: string }).lower], place: { start: seg.start + w.start, end: seg.start + w.end } }
      } else if (new Set(found.map((a) => a.value)).size !== 1) format = undefined
      if (!format) continue
      out.push({ params, size, precision: format })
    }
  }
  return out
}
