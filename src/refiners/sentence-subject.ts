/**
 * The subject of a sentence that names one stage, node or replica (`Stage 0 holds the 3 dense layers, 28 MoE layers
 * and the embedding: ≈ 324.9B parameters`): the model-wide counts it gives are that one's, not the model's.
 */
import type { Fact, Scope } from '../facts.js'
import { ONE_DETERMINERS, SUBJECT_NOUN_SCOPES, SUBJECT_OPENERS, SUBJECT_SCOPES, WHOLE_MODEL_COUNTS } from '../lexicon/words.js'
import type { Token } from '../text/tokens.js'

const isStop = (t: Token | undefined): boolean => t?.kind === 'punct' && (t.text === '.' || t.text === ';' || t.text === '!' || t.text === '?')

/** `tokens`: a segment's tokens; `base`: the file offset of that segment. */
export function sentenceSubjects(tokens: Token[], facts: Fact[], base: number): void {
  for (let k = 0; k + 1 < tokens.length; k++) {
    const noun = tokens[k]
    const id = tokens[k + 1]
    // `One expert = 3 × 6144 × 16384 ≈ 302M parameters`, `Each stage holds …`: a determiner of one thing opens it.
    const one = noun.kind === 'word' && ONE_DETERMINERS.has(noun.lower) && id.kind === 'word' ? SUBJECT_NOUN_SCOPES[id.lower] : undefined
    if (!one && (noun.kind !== 'word' || id.kind !== 'num' || id.unit)) continue
    const scope: Scope | undefined = one ?? SUBJECT_SCOPES[(noun as { lower: string }).lower]
    if (!scope) continue
    // The subject opens its sentence: `Stage 0 holds …`, `… 31/30. Stage 1 holds …`, `In stage 0, …`.
    let s = k - 1
    while (s >= 0 && tokens[s].kind === 'word' && SUBJECT_OPENERS.has((tokens[s] as { lower: string }).lower)) s--
    // A determiner subject may also open what a label introduces (`Active per token: each layer uses …`).
    const colon = one !== undefined && tokens[s]?.kind === 'punct' && (tokens[s] as { text: string }).text === ':'
    if (s >= 0 && !isStop(tokens[s]) && !colon) continue
    let end = k + 2
    // A determiner subject (`One expert is …, so 928 × 44.04M ≈ 36.2B params`) reaches the first comma only.
    const comma = (t: Token): boolean => one !== undefined && t.kind === 'punct' && t.text === ','
    while (end < tokens.length && !isStop(tokens[end]) && !comma(tokens[end])) end++
    const a = base + tokens[k].start
    const b = base + tokens[end - 1].end
    for (const f of facts) {
      if (f.place.start < a || f.place.end > b || f.tok === id) continue
      // `each layer uses … ≈ 56.9M`: one layer's parameters (a layer's experts or heads are the model's).
      if (scope === 'layer' && f.quantity !== 'paramsTotal' && f.quantity !== 'paramsActive') continue
      const unscoped = f.scopes.size === 0 || (f.quantity === 'paramsActive' && f.scopes.size === 1 && f.scopes.has('token'))
      if (f.quantity && WHOLE_MODEL_COUNTS.has(f.quantity) && unscoped) f.scopes.add(scope)
    }
    k = end
  }
}
