/** The classification of one number: tries the construction families in order and sets the fact's quantity. */
import type { Ctx } from '../context.js'
import { numberWord } from '../lexicon/number-words.js'
import type { Fact, Scope } from '../facts.js'
import { type QuantityId, QUANTITY } from '../lexicon/quantities.js'
import { ADDED_WORDS, ANTECEDENTS, EACH_WORDS, MEMORY_WORDS, MODEL_PARTS, NOUN_OF, PART_SUBJECTS, SCOPE_OF, SUBJECT_ENDS } from '../lexicon/words.js'
import { findGpu } from '../model/gpus.js'
import { cuesOfText } from '../lexicon/cues.js'
import { scopeBefore, spreadVerbAt, subjectBefore } from '../refiners/scope.js'
import type { Segment } from '../text/segments.js'
import { type Parts, clauseMentions } from '../text/clauses.js'
import type { Token, NumToken } from '../text/tokens.js'
import { nounAfter, ofTheBefore, partOf, nounCompatible, quantityOfNoun } from './counts.js'
import { nextIsOtherNoun, wayDegree } from './degrees.js'
import { sizeAdjective } from './adjectives.js'
import { isArith } from './expressions.js'
import { type Label, type TableLabel, sumGoesOnAfter } from './labels.js'
import { nameBefore, nameAfter, phraseAfter, nameLeft, kindFits } from './names.js'

/** `same … as N`, `as wide as N`: a count after the second `as` of an equal comparison. */
export function comparedWith(tokens: Token[], i: number, from: number): boolean {
  const p = tokens[i - 1]
  if (!(p?.kind === 'word' && p.lower === 'as')) return false
  for (let k = i - 2; k >= Math.max(from, i - 6); k--) {
    const u = tokens[k]
    if (u.kind !== 'word') return false
    if (u.lower === 'same' || u.lower === 'as') return true
  }
  return false
}

/** Nouns a parameter count may size and still be the model's (`a 671B-parameter model`, `MoE`). */
const MODEL_NOUNS = new Set(['model', 'models', 'moe', 'llm', 'checkpoint', 'network', 'transformer', 'version', 'variant'])
/** Words after a sized noun phrase that are no noun it sizes (`a 30B-parameter model with …`). */
const AFTER_NOUN_WORDS = new Set(['with', 'and', 'or', 'in', 'on', 'at', 'for', 'to', 'of', 'from', 'that', 'which', 'is', 'was', 'are', 'has', 'have', 'using', 'trained', 'served', 'running'])

export function classify(
  fact: Fact,
  tokens: Token[],
  i: number,
  from: number,
  to: number,
  parts: Parts,
  label: Label | undefined,
  tableLabel: TableLabel | undefined,
  seg: Segment,
  labelScopes: readonly Scope[],
  ctx: Ctx,
): void {
  const t = tokens[i] as NumToken
  // `(1) Tensor-parallel or (2) Data-parallel`: enumerators, not values.
  const before0 = tokens[i - 1]
  const after0 = tokens[i + 1]
  if (!t.unit && before0?.kind === 'op' && before0.op === '(' && after0?.kind === 'op' && after0.op === ')' && tokens[i + 2]?.kind === 'word' && t.lit.value.lt(10) && t.lit.value.isInteger()) {
    const prev = tokens[i - 2]
    if (!prev || prev.kind !== 'num') {
      fact.how = 'enumerator'
      return
    }
  }
  // `(same width as eight routed experts combined)`, `as wide as 4 GPUs`: the standard of a comparison is no value.
  if (!t.unit && comparedWith(tokens, i, from)) {
    fact.how = 'comparison'
    return
  }
  // 1. `top-2`, `top 8`, `top-k = 8`.
  const p1 = tokens[i - 1]
  const p2 = tokens[i - 2]
  if (p1 && i - 1 >= from) {
    if (p1.kind === 'word' && p1.lower === 'top' && !t.unit && !nextIsOtherNoun(seg.text, t.end)) return set(fact, 'topK', 'top-n')
    if (p1.kind === 'op' && p1.op === '-' && p2?.kind === 'word' && p2.lower === 'top' && p1.start === p2.end) return set(fact, 'topK', 'top-n')
  }
  // `32 × H100 80GB`, `8xH200`: GPUs counted by model name.
  const x1 = tokens[i + 1]
  const g1 = tokens[i + 2]
  if (!t.unit && x1?.kind === 'op' && x1.op === '×' && g1?.kind === 'word' && /\d/.test(g1.text) && findGpu(g1.text)) {
    const before = tokens[i - 1]
    // `2 × 8 × H100`: only the whole product counts; a lone factor is not the total.
    if (!(before?.kind === 'op' && before.op === '×')) {
      // `a 4 × H100 node`: GPUs per node.
      let nodeWord = false
      let nodesWord = false
      for (let k = i + 3; k < Math.min(to, i + 6); k++) {
        const u = tokens[k]
        if (u.kind === 'word' && NOUN_OF.get(u.lower) === 'node') {
          nodeWord = true
          nodesWord = /s$/.test(u.lower)
        }
        if (u.kind !== 'word' && u.kind !== 'num') break
        if (nodeWord) break
      }
      // `| Node type | … |` above `8 × H100`: a node's GPUs.
      const header = seg.table ? seg.table.header[seg.table.col] ?? '' : ''
      if (header.toLowerCase().split(/[^a-z]+/).some((w) => NOUN_OF.get(w) === 'node')) nodeWord = true
      // `on 4 × H100 nodes` (four nodes) or `8×H100 nodes` (nodes of eight): not sure which, so neither.
      if (nodesWord && !(before?.kind === 'word' && /^(a|an|one|each|every|per|single)$/.test(before.lower))) {
        fact.how = 'n×gpu-nodes'
        return
      }
      // `one node with 8 × H100`, `each replica has 16 × H200`: the GPUs of the subject.
      const subject = nodeWord ? [] : subjectBefore(tokens, i, from)
      if (subject.includes('node')) nodeWord = true
      else for (const sc of subject) fact.scopes.add(sc)
      return set(fact, nodeWord ? 'gpusPerNode' : 'gpus', 'n×gpu')
    }
  }
  // 2. `N-way NAME`, `N way NAME`, `NAME to N ways`.
  const way = wayDegree(tokens, i, to, parts)
  if (way) return set(fact, way, 'n-way')
  const sized = t.unit ? undefined : sizeAdjective(tokens, i, to)
  if (sized) return set(fact, sized, 'n-adjective')
  // 3. Name right before: `EP=8`, `EP 8`, `--tp 8`, `hidden_size: 4096`, `expert parallel size of 8`.
  let back = nameBefore(tokens, i, from, parts, fact.tok.unit)
  // 4. Noun phrase after the number; `32 of the 56 layers` lends 32 the noun.
  let noun = nounAfter(tokens, i, to, fact)
  // `the whole 24 GB card`, `80 GB GPUs`: a size right before the GPU noun is what each GPU has.
  // (`on a 24 GB card`, `an 8 GB GPU`: any card of that size, which a guide may set beside others.)
  if (fact.unit?.dim === 'bytes' && noun?.concept === 'gpu' && noun.at === i + 1) {
    const article = tokens[i - 1]
    // (`- 24 GB card: Q4_K_M with 32K context`: a card size that labels an item is one case among others too.)
    const colon = tokens[noun.at + 1]
    const label = i === from && colon?.kind === 'punct' && colon.text === ':'
    return set(fact, 'gpuMemory', label || (article?.kind === 'word' && (article.lower === 'a' || article.lower === 'an')) ? 'size-gpu-any' : 'size-gpu')
  }
  // `56 layers' worth of micro-batches`: a measure, not a count of the noun.
  if (noun) {
    const q1 = tokens[noun.at + 1]
    const q2 = tokens[noun.at + 2]
    const q3 = tokens[noun.at + 3]
    const apos = (t: Token | undefined): boolean => t?.kind === 'punct' && (t.text === "'" || t.text === '’')
    const worth = (t: Token | undefined): boolean => t?.kind === 'word' && /^(worth|worth-of)$/.test(t.lower)
    // `three layers in four`, `1 layer in every 4`, `one expert out of 8`: a share, not a count.
    const inEvery = q1?.kind === 'word' && (q1.lower === 'in' || q1.lower === 'out') ? (q2?.kind === 'word' && /^(every|each|of)$/.test(q2.lower) ? q3 : q2) : undefined
    if (inEvery?.kind === 'num' || (inEvery?.kind === 'word' && numberWord(inEvery.lower) !== undefined)) {
      fact.how = 'share'
      return
    }
    if ((apos(q1) && worth(q2)) || worth(q1) || (q1?.kind === 'word' && /^(s|’s|'s)$/.test(q1.lower) && worth(q2)) || (apos(q1) && q2?.kind === 'word' && q2.lower === 's' && worth(q3))) {
      fact.how = 'worth'
      return
    }
  }
  // `2 of the 4 KV heads per rank`: the scope after the noun belongs to the part (2), not to the whole (4).
  const ofThe = ofTheBefore(tokens, i)
  const whole = tokens[i - ofThe - 1]
  if (ofThe === 1 && whole?.kind === 'num') fact.shareBase = true
  if (noun && ofThe > 0 && (whole?.kind === 'num' || (whole?.kind === 'word' && /^(one|two|half|each|all|any|some|both|most|every)$/.test(whole.lower)))) for (const sc of ['gpu', 'node', 'stage', 'replica', 'group'] as const) fact.scopes.delete(sc)
  let part = false
  if (!noun) {
    noun = partOf(tokens, i, to, fact)
    part = noun !== undefined
  }
  // `8 groups of 4 GPUs`: the size of each group.
  const w1 = tokens[i - 1]
  const w2 = tokens[i - 2]
  if (w1?.kind === 'word' && w1.lower === 'of' && w2?.kind === 'word') {
    const c = NOUN_OF.get(w2.lower)
    if (c === 'group' || c === 'stage' || c === 'node' || c === 'replica') fact.scopes.add(SCOPE_OF[c])
  }
  // `32 ÷ 8, each spanning 8 GPUs`: a size per thing named elsewhere (the row, the groups).
  for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
    const u = tokens[k]
    if (u.kind !== 'word') break
    if (u.lower === 'each' || u.lower === 'every') {
      const next = tokens[k + 1]
      if (next && next.kind === 'word' && !NOUN_OF.has(next.lower) && next.lower !== 'of') fact.scopes.add(scopeBefore(tokens, k) ?? (clauseMentions(tokens, from, to, /^(group|groups)$/, ctx) || seg.table ? 'group' : 'replica'))
      break
    }
  }
  // `…: 4 groups, each of 8 GPUs`: a size per thing counted before.
  if (w1?.kind === 'word' && w1.lower === 'of' && w2?.kind === 'word' && w2.lower === 'each') fact.scopes.add(scopeBefore(tokens, i - 2) ?? 'group')
  let subject = subjectBefore(tokens, i, from)
  // `Each GPU holds 4 experts per layer, and 16 attention heads`: coordinated objects share the subject.
  const pw = tokens[i - 1]
  if (subject.length > 0) ctx.lastSubject = { clause: fact.clause, scopes: subject }
  else if (pw?.kind === 'word' && (pw.lower === 'and' || pw.lower === 'plus') && ctx.lastSubject?.clause === fact.clause) subject = ctx.lastSubject.scopes
  for (const s of subject) fact.scopes.add(s)
  for (const sc of labelScopes) fact.scopes.add(sc)
  // `a single card holds all 8 KV heads`: `all N` counts the whole set, whatever holds it.
  const all = tokens[i - 1]
  if (all?.kind === 'word' && all.lower === 'all' && !fact.unit) for (const sc of ['gpu', 'node', 'stage', 'replica'] as const) fact.scopes.delete(sc)
  // `two pipeline stages of 30 layers`: the noun after beats a name joined by `of`.
  if (back && (back.viaOf || (back.kind === 'count' && back.joined)) && noun && !nounCompatible(back.id, noun.concept)) back = undefined
  // `DP = 64 ÷ (2 × 4) = 8`: the name labels the result, not the first operand.
  // (`TP=4/EP=4`: a slash before another name separates two settings; only a number or `(` continues a formula.)
  const operand = tokens[i + 2]
  if (back && back.joined && isArith(tokens[i + 1]) && (operand?.kind === 'num' || (operand?.kind === 'op' && operand.op === '('))) {
    fact.pending = back.id
    back = undefined
  }
  // `2-way tensor parallel × 2 pipeline stages × 16-way data parallel = 64 GPUs`: a product of degrees equals a GPU
  // count; the last degree's name does not label it.
  if (back && back.kind === 'degree' && noun?.concept === 'gpu' && productBefore(tokens, i, from)) back = undefined
  if (back && back.kind === 'degree') return set(fact, back.id, back.colon ? 'label-colon' : 'name')
  if (noun) {
    const q = quantityOfNoun(noun.concept, noun.modifiers, fact, tokens, i, from, to, ctx)
    // `34,560 B (30 layers)`: a count of layers annotating a value is the layers that value covers (a stage's), not
    // the model's.
    const open = tokens[i - 1]
    if (q === 'layers' && open?.kind === 'op' && open.op === '(' && tokens[i - 2]?.kind === 'num') {
      fact.how = 'annotation'
      return
    }
    // `58 of its 61 layers`: a part is not the whole's count.
    if (q && part && ['layers', 'gpus', 'experts', 'heads', 'kvHeads', 'nodes', 'moeLayers'].includes(q)) return
    // `four experts active per token`: a longer name after the number (three words or more) says more than its noun.
    const longer = !t.unit && !back && fact.scopes.size === 0 && ofThe === 0 ? nameAfter(tokens, i, parts, 3) : undefined
    if (q && longer && longer !== q && !part) return set(fact, longer, 'name-after')
    // `Active per token: 7 experts per layer (6 routed + shared)`: the experts a token uses, not the layer's.
    if (q === 'experts' && label && cuesOfText(label.text).has('activeCount')) {
      fact.how = 'active-label'
      return
    }
    if (q) return set(fact, q, 'noun')
    // `128 dimensions per head`, `151,936 tokens in the vocabulary`, `4 model replicas`: the words after the number
    // are a quantity's name.
    const named = !t.unit && !back ? nameAfter(tokens, i, parts) : undefined
    if (named && !part) return set(fact, named, 'name-after')
    if (noun.concept !== 'param' && noun.concept !== 'token') {
      // A counted noun we do not map: the number is not what a label names.
      fact.how = 'noun:' + noun.concept
      if (back && back.kind === 'count' && nounCompatible(back.id, noun.concept)) return set(fact, back.id, 'name')
      return
    }
  }
  if (back) return set(fact, back.id, back.colon ? 'label-colon' : 'name')
  if (!noun && !t.unit) {
    const named = nameAfter(tokens, i, parts)
    if (named) return set(fact, named, 'name-after')
  }
  // 5. Bytes, rates, times: words after the number name the component (`64GB HBM each`, `4.38GB for expert parameters`).
  if (fact.unit && fact.unit.dim !== 'percent' && fact.unit.dim !== 'ratio') {
    const after = phraseAfter(tokens, i, to, parts, fact.unit)
    // `8 × H200 141 GB (1,128 GB of HBM)`: memory in parentheses that is a multiple of the size before it is that of
    // all the GPUs counted, no GPU's.
    if (after === 'gpuMemory' && severalOfBefore(tokens, i, fact)) {
      fact.how = 'annotation'
      return
    }
    // `the 12 bytes of FP32 master weights and Adam moments`: a few bytes are a size per parameter, no memory.
    if (after && after.startsWith('mem') && fact.unit.dim === 'bytes' && fact.value.lt(64)) {
      fact.how = 'per-param'
      return
    }
    if (after) return set(fact, after, 'after')
  }
  // `8 H100 GPUs, each with 80 GB`, `GPUs with 141 GB`: the memory a GPU comes with.
  if (fact.unit?.dim === 'bytes' && gpuWith(tokens, i, from)) return set(fact, 'gpuMemory', 'gpu-with')
  // 6. A name further left: `expert parameter memory from 4.38GB to 0.62GB`.
  // (`… of weights and about 3 GB that I budget for activations`: what follows says what the size is for.)
  if (fact.unit && fact.unit.dim !== 'percent' && fact.unit.dim !== 'ratio' && !purposeAfter(tokens, i, to)) {
    const left = nameLeft(tokens, i, from, parts, fact.unit)
    if (left) return set(fact, left, 'left')
  }
  // `H200 GPUs and 141GB of memory each`, `H100 80GB (80 GB each)`: bytes each in a clause about GPUs, with no
  // other component named, are the memory a GPU comes with.
  // (`671B parameters at 1 byte each`: bytes each under a gigabyte are a size per item, not a GPU's memory.)
  if (fact.unit?.dim === 'bytes' && fact.value.gte(1e9) && gpuEach(tokens, i, from, to)) return set(fact, 'gpuMemory', 'gpu-each')
  // `the first 3 are dense`, `first 3 layers dense`: leading dense layers.
  const pf = tokens[i - 1]
  if (!t.unit && pf?.kind === 'word' && pf.lower === 'first') {
    for (let k = i + 1; k < Math.min(to, i + 5); k++) {
      const u = tokens[k]
      if (u.kind === 'word' && u.lower === 'dense') return set(fact, 'denseLayers', 'first-n-dense')
      if (u.kind !== 'word') break
    }
  }
  // `H200 (141 GB)`: the memory of the GPU just named.
  if (fact.unit?.dim === 'bytes' && pf?.kind === 'op' && pf.op === '(' && tokens[i - 2]?.kind === 'word' && /\d/.test((tokens[i - 2] as { text: string }).text) && findGpu((tokens[i - 2] as { text: string }).text)) return set(fact, 'gpuMemory', 'gpu-paren')
  // `8 × B200 180GB`, `H100 80 GB`: the memory right after a GPU's name, when it is about what that GPU has.
  const gw = tokens[i - 1]
  if (fact.unit?.dim === 'bytes' && gw?.kind === 'word' && /\d/.test(gw.text)) {
    const gpu = findGpu(gw.text)
    const gb = fact.value.div(1e9).toNumber()
    if (gpu && gb >= gpu.memoryGB * 0.85 && gb <= gpu.memoryGB * 1.1) return set(fact, 'gpuMemory', 'gpu-name')
  }
  // `37B activated per token`: active parameters.
  if (!fact.unit && fact.tok.lit.style.suffix && fact.value.gte(1e8) && tokens[i + 1]?.kind === 'word' && /^(active|activated)$/.test((tokens[i + 1] as { lower: string }).lower)) return set(fact, 'paramsActive', 'n-active')
  // `first 3 dense, the other 58 MoE`: MoE layer count without the noun.
  const nm = tokens[i + 1]
  // (`layers 3–60 MoE`: the end of a range of layer numbers is an index, not a count.)
  const dash = tokens[i - 1]
  const rangeEnd = dash?.kind === 'op' && dash.op === '-' && dash.end === t.start && tokens[i - 2]?.kind === 'num' && tokens[i - 2].end === dash.start
  if (!t.unit && !rangeEnd && nm?.kind === 'word' && /^(moe|sparse)$/.test(nm.lower) && (tokens[i + 2] === undefined || tokens[i + 2].kind !== 'word' || !NOUN_OF.has((tokens[i + 2] as { lower: string }).lower)) && clauseMentions(tokens, from, to, /^(layer|layers|dense)$/, ctx)) return set(fact, 'moeLayers', 'n-moe')
  // `of which 3.35B are active`: active parameters.
  const n1 = tokens[i + 1]
  const n2 = tokens[i + 2]
  if (!noun && !fact.unit && fact.value.gte(1e8) && fact.tok.lit.style.suffix && n1?.kind === 'word' && /^(are|is)$/.test(n1.lower) && n2?.kind === 'word' && /^(active|activated)$/.test(n2.lower)) return set(fact, 'paramsActive', 'are-active')
  if (noun?.concept === 'param') {
    // `224 × 8.65M params`, `8.65M params per expert`, `Expert instance = … = 301,989,888 parameters`: not the model's count.
    if (fact.scopes.size > 0 || fact.value.lt(1e8) || fact.expr || seg.table) return
    // `… split 4 ways (7.25B) plus … ≈ 8.0B params`: a count after a verb that spreads it over GPUs is a share.
    if (spreadVerbAt(tokens, from, i) >= 0) return
    // `so that is about 16.9B parameters`: a count restating what the sentence before computed (that, this, which).
    // (`It has 141B parameters` names the model: `it` is not one of them.)
    for (let k = i - 1; k >= Math.max(from, i - 4) && tokens[k].kind === 'word'; k--) {
      const w = (tokens[k] as { lower: string }).lower
      if (ANTECEDENTS.has(w) && w !== 'it' && w !== 'them') return
    }
    // `Expert instance = 3 × … = 301,989,888 parameters`: the words right around the number name one part.
    for (let k = Math.max(from, i - 4); k < Math.min(to, noun.at + 4); k++) {
      const u = tokens[k]
      if (u.kind === 'word' && /^(expert|experts|instance|instances|layer|layers|per|each|shard|shards|rank|ranks|stage|stages)$/.test(u.lower)) return
      if ((u.kind === 'punct' || (u.kind === 'op' && u.op === '(')) && k > i) break
    }
    // `Dense layers: FFN width 16384 → 251.66M params`, `Tensor-parallel part: … = 15.16B params`: a label naming a part.
    if (label && /\b(part|parts|dense|attention|expert|experts|shared|layers?|ffn|mlp|embeddings?|head|router|norms?|non-expert|routed|moe|replicated|sharded|per|each|stage|rank|gpu|card|device)\b/i.test(label.text)) return
    const near = (lo: number, hi: number): boolean => {
      for (let k = lo; k <= hi; k++) {
        const u = tokens[k]
        if (!u || (k !== i && u.kind === 'num')) return false
        if (u.kind === 'punct' && (u.text === ',' || u.text === ';' || u.text === '(')) return false
        if (u.kind === 'word' && /^(activates|activated|active|activate|activating|token)$/.test(u.lower)) return true
      }
      return false
    }
    const backNear = (): boolean => {
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const u = tokens[k]
        if (u.kind !== 'word') return false
        if (/^(activates|activated|active|activate|activating)$/.test(u.lower)) return true
      }
      return false
    }
    // `2 × 0.622B params` (the embedding and the head): a factor of a product is a part's size, not the model's count.
    const times = tokens[i - 1]
    if (times?.kind === 'op' && times.op === '×') {
      fact.how = 'factor'
      return
    }
    // `attention (≈ 4.8B params, 9.6 GB)`: a count in parentheses after a part of the model is that part's.
    for (let k = i - 1, depth = 0; k >= Math.max(from, i - 8); k--) {
      const u = tokens[k]
      if (u.kind === 'op' && u.op === ')') depth++
      if (u.kind === 'op' && u.op === '(' && depth-- === 0) {
        const w = tokens[k - 1]
        if (w?.kind === 'word' && MODEL_PARTS.has(w.lower)) {
          fact.how = 'part'
          return
        }
        break
      }
    }
    // `the optional 14B-parameter MTP module`: a count that sizes another thing than the model is that thing's.
    const sized = noun.modifiers.find((m) => m.startsWith('adjectival-'))?.slice('adjectival-'.length)
    if (sized && !MODEL_NOUNS.has(sized) && !AFTER_NOUN_WORDS.has(sized) && !noun.modifiers.some((m) => MODEL_NOUNS.has(m))) {
      fact.how = 'part'
      return
    }
    // `the extra ~14B parameters that ship in the checkpoint`, `another 2B params`: an addition is a part.
    for (let k = i - 1; k >= Math.max(from, i - 2); k--) {
      const u = tokens[k]
      if (u.kind === 'op' && u.op === '≈') continue
      if (u.kind === 'word' && ADDED_WORDS.has(u.lower)) {
        fact.how = 'part'
        return
      }
      break
    }
    if (noun.modifiers.some((m) => ADDED_WORDS.has(m))) {
      fact.how = 'part'
      return
    }
    // `20.4B params, plus everything else (≈17.1B), ≈37.5B in total`: a count a sum goes on from is a part.
    if (sumGoesOnAfter(tokens, noun.at)) {
      fact.how = 'part'
      return
    }
    if (subjectIsPart(tokens, from, i)) {
      fact.how = 'part'
      return
    }
    const active = noun.modifiers.includes('active') || noun.modifiers.includes('activated') || near(i, Math.min(to - 1, noun.at + 4)) || backNear()
    return set(fact, active ? 'paramsActive' : 'paramsTotal', 'noun')
  }
  // Labels are applied after expressions are known (applyLabel).
  void label
  void tableLabel
  void seg
}

/** `The MLA block is q_a (…) + … = 187.1M parameters`: the clause's subject names a part of the model, not the model. */
function subjectIsPart(tokens: Token[], from: number, i: number): boolean {
  let part = false
  for (let k = from; k < i; k++) {
    const u = tokens[k]
    if ((u.kind === 'op' && u.op === '=') || (u.kind === 'punct' && u.text === ':')) break
    if (u.kind !== 'word') continue
    if (SUBJECT_ENDS.has(u.lower)) break
    if (MODEL_NOUNS.has(u.lower) && u.lower !== 'moe') return false
    if (PART_SUBJECTS.has(u.lower)) part = true
  }
  return part
}

function set(fact: Fact, q: QuantityId, how: string): void {
  // `each expert is a block with an intermediate size of 768`: the expert FFN.
  if (q === 'ffn' && fact.scopes.has('expert')) q = 'expertFfn'
  // An expert's FFN size is per expert, and a GPU's memory per GPU, by definition.
  if (q === 'expertFfn') fact.scopes.delete('expert')
  if (q === 'gpuMemory') fact.scopes.delete('gpu')
  // `With EP=4 each GPU keeps …`: a parallel degree is the plan's, whatever subject follows it.
  if (QUANTITY[q].kind === 'degree') fact.scopes.clear()
  if (!kindFits(QUANTITY[q].kind, fact.unit)) {
    // `400 GB/s` cannot be a count: leave it unclassified.
    if (!(QUANTITY[q].kind === 'params' && fact.unit === undefined)) return
  }
  fact.quantity = q
  fact.how = how
  // `TP 8 within each node`, `EP 8 per stage`: a parallel degree is one size for the whole plan.
  if (QUANTITY[q].kind === 'degree') for (const sc of ['node', 'stage', 'replica', 'group'] as const) fact.scopes.delete(sc)
}

/** `GPUs, each with 80 GB`, `H200s with 141 GB`, `8 cards each with 96 GB`: `with` right after a GPU noun or `each`. */
function gpuWith(tokens: Token[], i: number, from: number): boolean {
  const w = tokens[i - 1]
  if (w?.kind !== 'word' || w.lower !== 'with' || i - 2 < from) return false
  let k = i - 2
  if (tokens[k]?.kind === 'word' && (tokens[k] as { lower: string }).lower === 'each') k--
  if (tokens[k]?.kind === 'word' && (tokens[k] as { lower: string }).lower === 'and') k--
  while (k >= from && tokens[k]?.kind === 'punct' && (tokens[k] as { text: string }).text === ',') k--
  return isGpuWord(tokens[k])
}

function isGpuWord(t: Token | undefined): boolean {
  return t?.kind === 'word' && (NOUN_OF.get(t.lower) === 'gpu' || findGpu(t.text) !== undefined)
}

/** `141GB of memory each`, `80 GB each`, `192 GB apiece` in a clause that names GPUs. */
function gpuEach(tokens: Token[], i: number, from: number, to: number): boolean {
  let k = i + 1
  const w = (j: number): string | undefined => (tokens[j]?.kind === 'word' ? (tokens[j] as { lower: string }).lower : undefined)
  if (w(k) === 'of' && MEMORY_WORDS.has(w(k + 1) ?? '')) k += 2
  else if (MEMORY_WORDS.has(w(k) ?? '')) k++
  if (!EACH_WORDS.has(w(k) ?? '')) return false
  // `281 GB, spread over the 8 GPUs, is ~35.2 GB apiece`: a share of something spread over the GPUs, not their memory.
  if (spreadVerbAt(tokens, from, i) >= 0) return false
  for (let j = from; j < to; j++) if (j !== i && isGpuWord(tokens[j])) return true
  return false
}

/** `3 GB that I budget for activations`: a `for` + word after the number, before any punctuation or number. */
function purposeAfter(tokens: Token[], i: number, to: number): boolean {
  for (let k = i + 1; k < Math.min(to, i + 9); k++) {
    const t = tokens[k]
    if (t.kind !== 'word') return false
    if (t.lower === 'for' && tokens[k + 1]?.kind === 'word') return true
  }
  return false
}

/** `… × … = N`: the number is the result of a product written before it in the clause. */
function productBefore(tokens: Token[], i: number, from: number): boolean {
  const eq = tokens[i - 1]
  if (eq?.kind !== 'op' || eq.op !== '=') return false
  for (let k = i - 2; k >= from; k--) {
    const t = tokens[k]
    if (t.kind === 'op' && t.op === '×') return true
    if (t.kind === 'op' && t.op === '=') return false
  }
  return false
}

/** A size in parentheses right after another size that it is at least twice: the sum of several of it. */
function severalOfBefore(tokens: Token[], i: number, fact: Fact): boolean {
  const open = tokens[i - 1]
  const prev = tokens[i - 2]
  if (!(open?.kind === 'op' && open.op === '(' && prev?.kind === 'num' && prev.unit?.dim === 'bytes' && fact.unit?.dim === 'bytes')) return false
  const before = prev.lit.value.times(prev.unit.factor)
  return before.gt(0) && fact.value.div(before).gte(1.9)
}
