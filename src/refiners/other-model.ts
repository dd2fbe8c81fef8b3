/**
 * Another model's numbers: `the DBRX numbers are different on purpose: 132B total / 36B active, 40 layers` in a
 * document about Mixtral 8x22B. In a document that names two known models, one more often (at least twice), a paragraph
 * or list item that names the other and not that one gives the other model's figures: neither inputs nor
 * claims of the plan, like an example's.
 */
import type { Ctx } from '../context.js'
import type { Segment } from '../text/segments.js'

export function otherModelFigures(ctx: Ctx): void {
  const names = ctx.attributes.filter((t) => t.attr === 'modelName' && !t.quoted)
  const counts = new Map<string, number>()
  for (const n of names) counts.set(n.value, (counts.get(n.value) ?? 0) + 1)
  // Exactly two models, one named more often: a document about several models (a survey, a guide with worked examples
  // for each) has no one plan to set the others against.
  if (counts.size !== 2) return
  const ranked = [...counts].sort((x, y) => y[1] - x[1])
  const [main, most] = ranked[0]
  if (most < 2 || ranked[1][1] === most) return
  const bySeg = new Map<Segment, Set<string>>()
  for (const n of names) {
    const set = bySeg.get(n.seg) ?? new Set<string>()
    set.add(n.value)
    bySeg.set(n.seg, set)
  }
  for (const [seg, models] of bySeg) {
    if (seg.table || seg.kind === 'heading' || models.has(main)) continue
    for (const f of ctx.factsOf.get(seg) ?? []) f.example = true
  }
}
