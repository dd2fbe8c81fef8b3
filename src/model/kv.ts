/**
 * KV cache per GPU (reference domain-math.md §4.3):
 *
 * - GQA/MHA: 2 · max(1, g/TP) · d · b_kv bytes per token per layer (engines
 *   replicate KV heads when g < TP; vLLM floors g/TP, aiconfigurator ceils).
 * - MLA: (r_kv + d_rope) · b_kv, not divided by TP.
 * - sliding-window layers hold min(S, W) tokens.
 * - tokens = batch × sequence length; layers = the GPU's stage (L/PP, most
 *   loaded stage when uneven); under attention-DP each GPU holds batch/DP of
 *   the requests (and all KV heads).
 * - KV precision defaults to the weight precision (4-bit weight formats keep
 *   a 16-bit cache).
 */
import { grouped, show, showBytes } from './format.js'
import { dim } from './params.js'
import { bytesPerParam } from './precision.js'
import { distinct, resolvePlan, stageLayouts, type StageRange } from './memory.js'
import type { DeploymentModel, ModelShape, Precision } from './types.js'

export interface KvCache {
  /** Bytes per token per layer on one GPU (vLLM reading: max(1, g/TP) heads). */
  bytesPerTokenPerLayer: number
  /** The same with ceil(g/TP) heads (aiconfigurator); equals the above when TP divides g. */
  bytesPerTokenPerLayerCeil: number
  /** Layers on the GPU's stage (most loaded stage). */
  layersOnGpu: number
  /** Of those, sliding-window layers (each holds min(S, W) tokens). */
  slidingLayersOnGpu: number
  /** Requests (sequences) whose cache this GPU holds: batch, or ⌈batch/DP⌉ under attention-DP. */
  requests: number
  /** Tokens per full-attention layer: requests × sequence length. */
  tokens: number
  /** Whole KV cache on the GPU. */
  bytes: number
  /** Every plausible value of `bytes` (head rounding, stage splits, batch split, default-precision alternatives). */
  readings: number[]
  /** Element size used, and whether it was defaulted. */
  kvPrecision: Precision
  kvPrecisionDefaulted: boolean
  derivation: string
}

/**
 * The KV cache element format: the stated one, else the weight precision (4-bit weight formats keep a 16-bit
 * cache), with 2 bytes as an alternative reading when an 8-bit default is assumed. Undefined when neither is known.
 */
export function kvPrecisionOf(shape: ModelShape): { kvp: Precision; defaulted: boolean; note: string; alt: number[] } | undefined {
  if (shape.kvPrecision) return { kvp: shape.kvPrecision, defaulted: false, note: '', alt: [] }
  const wp = shape.weightPrecision
  if (!wp) return undefined
  if (wp === 'int4' || wp === 'mxfp4' || wp === 'nvfp4') return { kvp: 'bf16', defaulted: true, note: `KV precision not stated: 16-bit assumed (${wp} weights keep a 16-bit cache)`, alt: [] }
  return { kvp: wp, defaulted: true, note: `KV precision not stated: weight precision ${wp} assumed`, alt: bytesPerParam(wp) < 2 ? [2] : [] }
}

interface KvElements {
  /** Elements per token per layer on one GPU (vLLM: max(1, g/TP) heads), with ceil and floor of g/TP. */
  elems: number
  elemsCeil: number
  elemsFloor: number
  /** Elements per token per layer for the whole model (all KV heads). */
  whole: number
  text: string
}

/** KV elements per token per layer: MLA (r_kv + d_rope, not divided by TP) or GQA/MHA (2 · max(1, g/TP) · d). */
function kvElements(shape: ModelShape, plan: NonNullable<ReturnType<typeof resolvePlan>>, b: number, kvp: Precision): KvElements | undefined {
  const rkv = dim(shape.kvLoraRank)
  if (rkv !== undefined) {
    const rope = dim(shape.qkRopeHeadDim)
    if (rope === undefined) return undefined
    const n = rkv + rope
    return { elems: n, elemsCeil: n, elemsFloor: n, whole: n, text: `MLA (${rkv} + ${rope}) = ${n} elements × ${b} B (${kvp}), not divided by TP` }
  }
  const h = dim(shape.hidden)
  const a = dim(shape.heads)
  if (a === undefined) return undefined
  const d = dim(shape.headDim) ?? (h !== undefined && Number.isInteger(h / a) ? h / a : undefined)
  if (d === undefined) return undefined
  const g = dim(shape.kvHeads) ?? a
  const tpa = plan.attnTp
  const heads = Math.max(1, g / tpa)
  const headText =
    tpa === 1
      ? `${g} KV heads${plan.attentionDp ? ' (attention-DP: all heads on each GPU)' : ''}`
      : g < tpa
        ? `max(1, ${g} KV heads ÷ TP ${tpa}) = 1 (KV heads replicated, g < TP)`
        : `(${g} KV heads ÷ TP ${tpa} = ${show(heads)})`
  return {
    elems: 2 * heads * d,
    elemsCeil: 2 * Math.max(1, Math.ceil(g / tpa)) * d,
    elemsFloor: 2 * Math.max(1, Math.floor(g / tpa)) * d,
    whole: 2 * g * d,
    text: `2 × ${headText} × ${d} head dim × ${b} B (${kvp})`,
  }
}

/** Sliding layers among [start, end). */
function slidingInRange(shape: ModelShape, L: number, s: StageRange): number {
  const W = dim(shape.slidingWindow)
  if (W === undefined) return 0
  const every = dim(shape.slidingEvery)
  const n = s.end - s.start
  if (every !== undefined) {
    // i % every === 0  ⇔  multiples of `every` in [start, end).
    return Math.floor((s.end - 1) / every) - Math.floor((s.start - 1) / every)
  }
  const count = dim(shape.slidingLayers)
  if (count === undefined || count >= L) return n
  return Math.round((n * count) / L)
}

/**
 * KV cache per GPU. Undefined when the shape lacks heads/head size (or MLA
 * ranks), the workload lacks batch or sequence length, no precision is known,
 * or the plan is unusable.
 */
export function kvCachePerGpu(model: DeploymentModel): KvCache | undefined {
  const shape: ModelShape = model.shape ?? {}
  const plan = resolvePlan(model.plan)
  const L = dim(shape.layers)
  const w = model.workload ?? {}
  const batch = dim(w.batch)
  const prompt = dim(w.promptLen)
  const output = dim(w.outputLen)
  const seq = dim(w.seqLen) ?? (prompt !== undefined && output !== undefined ? prompt + output : undefined)
  if (!plan || L === undefined || batch === undefined || seq === undefined || plan.pp > L) return undefined

  // Precision.
  const prec = kvPrecisionOf(shape)
  if (!prec) return undefined
  const { kvp, defaulted, note: precisionNote, alt } = prec
  const b = bytesPerParam(kvp)

  // Elements per token per layer.
  const el = kvElements(shape, plan, b, kvp)
  if (!el) return undefined
  const { elems, elemsCeil, elemsFloor, text: perLayerText } = el
  const bpt = elems * b

  // Requests on this GPU.
  const dp = plan.dp
  const requestsExact = plan.attentionDp ? batch / dp : batch
  const requests = Math.ceil(requestsExact)
  const requestReadings = distinct([requests, requestsExact, Math.floor(requestsExact)].filter((r) => r > 0))

  // Layers on the GPU's stage.
  const W = dim(shape.slidingWindow)
  const perStage: { layers: number; sliding: number }[] = []
  for (const layout of stageLayouts(L, plan.pp)) {
    for (const s of layout) perStage.push({ layers: s.end - s.start, sliding: slidingInRange(shape, L, s) })
  }
  const tokensFor = (st: { layers: number; sliding: number }, req: number): number => {
    const full = st.layers - st.sliding
    const win = W !== undefined ? Math.min(seq, W) : seq
    return req * (full * seq + st.sliding * win)
  }
  let best = perStage[0]
  for (const st of perStage) if (tokensFor(st, requests) > tokensFor(best, requests)) best = st

  const layerTokens = tokensFor(best, requests)
  const bytes = bpt * layerTokens
  const readings: number[] = []
  for (const e of distinct([elems, elemsCeil, elemsFloor])) {
    for (const bb of distinct([b, ...alt])) {
      for (const st of perStage) for (const r of requestReadings) readings.push(e * bb * tokensFor(st, r))
    }
  }

  const tokens = requests * seq
  const reqText = plan.attentionDp
    ? `${batch} ÷ DP ${dp} = ${show(requestsExact)} sequences per GPU (attention-DP)`
    : `${batch} ${batch === 1 ? 'sequence' : 'sequences'}`
  let derivation = `${perLayerText} = ${grouped(bpt)} B per token per layer × `
  if (best.sliding > 0 && W !== undefined) {
    derivation +=
      `(${best.layers - best.sliding} full layers × ${grouped(seq)} tokens + ${best.sliding} sliding layers × ` +
      `${grouped(Math.min(seq, W))} tokens (window ${W})) × ${reqText}`
  } else {
    derivation +=
      `${best.layers} layers${plan.pp > 1 ? ` (${L} ÷ PP ${plan.pp})` : ''} × ${grouped(tokens)} tokens` +
      ` (${reqText} × ${grouped(seq)})`
  }
  derivation += ` = ${showBytes(bytes)}`
  if (elemsCeil !== elems) derivation += `; with ceil(g/TP) heads ${showBytes(elemsCeil * b * layerTokens)}`
  if (precisionNote) derivation += `; ${precisionNote}`

  return {
    bytesPerTokenPerLayer: bpt,
    bytesPerTokenPerLayerCeil: elemsCeil * b,
    layersOnGpu: best.layers,
    slidingLayersOnGpu: best.sliding,
    requests,
    tokens,
    bytes,
    readings: distinct(readings),
    kvPrecision: kvp,
    kvPrecisionDefaulted: defaulted,
    derivation,
  }
}

export interface KvPerToken {
  /** Bytes per token per layer on one GPU: every plausible value (head rounding, default-precision alternatives). */
  perLayerGpu: number[]
  /** Bytes per token per layer for the whole model (all KV heads, nothing divided). */
  perLayerWhole: number[]
  /** Layers on a GPU (each stage of each uneven split), and all layers. */
  layersOnGpu: number[]
  layers: number
  derivationLayer: string
  derivationGpu: string
  /** Sliding-window layers make a per-token total depend on the context: no all-layer readings then. */
  sliding: boolean
}

/**
 * KV bytes per token (no batch or sequence length needed): per layer on one GPU, per layer for the whole model,
 * and summed over a GPU's layers. Undefined when the shape lacks heads/head size (or MLA ranks) or no precision is known.
 */
export function kvPerToken(model: DeploymentModel): KvPerToken | undefined {
  const shape: ModelShape = model.shape ?? {}
  const plan = resolvePlan(model.plan)
  const L = dim(shape.layers)
  if (!plan || L === undefined || plan.pp > L) return undefined
  const prec = kvPrecisionOf(shape)
  if (!prec) return undefined
  const { kvp, alt } = prec
  const note = prec.defaulted ? ` (KV precision not stated: ${kvp} assumed)` : ''
  const b = bytesPerParam(kvp)
  const bs = distinct([b, ...alt])
  const el = kvElements(shape, plan, b, kvp)
  if (!el) return undefined
  const gpuElems = distinct([el.elems, el.elemsCeil, el.elemsFloor])
  const wholeElems = el.whole
  const text = el.text
  const perLayerGpu = distinct(gpuElems.flatMap((e) => bs.map((x) => e * x)))
  const perLayerWhole = distinct(bs.map((x) => wholeElems * x))
  const layersOnGpu = distinct(stageLayouts(L, plan.pp).flatMap((layout) => layout.map((s) => s.end - s.start)))
  const main = perLayerGpu[0]
  const stage = layersOnGpu[0]
  const derivationLayer = `${text} = ${grouped(main)} B per token per layer${note}`
  const derivationGpu = `${derivationLayer} × ${stage} layers${plan.pp > 1 ? ` (${L} ÷ PP ${plan.pp})` : ''} = ${grouped(main * stage)} B per token`
  return { perLayerGpu, perLayerWhole, layersOnGpu, layers: L, derivationLayer, derivationGpu, sliding: dim(shape.slidingWindow) !== undefined }
}
