/**
 * A generic numeric view of every table: for each body cell that holds one
 * number and nothing else (`12.5`, `4,096`, `80 GB`, `1.2k`), its fact (value
 * in base units, written style, place) and the half unit of its last written
 * digit; every other cell is text. Rules that look for relations between
 * columns read this view and need no phrasing at all.
 */
import type { Fact, NumericCell, NumericTable } from '../facts.js'
import { oldColumn, EXPLAIN_COLUMN } from '../lexicon/columns.js'
import type { Segment } from '../text/segments.js'
import { tokenize } from '../text/tokens.js'
import { halfUnitBase } from '../compare.js'

/** The one number a cell holds, or undefined when it holds anything else (words, two numbers, `~`, a sign). */
function cellNumber(seg: Segment, facts: Fact[] | undefined): Fact | undefined {
  if (!facts || facts.length !== 1) return undefined
  const f = facts[0]
  if (f.approx || f.quoted || f.negated || f.bound || f.alt || f.inCode || f.restates) return undefined
  const tokens = tokenize(seg.text)
  if (tokens.length !== 1 || tokens[0].kind !== 'num') return undefined
  if (!f.value.isFinite()) return undefined
  return f
}

/** The numeric view of each table of the document (HTML tables whose rows do not fill the header are left out row by row). */
export function numericTables(tables: Segment[][][], factsOf: Map<Segment, Fact[]>): NumericTable[] {
  const out: NumericTable[] = []
  tables.forEach((grid, id) => {
    const first = grid.flat()[0]
    const info = first?.table
    if (!info) return
    const header = info.header
    const cols = info.cols
    const cells: Array<Array<NumericCell | undefined>> = []
    const texts: string[][] = []
    const lines: number[] = []
    for (let r = 1; r < grid.length; r++) {
      const row = grid[r]
      // A row that does not fill the header (a spanned cell above, a short row) is not aligned with its columns.
      if (row.length !== cols) continue
      const line: Array<NumericCell | undefined> = []
      const words: string[] = []
      for (let c = 0; c < cols; c++) {
        const seg = row[c]
        words.push(seg.text.trim().replace(/\s+/g, ' '))
        const head = header[c] ?? ''
        const f = oldColumn(head) || EXPLAIN_COLUMN.test(head) ? undefined : cellNumber(seg, factsOf.get(seg))
        line.push(f ? { row: cells.length, col: c, fact: f, value: f.value, half: halfUnitBase(f) } : undefined)
      }
      cells.push(line)
      texts.push(words)
      lines.push(row[0].line)
    }
    out.push({ id, header, cols, cells, texts, lines })
  })
  return out
}
