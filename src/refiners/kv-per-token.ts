/** Bytes per token in a KV context are the KV cache per token (per layer when said). */
import type { Ctx } from '../context.js'
import type { ExprNode, Fact } from '../facts.js'
import { KV_WORD } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { tokenIndex } from '../text/clauses.js'

/**
 * `KV cache: 12,032 B per token per rank`, `* KV cache` › `* Per layer per rank: … = 256 B`: a byte value stated per
 * token in a KV context is the KV cache per token (per layer when it says so), not the whole cache.
 */
export function kvPerTokenFacts(seg: Segment, facts: Fact[], ctx: Ctx): void {
  for (const f of facts) {
    if (f.unit?.dim !== 'bytes') continue
    // A cache per token is bytes to kilobytes (16 MB at most); `… per layer per rank: … = 256 B` under a KV heading is one too.
    if (f.value.gt(16 * 2 ** 20)) continue
    const perLayerSmall = !f.scopes.has('token') && f.scopes.has('layer') && f.value.lte(2 ** 20)
    if (!f.scopes.has('token') && !perLayerSmall) continue
    if (f.quantity && f.quantity !== 'memKv') continue
    // `512 bytes per layer and 47,104 bytes over 92 layers`: a value summed over layers is per token, not per layer.
    const toks = ctx.tokensOf.get(seg) ?? []
    const k = tokenIndex(toks, f.tok, ctx)
    const w1 = toks[k + 1]
    const overLayers = k >= 0 && w1?.kind === 'word' && /^(over|across|for|in|summed)$/.test(w1.lower) && toks[k + 2]?.kind === 'num' && toks[k + 3]?.kind === 'word' && /^layers$/.test((toks[k + 3] as { lower: string }).lower)
    // `576 values per token per layer × 61 layers × 2 bytes = 70,272 bytes per token`: a product over the layers is not per layer.
    if (overLayers || (f.expr?.role === 'result' && timesLayers(f.expr.id, ctx))) f.scopes.delete('layer')
    if (f.scopes.has('sequence') || f.scopes.has('expert') || f.scopes.has('node') || f.scopes.has('cluster')) continue
    if (!f.quantity) {
      const c = ctx.clauses[f.clause]
      const text = [c.label ?? '', seg.section?.title ?? '', ...(seg.context ?? []), seg.table ? seg.table.header.join(' ') : ''].join(' ')
      const kv = ['kv', 'kv-cache', 'kvcache', 'cache', 'caches', 'cached', 'mla', 'latent'].some((w) => c.words.has(w)) || KV_WORD.test(text)
      // Bytes per token that the text ties to nothing else are the cache's (what else is stored per token?).
      const other = [...c.words].some((w) => /^(activation|activations|weight|weights|gradient|gradients|optimizer|embedding|embeddings|logit|logits|vocab|hidden|communication|all-to-all|alltoall|dispatch|combine|network|traffic|bandwidth|transfer|sent|send|moved|checkpoint|disk|storage)$/.test(w))
      if (!kv && (other || !f.scopes.has('token'))) continue
    }
    f.quantity = f.scopes.has('layer') ? 'kvPerTokenLayer' : 'kvPerToken'
    f.how = (f.how ?? '') + '+per-token'
  }
}

/** Whether the calculation `id` multiplies by a count of layers (`× 61 layers`). */
function timesLayers(id: number, ctx: Ctx): boolean {
  // (An expression's id is its index.)
  const e = ctx.expressions[id]
  if (!e) return false
  const layers = (n: ExprNode | undefined): boolean => n !== undefined && (n.kind === 'num' ? n.fact?.noun === 'layer' && !n.fact.unit : n.op === '×' ? layers(n.left) || layers(n.right) : false)
  return e.sides.some((side) => !side.single && layers(side.node))
}
