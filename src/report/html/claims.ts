/**
 * Claims: every checked claim with ✓ or ✗, its recomputed value and
 * derivation, linking to its line; then the stated figures that were not
 * checked, each with why.
 */
import { h } from 'hastscript'
import type { Element } from 'hast'
import type { VFileMessage } from 'vfile-message'
import type { Analysis } from '../../analysis.js'
import { claimRows } from '../../explain.js'
import type { Fact } from '../../facts.js'
import type { QuantityId } from '../../lexicon/quantities.js'
import { QUANTITY } from '../../lexicon/quantities.js'
import { lineOf } from '../../lines.js'
import { INPUTS } from '../../resolve.js'
import { lineAnchor } from './source.js'
import { notStated } from './inputs.js'

/** Quantities derive.ts recomputes when their inputs are stated. */
const DERIVABLE = new Set<QuantityId>(['gpus', 'gpusPerReplica', 'gpusPerStage', 'replicas', 'gpusPerNode', 'headsPerGpu', 'kvHeadsPerGpu', 'expertsPerGpuLayer', 'expertsPerGpu', 'layersPerStage', 'epGroups', 'epGroupSize', 'paramsTotal', 'paramsActive', 'memExperts', 'memAttention', 'memWeights', 'memEmbedding', 'memKv'])

function whyNot(a: Analysis, f: Fact, q: QuantityId, missing: string[]): string {
  if (f.quoted) return 'quoted as someone else’s value'
  if (f.negated) return 'negated'
  if (f.bound) return `a bound (${f.bound === 'le' ? 'at most' : 'at least'}), not a value`
  if (f.example) return 'in an example'
  if (f.inCode) return 'in code (a setting, not a claim)'
  if (a.resolved.rowFacts.has(f)) return 'a row of a table of configurations'
  if (DERIVABLE.has(q)) return `cannot be recomputed from what the document states${missing.length ? ` (${missing.map((m) => m.split(':')[0]).join('; ')})` : ''}`
  return `${QUANTITY[q].name} is not recomputed from the model (the rules on written arithmetic, percentages and requirements may still check it)`
}

/** The claims section of one document. */
export function claimsSection(a: Analysis, messages: readonly VFileMessage[], id: string): Element {
  const src = a.x.source
  const rows = claimRows(a, messages)
  const checked = new Set(rows.map((r) => r.fact).filter((f): f is Fact => f !== undefined))
  const wrongLines = new Set(rows.filter((r) => !r.fact).map((r) => r.line))
  const missing = notStated(a)
  const unchecked: Array<{ line: number; f: Fact; q: QuantityId; why: string }> = []
  for (const [q, facts] of a.x.byQuantity) {
    if ((INPUTS as QuantityId[]).includes(q) || q === 'gpuMemory') continue
    for (const f of facts) {
      if (f.quantity !== q || checked.has(f)) continue
      const line = lineOf(src, f.place.start)
      if (wrongLines.has(line)) continue
      if (a.derived.readings.has(q) && !f.quoted && !f.negated && !f.bound && !f.example && !f.inCode && !a.resolved.rowFacts.has(f)) continue
      unchecked.push({ line, f, q, why: whyNot(a, f, q, missing) })
    }
  }
  unchecked.sort((x, y) => x.line - y.line || x.f.place.start - y.f.place.start)
  const ok = rows.filter((r) => r.ok).length
  const head = ['', 'line', 'claim', 'quantity or rule', 'recomputed', 'derivation']
  return h('section', { className: ['claims-section'] }, [
    h('h3', { id: `${id}-claims` }, 'Claims'),
    h('p', `${rows.length} checked: ${ok} hold (✓), ${rows.length - ok} do not (✗).`),
    rows.length
      ? h('table', { className: ['claims'] }, [
          h('thead', h('tr', head.map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            rows.map((r) =>
              h('tr', { className: [r.ok ? 'ok' : 'bad'], dataOk: r.ok ? 'true' : 'false', dataLine: r.line }, [
                h('td', { className: ['mark'] }, [h('span', { ariaHidden: 'true' }, r.ok ? '✓' : '✗'), h('span', { className: ['visually-hidden'] }, r.ok ? 'holds' : 'does not hold')]),
                h('td', lineAnchor(id, r.line)),
                h('td', h('code', r.text)),
                h('td', r.quantity),
                h('td', r.recomputed),
                h('td', { className: ['derivation'] }, r.derivation),
              ]),
            ),
          ),
        ])
      : h('p', 'No checkable claim.'),
    h('h4', 'Not checked'),
    unchecked.length
      ? h(
          'ul',
          { className: ['unchecked'] },
          unchecked.map((u) => h('li', [lineAnchor(id, u.line), ': ', h('code', u.f.text), ` (${QUANTITY[u.q].name}): ${u.why}`])),
        )
      : h('p', 'Every stated figure the linter recognises was checked.'),
  ])
}
