/** Counts with nouns: `8 experts per GPU`, `32 of the 56 layers`, `8-GPU group`, and the quantity a counted noun names. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'
import { BATCH_AFTER, OF_DETERMINERS, WHOLE_SETUP_NOUNS, NOUN_MODIFIERS, NOUN_OF, SCOPE_OF, HOLD_VERBS, REPLICA_VERBS, REPLICA_NOUNS, ONE_WHOLE, INSTANCE_WORDS, REST_WORDS, REST_AFTER, COPY_MODIFIERS, REDUNDANT_MODIFIERS, REPLICATE_VERBS, ROUTING_JOINERS, TOP_K_WORD, CHUNK_WORDS } from '../lexicon/words.js'
import { cuesOf } from '../lexicon/cues.js'
import { qualifiersAfter } from '../refiners/scope.js'
import { clauseMentions } from '../text/clauses.js'
import type { NumToken, Token } from '../text/tokens.js'
import { isArith } from './expressions.js'

/** `32 of the 56 layers`: the part takes the noun of the whole. */
export function partOf(tokens: Token[], i: number, to: number, fact: Fact): Noun | undefined {
  let j = i + 1
  if (!(tokens[j]?.kind === 'word' && (tokens[j] as { lower: string }).lower === 'of')) return undefined
  j++
  // `With 256 routed experts spread over 8 GPUs, each GPU hosts 16 of them`: the pronoun's noun is the one counted
  // earlier in the sentence that the clause's subject is not.
  const pronoun = tokens[j]?.kind === 'word' ? (tokens[j] as { lower: string }).lower : ''
  if (pronoun === 'them' || pronoun === 'those' || pronoun === 'these') {
    const c = antecedentOf(tokens, i)
    if (!c) return undefined
    fact.noun = c
    // (`16 of them in every MoE layer`: what follows the pronoun scopes the part.)
    for (const sc of qualifiersAfter(tokens, j + 1, to, [])) fact.scopes.add(sc)
    return { concept: c, modifiers: [], at: j }
  }
  if (tokens[j]?.kind === 'word' && /^(the|its|their|all)$/.test((tokens[j] as { lower: string }).lower)) j++
  if (tokens[j]?.kind !== 'num') return undefined
  // `8 of the 32 query heads`: modifiers may precede the noun.
  let k = j + 1
  const modifiers: string[] = []
  while (k < to && tokens[k]?.kind === 'word' && NOUN_MODIFIERS.has((tokens[k] as { lower: string }).lower) && !NOUN_OF.has((tokens[k] as { lower: string }).lower)) {
    modifiers.push((tokens[k] as { lower: string }).lower)
    k++
  }
  const w = tokens[k]
  const c = w?.kind === 'word' ? NOUN_OF.get(w.lower) : undefined
  if (!c || k >= to) return undefined
  fact.noun = c
  // `each GPU owns 32 of the 128 experts in every MoE layer`, `2 of the 4 KV heads per rank`: what follows the whole
  // scopes the part.
  for (const sc of qualifiersAfter(tokens, k + 1, to, [])) fact.scopes.add(sc)
  return { concept: c, modifiers, at: k }
}

/** The one noun counted before `i` in its sentence (`256 routed experts`) that no word after its count names again (`each GPU`). */
function antecedentOf(tokens: Token[], i: number): string | undefined {
  const counted = new Set<string>()
  // Concepts a word names between the count being read and `i`, walking back.
  const named = new Set<string>()
  for (let k = i - 1; k >= 0 && i - k < 40; k--) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === '.' || t.text === ':' || t.text === '|')) break
    if (t.kind !== 'num') continue
    let m = k + 1
    while (m < i && m - k <= 3 && tokens[m].kind === 'word' && !NOUN_OF.has((tokens[m] as { lower: string }).lower)) m++
    const w = tokens[m]
    const c = w?.kind === 'word' && m < i ? NOUN_OF.get(w.lower) : undefined
    if (c && !named.has(c)) counted.add(c)
    // Every noun after this count up to the previous count seen is named after the earlier counts.
    for (let n = m + 1; n < i; n++) {
      const u = tokens[n]
      if (u.kind === 'num') break
      const d = u.kind === 'word' ? NOUN_OF.get(u.lower) : undefined
      if (d) named.add(d)
    }
  }
  const left = [...counted].filter((c) => !named.has(c) || counted.size === 1)
  return left.length === 1 && !namedRight(tokens, i, left[0]) ? left[0] : undefined
}

/** Whether a word between the count of `concept` nearest `i` and `i` names it again (`8 GPUs, each GPU hosts`). */
function namedRight(tokens: Token[], i: number, concept: string): boolean {
  for (let k = i - 1; k >= 0 && i - k < 40; k--) {
    const t = tokens[k]
    if (t.kind === 'num') return false
    if (t.kind === 'word' && NOUN_OF.get(t.lower) === concept) {
      // (The noun of the count itself, `128 attention heads`, names nothing again.)
      let m = k - 1
      while (m >= 0 && k - m <= 3 && tokens[m].kind === 'word') m--
      if (tokens[m]?.kind !== 'num') return true
    }
  }
  return false
}

export function nounCompatible(q: QuantityId, concept: string): boolean {
  const map: Partial<Record<QuantityId, string[]>> = {
    gpus: ['gpu'],
    nodes: ['node'],
    experts: ['expert'],
    layers: ['layer'],
    heads: ['head'],
    kvHeads: ['head'],
    batch: ['sequence'],
    seqLen: ['token'],
    promptLen: ['token'],
    outputLen: ['token'],
    epGroups: ['group'],
    replicas: ['replica'],
  }
  return map[q]?.includes(concept) ?? false
}

interface Noun {
  concept: string
  modifiers: string[]
  /** Token index of the head noun. */
  at: number
  /** `8-GPU group`: the number sizes the head noun. */
  adjectival?: string
}

export function nounAfter(tokens: Token[], i: number, to: number, fact: Fact): Noun | undefined {
  const t = tokens[i]
  let j = i + 1
  const modifiers: string[] = []
  let adjectival: string | undefined
  // `8-GPU group`, `4096-token prompts`.
  if (tokens[j]?.kind === 'op' && (tokens[j] as { op: string }).op === '-' && tokens[j].start === t.end && tokens[j + 1]?.kind === 'word') {
    const w = tokens[j + 1] as { lower: string }
    const c = NOUN_OF.get(w.lower) ?? NOUN_OF.get(w.lower + 's')
    if (c && c !== 'expert') {
      adjectival = c
      j += 2
    } else return undefined
  }
  let steps = 0
  while (j < to && steps < 4) {
    const w = tokens[j]
    if (w.kind !== 'word') break
    const c = NOUN_OF.get(w.lower)
    if (c) {
      const after: string[] = []
      // `768 expert instances per GPU`, `16 expert shards per rank`: the count of the thing, scoped after it.
      const inst = c === 'expert' && tokens[j + 1]?.kind === 'word' && INSTANCE_WORDS.has((tokens[j + 1] as { lower: string }).lower) ? 1 : 0
      if (inst) modifiers.push('instances')
      let scopes = qualifiersAfter(tokens, j + 1 + inst, to, after)
      // `6 query heads + 1 KV head per GPU`: the scope after the last count applies to all.
      const coord = tokens[j + 1]
      const comma = coord?.kind === 'punct' && (coord as { text: string }).text === ','
      // (A rate after `and` is not another count of things: `64 sequences and 540 tokens per second per GPU`.)
      const rateNext = tokens[j + 2]?.kind === 'num' && /Rate$/.test((tokens[j + 2] as NumToken).unit?.dim ?? '')
      if (scopes.length === 0 && !rateNext && ((coord?.kind === 'op' && (coord as { op: string }).op === '+') || comma || (coord?.kind === 'word' && (coord as { lower: string }).lower === 'and')) && tokens[j + 2]?.kind === 'num') {
        let m = j + 3
        while (m < to && m < j + 8 && tokens[m].kind === 'word' && !/^(per|each|every|apiece)$/.test((tokens[m] as { lower: string }).lower)) m++
        // `7 q heads, 1 kv head each`: after a comma only a distributive ending (`each`, `apiece`) at the clause's end.
        // and a count of the same kind of thing (`7 q heads, 1 kv head each`, not `32 GPUs, 64GB HBM each`).
        const last = m + 1 >= to || tokens[m + 1]?.kind !== 'word'
        const sameNoun = (tokens[j + 2] as NumToken).unit === undefined && tokens.slice(j + 3, m).some((u) => u.kind === 'word' && (NOUN_OF.get(u.lower) ?? NOUN_OF.get(u.lower + 's')) === c)
        if (!comma || (last && sameNoun && tokens[m]?.kind === 'word' && /^(each|apiece)$/.test((tokens[m] as { lower: string }).lower))) scopes = qualifiersAfter(tokens, m, to, [])
      }
      for (const s of scopes) fact.scopes.add(s)
      fact.noun = c
      // Words right after the noun (`expert instances`, `experts in total`).
      const tail: string[] = []
      for (let m = j + 1; m < Math.min(to, j + 4) && tokens[m].kind === 'word'; m++) tail.push((tokens[m] as { lower: string }).lower)
      fact.after = [...modifiers, w.lower, ...tail, ...after].join(' ')
      if (adjectival) {
        fact.scopes.add(SCOPE_OF[c] ?? 'group')
        return { concept: adjectival, modifiers: [...modifiers, 'adjectival-' + c], at: j, adjectival: c }
      }
      return { concept: c, modifiers, at: j }
    }
    if (NOUN_MODIFIERS.has(w.lower) || /^(h|a|b|gb|mi|l)\d/.test(w.lower) || (w.lower.includes('-') && w.lower.split('-').every((x) => NOUN_MODIFIERS.has(x)))) {
      modifiers.push(w.lower)
      j++
      steps++
      continue
    }
    break
  }
  // `a 4-GPU prefill pool`: the count sizes a thing that is not the whole deployment (`a 64-GPU cluster` is).
  const sized = tokens[j]
  if (adjectival && sized?.kind === 'word' && !WHOLE_SETUP_NOUNS.has(sized.lower)) modifiers.push('adjectival-' + sized.lower)
  if (adjectival) return { concept: adjectival, modifiers, at: j - 1 }
  // No noun: maybe `2 per layer` (elided noun) — scopes still count.
  const after: string[] = []
  const scopes = qualifiersAfter(tokens, i + 1, to, after)
  for (const s of scopes) fact.scopes.add(s)
  if (after.length) fact.after = after.join(' ')
  return undefined
}

export function quantityOfNoun(concept: string, modifiers: string[], fact: Fact, tokens: Token[], i: number, from: number, to: number, ctx: Ctx): QuantityId | undefined {
  const s = fact.scopes
  const mods = new Set(modifiers)
  // `key-value heads`, `expert-parallel groups`: a hyphenated modifier also counts as its parts.
  for (const m of modifiers) if (m.includes('-') && !m.startsWith('adjectival-')) for (const part of m.split('-')) mods.add(part)
  switch (concept) {
    case 'gpu': {
      // `idles the other seven GPUs of its group`: the rest of a set is not a count of the plan.
      const pw = tokens[i - 1]
      if (pw?.kind === 'word' && REST_WORDS.has(pw.lower)) return undefined
      // `over DP / EP = 4 ranks`: a count named by a formula of symbols is the formula's, not the deployment's.
      const eq = tokens[i - 1]
      const op = tokens[i - 3]
      if (eq?.kind === 'op' && eq.op === '=' && tokens[i - 2]?.kind === 'word' && op?.kind === 'op' && /^[÷/]$/.test(op.text)) return undefined
      // `on the four GPUs the scout change leaves free`, `4 GPUs left idle`: the rest of a set, said after it.
      for (let k = i + 2; k < Math.min(to, i + 9); k++) {
        const u = tokens[k]
        if (u.kind === 'num' || (u.kind === 'punct' && u.text !== '-')) break
        if (u.kind === 'word' && REST_AFTER.has(u.lower)) return undefined
      }
      if (mods.has('adjectival-group') || mods.has('adjectival-groups')) return 'epGroupSize'
      // `so each KV head lives on two GPUs`: GPUs counted for each of something else are no count of the plan's.
      for (let k = i - 1; k > from && k >= i - 8; k--) {
        const u = tokens[k]
        if (u.kind !== 'word') continue
        const next = tokens[k + 1]
        const c = next?.kind === 'word' ? NOUN_OF.get(next.lower) ?? NOUN_OF.get((tokens[k + 2] as { lower?: string })?.lower ?? '') : undefined
        if ((u.lower === 'each' || u.lower === 'every') && c && !SCOPE_OF[c]) return undefined
      }
      if (s.has('node')) return 'gpusPerNode'
      if (s.has('replica')) return 'gpusPerReplica'
      if (s.has('stage')) return 'gpusPerStage'
      if (s.has('group')) return 'epGroupSize'
      if (s.has('layer') || s.has('expert') || s.has('gpu') || s.has('token') || s.has('sequence')) return undefined
      if (mods.has('adjectival-node') || mods.has('adjectival-nodes') || mods.has('adjectival-server')) return 'gpusPerNode'
      if ([...mods].some((m) => m.startsWith('adjectival-'))) return undefined
      // `8 GPUs hold one full copy of the model`, `16 GPUs form a replica`: the GPUs of one replica.
      for (let k = i + 1, verb = false; k < Math.min(to, i + 8); k++) {
        const u = tokens[k]
        if (u.kind !== 'word') break
        if (HOLD_VERBS.has(u.lower) || REPLICA_VERBS.has(u.lower)) verb = true
        else if (verb && REPLICA_NOUNS.has(u.lower) && ONE_WHOLE.has((tokens[k - 1] as { lower?: string }).lower ?? '')) return 'gpusPerReplica'
      }
      // `the 8 TP ranks`, `16 expert-parallel ranks`: the ranks of one parallel group, not the GPU count.
      if (['tp', 'ep', 'pp', 'dp', 'tensor', 'expert', 'pipeline', 'data', 'expert-parallel', 'tensor-parallel', 'data-parallel'].some((m) => mods.has(m))) return undefined
      // `inside one node (8 GPUs = 2 TP groups)`: a parenthesis that describes one node counts its GPUs.
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const u = tokens[k]
        if (u.kind === 'op' && u.op === '(') {
          const nw = tokens[k - 1]
          const det = tokens[k - 2]
          if (nw?.kind === 'word' && NOUN_OF.get(nw.lower) === 'node' && det?.kind === 'word' && /^(one|a|each|every|single|per)$/.test(det.lower)) return 'gpusPerNode'
          break
        }
        if (u.kind !== 'word') break
      }
      // `across 8 GPUs`, `over 4 GPUs`, `the same 8 GPUs`: a sharding degree or a subset, not the total.
      // `12 replicas on 48 GPUs plus 6 replicas on the other 48`: a count that the rest of the set follows is a part.
      for (let k = i + 2, joined = false; k < Math.min(to, i + 14); k++) {
        const u = tokens[k]
        if (u.kind === 'word' && (u.lower === 'plus' || u.lower === 'and')) joined = true
        else if (joined && u.kind === 'word' && REST_WORDS.has(u.lower) && tokens[k + 1]?.kind === 'num') return undefined
      }
      // (`replicated on 8 / 4 = 2 GPUs`: the words before a calculation whose result the count is.)
      let lead = i
      if (tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '=') {
        lead = i - 1
        while (lead - 1 >= from && (tokens[lead - 1].kind === 'num' || (tokens[lead - 1].kind === 'op' && isArith(tokens[lead - 1])))) lead--
      }
      const prev = tokens[lead - 1]
      if (prev?.kind === 'word' && /^(across|over|among|between|per|within|into|same|those|these|its|their|other|remaining|first|last|spanning|spans|span)$/.test(prev.lower)) return undefined
      // `replicated on 2 ranks`: the places of a copy, not the GPUs of the plan.
      const verb = tokens[lead - 2]
      if (prev?.kind === 'word' && /^(on|onto|to|in)$/.test(prev.lower) && verb?.kind === 'word' && REPLICATE_VERBS.has(verb.lower)) return undefined
      if (mods.size > 0 && [...mods].some((m) => m.startsWith('adjectival-'))) return undefined
      return 'gpus'
    }
    case 'node':
      if (s.size > 0 || [...mods].some((m) => m.startsWith('adjectival-'))) return undefined
      return 'nodes'
    case 'expert': {
      if (mods.has('shared')) return s.size === 0 || s.has('layer') ? 'sharedExperts' : undefined
      // `8 of 128 routed experts per token`: the whole of the part that is active is the layer's experts.
      const whole = ofTheBefore(tokens, i)
      if (whole > 0 && tokens[i - whole - 1]?.kind === 'num' && !s.has('gpu') && !mods.has('total')) return 'experts'
      if (mods.has('active') || mods.has('activated') || s.has('token') || activeAfter(tokens, i, to)) return 'topK'
      if ([...mods].some((m) => COPY_MODIFIERS.has(m))) return redundantCopies(mods, s)
      // `256 routed experts + 1 shared expert per MoE layer`: routed experts are counted per layer.
      if (s.size === 0 && mods.has('routed') && !mods.has('total') && !mods.has('local')) {
        // `Six of the 48 routed experts fire in each layer`: the whole of a part is the layer's experts; the part fires.
        const of = ofTheBefore(tokens, i)
        if (of > 0 && tokens[i - of - 1]?.kind === 'num') return 'experts'
        // `8 routed experts fire per token`: experts per token.
        for (let k = i + 1; k < Math.min(to, i + 7); k++) {
          const u = tokens[k]
          if (u.kind === 'word' && /^(token|tokens|fire|fires|activated|active|selected|chosen|picked)$/.test(u.lower)) return 'topK'
          if (u.kind === 'punct' || u.kind === 'num') break
        }
        return 'experts'
      }
      const gpu = s.has('gpu')
      // `448 expert slices per card`, `6,144 expert instances`: copies over all layers, never a layer's experts.
      if (mods.has('instances')) return gpu && s.size === 1 ? 'expertsPerGpu' : undefined
      if (gpu && s.has('layer')) return 'expertsPerGpuLayer'
      if (gpu) return s.size === 1 ? 'expertsPerGpu' : undefined
      if (s.has('layer') && s.size === 1 && !mods.has('total')) return 'experts'
      // `8 experts with top-2 routing`, `8 experts, top-2`: experts beside their routing are a layer's.
      if (s.size === 0 && mods.size === 0 && routingAfter(tokens, i, to)) return 'experts'
      return undefined
    }
    case 'layer': {
      // `layers 3–60 MoE (58 layers)`: a count in parentheses right after a kind of layer counts that kind.
      const kindBefore = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '(' ? tokens[i - 2] : undefined
      if (kindBefore?.kind === 'word' && /^(moe|sparse|dense)$/.test(kindBefore.lower)) return kindBefore.lower === 'dense' ? 'denseLayers' : 'moeLayers'
      // `Shared experts (58 layers)`: the layers that hold some experts are MoE layers (of the model or of a stage).
      if (kindBefore?.kind === 'word' && /^experts?$/.test(kindBefore.lower)) return undefined
      // `2 chunks of 7 layers` (virtual pipeline stages): the layers of one chunk, not of a stage or a GPU.
      const ofWord = tokens[i - 1]
      const chunk = tokens[i - 2]
      if (ofWord?.kind === 'word' && ofWord.lower === 'of' && chunk?.kind === 'word' && CHUNK_WORDS.has(chunk.lower)) return undefined
      // `20 transformer blocks`: a block is a layer only when the text says which kind (not a KV-cache block).
      if (/\bblocks?\b/.test(fact.after) && !mods.has('transformer') && !mods.has('decoder') && !mods.has('moe') && !mods.has('dense') && !mods.has('sparse')) return undefined
      // `Only 89 layers are MoE`, `the first 3 layers are dense`: the predicate names the kind of layer. In `the first
      // 3 of the 61 layers are dense` the part (3) is the dense layers and the whole (61) all layers.
      const ofAt = tokens[i + 1]?.kind === 'word' && (tokens[i + 1] as { lower: string }).lower === 'of' ? (tokens[i + 2]?.kind === 'num' ? i + 2 : tokens[i + 3]?.kind === 'num' ? i + 3 : -1) : -1
      const of = ofTheBefore(tokens, i)
      const isWhole = of > 0 && tokens[i - of - 1]?.kind === 'num'
      const start = ofAt > 0 ? ofAt : i
      for (let k = start + 1; k < Math.min(to, start + 5); k++) {
        const w = tokens[k]
        if (w.kind !== 'word') break
        if (!/^(layers?|blocks?)$/.test(w.lower)) continue
        const v = tokens[k + 1]
        const kind = tokens[k + 2]
        if (v?.kind === 'word' && /^(are|is)$/.test(v.lower) && kind?.kind === 'word') {
          if (/^(moe|sparse|dense)$/.test(kind.lower)) return isWhole ? 'layers' : kind.lower === 'dense' ? 'denseLayers' : 'moeLayers'
          // `18 layers are full and 18 are sliding`: layers of one attention kind are a part of the layers.
          if (cuesOf([kind.lower]).has('kvPart')) return isWhole ? 'layers' : undefined
        }
        // `only 58 layers carry routed experts`: the layers that have experts are the MoE layers.
        if (ofAt < 0 && v?.kind === 'word' && /^(carry|have|hold|contain|use|host)$/.test(v.lower)) {
          const e1 = tokens[k + 2]
          const e2 = tokens[k + 3]
          const isExperts = (u: Token | undefined): boolean => u?.kind === 'word' && /^experts?$/.test(u.lower)
          if (isExperts(e1) || (e1?.kind === 'word' && /^(routed|moe)$/.test(e1.lower) && isExperts(e2))) return 'moeLayers'
        }
        break
      }
      // `dense FFN in the first 3 layers`: the first layers of a clause that calls them dense.
      if (tokens[i - 1]?.kind === 'word' && (tokens[i - 1] as { lower: string }).lower === 'first') {
        for (let k = i - 2; k >= Math.max(from, i - 7) && tokens[k].kind === 'word'; k--) if ((tokens[k] as { lower: string }).lower === 'dense') return 'denseLayers'
      }
      // `61 layers over 4 stages`, `94 layers split across 8 stages`: the whole model's layers.
      for (let k = i + 2; k < Math.min(to, i + 6); k++) {
        const w = tokens[k]
        if (w.kind === 'num') {
          const n = tokens[k + 1]
          if (n?.kind === 'word' && /^(stages|gpus|ranks|devices)$/.test(n.lower) && tokens.slice(i + 2, k).some((u) => u.kind === 'word' && /^(over|across|into|on|onto|among|between)$/.test(u.lower))) return mods.has('moe') ? 'moeLayers' : 'layers'
          break
        }
        if (w.kind !== 'word') break
      }
      // `Stage 0 holds the dense layer plus 29 MoE layers`: MoE or dense layers of a stage are a part of its layers.
      if ((s.has('stage') || s.has('gpu')) && (mods.has('moe') || mods.has('sparse') || mods.has('dense'))) return undefined
      if (s.has('stage') || s.has('gpu')) return s.has('expert') ? undefined : 'layersPerStage'
      if (s.size > 0) return undefined
      // `Memory per GPU (largest stage, 24 layers)`: the layers a GPU holds.
      if (fact.perGpuContext || [tokens[i - 1], tokens[i - 2], tokens[i - 3]].some((u) => u?.kind === 'word' && /^(stage|stages)$/.test(u.lower))) return mods.size === 0 || mods.has('transformer') || mods.has('decoder') ? 'layersPerStage' : undefined
      if (mods.has('moe') || mods.has('sparse')) return 'moeLayers'
      if (mods.size > 0 && !mods.has('transformer') && !mods.has('decoder') && !mods.has('total')) return undefined
      return 'layers'
    }
    case 'head': {
      // `4 KV heads can't split 8 ways, so each GPU keeps 1 head`: a bare head after KV heads in the sentence is one of them.
      const kv = mods.has('kv') || mods.has('key') || mods.has('value') || (mods.size === 0 && kvHeadsEarlier(tokens, i))
      if (s.has('gpu')) return kv ? 'kvHeadsPerGpu' : 'headsPerGpu'
      if (s.size > 0) return undefined
      return kv ? 'kvHeads' : mods.has('query') || mods.has('attention') || mods.size === 0 ? 'heads' : undefined
    }
    case 'group': {
      // `8 KV groups`, `8 query groups` (Megatron's num_query_groups): the KV heads.
      if (mods.has('kv') || mods.has('query') || mods.has('key')) return s.size === 0 ? 'kvHeads' : s.has('gpu') ? 'kvHeadsPerGpu' : undefined
      if (s.size > 0) return undefined
      const ep =
        // `6 all-to-all groups of 2 ranks`: the all-to-all is expert parallelism's exchange.
        [...mods].some((m) => /^(ep|expert)\b|expert-parallel|^moe|^(all-to-all|alltoall|a2a)$/.test(m)) ||
        clauseMentions(tokens, from, to, /^(ep|expert|experts|moe|ep=\d+)$/, ctx) ||
        /\b(ep|expert)\b/i.test(fact.seg.section?.title ?? '')
      if (mods.has('dp') || mods.has('tp') || mods.has('data') || mods.has('pp')) return undefined
      return ep ? 'epGroups' : undefined
    }
    case 'replica':
      return s.size === 0 ? 'replicas' : undefined
    case 'stage':
      return s.size === 0 && (mods.has('pipeline') || clauseMentions(tokens, from, to, /^(pipeline|pp)$/, ctx)) ? 'pp' : undefined
    case 'sequence': {
      // `16 concurrent sequences`, `a batch of 256 sequences`, `32 requests per replica at once`: the batch (of a replica).
      if ([...s].some((x) => x !== 'replica')) return undefined
      const prev = tokens[i - 1]
      const batchy = [...mods].some((m) => /^(concurrent|simultaneous|in-flight|inflight|live|running|parallel)$/.test(m)) || (prev?.kind === 'word' && prev.lower === 'of' && tokens[i - 2]?.kind === 'word' && /^(batch|batches)$/.test((tokens[i - 2] as { lower: string }).lower)) || batchAfter(tokens, i, to)
      return batchy || clauseMentions(tokens, from, to, /^(batch|concurrency|concurrent)$/, ctx) ? 'batch' : undefined
    }
    case 'token': {
      // `sequences of 32,768 tokens`, `4096 tokens per sequence`: the sequence length.
      const prev = tokens[i - 1]
      const prev2 = tokens[i - 2]
      if (prev?.kind === 'word' && prev.lower === 'of' && prev2?.kind === 'word' && NOUN_OF.get(prev2.lower) === 'sequence') return 'seqLen'
      if (s.has('sequence') && s.size === 1) return 'seqLen'
      return undefined
    }
    case 'slot':
      // `EP=144 with 32 redundant slots`: copies of hot experts beside the model's.
      return redundantCopies(mods, s)
    default:
      return undefined
  }
}

/** `32 sequences in flight`, `32 requests per replica at once`: words after the count that make it a batch. */
function batchAfter(tokens: Token[], i: number, to: number): boolean {
  for (let k = i + 1; k < Math.min(to, i + 7); k++) {
    const u = tokens[k]
    if (u.kind !== 'word') return false
    const next = tokens[k + 1]
    for (const [a, b] of BATCH_AFTER) if (u.lower === a && (b === undefined || (next?.kind === 'word' && next.lower === b))) return true
  }
  return false
}

/** `32 of the 56 layers`: how many tokens (`of`, or `of the`) stand between the number at i and the part before it. */
export function ofTheBefore(tokens: Token[], i: number): 0 | 1 | 2 {
  const o1 = tokens[i - 1]
  const o2 = tokens[i - 2]
  if (o1?.kind === 'word' && o1.lower === 'of') return 1
  return o1?.kind === 'word' && OF_DETERMINERS.has(o1.lower) && o2?.kind === 'word' && o2.lower === 'of' ? 2 : 0
}

/** The sentence before token i names KV heads (`4 kv heads … 1 head`), within 16 tokens. */
function kvHeadsEarlier(tokens: Token[], i: number): boolean {
  for (let k = i - 2; k >= Math.max(0, i - 16); k--) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === '.' || t.text === '\n')) return false
    const n = tokens[k + 1]
    if (t.kind === 'word' && t.lower === 'kv' && n?.kind === 'word' && NOUN_OF.get(n.lower) === 'head') return true
  }
  return false
}

/** `32 redundant experts`, `32 spare slots` (of no GPU or layer in particular): EPLB's copies beside the model's experts. */
function redundantCopies(mods: Set<string>, scopes: Set<string>): QuantityId | undefined {
  return scopes.size === 0 && [...mods].some((m) => REDUNDANT_MODIFIERS.has(m)) ? 'redundantExperts' : undefined
}

/** `4 experts active per token`, `eight experts activated for each token`: the count's noun is followed by its activation per token. */
function activeAfter(tokens: Token[], i: number, to: number): boolean {
  for (let k = i + 1; k < Math.min(to, i + 4); k++) {
    const t = tokens[k]
    if (t.kind !== 'word') return false
    if (/^(active|activated|selected|chosen)$/.test(t.lower)) {
      for (let m = k + 1; m < Math.min(to, k + 4); m++) {
        const u = tokens[m]
        if (u.kind !== 'word') return false
        if (NOUN_OF.get(u.lower) === 'token') return true
      }
      return false
    }
  }
  return false
}

/** `8 experts with top-2 routing`, `8 experts (top-2)`: a top-k word right after the counted noun, through joiners only. */
function routingAfter(tokens: readonly Token[], i: number, to: number): boolean {
  for (let k = i + 2; k < Math.min(to, i + 5); k++) {
    const u = tokens[k]
    if (u.kind === 'word' && TOP_K_WORD.test(u.lower)) return true
    const text = u.kind === 'word' ? u.lower : u.kind === 'punct' ? u.text : u.kind === 'op' ? u.op : ''
    if (!ROUTING_JOINERS.has(text)) return false
  }
  return false
}
