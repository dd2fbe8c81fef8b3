/**
 * Parameter counts of decoder-only (MoE or dense) transformers, per
 * reference domain-math.md §2.1 (component formulas) and §2.2 (total vs
 * active, three embedding conventions).
 *
 * Pure functions over a ModelShape; every count is a plain integer Number
 * (all real models are far below 2^53).
 */
import { show } from './format.js'
import type { ModelShape } from './types.js'

/** Largest count accepted for a single shape field (layers, hidden, …). */
const MAX_DIM = 10_000_000

/** A positive integer no larger than MAX_DIM, else undefined. */
export function dim(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_DIM ? x : undefined
}

/** A non-negative integer no larger than MAX_DIM, else undefined. */
export function count0(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_DIM ? x : undefined
}

/** Parameters of one FFN (expert or dense) of width f: gated 3·h·f, plain 2·h·f. */
export function ffnParams(h: number, f: number, gated: boolean): number {
  return (gated ? 3 : 2) * h * f
}

/** Parameters of one norm over a vector of size n. */
export function normParams(n: number, kind: ModelShape['norm']): number {
  return kind === 'layer' ? 2 * n : n
}

/** How the attention parameters of one layer split when sharded (memory.ts uses this). */
export interface AttentionParts {
  kind: 'gqa' | 'mla'
  /** Split across TP by heads: Q, O, Q bias, sinks; MLA: q (or q_b), kv_b, o. */
  headSharded: number
  /** K and V projections with their biases, for all KV heads (GQA only; MLA 0). */
  kv: number
  /** Replicated on every TP rank: output bias, QK norms, MLA down-projections and their norms. */
  replicated: number
  /** Sum of the three. */
  total: number
}

export interface ParamCount {
  /** Attention parameters of one layer (projections, biases, QK norms, sinks, MLA norms). */
  attentionPerLayer: number
  attention: AttentionParts
  /** One routed expert, biases included (0 for a dense model). */
  oneExpert: number
  /** Of `oneExpert`, the bias part (gpt-oss `2·f_e + h`), which quantized checkpoints keep in 16 bits. */
  oneExpertBias: number
  /** Routed experts of one MoE layer: E · oneExpert. */
  routedPerMoeLayer: number
  /** Shared experts of one MoE layer, shared-expert gate included. */
  sharedPerMoeLayer: number
  /** Of `sharedPerMoeLayer`, the shared-expert gate (Qwen2-MoE: h). */
  sharedGatePerMoeLayer: number
  /** Router of one MoE layer: h·E (+E bias). */
  routerPerMoeLayer: number
  /** Dense FFN of one dense layer (0 when the model has none). */
  denseFfnPerLayer: number
  /** Layer norms of one layer (not the QK or MLA norms, which are in attention). */
  normsPerLayer: number
  moeLayers: number
  denseLayers: number
  /** Experts per MoE layer (E) and per token (k); 0 / undefined for a dense model. */
  experts: number
  topK?: number
  /** Input embedding V·h. */
  embedding: number
  /** Untied LM head V·h (+V bias); 0 if tied. */
  lmHead: number
  finalNorm: number
  total: number
  /** Total without the input embedding and LM head (Qwen's "non-embedding" figure). */
  totalNoEmb: number
  /** Multi-token-prediction module (DeepSeek-V3), not included in `total`; 0 if none. */
  mtp: number
  /**
   * Active parameters per token under the three embedding conventions of
   * reference §2.2: `all` (embedding and head), `noInputEmb` (head only),
   * `noEmb` (neither). For a tied model `noInputEmb` = `noEmb`.
   * Undefined for a MoE model whose top-k is unknown.
   */
  active?: { all: number; noInputEmb: number; noEmb: number }
  derivation: { total: string; active: string }
  /** Counted without the dense FFN, whose width is not known (`unknownDenseFfn`): every sum over layers is short. */
  denseFfnUnknown?: boolean
}

/** Norms per layer, MoE layer pattern and widths resolved from a shape. */
interface Resolved {
  L: number
  h: number
  a: number
  V: number
  E: number
  fe?: number
  f?: number
  step: number
  firstK: number
  mlpOnly: number[]
}

function resolvePattern(shape: ModelShape): Resolved | undefined {
  const L = dim(shape.layers)
  const h = dim(shape.hidden)
  const a = dim(shape.heads)
  const V = dim(shape.vocab)
  if (L === undefined || h === undefined || a === undefined || V === undefined) return undefined
  const E = dim(shape.experts) ?? 0
  const step = dim(shape.moeLayerStep) ?? 1
  const firstK = count0(shape.firstKDense) ?? 0
  const mlpOnly = Array.isArray(shape.mlpOnlyLayers)
    ? [...new Set(shape.mlpOnlyLayers.filter((i) => count0(i) !== undefined && i < L))].sort((x, y) => x - y)
    : []
  return { L, h, a, V, E, fe: dim(shape.expertFfn), f: dim(shape.ffn), step, firstK, mlpOnly }
}

/** MoE layers among indices [start, end) for a resolved pattern (arithmetic, no loop over L). */
function moeInRange(r: Resolved, start: number, end: number): number {
  if (r.E === 0) return 0
  const lo = Math.max(start, r.firstK, 0)
  const hi = Math.min(end, r.L)
  if (hi <= lo) return 0
  // i in [lo, hi) with (i + 1) % step === 0  ⇔  multiples of step in [lo + 1, hi].
  let n = Math.floor(hi / r.step) - Math.floor(lo / r.step)
  for (const i of r.mlpOnly) if (i >= lo && i < hi && (i + 1) % r.step === 0) n--
  return n
}

/**
 * Whether layer i (0-based) is a MoE layer: i ≥ first_k_dense_replace,
 * (i + 1) % moeLayerStep === 0 (Qwen2-MoE `decoder_sparse_step`, Llama-4
 * `interleave_moe_layer_step`), and not in `mlpOnlyLayers`.
 */
export function isMoeLayer(shape: ModelShape, i: number): boolean {
  const r = resolvePattern({ ...shape, hidden: 1, heads: 1, vocab: 1 })
  if (!r || !Number.isInteger(i) || i < 0 || i >= r.L) return false
  return moeInRange(r, i, i + 1) === 1
}

/** Number of MoE layers (0 for a dense model); undefined when `layers` is unknown. */
export function moeLayerCount(shape: ModelShape): number | undefined {
  const r = resolvePattern({ ...shape, hidden: 1, heads: 1, vocab: 1 })
  if (!r) return undefined
  return moeInRange(r, 0, r.L)
}

/** MoE layers among layer indices [start, end); undefined when `layers` is unknown. */
export function moeLayersInRange(shape: ModelShape, start: number, end: number): number | undefined {
  const r = resolvePattern({ ...shape, hidden: 1, heads: 1, vocab: 1 })
  if (!r) return undefined
  return moeInRange(r, start, end)
}

/** The 0-based indices of the MoE layers (empty for a dense model or unknown `layers`). */
export function moeLayerIndices(shape: ModelShape): number[] {
  const r = resolvePattern({ ...shape, hidden: 1, heads: 1, vocab: 1 })
  if (!r || r.E === 0) return []
  const skip = new Set(r.mlpOnly)
  const out: number[] = []
  for (let i = r.firstK; i < r.L; i++) {
    if ((i + 1) % r.step === 0 && !skip.has(i)) out.push(i)
  }
  return out
}

/** Attention parameters of one layer split by how TP shards them; undefined if inputs are missing. */
export function attentionParts(shape: ModelShape): AttentionParts | undefined {
  const h = dim(shape.hidden)
  const a = dim(shape.heads)
  if (h === undefined || a === undefined) return undefined
  const rkv = dim(shape.kvLoraRank)
  if (rkv !== undefined) {
    // MLA (DeepSeek-V2/V3), reference §2.1.
    const nope = dim(shape.qkNopeHeadDim)
    const rope = dim(shape.qkRopeHeadDim)
    if (nope === undefined || rope === undefined) return undefined
    const dv = dim(shape.vHeadDim) ?? nope
    const rq = dim(shape.qLoraRank)
    let headSharded = 0
    let replicated = 0
    if (rq !== undefined) {
      replicated += h * rq + normParams(rq, shape.norm) // q_a_proj + q_a_layernorm
      headSharded += rq * a * (nope + rope) // q_b_proj
    } else {
      headSharded += h * a * (nope + rope) // q_proj
    }
    replicated += h * (rkv + rope) + normParams(rkv, shape.norm) // kv_a_proj_with_mqa + kv_a_layernorm
    headSharded += rkv * a * (nope + dv) // kv_b_proj
    headSharded += a * dv * h // o_proj
    return { kind: 'mla', headSharded, kv: 0, replicated, total: headSharded + replicated }
  }
  const d = dim(shape.headDim) ?? h / a
  if (!Number.isInteger(d)) return undefined
  const g = dim(shape.kvHeads) ?? a
  let headSharded = h * a * d + a * d * h // Q + O
  let kv = 2 * h * g * d // K + V
  let replicated = 0
  if (shape.qkvBias) {
    headSharded += a * d
    kv += 2 * g * d
  }
  if (shape.attnOutBias) replicated += h
  if (shape.qkNorm === 'per-head') replicated += 2 * d
  else if (shape.qkNorm === 'full') replicated += a * d + g * d
  if (shape.attnSinks) headSharded += a
  return { kind: 'gqa', headSharded, kv, replicated, total: headSharded + kv + replicated }
}

/**
 * Count the parameters of a model. Undefined when a required input is
 * missing: layers, hidden, heads, vocab, and the FFN width of every layer
 * kind present (dense layers need `ffn`, MoE layers `experts` and
 * `expertFfn`; a MoE model without dense layers may give its expert width as
 * `ffn`), or MLA without its head dims.
 */
export function countParams(shape: ModelShape, opts: { unknownDenseFfn?: boolean } = {}): ParamCount | undefined {
  const r = resolvePattern(shape)
  if (!r) return undefined
  const { L, h, V, E } = r
  const attention = attentionParts(shape)
  if (!attention) return undefined
  const gated = shape.gatedFfn !== false
  const moeLayers = moeInRange(r, 0, L)
  const denseLayers = L - moeLayers
  if (E > 0 && moeLayers === 0) return undefined // experts stated but no layer can hold them
  const fe = r.fe ?? (denseLayers === 0 ? r.f : undefined)
  if (moeLayers > 0 && fe === undefined) return undefined
  const f = r.f
  const denseFfnUnknown = denseLayers > 0 && f === undefined
  if (denseFfnUnknown && !opts.unknownDenseFfn) return undefined

  // One routed expert, biases included.
  let oneExpert = 0
  let oneExpertBias = 0
  if (moeLayers > 0 && fe !== undefined) {
    oneExpert = ffnParams(h, fe, gated)
    if (shape.expertBias) oneExpertBias = (gated ? 2 * fe : fe) + h
    oneExpert += oneExpertBias
  }
  const routedPerMoeLayer = E * oneExpert

  let sharedPerMoeLayer = 0
  let sharedGatePerMoeLayer = 0
  if (moeLayers > 0) {
    const sf = dim(shape.sharedExpertFfn)
    const ns = count0(shape.sharedExperts)
    if (sf !== undefined) sharedPerMoeLayer = (ns && ns > 0 ? ns : 1) * ffnParams(h, sf, gated)
    else if (ns !== undefined && fe !== undefined) sharedPerMoeLayer = ns * ffnParams(h, fe, gated)
    if (shape.sharedExpertGate && sharedPerMoeLayer > 0) {
      sharedGatePerMoeLayer = h
      sharedPerMoeLayer += h
    }
  }
  const routerPerMoeLayer = moeLayers > 0 ? h * E + (shape.routerBias ? E : 0) : 0
  const denseFfnPerLayer = denseLayers > 0 && f !== undefined ? ffnParams(h, f, gated) : 0
  const normCount = count0(shape.normCountPerLayer) ?? 2
  const normsPerLayer = normCount * normParams(h, shape.norm)
  const finalNorm = normParams(h, shape.norm)
  const embedding = V * h
  const lmHead = shape.tiedEmbeddings ? 0 : V * h + (shape.lmHeadBias ? V : 0)

  const attn = attention.total
  const moeLayer = attn + routedPerMoeLayer + sharedPerMoeLayer + routerPerMoeLayer + normsPerLayer
  const denseLayer = attn + denseFfnPerLayer + normsPerLayer
  const total = moeLayers * moeLayer + denseLayers * denseLayer + embedding + lmHead + finalNorm
  if (!Number.isSafeInteger(total)) return undefined
  const totalNoEmb = total - embedding - lmHead

  // MTP (DeepSeek-V3): one layer of the last layer's kind + eh_proj (2h·h) + enorm, hnorm, shared_head norm.
  const mtpN = count0(shape.mtpLayers) ?? 0
  const lastIsMoe = moeLayers > 0 && moeInRange(r, L - 1, L) === 1
  const mtp = mtpN * ((lastIsMoe ? moeLayer : denseLayer) + 2 * h * h + 3 * normParams(h, shape.norm))

  const k = dim(shape.topK)
  let active: ParamCount['active']
  let activeText: string
  if (moeLayers === 0) {
    active = { all: total, noInputEmb: total - embedding, noEmb: total - embedding - lmHead }
    activeText = `dense model: every parameter is active, ${show(total)}`
  } else if (k !== undefined && k <= E) {
    const all = total - moeLayers * (E - k) * oneExpert
    active = { all, noInputEmb: all - embedding, noEmb: all - embedding - lmHead }
    activeText =
      `${show(total)} − ${moeLayers} MoE ${plural(moeLayers, 'layer')} × ${E - k} inactive experts (${E} − top-${k}) × ${show(oneExpert)}` +
      ` = ${show(all)} with embedding and head; ${show(active.noInputEmb)} without the input embedding;` +
      ` ${show(active.noEmb)} without either`
  } else {
    activeText = 'top-k unknown: active parameters cannot be computed'
  }

  return {
    attentionPerLayer: attn,
    attention,
    oneExpert,
    oneExpertBias,
    routedPerMoeLayer,
    sharedPerMoeLayer,
    sharedGatePerMoeLayer,
    routerPerMoeLayer,
    denseFfnPerLayer,
    normsPerLayer,
    moeLayers,
    denseLayers,
    experts: moeLayers > 0 ? E : 0,
    topK: moeLayers > 0 ? k : undefined,
    embedding,
    lmHead,
    finalNorm,
    total,
    totalNoEmb,
    mtp,
    active,
    derivation: {
      total: totalText(),
      active: activeText,
    },
    ...(denseFfnUnknown ? { denseFfnUnknown } : {}),
  }

  function totalText(): string {
    const parts: string[] = []
    if (denseLayers > 0) {
      const inner = [`${show(attn)} attention`, `${show(denseFfnPerLayer)} FFN`]
      if (normsPerLayer > 0) inner.push(`${show(normsPerLayer)} norms`)
      parts.push(`${denseLayers} ${moeLayers > 0 ? 'dense ' : ''}${plural(denseLayers, 'layer')} × (${inner.join(' + ')})`)
    }
    if (moeLayers > 0) {
      const inner = [`${show(attn)} attention`, `${E} × ${show(oneExpert)} experts`]
      if (sharedPerMoeLayer > 0) inner.push(`${show(sharedPerMoeLayer)} shared`)
      inner.push(`${show(routerPerMoeLayer)} router`)
      if (normsPerLayer > 0) inner.push(`${show(normsPerLayer)} norms`)
      parts.push(`${moeLayers} ${denseLayers > 0 ? 'MoE ' : ''}${plural(moeLayers, 'layer')} × (${inner.join(' + ')})`)
    }
    if (lmHead === embedding) parts.push(`2 × ${show(embedding)} embedding/head`)
    else if (lmHead === 0) parts.push(`${show(embedding)} tied embedding/head`)
    else parts.push(`${show(embedding)} embedding + ${show(lmHead)} head`)
    if (finalNorm > 0) parts.push(`${show(finalNorm)} final norm`)
    return `${parts.join(' + ')} = ${show(total)}`
  }
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
