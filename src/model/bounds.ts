/**
 * Throughput and latency sanity bounds (reference domain-math.md §6, §8
 * items 13–15): FLOPs per token, the decode step-time roofline and the
 * prefill (TTFT) compute bound, and a check of a stated tokens/s claim.
 *
 * Every bound is a *lower* bound on time (an *upper* bound on throughput)
 * computed at 100% of the hardware peak: a claim beyond it is impossible.
 * The same bound at the practical efficiencies (MBU 0.9 of HBM bandwidth,
 * MFU 0.6 of dense peak FLOPS) separates plausible from implausible claims.
 *
 * Conventions:
 * - FLOPs per token ≈ 2 · active parameters (one multiply-add per weight,
 *   Kaplan et al. 2020), without the input embedding (a lookup). A decode
 *   token also runs the LM head; a prompt token does not, except the last
 *   one of each request (serving computes one set of logits per request).
 *   Norm weights are counted with the matmuls (they are < 0.01%).
 * - Attention score and value FLOPs (§6.2): a causal prompt of S tokens
 *   costs S²·n_h·(d_qk + d_v) per full-attention layer (2 FLOPs per
 *   multiply-add, S²/2 query-key pairs); a sliding-window layer of window W
 *   has S·W − W²/2 pairs when S > W (reference: ≈ 2·S·W FLOPs-equivalent).
 *   A decode token at context C costs 2·C·n_h·(d_qk + d_v) per full layer.
 *   MHA/GQA: d_qk = d_v = head dim; MLA: d_qk = d_nope + d_rope, d_v = v_head_dim.
 * - Dense peaks only (no 2:4 sparsity). Peak by weight precision: FP8/INT8
 *   weights use the FP8 peak, 16-bit the BF16 peak; 4-bit weights use the FP8
 *   peak (pass `peakTflops` for GPUs whose FP4 tensor cores run faster).
 */
import { flopsFromCount, attentionFlops } from './flops.js'
import { grouped, showBytes, sig, show, showSeconds, showFlops, showRate } from './format.js'
import { gpuById } from './gpus.js'
import { kvCachePerGpu } from './kv.js'
import { type ResolvedPlan, resolvePlan, weightMemoryPerGpu } from './memory.js'
import { dim, countParams } from './params.js'
import type { DeploymentModel } from './types.js'

/** Default efficiency ceilings: above them a claim is implausible, above 1 impossible. */
export const DEFAULT_MBU = 0.9

export const DEFAULT_MFU = 0.6

export interface PeakHardware {
  /** GPUs in the deployment. */
  gpus?: number
  gpusPerNode?: number
  /** Dense peak TFLOPS per GPU at the precision the matmuls run in. */
  peakTflops?: number
  /** HBM bandwidth per GPU, TB/s. */
  hbmTBps?: number
}

interface Peaks {
  /** FLOP/s per GPU. */
  peak?: number
  /** Bytes/s per GPU. */
  bw?: number
  notes: string[]
}

/** Peak FLOP/s and bandwidth from explicit values, else the GPU table entry of hardware.gpuType. */
export function resolvePeaks(model: DeploymentModel, hw: PeakHardware): Peaks {
  const notes: string[] = []
  const gpu = model.hardware?.gpuType ? gpuById(model.hardware.gpuType) : undefined
  let peakT = positive(hw.peakTflops)
  if (peakT === undefined && gpu) {
    const wp = model.shape?.weightPrecision
    const low = wp !== undefined && wp !== 'bf16' && wp !== 'fp16' && wp !== 'fp32'
    if (low && gpu.fp8Tflops !== null) {
      peakT = gpu.fp8Tflops
      notes.push(`${gpu.id} FP8 dense peak ${grouped(peakT)} TFLOPS (${wp} weights)`)
    } else {
      peakT = gpu.bf16Tflops
      notes.push(`${gpu.id} BF16 dense peak ${grouped(peakT)} TFLOPS`)
    }
  }
  let bwT = positive(hw.hbmTBps)
  if (bwT === undefined && gpu) {
    bwT = gpu.hbmTBps
    notes.push(`${gpu.id} HBM ${bwT} TB/s`)
  }
  return { peak: peakT !== undefined ? peakT * 1e12 : undefined, bw: bwT !== undefined ? bwT * 1e12 : undefined, notes }
}

export function positive(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : undefined
}

export function fraction(x: unknown, dflt: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 1 ? x : dflt
}

/**
 * GPUs in the deployment: explicit, hardware.gpus, nodes × GPUs per node,
 * else TP·PP·DP·CP (not under attention-DP, where engines count DP differently).
 */
export function deploymentGpus(model: DeploymentModel, plan: ResolvedPlan, explicit?: number): number | undefined {
  const hw = model.hardware ?? {}
  const n = dim(explicit) ?? dim(hw.gpus)
  if (n !== undefined) return n
  const nodes = dim(hw.nodes)
  const per = dim(hw.gpusPerNode)
  if (nodes !== undefined && per !== undefined) return nodes * per
  if (plan.attentionDp) return undefined
  // No GPU count and no degree stated: the default TP = PP = DP = 1 is no deployment size.
  const stated = model.plan ?? {}
  if (dim(stated.tp) === undefined && dim(stated.pp) === undefined && dim(stated.dp) === undefined) return undefined
  return plan.tp * plan.pp * plan.dp * (dim(model.plan?.cp) ?? 1)
}

export interface DecodeOptions extends PeakHardware {
  /**
   * Sequences decoding together, as `workload.batch` means it: per replica
   * (TP·PP GPUs), or across the attention-DP ranks under attention-DP
   * (each GPU then holds batch ÷ DP). Default workload.batch.
   */
  batch?: number
  /** Context length whose KV cache each step reads. Default workload.promptLen, else seqLen; 0 ignores KV. */
  contextLen?: number
  /** Bytes per weight, overriding the precision of the shape. */
  bytesPerParam?: number
  /** Routed tokens per MoE layer reaching one EP group per micro-batch (T); default derived from the batch. */
  routedTokens?: number
  /** Memory-bandwidth utilisation ceiling for the plausible bound (default 0.9). */
  mbu?: number
  /** FLOPs utilisation ceiling for the plausible bound (default 0.6). */
  mfu?: number
}

export interface DecodeRates {
  /** Tokens/s for the whole deployment. */
  cluster: number
  perGpu: number
  /** Tokens/s for one sequence (1 / step time). */
  perUser: number
}

export interface DecodeBound {
  gpus: number
  /** Sets of GPUs that run one sequence's attention (N ÷ (TP_attn·PP·CP)) and sequences on each. */
  attentionGroups: number
  sequencesPerGroup: number
  /** Sequences advancing one token per step in the whole deployment. */
  tokensPerStep: number
  /** Micro-batches per step (PP: fewer leave stages idle, more re-read weights). */
  microbatches: number
  /** Routed tokens per MoE layer reaching one EP group per micro-batch (T). */
  routedTokens: number
  /** Fraction of a GPU's local experts touched per MoE layer per micro-batch: 1 − (1 − k/E)^T. */
  touchedFraction: number
  /** Expected local experts touched per MoE layer: (E/EP)·touchedFraction. */
  touchedExpertsPerLayer: number
  /** Bytes each GPU reads per step (most loaded stage): weights once per micro-batch, KV once. */
  bytesPerGpu: { resident: number; experts: number; kv: number; total: number }
  /** FLOPs per GPU per step (deployment total ÷ N). */
  flopsPerGpu: number
  /** Step time lower bounds at 100% of peak; a term is undefined when its peak is unknown. */
  stepSeconds: { memory?: number; compute?: number; min: number }
  /** Step time at the plausible ceilings (MBU, MFU). */
  plausibleStepSeconds: number
  limitedBy: 'memory' | 'compute'
  /** Rates above these are impossible. */
  tokensPerSecond: DecodeRates
  /** Rates above these are implausible. */
  plausibleTokensPerSecond: DecodeRates
  mbu: number
  mfu: number
  notes: string[]
  derivation: string
}

/**
 * Decode step time lower bound and the resulting throughput upper bound
 * (reference §6.3, §8 item 14):
 *
 *   t_step ≥ max(bytes read per GPU ÷ HBM bandwidth, FLOPs per GPU ÷ peak)
 *
 * - Bytes per GPU per step = PP × (resident non-expert weights + touched
 *   expert weights) + KV of the GPU's sequences at `contextLen`. A decode
 *   step moves every sequence one token through all PP stages; with m
 *   micro-batches each stage reads its weights m times, and with m < PP a
 *   micro-batch waits for its own previous token to leave the last stage, so
 *   m = PP is the cheapest (this is a bound, not a schedule). Embedding rows
 *   not looked up are not read; the LM head is.
 * - Touched experts (uniform routing): a GPU holding E/EP experts of a layer
 *   touches (E/EP)·(1 − (1 − k/E)^T) of them for T routed tokens; T = tokens
 *   of the micro-batch that reach the GPU's EP group = tokensPerStep ÷ PP ÷
 *   (expert-data-parallel groups per stage) = tokensPerStep·EP·ETP ÷ N.
 *   Without EP, each GPU holds 1/TP of every expert (EP·ETP read as 1·TP).
 * - FLOPs per GPU = tokensPerStep · (2·P_active_matmul + attention at
 *   context) ÷ N (perfect balance: a lower bound on the busiest GPU).
 * - Throughput ≤ tokensPerStep ÷ t_step for the deployment; per user ≤ 1 ÷ t_step.
 *
 * Undefined when the plan, GPU count, batch, parameter count or both peaks
 * are unknown. When the weight precision is unknown and no `bytesPerParam`
 * is given, or the bandwidth is unknown, only the compute term is used.
 */
export function decodeBound(model: DeploymentModel, opts: DecodeOptions = {}): DecodeBound | undefined {
  const shape = model.shape ?? {}
  const plan = resolvePlan(model.plan)
  if (!plan) return undefined
  const pc = countParams(shape)
  const fl = pc ? flopsFromCount(pc) : undefined
  if (!pc || !fl) return undefined
  const N = deploymentGpus(model, plan, opts.gpus)
  const w = model.workload ?? {}
  const batch = positive(opts.batch) ?? positive(w.batch)
  if (N === undefined || batch === undefined) return undefined
  const cp = dim(model.plan?.cp) ?? 1
  const context =
    typeof opts.contextLen === 'number' && Number.isFinite(opts.contextLen) && opts.contextLen >= 0
      ? opts.contextLen
      : (dim(w.promptLen) ?? dim(w.seqLen) ?? 0)
  const peaks = resolvePeaks(model, opts)
  if (peaks.peak === undefined && peaks.bw === undefined) return undefined
  const mbu = fraction(opts.mbu, DEFAULT_MBU)
  const mfu = fraction(opts.mfu, DEFAULT_MFU)
  const notes = [...plan.notes, ...peaks.notes]

  // Sequences.
  const groupGpus = plan.attnTp * plan.pp * cp
  const attentionGroups = N / groupGpus
  if (attentionGroups < 1) return undefined
  const sequencesPerGroup = plan.attentionDp ? batch / plan.dp : batch
  const tokensPerStep = attentionGroups * sequencesPerGroup
  const microbatches = plan.pp

  // Routed tokens and touched experts.
  const E = pc.experts
  const k = pc.topK ?? 0
  const epEff = plan.ep ?? 1
  const etpEff = plan.ep !== undefined ? plan.etp : plan.tp
  const routedTokens = positive(opts.routedTokens) ?? (tokensPerStep * epEff * etpEff) / N
  const touchedFraction = E > 0 && k > 0 ? 1 - Math.pow(1 - k / E, routedTokens) : 0
  const localExperts = E > 0 ? (plan.ep !== undefined ? Math.ceil(E / plan.ep) : E) : 0
  const touchedExpertsPerLayer = localExperts * touchedFraction

  // Bytes.
  const wm = weightMemoryPerGpu(model)
  let resident: number | undefined
  let expertBytes: number | undefined
  const b = positive(opts.bytesPerParam)
  if (wm) {
    const p = wm.params
    if (b !== undefined) {
      resident = (p.attention + p.denseFfn + p.sharedExperts + p.normsAndRouter + p.lmHead) * b
      expertBytes = p.experts * b
    } else if (wm.total) {
      resident = [wm.attention, wm.denseFfn, wm.sharedExperts, wm.normsAndRouter, wm.lmHead].reduce(
        (s, part) => s + (part?.bytes ?? 0),
        0,
      )
      expertBytes = wm.experts?.bytes ?? 0
    }
  }
  let kvBytes = 0
  let kvText = ''
  if (context > 0) {
    const kv = kvCachePerGpu({ ...model, workload: { batch, seqLen: context } })
    if (kv) {
      kvBytes = kv.bytes / cp
      kvText = `KV ${showBytes(kvBytes)} (${kv.requests} ${kv.requests === 1 ? 'sequence' : 'sequences'} × ${grouped(context)} tokens${cp > 1 ? ` ÷ CP ${cp}` : ''})`
    } else {
      notes.push('KV read not counted (KV shape or precision unknown)')
    }
  }
  const touchedBytes = expertBytes !== undefined ? expertBytes * touchedFraction : undefined
  const bytesTotal =
    resident !== undefined && touchedBytes !== undefined ? microbatches * (resident + touchedBytes) + kvBytes : undefined
  if (bytesTotal === undefined && peaks.bw !== undefined) notes.push('weight bytes unknown (no precision): memory term not used')

  // FLOPs.
  const attn = context > 0 ? attentionFlops(shape, context) : undefined
  const perToken = fl.decode + (attn?.decodeToken ?? 0)
  const flopsPerGpu = (tokensPerStep * perToken) / N

  // Times.
  const tMem = bytesTotal !== undefined && peaks.bw !== undefined ? bytesTotal / peaks.bw : undefined
  const tComp = peaks.peak !== undefined ? flopsPerGpu / peaks.peak : undefined
  if (tMem === undefined && tComp === undefined) return undefined
  const min = Math.max(tMem ?? 0, tComp ?? 0)
  const plausible = Math.max(tMem !== undefined ? tMem / mbu : 0, tComp !== undefined ? tComp / mfu : 0)
  const limitedBy: 'memory' | 'compute' = (tMem ?? 0) >= (tComp ?? 0) ? 'memory' : 'compute'
  const rates = (t: number): DecodeRates => ({
    cluster: tokensPerStep / t,
    perGpu: tokensPerStep / t / N,
    perUser: 1 / t,
  })
  const tokensPerSecond = rates(min)
  const plausibleTokensPerSecond = rates(plausible)

  // Derivation.
  const parts: string[] = []
  parts.push(
    `${grouped(N)} GPUs ÷ (TP_attn ${plan.attnTp} × PP ${plan.pp}${cp > 1 ? ` × CP ${cp}` : ''}) = ${sig(attentionGroups, 4)} attention ${attentionGroups === 1 ? 'group' : 'groups'}` +
      ` × ${sig(sequencesPerGroup, 4)} ${sequencesPerGroup === 1 ? 'sequence' : 'sequences'}${plan.attentionDp ? ` (${sig(batch, 6)} ÷ DP ${plan.dp}, attention-DP)` : ''} = ${sig(tokensPerStep, 6)} tokens per step`,
  )
  if (bytesTotal !== undefined && resident !== undefined && expertBytes !== undefined) {
    let bytesText = `bytes per GPU per step = `
    const inner: string[] = [`resident ${showBytes(resident)}`]
    if (E > 0 && k > 0) {
      inner.push(
        `experts ${showBytes(expertBytes)} × (1 − (1 − ${k}/${E})^${sig(routedTokens, 4)}) = ${sig(touchedExpertsPerLayer, 3)} of ${localExperts} local experts per layer touched = ${showBytes(touchedBytes as number)}`,
      )
    }
    bytesText += microbatches > 1 ? `PP ${microbatches} micro-batches × (${inner.join(' + ')})` : inner.join(' + ')
    if (kvBytes > 0) bytesText += ` + ${kvText}`
    bytesText += ` = ${showBytes(bytesTotal)}`
    if (tMem !== undefined && peaks.bw !== undefined) bytesText += ` ÷ ${sig(peaks.bw / 1e12, 4)} TB/s = ${showSeconds(tMem)}`
    parts.push(bytesText)
  }
  if (tComp !== undefined && peaks.peak !== undefined) {
    parts.push(
      `FLOPs per GPU = ${sig(tokensPerStep, 6)} × ${showFlops(perToken)} (2 × ${show(fl.activeMatmul)} active${attn ? ` + attention at context ${grouped(context)}` : ''}) ÷ ${grouped(N)} GPUs` +
        ` = ${showFlops(flopsPerGpu)} ÷ ${grouped(peaks.peak / 1e12)} TFLOPS = ${showSeconds(tComp)}`,
    )
  } else {
    notes.push('peak FLOPS unknown: compute term not used')
  }
  if (tMem === undefined && peaks.bw === undefined) notes.push('HBM bandwidth unknown: memory term not used')
  parts.push(
    `step ≥ ${showSeconds(min)} (${limitedBy}-bound): ≤ ${showRate(tokensPerSecond.cluster)} for the deployment, ${showRate(tokensPerSecond.perGpu)} per GPU, ${showRate(tokensPerSecond.perUser)} per sequence`,
  )
  parts.push(
    `at MBU ${mbu} / MFU ${mfu}: step ≥ ${showSeconds(plausible)}, ≤ ${showRate(plausibleTokensPerSecond.cluster)} for the deployment`,
  )
  let derivation = parts.join('; ')
  if (notes.length > 0) derivation += ` (${notes.join('; ')})`

  return {
    gpus: N,
    attentionGroups,
    sequencesPerGroup,
    tokensPerStep,
    microbatches,
    routedTokens,
    touchedFraction,
    touchedExpertsPerLayer,
    bytesPerGpu: { resident: resident ?? 0, experts: touchedBytes ?? 0, kv: kvBytes, total: bytesTotal ?? 0 },
    flopsPerGpu,
    stepSeconds: { memory: tMem, compute: tComp, min },
    plausibleStepSeconds: plausible,
    limitedBy,
    tokensPerSecond,
    plausibleTokensPerSecond,
    mbu,
    mfu,
    notes,
    derivation,
  }
}

export interface PrefillOptions {
  /** Prompt length S. Default workload.promptLen, else seqLen. */
  promptLen?: number
  /** GPUs sharing one request's compute, overriding the plan (every part divided by it). */
  gpusPerRequest?: number
  /** Dense peak TFLOPS per GPU (default: the GPU table entry of hardware.gpuType). */
  peakTflops?: number
  /** FLOPs utilisation ceiling for the plausible bound (default 0.6). */
  mfu?: number
  /**
   * Chunked prefill pipelined over PP stages: the stages may overlap, so the
   * bound is divided by PP. Default false (stages run one after another).
   */
  chunkedPipeline?: boolean
}

export interface PrefillBound {
  promptLen: number
  /** FLOPs of one request's prefill (last token's logits included). */
  flops: number
  flopsByPart: { attention: number; dense: number; experts: number; lmHead: number }
  /** GPUs each part is spread over for one request. */
  gpusByPart: { attention: number; dense: number; experts: number }
  /** TTFT lower bound at 100% of peak: a smaller TTFT is impossible. */
  seconds: number
  /** TTFT at the plausible MFU: a smaller TTFT is implausible. */
  plausibleSeconds: number
  mfu: number
  /** Prefill tokens/s of the whole deployment at 100% of peak: N·peak ÷ (2·P_active + F_attn(S)/S). */
  clusterTokensPerSecond?: number
  derivation: string
}

/**
 * TTFT lower bound (reference §6.3, §8 item 13):
 *
 *   TTFT ≥ Σ_parts FLOPs_part(S) ÷ (G_part · peak)
 *
 * One request's parts run one after another within a layer, each on the
 * GPUs that hold it: attention (projections + scores) on TP_attn·CP GPUs
 * (one GPU's share under attention-DP), dense FFN, shared experts and LM
 * head on TP·CP, routed experts on max(EP·ETP, TP·CP) (the request's tokens
 * reach one EP group, or all its TP·CP GPUs when those span several). PP
 * stages run one after another, so the FLOPs of all stages add up over the
 * same per-stage GPU counts. `gpusPerRequest` replaces all three counts.
 * The weight-read time is not added (prefill of long prompts is
 * compute-bound), which keeps the bound a lower bound.
 */
export function prefillBound(model: DeploymentModel, opts: PrefillOptions = {}): PrefillBound | undefined {
  const shape = model.shape ?? {}
  const plan = resolvePlan(model.plan)
  const pc = countParams(shape)
  const fl = pc ? flopsFromCount(pc) : undefined
  if (!plan || !pc || !fl) return undefined
  const w = model.workload ?? {}
  const S = positive(opts.promptLen) ?? dim(w.promptLen) ?? dim(w.seqLen)
  if (S === undefined) return undefined
  const peaks = resolvePeaks(model, { peakTflops: opts.peakTflops })
  if (peaks.peak === undefined) return undefined
  const mfu = fraction(opts.mfu, DEFAULT_MFU)
  const attn = attentionFlops(shape, S)
  if (!attn) return undefined
  const cp = dim(model.plan?.cp) ?? 1

  const flopsByPart = {
    attention: 2 * fl.parts.attention * S + attn.prefill,
    dense: 2 * fl.parts.dense * S,
    experts: 2 * fl.parts.experts * S,
    lmHead: 2 * fl.lmHead,
  }
  const flops = flopsByPart.attention + flopsByPart.dense + flopsByPart.experts + flopsByPart.lmHead
  const override = dim(opts.gpusPerRequest)
  const expertGpus = Math.max(plan.ep !== undefined ? plan.ep * plan.etp : plan.tp, plan.tp * cp)
  const gpusByPart = override
    ? { attention: override, dense: override, experts: override }
    : { attention: plan.attnTp * cp, dense: plan.tp * cp, experts: pc.moeLayers > 0 ? expertGpus : plan.tp * cp }
  const pipe = opts.chunkedPipeline ? plan.pp : 1
  const gpuFlops =
    flopsByPart.attention / gpusByPart.attention +
    (flopsByPart.dense + flopsByPart.lmHead) / gpusByPart.dense +
    flopsByPart.experts / gpusByPart.experts
  const seconds = gpuFlops / peaks.peak / pipe
  const plausibleSeconds = seconds / mfu

  const N = deploymentGpus(model, plan)
  const clusterTokensPerSecond = N !== undefined ? (N * peaks.peak) / (fl.prompt + attn.prefill / S) : undefined

  const terms: string[] = []
  const uniform = gpusByPart.attention === gpusByPart.dense && gpusByPart.dense === gpusByPart.experts
  if (uniform) {
    terms.push(`${showFlops(flops)} ÷ ${gpusByPart.dense} GPUs`)
  } else {
    terms.push(`attention ${showFlops(flopsByPart.attention)} ÷ ${gpusByPart.attention}`)
    if (flopsByPart.dense + flopsByPart.lmHead > 0) terms.push(`dense and head ${showFlops(flopsByPart.dense + flopsByPart.lmHead)} ÷ ${gpusByPart.dense}`)
    if (flopsByPart.experts > 0) terms.push(`routed experts ${showFlops(flopsByPart.experts)} ÷ ${gpusByPart.experts}`)
  }
  let derivation =
    `prefill of ${grouped(S)} tokens: 2 × ${show(fl.activeNoHead)} active × ${grouped(S)} + ${showFlops(attn.prefill)} attention` +
    ` + ${showFlops(flopsByPart.lmHead)} LM head (last token) = ${showFlops(flops)}; ${terms.join(' + ')}` +
    `${pipe > 1 ? ` ÷ PP ${pipe} (chunked pipeline)` : ''} at ${grouped(peaks.peak / 1e12)} TFLOPS = TTFT ≥ ${showSeconds(seconds)}` +
    `; at MFU ${mfu}: ≥ ${showSeconds(plausibleSeconds)}`
  if (peaks.notes.length > 0) derivation += ` (${peaks.notes.join('; ')})`
  return {
    promptLen: S,
    flops,
    flopsByPart,
    gpusByPart,
    seconds,
    plausibleSeconds,
    mfu,
    clusterTokensPerSecond,
    derivation,
  }
}
