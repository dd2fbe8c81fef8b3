/**
 * Memory per GPU: one stacked bar per distinct kind of GPU (stages whose
 * memory is the same share a bar) against the capacity line, and a table of
 * the document's stated figures beside the recomputed ones, ✗ where a stated
 * figure matches no accepted reading (the check the rules make).
 */
import { h, s } from 'hastscript'
import type { Element } from 'hast'
import type { Analysis } from '../../analysis.js'
import type { Fact } from '../../facts.js'
import type { QuantityId } from '../../lexicon/quantities.js'
import { claims } from '../../claims.js'
import { matches, TOL } from '../../compare.js'
import { dec } from '../../num.js'
import { showBytes } from '../../model/format.js'
import { lineLink } from './source.js'

interface Part {
  key: string
  name: string
  short: string
  fill: string
  quantity?: QuantityId
}

const PARTS: Part[] = [
  { key: 'experts', name: 'routed experts', short: 'experts', fill: '#4e79a7', quantity: 'memExperts' },
  { key: 'sharedExperts', name: 'shared experts', short: 'shared', fill: '#76b7b2', quantity: 'memShared' },
  { key: 'attention', name: 'attention', short: 'attn', fill: '#f28e2b', quantity: 'memAttention' },
  { key: 'denseFfn', name: 'dense FFN', short: 'FFN', fill: '#edc948' },
  { key: 'normsAndRouter', name: 'norms and router', short: 'norms', fill: '#bab0ac' },
  { key: 'embedding', name: 'embedding and head', short: 'emb', fill: '#b07aa1', quantity: 'memEmbedding' },
  { key: 'kv', name: 'KV cache', short: 'KV', fill: '#59a14f', quantity: 'memKv' },
  { key: 'activations', name: 'activations and workspace', short: 'act', fill: '#9c755f', quantity: 'memActivations' },
]

interface Kind {
  label: string
  /** Recomputed bytes by part key (absent: not recomputed). */
  bytes: Map<string, number>
}

interface Stated {
  facts: Fact[]
  /** Some stated figure matches no accepted reading. */
  differs: boolean
}

/** The stated figures of a quantity and whether each holds (as the explain view checks them). */
function stated(a: Analysis, q: QuantityId | undefined): Stated {
  if (!q) return { facts: [], differs: false }
  const readings = a.derived.readings.get(q) ?? []
  const seen = new Set<string>()
  const facts = claims(a, q).filter((f) => !seen.has(f.text) && seen.add(f.text))
  const differs = readings.length > 0 && facts.some((f) => !readings.some((r) => matches(f, dec(r.value), TOL.memory)))
  return { facts, differs }
}

function stageName(list: number[], pp: number): string {
  if (list.length === pp) return pp === 1 ? 'every GPU' : 'every stage'
  const ends = (i: number) => (i === 0 ? ' (first)' : i === pp - 1 ? ' (last)' : '')
  if (list.length === 1) return `stage ${list[0] + 1}${ends(list[0])}`
  const contiguous = list.every((v, i) => i === 0 || v === list[i - 1] + 1)
  return contiguous ? `stages ${list[0] + 1}–${list[list.length - 1] + 1}` : `stages ${list.map((i) => i + 1).join(', ')}`
}

/** One kind per distinct stage memory (first, middle, last), or one for every GPU. */
function kinds(a: Analysis): Kind[] {
  const w = a.derived.weights
  const kv = a.derived.kv
  const kvFor = (layers: number): number | undefined => (kv ? (kv.layersOnGpu > 0 ? (kv.bytes * layers) / kv.layersOnGpu : kv.bytes) : undefined)
  if (w?.stages) {
    const pp = w.stages.length
    const groups = new Map<string, { stages: number[]; bytes: Map<string, number> }>()
    for (const st of w.stages) {
      const bytes = new Map<string, number>()
      const b = st.bytes
      for (const [k, v] of [['experts', b.experts], ['sharedExperts', b.sharedExperts], ['attention', b.attention], ['denseFfn', b.denseFfn], ['normsAndRouter', b.normsAndRouter], ['embedding', b.embedding + b.lmHead]] as const) bytes.set(k, v)
      const k = kvFor(st.layers)
      if (k !== undefined) bytes.set('kv', k)
      const key = [...bytes.values()].map((v) => Math.round(v)).join(',')
      const g = groups.get(key) ?? { stages: [], bytes }
      g.stages.push(st.stage.index)
      groups.set(key, g)
    }
    return [...groups.values()].map((g) => ({ label: stageName(g.stages, pp), bytes: g.bytes }))
  }
  // No per-stage weights: the first reading of each recomputed part, for every GPU.
  const bytes = new Map<string, number>()
  for (const p of PARTS) {
    const r = p.quantity ? a.derived.readings.get(p.quantity)?.[0] : undefined
    if (r && p.key !== 'activations') bytes.set(p.key, r.value)
  }
  return [{ label: 'every GPU', bytes }]
}

const BAR_W = 720
const LABEL_W = 150
const BAR_H = 30

function bars(parts: Array<{ part: Part; stated: Stated }>, list: Kind[], capacity: number | undefined, statedOnly: Map<string, number>, id: string): Element {
  const totals = list.map((k) => [...k.bytes.values()].reduce((x, y) => x + y, 0) + [...statedOnly.values()].reduce((x, y) => x + y, 0))
  const scaleMax = Math.max(capacity ?? 0, ...totals) * 1.05 || 1
  const x = (b: number) => (b / scaleMax) * BAR_W
  const height = list.length * (BAR_H + 26) + 40
  const children: Array<Element | string> = [
    s('title', 'Memory per GPU'),
    s('desc', 'One stacked bar per kind of GPU; hatched segments are stated figures the linter does not recompute; ✗ marks a stated figure that differs from the recomputed one.'),
    s('defs', [s('pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [s('rect', { width: 6, height: 6, fill: '#ffffff' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#555555', strokeWidth: 3 })])]),
  ]
  list.forEach((k, i) => {
    const y = 20 + i * (BAR_H + 26)
    children.push(s('text', { x: 0, y: y + BAR_H / 2 + 4, className: ['bar-label'] }, k.label))
    let at = LABEL_W
    const segs: Array<Element | string> = []
    for (const { part, stated: st } of parts) {
      const recomputed = k.bytes.get(part.key)
      const value = recomputed ?? statedOnly.get(part.key)
      if (value === undefined || value <= 0) continue
      const wd = x(value)
      const differs = recomputed !== undefined && st.differs
      const statedText = st.facts.map((f) => f.text).join(', ')
      const title = `${part.name}: ${recomputed !== undefined ? `recomputed ${showBytes(recomputed)}` : 'stated, not recomputed'}${statedText ? `; stated ${statedText}` : ''}${differs ? ' — differs' : ''}`
      segs.push(
        s('g', { className: ['seg'], dataPart: part.key, dataRecomputed: recomputed !== undefined ? showBytes(recomputed) : undefined, dataStated: statedText || undefined, dataDiffers: differs ? 'true' : undefined }, [
          s('title', title),
          s('rect', { x: at, y, width: Math.max(wd, 0.5), height: BAR_H, fill: recomputed !== undefined ? part.fill : `url(#${id}-hatch)`, stroke: differs ? '#c00000' : '#222222', strokeWidth: differs ? 2.5 : 0.5, strokeDasharray: differs ? '4 2' : undefined }),
          wd > 34 ? s('text', { x: at + wd / 2, y: y + BAR_H / 2 + 4, className: ['seg-label', recomputed !== undefined ? 'on-fill' : 'on-hatch'] }, part.short) : '',
          differs ? s('text', { x: at + wd / 2, y: y - 3, className: ['differs-mark'] }, `✗ stated ${statedText}`) : '',
        ]),
      )
      at += wd
    }
    children.push(s('g', { className: ['bar'], dataKind: k.label, dataTotal: showBytes(totals[i]) }, segs))
    children.push(s('text', { x: at + 4, y: y + BAR_H / 2 + 4, className: ['bar-total'] }, showBytes(totals[i])))
  })
  if (capacity) {
    const cx = LABEL_W + x(capacity)
    children.push(s('g', { className: ['capacity'], dataCapacity: showBytes(capacity) }, [s('line', { x1: cx, y1: 8, x2: cx, y2: height - 16, stroke: '#c00000', strokeWidth: 2, strokeDasharray: '6 3' }), s('text', { x: cx - 4, y: height - 4, className: ['capacity-label'] }, `capacity ${showBytes(capacity)}`)]))
  }
  return s('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${LABEL_W + BAR_W + 90} ${height}`, width: LABEL_W + BAR_W + 90, height, role: 'img', ariaLabelledby: `${id}-memory-caption`, className: ['memory'] }, children)
}

/** The memory section of one document. */
export function memorySection(a: Analysis, id: string): Element {
  const title = h('h3', { id: `${id}-memory` }, 'Memory per GPU')
  const src = a.x.source
  const list = kinds(a)
  const parts = PARTS.map((part) => ({ part, stated: stated(a, part.quantity) }))
  // Stated figures nothing recomputes are drawn hatched (the first one stated).
  const statedOnly = new Map<string, number>()
  for (const { part, stated: st } of parts) {
    if (list.some((k) => k.bytes.has(part.key)) || st.facts.length === 0) continue
    statedOnly.set(part.key, Number(st.facts[0].value.toString()))
  }
  const capacity = a.resolved.model.hardware.memoryPerGpu
  const shown = parts.filter(({ part, stated: st }) => st.facts.length > 0 || list.some((k) => (k.bytes.get(part.key) ?? 0) > 0))
  if (shown.length === 0) return h('section', { className: ['memory-section'] }, [title, h('p', 'The document states no memory figure and the inputs do not give one (per-GPU memory needs the model shape, the precision and every degree that splits the model).')])
  const statedCell = (st: Stated, recomputed: boolean): Array<Element | string> =>
    st.facts.length === 0
      ? ['—']
      : st.facts.flatMap((f, i) => [i > 0 ? ', ' : '', f.text, ' (', lineLink(id, src, f), ')'] as Array<Element | string>).concat(recomputed ? [st.differs ? h('strong', { className: ['bad'] }, ' ✗ differs') : h('span', { className: ['ok'] }, ' ✓')] : [h('span', ' not recomputed')])
  const rows = shown.map(({ part, stated: st }) => {
    const recomputed = list.some((k) => k.bytes.has(part.key))
    return h('tr', { dataPart: part.key, dataDiffers: recomputed && st.differs ? 'true' : undefined }, [
      h('th', { scope: 'row' }, part.name),
      h('td', statedCell(st, recomputed)),
      ...list.map((k) => h('td', k.bytes.has(part.key) ? showBytes(k.bytes.get(part.key)!) : statedOnly.has(part.key) ? `(${showBytes(statedOnly.get(part.key)!)} stated)` : '—')),
    ])
  })
  const total = stated(a, 'memTotal')
  const sums = list.map((k) => [...k.bytes.values()].reduce((x, y) => x + y, 0) + [...statedOnly.values()].reduce((x, y) => x + y, 0))
  rows.push(h('tr', { className: ['total'] }, [h('th', { scope: 'row' }, 'total'), h('td', total.facts.length ? statedCell({ ...total, differs: false }, false) : '—'), ...sums.map((v) => h('td', showBytes(v)))]))
  if (capacity) rows.push(h('tr', [h('th', { scope: 'row' }, 'capacity'), h('td', '—'), ...list.map(() => h('td', showBytes(capacity)))]))
  const table = h('table', { className: ['memory-table'] }, [
    h('caption', 'Stated figures beside the recomputed ones'),
    h('thead', h('tr', [h('th', { scope: 'col' }, 'part'), h('th', { scope: 'col' }, 'stated'), ...list.map((k) => h('th', { scope: 'col' }, `recomputed: ${k.label}`))])),
    h('tbody', rows),
  ])
  const notes: Array<Element | string> = []
  if (!capacity) notes.push(h('p', { className: ['note'] }, 'Memory per GPU not stated: no capacity line.'))
  if (list.every((k) => k.bytes.size === 0)) notes.push(h('p', { className: ['note'] }, 'Nothing is recomputed: per-GPU memory needs the model shape, the precision and every degree that splits the model.'))
  notes.push(h('p', { className: ['note'] }, 'Activations and workspace depend on the engine: only stated, never recomputed. The total sums the bar (recomputed parts and stated ones) and is not checked.'))
  return h('section', { className: ['memory-section'] }, [title, h('figure', [bars(parts, list, capacity, statedOnly, id), h('figcaption', { id: `${id}-memory-caption` }, `Memory per GPU by kind of GPU${capacity ? `, against the ${showBytes(capacity)} capacity` : ''}`)]), ...notes, table])
}
