/**
 * `At 128K tokens the KV cache takes 40 GiB`, `a single 32K-token sequence
 * needs 10 GiB of KV cache`, `for a batch of 8 sequences of 8K tokens the KV
 * cache is 20 GiB`: a KV-cache size stated for a token count (and a batch),
 * for the whole model. Read as a claim the kv-cache rule checks against the
 * model's KV bytes per token. A clause with any other number, a scope (`per
 * GPU`, a layer, a stage), an expression or a condition is not read.
 */
import type { Clause, Fact, KvForTokens } from '../facts.js'
import { NOT_WHOLE } from '../lexicon/weights.js'

function isSize(f: Fact, clause: Clause, stated: boolean): boolean {
  if (f.unit?.dim !== 'bytes') return false
  if (f.quantity === 'memKv') return true
  // `The KV cache for 131,072 tokens is 42.9 GB`: a size in a clause about the KV cache.
  // (After the paragraph's own KV bytes per token, `a 32,768-token sequence needs 3.5 GiB of cache` is about it too.)
  const cache = clause.words.has('cache') || clause.words.has('kv-cache')
  return f.quantity === undefined && (clause.words.has('kv') || stated) && cache
}

/**
 * `2 × 28 × 4 × 128 × 2 = 57,344 bytes (56 KiB) per token. A 32,768-token sequence therefore needs …`: the KV bytes per
 * token that a paragraph states for the whole model before a clause, when it states one value.
 */
function statedPerToken(facts: Fact[], clause: Clause): Fact | undefined {
  const before = facts.filter(
    (f) => f.clause < clause.index && f.scopes.has('token') && f.scopes.size === 1 && !f.perGpuContext && !f.quoted && !f.example && !f.approx,
  )
  return before.length > 0 && before.every((f) => f.value.eq(before[0].value)) ? before[0] : undefined
}

export function kvForTokensOf(clauses: Clause[], facts: Fact[]): KvForTokens[] {
  const out: KvForTokens[] = []
  const byClause = new Map<number, Fact[]>()
  const bySeg = new Map<unknown, Fact[]>()
  for (const f of facts) {
    if (f.quantity === 'kvPerToken') bySeg.set(f.seg, [...(bySeg.get(f.seg) ?? []), f])
    const l = byClause.get(f.clause) ?? []
    l.push(f)
    byClause.set(f.clause, l)
  }
  for (const [index, list] of byClause) {
    const clause = clauses[index]
    if (!clause || clause.seg.table || clause.seg.kind === 'code') continue
    if ([...clause.words].some((w) => NOT_WHOLE.has(w))) continue
    const perToken = statedPerToken(bySeg.get(clause.seg) ?? [], clause)
    const sizes = list.filter((f) => isSize(f, clause, perToken !== undefined))
    const tokens = list.filter((f) => !f.unit && (f.noun === 'token' || f.quantity === 'seqLen'))
    const batches = list.filter((f) => !f.unit && f.quantity === 'batch')
    if (sizes.length !== 1 || tokens.length !== 1 || batches.length > 1) continue
    if (sizes.length + tokens.length + batches.length !== list.length) continue
    const size = sizes[0]
    if (list.some((f) => f.quoted || f.negated || f.expr || f.bound || f.example || f.inCode || f.alt || f.perGpuContext)) continue
    if (size.scopes.has('gpu') || size.scopes.has('layer') || size.scopes.has('stage') || size.scopes.has('node') || size.scopes.has('token')) continue
    if (size.value.lte(0) || tokens[0].value.lte(0)) continue
    out.push({ size, tokens: tokens[0], batch: batches[0], perToken })
  }
  return out
}
