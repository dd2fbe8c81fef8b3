/** A quantity named by the words around a number: the name before it, the phrase after it, a name further left. */
import { type Kind, type QuantityId, type QuantityDef, QUANTITY } from '../lexicon/quantities.js'
import { DEGREE_ABBR, phraseEndingAt, normalizeWord, phraseStartingAt } from '../lexicon/phrases.js'
import type { Parts } from '../text/clauses.js'
import type { Token } from '../text/tokens.js'
import { CONJUNCTIONS, NAMING_NOUNS, NOUN_OF, PER_WORDS, REMAINDER_VERBS, SCOPE_STARTERS, SUBORDINATORS } from '../lexicon/words.js'
import type { Unit } from '../units.js'

const SKIP_BACK = new Set([':', '=', '|', '"', "'", '`', '-', '—', '–'])

export function kindFits(kind: Kind, unit: Unit | undefined): boolean {
  const dim = unit?.dim
  switch (kind) {
    case 'degree':
    case 'count':
    case 'params':
    case 'bench':
      return dim === undefined
    case 'bytes':
      return dim === 'bytes'
    case 'rate':
      return dim === 'tokenRate' || dim === 'requestRate'
    case 'time':
      return dim === 'time'
    case 'flops':
      return dim === 'flopRate'
    case 'bandwidth':
      return dim === 'byteRate' || dim === 'bitRate'
  }
}

export function nameBefore(tokens: Token[], i: number, from: number, parts: Parts, unit: Unit | undefined): { id: QuantityId; kind: Kind; colon: boolean; viaOf: boolean; viaEq: boolean; joined: boolean } | undefined {
  let j = i - 1
  let skipped = 0
  let colon = false
  let skippedEq = false
  let spacedEq = false
  let viaOf = false
  let linked = false
  while (j >= from && skipped < 4) {
    const t = tokens[j]
    if (t.kind === 'punct' && SKIP_BACK.has(t.text)) {
      if (t.text === ':' || t.text === '|') colon = true
      j--
      skipped++
      continue
    }
    if (t.kind === 'op' && (t.op === '=' || t.op === '≈')) {
      if (t.op === '=') {
        skippedEq = true
        if (tokens[j - 1]?.end !== t.start || tokens[j + 1]?.start !== t.end) spacedEq = true
      }
      j--
      skipped++
      continue
    }
    if (t.kind === 'word' && t.lower === 'of') viaOf = true
    if (t.kind === 'word' && /^(to|is|are|was|equals|at)$/.test(t.lower)) linked = true
    if (t.kind === 'word' && (t.lower === 'has' || t.lower === 'have' || t.lower === 'contains' || t.lower === 'of' || t.lower === 'is' || t.lower === 'to' || t.lower === 'set' || t.lower === 'equals' || t.lower === 'was' || t.lower === 'at' || t.lower === 'are' || t.lower === 'true' || t.lower === 'false' || t.lower === 'value' || t.lower === 'size' && false)) {
      j--
      skipped++
      continue
    }
    // `Expert Parallelism (EP) = 8`: skip a parenthetical abbreviation (a degree's abbreviation names the value).
    if (t.kind === 'op' && t.op === ')' && tokens[j - 1]?.kind === 'word' && tokens[j - 2]?.kind === 'op' && (tokens[j - 2] as { op: string }).op === '(') {
      const abbr = DEGREE_ABBR.get((tokens[j - 1] as { lower: string }).lower)
      if (abbr && !unit) return { id: abbr, kind: 'degree', colon: colon || tokens[j + 1]?.kind === 'punct', viaOf, viaEq: skippedEq, joined: true }
      j -= 3
      skipped++
      continue
    }
    break
  }
  const w = tokens[j]
  if (!w || j < from || w.kind !== 'word') return undefined
  // `nvidia-smi … -l 30`, `head -n 8`: a one-letter command-line flag is no symbol (`L = 61` is).
  const dashBefore = tokens[j - 1]
  if (w.text.length === 1 && dashBefore?.kind === 'op' && dashBefore.op === '-' && dashBefore.end === w.start) return undefined
  // `stage 0`, `GPU 3`, `node 2`, `layer 17`: a number right after a singular noun names one of them.
  if (skipped === 0 && NAMING_NOUNS.test(w.lower)) return undefined
  // `TP × DP = 4 × 1`: a symbol inside a formula is not the name of the number.
  const pj = tokens[j - 1]
  if (pj?.kind === 'op' && (pj.op === '×' || pj.op === '÷' || pj.op === '^') && spacedEq) return undefined
  // `n_experts, top_k = 60, 4`: a tuple of names takes a tuple of values in order; the name nearest `=` is not the first's.
  const comma = tokens[j - 1]
  const valueComma = tokens[i + 1]
  // (Both sides are bare: `a, b = 1, 2` at a line's start and end, not `…parallelism, PP = 1, 32 GPUs`.)
  const tuple = valueComma?.kind === 'punct' && valueComma.text === ',' && tokens[i + 2]?.kind === 'num' && tokens[i + 3]?.kind !== 'word'
  if (skippedEq && tuple && comma?.kind === 'punct' && comma.text === ',' && tokens[j - 2]?.kind === 'word' && (j - 3 < from || tokens[j - 3]?.kind !== 'word')) return undefined
  // Part index of the last part of this word.
  const end = parts.lastOf(j)
  if (end < 0) return undefined
  // A name does not reach across punctuation: `(no shared expert), hidden size 2048` is the hidden size.
  let w0 = j
  const joins = (t: Token): boolean => t.kind === 'word' || (t.kind === 'op' && t.op === '+') || (t.kind === 'punct' && (t.text === '&' || t.text === '/'))
  while (w0 - 1 >= from && joins(tokens[w0 - 1])) w0--
  const minFrom = Math.max(0, parts.firstFrom(w0))
  const m = phraseEndingAt(parts, end, (q) => kindFits(q.kind, unit), minFrom)
  if (!m) return undefined
  // `16 experts per layer = 256`, `61 layers: 3 dense`: the words before `=` or `:` are the noun of a number.
  const firstTok = parts[m.from].tok
  // A key glued to `=` is an assignment even after a number: `tp=4 pp=4`.
  // `moves the same 16 GPUs to four TP=4 replicas`: nor is the noun of a count the name of a value a verb links to it.
  if (((skippedEq && spacedEq) || colon || linked) && tokens[firstTok - 1]?.kind === 'num') return undefined
  // `nnodes x gpus_per_node = 2 x 8 = 16`: the last name of a product of names names no value of its own.
  const op = tokens[firstTok - 1]
  if (skippedEq && ((op?.kind === 'op' && (op.op === '×' || op.op === '+')) || (op?.kind === 'word' && op.lower === 'x'))) return undefined
  // A lone generic word right before the number (`at 8`, `heads 8`) is weak:
  // accept one-word names only when they are abbreviations or joined by `:`/`=`.
  const oneWord = m.to - m.from === 1
  const joined = skipped > 0
  // `· hidden 4096 ·`: a few unambiguous names may stand right before their value in a list.
  const listy = /^(hidden|vocab|vocabulary)$/.test(parts[m.from].text) && (j === from || tokens[j - 1].kind !== 'word')
  if (oneWord && !joined && !listy && m.q.kind !== 'degree' && !(m.q.abbr ?? []).some((a) => normalizeWord(a).join(' ') === parts[m.from].text)) return undefined
  if (m.q.kind === 'degree' && oneWord && !joined && !DEGREE_ABBR.has(parts[m.from].text) && parts[m.from].text !== 'size') {
    // `expert parallelism 8` is fine; a single generic word is not.
  }
  if (!kindFits(m.q.kind, unit)) return undefined
  // `at v = 2 virtual stages`: a one-letter symbol names a count only when no words of its own follow the count.
  const after = tokens[i + 1]
  if (oneWord && parts[m.from].text.length === 1 && after?.kind === 'word' && !PER_WORDS.has(after.lower) && !CONJUNCTIONS.has(after.lower) && !SCOPE_STARTERS.has(after.lower) && after.start - tokens[i].end <= 1) return undefined
  // `8 KV heads of 128`, `48 query heads of dimension 128`: a count of heads before `of` sizes each head.
  if (viaOf && (m.q.id === 'heads' || m.q.id === 'kvHeads') && tokens[firstTok - 1]?.kind === 'num') return { id: 'headDim', kind: 'count', colon, viaOf, viaEq: skippedEq, joined: true }
  return { id: m.q.id, kind: m.q.kind, colon, viaOf, viaEq: skippedEq, joined: skipped > 0 }
}

/**
 * `N name`: a count or degree whose name of two words or more starts right after the number (`128 dimensions per
 * head`, `151,936 tokens in the vocabulary`, `4 model replicas`). One-word names (`sequences`, `heads`) are nouns,
 * read by the noun rules with their scopes.
 */
export function nameAfter(tokens: Token[], i: number, parts: Parts, minWords = 2): QuantityId | undefined {
  const first = parts.firstFrom(i + 1)
  if (first < 0 || parts[first].tok !== i + 1) return undefined
  const m = phraseStartingAt(parts, first, (q) => q.kind === 'count' || q.kind === 'degree')
  if (!m || m.to - m.from < minWords) return undefined
  // The name's words are one run: `128 experts / 4 = 32 per GPU per layer` names no `experts per GPU per layer`.
  for (let p = m.from + 1; p < m.to; p++) {
    for (let k = parts[p - 1].tok + 1; k < parts[p].tok; k++) {
      const t = tokens[k]
      if (!(t.kind === 'op' && t.op === '-') && !(t.kind === 'punct' && t.text === '/')) return undefined
    }
  }
  // `four experts active per token` is a name; `2 experts per layer` is a noun and its scope, which the noun rules read.
  if (minWords > 2 && SCOPE_STARTERS.has(parts[m.from + 1]?.text ?? '')) return undefined
  // `2 data-parallel groups`: a name followed by a noun is that noun's modifier.
  const after = parts[m.to]
  if (after && after.tok === parts[m.to - 1].tok + 1 && NOUN_OF.has(after.text)) return undefined
  // The name must end the noun phrase: `4 model replicas per node` counts replicas of a node.
  const next = parts[m.to]
  const nextTok = next ? tokens[next.tok] : undefined
  if (nextTok?.kind === 'word' && /^(per|each|every|on|in)$/.test(nextTok.lower) && tokens[next.tok - 1] === tokens[parts[m.to - 1].tok]) return undefined
  return m.q.id
}

export function phraseAfter(tokens: Token[], i: number, to: number, parts: Parts, unit: Unit): QuantityId | undefined {
  // Up to 6 words after the number: `HBM each`, `for expert parameters`, `of KV cache`.
  const first = parts.firstFrom(i + 1)
  if (first < 0) return undefined
  if (parts[first].tok > i + 3) return undefined
  let best: { id: QuantityId; len: number } | undefined
  for (let k = first; k < parts.length && k < first + 5; k++) {
    // Stop at another number, a clause mark or a relative clause (`0.31 GB, which brings the weights to`).
    if (tokens.slice(i + 1, parts[k].tok).some((t) => t.kind === 'num' || (t.kind === 'punct' && /^[,;()]$/.test(t.text)) || (t.kind === 'op' && (t.op === '(' || t.op === ')' || t.op === '+' || t.op === '×' || t.op === '=' || t.op === '≈')) || (t.kind === 'word' && (/^(which|that|so|and|brings|bringing|leaving|leaves)$/.test(t.lower) || SUBORDINATORS.has(t.lower))))) break
    const m = phraseStartingAt(parts, k, (q) => kindFits(q.kind, unit) && q.kind !== 'count')
    // `24.4 GB of HBM headroom`, `40 GB of HBM free`: what is left of the memory, not the memory.
    if (m && m.q.id === 'gpuMemory' && m.to < parts.length && /^(headroom|free|left|spare|remaining|slack|available|unused|to spare)$/.test(parts[m.to].text)) break
    if (m) {
      const len = m.to - m.from
      if (!best || len > best.len) best = { id: m.q.id, len }
    }
    if (best) break
  }
  void to
  return best?.id
}

export function nameLeft(tokens: Token[], i: number, from: number, parts: Parts, unit: Unit): QuantityId | undefined {
  for (let k = i - 1, steps = 0; k >= from && steps < 10; k--, steps++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === ',' || t.text === '(' || t.text === ')' || t.text === '|')) return undefined
    if (t.kind === 'op' && (t.op === '(' || t.op === ')' || t.op === '=')) return undefined
    if (t.kind === 'num') {
      const prev = tokens[k - 1]
      if (!(prev?.kind === 'word' && prev.lower === 'from')) return undefined
      continue
    }
    if (t.kind !== 'word') continue
    // `~5 GB of overhead leaves 97.3 GB`: what is left is not what was named before the verb.
    if (REMAINDER_VERBS.has(t.lower)) return undefined
    const end = parts.lastOf(k)
    if (end < 0) continue
    const fits = (q: QuantityDef): boolean => kindFits(q.kind, unit) && q.kind !== 'count'
    const m = phraseEndingAt(parts, end, fits)
    if (m && m.to - m.from >= 1 && (m.to - m.from > 1 || QUANTITY[m.q.id].kind !== 'bytes' || parts[m.from].text !== 'memory')) {
      return listedWithOthers(tokens, parts[m.from].tok, from, parts, m.q.id, fits) ? undefined : m.q.id
    }
  }
  return undefined
}

/** `attention, shared experts, embedding shards: ≈ 2 GB`: the name is the last item of a list of parts (their sum). */
function listedWithOthers(tokens: Token[], at: number, from: number, parts: Parts, id: QuantityId, fits: (q: QuantityDef) => boolean): boolean {
  let k = at - 1
  // Modifiers of the item (`dense layer`, `embedding shards`) do not end the item.
  while (k >= from && tokens[k].kind === 'word' && !/^(and|plus)$/.test((tokens[k] as { lower: string }).lower)) k--
  const sep = tokens[k]
  const isSep = sep && ((sep.kind === 'punct' && sep.text === ',') || (sep.kind === 'word' && /^(and|plus)$/.test(sep.lower)) || (sep.kind === 'op' && sep.op === '+'))
  if (!isSep) return false
  for (let j = k - 1, steps = 0; j >= from && steps < 12; j--, steps++) {
    const t = tokens[j]
    if (t.kind !== 'word') continue
    const end = parts.lastOf(j)
    if (end < 0) continue
    const m = phraseEndingAt(parts, end, fits)
    if (m && m.q.id !== id) return true
  }
  return false
}
