/**
 * Named numbers: `stage 0`, `GPU 3`, `config 2`. A number right after a naming noun names one of them; a label of its
 * clause (`Expert instances per GPU: stage 0 = 32 × 28 = 896`) does not make it a value of the label's quantity.
 */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import { NAMING_NOUNS } from '../lexicon/words.js'
import type { Token } from '../text/tokens.js'
import { tokenIndex } from '../text/clauses.js'

export function namedNumbers(tokens: Token[], facts: readonly Fact[], ctx: Ctx): void {
  for (const f of facts) {
    if (!f.quantity || f.unit || (f.how !== 'label' && f.how !== 'label-colon')) continue
    const i = tokenIndex(tokens, f.tok, ctx)
    const before = tokens[i - 1]
    if (before?.kind === 'word' && NAMING_NOUNS.test(before.lower)) {
      f.quantity = undefined
      f.how = undefined
    }
  }
}

/**
 * `attn (64 q heads, 4 kv, dim 128)`: a bare `dim` beside a count of heads, with a value no hidden size has (≤ 256),
 * is the head dimension.
 */
export function headDimBesideHeads(tokens: Token[], facts: readonly Fact[], ctx: Ctx): void {
  if (!facts.some((f) => f.quantity === 'heads' || f.quantity === 'kvHeads')) return
  for (const f of facts) {
    if (f.quantity !== 'hidden' || f.unit || f.value.gt(256)) continue
    const i = tokenIndex(tokens, f.tok, ctx)
    let k = i - 1
    while (k >= 0 && tokens[k].kind !== 'word' && k >= i - 2) k--
    const w = tokens[k]
    if (w?.kind === 'word' && (w.lower === 'dim' || w.lower === 'dimension')) f.quantity = 'headDim'
  }
}
