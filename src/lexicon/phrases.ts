/**
 * Phrase matching over normalized words: the lexicon's names and
 * abbreviations, looked up by the longest phrase ending (or starting) at a
 * word. Words are lower-cased and split at `-` and `_`.
 */
import { QUANTITIES, QUANTITY, type QuantityId, type QuantityDef } from './quantities.js'
import { COPY_MODIFIERS, NOT_CAPACITY_WORDS, PART_MODIFIERS } from './words.js'

export interface Part {
  /** Normalized part (`tensor`, `parallel`, `size`). */
  text: string
  /** Index of the token the part comes from. */
  tok: number
}

const byPhrase = new Map<string, QuantityId[]>()
let maxLen = 1
/** Words that name a GPU in phrases: `experts per card` is `experts per gpu`. */
const GPU_SYNONYM: Record<string, string> = {
  card: 'gpu', cards: 'gpus', device: 'gpu', devices: 'gpus', accelerator: 'gpu', accelerators: 'gpus',
  rank: 'gpu', ranks: 'gpus', chip: 'gpu', chips: 'gpus', npu: 'gpu', npus: 'gpus', xpu: 'gpu', xpus: 'gpus', worker: 'gpu', workers: 'gpus',
}

/** Nouns that a slash before them makes a scope (`experts/GPU` is experts per GPU, `bytes/token/layer`). */
const PER_SLASH = new Set(['gpu', 'gpus', 'node', 'nodes', 'layer', 'layers', 'token', 'tokens', 'stage', 'stages', 'replica', 'replicas', 'expert', 'experts', 'request', 'requests', 'sequence', 'sequences', 'head', 'heads', 'step', 'param', 'parameter'])

function norm(s: string): string[] {
  const out: string[] = []
  for (const w of s.toLowerCase().split(/[\s_\-]+/)) {
    const pieces = w.split('/')
    pieces.forEach((piece, i) => {
      if (!piece) return
      const word = GPU_SYNONYM[piece] ?? piece
      if (i > 0 && PER_SLASH.has(word) && out.length > 0) out.push('per')
      // `KV heads on this rank`, `experts in each GPU`: a place of one GPU reads `per gpu`.
      if (word === 'gpu' && out.length >= 2 && ONE_PLACE_DETERMINERS.has(out[out.length - 1]) && ONE_PLACE_PREPOSITIONS.has(out[out.length - 2])) out.splice(out.length - 2, 2, 'per')
      out.push(word)
    })
  }
  return out
}
/** `on this rank`, `in each GPU`, `on a device`: a preposition and a determiner of one place. */
const ONE_PLACE_PREPOSITIONS = new Set(['on', 'in'])
const ONE_PLACE_DETERMINERS = new Set(['this', 'each', 'every', 'a', 'one', 'that', 'its'])
for (const q of QUANTITIES) {
  for (const name of [...q.names, ...(q.abbr ?? [])]) {
    const parts = norm(name)
    const key = parts.join(' ')
    const list = byPhrase.get(key) ?? []
    if (!list.includes(q.id)) list.push(q.id)
    byPhrase.set(key, list)
    maxLen = Math.max(maxLen, parts.length)
  }
}

/** Degree abbreviations that can be glued to a number (`EP8`, `TP16`). */
export const DEGREE_ABBR = new Map<string, QuantityId>([
  ['tp', 'tp'],
  ['pp', 'pp'],
  ['dp', 'dp'],
  ['cp', 'cp'],
  ['ep', 'ep'],
  ['etp', 'etp'],
  ['edp', 'edp'],
  ['dcp', 'dcp'],
  ['vp', 'vp'],
  ['vpp', 'vp'],
])

/**
 * The normalized parts of a word, shared (words repeat, so each is split once): read-only, never change them. Not frozen:
 * `for … of` over a frozen array leaves V8's fast path and allocates on every element.
 */
export function normalizeWord(word: string): readonly string[] {
  let parts = normalized.get(word)
  if (!parts) {
    if (normalized.size >= 65536) normalized.clear()
    normalized.set(word, (parts = norm(word)))
  }
  return parts
}
const normalized = new Map<string, readonly string[]>()

export interface PhraseMatch {
  q: QuantityDef
  /** Part indices [from, to). */
  from: number
  to: number
}

export type Accept = (q: QuantityDef) => boolean
const any: Accept = () => true

function pick(key: string, accept: Accept): QuantityDef | undefined {
  const ids = byPhrase.get(key)
  if (!ids) return undefined
  for (const id of ids) if (accept(QUANTITY[id])) return QUANTITY[id]
  return undefined
}

/** Longest lexicon phrase ending at part index `end` (inclusive; a part of `parts`). */
export function phraseEndingAt(parts: Part[], end: number, accept: Accept = any, minFrom = 0): PhraseMatch | undefined {
  let best: PhraseMatch | undefined
  // The key grows a word at a time (`size`, `parallel size`, `tensor parallel size`): no array per length.
  let key = ''
  for (let len = 1; len <= maxLen && end - len + 1 >= minFrom; len++) {
    const from = end - len + 1
    key = len === 1 ? parts[from].text : `${parts[from].text} ${key}`
    const q = pick(key, accept)
    // (`Non-expert weights`: a name after `non` names everything but that quantity.)
    if (q && !(from > 0 && parts[from - 1].text === 'non')) best = { q, from, to: end + 1 }
  }
  return best
}

/** Longest lexicon phrase starting at part index `start`. */
export function phraseStartingAt(parts: Part[], start: number, accept: Accept = any, maxTo = parts.length): PhraseMatch | undefined {
  let best: PhraseMatch | undefined
  let key = ''
  for (let len = 1; len <= maxLen && start + len <= maxTo; len++) {
    key = len === 1 ? parts[start].text : `${key} ${parts[start + len - 1].text}`
    const q = pick(key, accept)
    if (q) best = { q, from: start, to: start + len }
  }
  return best
}

/** The text without its parenthesized asides (one pass, no regular expression). */
function withoutParens(text: string): string {
  let out = ''
  let depth = 0
  for (const c of text) {
    if (c === '(') depth++
    else if (c === ')' && depth > 0) depth--
    else if (depth === 0) out += c
  }
  return out
}

function bestPhrase(parts: string[], accept: Accept): PhraseMatch | undefined {
  let best: PhraseMatch | undefined
  const ps: Part[] = parts.map((text) => ({ text, tok: 0 }))
  for (let end = ps.length - 1; end >= 0; end--) {
    const m = phraseEndingAt(ps, end, accept)
    if (m && (!best || m.to - m.from > best.to - best.from)) best = m
  }
  return best
}

/** Quantity named by a whole label text (`Expert Parameters`, `Total GPUs`). */
/** Quantities of the whole model that a restricting word before their name makes a part of. */
const RESTRICTABLE = new Set(['memWeights', 'paramsTotal', 'paramsActive'])
/** Parts of the training state that a label naming two of them (`weights + grads`) does not name alone. */
const STATE_PARTS = new Set(['memWeights', 'memGrads', 'memExperts', 'memAttention'])
const WEIGHT_NAMES = new Set(['weights', 'weight', 'params', 'parameters'])
const GRADIENT_NAMES = new Set(['grads', 'grad', 'gradients', 'gradient'])

function restricting(word: string): boolean {
  return PART_MODIFIERS.has(word) || word.startsWith('non-')
}

export function quantityOfLabel(label: string, accept: Accept = any): QuantityDef | undefined {
  if (accept !== any) return readLabel(label, accept)
  // Labels repeat (a column's header in every row, a row's label in every column): each is read once.
  if (labels.has(label)) return labels.get(label)
  if (labels.size >= 4096) labels.clear()
  const q = readLabel(label, any)
  labels.set(label, q)
  return q
}
const labels = new Map<string, QuantityDef | undefined>()

function readLabel(label: string, accept: Accept): QuantityDef | undefined {
  const parts = norm(withoutParens(label).replace(/[^\p{L}\p{N}\s_\-/]/gu, ' '))
  if (parts.length === 0) return undefined
  const key = parts.join(' ')
  const whole = pick(key, accept)
  if (whole) return whole
  // `Attention, router, embedding, unembedding`, `Weights + KV cache`: a label that lists several quantities names
  // their sum or a group, not any one of them.
  const pieces = withoutParens(label).split(/[,;+&]| and /)
  if (pieces.length >= 2) {
    const named = new Set<string>()
    let unnamed = false
    for (const piece of pieces) {
      // `…, stage 1`: an identifier, not a second quantity.
      if (/\d/.test(piece)) continue
      const pp = norm(piece.replace(/[^\p{L}\p{N}\s_\-/]/gu, ' '))
      if (pp.length === 0) continue
      const q = pick(pp.join(' '), accept) ?? bestPhrase(pp, accept)?.q
      if (q) named.add(q.id)
      else unnamed = true
    }
    if (named.size >= 2) return undefined
    // `Model + optimizer states`, `Weights + overhead`: a sum of a named part and another is none of its parts.
    if (named.size === 1 && unnamed && /\+/.test(label)) return undefined
  }
  // The label may add words around the name (`Decode throughput (tokens/ms)`,
  // `Expert Parallelism (EP)`): take the longest phrase anywhere, preferring the end.
  let best: PhraseMatch | undefined
  const ps: Part[] = parts.map((text) => ({ text, tok: 0 }))
  for (let end = ps.length - 1; end >= 0; end--) {
    const m = phraseEndingAt(ps, end, accept)
    if (m && (!best || m.to - m.from > best.to - best.from)) best = m
  }
  // `FP32 master + Adam m + v`: a one-letter symbol (`V`, `k`) names a quantity only as the whole label.
  if (best && best.to - best.from === 1 && ps[best.from].text.length === 1) return undefined
  // `Replicated weights`, `Non-expert weights`, `Dense weights`: a restricted part of the weights, not all of them.
  // So are `Non-routed params`, `Routed expert params`: a part of the parameters, not the model's count.
  if (best && RESTRICTABLE.has(best.q.id) && best.from > 0 && restricting(ps[best.from - 1].text)) return undefined
  // `Non-expert weights + grads`: a label that names weights and gradients together is their sum, neither of them.
  if (best && STATE_PARTS.has(best.q.id) && ps.some((p) => WEIGHT_NAMES.has(p.text)) && ps.some((p) => GRADIENT_NAMES.has(p.text))) return undefined
  // `held back by gpu_memory_utilization`, `GPU memory used`: a share or a use of the memory, not its size.
  if (best && best.q.id === 'gpuMemory' && ps.some((p) => p.text.split(/[_-]/).some((w) => NOT_CAPACITY_WORDS.has(w)))) return undefined
  // `Redundant experts`, `Spare expert slots`: copies beside the model's experts, not its count.
  if (best && best.q.id === 'experts' && ps.slice(0, best.from).some((p) => COPY_MODIFIERS.has(p.text))) return undefined
  // Parenthetical abbreviation (`(EP)`) names the quantity too.
  const paren = /\(([A-Za-z]{2,4})\)/.exec(label)
  if (paren) {
    const id2 = DEGREE_ABBR.get(paren[1].toLowerCase())
    if (id2 && accept(QUANTITY[id2])) return QUANTITY[id2]
  }
  return best?.q
}
