/**
 * `| Item (per GPU) | GB | % of 141 GB |`, `| Weight GB / GPU | % of 80 GB |`: a percentage column whose header
 * names its whole. Each of its cells is the share of the whole that the cell on its left holds.
 */
import type { Fact, PercentClaim } from '../facts.js'
import type { Segment } from '../text/segments.js'
import { mentionsUnit } from '../units.js'

/** `% of 141 GB`, `Share of 80 GB`, `of HBM (80 GB)`: a header that names a percentage's whole with one memory size. */
function headerWhole(header: Segment | undefined, factsOf: Map<Segment, Fact[]>): Fact | undefined {
  if (!header || !/%|\bpercent\b|\bshare\b/i.test(header.text) || !/\bof\b/i.test(header.text)) return undefined
  const facts = (factsOf.get(header) ?? []).filter((f) => f.unit?.dim === 'bytes')
  return facts.length === 1 ? facts[0] : undefined
}

export function columnPercentsOf(tables: Segment[][][], factsOf: Map<Segment, Fact[]>): PercentClaim[] {
  const out: PercentClaim[] = []
  for (const grid of tables) {
    const header = grid?.[0]
    if (!header) continue
    for (let c = 1; c < header.length; c++) {
      const whole = headerWhole(header[c], factsOf)
      if (!whole) continue
      // The part's column: the one just left, holding memory (its cells' unit or its header's words say so).
      const left = header[c - 1]
      const leftBytes = left !== undefined && mentionsUnit(left.text, 'bytes')
      for (let r = 1; r < grid.length; r++) {
        const cell = grid[r]?.[c]
        const partCell = grid[r]?.[c - 1]
        const percents = cell ? (factsOf.get(cell) ?? []) : []
        const parts = partCell ? (factsOf.get(partCell) ?? []) : []
        if (percents.length !== 1 || percents[0].unit?.dim !== 'percent' || parts.length !== 1) continue
        const part = parts[0]
        if (part.unit ? part.unit.dim !== 'bytes' : !leftBytes) continue
        out.push({ percent: percents[0], part, whole, target: 'percent', sharesUnit: !part.unit })
      }
    }
  }
  return out
}
