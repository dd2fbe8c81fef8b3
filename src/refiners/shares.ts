/**
 * Shares: `48 ÷ 8 = 6 query heads`, `Experts: 128 / 16 = 8 per GPU`. A quotient of one of the model's counts is a share
 * of it (per GPU, per stage, per group), not the model's own count, whatever its label or noun says; its scope may be
 * written far off or not at all. The result keeps no quantity (the arithmetic is still checked), so it never becomes an
 * input of the model nor conflicts with the model's value.
 */
import type { Ctx } from '../context.js'
import type { Fact, ExprNode } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'

/** Counts of the whole model that a division shares out over GPUs, stages or groups. */
const SHARED_BY_DIVISION = new Set<QuantityId>(['heads', 'kvHeads', 'experts', 'layers', 'moeLayers', 'hidden', 'vocab', 'paramsTotal'])

const divides = (node: ExprNode): boolean => node.kind === 'op' && node.op === '÷'

export function sharesOfDivision(facts: readonly Fact[], ctx: Ctx): void {
  for (const f of facts) {
    if (f.expr?.role !== 'result' || !f.quantity || !SHARED_BY_DIVISION.has(f.quantity)) continue
    const e = ctx.expressions[f.expr.id]
    if (!e || !e.sides.slice(0, -1).some((s) => divides(s.node))) continue
    f.quantity = undefined
    f.how = undefined
  }
}
