/**
 * Tables of layouts, one per row (`| A: TP8 × PP2 | 8 | 2 | 1 | 8 | 16 | 2 | 20 |`): a row's per-GPU counts follow
 * from the row's own degrees and the model's shape (experts per GPU per layer = E ÷ the row's EP, layers per stage =
 * L ÷ its PP, heads per GPU = heads ÷ its TP). A table that names models (a comparison of models) is left alone; a row
 * that states one degree twice with different values is too.
 */
import type { Analysis } from '../analysis.js'
import type { Fact } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'
import type { Reading } from '../derive.js'
import type { Finding } from '../report.js'
import { TOL, matches, replacement } from '../compare.js'
import { dec } from '../num.js'

export interface RowClaim {
  fact: Fact
  readings: Reading[]
}

/** Grid facts by table and row, for tables that do not name models. */
function layoutRows(a: Analysis): Map<string, Fact[]> {
  const cached = a.memo.get('layout-rows') as Map<string, Fact[]> | undefined
  if (cached) return cached
  const modelTables = new Set<number>()
  for (const t of a.x.attributes) if (t.attr === 'modelName' && t.seg.table) modelTables.add(t.seg.table.id)
  const rows = new Map<string, Fact[]>()
  for (const f of a.resolved.rowFacts) {
    const t = f.seg.table
    if (!t || modelTables.has(t.id) || f.quoted || f.example) continue
    const key = `${t.id}:${t.row}`
    const list = rows.get(key) ?? []
    list.push(f)
    rows.set(key, list)
  }
  a.memo.set('layout-rows', rows)
  return rows
}

/** The one value a row states for a quantity (undefined when none or two). */
function one(row: Fact[], q: QuantityId): number | undefined {
  const vs = new Set(row.filter((f) => f.quantity === q).map((f) => f.value.toString()))
  return vs.size === 1 ? Number([...vs][0]) : undefined
}

const split = (n: number, d: number): number[] => [...new Set([Math.floor(n / d), Math.ceil(n / d)])]

/** Claims of these quantities in layout rows, with the readings the row's degrees give. */
export function rowLayoutClaims(a: Analysis, qs: readonly QuantityId[]): RowClaim[] {
  const out: RowClaim[] = []
  const shape = a.resolved.model.shape
  const v = (q: QuantityId): number | undefined => a.resolved.inputs.get(q)?.value
  for (const row of layoutRows(a).values()) {
    for (const f of row) {
      if (!f.quantity || !qs.includes(f.quantity) || f.approx) continue
      const readings: Reading[] = []
      const q = f.quantity
      if (q === 'expertsPerGpuLayer' || (q === 'expertsPerGpu' && f.scopes.has('layer'))) {
        const E = one(row, 'experts') ?? v('experts') ?? shape.experts
        const ep = one(row, 'ep')
        if (E && ep) for (const x of split(E, ep)) readings.push({ value: x, derivation: `${E} experts per layer ÷ the row's EP ${ep} = ${x} per GPU per layer` })
      } else if (q === 'layersPerStage') {
        const L = one(row, 'layers') ?? v('layers') ?? shape.layers
        const pp = one(row, 'pp')
        if (L && pp) for (const x of split(L, pp)) readings.push({ value: x, derivation: `${L} layers ÷ the row's PP ${pp} = ${x} layers per stage` })
      } else if (q === 'headsPerGpu' || q === 'kvHeadsPerGpu') {
        const H = q === 'headsPerGpu' ? (v('heads') ?? shape.heads) : (v('kvHeads') ?? shape.kvHeads)
        const tp = one(row, 'tp')
        if (H && tp) {
          const x = q === 'kvHeadsPerGpu' ? Math.max(1, H / tp) : H / tp
          readings.push({ value: x, derivation: `${H} ${q === 'headsPerGpu' ? 'heads' : 'KV heads'} ÷ the row's TP ${tp} = ${x} per GPU` })
        }
      }
      if (readings.length > 0) out.push({ fact: f, readings })
    }
  }
  return out
}

/** Findings for layout-row claims that fit none of their row's readings (the first reading is the fix). */
export function checkRows(a: Analysis, qs: readonly QuantityId[], what: string): Finding[] {
  const out: Finding[] = []
  for (const { fact: f, readings } of rowLayoutClaims(a, qs)) {
    if (readings.some((r) => matches(f, dec(r.value), TOL.exact))) continue
    const expected = replacement(f, dec(readings[0].value), a.x.source)
    out.push({
      place: f.place,
      reason: `Unexpected ${what} \`${f.text}\`, expected \`${expected}\`: ${readings[0].derivation}`,
      expected,
      note: `${readings.map((r) => r.derivation).join('; ')}, not ${f.text}`,
      fact: f,
      correct: dec(readings[0].value),
    })
  }
  return out
}
