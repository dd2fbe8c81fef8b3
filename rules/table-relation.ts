/**
 * deployment-table-relation: a table column that follows from others in every
 * row but one (a constant factor, a unit conversion, a reciprocal, a product
 * or a sum of two columns) is wrong in that row.
 */
import { defineRule } from '../src/rule.js'
import { memo, type Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { NumericTable } from '../src/facts.js'
import { oddCells, solve, type TableRelation } from '../src/checks/table-relations.js'
import { check as ratePerGpu } from './rate-per-gpu.js'
import { check as tokenCost } from './token-cost.js'
import { replacement } from '../src/compare.js'
import { registerCorrector } from '../src/corrections.js'
import { dec, show, type Dec } from '../src/num.js'

/** Base units per written unit of a column (1 for bare numbers). */
function factor(t: NumericTable, r: number, c: number): Dec {
  const u = t.cells[r][c]?.fact.unit
  return dec(u ? u.factor : 1)
}

function name(t: NumericTable, c: number): string {
  const h = (t.header[c] ?? '').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim()
  return h ? `\`${h}\`` : `column ${c + 1}`
}

function unitOf(t: NumericTable, r: number, c: number): string {
  return t.cells[r][c]?.fact.unit?.id ?? ''
}

/** The relation solved for column `col`, as written units see it: `C = 2 × A`, `A = C ÷ B`, `C = A + B`. */
function formula(t: NumericTable, rel: TableRelation, r: number, col: number): string {
  const [x, y, z] = rel.cols
  const f = (c: number) => factor(t, r, c)
  const k = (v: Dec): string => show(v, 6)
  const others = (a: number, b: number) => (col === a ? b : a)
  switch (rel.kind) {
    case 'scale': {
      // x·fx = k·y·fy
      const kw = rel.k.d.times(f(y)).div(f(x))
      // The same value in base units: a unit conversion.
      if (rel.k.d.eq(1)) return `${name(t, col)} = ${name(t, col === x ? y : x)} in ${unitOf(t, r, col) || 'its unit'}`
      return col === x ? `${name(t, x)} = ${k(kw)} × ${name(t, y)}` : `${name(t, y)} = ${name(t, x)} ÷ ${k(kw)}`
    }
    case 'recip': {
      const kw = rel.k.d.div(f(x).times(f(y)))
      return `${name(t, col)} = ${k(kw)} ÷ ${name(t, col === x ? y : x)}`
    }
    case 'times': {
      const kw = rel.k.d.times(f(y)).times(f(z)).div(f(x))
      const lead = kw.eq(1) ? '' : `${k(kw)} × `
      if (col === x) return `${name(t, x)} = ${lead}${name(t, y)} × ${name(t, z)}`
      const other = others(y, z)
      return kw.eq(1) ? `${name(t, col)} = ${name(t, x)} ÷ ${name(t, other)}` : `${name(t, col)} = ${name(t, x)} ÷ (${k(kw)} × ${name(t, other)})`
    }
    case 'plus':
      if (col === x) return `${name(t, x)} = ${name(t, y)} + ${name(t, z)}`
      return `${name(t, col)} = ${name(t, x)} − ${name(t, others(y, z))}`
  }
}

function lines(list: number[]): string {
  if (list.length === 1) return `line ${list[0]}`
  return `lines ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
}

/** The value a row gives, in the written unit of the column. */
function written(t: NumericTable, r: number, c: number, base: Dec): string {
  const cell = t.cells[r][c]!
  const u = cell.fact.unit
  const v = u ? base.div(u.factor) : base
  const suffix = cell.fact.tok.lit.style.suffix
  const shown = suffix ? show(v.div(cell.fact.tok.lit.value.div(cell.fact.tok.lit.digits)), 6) + suffix : show(v, 6)
  return u ? `${shown} ${cell.fact.tok.unitText ?? u.id}` : shown
}

function check(a: Analysis): Finding[] {
  return memo(a, 'table-relation', () => {
    const out: Finding[] = []
    // A rate per GPU beside its row's GPU count and whole rate is deployment-rate-per-gpu's: one blame per cell.
    // So is a cost per 1M tokens beside its row's cost per hour and token rate (deployment-token-cost's).
    const rates = new Set([...(a.x.perGpuRates.length > 0 ? ratePerGpu(a).map((m) => m.fact) : []), ...(a.x.costs.length > 0 ? tokenCost(a).map((m) => m.fact) : [])])
    for (const t of a.x.numericTables) {
      for (const odd of oddCells(t)) {
        const { cell, expected } = odd
        if (rates.has(cell.fact)) continue
        const rel = odd.relations[0]
        // A signed cell (`-43.4`) keeps its sign: the fix writes the digits.
        const negative = cell.value.isNegative()
        if (negative !== expected.isNegative() && !expected.isZero()) continue
        const fix = replacement(cell.fact, expected.abs(), a.x.source)
        if (fix === cell.fact.text) continue
        const r = cell.row
        const col = cell.col
        const rule = formula(t, rel, r, col)
        const sample = rel.holds[0]
        const sampleValue = solve(t, rel, sample, col)
        const example = sampleValue ? `; e.g. line ${t.lines[sample]} gives ${written(t, sample, col, sampleValue)} for ${t.cells[sample][col]!.fact.text}` : ''
        out.push({
          fact: cell.fact,
          correct: expected,
          place: cell.fact.place,
          reason: `Unexpected \`${cell.fact.text}\` in column ${name(t, col)}, expected \`${fix}\`: every other row of the table has ${rule}`,
          expected: fix,
          note: `${rule} holds within the rounding of the written digits on ${lines(rel.holds.map((h) => t.lines[h]))}${example}; on line ${t.lines[r]} it gives ${written(t, r, col, expected)}, not ${cell.fact.text}`,
        })
      }
    }
    return out
  })
}

export const docs = {
  summary: 'A table column that follows from other columns in every row but one is wrong in that row.',
  description: [
    'Reads every table as numbers (cells that hold one number and nothing else, with the unit of the cell or of its',
    'header) and looks for simple relations between its columns: a column that is another times a constant (a unit',
    'conversion such as GB ↔ GiB, ms ↔ s or tokens/ms ↔ tokens/s, a power of ten, a small multiplier, or a constant',
    'that four rows fix), the reciprocal of another, the product or quotient of two others, or their sum.',
    'When a relation holds within the rounding of the written digits in at least three rows (with at least two',
    'different values) and fails in exactly one, that cell is reported with the relation, the rows that support it,',
    'and the value the relation gives as the fix, written with the cell’s own decimals.',
    'Columns of whole GPUs, nodes or replicas are exact counts, and `GPUs` = k × `Nodes` (or `Replicas`) is a definition',
    'even in a table of different things. A total row is then checked against the corrected cell (deployment-total).',
    '',
    'It stays silent when unsure: the agreement of the supporting rows must be unlikely by chance (small round',
    'counts such as degrees and batch sizes are never related among themselves), the odd row must not be another',
    'configuration (a column the other rows share and it does not), the cell must be off by more than its rounding and',
    'by at least 1% (5% when the constant is fitted to the rows), and when a relation alone cannot tell which of its',
    'cells is wrong, the rightmost is blamed only if no other relation of the row says otherwise. Row indexes, constant',
    'and copied columns are ignored; in a table whose rows name different units (`req/s`, `sec`), only relations',
    'without a constant (a difference, a percentage) are looked for; in a table whose rows are different things (a',
    'column of names, each once: GPUs, models), only a power of ten or a unit conversion, not a small multiplier or a',
    'fitted constant (FP8 = 2 × BF16 TFLOPS is a convention most GPUs share, not a definition).',
  ].join('\n'),
}

// A total row is checked against the corrected cell: one blame, on the cell.
registerCorrector(check)

export default defineRule('table-relation', docs, check)
export { check }
