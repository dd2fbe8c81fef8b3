/** Alternative configurations in table cells: `64 (0)`. */
import type { Ctx } from '../context.js'
import type { Token } from '../text/tokens.js'

/** `64 (0)`, `3986 (3546)` in a table cell: the number in parentheses is an alternative configuration's value. */
export function flagAlternatives(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i + 3 < to + 1; i++) {
    const a = tokens[i]
    const o = tokens[i + 1]
    const b = tokens[i + 2]
    const c = tokens[i + 3]
    if (a?.kind === 'num' && o?.kind === 'op' && o.op === '(' && b?.kind === 'num' && c?.kind === 'op' && c.op === ')') {
      const fb = ctx.byToken.get(b)
      const fa = ctx.byToken.get(a)
      if (fb && fa) {
        fb.alt = true
        if (!fb.quantity) fb.quantity = fa.quantity
      }
    }
  }
}
