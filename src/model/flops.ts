/**
 * FLOPs per token (≈ 2 · active parameters, without the input embedding) and
 * the attention score/value FLOPs of a prompt or a decode step (reference
 * domain-math.md §6, §6.2). Conventions: see src/model/bounds.ts.
 */
import { show, grouped, showFlops } from './format.js'
import { countParams, type ParamCount, dim } from './params.js'
import type { DeploymentModel, ModelShape } from './types.js'

function shapeOf(model: DeploymentModel | ModelShape): ModelShape {
  return 'shape' in model && typeof (model as DeploymentModel).shape === 'object' ? (model as DeploymentModel).shape ?? {} : (model as ModelShape)
}

export interface FlopsPerToken {
  /** 2 × active params without the input embedding (LM head included): one decode token. */
  decode: number
  /** 2 × active params without embedding or LM head: one prompt token whose logits are not computed. */
  prompt: number
  /** Active params without the input embedding (P_active_matmul of a decode token). */
  activeMatmul: number
  /** Active params without embedding or head. */
  activeNoHead: number
  /** LM head params (the embedding when tied). */
  lmHead: number
  /** Active params split the way prefill shards them (sums to `activeNoHead`). */
  parts: {
    /** Attention projections (and MLA norms) over all layers. */
    attention: number
    /** Dense FFN layers, shared experts, router and norms. */
    dense: number
    /** k routed experts per MoE layer. */
    experts: number
  }
  derivation: string
}

/**
 * Forward FLOPs per token, 2 · P_active_matmul (reference §6.2). Undefined
 * when the parameter count or (for MoE) top-k is unknown.
 */
export function flopsPerToken(model: DeploymentModel | ModelShape): FlopsPerToken | undefined {
  const pc = countParams(shapeOf(model))
  if (!pc || !pc.active) return undefined
  return flopsFromCount(pc)
}

export function flopsFromCount(pc: ParamCount): FlopsPerToken | undefined {
  if (!pc.active) return undefined
  const L = pc.moeLayers + pc.denseLayers
  const k = pc.topK ?? 0
  const head = pc.lmHead > 0 ? pc.lmHead : pc.embedding
  const activeMatmul = pc.active.noEmb + head
  const attention = L * pc.attentionPerLayer
  const experts = pc.moeLayers * k * pc.oneExpert
  const dense = pc.active.noEmb - attention - experts
  const derivation =
    `2 × ${show(activeMatmul)} active params without the input embedding = ${showFlops(2 * activeMatmul)} per decode token` +
    ` (${show(pc.active.noEmb)} without the LM head: ${showFlops(2 * pc.active.noEmb)} per prompt token)`
  return {
    decode: 2 * activeMatmul,
    prompt: 2 * pc.active.noEmb,
    activeMatmul,
    activeNoHead: pc.active.noEmb,
    lmHead: head,
    parts: { attention, dense, experts },
    derivation,
  }
}

export interface AttentionFlops {
  /** Score + value FLOPs of a causal prompt of S tokens, all layers. */
  prefill: number
  /** Score + value FLOPs of one decode token attending to S cached tokens, all layers. */
  decodeToken: number
  /** Layers with full attention and with a sliding window. */
  fullLayers: number
  slidingLayers: number
  heads: number
  dQk: number
  dV: number
  derivation: string
}

/** Sliding-window layers over the whole model (same rule as kv.ts). */
function slidingLayerCount(shape: ModelShape, L: number): number {
  if (dim(shape.slidingWindow) === undefined) return 0
  const every = dim(shape.slidingEvery)
  if (every !== undefined) return Math.floor((L - 1) / every) + 1
  const count = dim(shape.slidingLayers)
  return count === undefined || count >= L ? L : count
}

/**
 * Attention score and value FLOPs for a context of S tokens (reference
 * §6.2, causal counting). Undefined when heads or head dims are unknown or S
 * is not a non-negative number.
 */
export function attentionFlops(model: DeploymentModel | ModelShape, S: number): AttentionFlops | undefined {
  const shape = shapeOf(model)
  const L = dim(shape.layers)
  const a = dim(shape.heads)
  if (L === undefined || a === undefined || !(typeof S === 'number' && Number.isFinite(S) && S >= 0)) return undefined
  let dQk: number
  let dV: number
  let dims: string
  if (dim(shape.kvLoraRank) !== undefined) {
    const nope = dim(shape.qkNopeHeadDim)
    const rope = dim(shape.qkRopeHeadDim)
    if (nope === undefined || rope === undefined) return undefined
    dQk = nope + rope
    dV = dim(shape.vHeadDim) ?? nope
    dims = `MLA d_qk ${nope} + ${rope} = ${dQk}, d_v ${dV}`
  } else {
    const h = dim(shape.hidden)
    const d = dim(shape.headDim) ?? (h !== undefined && Number.isInteger(h / a) ? h / a : undefined)
    if (d === undefined) return undefined
    dQk = dV = d
    dims = `d_qk = d_v = ${d}`
  }
  const sliding = slidingLayerCount(shape, L)
  const full = L - sliding
  const W = dim(shape.slidingWindow)
  const perPair = 2 * a * (dQk + dV)
  const fullPairs = (S * S) / 2
  const slidePairs = W === undefined ? 0 : S <= W ? (S * S) / 2 : S * W - (W * W) / 2
  const prefill = perPair * (full * fullPairs + sliding * slidePairs)
  const decodeToken = perPair * (full * S + sliding * (W === undefined ? S : Math.min(S, W)))
  let derivation =
    `${full} full-attention layers × S² (${grouped(S)}²) × ${a} heads × (${dQk} + ${dV}) = ${showFlops(perPair * full * fullPairs)}`
  if (sliding > 0 && W !== undefined) {
    derivation += ` + ${sliding} sliding layers (window ${W}) × 2·${grouped(Math.round(slidePairs))} pairs × ${a} × ${dQk + dV}`
  }
  derivation += ` for a causal prompt of ${grouped(S)} tokens (${dims}); ${showFlops(decodeToken)} per decode token at context ${grouped(S)}`
  return { prefill, decodeToken, fullLayers: full, slidingLayers: sliding, heads: a, dQk, dV, derivation }
}
