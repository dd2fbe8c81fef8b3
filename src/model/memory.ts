/**
 * Per-GPU inference weight memory (reference domain-math.md §4.2, DESIGN §4):
 *
 * - attention: Q, O (and Q bias, sinks, MLA up-projections) ÷ TP; K and V
 *   keep max(1, g/TP) of the g KV heads; output bias, QK norms and MLA
 *   down-projections are replicated. Under attention-DP all attention is
 *   replicated (÷ 1).
 * - dense FFN and shared experts ÷ TP (shared-expert gate replicated).
 * - routed experts: E/EP per MoE layer, each 1/ETP of an expert; without EP
 *   the experts shard like TP (each GPU holds 1/TP of every expert).
 * - layers ÷ PP; when L % PP ≠ 0 the most loaded stage is reported and the
 *   others are in `readings`.
 * - norms and router replicated; final norm on the last stage.
 * - embedding ÷ TP on the first stage, untied LM head ÷ TP on the last (a tied
 *   head is a copy on the last stage when PP > 1).
 */
import { grouped, show, showBytes } from './format.js'
import { countParams, dim, moeLayersInRange, type ParamCount } from './params.js'
import { bytesPerParam } from './precision.js'
import type { DeploymentModel, ModelShape, ParallelPlan, Precision } from './types.js'

// ---------------------------------------------------------------------------
// Plan helpers (shared with kv.ts)

export interface ResolvedPlan {
  tp: number
  pp: number
  dp: number
  /** Expert parallel size; undefined when the plan has none (experts then shard like TP). */
  ep?: number
  /** Expert tensor parallel size (default 1). */
  etp: number
  attentionDp: boolean
  /** TP degree applied to attention weights and KV heads: 1 under attention-DP, else TP. */
  attnTp: number
  /** Notes on defaults applied, for derivations. */
  notes: string[]
}

/**
 * Resolve degrees with their defaults (TP, PP, DP, ETP = 1). A degree that is
 * stated but not a positive integer makes the plan unusable (undefined).
 * vLLM's `--enable-expert-parallel` without a size means EP = TP·DP.
 */
export function resolvePlan(plan: ParallelPlan | undefined): ResolvedPlan | undefined {
  const p = plan ?? {}
  const get = (x: number | undefined): number | null | undefined => (x === undefined ? undefined : (dim(x) ?? null))
  const tp = get(p.tp)
  const pp = get(p.pp)
  const dp = get(p.dp)
  const ep = get(p.ep)
  const etp = get(p.etp)
  if (tp === null || pp === null || dp === null || ep === null || etp === null) return undefined
  const r: ResolvedPlan = {
    tp: tp ?? 1,
    pp: pp ?? 1,
    dp: dp ?? 1,
    etp: etp ?? 1,
    attentionDp: p.attentionDp === true,
    attnTp: 1,
    notes: [],
  }
  if (ep !== undefined) r.ep = ep
  else if (p.expertParallelFlag) {
    r.ep = r.tp * r.dp
    r.notes.push(`EP = TP ${r.tp} × DP ${r.dp} = ${r.ep} (expert parallelism on, no size given)`)
  }
  r.attnTp = r.attentionDp ? 1 : r.tp
  return r
}

/** One pipeline stage: layer indices [start, end). */
export interface StageRange {
  index: number
  start: number
  end: number
  first: boolean
  last: boolean
}

/**
 * The plausible layer splits over PP stages. When PP divides L there is one;
 * otherwise two: the first L % PP stages get one extra layer (TRT-LLM) or the
 * last ones do (SGLang); vLLM's rules fall between the two.
 */
export function stageLayouts(layers: number, pp: number): StageRange[][] {
  const base = Math.floor(layers / pp)
  const rem = layers % pp
  const build = (extraFirst: boolean): StageRange[] => {
    const out: StageRange[] = []
    let start = 0
    for (let s = 0; s < pp; s++) {
      const extra = rem > 0 && (extraFirst ? s < rem : s >= pp - rem) ? 1 : 0
      const end = start + base + extra
      out.push({ index: s, start, end, first: s === 0, last: s === pp - 1 })
      start = end
    }
    return out
  }
  return rem === 0 ? [build(true)] : [build(true), build(false)]
}

/** Sorted distinct finite values (float noise collapsed). */
export function distinct(values: number[]): number[] {
  const seen = new Map<string, number>()
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    const key = v.toPrecision(12)
    if (!seen.has(key)) seen.set(key, v)
  }
  return [...seen.values()].sort((a, b) => a - b)
}

function ordinalStage(s: StageRange, pp: number): string {
  if (pp === 1) return 'the only stage'
  return `stage ${s.index + 1} of ${pp}${s.first ? ' (first)' : s.last ? ' (last)' : ''}`
}

// ---------------------------------------------------------------------------
// Expert placement

export interface ExpertInstances {
  /** Experts held per MoE layer: E/EP (most loaded GPU when EP does not divide E), or E without EP. */
  perLayer: number
  /** MoE layers on the GPU's (most loaded) stage. */
  layersOnGpu: number
  /** perLayer × layersOnGpu: (expert, layer) pairs on the GPU. */
  instances: number
  /** Fraction of each expert a GPU holds: 1/ETP with EP, 1/TP without. */
  shard: number
  /** instances × shard. */
  fullExpertEquivalents: number
  /** Every plausible value of each quantity (floor/ceil splits of E/EP and L/PP, every stage). */
  readings: { perLayer: number[]; layersOnGpu: number[]; instances: number[]; fullExpertEquivalents: number[] }
  derivation: string
}

interface ExpertPlacement {
  perLayer: number
  perLayerReadings: number[]
  shard: number
  text: string
}

function expertPlacement(E: number, plan: ResolvedPlan): ExpertPlacement {
  // EP 1 with TP > 1 and no expert TP stated: experts are TP-sliced (vLLM without EP, Megatron's ETP = TP default).
  if (plan.ep !== undefined && !(plan.ep === 1 && plan.etp === 1 && plan.tp > 1)) {
    const exact = E / plan.ep
    const lo = Math.floor(exact)
    const hi = Math.ceil(exact)
    const shard = 1 / plan.etp
    const text =
      exact === hi
        ? `${E} experts ÷ EP ${plan.ep} = ${hi} per MoE layer`
        : `${E} experts ÷ EP ${plan.ep} = ${show(exact)}: ${lo} or ${hi} per MoE layer (${hi} on the most loaded GPU)`
    return { perLayer: hi, perLayerReadings: distinct(lo > 0 ? [lo, hi] : [hi]), shard, text }
  }
  return {
    perLayer: E,
    perLayerReadings: [E],
    shard: 1 / plan.tp,
    text:
      plan.tp === 1
        ? `no EP or TP: all ${E} experts per MoE layer`
        : `no EP: 1/TP ${plan.tp} of each of the ${E} experts per MoE layer`,
  }
}

/**
 * How many experts a GPU holds. Undefined for a dense model or when the
 * layer count, expert count or plan is unusable.
 */
export function expertInstancesPerGpu(model: DeploymentModel): ExpertInstances | undefined {
  const shape = model.shape ?? {}
  const E = dim(shape.experts)
  const L = dim(shape.layers)
  const plan = resolvePlan(model.plan)
  if (E === undefined || L === undefined || !plan || plan.pp > L) return undefined
  const total = moeLayersInRange(shape, 0, L)
  if (!total) return undefined
  const place = expertPlacement(E, plan)
  const perStage: number[] = []
  for (const layout of stageLayouts(L, plan.pp)) {
    for (const s of layout) perStage.push(moeLayersInRange(shape, s.start, s.end) ?? 0)
  }
  const layersOnGpu = Math.max(...perStage)
  const layerReadings = distinct(perStage.filter((n) => n > 0))
  const instances = place.perLayer * layersOnGpu
  const fee = instances * place.shard
  const instReadings = distinct(place.perLayerReadings.flatMap((p) => layerReadings.map((l) => p * l)))
  const layerText =
    plan.pp === 1
      ? `${layersOnGpu} MoE layers`
      : `${layersOnGpu} MoE layers per stage (${total} ÷ PP ${plan.pp}${layerReadings.length > 1 ? `, most loaded stage; others ${layerReadings.join(' or ')}` : ''})`
  let derivation = `${place.text} × ${layerText} = ${instances} expert instances per GPU`
  if (place.shard !== 1) {
    const by = plan.ep !== undefined ? `ETP ${plan.etp}` : `TP ${plan.tp}`
    derivation += `, each 1/${by} of an expert = ${show(fee)} full-expert equivalents`
  }
  if (plan.notes.length > 0) derivation += ` (${plan.notes.join('; ')})`
  return {
    perLayer: place.perLayer,
    layersOnGpu,
    instances,
    shard: place.shard,
    fullExpertEquivalents: fee,
    readings: {
      perLayer: place.perLayerReadings,
      layersOnGpu: layerReadings,
      instances: instReadings,
      fullExpertEquivalents: distinct(instReadings.map((n) => n * place.shard)),
    },
    derivation,
  }
}

// ---------------------------------------------------------------------------
// Weight memory

export type WeightClass = 'experts' | 'attention' | 'denseFfn' | 'sharedExperts' | 'normsAndRouter' | 'embedding' | 'lmHead'

export const WEIGHT_CLASSES: readonly WeightClass[] = [
  'experts',
  'attention',
  'denseFfn',
  'sharedExperts',
  'normsAndRouter',
  'embedding',
  'lmHead',
]

export interface MemoryPart {
  /** Bytes on the most loaded GPU for this class. */
  bytes: number
  /** Parameters behind `bytes`. */
  params: number
  /** Every plausible per-GPU byte value (stages, layer splits, conventions), sorted. */
  readings?: number[]
  derivation: string
}

export interface WeightMemory {
  experts?: MemoryPart
  attention?: MemoryPart
  denseFfn?: MemoryPart
  sharedExperts?: MemoryPart
  normsAndRouter?: MemoryPart
  embedding?: MemoryPart
  lmHead?: MemoryPart
  /** Sum over classes on the most loaded stage; readings = every stage's total. Undefined if any class is. */
  total?: MemoryPart
  /** Per-GPU parameters by class on the most loaded stage (known even when precision is not). */
  params: Record<WeightClass, number> & { total: number }
  /** Bytes per parameter used: weights, and routed experts when they differ. */
  bytesPerParam: { weight?: number; expert?: number }
  /** Precision names used. */
  precision: { weight?: Precision; expert?: Precision }
  count: ParamCount
  /** Bytes by class on each stage (the first layout when PP does not divide L); undefined when a precision is unknown. */
  stages?: Array<{ stage: StageRange; layers: number; moeLayers: number; bytes: Record<WeightClass, number> }>
}

interface StageParams {
  stage: StageRange
  layers: number
  moe: number
  dense: number
  attention: number
  attentionNaive: number
  denseFfn: number
  sharedExperts: number
  expertWeights: number
  expertBias: number
  expertWeightsLow: number
  expertBiasLow: number
  normsAndRouter: number
  embedding: number
  lmHead: number
}

/**
 * Per-GPU inference weight memory by class. Undefined when the parameter
 * count or the plan is unusable. A class whose precision is unknown is
 * undefined (the caller decides what to assume); `params` is always given.
 */
export function weightMemoryPerGpu(model: DeploymentModel, opts: { unknownDenseFfn?: boolean } = {}): WeightMemory | undefined {
  const shape: ModelShape = model.shape ?? {}
  const pc = countParams(shape, opts)
  const plan = resolvePlan(model.plan)
  // Without the dense FFN only an MoE model's own parts (experts, attention, embeddings) are worth giving.
  if (!pc || !plan || (pc.denseFfnUnknown && pc.moeLayers === 0)) return undefined
  const L = pc.moeLayers + pc.denseLayers
  if (plan.pp > L) return undefined
  const h = shape.hidden as number
  const a = shape.heads as number
  const g = dim(shape.kvHeads) ?? a
  const { tp, attnTp } = plan
  const isMla = pc.attention.kind === 'mla'

  // Attention per layer per GPU.
  const kvHeadsPerGpu = Math.max(1, g / attnTp)
  const attnPerLayer = isMla
    ? pc.attention.headSharded / attnTp + pc.attention.replicated
    : pc.attention.headSharded / attnTp + (pc.attention.kv * kvHeadsPerGpu) / g + pc.attention.replicated
  // Naive reading: everything ÷ TP (no KV replication, no replicated MLA down-projections).
  const attnNaivePerLayer = pc.attention.total / attnTp
  const sharedPerLayer = (pc.sharedPerMoeLayer - pc.sharedGatePerMoeLayer) / tp + pc.sharedGatePerMoeLayer

  const place = pc.moeLayers > 0 ? expertPlacement(pc.experts, plan) : undefined
  const expertWeightOne = pc.oneExpert - pc.oneExpertBias
  const lowPerLayer = place ? place.perLayerReadings[0] : 0

  const stages: StageParams[] = []
  for (const layout of stageLayouts(L, plan.pp)) {
    for (const s of layout) {
      const layers = s.end - s.start
      const moe = moeLayersInRange(shape, s.start, s.end) ?? 0
      const dense = layers - moe
      const inst = place ? place.perLayer * moe * place.shard : 0
      const instLow = place ? lowPerLayer * moe * place.shard : 0
      let headCopy = 0
      if (s.last) headCopy = pc.lmHead > 0 ? pc.lmHead / tp : plan.pp > 1 ? pc.embedding / tp : 0
      stages.push({
        stage: s,
        layers,
        moe,
        dense,
        attention: layers * attnPerLayer,
        attentionNaive: layers * attnNaivePerLayer,
        denseFfn: (dense * pc.denseFfnPerLayer) / tp,
        sharedExperts: moe * sharedPerLayer,
        expertWeights: inst * expertWeightOne,
        expertBias: inst * pc.oneExpertBias,
        expertWeightsLow: instLow * expertWeightOne,
        expertBiasLow: instLow * pc.oneExpertBias,
        normsAndRouter: layers * pc.normsPerLayer + moe * pc.routerPerMoeLayer + (s.last ? pc.finalNorm : 0),
        embedding: s.first ? pc.embedding / tp : 0,
        lmHead: headCopy,
      })
    }
  }

  const wp = shape.weightPrecision
  const ep = shape.expertPrecision ?? wp
  const bW = wp ? bytesPerParam(wp) : undefined
  const bE = ep ? bytesPerParam(ep) : undefined
  const bBias = bW ?? bE
  const bText = (p: Precision | undefined, b: number | undefined): string => `${b} B (${p})`

  const expertsBytes = (st: StageParams, low = false): number | undefined => {
    if (bE === undefined || bBias === undefined) return undefined
    return low ? st.expertWeightsLow * bE + st.expertBiasLow * bBias : st.expertWeights * bE + st.expertBias * bBias
  }

  /** Stage with the largest value of a class (first such stage). */
  const argmax = (f: (s: StageParams) => number): StageParams => {
    let best = stages[0]
    for (const s of stages) if (f(s) > f(best) + 1e-9) best = s
    return best
  }

  const params: WeightMemory['params'] = {
    experts: 0,
    attention: 0,
    denseFfn: 0,
    sharedExperts: 0,
    normsAndRouter: 0,
    embedding: 0,
    lmHead: 0,
    total: 0,
  }
  const out: WeightMemory = {
    params,
    bytesPerParam: { weight: bW, expert: bE },
    precision: { weight: wp, expert: ep },
    count: pc,
  }

  /** ' per stage (L ÷ PP n)' when every stage has the same value of a class, else the stage named. */
  const stageTextFor =
    (f: (x: StageParams) => number, whole: number = L) =>
    (s: StageParams): string => {
      if (plan.pp === 1) return ''
      const v = f(s)
      if (stages.every((x) => Math.abs(f(x) - v) <= 1e-9 * Math.max(1, v))) return ` per stage (${whole} ÷ PP ${plan.pp})`
      return ` on ${ordinalStage(s.stage, plan.pp)}`
    }

  // Experts.
  {
    const f = (x: StageParams): number => x.expertWeights + x.expertBias
    const stageText = stageTextFor(f, pc.moeLayers)
    const s = argmax(f)
    params.experts = f(s)
    if (pc.moeLayers === 0) {
      out.experts = { bytes: 0, params: 0, readings: [0], derivation: 'dense model: no routed experts' }
    } else if (place && bE !== undefined) {
      const inst = place.perLayer * s.moe
      const readings = distinct(stages.flatMap((x) => [expertsBytes(x) as number, expertsBytes(x, true) as number]).filter((v) => v > 0))
      const bytes = expertsBytes(s) as number
      let d = `${place.text} × ${s.moe} MoE layers${stageText(s)} = ${inst} instances`
      if (place.shard !== 1) d += ` × 1/${plan.ep !== undefined ? `ETP ${plan.etp}` : `TP ${tp}`}`
      d += ` × ${show(pc.oneExpert)} params = ${show(params.experts)} params`
      if (pc.oneExpertBias > 0 && bBias !== bE) {
        d += ` × ${bText(ep, bE)} (biases ${bText(wp ?? ep, bBias)})`
      } else d += ` × ${bText(ep, bE)}`
      d += ` = ${showBytes(bytes)} (${grouped(Math.round(bytes))} B)`
      if (plan.notes.length > 0) d += `; ${plan.notes.join('; ')}`
      out.experts = { bytes, params: params.experts, readings, derivation: d }
    }
  }

  // Attention.
  {
    const stageText = stageTextFor((x) => x.attention)
    const s = argmax((x) => x.attention)
    params.attention = s.attention
    if (bW !== undefined) {
      const bytes = s.attention * bW
      const readings = distinct(stages.flatMap((x) => [x.attention * bW, x.attentionNaive * bW]))
      let per: string
      const div = attnTp > 1 ? ` ÷ TP ${attnTp}` : plan.attentionDp ? ' replicated (attention-DP)' : ''
      if (isMla) {
        per = `MLA ${show(pc.attention.headSharded)}${div} + ${show(pc.attention.replicated)} down-projections and norms replicated`
      } else {
        const kvText =
          g / attnTp < 1
            ? `K, V ${show(pc.attention.kv)} × 1 of ${g} KV heads (replicated, g < TP)`
            : `K, V ${show(pc.attention.kv)} × ${show(kvHeadsPerGpu)} of ${g} KV heads`
        per = `Q, O ${show(pc.attention.headSharded)}${div} + ${kvText}`
        if (pc.attention.replicated > 0) per += ` + ${show(pc.attention.replicated)} replicated`
      }
      const d =
        `${s.layers} layers${stageText(s)} × ${show(s.attention / Math.max(1, s.layers))} params per GPU (${per})` +
        ` × ${bText(wp, bW)} = ${showBytes(bytes)}`
      out.attention = { bytes, params: s.attention, readings, derivation: d }
    }
  }

  // Dense FFN.
  {
    const stageText = stageTextFor((x) => x.denseFfn, pc.denseLayers)
    const s = argmax((x) => x.denseFfn)
    params.denseFfn = s.denseFfn
    if (bW !== undefined) {
      const bytes = s.denseFfn * bW
      const d =
        pc.denseLayers === 0
          ? 'no dense FFN layers'
          : `${s.dense} dense layers${stageText(s)} × ${show(pc.denseFfnPerLayer)} ÷ TP ${tp} × ${bText(wp, bW)} = ${showBytes(bytes)}`
      out.denseFfn = { bytes, params: s.denseFfn, readings: distinct(stages.map((x) => x.denseFfn * bW)), derivation: d }
    }
  }

  // Shared experts.
  {
    const stageText = stageTextFor((x) => x.sharedExperts, pc.moeLayers)
    const s = argmax((x) => x.sharedExperts)
    params.sharedExperts = s.sharedExperts
    if (bW !== undefined) {
      const bytes = s.sharedExperts * bW
      const d =
        pc.sharedPerMoeLayer === 0
          ? 'no shared experts'
          : `${s.moe} MoE layers${stageText(s)} × ${show(pc.sharedPerMoeLayer - pc.sharedGatePerMoeLayer)} shared ÷ TP ${tp}` +
            `${pc.sharedGatePerMoeLayer > 0 ? ` (+ ${show(pc.sharedGatePerMoeLayer)} gate replicated)` : ''} × ${bText(wp, bW)} = ${showBytes(bytes)}`
      out.sharedExperts = {
        bytes,
        params: s.sharedExperts,
        readings: distinct(stages.map((x) => x.sharedExperts * bW)),
        derivation: d,
      }
    }
  }

  // Norms and router (replicated).
  {
    const stageText = stageTextFor((x) => x.normsAndRouter)
    const s = argmax((x) => x.normsAndRouter)
    params.normsAndRouter = s.normsAndRouter
    if (bW !== undefined) {
      const bytes = s.normsAndRouter * bW
      let d = `${s.layers} layers${stageText(s)} × ${show(pc.normsPerLayer)} norms`
      if (s.moe > 0) d += ` + ${s.moe} × ${show(pc.routerPerMoeLayer)} router`
      if (s.stage.last) d += ` + ${show(pc.finalNorm)} final norm`
      d += `, replicated, × ${bText(wp, bW)} = ${showBytes(bytes)}`
      out.normsAndRouter = {
        bytes,
        params: s.normsAndRouter,
        readings: distinct(stages.map((x) => x.normsAndRouter * bW)),
        derivation: d,
      }
    }
  }

  // Embedding and LM head.
  const embParams = pc.embedding / tp
  const headParams = pc.lmHead > 0 ? pc.lmHead / tp : plan.pp > 1 ? pc.embedding / tp : 0
  params.embedding = embParams
  params.lmHead = headParams
  if (bW !== undefined) {
    const bs = bW < 2 ? [bW, 2] : [bW] // quantized checkpoints often keep embedding and head in BF16
    const values: number[] = []
    for (const b of bs) {
      values.push(embParams * b)
      if (headParams > 0) values.push(headParams * b, (embParams + headParams) * b)
      if (plan.pp > 2) values.push(0)
    }
    const tied = pc.lmHead === 0
    let d = `${show(pc.embedding)} (${shape.vocab} × ${h}) ÷ TP ${tp} × ${bText(wp, bW)} = ${showBytes(embParams * bW)} on the first stage`
    if (headParams > 0) {
      d += tied ? '; tied head copy on the last stage' : `; untied head the same on the last stage`
      d += plan.pp === 1 ? `, both on every GPU: ${showBytes((embParams + headParams) * bW)}` : ''
    }
    if (plan.pp > 2) d += '; middle stages hold neither'
    if (bW < 2) d += '; also read at 2 B (BF16), as quantized checkpoints often keep them'
    out.embedding = { bytes: embParams * bW, params: embParams, readings: distinct(values), derivation: d }
    const hd =
      headParams === 0
        ? 'tied embeddings on one stage: no separate head'
        : `${show(headParams * tp)} ÷ TP ${tp} × ${bText(wp, bW)} = ${showBytes(headParams * bW)} on the last stage${tied ? ' (tied: copy of the embedding)' : ''}`
    out.lmHead = {
      bytes: headParams * bW,
      params: headParams,
      readings: distinct(bs.map((b) => headParams * b)),
      derivation: hd,
    }
  }

  if (bW !== undefined && bE !== undefined)
    out.stages = stages.slice(0, plan.pp).map((x) => ({
      stage: x.stage,
      layers: x.layers,
      moeLayers: x.moe,
      bytes: { experts: expertsBytes(x) as number, attention: x.attention * bW, denseFfn: x.denseFfn * bW, sharedExperts: x.sharedExperts * bW, normsAndRouter: x.normsAndRouter * bW, embedding: x.embedding * bW, lmHead: x.lmHead * bW },
    }))

  // Total per stage.
  const stageParamsTotal = (x: StageParams): number =>
    x.attention + x.denseFfn + x.sharedExperts + x.expertWeights + x.expertBias + x.normsAndRouter + x.embedding + x.lmHead
  const stageBytes = (x: StageParams): number | undefined => {
    if (bW === undefined) return undefined
    const e = expertsBytes(x)
    if (e === undefined) return undefined
    return (x.attention + x.denseFfn + x.sharedExperts + x.normsAndRouter + x.embedding + x.lmHead) * bW + e
  }
  // Dense layers of unknown FFN width: the classes are known, the dense FFN and every sum are not.
  if (pc.denseFfnUnknown) {
    delete out.denseFfn
    delete out.stages
    params.total = Number.NaN
    return out
  }
  const top = argmax((x) => stageBytes(x) ?? stageParamsTotal(x))
  params.total = stageParamsTotal(top)
  const topBytes = stageBytes(top)
  if (topBytes !== undefined && bW !== undefined) {
    const parts: string[] = []
    for (const [name, v] of [
      ['experts', expertsBytes(top) as number],
      ['attention', top.attention * bW],
      ['dense FFN', top.denseFfn * bW],
      ['shared experts', top.sharedExperts * bW],
      ['norms and router', top.normsAndRouter * bW],
      ['embedding', top.embedding * bW],
      ['LM head', top.lmHead * bW],
    ] as const) {
      if (v > 0) parts.push(`${name} ${showBytes(v)}`)
    }
    const d = `${parts.join(' + ')} = ${showBytes(topBytes)}${plan.pp > 1 ? ` (most loaded: ${ordinalStage(top.stage, plan.pp)})` : ''}`
    out.total = {
      bytes: topBytes,
      params: params.total,
      readings: distinct(stages.map((x) => stageBytes(x) as number)),
      derivation: d,
    }
  }
  return out
}
