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
import { matchUnit } from '../units.js'

/** The one number a cell holds, with its sign (`+0.32`, `-43.4`), or undefined when it holds anything else (words, two numbers, `~`). */
function cellNumber(seg: Segment, facts: Fact[] | undefined): { fact: Fact; sign: 1 | -1 } | undefined {
  if (!facts || facts.length !== 1) return undefined
  const f = facts[0]
  if (f.approx || f.quoted || f.bound || f.alt || f.inCode || f.restates) return undefined
  const tokens = tokenize(seg.text)
  const last = tokens[tokens.length - 1]
  if (!last || last.kind !== 'num' || !f.value.isFinite()) return undefined
  if (tokens.length === 1) return f.negated ? undefined : { fact: f, sign: 1 }
  const sign = tokens[0]
  // A sign glued to the number: `+0.32`, `-43.4`, `−0.3`.
  if (tokens.length !== 2 || sign.end !== last.start || !(sign.kind === 'op' && (sign.op === '+' || sign.op === '-'))) {
    return undefined
  }
  return { fact: f, sign: sign.op === '-' ? -1 : 1 }
}

/** `| Request Throughput (req/s) | …`, `| Mean TTFT (sec) | …`: the unit a row's label names, when it names one. */
function rowUnit(texts: string[]): string | undefined {
  for (const t of texts) {
    const m = /\(([^()]{1,20})\)\s*$/.exec(t)
    if (!m) continue
    const u = matchUnit(m[1].trim(), 0, true)
    if (u && u.text.length === m[1].trim().length) return u.unit.id
  }
  return undefined
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
        const n = oldColumn(head) || EXPLAIN_COLUMN.test(head) ? undefined : cellNumber(seg, factsOf.get(seg))
        line.push(n ? { row: cells.length, col: c, fact: n.fact, value: n.sign < 0 ? n.fact.value.neg() : n.fact.value, half: halfUnitBase(n.fact) } : undefined)
      }
      cells.push(line)
      texts.push(words)
      lines.push(row[0].line)
    }
    // Rows of different units (`req/s`, `tok/s`, `sec` in the row labels): no constant relates them.
    const units = new Set(texts.map((row, r) => rowUnit(row.filter((_, c) => !cells[r][c]))).filter((u) => u !== undefined))
    out.push({ id, header, cols, cells, texts, lines, mixedRowUnits: units.size > 1 })
  })
  return out
}

/** The one fact a table cell holds (a currency sign or words beside it allowed), stated as exact and positive. */
export function soleCellFact(seg: Segment | undefined, factsOf: Map<Segment, Fact[]>): Fact | undefined {
  const facts = seg ? factsOf.get(seg) : undefined
  if (!facts || facts.length !== 1) return undefined
  const f = facts[0]
  if (f.quoted || f.approx || f.bound !== undefined || f.expr?.role === 'operand' || !f.value.isFinite() || f.value.lte(0)) return undefined
  return f
}

/** A table read as configurations: what each line (column or row) names, and each configuration's cell on a line. */
export interface TableConfigs<R> {
  roles: Array<R | undefined>
  configs: Array<(line: number) => Fact | undefined>
}

/**
 * The configurations of each table whose lines name what `wanted` asks for: lines named by the header (each row a
 * configuration) or, failing that, by the first cell of each row (a table of quantities by configuration).
 */
export function configurationsOf<R>(tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>, roleOf: (label: string) => R | undefined, wanted: (roles: Array<R | undefined>) => boolean): Array<TableConfigs<R>> {
  const out: Array<TableConfigs<R>> = []
  for (const t of numeric) {
    const grid = tables[t.id]
    if (!grid || grid.length < 2) continue
    const byCol = t.header.map(roleOf)
    if (wanted(byCol)) {
      out.push({ roles: byCol, configs: grid.slice(1).map((row) => (i: number) => soleCellFact(row[i], factsOf)) })
      continue
    }
    const byRow = grid.map((row) => roleOf(row[0]?.text ?? ''))
    if (!wanted(byRow)) continue
    const configs: Array<(line: number) => Fact | undefined> = []
    for (let c = 1; c < grid[0].length; c++) configs.push((i: number) => soleCellFact(grid[i]?.[c], factsOf))
    out.push({ roles: byRow, configs })
  }
  return out
}
