// Model, hardware and parallel-grid sampling for the reading bench.
// Shapes follow /work/shared/reference/domain-math.md §3.1; the grid is the
// folded convention (N = TP × PP × DP, EP inside TP × DP, EP divides E).
import type {Rng} from './random.js'

export interface ModelShape {
  /** Name of a real model (§3.1), or a synthetic name. */
  name: string
  real: boolean
  layers: number
  /** Leading dense-FFN layers (DeepSeek-style first_k_dense); 0 = all MoE. */
  denseLayers: number
  experts: number
  topK: number
  hidden: number
  heads: number
  kvHeads: number
  headDim: number
  expertFfn: number
  vocab: number
  tied: boolean
}

export interface Precision {
  name: 'BF16' | 'FP16' | 'FP8'
  bytes: number
}

export interface Hardware {
  name: string
  /** Memory per GPU in GB (10⁹ bytes) as it is usually written. */
  memoryGB: number
  gpusPerNode: number
  /** HBM bandwidth, TB/s (for a plausible decode throughput). */
  bandwidthTBs: number
}

export interface Grid {
  tp: number
  pp: number
  dp: number
  ep: number
}

export type Engine = 'vllm' | 'sglang' | 'megatron' | 'none'

export interface Config {
  model: ModelShape
  precision: Precision
  hardware: Hardware
  grid: Grid
  engine: Engine
  /** Sequences per replica in flight, and tokens per sequence. */
  batch: number
  seqLen: number
  /** Activations and workspace per GPU, GB (stated, not derived). */
  workspaceGB: number
  /** Measured decode throughput per GPU, tokens/s (stated, not derived). */
  perGpuThroughput: number
  /** Training batch: micro batch and gradient accumulation (global = micro × accum × DP). */
  microBatch: number
  gradAccum: number
}

// Real GQA MoE models (no MLA, no sliding window), domain-math.md §3.1.
const REAL: ModelShape[] = [
  {name: 'Mixtral-8x7B', real: true, layers: 32, denseLayers: 0, experts: 8, topK: 2, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, expertFfn: 14336, vocab: 32000, tied: false},
  {name: 'Mixtral-8x22B', real: true, layers: 56, denseLayers: 0, experts: 8, topK: 2, hidden: 6144, heads: 48, kvHeads: 8, headDim: 128, expertFfn: 16384, vocab: 32000, tied: false},
  {name: 'Qwen3-30B-A3B', real: true, layers: 48, denseLayers: 0, experts: 128, topK: 8, hidden: 2048, heads: 32, kvHeads: 4, headDim: 128, expertFfn: 768, vocab: 151936, tied: false},
  {name: 'Qwen3-235B-A22B', real: true, layers: 94, denseLayers: 0, experts: 128, topK: 8, hidden: 4096, heads: 64, kvHeads: 4, headDim: 128, expertFfn: 1536, vocab: 151936, tied: false},
  {name: 'OLMoE-1B-7B', real: true, layers: 16, denseLayers: 0, experts: 64, topK: 8, hidden: 2048, heads: 16, kvHeads: 16, headDim: 128, expertFfn: 1024, vocab: 50304, tied: false},
  {name: 'DBRX', real: true, layers: 40, denseLayers: 0, experts: 16, topK: 4, hidden: 6144, heads: 48, kvHeads: 8, headDim: 128, expertFfn: 10752, vocab: 100352, tied: false},
  {name: 'Phi-3.5-MoE', real: true, layers: 32, denseLayers: 0, experts: 16, topK: 2, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, expertFfn: 6400, vocab: 32064, tied: false},
  {name: 'Grok-1', real: true, layers: 64, denseLayers: 0, experts: 8, topK: 2, hidden: 6144, heads: 48, kvHeads: 8, headDim: 128, expertFfn: 32768, vocab: 131072, tied: true},
]

export const HARDWARE: Hardware[] = [
  {name: 'H100 80GB', memoryGB: 80, gpusPerNode: 8, bandwidthTBs: 3.35},
  {name: 'H200', memoryGB: 141, gpusPerNode: 8, bandwidthTBs: 4.8},
  {name: 'A100 80GB', memoryGB: 80, gpusPerNode: 8, bandwidthTBs: 2.0},
  {name: 'MI300X', memoryGB: 192, gpusPerNode: 8, bandwidthTBs: 5.3},
  {name: 'B200', memoryGB: 180, gpusPerNode: 8, bandwidthTBs: 8},
  {name: 'B200', memoryGB: 192, gpusPerNode: 8, bandwidthTBs: 8},
]

export const PRECISIONS: Precision[] = [
  {name: 'BF16', bytes: 2},
  {name: 'FP16', bytes: 2},
  {name: 'FP8', bytes: 1},
]

const divisors = (n: number, among: readonly number[]) => among.filter((d) => n % d === 0)

function syntheticModel(rng: Rng): ModelShape {
  const hidden = rng.pick([2048, 3072, 4096, 5120, 6144, 7168])
  const headDim = rng.weighted([[128, 3], [64, 1]] as const)
  const heads = rng.pick([16, 24, 32, 40, 48, 64, 96, 128].filter((h) => h * headDim >= hidden / 2 && h * headDim <= hidden * 2))
  const kvHeads = rng.pick(divisors(heads, [1, 2, 4, 8, 16]).filter((g) => g <= heads))
  const layers = rng.pick([16, 24, 28, 32, 40, 48, 56, 60, 64])
  const experts = rng.pick([8, 16, 32, 64, 128, 256])
  const topK = rng.pick([1, 2, 4, 6, 8].filter((k) => k < experts))
  const expertFfn = experts >= 64 ? rng.pick([768, 1024, 1408, 1536, 2048]) : rng.pick([2048, 4096, 6144, 8192, 14336])
  const denseLayers = rng.chance(0.2) ? rng.int(1, 3) : 0
  return {
    name: `MoE-${layers}x${experts}`,
    real: false,
    layers,
    denseLayers,
    experts,
    topK,
    hidden,
    heads,
    kvHeads,
    headDim,
    expertFfn,
    vocab: rng.pick([32000, 50304, 65536, 100352, 128256, 151936]),
    tied: false,
  }
}

export function sampleModel(rng: Rng): ModelShape {
  return rng.chance(0.3) ? {...rng.pick(REAL)} : syntheticModel(rng)
}

/** A folded grid: TP | heads, PP | layers, EP | E and EP | TP × DP (EP | TP for SGLang, EP = TP × DP for vLLM). */
export function sampleGrid(rng: Rng, model: ModelShape, engine: Engine): Grid | undefined {
  const tps = divisors(model.heads, [1, 2, 4, 8])
  const pps = divisors(model.layers, [1, 2, 4, 8]).filter((pp) => model.layers / pp >= 2)
  for (let attempt = 0; attempt < 20; attempt++) {
    const tp = rng.weighted(tps.map((t) => [t, t === 1 ? 1 : 3] as const))
    const pp = rng.pick(pps)
    const dp = rng.pick(engine === 'sglang' ? [1, 2, 4] : [1, 2, 4, 8, 16])
    if (tp * pp * dp > 256 || tp * pp * dp < 2) continue
    let eps: number[]
    if (engine === 'vllm') eps = model.experts % (tp * dp) === 0 && tp * dp > 1 ? [tp * dp] : []
    else if (engine === 'sglang') eps = divisors(model.experts, [2, 4, 8]).filter((e) => tp % e === 0)
    else eps = divisors(model.experts, [2, 4, 8, 16, 32, 64]).filter((e) => (tp * dp) % e === 0)
    if (eps.length === 0) continue
    return {tp, pp, dp, ep: rng.pick(eps)}
  }
  return undefined
}

export function expertParams(model: ModelShape): number {
  return 3 * model.hidden * model.expertFfn
}
