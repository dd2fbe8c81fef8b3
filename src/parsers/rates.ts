/** Token rates: their per-GPU or per-node scope and the input length they are stated for. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import { RATE_SCOPE, RATE_NOUN, CONDITION_WORDS } from '../lexicon/words.js'
import type { Dec } from '../num.js'
import { tokenIndex } from '../text/clauses.js'
import type { Token, NumToken } from '../text/tokens.js'

/** `for 2K inputs`, `4096-token prompts`, `prompt length 2000`: the input length a clause states, per number token. */
function inputLengthAt(tokens: Token[], k: number, to: number, f: Fact | undefined): Dec | undefined {
  if (!f || f.unit || f.quoted) return undefined
  if (f.quantity === 'promptLen' || f.quantity === 'seqLen') return f.value
  if (f.quantity) return undefined
  let j = k + 1
  const dash = tokens[j]
  if (dash?.kind === 'op' && dash.op === '-' && tokens[j + 1]?.kind === 'word' && /^tokens?$/.test((tokens[j + 1] as { lower: string }).lower)) j += 2
  const w = tokens[j]
  if (j < to && w?.kind === 'word' && /^(input|inputs|prompt|prompts)$/.test(w.lower)) return f.value
  return undefined
}

/**
 * `per-node throughputs of 57,674, 54,543, and 50,302 tokens per second`, `52.3k input and 22.3k output tokens per
 * second per node`: a per-node or per-GPU scope stated once for every token rate of the clause.
 */
function rateScopes(tokens: Token[], from: number, to: number, rates: Fact[], lists: number[][], ctx: Ctx): void {
  const scoped = (f: Fact): boolean => f.scopes.has('gpu') || f.scopes.has('node') || f.scopes.has('cluster') || f.scopes.has('sequence')
  // `31,236, 29,870 and 27,114 tokens per second per node`: the list shares its last item's unit and scope.
  for (const items of lists) {
    const facts = items.map((k) => ctx.byToken.get(tokens[k] as NumToken))
    const last = facts[facts.length - 1]
    if (!last || last.unit?.dim !== 'tokenRate' || facts.some((f) => f?.unit?.dim !== 'tokenRate')) continue
    const sc = (['gpu', 'node', 'cluster'] as const).filter((x) => last.scopes.has(x))
    if (sc.length !== 1) continue
    for (const f of facts) if (f && !scoped(f)) f.scopes.add(sc[0])
  }
  const open = rates.filter((f) => !scoped(f))
  if (open.length === 0) return
  const index = new Map<Fact, number>()
  for (const f of open) {
    const k = tokenIndex(tokens, f.tok, ctx)
    if (k >= from && k < to) index.set(f, k)
  }
  // `per-node throughputs of 57,674, 54,543, and 50,302 tokens per second`: the scope of the rates right after it.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'word') continue
    let s: 'gpu' | 'node' | undefined
    let next = k + 1
    const glued = /^per-(\w+)$/.exec(t.lower)
    if (glued) s = RATE_SCOPE[glued[1]]
    else if (t.lower === 'per' && tokens[k + 1]?.kind === 'word') {
      s = RATE_SCOPE[(tokens[k + 1] as { lower: string }).lower]
      next = k + 2
    }
    const n = tokens[next]
    if (!s || n?.kind !== 'word' || !RATE_NOUN.test(n.lower)) continue
    for (const f of open) {
      const at = index.get(f)
      if (at !== undefined && at > next && at <= next + 10 && !scoped(f)) f.scopes.add(s)
    }
  }
  // `52.3k input and 22.3k output tokens per second per node`: rates joined by `and` share the scope stated last.
  for (const f of open) {
    if (scoped(f)) continue
    const k = index.get(f)
    if (k === undefined) continue
    const and = tokens[k + 1]
    const nextNum = tokens[k + 2]
    if (and?.kind !== 'word' || and.lower !== 'and' || nextNum?.kind !== 'num') continue
    const g = rates.find((r) => r.tok === nextNum)
    const sc = g && (['gpu', 'node'] as const).find((x) => g.scopes.has(x))
    if (sc) f.scopes.add(sc)
  }
}

/**
 * The condition of each token rate in a clause: `for 2000-token input sequences`, `for 2K inputs`, or the matching
 * item of a `respectively` list (`57,674, 54,543, and 50,302 tokens per second for prompt lengths of 1K, 2K, and 4K, respectively`).
 */
export function rateConditions(tokens: Token[], from: number, to: number, lists: number[][], clauseFacts: Fact[], words: Set<string>, ctx: Ctx): void {
  const rates = clauseFacts.filter((f) => f.unit?.dim === 'tokenRate')
  if (rates.length === 0) return
  rateScopes(tokens, from, to, rates, lists, ctx)
  if (words.has('respectively')) {
    const factLists = lists.map((items) => items.map((k) => ctx.byToken.get(tokens[k] as NumToken)))
    const rateList = factLists.find((l) => l.every((f) => f?.unit?.dim === 'tokenRate'))
    if (rateList) {
      const condIndex = factLists.findIndex((l, n) => {
        if (l === rateList || l.length !== rateList.length || l.some((f) => !f || f.unit)) return false
        const first = lists[n][0]
        for (let k = first - 1; k >= Math.max(0, first - 4); k--) {
          const w = tokens[k]
          if (w.kind === 'word' && CONDITION_WORDS.test(w.lower)) return true
        }
        return false
      })
      if (condIndex >= 0) {
        const conds = factLists[condIndex]
        rateList.forEach((f, n) => {
          f!.condition = { what: 'input length', value: conds[n]!.value, fact: conds[n]! }
        })
      }
      return
    }
  }
  const lengths: Array<{ f: Fact; v: Dec }> = []
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    const v = inputLengthAt(tokens, k, to, f)
    if (v) lengths.push({ f: f!, v })
  }
  if (lengths.length === 0 || new Set(lengths.map((x) => x.v!.toString())).size !== 1) return
  for (const f of rates) f.condition = { what: 'input length', value: lengths[0].v!, fact: lengths[0].f }
}
