/**
 * `Scaling moe-cpt-30b from 64 to 256 GPUs`: a count a change starts from is the old setup's. It takes the noun of the
 * count it changes to and is marked quoted (a value of another setup, like a quoted old value), so that the old count
 * restated elsewhere (`It currently runs on 64 H100s`) is that setup's, not a second value of the plan's.
 */
import type { Ctx } from '../context.js'
import type { Token } from '../text/tokens.js'

export function fromToCounts(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  oldDegrees(tokens, from, to, ctx)
  for (let i = from; i + 3 < to; i++) {
    const w = tokens[i]
    const a = tokens[i + 1]
    const t = tokens[i + 2]
    const b = tokens[i + 3]
    if (!(w.kind === 'word' && w.lower === 'from' && a.kind === 'num' && !a.unit && t.kind === 'word' && t.lower === 'to' && b.kind === 'num' && !b.unit)) continue
    const fa = ctx.byToken.get(a)
    const fb = ctx.byToken.get(b)
    if (!fa || !fb || !fb.quantity || fa.quantity || !COUNTED.has(fb.quantity)) continue
    fa.quantity = fb.quantity
    fa.how = 'from-to'
    fa.quoted = true
  }
}

/** Counts a plan is sized by, which a change of setup goes from and to. */
const COUNTED = new Set<string>(['gpus', 'nodes', 'replicas'])

/**
 * `Move DeepSeek-V3 from TP8×PP2 on H100 to DP-attention + EP on H200`: compact degrees between `from` and `to` are the
 * old setup's (quoted), not settings of the plan.
 */
function oldDegrees(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i < to; i++) {
    const w = tokens[i]
    if (!(w.kind === 'word' && w.lower === 'from')) continue
    let end = -1
    for (let k = i + 1; k < Math.min(to, i + 12); k++) {
      const t = tokens[k]
      if (t.kind === 'word' && t.lower === 'to') {
        end = k
        break
      }
      if (t.kind === 'punct' && (t.text === ',' || t.text === ';' || t.text === '.')) break
    }
    if (end < 0) continue
    for (let k = i + 1; k < end; k++) {
      const t = tokens[k]
      if (t.kind !== 'word') continue
      for (const f of ctx.factsOfWord.get(t) ?? []) if (f.how === 'compact') f.quoted = true
    }
  }
}
