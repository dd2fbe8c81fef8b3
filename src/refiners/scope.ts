/** Scopes of values: per-GPU context, scope-only labels, scopes before and after a number, the subject that holds it, elided nouns. */
import type { Ctx } from '../context.js'
import type { Fact, Scope } from '../facts.js'
import { tokenIndex } from '../text/clauses.js'
import { CLUSTER_COLUMN } from '../lexicon/columns.js'
import { ATTR_WORD, DISTRIBUTE_VERBS, SCOPE_OF, NOUN_OF, HOLD_VERBS, MODIFIED_HEADS, NOUN_MODIFIERS, PLACEMENT_VERBS, PARALLEL_WORDS, PLACE_DETERMINERS, PLACE_OF_DETERMINERS, PLACE_NOUNS, RESTATE_CONNECTORS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import type { NumToken, Token } from '../text/tokens.js'

/** `Per rank`, `Per layer per rank`, `Per token per rank (47 layers)`, `On each GPU`: the scopes of a label made only of them. */
export function scopeOnlyLabel(text: string): Scope[] {
  const words = text.replace(/\([^()]*\)/g, ' ').toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean)
  const out: Scope[] = []
  let k = 0
  while (k < words.length) {
    if (words[k] === 'on' || words[k] === 'for') k++
    if (!/^(per|each|every|a|one)$/.test(words[k] ?? '')) return []
    const sc = SCOPE_OF[NOUN_OF.get(words[k + 1] ?? '') ?? '']
    if (!sc) return []
    out.push(sc)
    k += 2
  }
  return out
}

/** A lead-in that opens with a per-GPU phrase (`Per GPU, …:`, `On each GPU:`, `Memory per GPU (…):`). */
const LEAD_SCOPE = /^\W*(?:(?:memory\s+)?per[\s-]+(?:gpu|device|rank|card)|(?:on|for)\s+(?:each|every|one|a)\s+(?:gpu|device|rank|card))\b/i

export function perGpu(seg: Segment, label: string | undefined, tableLabel: string | undefined, tokens: Token[], from: number, to: number, lead?: string): boolean {
  const re = /\b(per[\s-]+(gpu|device|rank|accelerator|card|chip)|each\s+(gpu|device|rank|accelerator|card|chip)|(on|in|of)\s+(a|one|each|every|any|this|that|its)\s+(gpu|device|rank|accelerator|card|chip)|gpu\s+memory\s+layout)\b/i
  if (seg.table && seg.table.col > 0 && CLUSTER_COLUMN.test(seg.table.header[seg.table.col] ?? '')) return false
  // The document title (`# How much memory per GPU …`) is about the whole document, whose sums are not all per GPU.
  for (let s = seg.section; s; s = s.parent) if (s.depth >= 2 && re.test(s.title)) return true
  if (label && re.test(label)) return true
  // `Per GPU, ignoring routers and norms:` then a list: the lead's scope is its items'.
  if (lead && LEAD_SCOPE.test(lead)) return true
  if (tableLabel && re.test(tableLabel)) return true
  if (seg.table) {
    // A column headed `Cluster total` is not per GPU even when another column is.
    const own = seg.table.header[seg.table.col] ?? ''
    if (CLUSTER_COLUMN.test(own)) return false
    if (re.test(own)) return true
    const h = seg.table.header.join(' ')
    if (re.test(h) && !seg.table.header.some((x) => CLUSTER_COLUMN.test(x))) return true
    if (re.test(h) && seg.table.col <= 1) return true
  }
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    // `The per-GPU KV cache is 25.2 GB`.
    if (t.kind === 'word' && /^per-(gpu|device|rank|card|chip|accelerator)$/.test(t.lower)) return true
    if (t.kind === 'word' && (t.lower === 'per' || t.lower === 'each' || t.lower === 'every')) {
      const n = tokens[i + 1]
      if (n && n.kind === 'word' && NOUN_OF.get(n.lower) === 'gpu') return true
    }
  }
  return false
}

/** The nearest scope noun before token i in the clause (`56 layers with 8 experts each` → layer). */
export function scopeBefore(tokens: Token[], i: number): Scope | undefined {
  for (let k = i - 1, steps = 0; k >= 0 && steps < 12; k--, steps++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === ':' || t.text === '|' || t.text === '\n' || t.text === ';')) break
    if (t.kind !== 'word') continue
    const c = NOUN_OF.get(t.lower)
    if (c && SCOPE_OF[c] && c !== 'expert' && c !== 'token') return SCOPE_OF[c]
  }
  return undefined
}

export function qualifiersAfter(tokens: Token[], j: number, to: number, words: string[]): Scope[] {
  const out: Scope[] = []
  // `57,344 bytes (56 KiB) per token`: a value restated alone in parentheses stands between a value and its qualifiers
  // (and the restatement is qualified by them too).
  const isOp = (t: Token | undefined, op: string): boolean => t?.kind === 'op' && t.op === op
  if (isOp(tokens[j], '(') && tokens[j + 1]?.kind === 'num' && isOp(tokens[j + 2], ')')) j += 3
  else if (isOp(tokens[j], ')') && isOp(tokens[j - 2], '(') && tokens[j - 1]?.kind === 'num') j += 1
  let k = j
  // `235 GB of FP8 per replica`, `140 GB in BF16 on each node`: the format between a size and its scope.
  const of = tokens[k]
  const format = tokens[k + 1]
  if (of?.kind === 'word' && (of.lower === 'of' || of.lower === 'in') && format?.kind === 'word' && ATTR_WORD.test(format.lower) && tokens[k + 2]?.kind === 'word') k += 2
  let guard = 0
  while (k < to && guard < 8) {
    guard++
    // `6 heads land on each GPU`, `2 experts per layer live on every rank`: a verb of placement before the scope.
    if (k === j || words.length > 0) {
      let v = k
      if (tokens[v]?.kind === 'word' && /^(are|is|get|gets)$/.test((tokens[v] as { lower: string }).lower)) v++
      const verb = tokens[v]
      const prep = tokens[v + 1]
      if (verb?.kind === 'word' && PLACEMENT_VERBS.has(verb.lower) && prep?.kind === 'word' && /^(on|in|onto|per|to)$/.test(prep.lower)) k = v + 1
    }
    const w = tokens[k]
    let per = false
    // `2 kv heads apiece`: each item's own, like a bare `each`.
    if (w.kind === 'word' && w.lower === 'apiece') {
      words.push('per')
      out.push(scopeBefore(tokens, j - 1) ?? 'gpu')
      break
    }
    // (`only 4 KV heads each GPU holds one`: `each GPU` with a verb after it is the subject of a new clause.)
    const verbAfter = tokens[k + 2]
    if (w.kind === 'word' && (w.lower === 'each' || w.lower === 'every') && verbAfter?.kind === 'word' && HOLD_VERBS.has(verbAfter.lower) && verbAfter.lower !== 'of' && verbAfter.lower !== 'with') break
    if (w.kind === 'word' && (w.lower === 'per' || w.lower === 'each' || w.lower === 'every')) per = true
    else if (w.kind === 'op' && w.op === '÷' && tokens[k + 1]?.kind === 'word' && w.end === tokens[k + 1].start) per = true
    else if (w.kind === 'word' && /^(on|in|for|within|inside|of)$/.test(w.lower) && placeNounAfter(tokens, k + 1, to) >= 0) {
      per = true
      k++
      // `on each of the two pipeline stages`: the noun is further on.
      const n = placeNounAfter(tokens, k, to)
      if (n > k + 1) {
        words.push('per')
        const u = tokens[n] as { lower: string }
        words.push(u.lower)
        out.push(SCOPE_OF[NOUN_OF.get(u.lower)!])
        k = n + 1
        continue
      }
    }
    if (!per) break
    words.push('per')
    k++
    // `per pipeline stage`, `per MoE layer`, `per GPU`.
    let found = false
    for (let m = k; m < Math.min(to, k + 3); m++) {
      const u = tokens[m]
      if (u.kind !== 'word') break
      words.push(u.lower)
      const c = NOUN_OF.get(u.lower)
      if (c && SCOPE_OF[c]) {
        out.push(SCOPE_OF[c])
        k = m + 1
        found = true
        break
      }
      if (/^(instance|engine|deployment|worker|model)s?$/.test(u.lower)) {
        out.push('replica')
        k = m + 1
        found = true
        break
      }
    }
    if (!found) {
      // `64GB HBM each`, `8 experts each`: a bare `each` refers to the thing counted before.
      if ((tokens[k - 1] as { lower?: string })?.lower === 'each') out.push(scopeBefore(tokens, j - 1) ?? 'gpu')
      break
    }
  }
  return out
}

/**
 * `each GPU`, `every pipeline stage`, `each of the two pipeline stages`, `each of 4 nodes`: the index of the place
 * noun when tokens[k] is a determiner of one place, else -1.
 */
function placeNounAfter(tokens: Token[], k: number, to: number): number {
  const d = tokens[k]
  if (d?.kind !== 'word' || !PLACE_DETERMINERS.has(d.lower)) return -1
  let m = k + 1
  if (tokens[m]?.kind === 'word' && (tokens[m] as { lower: string }).lower === 'single') m++
  // `each of the two`, `each of 4`.
  if ((d.lower === 'each' || d.lower === 'one') && tokens[m]?.kind === 'word' && (tokens[m] as { lower: string }).lower === 'of') {
    m++
    if (tokens[m]?.kind === 'word' && PLACE_OF_DETERMINERS.has((tokens[m] as { lower: string }).lower)) m++
    if (tokens[m]?.kind === 'num') m++
  }
  for (let skipped = 0; m < to && skipped <= 2; m++, skipped++) {
    const u = tokens[m]
    if (u?.kind !== 'word') return -1
    if (PLACE_NOUNS.has(NOUN_OF.get(u.lower) ?? '')) return m
    if (!NOUN_MODIFIERS.has(u.lower)) return -1
  }
  return -1
}

export function subjectBefore(tokens: Token[], i: number, from: number): Scope[] {
  // `Each GPU holds 8`, `each of the 2 replicas uses 12 GPUs`, `Each pipeline stage spans 8 GPUs`.
  const out: Scope[] = []
  // `32 of the 56 layers`: 56 is the whole, not what the subject holds.
  const p1 = tokens[i - 1]
  const p2 = tokens[i - 2]
  if (p1?.kind === 'word' && (p1.lower === 'of' || (/^(the|all|its|their)$/.test(p1.lower) && p2?.kind === 'word' && p2.lower === 'of'))) {
    const k = p1.lower === 'of' ? i - 2 : i - 3
    const w = tokens[k]
    // `one of the 8 experts`, `half of all 128 experts`, `each of the 16 GPUs`: the whole.
    if (w?.kind === 'num' || (w?.kind === 'word' && /^(one|two|three|four|half|quarter|third|each|all|any|some|none|both|most|every|either|neither|part|share|fraction|slice)$/.test(w.lower))) return out
  }
  let sawVerb = false
  let lastVerb: string | undefined
  let sawEach = false
  let isResult = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '='
  // The subject of a result stands before its whole formula, which may be long.
  for (let k = i - 1, steps = 0; k >= from && steps < (isResult ? 30 : 10); k--, steps++) {
    const t = tokens[k]
    // `64 experts per layer and a hidden dimension of 2048`: after a count and its scope, `and` starts another item.
    // (`… and holds 1 KV head` keeps the subject: a verb after `and` continues it.)
    const nextWord = tokens[k + 1]
    const continues = nextWord?.kind === 'word' && (HOLD_VERBS.has(nextWord.lower) || PLACEMENT_VERBS.has(nextWord.lower))
    if (t.kind === 'word' && t.lower === 'and' && k < i - 1 && !continues && [tokens[k - 1], tokens[k - 2], tokens[k - 3], tokens[k - 4]].some((u, j) => u?.kind === 'num' && k - 1 - j >= from)) break
    if (t.kind === 'word' && (t.lower === 'each' || t.lower === 'every')) sawEach = true
    // `12 nodes, each with 8 GPUs`: the subject is before the comma.
    if (t.kind === 'punct' && t.text === ',' && sawEach) {
      const n = tokens[k - 1]
      const c = n?.kind === 'word' ? NOUN_OF.get(n.lower) : undefined
      if (c && SCOPE_OF[c]) out.push(SCOPE_OF[c])
      break
    }
    // `One expert is three 6144 × 16384 matrices, i.e. 301,989,888 parameters`: a restatement has the subject of the
    // clause it restates, before its formula.
    if (t.kind === 'punct' && t.text === ',' && k + 1 < i && tokens.slice(k + 1, i).every((u) => (u.kind === 'word' && RESTATE_CONNECTORS.has(u.lower)) || (u.kind === 'punct' && u.text === '.'))) {
      isResult = true
      continue
    }
    if (t.kind === 'punct' && (t.text === ',' || t.text === ':' || t.text === '(' || t.text === '|' || t.text === '·' || t.text === '•' || t.text === ';')) break
    // `stage 0 takes layers 0–30 (31 layers: …)`: a number opening a parenthesis restates what the clause before it
    // says, so its subject is that clause's.
    if (t.kind === 'op' && t.op === '(') {
      // (`6 nodes, 8 GPUs each (48 GPUs)`: a number that is the product of the two counts before it is their total.)
      if (k === i - 1 && productOfTwoBefore(tokens, i, from)) break
      if (k === i - 1 && !isResult && tokens[i + 1]?.kind === 'word') continue
      break
    }
    // `One expert (3 × 6144 × 10752) is 198.18M parameters`: an aside between subject and value is skipped.
    const after = tokens[k + 1]
    if (t.kind === 'op' && t.op === ')' && after?.kind === 'word' && (HOLD_VERBS.has(after.lower) || /^(is|are|was|has|have|weighs|comes|amounts)$/.test(after.lower))) {
      let depth = 1
      let m = k - 1
      for (; m >= from && depth > 0; m--) {
        const u = tokens[m]
        if (u.kind === 'op' && u.op === ')') depth++
        if (u.kind === 'op' && u.op === '(') depth--
      }
      if (depth > 0) break
      k = m + 1
      continue
    }
    // `every GPU holds 256 ÷ 32 = 8 experts`: the subject of a result is before its formula;
    // an operand's context ends at its operator.
    if (t.kind === 'op' && (t.op === '=' || t.op === '×' || t.op === '÷' || t.op === '+') && !isResult) break
    // `One replica = 2 nodes = 16 GPUs`: an equals sign after `one X` says `is`.
    if (t.kind === 'op' && t.op === '=' && oneBefore(tokens, k, from)) {
      sawVerb = true
      lastVerb = 'is'
    }
    if (t.kind !== 'word') continue
    if (HOLD_VERBS.has(t.lower)) {
      // `hosts`, `holds`: a verb here, not the noun `hosts`.
      sawVerb = true
      lastVerb = t.lower
      continue
    }
    const c = NOUN_OF.get(t.lower)
    // `expert parallelism of 8`, `tensor-parallel degree`: a noun that modifies a parallelism word is no subject.
    const nx = tokens[k + 1]
    if (c && nx?.kind === 'word' && PARALLEL_WORDS.has(nx.lower)) continue
    // `expert weights take 6.34 GB per GPU`: a noun that modifies the head noun after it is no subject either.
    if (c && nx?.kind === 'word' && MODIFIED_HEADS.has(nx.lower)) continue
    // `4096 tokens per sequence and 540 tokens/s`: a `per X` before the value with no verb between qualifies an earlier item.
    if (c && !sawVerb && tokens[k - 1]?.kind === 'word' && (tokens[k - 1] as { lower: string }).lower === 'per') break
    if (c && SCOPE_OF[c]) {
      // `One expert (…) is 198.18M parameters`, `a single GPU holds …`: one of a singular noun, as the subject of a verb.
      const pa = tokens[k - 1]
      const one = sawVerb && pa?.kind === 'word' && /^(one|a|an|single)$/.test(pa.lower) && !/s$/.test(t.lower)
      const each = hasEachBefore(tokens, k, from) || one
      // `GPUs that together hold 256 experts`: a plural subject is the group, not each one.
      // `8 replicas occupies 4 GPUs`: a singular verb makes the subject distributive.
      const verb = lastVerb ?? ''
      const singular = !/s$/.test(t.lower) || (/[^s]s$/.test(verb) && !/^(is|has|was)$/.test(verb) && tokens[k - 1]?.kind === 'num')
      if (each || (sawVerb && singular && !/^(together|jointly|collectively)$/.test((tokens[k + 2] as { lower?: string })?.lower ?? ''))) {
        out.push(SCOPE_OF[c])
        break
      }
    }
  }
  return out
}

/** `One replica =`, `A node =`: a singular noun after `one`/`a`/`each` right before an equals sign at `k`. */
function oneBefore(tokens: Token[], k: number, from: number): boolean {
  const n = tokens[k - 1]
  const d = tokens[k - 2]
  return k - 2 >= from && n?.kind === 'word' && d?.kind === 'word' && /^(one|a|an|each|every)$/.test(d.lower) && NOUN_OF.has(n.lower)
}

/** Whether the number at `i` is the product of the last two numbers before it in the clause. */
function productOfTwoBefore(tokens: Token[], i: number, from: number): boolean {
  const t = tokens[i]
  if (t.kind !== 'num') return false
  const nums: NumToken[] = []
  for (let k = i - 1; k >= from && nums.length < 2; k--) {
    const u = tokens[k]
    if (u.kind === 'num') nums.push(u)
  }
  return nums.length === 2 && nums[0].lit.value.times(nums[1].lit.value).eq(t.lit.value)
}

function hasEachBefore(tokens: Token[], k: number, from: number): boolean {
  for (let m = k - 1; m >= Math.max(from, k - 6); m--) {
    const t = tokens[m]
    if (t.kind === 'word' && (t.lower === 'each' || t.lower === 'every' || t.lower === 'per')) return true

    if (t.kind === 'punct' && t.text !== '-') return false
  }
  return false
}

export function elidedNouns(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  // `8 experts per GPU (2 per layer × 4 layers per stage)`: `2 per layer`
  // counts experts per GPU per layer.
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    if (!f || f.quantity || f.noun || f.scopes.size === 0) continue
    // Look back for the enclosing counted noun.
    for (let k = i - 1; k >= from; k--) {
      const u = tokens[k]
      if (u.kind !== 'num') continue
      const g = ctx.byToken.get(u)
      if (!g?.noun) continue
      if (g.noun === 'expert' && g.scopes.has('gpu') && f.scopes.has('layer')) {
        f.quantity = 'expertsPerGpuLayer'
        f.how = 'elided'
        f.noun = 'expert'
      }
      break
    }
  }
}

/**
 * `140.6B × 2 bytes = 281 GB, spread over the 8 GPUs of a replica, is ~35.2 GB apiece`: what comes before a verb that
 * spreads it over GPUs is the whole, whatever per-GPU words the clause has after it.
 */
export function wholeBeforeSpread(tokens: Token[], from: number, to: number, facts: readonly Fact[], ctx: Ctx): void {
  // `Weights per GPU: 235 GB over the 8 GPUs of a replica, 29.4 GB`: a size right before `over/across N GPUs` is the whole.
  for (const f of facts) {
    if (!f.unit) continue
    const k = tokenIndex(tokens, f.tok, ctx)
    const p = tokens[k + 1]
    if (p?.kind !== 'word' || !/^(over|across|among)$/.test(p.lower)) continue
    let m = k + 2
    if (tokens[m]?.kind === 'word' && /^(the|all|its|our)$/.test((tokens[m] as { lower: string }).lower)) m++
    const n = tokens[m]
    const noun = tokens[m + 1]
    if (n?.kind === 'num' && noun?.kind === 'word' && NOUN_OF.get(noun.lower) === 'gpu') {
      f.scopes.delete('gpu')
      f.perGpuContext = false
    }
  }
  // `runs Mixtral 8x22B in FP8 (141 GB of weights) at TP=4: 12 replicas, 35.25 GB of weights per GPU`: beside a
  // smaller value of the same quantity written per GPU, a value with no per-GPU words of its own is the whole.
  const shares = facts.filter((g) => g.unit && g.quantity && perGpuRightAfter(tokens, tokenIndex(tokens, g.tok, ctx), to))
  for (const f of facts) {
    if (!f.unit || !f.quantity || !f.perGpuContext || f.scopes.has('gpu') || shares.includes(f)) continue
    if (shares.some((g) => g.quantity === f.quantity && g.value.lt(f.value))) f.perGpuContext = false
  }
  const d = spreadVerbAt(tokens, from, to)
  if (d < 0) return
  for (const f of facts) if (f.perGpuContext && tokenIndex(tokens, f.tok, ctx) < d && !f.scopes.has('gpu')) f.perGpuContext = false
}

/** `35.25 GB of weights per GPU`: `per`/`each`/`every` and a GPU noun within a few words after token k. */
function perGpuRightAfter(tokens: readonly Token[], k: number, to: number): boolean {
  for (let m = k + 1; m < Math.min(to, k + 5); m++) {
    const u = tokens[m]
    if (u.kind !== 'word') return false
    const n = tokens[m + 1]
    if ((u.lower === 'per' || u.lower === 'each' || u.lower === 'every') && n?.kind === 'word' && NOUN_OF.get(n.lower) === 'gpu') return true
  }
  return false
}

/** The first verb in tokens[from, to) that spreads a whole over GPUs (`spread`, `split`, `sharded`), or -1. */
export function spreadVerbAt(tokens: readonly Token[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind === 'word' && DISTRIBUTE_VERBS.has(t.lower)) return k
  }
  return -1
}

/**
 * `no data parallel inside a replica, so the replica is TP8 × PP1 × DP1 = 8 GPUs`: a DP stated in a clause that
 * counts one replica's GPUs is the DP inside the replica, not the deployment's.
 */
export function replicaDegrees(clauseFacts: Fact[]): void {
  if (!clauseFacts.some((f) => f.quantity === 'gpusPerReplica')) return
  for (const f of clauseFacts) if (f.quantity === 'dp') f.scopes.add('replica')
}

/**
 * `| | Per GPU | Per node | Fleet |` over `| GPUs | 1 | 8 | 32 |`: in a column (or under a label) of one GPU's figures, a
 * GPU count of 1 is the GPU itself, no count of the deployment's GPUs.
 */
export function gpuOfItself(clauseFacts: Fact[]): void {
  for (const f of clauseFacts) if (f.quantity === 'gpus' && f.perGpuContext && f.seg.table && f.value.eq(1) && f.scopes.size === 0) f.quantity = undefined
}
