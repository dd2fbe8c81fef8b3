/**
 * Where each GPU of a plan sits: its rank, node, pipeline stage, TP rank,
 * DP replica, EP group and the experts and layers it holds, under the grid
 * convention the document fits (ranks in Megatron's order: TP fastest, then
 * CP, then EP when it is a separate axis, then DP, then PP).
 */
import type { Analysis } from '../../analysis.js'
import { moeLayersInRange } from '../../model/params.js'
import { stageLayouts } from '../../model/memory.js'

export interface Gpu {
  rank: number
  /** Node index (0-based) when the node size is known. */
  node?: number
  /** Pipeline stage, 0-based. */
  stage: number
  tpRank: number
  dpReplica: number
  /** Global EP group and the rank within it; undefined without EP. */
  epGroup?: number
  epRank?: number
  /** Expert ids (0-based, inclusive) held of each MoE layer. */
  experts?: [number, number]
}

export interface Convention {
  name: string
  gpus: number
  formula: string
}

export interface Stage {
  /** 1-based first and last layer; undefined when the layer count is not stated. */
  layers?: [number, number]
  moeLayers?: number
}

export interface Layout {
  tp: number
  pp: number
  dp: number
  cp: number
  ep?: number
  experts?: number
  /** The GPU count of the plan under the convention drawn. */
  total: number
  /** Every convention the degrees allow, and the one drawn. */
  conventions: Convention[]
  used: Convention
  /** How the convention drawn was chosen. */
  choice: string
  /** GPUs drawn (one replica of a large cluster). */
  gpus: Gpu[]
  stages: Stage[]
  perNode?: number
  /** EP groups are runs of consecutive ranks (can be outlined). */
  epContiguous: boolean
  notes: string[]
}

/** Clusters larger than this are drawn as one replica. */
export const DRAW_LIMIT = 256

const isInt = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n > 0

/** The layout of the plan, or why it cannot be drawn. */
export function layoutOf(a: Analysis): Layout | string {
  const d = a.derived.degrees
  const notes: string[] = []
  if (!isInt(d.tp)) return 'TP is not stated: the GPU grid cannot be drawn'
  const tp = d.tp
  const pp = isInt(d.pp) ? d.pp : undefined
  if (pp === undefined) return 'PP is not stated: the GPU grid cannot be drawn'
  const cp = isInt(d.cp) ? d.cp : 1
  const n = isInt(d.n) ? d.n : undefined
  let dp = isInt(d.dp) ? d.dp : undefined
  if (dp === undefined) {
    if (n !== undefined && n % (tp * pp * cp) === 0) {
      dp = n / (tp * pp * cp)
      notes.push(`DP not stated: ${n} GPUs ÷ (TP ${tp} × PP ${pp}${cp > 1 ? ` × CP ${cp}` : ''}) = ${dp}`)
    } else {
      dp = 1
      notes.push('DP not stated: one replica drawn')
    }
  }
  const ep = isInt(d.ep) && d.ep > 1 ? d.ep : undefined
  const attnDp = a.resolved.model.plan.attentionDp === true
  const cpText = cp > 1 ? ` × CP ${cp}` : ''
  const conventions: Convention[] = []
  if (attnDp) conventions.push({ name: 'attention data parallelism (DP inside the TP group)', gpus: tp * pp * cp, formula: `TP ${tp} × PP ${pp}${cpText}` })
  else {
    conventions.push({ name: 'folded (EP inside TP × DP)', gpus: tp * pp * dp * cp, formula: `TP ${tp} × PP ${pp} × DP ${dp}${cpText}` })
    if (ep) conventions.push({ name: 'separate EP axis', gpus: tp * pp * dp * cp * ep, formula: `TP ${tp} × PP ${pp} × DP ${dp}${cpText} × EP ${ep}` })
  }
  const fits = conventions.filter((c) => c.gpus === n)
  let used: Convention
  let choice: string
  if (n === undefined) {
    used = conventions[0]
    choice = `the GPU count is not stated: drawn ${used.name}`
  } else if (fits.length > 0) {
    used = fits[0]
    choice = `the document's ${n} GPUs = ${used.formula}: it uses ${used.name}`
  } else {
    used = conventions[0]
    choice = `no convention gives the stated ${n} GPUs: drawn ${used.name} (${used.gpus} GPUs)`
  }
  const separate = used.name === 'separate EP axis'
  const E = a.resolved.inputs.get('experts')?.value ?? a.resolved.model.shape.experts
  // GPUs of one stage, and EP folded into them.
  const stageGpus = attnDp ? tp * cp : tp * cp * dp * (separate ? ep! : 1)
  const epFolds = ep !== undefined && !separate && stageGpus % ep === 0
  if (ep !== undefined && !separate && !epFolds) notes.push(`EP ${ep} does not divide the ${stageGpus} GPUs of a stage: EP groups not drawn`)
  const perNodeIn = a.resolved.inputs.get('gpusPerNode')?.value ?? a.resolved.model.hardware.gpusPerNode
  const nodes = a.resolved.model.hardware.nodes
  const perNode = isInt(perNodeIn) ? perNodeIn : isInt(nodes) && n !== undefined && n % nodes === 0 ? n / nodes : undefined
  if (perNode === undefined) notes.push('GPUs per node not stated: no node boxes, rows of 8 GPUs')

  // Stages: layers and MoE layers of each.
  const L = a.resolved.inputs.get('layers')?.value ?? a.resolved.model.shape.layers
  const stages: Stage[] = []
  const layout = isInt(L) && L >= pp ? stageLayouts(L, pp)[0] : undefined
  for (let s = 0; s < pp; s++) {
    const r = layout?.[s]
    stages.push(r ? { layers: [r.start + 1, r.end], moeLayers: isInt(E) && E > 1 ? moeLayersInRange(a.resolved.model.shape, r.start, r.end) ?? r.end - r.start : undefined } : {})
  }
  if (!layout) notes.push(isInt(L) ? `${L} layers cannot fill PP ${pp} stages` : 'layer count not stated: layers per stage not shown')

  const total = used.gpus
  const gpus: Gpu[] = []
  // A large cluster: one replica (the GPUs of DP replica 0).
  const oneReplica = total > DRAW_LIMIT && !attnDp && dp > 1
  if (oneReplica) notes.push(`${total} GPUs: one replica of ${total / dp} drawn; there are ${dp} replicas like it`)
  const epGroupsPerStage = ep ? stageGpus / ep : 0
  for (let rank = 0; rank < total; rank++) {
    const stage = Math.floor(rank / stageGpus)
    const i = rank % stageGpus
    const tpRank = i % tp
    let dpReplica: number
    let epGroup: number | undefined
    let epRank: number | undefined
    if (attnDp) {
      dpReplica = tp % dp === 0 ? Math.floor(tpRank / (tp / dp)) : 0
      if (ep && epFolds) {
        epGroup = stage * epGroupsPerStage + Math.floor(i / ep)
        epRank = i % ep
      }
    } else if (separate) {
      // i = tp + TP·(cp + CP·(ep + EP·dp)): an EP group is the GPUs that differ only in their EP coordinate.
      const cpRank = Math.floor(i / tp) % cp
      epRank = Math.floor(i / (tp * cp)) % ep!
      dpReplica = Math.floor(i / (tp * cp * ep!))
      epGroup = ((stage * dp + dpReplica) * cp + cpRank) * tp + tpRank
    } else {
      dpReplica = Math.floor(i / (tp * cp))
      if (ep && epFolds) {
        epGroup = stage * epGroupsPerStage + Math.floor(i / ep)
        epRank = i % ep
      }
    }
    if (oneReplica && dpReplica !== 0) continue
    const gpu: Gpu = { rank, stage, tpRank, dpReplica }
    if (perNode) gpu.node = Math.floor(rank / perNode)
    if (epGroup !== undefined && epRank !== undefined) {
      gpu.epGroup = epGroup
      gpu.epRank = epRank
      if (isInt(E) && ep) {
        const base = Math.floor(E / ep)
        const rem = E % ep
        const lo = epRank * base + Math.min(epRank, rem)
        const count = base + (epRank < rem ? 1 : 0)
        if (count > 0) gpu.experts = [lo, lo + count - 1]
      }
    }
    gpus.push(gpu)
  }
  return { tp, pp, dp, cp, ep, experts: isInt(E) ? E : undefined, total, conventions, used, choice, gpus, stages, perNode, epContiguous: !separate && epFolds, notes }
}

/** `stage 2 of 4 (layers 5–8)`. */
export function stageText(l: Layout, s: number): string {
  const st = l.stages[s]
  return `stage ${s + 1} of ${l.pp}${st.layers ? ` (layers ${st.layers[0]}–${st.layers[1]})` : ''}`
}

/** The title of a GPU: rank, stage, TP rank, DP replica, EP group and the experts it holds per layer. */
export function gpuTitle(l: Layout, g: Gpu): string {
  const parts = [`GPU rank ${g.rank}`]
  if (g.node !== undefined) parts.push(`node ${g.node}`)
  parts.push(stageText(l, g.stage), `TP rank ${g.tpRank} of ${l.tp}`, `DP replica ${g.dpReplica}`)
  if (g.epGroup !== undefined) {
    const st = l.stages[g.stage]
    let ep = `EP group ${g.epGroup} (EP rank ${g.epRank} of ${l.ep})`
    if (g.experts) {
      const ids = g.experts[0] === g.experts[1] ? `expert ${g.experts[0]}` : `experts ${g.experts[0]}–${g.experts[1]}`
      ep += `: ${ids} of each MoE layer${st.layers ? `, layers ${st.layers[0]}–${st.layers[1]}` : ''}`
    }
    parts.push(ep)
  } else if (l.ep === undefined && l.experts !== undefined && l.experts > 1) parts.push('EP not stated: experts per GPU not known')
  return parts.join(' · ')
}
