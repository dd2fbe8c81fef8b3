/**
 * Checks of stated claims against the bounds of src/model/bounds.ts: a
 * tokens/s claim (decode, prefill or total, at its own scope) and a TTFT
 * (reference domain-math.md §6.3, §8 items 13–15).
 */
import { type DecodeOptions, type PrefillOptions, positive, deploymentGpus, fraction, DEFAULT_MFU, decodeBound, resolvePeaks, prefillBound } from './bounds.js'
import { flopsPerToken, attentionFlops } from './flops.js'
import { show, grouped, sig, showFlops, showRate, showSeconds } from './format.js'
import { resolvePlan } from './memory.js'
import { dim } from './params.js'
import type { DeploymentModel } from './types.js'

export type Verdict = 'ok' | 'implausible' | 'impossible'

export interface ThroughputClaim {
  /** Stated rate, already converted to tokens/s (120 tokens/ms → 120,000). */
  tokensPerSecond: number
  /** What the rate is per: one GPU, one node, the whole deployment, or one sequence (decode TPOT). */
  scope: 'gpu' | 'node' | 'cluster' | 'user'
  /** Generated tokens, prompt tokens, or both. */
  kind: 'decode' | 'prefill' | 'total'
}

export interface ThroughputCheck {
  /** Upper bound at 100% of peak, at the claim's scope (tokens/s). */
  bound: number
  /** Upper bound at the plausible MBU/MFU, same scope. */
  plausibleBound: number
  /** claim ÷ bound. */
  ratio: number
  verdict: Verdict
  derivation: string
}

export type ThroughputOptions = DecodeOptions & PrefillOptions

/**
 * Check a tokens/s claim against the bounds (reference §6.3 "Aggregate
 * claims", §8 item 15). The claim is compared at its own scope: the
 * deployment bound is divided by N for 'gpu' and multiplied by GPUs per node
 * for 'node'.
 *
 * - decode: the decode roofline of `decodeBound` (needs a batch).
 * - prefill: N · peak ÷ (2·P_active without embedding and head + F_attn(S)/S),
 *   F_attn taken as 0 when no prompt length is known.
 * - total (prompt + generated): every token costs at least 2·P_active
 *   (without the embedding), so N · peak ÷ (2·P_active).
 *
 * Verdict: above `bound` impossible, above `plausibleBound` implausible,
 * else ok. The caller widens the claim by its rounding interval first.
 * Undefined when an input is missing (GPU count, node size for 'node',
 * peaks, parameter count, batch for decode).
 */
export function throughputCheck(
  claim: ThroughputClaim,
  model: DeploymentModel,
  hardware: ThroughputOptions = {},
): ThroughputCheck | undefined {
  const rate = positive(claim.tokensPerSecond)
  if (rate === undefined) return undefined
  const plan = resolvePlan(model.plan)
  if (!plan) return undefined
  const N = deploymentGpus(model, plan, hardware.gpus)
  if (N === undefined) return undefined
  const mfu = fraction(hardware.mfu, DEFAULT_MFU)

  let cluster: number
  let plausibleCluster: number
  let perUser: number | undefined
  let plausiblePerUser: number | undefined
  let basis: string
  if (claim.kind === 'decode') {
    const d = decodeBound(model, { ...hardware, gpus: N })
    if (!d) return undefined
    cluster = d.tokensPerSecond.cluster
    plausibleCluster = d.plausibleTokensPerSecond.cluster
    perUser = d.tokensPerSecond.perUser
    plausiblePerUser = d.plausibleTokensPerSecond.perUser
    basis = d.derivation
  } else {
    const fl = flopsPerToken(model)
    const peaks = resolvePeaks(model, hardware)
    if (!fl || peaks.peak === undefined) return undefined
    const S = positive(hardware.promptLen) ?? dim(model.workload?.promptLen) ?? dim(model.workload?.seqLen)
    let perToken = fl.prompt
    let text = `2 × ${show(fl.activeNoHead)} active params`
    if (claim.kind === 'prefill' && S !== undefined) {
      const attn = attentionFlops(model, S)
      if (attn) {
        perToken += attn.prefill / S
        text += ` + attention ${showFlops(attn.prefill / S)} per token at S = ${grouped(S)}`
      }
    }
    cluster = (N * peaks.peak) / perToken
    plausibleCluster = cluster * mfu
    basis =
      `${claim.kind === 'prefill' ? 'prefill' : 'every token (prompt or generated)'}: ${grouped(N)} GPUs × ${grouped(peaks.peak / 1e12)} TFLOPS ÷ ${showFlops(perToken)} (${text})` +
      ` = ${showRate(cluster)}; at MFU ${mfu}: ${showRate(plausibleCluster)}`
    if (peaks.notes.length > 0) basis += ` (${peaks.notes.join('; ')})`
    if (claim.kind === 'prefill') {
      const p = prefillBound(model, { ...hardware, promptLen: S })
      if (p && S !== undefined) {
        perUser = S / p.seconds
        plausiblePerUser = S / p.plausibleSeconds
      }
    }
  }

  let scale: number
  let scopeText: string
  switch (claim.scope) {
    case 'cluster':
      scale = 1
      scopeText = 'for the deployment'
      break
    case 'gpu':
      scale = 1 / N
      scopeText = `per GPU (÷ ${grouped(N)})`
      break
    case 'node': {
      const hw = model.hardware ?? {}
      const per =
        dim(hardware.gpusPerNode) ?? dim(hw.gpusPerNode) ?? (dim(hw.nodes) !== undefined ? N / (hw.nodes as number) : undefined)
      if (per === undefined || per < 1 || !Number.isInteger(per)) return undefined
      scale = Math.min(per, N) / N
      scopeText = `per node (× ${sig(Math.min(per, N), 4)} ÷ ${grouped(N)})`
      break
    }
    case 'user':
      if (perUser === undefined || plausiblePerUser === undefined) return undefined
      scale = 1
      scopeText = 'per sequence'
      break
    default:
      return undefined
  }
  const bound = claim.scope === 'user' ? (perUser as number) : cluster * scale
  const plausibleBound = claim.scope === 'user' ? (plausiblePerUser as number) : plausibleCluster * scale
  const ratio = rate / bound
  const verdict: Verdict = rate > bound ? 'impossible' : rate > plausibleBound ? 'implausible' : 'ok'
  const verdictText =
    verdict === 'impossible'
      ? 'above the bound at 100% of peak: impossible'
      : verdict === 'implausible'
        ? 'above the bound at plausible efficiency: implausible'
        : 'within the bound'
  const derivation =
    `${claim.kind} claim ${showRate(rate)} ${scopeText} vs bound ${showRate(bound)} (plausible ${showRate(plausibleBound)}):` +
    ` ${sig(ratio * 100, 3)}% of the bound, ${verdictText}. ${basis}`
  return { bound, plausibleBound, ratio, verdict, derivation }
}

export interface LatencyCheck {
  /** Lower bound at 100% of peak (seconds). */
  bound: number
  /** Lower bound at the plausible MFU. */
  plausibleBound: number
  /** claim ÷ bound. */
  ratio: number
  verdict: Verdict
  derivation: string
}

/** Check a stated TTFT (seconds) against `prefillBound`: below `seconds` impossible, below `plausibleSeconds` implausible. */
export function ttftCheck(seconds: number, model: DeploymentModel, opts: PrefillOptions = {}): LatencyCheck | undefined {
  const t = positive(seconds)
  const p = prefillBound(model, opts)
  if (t === undefined || !p) return undefined
  const verdict: Verdict = t < p.seconds ? 'impossible' : t < p.plausibleSeconds ? 'implausible' : 'ok'
  const ratio = t / p.seconds
  const derivation =
    `TTFT ${showSeconds(t)} vs lower bound ${showSeconds(p.seconds)} (plausible ≥ ${showSeconds(p.plausibleSeconds)}):` +
    ` ${sig(ratio, 3)}× the bound, ${verdict === 'ok' ? 'possible' : verdict}. ${p.derivation}`
  return { bound: p.seconds, plausibleBound: p.plausibleSeconds, ratio, verdict, derivation }
}
