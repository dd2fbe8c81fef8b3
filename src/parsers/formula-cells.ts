/**
 * Calculations written in table cells: a cell that is a calculation and the single number beside it are one written
 * expression (`| Formula | Result |`, `| Value | How it follows |`).
 */
import type { Ctx } from '../context.js'
import type { Fact, Side } from '../facts.js'
import { EXPLAIN_COLUMN } from '../lexicon/columns.js'
import type { Segment } from '../text/segments.js'
import { parseSide } from './expressions.js'

/**
 * `| Formula | KV bytes / token |` over `| 2 × 56 × 8 × 128 × 2 | 458,752 |`, `| GPUs in total | 32 | 4 × 8 |` under
 * `How it follows`: a cell that is a calculation and the single number beside it are one written expression, the
 * number its result. The calculation's column says it explains (formula, derivation, how), or its cell holds no words
 * and stands left of the number.
 */
export function formulaCells(tables: Segment[][][], ctx: Ctx): void {
  for (const grid of tables) {
    const header = grid?.[0]
    if (!header) continue
    for (let r = 1; r < grid.length; r++) {
      const row = grid[r]
      for (let c = 1; c < row.length; c++) {
        const headerText = header[c]?.text ?? ''
        // `Formula`, `Calculation` come before their result; `How`, `Derivation`, `Notes` explain the value before them.
        const explains = EXPLAIN_COLUMN.test(headerText) && !FORMULA_FIRST.test(headerText)
        const side = formulaSide(row[c], ctx)
        if (!side) continue
        // `| Total / active |` over `| 6.9B / 1.3B |`, `| TTFT mean / p99 |`: a header naming two things with a slash
        // makes the cell's slash a separator of their two values, no division.
        // (`| KV heads × dim |` over `| 4 × 128 |`: the same for a header naming the factors of the cell.)
        const headerOp = PAIR_HEADER.exec(headerText)?.[1]
        if (headerOp && (ctx.tokensOf.get(row[c]) ?? []).every((t) => t.kind !== 'op' || t.text === headerOp || (headerOp !== '/' && t.kind === 'op' && t.op === '×' && /^[×x*]$/.test(headerOp)))) continue
        const wordless = !(ctx.tokensOf.get(row[c]) ?? []).some((t) => t.kind === 'word')
        // The result: right of a calculation (`Formula | Result`), or left of an explaining column (`Value | How`).
        // (`| Bytes/param | GB |` over `| 2 + 2 | 2.83 |`: a rate's column and a size's are two factors' columns, not a
        // calculation and its result.)
        const perness = (h: string): boolean => PER_HEADER.test(h)
        const next = wordless && !FORMULA_FIRST.test(headerText) && perness(headerText) !== perness(header[c + 1]?.text ?? '') ? -1 : c + 1
        const at = explains ? (c - 1 >= 1 ? c - 1 : -1) : wordless || FORMULA_FIRST.test(headerText) ? next : -1
        const results = at >= 0 && row[at] ? (ctx.factsOf.get(row[at]) ?? []) : []
        if (results.length !== 1 || results[0].expr || results[0].quoted || results[0].unit?.dim === 'percent') continue
        const result = results[0]
        const id = ctx.expressions.length
        for (const f of side.facts) f.expr = { id, role: 'operand' }
        result.expr = { id, role: 'result' }
        const base = row[c].start
        const { facts: _f, ...formula } = side
        const resultSide: Side = { node: { kind: 'num', fact: result }, start: result.place.start, end: result.place.end, hasOp: false, single: result, approx: result.approx }
        ctx.expressions.push({ id, clause: result.clause, sides: [{ ...formula, start: formula.start + base, end: formula.end + base }, resultSide], provenance: false })
      }
    }
  }
}

/** A header that names two things with a spaced slash or times between words (`Total / active`, `KV heads × dim`). */
const PAIR_HEADER = /[A-Za-z0-9)]\s+([/×x*])\s+[A-Za-z]/

/** A header of a quantity per something (`Bytes/param`, `GB per GPU`). */
const PER_HEADER = /\/|\bper\b/i

const FORMULA_FIRST = /^\W*(formula|formulas|calculation|computation|math)\b/i

/** A cell that is wholly one calculation of two numbers or more, none of them in another expression (a `label:` may lead). */
function formulaSide(cell: Segment | undefined, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  const tokens = cell ? ctx.tokensOf.get(cell) : undefined
  const facts = cell ? (ctx.factsOf.get(cell) ?? []) : []
  if (!tokens || tokens.length === 0 || facts.length < 2 || facts.some((f) => f.expr || f.quoted)) return undefined
  let a = 0
  const colon = tokens.findIndex((t) => t.kind === 'punct' && t.text === ':')
  if (colon > 0 && tokens.slice(0, colon).every((t) => t.kind === 'word')) a = colon + 1
  const side = a < tokens.length ? parseSide(tokens, a, tokens.length, ctx) : undefined
  return side && side.hasOp && side.facts.length === facts.length ? side : undefined
}
