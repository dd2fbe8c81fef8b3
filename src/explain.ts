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

function showBase(q: QuantityId, v: number): string {
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

export function explain(a: Analysis, messages: readonly VFileMessage[] = [], name = 'document'): string {
  const src = a.x.source
  const out: string[] = [`# Deployment model of ${name}`, '']
  // Inputs.
  out.push('## Inputs', '', '| quantity | value | read from |', '|---|---|---|')
  const inputs = [...a.resolved.inputs.values()]
  for (const i of inputs) {
    const where =
      i.source ??
      i.facts
        .slice(0, 3)
        .map((f) => `line ${lineOf(src, f.place.start)} (\`${cell(f.text)}\`)`)
        .join(', ')
    out.push(`| ${QUANTITY[i.quantity].name} | ${showBase(i.quantity, i.value)} | ${cell(where)} |`)
  }
  const shape = a.resolved.model.shape
  if (shape.weightPrecision) out.push(`| weight precision | ${shape.weightPrecision} | ${a.resolved.configShape ? 'document or config' : 'document'} |`)
  if (shape.kvPrecision) out.push(`| KV precision | ${shape.kvPrecision} | document |`)
  if (a.resolved.model.hardware.gpuType) out.push(`| GPU | ${a.resolved.model.hardware.gpuType} | document |`)
  if (inputs.length === 0) out.push('| (none) | | |')
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
  const wrong = new Map<number, VFileMessage[]>()
  for (const m of messages) {
    if (m.fatal === undefined || !m.place) continue
    const start = 'start' in m.place ? m.place.start : m.place
    const list = wrong.get(start.line) ?? []
    list.push(m)
    wrong.set(start.line, list)
  }
  const rows: Array<{ line: number; text: string }> = []
  const seen = new Set<Fact>()
  for (const [q, readings] of a.derived.readings) {
    for (const f of claims(a, q)) {
      if (seen.has(f)) continue
      seen.add(f)
      const tol = TOLERANCE[QUANTITY[q].kind] ?? TOL.exact
      const ok = readings.some((r) => matches(f, dec(r.value), tol))
      const line = lineOf(src, f.place.start)
      rows.push({ line, text: `| ${line} | \`${cell(f.text)}\` | ${QUANTITY[q].name} | ${readings.map((r) => showBase(q, r.value)).join(' or ')} | ${ok ? '✓' : '✗'} |` })
    }
  }
  for (const m of messages) {
    if (m.fatal === undefined || !m.place) continue
    const start = 'start' in m.place ? m.place.start : m.place
    if (rows.some((r) => r.line === start.line && r.text.includes('✗'))) continue
    rows.push({ line: start.line, text: `| ${start.line} | \`${cell(m.actual ?? '')}\` | ${m.ruleId ?? ''} | ${m.expected?.[0] ? cell(m.expected[0]) : '—'} | ✗ |` })
  }
  rows.sort((x, y) => x.line - y.line)
  for (const r of rows) out.push(r.text)
  if (rows.length === 0) out.push('| | (no checkable claim) | | | |')
  out.push('')
  return out.join('\n')
}
