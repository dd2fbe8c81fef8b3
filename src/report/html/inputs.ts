/**
 * The inputs of the model (model, grid, hardware, workload), each with the
 * line it was read from, and the inputs the document does not state, each
 * with what cannot be checked without it.
 */
import { h } from 'hastscript'
import type { Element } from 'hast'
import type { Analysis } from '../../analysis.js'
import { inputRows, showBase, type InputRow } from '../../explain.js'
import type { QuantityId } from '../../lexicon/quantities.js'
import { QUANTITY } from '../../lexicon/quantities.js'
import { lineOf } from '../../lines.js'
import { lineAnchor, lineLink } from './source.js'

const GROUPS: Array<{ name: string; quantities: QuantityId[]; extra: string[] }> = [
  { name: 'Model', quantities: ['layers', 'moeLayers', 'denseLayers', 'experts', 'topK', 'sharedExperts', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'expertFfn', 'vocab'], extra: ['weight precision', 'KV precision'] },
  { name: 'Grid', quantities: ['tp', 'pp', 'dp', 'cp', 'ep', 'etp'], extra: [] },
  { name: 'Hardware', quantities: ['gpus', 'nodes', 'gpusPerNode', 'gpuMemory'], extra: ['GPU'] },
  { name: 'Workload', quantities: ['batch', 'seqLen', 'promptLen', 'globalBatch', 'microBatch'], extra: [] },
]

/** The inputs the document does not state, each with what goes unchecked without it. */
export function notStated(a: Analysis): string[] {
  const { shape, plan, hardware, workload } = a.resolved.model
  const d = a.derived.degrees
  const E = a.resolved.inputs.get('experts')?.value ?? shape.experts
  const moe = E !== undefined && E > 1
  const out: string[] = []
  if (d.tp === undefined) out.push('TP not stated: heads per GPU, per-GPU memory and the GPU grid not checked')
  if (d.pp === undefined) out.push('PP not stated: layers per stage, per-GPU memory and the GPU grid not checked')
  if (d.dp === undefined && !plan.attentionDp) out.push('DP not stated: replicas not checked')
  if (moe && plan.ep === undefined && !plan.expertParallelFlag) out.push('EP not stated: experts per GPU not checked')
  if (hardware.gpus === undefined) out.push('GPU count not stated: the grid convention cannot be told')
  if (hardware.gpusPerNode === undefined && hardware.nodes === undefined) out.push('GPUs per node not stated: nodes not drawn')
  if (hardware.memoryPerGpu === undefined) out.push('memory per GPU not stated: no capacity line, shares of GPU memory not checked')
  if (shape.layers === undefined) out.push('layer count not stated: layers per stage and per-GPU memory not checked')
  if (shape.hidden === undefined) out.push('hidden size not stated: parameter counts and weight memory not checked')
  if (!shape.weightPrecision) out.push('weight precision not stated: memory in bytes not checked')
  if (workload.batch === undefined || workload.seqLen === undefined) out.push(`${workload.batch === undefined ? 'batch size' : 'sequence length'} not stated: KV cache not checked`)
  return out
}

function rowOf(id: string, source: string, r: InputRow): Element {
  const where: Array<Element | string> = r.facts.length
    ? r.facts.flatMap((f, i) => [i > 0 ? ', ' : '', lineLink(id, source, f), ' (', h('code', f.text), ')'] as Array<Element | string>)
    : [r.where]
  return h('tr', [h('th', { scope: 'row' }, r.name), h('td', r.value), h('td', where)])
}

/** The inputs section of one document. */
export function inputsSection(a: Analysis, id: string): Element {
  const src = a.x.source
  const rows = inputRows(a)
  const used = new Set<InputRow>()
  const tables: Array<Element | string> = []
  const table = (list: InputRow[]): Element =>
    h('table', { className: ['inputs'] }, [h('thead', h('tr', [h('th', { scope: 'col' }, 'input'), h('th', { scope: 'col' }, 'value'), h('th', { scope: 'col' }, 'read from')])), h('tbody', list.map((r) => rowOf(id, src, r)))])
  for (const g of GROUPS) {
    const mine = rows.filter((r) => (r.quantity ? g.quantities.includes(r.quantity) : g.extra.includes(r.name)))
    for (const r of mine) used.add(r)
    tables.push(h('div', { className: ['input-group'] }, [h('h4', g.name), mine.length ? table(mine) : h('p', { className: ['note'] }, 'None stated.')]))
  }
  const rest = rows.filter((r) => !used.has(r))
  if (rest.length) tables.push(h('div', { className: ['input-group'] }, [h('h4', 'Other'), table(rest)]))
  const config: Array<Element | string> = []
  if (a.named) config.push(h('p', `Model shape from the known config of ${a.named.id} (named in the document).`))
  else if (a.resolved.configShape) config.push(h('p', 'Model shape partly from a config (JSON block, front matter, the config file the options name).'))
  for (const c of a.resolved.conflicts) {
    const values: Array<Element | string> = []
    for (const [v, fs] of c.values) {
      if (values.length) values.push(' and ')
      values.push(showBase(c.quantity, Number(v)), ' (', ...fs.flatMap((f, i) => [i > 0 ? ', ' : '', lineAnchor(id, lineOf(src, f.place.start))] as Array<Element | string>), ')')
    }
    config.push(h('p', { className: ['conflict'] }, [`Conflict: ${QUANTITY[c.quantity].name} is stated as `, ...values, c.winner !== undefined ? `; the plan's value is ${showBase(c.quantity, Number(c.winner))}.` : '; not used.']))
  }
  const missing = notStated(a)
  return h('section', { className: ['inputs-section'] }, [
    h('h3', { id: `${id}-inputs` }, 'Inputs'),
    h('div', { className: ['input-groups'] }, tables),
    ...config,
    h('h4', 'Not stated'),
    missing.length ? h('ul', { className: ['not-stated'] }, missing.map((m) => h('li', m))) : h('p', 'Every input the checks use is stated.'),
  ])
}
