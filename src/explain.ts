/**
 * The explain view: the resolved model (each input with where it was read),
 * every derived quantity with its derivation, and each stated claim marked
 * ✓ or ✗ beside its recomputed value, as markdown.
 */
import { lineOf } from './lines.js'
import type { VFileMessage } from 'vfile-message'
import type { Analysis } from './analysis.js'
import type { Fact } from './facts.js'
import { QUANTITY, type QuantityId } from './lexicon/quantities.js'
import { dec, show } from './num.js'
import { matches, TOL } from './compare.js'
import { claims } from './claims.js'


function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim()
}

export function showBase(q: QuantityId, v: number): string {
  const kind = QUANTITY[q].kind
  if (kind === 'bytes') return `${show(dec(v).div(1e9))} GB (${show(dec(v).div(2 ** 30))} GiB)`
  if (kind === 'params') return `${show(dec(v).div(1e9))}B`
  if (kind === 'rate') return `${show(dec(v))} tokens/s`
  if (kind === 'time') return `${show(dec(v))} s`
  return show(dec(v))
}

const TOLERANCE: Partial<Record<string, { rel: number }>> = {
  bytes: TOL.memory,
  params: TOL.params,
}

/** One input of the model: its value and where it was read. */
export interface InputRow {
  name: string
  value: string
  /** `line 7 (\`16\`)`, or the source (config file, GPU table, default). */
  where: string
  /** Facts the value was read from (none for a config, option or default; at most 3). */
  facts: Fact[]
  quantity?: QuantityId
}

/** The model's inputs, as the explain view lists them. */
export function inputRows(a: Analysis): InputRow[] {
  const src = a.x.source
  const rows: InputRow[] = []
  for (const i of a.resolved.inputs.values()) {
    const facts = i.facts.slice(0, 3)
    const where = i.source ?? facts.map((f) => `line ${lineOf(src, f.place.start)} (\`${cell(f.text)}\`)`).join(', ')
    rows.push({ name: QUANTITY[i.quantity].name, value: showBase(i.quantity, i.value), where, facts: i.source ? [] : facts, quantity: i.quantity })
  }
  const shape = a.resolved.model.shape
  if (shape.weightPrecision) rows.push({ name: 'weight precision', value: shape.weightPrecision, where: a.resolved.configShape ? 'document or config' : 'document', facts: [] })
  if (shape.kvPrecision) rows.push({ name: 'KV precision', value: shape.kvPrecision, where: 'document', facts: [] })
  if (a.resolved.model.hardware.gpuType) rows.push({ name: 'GPU', value: a.resolved.model.hardware.gpuType, where: 'document', facts: [] })
  return rows
}

/** One stated claim: checked against the derived readings (✓/✗), or reported by a rule. */
export interface ClaimRow {
  line: number
  /** The claim as written. */
  text: string
  /** The quantity's name, or the id of the rule that reported it. */
  quantity: string
  /** Recomputed value(s), `—` when the rule gives none. */
  recomputed: string
  ok: boolean
  /** How the recomputed value follows (the derivation, or the rule's message). */
  derivation: string
  /** The quantity, for claims checked against derived readings. */
  quantityId?: QuantityId
  fact?: Fact
}

function startOf(m: VFileMessage): { line: number } | undefined {
  if (m.fatal === undefined || !m.place) return undefined
  return 'start' in m.place ? m.place.start : m.place
}

/** Every checked claim in line order: those derived quantities check, then the findings of other rules. */
export function claimRows(a: Analysis, messages: readonly VFileMessage[] = []): ClaimRow[] {
  const src = a.x.source
  const rows: ClaimRow[] = []
  const seen = new Set<Fact>()
  for (const [q, readings] of a.derived.readings) {
    for (const f of claims(a, q)) {
      if (seen.has(f)) continue
      seen.add(f)
      const tol = TOLERANCE[QUANTITY[q].kind] ?? TOL.exact
      const ok = readings.some((r) => matches(f, dec(r.value), tol))
      const derivation = [...new Set(readings.map((r) => r.derivation))].join('; or ')
      rows.push({ line: lineOf(src, f.place.start), text: f.text, quantity: QUANTITY[q].name, recomputed: readings.map((r) => showBase(q, r.value)).join(' or '), ok, derivation, quantityId: q, fact: f })
    }
  }
  for (const m of messages) {
    const start = startOf(m)
    if (!start) continue
    if (rows.some((r) => r.line === start.line && !r.ok)) continue
    rows.push({ line: start.line, text: m.actual ?? '', quantity: m.ruleId ?? '', recomputed: m.expected?.[0] ?? '—', ok: false, derivation: m.reason })
  }
  return rows.sort((x, y) => x.line - y.line)
}

export function explain(a: Analysis, messages: readonly VFileMessage[] = [], name = 'document'): string {
  const src = a.x.source
  const out: string[] = [`# Deployment model of ${name}`, '']
  // Inputs.
  out.push('## Inputs', '', '| quantity | value | read from |', '|---|---|---|')
  const inputs = inputRows(a)
  for (const i of inputs) out.push(`| ${i.name} | ${i.value} | ${cell(i.where)} |`)
  if (a.resolved.inputs.size === 0) out.push('| (none) | | |')
  for (const c of a.resolved.conflicts) {
    const vals = [...c.values.entries()].map(([v, fs]) => `${showBase(c.quantity, Number(v))} (line ${fs.map((f) => lineOf(src, f.place.start)).join(', ')})`)
    out.push('', `Conflict: ${QUANTITY[c.quantity].name} is stated as ${vals.join(' and ')}${c.winner !== undefined ? `; the plan's value is ${showBase(c.quantity, Number(c.winner))}` : '; not used'}.`)
  }
  // Derived.
  out.push('', '## Derived', '', '| quantity | value | derivation |', '|---|---|---|')
  // One row per derived quantity and convention: the value its derivation
  // ends with (the reading derive.ts lists first), then the other values the
  // same derivation accepts (another stage, precision or rounding).
  let derived = 0
  for (const [q, readings] of a.derived.readings) {
    const rows = new Map<string, { convention?: string; derivation: string; values: number[] }>()
    for (const r of readings) {
      const label = `${QUANTITY[q].name}${r.convention ? ` (${r.convention})` : ''}`
      const row = rows.get(label) ?? { convention: r.convention, derivation: r.derivation, values: [] }
      row.values.push(r.value)
      if (r.derivation !== row.derivation && !row.derivation.includes(r.derivation)) row.derivation += `; or ${r.derivation}`
      rows.set(label, row)
    }
    for (const [label, row] of rows) {
      derived++
      const [value, ...others] = [...new Set(row.values.map((v) => showBase(q, v)))]
      const also = others.length ? ` (also accepted: ${others.join(', ')})` : ''
      out.push(`| ${label} | ${value}${also} | ${cell(row.derivation)} |`)
    }
  }
  if (derived === 0) out.push('| (nothing: the document states too little) | | |')
  // Claims.
  out.push('', '## Claims', '', '| line | claim | quantity | recomputed | |', '|---|---|---|---|---|')
  const rows = claimRows(a, messages)
  for (const r of rows) out.push(`| ${r.line} | \`${cell(r.text)}\` | ${r.quantity} | ${r.fact || r.recomputed === '—' ? r.recomputed : cell(r.recomputed)} | ${r.ok ? '✓' : '✗'} |`)
  if (rows.length === 0) out.push('| | (no checkable claim) | | | |')
  out.push('')
  return out.join('\n')
}
