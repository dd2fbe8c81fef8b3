/**
 * Derive: every quantity computable from the resolved model, each as a set
 * of readings (one per accepted convention) with a derivation a person can
 * check by hand. A claim holds if it matches any reading.
 */
import type { QuantityId } from './lexicon/quantities.js'
import type { Resolved } from './resolve.js'
import { countParams, type ParamCount } from './model/params.js'
import { expertInstancesPerGpu, weightMemoryPerGpu, type ExpertInstances, type WeightMemory } from './model/memory.js'
import { kvCachePerGpu, type KvCache } from './model/kv.js'
import { moeLayerCount } from './model/params.js'
import { bytesPerParam } from './model/precision.js'
import type { Precision } from './model/types.js'
import { show } from './num.js'

export interface Reading {
  value: number
  derivation: string
  /** Convention name (folded, separate, per layer, ...). */
  convention?: string
  /** Byte readings: also accept the GB/GiB swap. */
}

export interface Derived {
  readings: Map<QuantityId, Reading[]>
  params?: ParamCount
  weights?: WeightMemory
  kv?: KvCache
  experts?: ExpertInstances
  /** Degrees with defaults, for notes. */
  degrees: { tp?: number; pp?: number; dp?: number; cp?: number; ep?: number; etp?: number; n?: number }
}

function add(m: Map<QuantityId, Reading[]>, q: QuantityId, r: Reading): void {
  if (!Number.isFinite(r.value)) return
  const list = m.get(q) ?? []
  if (!list.some((x) => x.value === r.value)) list.push(r)
  m.set(q, list)
}

/** `1 GPU`, `8 GPUs`. */
const many = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

const isInt = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n > 0

export function derive(res: Resolved): Derived {
  const m = new Map<QuantityId, Reading[]>()
  const { model, inputs } = res
  const v = (q: QuantityId): number | undefined => inputs.get(q)?.value
  const tp = v('tp')
  // A launch command that sets TP and DP but no PP runs PP = 1 (the engines' default).
  const tpFromCode = inputs.get('tp')?.facts.every((f) => f.inCode) ?? false
  // (Not when a PP is stated but unsettled: `PP=4` beside a hypothetical `PP 8`.)
  const ppUnsettled = res.conflicts.some((c) => c.quantity === 'pp')
  const pp = v('pp') ?? (tpFromCode && v('dp') !== undefined && !ppUnsettled ? 1 : undefined)
  const dp = v('dp')
  const cp = v('cp')
  const ep = v('ep')
  const etp = v('etp')
  const n = model.hardware.gpus
  const degrees = { tp, pp, dp, cp, ep, etp, n }

  // --- grid
  const cpText = isInt(cp) && cp > 1 ? ` × CP ${cp}` : ''
  const cpv = isInt(cp) ? cp : 1
  const attnDp = model.plan.attentionDp === true
  const etpv = isInt(etp) ? etp : 1
  if (attnDp && isInt(tp) && isInt(pp)) {
    // SGLang --enable-dp-attention, TensorRT-LLM enable_attention_dp: DP subdivides the TP group.
    add(m, 'gpus', { value: tp * pp * cpv, derivation: `TP ${tp} × PP ${pp}${cpText} = ${tp * pp * cpv} (attention DP runs inside the TP group)`, convention: 'attention data parallelism' })
    // Several such instances behind a router (`2 instances`): the cluster is their sum.
    const copies = v('replicas')
    if (isInt(copies) && copies > 1) add(m, 'gpus', { value: copies * tp * pp * cpv, derivation: `${copies} instances × TP ${tp} × PP ${pp}${cpText} = ${copies * tp * pp * cpv} (attention DP runs inside the TP group)`, convention: 'attention data parallelism, several instances' })
  } else if (isInt(tp) && isInt(pp) && isInt(dp)) {
    const folded = { value: tp * pp * dp * cpv, derivation: `TP ${tp} × PP ${pp} × DP ${dp}${cpText} = ${tp * pp * dp * cpv}`, convention: 'folded (EP inside TP × DP)' }
    const separate = isInt(ep) && ep > 1 ? { value: tp * pp * dp * cpv * ep, derivation: `TP ${tp} × PP ${pp} × DP ${dp}${cpText} × EP ${ep} = ${tp * pp * dp * cpv * ep}`, convention: 'separate EP axis' } : undefined
    // EP that cannot fold into TP × DP × CP makes the separate axis the likelier reading.
    const folds = !isInt(ep) || (tp * dp * cpv) % (ep * etpv) === 0
    if (separate && !folds) {
      add(m, 'gpus', separate)
      add(m, 'gpus', folded)
    } else {
      add(m, 'gpus', folded)
      if (separate) add(m, 'gpus', separate)
    }
  }
  if (isInt(tp) && isInt(pp)) {
    add(m, 'gpusPerReplica', { value: tp * pp * cpv, derivation: `TP ${tp} × PP ${pp}${cpText} = ${many(tp * pp * cpv, 'GPU')} per replica`, convention: 'folded' })
    if (isInt(ep) && ep > 1 && isInt(n) && isInt(dp) && tp * pp * dp * cpv * ep === n)
      add(m, 'gpusPerReplica', { value: tp * pp * cpv * ep, derivation: `TP ${tp} × PP ${pp}${cpText} × EP ${ep} = ${tp * pp * cpv * ep}`, convention: 'separate EP axis' })
  }
  if (isInt(n) && isInt(dp) && n % dp === 0) add(m, 'gpusPerReplica', { value: n / dp, derivation: `${n} GPUs ÷ DP ${dp} = ${many(n / dp, 'GPU')} per replica` })
  if (isInt(n) && isInt(pp) && n % pp === 0) add(m, 'gpusPerStage', { value: n / pp, derivation: `${n} GPUs ÷ PP ${pp} = ${many(n / pp, 'GPU')} per stage` })
  if (isInt(tp) && isInt(dp)) add(m, 'gpusPerStage', { value: tp * dp * cpv, derivation: `TP ${tp} × DP ${dp}${cpText} = ${many(tp * dp * cpv, 'GPU')} per stage` })
  if (isInt(n) && isInt(tp) && isInt(pp) && n % (tp * pp * cpv) === 0)
    add(m, 'replicas', { value: n / (tp * pp * cpv), derivation: `${n} GPUs ÷ (TP ${tp} × PP ${pp}${cpText}) = ${many(n / (tp * pp * cpv), 'replica')}` })
  if (isInt(dp)) add(m, 'replicas', { value: dp, derivation: `DP ${dp} = ${many(dp, 'replica')}` })
  const nodes = v('nodes')
  if (isInt(n) && isInt(nodes) && n % nodes === 0) add(m, 'gpusPerNode', { value: n / nodes, derivation: `${n} GPUs ÷ ${nodes} nodes = ${many(n / nodes, 'GPU')} per node` })
  // A stated GPU count the grid contradicts is in dispute (deployment-gpu-count's): the grid's count per node holds too.
  const gridGpus = (m.get('gpus') ?? []).map((r) => r.value)
  if (isInt(nodes) && isInt(n) && !gridGpus.includes(n))
    for (const g of gridGpus) if (isInt(g) && g % nodes === 0) add(m, 'gpusPerNode', { value: g / nodes, derivation: `${g} GPUs (the grid) ÷ ${nodes} nodes = ${many(g / nodes, 'GPU')} per node` })

  // --- heads
  const heads = v('heads') ?? model.shape.heads
  const kvHeads = v('kvHeads') ?? model.shape.kvHeads
  if (isInt(heads) && isInt(tp)) {
    if (attnDp) {
      add(m, 'headsPerGpu', { value: heads, derivation: `attention DP replicates attention: all ${heads} heads per GPU` })
      if (isInt(dp) && tp % dp === 0) add(m, 'headsPerGpu', { value: heads / (tp / dp), derivation: `${heads} heads ÷ attention TP ${tp / dp} (TP ${tp} ÷ DP ${dp}) = ${fmt(heads / (tp / dp))} per GPU` })
    } else add(m, 'headsPerGpu', { value: heads / tp, derivation: `${heads} heads ÷ TP ${tp} = ${fmt(heads / tp)} heads per GPU` })
  }
  if (isInt(kvHeads) && isInt(tp)) {
    const attnTps = attnDp ? [...new Set([1, isInt(dp) && tp % dp === 0 ? tp / dp : 1])] : [tp]
    for (const t of attnTps) {
      const per = Math.max(1, kvHeads / t)
      const by = attnDp ? `attention TP ${t}` : `TP ${t}`
      add(m, 'kvHeadsPerGpu', { value: per, derivation: kvHeads >= t ? `${kvHeads} KV heads ÷ ${by} = ${fmt(per)} per GPU` : `${kvHeads} KV heads < ${by}: each GPU keeps 1 (replicated)` })
    }
  }

  // --- experts
  // Per-GPU memory and expert instances need every degree that splits them: an unread degree is not 1 (silent when unsure).
  const perGpu = perGpuInputsKnown(res, true)
  const perGpuAttention = perGpuInputsKnown(res, false)
  const E = v('experts') ?? model.shape.experts
  if (isInt(E) && isInt(ep)) {
    const lo = Math.floor(E / ep)
    const hi = Math.ceil(E / ep)
    // EPLB's redundant copies add slots: (E + R) ÷ EP per GPU, the reading a document that states them means first.
    const R = v('redundantExperts')
    if (isInt(R) && R > 0) add(m, 'expertsPerGpuLayer', { value: Math.ceil((E + R) / ep), derivation: `(${E} experts + ${R} redundant) ÷ EP ${ep} = ${fmt((E + R) / ep)} expert slots per GPU per layer` })
    add(m, 'expertsPerGpuLayer', { value: hi, derivation: `${E} experts per layer ÷ EP ${ep} = ${fmt(E / ep)}${lo !== hi ? ` (${lo} or ${hi})` : ''} experts per GPU per layer` })
    if (lo !== hi && lo > 0) add(m, 'expertsPerGpuLayer', { value: lo, derivation: `${E} ÷ EP ${ep}: ${lo} on the least loaded GPU` })
  }
  const experts = perGpu ? safe(() => expertInstancesPerGpu(model)) : undefined
  if (experts) {
    for (const r of experts.readings.perLayer) add(m, 'expertsPerGpu', { value: r, derivation: `${E} experts ÷ EP ${ep ?? '-'} = ${r} per layer`, convention: 'per layer' })
    for (const r of experts.readings.instances) add(m, 'expertsPerGpu', { value: r, derivation: experts.derivation, convention: 'all layers on the GPU' })
    for (const r of experts.readings.fullExpertEquivalents) add(m, 'expertsPerGpu', { value: r, derivation: experts.derivation, convention: 'full-expert equivalents' })
  }
  const L = v('layers') ?? model.shape.layers
  void L
  if (isInt(L) && isInt(pp)) {
    const lo = Math.floor(L / pp)
    const hi = Math.ceil(L / pp)
    add(m, 'layersPerStage', { value: hi, derivation: `${L} layers ÷ PP ${pp} = ${fmt(L / pp)}${lo !== hi ? ` (${lo} or ${hi})` : ''} layers per stage` })
    if (lo !== hi) add(m, 'layersPerStage', { value: lo, derivation: `${L} ÷ PP ${pp}: ${lo} on the smaller stages` })
  }
  if (isInt(n) && isInt(ep) && n % ep === 0) {
    add(m, 'epGroups', { value: n / ep, derivation: `an EP group is the ${ep} GPUs that together hold all experts of a layer: ${n} GPUs ÷ EP ${ep} = ${many(n / ep, 'group')} of ${many(ep, 'GPU')}` })
    if (isInt(pp) && pp > 1 && n % (ep * pp) === 0)
      add(m, 'epGroups', { value: n / (ep * pp), derivation: `${n} GPUs ÷ (EP ${ep} × PP ${pp}) = ${many(n / (ep * pp), 'EP group')} per stage`, convention: 'per stage' })
  }
  if (isInt(ep)) add(m, 'epGroupSize', { value: ep, derivation: `an EP group spans EP = ${many(ep, 'GPU')}` })

  // --- parameters and memory
  const params = safe(() => countParams(model.shape))
  if (params) {
    add(m, 'paramsTotal', { value: params.total, derivation: params.derivation.total })
    // `685B` for DeepSeek-V3: the checkpoint's count with its multi-token-prediction layers.
    if (params.mtp > 0) add(m, 'paramsTotal', { value: params.total + params.mtp, derivation: `${params.derivation.total}; with the ${show(params.mtp / 1e9, 3)}B multi-token-prediction module ${show((params.total + params.mtp) / 1e9, 5)}B`, convention: 'with MTP' })
    if (params.active) {
      add(m, 'paramsActive', { value: params.active.all, derivation: params.derivation.active, convention: 'embedding and head counted' })
      add(m, 'paramsActive', { value: params.active.noInputEmb, derivation: params.derivation.active, convention: 'head only' })
      add(m, 'paramsActive', { value: params.active.noEmb, derivation: params.derivation.active, convention: 'no embeddings' })
    }
  }
  // Dense layers whose FFN width is unread still leave attention, experts and embeddings per GPU known.
  const weights = model.shape.weightPrecision && perGpu ? (safe(() => weightMemoryPerGpu(model)) ?? safe(() => weightMemoryPerGpu(model, { unknownDenseFfn: true }))) : undefined
  if (weights) {
    const part = (q: QuantityId, p: { bytes: number; readings?: number[]; derivation: string } | undefined): void => {
      if (!p) return
      // The value the derivation ends with first: it is the one messages and the explain view show.
      add(m, q, { value: p.bytes, derivation: p.derivation })
      for (const b of p.readings ?? []) add(m, q, { value: b, derivation: p.derivation })
    }
    part('memExperts', weights.experts)
    part('memAttention', weights.attention)
    part('memWeights', weights.total)
    if (weights.embedding || weights.lmHead) {
      const e = weights.embedding
      const h = weights.lmHead
      // The value the derivation ends with (the head's, else the embedding's) first.
      const values = new Set<number>([h?.bytes ?? e?.bytes ?? 0])
      for (const a of e?.readings ?? [e?.bytes ?? 0]) for (const b of h?.readings ?? [h?.bytes ?? 0]) values.add(a + b)
      for (const a of e?.readings ?? [e?.bytes ?? 0]) values.add(a)
      for (const b of h?.readings ?? [h?.bytes ?? 0]) values.add(b)
      const d = [e?.derivation, h?.derivation].filter(Boolean).join('; ')
      for (const val of values) if (val > 0) add(m, 'memEmbedding', { value: val, derivation: d })
    }
  }
  // Expert weights need only E, EP, layers, PP, hidden, expert FFN and precision.
  const epConflict = res.conflicts.some((c) => c.quantity === 'ep' && c.winner === undefined)
  if (!weights && perGpu && model.shape.weightPrecision && !epConflict) {
    const sh = model.shape
    const E2 = sh.experts
    const h = sh.hidden
    const fe = sh.expertFfn
    const L2 = sh.layers
    const moeL = v('moeLayers') ?? (sh.firstKDense !== undefined && L2 !== undefined ? L2 - sh.firstKDense : L2)
    if (isInt(E2) && isInt(h) && isInt(fe) && isInt(moeL)) {
      const epv = isInt(ep) ? ep : undefined
      const ppv = isInt(pp) ? pp : 1
      const bytes = bytesPerParam((sh.expertPrecision ?? sh.weightPrecision) as Precision)
      const mats = sh.gatedFfn === false ? 2 : 3
      const one = mats * h * fe
      const perLayer = epv ? Math.ceil(E2 / epv) : E2
      const shard = epv ? 1 / etpv : isInt(tp) ? 1 / tp : 1
      for (const layers of new Set([Math.ceil(moeL / ppv), Math.floor(moeL / ppv)])) {
        if (layers <= 0) continue
        const b = perLayer * layers * one * shard * bytes
        add(m, 'memExperts', {
          value: b,
          derivation: `${E2} experts ÷ EP ${epv ?? 1} = ${perLayer} per MoE layer × ${layers} MoE layers per GPU (${moeL} ÷ PP ${ppv}) × ${mats}·${h}·${fe} = ${fmtCount(one)} params${shard !== 1 ? ` × ${fmt(shard)}` : ''} × ${bytes} B = ${fmt(b / 1e9)} GB`,
        })
      }
    }
  }
  const kv = perGpuAttention && (model.shape.weightPrecision || model.shape.kvPrecision) ? safe(() => kvCachePerGpu(model)) : undefined
  if (kv) for (const b of kv.readings.length ? kv.readings : [kv.bytes]) add(m, 'memKv', { value: b, derivation: kv.derivation })
  void moeLayerCount
  return { readings: m, params, weights, kv, experts, degrees }
}

/**
 * Whether the degrees that split a model over GPUs are known: each of TP and
 * PP (and EP for a MoE model) is stated, or follows from the cluster (one
 * GPU; the stated degrees already multiply to the GPU count; a launch command
 * runs PP 1 and no EP unless it says so); EP only for what `experts` split.  Otherwise a per-GPU figure cannot
 * be recomputed: an unread degree is not a degree of 1.
 */
export function perGpuInputsKnown(res: Resolved, experts: boolean): boolean {
  const { model } = res
  const n = model.hardware.gpus
  if (n === 1) return true
  const plan = model.plan
  // A degree stated with two values is unknown, not the engine's default.
  if (res.conflicts.some((c) => c.winner === undefined && (c.quantity === 'tp' || c.quantity === 'pp' || (experts && c.quantity === 'ep')))) return false
  const stated = (x: number | undefined): number => (x !== undefined && x > 0 ? x : 1)
  const product = stated(plan.tp) * stated(plan.pp) * stated(plan.dp) * stated(plan.cp)
  if (n !== undefined && product === n && plan.tp !== undefined) {
    // The grid is complete; only EP may still be unread (it folds into TP × DP).
    return !experts || plan.ep !== undefined || plan.expertParallelFlag === true || !isMoe(res) || fromCode(res)
  }
  if (plan.tp === undefined) return false
  if (plan.pp === undefined && !fromCode(res)) return false
  return !(experts && isMoe(res) && plan.ep === undefined && !plan.expertParallelFlag && !fromCode(res))
}

/** The degrees come from a launch command or config, whose engine defaults (PP 1, no EP) apply. */
function fromCode(res: Resolved): boolean {
  return res.inputs.get('tp')?.facts.every((f) => f.inCode) ?? false
}

function isMoe(res: Resolved): boolean {
  const e = res.inputs.get('experts')?.value ?? res.model.shape.experts
  return e !== undefined && e > 1
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}

function fmtCount(x: number): string {
  if (x >= 1e9) return `${Math.round(x / 1e7) / 100}B`
  if (x >= 1e6) return `${Math.round(x / 1e4) / 100}M`
  return String(x)
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000)
}
