/**
 * The GPU grid: nodes as boxes of their GPUs, each GPU filled by its
 * pipeline stage and labelled (rank, stage, EP group) so it reads without
 * colour; TP groups outlined dashed, EP groups outlined solid; a text table
 * of the same facts under the picture.
 */
import { h, s } from 'hastscript'
import type { Element } from 'hast'
import type { Analysis } from '../../analysis.js'
import { gpuTitle, layoutOf, stageText, type Gpu, type Layout } from './layout.js'

/** Light fills, one per stage (cycled), dark enough borders to print. */
export const STAGE_FILLS = ['#cfe2f3', '#fde2c4', '#d5ecd4', '#f4cccc', '#e1d5e7', '#fff2cc', '#d0e0e3', '#ead1dc']

const W = 64
const H = 48
const GAP = 6
const PAD = 10
const NODE_HEAD = 16
const ROW = 16

interface Placed {
  gpu: Gpu
  x: number
  y: number
}

function place(l: Layout): { placed: Placed[]; nodes: Array<{ node: number; x: number; y: number; w: number; h: number }>; width: number; height: number } {
  const perRow = Math.min(l.perNode ?? 8, ROW)
  const placed: Placed[] = []
  const nodes: Array<{ node: number; x: number; y: number; w: number; h: number }> = []
  let y = PAD
  // Group by node (or by rows of 8 without nodes), keeping rank order.
  const groups = new Map<number, Gpu[]>()
  for (const g of l.gpus) {
    const key = g.node ?? Math.floor(g.rank / perRow)
    const list = groups.get(key) ?? []
    list.push(g)
    groups.set(key, list)
  }
  let width = 0
  for (const [key, list] of groups) {
    const boxed = l.perNode !== undefined
    const top = y
    if (boxed) y += NODE_HEAD
    const x0 = PAD + (boxed ? PAD : 0)
    list.forEach((gpu, i) => {
      placed.push({ gpu, x: x0 + (i % perRow) * (W + GAP), y: y + Math.floor(i / perRow) * (H + GAP) })
    })
    const rows = Math.ceil(list.length / perRow)
    const cols = Math.min(list.length, perRow)
    const inner = cols * (W + GAP) - GAP
    y += rows * (H + GAP) - GAP
    if (boxed) {
      nodes.push({ node: key, x: PAD, y: top, w: inner + 2 * PAD, h: y - top + PAD })
      y += PAD
    }
    width = Math.max(width, x0 + inner + (boxed ? PAD : 0) + PAD)
    y += GAP * 2
  }
  return { placed, nodes, width, height: y + PAD }
}

/** Outlines of a group of GPUs: one rectangle per row the group spans (groups are runs of ranks). */
function outlines(members: Placed[], inset: number): Array<{ x: number; y: number; w: number; h: number }> {
  const rows = new Map<number, Placed[]>()
  for (const p of members) rows.set(p.y, [...(rows.get(p.y) ?? []), p])
  return [...rows.values()].map((row) => {
    const x = Math.min(...row.map((p) => p.x)) - inset
    const right = Math.max(...row.map((p) => p.x)) + W + inset
    return { x, y: row[0].y - inset, w: right - x, h: H + 2 * inset }
  })
}

function groupBy(placed: Placed[], key: (g: Gpu) => number | undefined): Map<number, Placed[]> {
  const out = new Map<number, Placed[]>()
  for (const p of placed) {
    const k = key(p.gpu)
    if (k === undefined) continue
    out.set(k, [...(out.get(k) ?? []), p])
  }
  return out
}

function svgOf(l: Layout, id: string): Element {
  const { placed, nodes, width, height } = place(l)
  const children: Array<Element | string> = [s('title', `GPU grid: ${l.gpus.length} GPUs`), s('desc', `Pipeline stages are fills labelled S1 to S${l.pp}; dashed outlines are TP groups of ${l.tp}; solid outlines are EP groups${l.ep ? ` of ${l.ep}` : ''}.`)]
  for (const n of nodes) {
    children.push(s('g', { className: ['node'], dataNode: n.node }, [s('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 6, fill: '#ffffff', stroke: '#555555', strokeWidth: 1 }), s('text', { x: n.x + 6, y: n.y + 12, className: ['node-label'] }, `node ${n.node}`)]))
  }
  for (const p of placed) {
    const g = p.gpu
    const label = [`S${g.stage + 1}`, g.epGroup !== undefined ? `EP${g.epGroup}` : `DP${g.dpReplica}`]
    children.push(
      s(
        'g',
        { className: ['gpu'], dataRank: g.rank, dataStage: g.stage + 1, dataTpRank: g.tpRank, dataDpReplica: g.dpReplica, ...(g.epGroup !== undefined ? { dataEpGroup: g.epGroup } : {}), ...(g.node !== undefined ? { dataNode: g.node } : {}) },
        [
          s('title', gpuTitle(l, g)),
          s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 3, fill: STAGE_FILLS[g.stage % STAGE_FILLS.length], stroke: '#333333', strokeWidth: 1, className: ['stage-fill'] }),
          s('text', { x: p.x + W / 2, y: p.y + 18, className: ['gpu-rank'] }, `#${g.rank}`),
          s('text', { x: p.x + W / 2, y: p.y + 36, className: ['gpu-label'] }, label.join(' ')),
        ],
      ),
    )
  }
  // TP groups: consecutive ranks of one stage and replica.
  const tpGroups = groupBy(placed, (g) => Math.floor(g.rank / l.tp))
  if (l.tp > 1) for (const [k, members] of tpGroups) for (const r of outlines(members, 2)) children.push(s('rect', { x: r.x, y: r.y, width: r.w, height: r.h, fill: 'none', stroke: '#333333', strokeWidth: 1.5, strokeDasharray: '5 3', className: ['tp-group'], dataTpGroup: k, dataGpus: members.length }))
  if (l.epContiguous) {
    for (const [k, members] of groupBy(placed, (g) => g.epGroup)) {
      for (const r of outlines(members, 4)) children.push(s('rect', { x: r.x, y: r.y, width: r.w, height: r.h, fill: 'none', stroke: '#000000', strokeWidth: 2.5, rx: 4, className: ['ep-group'], dataEpGroup: k, dataGpus: members.length }))
    }
  }
  return s('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', ariaLabelledby: `${id}-grid-caption`, className: ['grid'] }, children)
}

function legend(l: Layout): Element {
  const items: Array<Element | string> = []
  for (let st = 0; st < l.pp && st < 16; st++) {
    items.push(h('li', [s('svg', { width: 14, height: 14, ariaHidden: 'true', className: ['swatch'] }, [s('rect', { width: 14, height: 14, fill: STAGE_FILLS[st % STAGE_FILLS.length], stroke: '#333333' })]), ` S${st + 1}: ${stageText(l, st)}`]))
  }
  if (l.pp > 16) items.push(h('li', `… S${l.pp}`))
  items.push(h('li', `dashed outline: a TP group of ${l.tp} GPUs`))
  if (l.epContiguous) items.push(h('li', `solid outline: an EP group of ${l.ep} GPUs (EPn in the box is its number)`))
  return h('ul', { className: ['legend'] }, items)
}

/** The GPUs as text, one row per TP group (consecutive ranks of one stage and replica). */
function gpuTable(l: Layout): Element {
  const head = ['ranks', 'node', 'stage', 'layers', 'TP ranks', 'DP replica', 'EP group (EP ranks)', 'experts of each MoE layer, per GPU']
  const span = (xs: number[]): string => (xs.length === 0 ? '—' : xs[0] === xs[xs.length - 1] ? String(xs[0]) : `${xs[0]}–${xs[xs.length - 1]}`)
  const groups = new Map<number, Gpu[]>()
  for (const g of l.gpus) groups.set(Math.floor(g.rank / l.tp), [...(groups.get(Math.floor(g.rank / l.tp)) ?? []), g])
  const rows = [...groups.values()].map((gs) => {
    const g = gs[0]
    const st = l.stages[g.stage]
    const ep = [...new Set(gs.map((x) => x.epGroup))].filter((x) => x !== undefined)
    return h('tr', [
      h('td', span(gs.map((x) => x.rank))),
      h('td', span([...new Set(gs.map((x) => x.node).filter((x): x is number => x !== undefined))])),
      h('td', String(g.stage + 1)),
      h('td', st.layers ? `${st.layers[0]}–${st.layers[1]}` : '—'),
      h('td', span(gs.map((x) => x.tpRank))),
      h('td', String(g.dpReplica)),
      h('td', ep.length ? `${ep.join(', ')} (${span(gs.map((x) => x.epRank ?? 0))})` : '—'),
      h('td', gs.some((x) => x.experts) ? gs.map((x) => (x.experts ? (x.experts[0] === x.experts[1] ? String(x.experts[0]) : `${x.experts[0]}–${x.experts[1]}`) : '—')).join(', ') : '—'),
    ])
  })
  return h('table', { className: ['gpus'] }, [h('caption', 'The GPUs drawn, as text: one row per TP group'), h('thead', h('tr', head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', rows)])
}

/** The grid section of one document. */
export function gridSection(a: Analysis, id: string): Element {
  const l = layoutOf(a)
  const title = h('h3', { id: `${id}-grid` }, 'GPU grid')
  if (typeof l === 'string') return h('section', { className: ['grid-section'] }, [title, h('p', l)])
  const conventions = h(
    'ul',
    l.conventions.map((c) => h('li', [`${c.name}: ${c.formula} = ${c.gpus} GPUs`, c === l.used ? h('strong', ' (drawn)') : ''])),
  )
  return h('section', { className: ['grid-section'] }, [
    title,
    h('p', [`Grid conventions the degrees allow:`]),
    conventions,
    h('p', { className: ['choice'] }, `Convention: ${l.choice}.`),
    ...l.notes.map((n) => h('p', { className: ['note'] }, n + '.')),
    h('p', 'Ranks, TP ranks, DP replicas, EP groups and experts count from 0, as engines number them; stages and layers from 1. Hover a GPU for its title.'),
    h('figure', [svgOf(l, id), h('figcaption', { id: `${id}-grid-caption` }, `${l.gpus.length === l.total ? l.total : `${l.gpus.length} of ${l.total}`} GPUs: TP ${l.tp} × PP ${l.pp} × DP ${l.dp}${l.cp > 1 ? ` × CP ${l.cp}` : ''}${l.ep ? `, EP ${l.ep}` : ''}`)]),
    legend(l),
    gpuTable(l),
  ])
}
