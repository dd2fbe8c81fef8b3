/**
 * Training memory per GPU (reference domain-math.md §4.5, §8 item 12).
 *
 * Model states, mixed-precision Adam, Ψ = parameters on the GPU after
 * TP/PP/EP sharding, d = data-parallel degree the states are sharded over:
 *
 * - ZeRO paper (arXiv 1910.02054): (2 + 2 + K)Ψ with K = 12 (fp32 master
 *   weights, momentum, variance), i.e. 16 B/param without sharding;
 *   ZeRO-1 4Ψ + KΨ/d; ZeRO-2 2Ψ + (2 + K)Ψ/d; ZeRO-3 (4 + K)Ψ/d.
 * - Megatron (`docs/user-guide/features/dist_optimizer.md`,
 *   `theoretical_memory_usage.py::num_bytes_per_parameter`): bf16 params
 *   with fp32 main grads 18 B/param, distributed optimizer 6 + 12/d; fp16
 *   20 or 4 + 16/d; fp32 16 or 8 + 8/d.
 * - MoE: routed-expert parameters use d = EDP (expert-data-parallel size),
 *   the rest d = DP (Megatron `weight_and_optimizer_memory`).
 *
 * Activations (Korthikanti et al. 2022, arXiv 2205.05198, Table 2): bytes
 * per transformer layer with 16-bit activations. These formulas are for
 * dense layers with FFN = 4h; MoE expert activations (k·I_e per token plus
 * dispatch buffers) are not modelled, so treat MoE activation figures as
 * unverifiable to within ±30%.
 */
import { grouped, show, showBytes, sig } from './format.js'
import { distinct, resolvePlan, weightMemoryPerGpu } from './memory.js'
import { dim } from './params.js'
import type { DeploymentModel } from './types.js'

/** Optimizer-state sharding: ZeRO stage 0–3, Megatron without / with the distributed optimizer. */
export type OptimizerSharding = 0 | 1 | 2 | 3 | 'megatron' | 'megatron-distopt'

export const OPTIMIZER_SHARDINGS: readonly OptimizerSharding[] = [0, 1, 2, 3, 'megatron', 'megatron-distopt']

export interface TrainingOptions {
  zero: OptimizerSharding
  /** Data-parallel degree of the non-expert parameters. */
  dp: number
  /**
   * Expert-data-parallel degree of the routed-expert parameters. Default:
   * TP·DP·CP ÷ (EP·ETP) when the plan has EP and that is a whole number
   * (Megatron folding), else DP.
   */
  edp?: number
  /**
   * Parameters per GPU after TP/PP/EP sharding. A number is read as all
   * non-expert. Default: weightMemoryPerGpu(model).params (most loaded stage).
   */
  paramsPerGpu?: number | { nonExpert: number; expert: number }
  /** Megatron param/grad precision (default 'bf16': bf16 params, fp32 main grads). */
  megatronPrecision?: 'bf16' | 'fp16' | 'fp32'
  /** Optimizer bytes per parameter K in ZeRO's (2 + 2 + K) (default 12, Adam). */
  k?: number
}

export type TrainingReading = 'zero0' | 'zero1' | 'zero2' | 'zero3' | 'megatron' | 'megatron-distopt'

export interface TrainingMemory {
  /** Model-state bytes per GPU (params, grads, optimizer) under the chosen sharding. */
  bytes: number
  /** Bytes per parameter applied to each class. */
  bytesPerParam: { nonExpert: number; expert: number }
  params: { nonExpert: number; expert: number }
  dp: number
  edp: number
  /** Bytes per GPU under every sharding, for a document that does not say which it uses. */
  readings: Record<TrainingReading, number>
  /** The same values, sorted and distinct. */
  readingValues: number[]
  derivation: string
}

/** Bytes per parameter of the model states under a sharding over d ranks. */
export function stateBytesPerParam(
  zero: OptimizerSharding,
  d: number,
  opts: { k?: number; megatronPrecision?: 'bf16' | 'fp16' | 'fp32' } = {},
): number {
  const K = opts.k ?? 12
  const prec = opts.megatronPrecision ?? 'bf16'
  switch (zero) {
    case 0:
      return 4 + K
    case 1:
      return 4 + K / d
    case 2:
      return 2 + (2 + K) / d
    case 3:
      return (4 + K) / d
    case 'megatron':
      return prec === 'fp16' ? 20 : prec === 'fp32' ? 16 : 18
    case 'megatron-distopt':
      return prec === 'fp16' ? 4 + 16 / d : prec === 'fp32' ? 8 + 8 / d : 6 + 12 / d
  }
}

/** The formula of a sharding, as text: "(4 + 12)/8", "6 + 12/8". */
function formulaText(zero: OptimizerSharding, d: number, K: number, prec: 'bf16' | 'fp16' | 'fp32'): string {
  switch (zero) {
    case 0:
      return `2 + 2 + ${K}`
    case 1:
      return `4 + ${K}/${d}`
    case 2:
      return `2 + (2 + ${K})/${d}`
    case 3:
      return `(4 + ${K})/${d}`
    case 'megatron':
      return String(stateBytesPerParam('megatron', d, { megatronPrecision: prec }))
    case 'megatron-distopt': {
      const [a, b] = prec === 'fp16' ? [4, 16] : prec === 'fp32' ? [8, 8] : [6, 12]
      return `${a} + ${b}/${d}`
    }
  }
}

function shardingName(zero: OptimizerSharding, prec: 'bf16' | 'fp16' | 'fp32'): string {
  if (typeof zero === 'number') return zero === 0 ? 'no ZeRO' : `ZeRO-${zero}`
  const p = prec === 'bf16' ? 'bf16 params, fp32 main grads' : `${prec} params and grads`
  return `${zero === 'megatron' ? 'Megatron' : 'Megatron distributed optimizer'} (${p})`
}

const READING_KEY: Record<string, TrainingReading> = {
  '0': 'zero0',
  '1': 'zero1',
  '2': 'zero2',
  '3': 'zero3',
  megatron: 'megatron',
  'megatron-distopt': 'megatron-distopt',
}

/**
 * Model-state memory per GPU for mixed-precision Adam. Undefined when the
 * degrees are not positive integers, the sharding is unknown, or the
 * per-GPU parameters cannot be found (no `paramsPerGpu` and no countable
 * model).
 */
export function trainingMemoryPerGpu(model: DeploymentModel | undefined, opts: TrainingOptions): TrainingMemory | undefined {
  const dp = dim(opts.dp)
  if (dp === undefined || !OPTIMIZER_SHARDINGS.includes(opts.zero)) return undefined
  const K = typeof opts.k === 'number' && Number.isFinite(opts.k) && opts.k >= 0 ? opts.k : 12
  const prec = opts.megatronPrecision ?? 'bf16'
  const notes: string[] = []

  // Parameters on the GPU.
  let nonExpert: number
  let expert: number
  const given = opts.paramsPerGpu
  if (typeof given === 'number') {
    if (!(Number.isFinite(given) && given >= 0)) return undefined
    nonExpert = given
    expert = 0
  } else if (given && typeof given === 'object') {
    if (!(Number.isFinite(given.nonExpert) && given.nonExpert >= 0 && Number.isFinite(given.expert) && given.expert >= 0)) {
      return undefined
    }
    nonExpert = given.nonExpert
    expert = given.expert
  } else {
    if (!model) return undefined
    const wm = weightMemoryPerGpu(model)
    if (!wm) return undefined
    expert = wm.params.experts
    nonExpert = wm.params.total - expert
  }

  // Expert-data-parallel degree.
  let edp = dim(opts.edp)
  if (edp === undefined) {
    edp = dp
    const plan = model ? resolvePlan(model.plan) : undefined
    if (expert > 0 && plan && plan.ep !== undefined) {
      const cp = dim(model?.plan?.cp) ?? 1
      const folded = (plan.tp * dp * cp) / (plan.ep * plan.etp)
      if (Number.isInteger(folded) && folded >= 1) {
        edp = folded
        notes.push(`EDP = TP ${plan.tp} × DP ${dp}${cp > 1 ? ` × CP ${cp}` : ''} ÷ (EP ${plan.ep}${plan.etp > 1 ? ` × ETP ${plan.etp}` : ''}) = ${folded}`)
      }
    }
  }

  const byteSet = { k: K, megatronPrecision: prec }
  const at = (zero: OptimizerSharding): number =>
    nonExpert * stateBytesPerParam(zero, dp, byteSet) + expert * stateBytesPerParam(zero, edp as number, byteSet)
  const readings = {} as Record<TrainingReading, number>
  for (const z of OPTIMIZER_SHARDINGS) readings[READING_KEY[String(z)]] = at(z)
  const bNon = stateBytesPerParam(opts.zero, dp, byteSet)
  const bExp = stateBytesPerParam(opts.zero, edp, byteSet)
  const bytes = at(opts.zero)

  const term = (p: number, d: number, b: number, label: string): string =>
    `${show(p)}${label} × (${formulaText(opts.zero, d, K, prec)}) = ${sig(b, 4)} B/param`
  const terms: string[] = []
  if (nonExpert > 0 || expert === 0) terms.push(term(nonExpert, dp, bNon, expert > 0 ? ' non-expert params (d = DP)' : ' params'))
  if (expert > 0) terms.push(term(expert, edp, bExp, ` expert params (d = EDP ${edp})`))
  let derivation = `${shardingName(opts.zero, prec)}, DP ${dp}: ${terms.join(' + ')} → ${showBytes(bytes)} (${grouped(Math.round(bytes))} B) per GPU`
  derivation +=
    `; other readings: no ZeRO ${showBytes(readings.zero0)}, ZeRO-1 ${showBytes(readings.zero1)}, ZeRO-2 ${showBytes(readings.zero2)},` +
    ` ZeRO-3 ${showBytes(readings.zero3)}, Megatron ${showBytes(readings.megatron)}, distributed optimizer ${showBytes(readings['megatron-distopt'])}`
  if (notes.length > 0) derivation += ` (${notes.join('; ')})`
  return {
    bytes,
    bytesPerParam: { nonExpert: bNon, expert: bExp },
    params: { nonExpert, expert },
    dp,
    edp,
    readings,
    readingValues: distinct(Object.values(readings)),
    derivation,
  }
}

// ---------------------------------------------------------------------------
// Activations

export type Recompute = 'none' | 'selective' | 'full'

export interface ActivationInput {
  /** Sequence length. */
  s: number
  /** Micro-batch size. */
  b: number
  /** Hidden size. */
  h: number
  /** Attention heads. */
  a: number
  /** Tensor-parallel degree (default 1). */
  t?: number
  /** Sequence parallelism (default false). */
  sp?: boolean
  /** Activation recomputation (default 'none'). */
  recompute?: Recompute
}

export interface ActivationMemory {
  /** Bytes per transformer layer on one GPU. */
  bytes: number
  /** The Table 2 row used, e.g. "sbh(34/t + 5as/(ht))". */
  formula: string
  /** Other readings: full recompute with SP keeps the layer input sharded, 2sbh/t (Megatron). */
  readings: number[]
  derivation: string
}

/**
 * Activation bytes per transformer layer (Korthikanti et al. 2022, Table 2;
 * 16-bit activations, dense layer with FFN = 4h):
 *
 * - no parallelism:          sbh(34 + 5as/h)
 * - TP:                      sbh(10 + 24/t + 5as/(ht))
 * - TP + SP:                 sbh(34/t + 5as/(ht))
 * - TP + selective recompute: sbh(10 + 24/t)
 * - TP + SP + selective:     34·sbh/t
 * - full recompute:          2sbh
 *
 * Dense only: MoE layers (k·I_e per token, dispatch buffers) are not
 * modelled; a MoE activation figure is unverifiable to within ±30%.
 * Undefined when s, b, h or a is not a positive integer.
 */
export function activationBytesPerLayer(x: ActivationInput): ActivationMemory | undefined {
  const s = dim(x.s)
  const b = dim(x.b)
  const h = dim(x.h)
  const a = dim(x.a)
  const t = x.t === undefined ? 1 : dim(x.t)
  if (s === undefined || b === undefined || h === undefined || a === undefined || t === undefined) return undefined
  const sp = x.sp === true && t > 1
  const rc: Recompute = x.recompute ?? 'none'
  const sbh = s * b * h
  const attn = (5 * a * s) / (h * t) // 5as/(ht)
  let factor: number
  let formula: string
  let terms: string
  if (rc === 'full') {
    factor = 2
    formula = '2sbh'
    terms = '2'
  } else if (rc === 'selective') {
    if (sp) {
      factor = 34 / t
      formula = '34·sbh/t'
      terms = `34/${t}`
    } else {
      factor = 10 + 24 / t
      formula = 'sbh(10 + 24/t)'
      terms = `10 + 24/${t}`
    }
  } else if (t === 1) {
    factor = 34 + attn
    formula = 'sbh(34 + 5as/h)'
    terms = `34 + 5·${a}·${s}/${h} = 34 + ${sig(attn, 6)}`
  } else if (sp) {
    factor = 34 / t + attn
    formula = 'sbh(34/t + 5as/(ht))'
    terms = `34/${t} + 5·${a}·${s}/(${h}·${t}) = ${sig(34 / t, 6)} + ${sig(attn, 6)}`
  } else {
    factor = 10 + 24 / t + attn
    formula = 'sbh(10 + 24/t + 5as/(ht))'
    terms = `10 + 24/${t} + 5·${a}·${s}/(${h}·${t}) = 10 + ${sig(24 / t, 6)} + ${sig(attn, 6)}`
  }
  const bytes = sbh * factor
  const readings = distinct(rc === 'full' && sp ? [bytes, bytes / t] : [bytes])
  const setting =
    rc === 'full'
      ? 'full recompute'
      : `${t > 1 ? `TP ${t}` : 'no parallelism'}${sp ? ' + SP' : ''}${rc === 'selective' ? ' + selective recompute' : ''}`
  let derivation =
    `${setting}: ${formula} = ${grouped(s)}·${b}·${grouped(h)} × (${terms}) = ${grouped(sbh)} × ${sig(factor, 6)} = ${showBytes(bytes)} per layer` +
    ' (Korthikanti et al. 2022 Table 2, 16-bit activations, dense layer; MoE layers unverifiable ±30%)'
  if (readings.length > 1) derivation += `; with SP the stored layer input is 2sbh/t = ${showBytes(bytes / t)}`
  return { bytes, formula, readings, derivation }
}
