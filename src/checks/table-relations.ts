/**
 * Relations between the numeric columns of one table (DESIGN: a derived
 * column): a column that is another times a constant, the reciprocal of
 * another, or the product or sum of two others, in every row where all its
 * cells are numbers but one. The search reads the table's numeric view
 * (`parsers/numeric-tables.ts`) and knows no phrasing.
 *
 * It is built to stay silent when unsure: the constant must be a "nice" one
 * (a power of ten, a unit conversion, a small multiplier), at least three
 * rows of at least two different values must agree within the rounding of
 * their written digits, the agreement must be unlikely by chance, and the
 * odd row must not be another configuration (a text or constant column that
 * differs only there).
 */
import type { NumericCell, NumericTable } from '../facts.js'
import { dec, type Dec } from '../num.js'
import { matchUnit } from '../units.js'
import { countedThings, countPerUnit } from '../lexicon/columns.js'

export type RelationKind = 'scale' | 'recip' | 'times' | 'plus'

export interface Constant {
  n: number
  d: Dec
  /** Fitted to the rows rather than a nice constant, with the relative half-width of the interval the rows allow. */
  fitted?: boolean
  spread?: number
}

export interface TableRelation {
  kind: RelationKind
  /** `scale`: [x, y] for x = k·y; `recip`: x = k / y; `times`: x = k·y·z; `plus`: x = y + z. */
  cols: number[]
  k: Constant
  /** Rows (indexes in the view) where the relation holds, and the one where it does not. */
  holds: number[]
  fails?: number
}

export interface OddCell {
  table: NumericTable
  cell: NumericCell
  /** The value the relations give for the cell, in base units. */
  expected: Dec
  /** The relations that blame it (first: the one shown). */
  relations: TableRelation[]
}

function constant(d: Dec): Constant {
  return { n: d.toNumber(), d }
}

const SMALL = [2, 3, 4, 6, 8, 12, 16, 32, 64, 128]
function buildConstants(): { scale: Constant[]; product: Constant[] } {
  // Exact powers written as literals (Decimal's pow is slow, and these are built before the first table is read).
  const ten = (e: number): Dec => dec(`1e${e}`)
  const product = new Map<string, Dec>()
  const add = (m: Map<string, Dec>, d: Dec): void => void m.set(d.toString(), d)
  for (let e = -12; e <= 12; e++) add(product, ten(e))
  for (let m = 1; m <= 4; m++) {
    for (let e = -4; e <= 4; e++) {
      const b = dec(2 ** (10 * m)).times(ten(3 * e))
      add(product, b)
      add(product, dec(1).div(b))
    }
  }
  for (const t of [60, 3600, 86400]) {
    for (let e = -2; e <= 2; e++) {
      add(product, dec(t).times(ten(3 * e)))
      add(product, dec(1).div(dec(t).times(ten(3 * e))))
    }
  }
  const scale = new Map(product)
  for (const s of SMALL) {
    for (let e = -4; e <= 4; e++) {
      add(scale, dec(s).times(ten(3 * e)))
      add(scale, dec(1).div(dec(s).times(ten(3 * e))))
    }
  }
  const sort = (m: Map<string, Dec>): Constant[] => [...m.values()].map(constant).sort((a, b) => a.n - b.n)
  return { scale: sort(scale), product: sort(product) }
}
/** The nice constants, built on first use (a document without a numeric table never needs them). */
let built: { scale: Constant[]; product: Constant[]; productKeys: Set<string> } | undefined
function constants(): { scale: Constant[]; product: Constant[]; productKeys: Set<string> } {
  if (!built) {
    const { scale, product } = buildConstants()
    built = { scale, product, productKeys: new Set(product.map((k) => k.d.toString())) }
  }
  return built
}
const ZERO: Constant = constant(dec(0))

/** Agreement that has less than this chance of being a coincidence (product over the supporting rows of the relative width of the constant's interval). */
const CHANCE = 1e-7
const PLAIN_PRODUCT_CHANCE = 1e-5
const EPS = 1e-9
const MAX_COLUMNS = 24

type Interval = [number, number]

/** Each cell's interval, read once: the search asks for it in every pair and triple of columns. */
const intervals = new WeakMap<NumericCell, Interval>()
/** Cells of count columns (`GPUs`: 1, 2, 2, 4): exact, not rounded to their last digit. */
const exactCells = new WeakSet<NumericCell>()

function iv(c: NumericCell): Interval {
  let i = intervals.get(c)
  if (!i) {
    const v = c.value.toNumber()
    const h = exactCells.has(c) ? 0 : c.half.toNumber()
    intervals.set(c, (i = [v - h, v + h]))
  }
  return i
}

/** The interval of the constant a row allows, or undefined when the row cannot tell (non-positive values). */
function kInterval(kind: RelationKind, cx: NumericCell, cy: NumericCell, cz: NumericCell | undefined): Interval | undefined {
  const x = iv(cx)
  const y = iv(cy)
  const z = cz && iv(cz)
  if (kind === 'plus') return [x[0] - y[1] - z![1], x[1] - y[0] - z![0]]
  if (x[0] <= 0 || y[0] <= 0 || (z && z[0] <= 0)) return undefined
  if (kind === 'scale') return [x[0] / y[1], x[1] / y[0]]
  if (kind === 'recip') return [x[0] * y[0], x[1] * y[1]]
  return [x[0] / (y[1] * z![1]), x[1] / (y[0] * z![0])]
}

function contains(i: Interval, k: number): boolean {
  const slack = Math.max(Math.abs(i[0]), Math.abs(i[1])) * EPS
  return k >= i[0] - slack && k <= i[1] + slack
}

interface Column {
  col: number
  /** A unit written in its cells or header (id), `''` when bare. */
  unit: string
  /** Small round integers with no unit (degrees, batch sizes, counts of GPUs): relations between such columns are often chance. */
  configLike: boolean
  /** The quantity every cell of the column was read as (`gpus`, `nodes`), if one. */
  quantity?: string
}

function isRoundCount(v: Dec): boolean {
  if (!v.isInteger() || v.lte(0)) return false
  if (v.lte(12)) return true
  const n = v.toNumber()
  for (const b of [1, 3, 5]) {
    const q = n / b
    if (Number.isInteger(q) && (q & (q - 1)) === 0 && q < 2 ** 31) return true
  }
  // One significant digit: 100, 2000, 30000.
  return /^[1-9]0*$/.test(v.toFixed(0))
}

/** Columns that hold numbers in at least four rows, are not constant and are not a row index (1, 2, 3, …). */
function numericColumns(t: NumericTable): Column[] {
  const out: Column[] = []
  for (let c = 0; c < t.cols; c++) {
    const cells = t.cells.map((r) => r[c]).filter((x): x is NumericCell => x !== undefined)
    if (cells.length < 4) continue
    const values = new Set(cells.map((x) => x.value.toString()))
    if (values.size < 2) continue
    const index = cells.every((x, i) => i === 0 || x.value.minus(cells[i - 1].value).eq(1))
    if (index) continue
    const units = new Set(cells.map((x) => x.fact.unit?.id ?? ''))
    if (units.size > 1) continue
    const unit = [...units][0]
    const configLike = unit === '' && cells.every((x) => !x.fact.tok.lit.style.suffix && isRoundCount(x.value))
    const quantities = new Set(cells.map((x) => x.fact.quantity))
    const quantity = quantities.size === 1 ? [...quantities][0] : undefined
    // A column of whole GPUs or nodes counts them: its cells are exact, as are small round counts.
    const counted = unit === '' && countedThings(quantity) && cells.every((x) => !x.fact.tok.lit.style.suffix && x.value.isInteger())
    if (configLike || counted) for (const x of cells) exactCells.add(x)
    out.push({ col: c, unit, configLike, quantity })
  }
  return out
}

/** Does the odd row look like another configuration: a column (not in the relation) the supporting rows share and it does not? */
function otherConfiguration(t: NumericTable, cols: number[], holds: number[], odd: number): boolean {
  for (let c = 0; c < t.cols; c++) {
    if (cols.includes(c)) continue
    const key = (r: number): string => t.cells[r][c]?.value.toString() ?? t.texts[r][c]
    const shared = key(holds[0])
    if (holds.every((r) => key(r) === shared) && key(odd) !== shared) return true
  }
  return false
}

function distinct(t: NumericTable, rows: number[], col: number): number {
  return new Set(rows.map((r) => t.cells[r][col]!.value.toString())).size
}

/** The shortest decimal inside an interval (148 in [147.94, 148.11]). */
function simplest(lo: number, hi: number): Dec | undefined {
  if (!(lo > 0) || !(hi >= lo)) return undefined
  const mid = (lo + hi) / 2
  for (let sig = 1; sig <= 8; sig++) {
    const d = dec(mid).toSignificantDigits(sig)
    const n = d.toNumber()
    if (n >= lo && n <= hi) return d
  }
  return undefined
}

/** The constant all rows but at most one allow, when there is one (leave each row out in turn). */
function fitted(ivs: Interval[]): Constant | undefined {
  const n = ivs.length
  if (n < 4) return undefined
  const pre: Interval[] = [[-Infinity, Infinity]]
  for (const i of ivs) pre.push([Math.max(pre[pre.length - 1][0], i[0]), Math.min(pre[pre.length - 1][1], i[1])])
  const suf: Interval[] = new Array<Interval>(n + 1)
  suf[n] = [-Infinity, Infinity]
  for (let j = n - 1; j >= 0; j--) suf[j] = [Math.max(suf[j + 1][0], ivs[j][0]), Math.min(suf[j + 1][1], ivs[j][1])]
  const all = pre[n]
  let found: Interval | undefined = all[0] <= all[1] ? all : undefined
  for (let j = 0; j < n && !found; j++) {
    const i: Interval = [Math.max(pre[j][0], suf[j + 1][0]), Math.min(pre[j][1], suf[j + 1][1])]
    if (i[0] <= i[1]) found = i
  }
  if (!found) return undefined
  const d = simplest(found[0], found[1])
  return d ? { n: d.toNumber(), d, fitted: true, spread: (found[1] - found[0]) / 2 / d.toNumber() } : undefined
}

/** Test one relation shape over the rows: the relations (one per nice constant) that hold in all rows but at most one. */
/** `unitPair`: the two columns hold one quantity in two units (`KV/token (B)`, `KV/token (KiB)`): equal in base units by definition. */
function fit(t: NumericTable, kind: RelationKind, cols: number[], consts: Constant[], unitPair = false): TableRelation[] {
  const rows: number[] = []
  const ivs: Interval[] = []
  for (let r = 0; r < t.cells.length; r++) {
    // The row's cells of the relation's two or three columns, without an array per row (the search tries every pair).
    const row = t.cells[r]
    const cx = row[cols[0]]
    const cy = row[cols[1]]
    const cz = cols.length > 2 ? row[cols[2]] : undefined
    if (cx === undefined || cy === undefined || (cols.length > 2 && cz === undefined)) continue
    const i = kInterval(kind, cx, cy, cz)
    if (!i) return []
    rows.push(r)
    ivs.push(i)
  }
  if (rows.length < 4) return []
  const candidates: Constant[] = []
  if (kind === 'plus') candidates.push(ZERO)
  else {
    for (const i of [ivs[0], ivs[1]]) {
      for (const k of consts) if (contains(i, k.n) && !candidates.includes(k)) candidates.push(k)
    }
  }
  // A constant that is not nice (`/148` SMs, a price): fitted, from at least four supporting rows.
  // Rows of different units: only a constant without a unit (1, a percentage) relates them, and none is fitted.
  if (t.mixedRowUnits) {
    const free = candidates.filter((k) => k.n === 0 || k.n === 1 || k.n === 100 || k.n === 0.01)
    candidates.length = 0
    candidates.push(...free)
  } else if (kind === 'scale' || kind === 'recip') {
    const k = fitted(ivs)
    if (k && !candidates.some((c) => c.n === k.n)) candidates.push(k)
  }
  const out: TableRelation[] = []
  for (const k of candidates) {
    const holds: number[] = []
    const fails: number[] = []
    for (let j = 0; j < rows.length && fails.length < 2; j++) (contains(ivs[j], k.n) ? holds : fails).push(rows[j])
    if (fails.length > 1 || holds.length < 3) continue
    if (cols.some((c) => distinct(t, holds, c) < 2)) continue
    // Chance: each distinct supporting row narrows the constant to its interval.
    let chance = 1
    let widest = 0
    const seen = new Set<string>()
    for (const r of holds) {
      const key = cols.map((c) => t.cells[r][c]!.value.toString()).join('|')
      if (seen.has(key)) continue
      seen.add(key)
      const i = ivs[rows.indexOf(r)]
      const scale = kind === 'plus' ? Math.abs(t.cells[r][cols[0]]!.value.toNumber()) : k.n
      const p = Math.min(1, (i[1] - i[0]) / (scale || 1))
      chance *= p
      widest = Math.max(widest, p)
    }
    // A fitted constant spends one row on finding it: the widest one.
    if (k.fitted) chance /= widest
    // (A product of two columns with no constant, `Aggregate tok/s = Batch × Per-sequence tok/s`, is the plainest derived
    // column: it needs less luck to be believed than a relation with one of the many nice constants.)
    const bar = kind === 'times' && k.n === 1 && !k.fitted ? PLAIN_PRODUCT_CHANCE : CHANCE
    if (!(unitPair && k.n === 1) && (chance > bar || (k.fitted && holds.length < 4))) continue
    out.push({ kind, cols, k, holds, fails: fails[0] })
  }
  return out
}

/** A constant that defines a relation whatever the rows are: a power of ten, a unit conversion (bytes, time), not fitted. */
function definitional(t: NumericTable, rel: TableRelation): boolean {
  if (rel.kind === 'plus' || (!rel.k.fitted && constants().productKeys.has(rel.k.d.toString()))) return true
  // `GPUs` = 8 × `Nodes`: a count per unit whatever the rows are.
  const q = (c: number): string | undefined => t.cells[rel.holds[0]][c]?.fact.quantity
  return rel.kind === 'scale' && !rel.k.fitted && countPerUnit(q(rel.cols[0]), q(rel.cols[1]))
}

/**
 * Rows that are different things (a column of names, each once: GPUs, models): a small multiplier or a fitted constant
 * between two of their columns is a convention most of them share (FP8 = 2 × BF16 TFLOPS, hidden = 128 × heads), not a
 * definition the odd one breaks.
 */
function entityRows(t: NumericTable): boolean {
  for (let c = 0; c < t.cols; c++) {
    const texts = t.texts.filter((_, r) => !t.cells[r][c]).map((row) => row[c].toLowerCase())
    if (texts.length !== t.cells.length || texts.length < 4) continue
    if (texts.every((x) => x !== '') && new Set(texts).size === texts.length) return true
  }
  return false
}

/** Every relation of the table that holds in all rows but at most one. */
export function tableRelations(t: NumericTable): TableRelation[] {
  const all = searchRelations(t)
  return entityRows(t) ? all.filter((rel) => definitional(t, rel)) : all
}

function searchRelations(t: NumericTable): TableRelation[] {
  const cols = numericColumns(t)
  const out: TableRelation[] = []
  const allConfig = (list: Column[]): boolean => list.every((c) => c.configLike)
  for (let i = 0; i < cols.length; i++) {
    for (let j = i + 1; j < cols.length; j++) {
      const [x, y] = [cols[i], cols[j]]
      if (allConfig([x, y])) {
        // Two count columns whose ratio is a count per unit (`GPUs` = 8 × `Nodes`): a definition, not chance; only as a factor.
        if (countPerUnit(x.quantity, y.quantity)) out.push(...fit(t, 'scale', [y.col, x.col], constants().scale))
        continue
      }
      // x = k·y; the same unit on both sides with k = 1 is a copied column, not a relation.
      const unitPair = x.unit !== '' && y.unit !== '' && x.unit !== y.unit && unitDim(x.unit) !== undefined && unitDim(x.unit) === unitDim(y.unit)
      for (const rel of fit(t, 'scale', [y.col, x.col], constants().scale, unitPair)) {
        if (rel.k.n === 1 && x.unit === y.unit) continue
        out.push(rel)
      }
      out.push(...fit(t, 'recip', [y.col, x.col], constants().product))
      // Products and sums of two columns only in tables of a readable width (the search is cubic in the columns).
      for (let l = j + 1; l < cols.length && cols.length <= MAX_COLUMNS; l++) {
        const z = cols[l]
        if (allConfig([x, y, z])) continue
        for (const [a, b, c] of [
          [x, y, z],
          [y, x, z],
          [z, x, y],
        ]) {
          out.push(...fit(t, 'times', [a.col, b.col, c.col], constants().product))
          if (a.unit === b.unit && b.unit === c.unit) out.push(...fit(t, 'plus', [a.col, b.col, c.col], []))
        }
      }
    }
  }
  return out
}

/** The value of column `col` that the relation gives in row `r` from the row's other cells (base units). */
export function solve(t: NumericTable, rel: TableRelation, r: number, col: number): Dec | undefined {
  const v = (c: number): Dec => t.cells[r][c]!.value
  const [x, y, z] = rel.cols
  const k = rel.k.d
  switch (rel.kind) {
    case 'scale':
      return col === x ? k.times(v(y)) : v(x).div(k)
    case 'recip':
      return col === x ? k.div(v(y)) : k.div(v(x))
    case 'times':
      if (col === x) return k.times(v(y)).times(v(z))
      return v(x).div(k.times(v(col === y ? z : y)))
    case 'plus':
      if (col === x) return v(y).plus(v(z))
      return v(x).minus(v(col === y ? z : y))
  }
}

/** How sure a relation is: a unit conversion, a nice factor, a reciprocal, a product, a sum; fitted constants last. */
export function rank(rel: TableRelation): number {
  const order = { scale: 1, recip: 2, times: 3, plus: 4 }[rel.kind]
  const conversion = rel.kind === 'scale' && rel.k.d.eq(1) ? -1 : 0
  return order + conversion + (rel.k.fitted ? 10 : 0)
}

/**
 * The cells that break a relation every other row keeps: one per row, blamed
 * when every broken relation of that row shares it and no relation that holds
 * there uses it (one broken relation alone blames its rightmost column), and
 * only when every broken relation gives it the same value.
 */
export function oddCells(t: NumericTable): OddCell[] {
  const rels = tableRelations(t)
  const out: OddCell[] = []
  const oddRows = new Set(rels.filter((r) => r.fails !== undefined).map((r) => r.fails!))
  for (const r of oddRows) {
    const broken = rels.filter((x) => x.fails === r && !otherConfiguration(t, x.cols, x.holds, r))
    if (broken.length === 0) continue
    if (rels.some((x) => x.fails === r && otherConfiguration(t, x.cols, x.holds, r))) continue
    const confirmed = new Set(rels.filter((x) => x.fails === undefined && x.holds.includes(r)).flatMap((x) => x.cols))
    let suspects = broken[0].cols.filter((c) => broken.every((x) => x.cols.includes(c)) && !confirmed.has(c))
    if (suspects.length > 1) {
      if (broken.length > 1) continue
      suspects = [Math.max(...suspects)]
    }
    if (suspects.length !== 1) continue
    const col = suspects[0]
    const cell = t.cells[r][col]!
    // The value from the most precise relation first (the relative rounding of its other cells and of a fitted constant), then the surest.
    const spread = (x: TableRelation): number =>
      x.cols.filter((c) => c !== col).reduce((sum, c) => sum + t.cells[r][c]!.half.toNumber() / Math.max(1e-300, Math.abs(t.cells[r][c]!.value.toNumber())), x.k.spread ?? 0)
    broken.sort((p, q) => spread(p) - spread(q) || rank(p) - rank(q))
    const values = broken.map((x) => solve(t, x, r, col))
    if (values.some((v) => v === undefined || !v.isFinite())) continue
    const first = values[0]!
    // Every broken relation must give the same value, within a unit of the cell's last digit (a fitted constant is rounded).
    if (values.some((v) => v!.minus(first).abs().gt(cell.half.times(2)))) continue
    // The cell must be off by more than its rounding and by at least 1% (5% from a fitted constant: measured tables
    // whose derived column was computed per row from unrounded figures drift by up to a percent).
    const off = cell.value.minus(first).abs()
    const least = broken[0].k.fitted ? 0.05 : 0.01
    if (off.lte(cell.half.times(2)) || off.lt(first.abs().times(least))) continue
    out.push({ table: t, cell, expected: first, relations: broken })
  }
  return out
}

/** The dimension of a unit id (`KiB` → bytes). */
function unitDim(id: string): string | undefined {
  return matchUnit(id, 0, true)?.unit.dim
}
