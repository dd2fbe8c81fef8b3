/** Value-per-count pairs: `4.38GB (8 experts per GPU)`, `with 2 experts per GPU: ~0.62GB`. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'

export function pairsOf(facts: Fact[], ctx: Ctx): void {
  const values = facts.filter((f) => f.unit?.dim === 'bytes' && !f.expr && !f.restates)
  const counts = facts.filter((f) => f.noun === 'expert' && !f.unit && !f.expr && f.quantity !== 'experts' && f.quantity !== 'topK')
  if (values.length === 0 || counts.length === 0) return
  // Distance between two numbers as the text between them, so neither one's own length (which a fix may change) counts.
  const gap = (a: Fact, b: Fact): number => (a.place.start >= b.place.end ? a.place.start - b.place.end : b.place.start >= a.place.end ? b.place.start - a.place.end : 0)
  for (const v of values) {
    // Nearest count in the clause; none when two are equally near.
    let best: Fact | undefined
    let tie = false
    for (const c of counts) {
      if (!best || gap(c, v) < gap(best, v)) {
        best = c
        tie = false
      } else if (gap(c, v) === gap(best, v)) tie = true
    }
    if (!best || tie) continue
    // One value per count and one count per value.
    if (values.filter((w) => w !== v).some((w) => gap(best!, w) <= gap(best!, v))) continue
    ctx.pairs.push({ value: v, count: best, noun: 'expert' })
  }
}

/** The words that join a count of groups to their size: `8 groups of 4 GPUs`, `4 EP groups of 8`. */
const GROUPS_OF = new Set(['group', 'groups'])

/** `8 groups of 4 GPUs`: the count of EP groups and the size of each, as one statement. */
export function groupsOf(facts: Fact[], ctx: Ctx): void {
  const counts = facts.filter((f) => f.quantity === 'epGroups')
  const sizes = facts.filter((f) => f.quantity === 'epGroupSize')
  for (const c of counts) {
    const s = sizes.find((f) => f.place.start > c.place.end && f.place.start - c.place.end < 40 && joinsGroupsOf(ctx.source.slice(c.place.end, f.place.start)))
    if (s) c.groupSize = s
  }
}

function joinsGroupsOf(between: string): boolean {
  const words = between.trim().toLowerCase().split(/\s+/)
  const n = words.length
  return n >= 2 && n <= 4 && words[n - 1] === 'of' && GROUPS_OF.has(words[n - 2])
}
