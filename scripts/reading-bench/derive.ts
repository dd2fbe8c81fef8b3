// The arithmetic of derived values: exact integer arithmetic on bytes and
// counts (all below 2^53), decimal rounding (decimal.js, half up) only when a
// value is written. Tolerances follow /work/shared/DESIGN.md "Units and
// tolerance": counts exact, memory ±5%, written arithmetic and percentages
// within the rounding of the written digits.
import {Decimal} from 'decimal.js'
import {expertParams, HARDWARE, PRECISIONS, sampleGrid, sampleModel, type Config, type Engine} from './model.js'
import type {Rng} from './random.js'

export const GB = 1e9
export const GIB = 2 ** 30

/** `value` written with `decimals` decimals (half up), optionally with thousands separators. */
export function format(value: number, decimals: number, thousands = false): string {
  const fixed = new Decimal(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals)
  if (!thousands) return fixed
  const [whole, fraction] = fixed.split('.')
  let grouped = ''
  for (let i = 0; i < whole.length; i++) grouped += (i > 0 && (whole.length - i) % 3 === 0 ? ',' : '') + whole[i]
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

/** The number a written value stands for (`13,440` → 13440). */
export function parse(text: string): number {
  if (text in WORD_VALUES) return WORD_VALUES[text]
  return Number(text.replace(/,/g, ''))
}

/** Numbers the bench writes in words (`four-way tensor parallel`). */
export const NUMBER_WORDS: Record<number, string> = {2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six', 7: 'seven', 8: 'eight', 12: 'twelve', 16: 'sixteen', 32: 'thirty-two', 64: 'sixty-four'}
const WORD_VALUES: Record<string, number> = Object.fromEntries(Object.entries(NUMBER_WORDS).map(([n, w]) => [w, Number(n)]))

/** Half a unit of the last written digit. */
export function halfUnit(text: string): number {
  const dot = text.indexOf('.')
  return dot === -1 ? 0.5 : 0.5 * 10 ** -(text.length - dot - 1)
}

/** Decimals to write a GB value with: three significant-ish digits. */
export function memoryDecimals(gb: number): number {
  return gb >= 100 ? 1 : gb >= 0.1 ? 2 : 3
}

export interface Derived {
  gpus: number
  replicaGpus: number
  stageGpus: number
  nodes: number
  expertsPerGpu: number
  expertsPerGpuStage: number
  headsPerGpu: number
  kvHeadsPerGpu: number
  layersPerStage: number
  moeLayersPerStage: number | undefined
  expertGroups: number
  /** Bytes per GPU; expert weights only when every layer is MoE (one reading per stage). */
  expertBytes: number | undefined
  attentionBytes: number
  /** Embedding ÷ TP (first stage), or embedding and untied head ÷ TP when PP = 1. */
  embeddingBytes: number
  kvBytesPerTokenLayer: number
  kvBytesPerTokenGpu: number
  kvCacheBytes: number
  throughputTotal: number
  globalBatch: number
}

export function derive(c: Config): Derived {
  const {model: m, grid: g} = c
  const gpus = g.tp * g.pp * g.dp
  const layersPerStage = m.layers / g.pp
  const kvHeadsPerGpu = Math.max(1, m.kvHeads / g.tp)
  const b = c.precision.bytes
  const kvBytesPerTokenLayer = 2 * kvHeadsPerGpu * m.headDim * b
  const expertsPerGpu = m.experts / g.ep
  const moeLayersPerStage = m.denseLayers === 0 ? layersPerStage : undefined
  const attentionPerLayer = (2 * m.hidden * m.heads * m.headDim) / g.tp + 2 * m.hidden * kvHeadsPerGpu * m.headDim
  const embeddingParams = g.pp === 1 && !m.tied ? 2 * m.vocab * m.hidden : m.vocab * m.hidden
  return {
    gpus,
    replicaGpus: g.tp * g.pp,
    stageGpus: g.tp * g.dp,
    nodes: gpus / c.hardware.gpusPerNode,
    expertsPerGpu,
    expertsPerGpuStage: expertsPerGpu * (m.layers - m.denseLayers) / g.pp,
    headsPerGpu: m.heads / g.tp,
    kvHeadsPerGpu,
    layersPerStage,
    moeLayersPerStage,
    expertGroups: gpus / g.ep,
    expertBytes: moeLayersPerStage === undefined ? undefined : expertsPerGpu * moeLayersPerStage * expertParams(m) * b,
    attentionBytes: attentionPerLayer * layersPerStage * b,
    embeddingBytes: (embeddingParams / g.tp) * b,
    kvBytesPerTokenLayer,
    kvBytesPerTokenGpu: kvBytesPerTokenLayer * layersPerStage,
    kvCacheBytes: c.batch * c.seqLen * layersPerStage * kvBytesPerTokenLayer,
    throughputTotal: c.perGpuThroughput * gpus,
    globalBatch: c.microBatch * c.gradAccum * g.dp,
  }
}

/** Memory per GPU the plan uses, GB (weights, KV cache, workspace). */
export function usedGB(c: Config, d: Derived): number {
  return ((d.expertBytes ?? 0) + d.attentionBytes + d.embeddingBytes + d.kvCacheBytes) / GB + c.workspaceGB
}

/** A whole configuration whose memory fits the GPU with room to spare. */
export function sampleConfig(rng: Rng, engineHint?: Engine): Config {
  for (;;) {
    const model = sampleModel(rng)
    const engine: Engine = engineHint ?? rng.weighted([['none', 3], ['megatron', 1], ['vllm', 1], ['sglang', 1]] as const)
    const grid = sampleGrid(rng, model, engine)
    if (!grid) continue
    const precision = rng.pick(PRECISIONS)
    const hardware = rng.pick(HARDWARE)
    // Largest batch and sequence that fit in 85% of the GPU.
    const config: Config = {
      model,
      precision,
      hardware,
      grid,
      engine,
      batch: 0,
      seqLen: rng.pick([2048, 4096, 8192, 16384, 32768]),
      workspaceGB: rng.pick([1, 1.5, 2, 2.5, 3, 4]),
      perGpuThroughput: rng.int(12, 120) * 5,
      microBatch: rng.pick([1, 2, 4]),
      gradAccum: rng.pick([2, 4, 8, 16]),
    }
    const batches = rng.shuffle([8, 16, 32, 64, 128, 256])
    for (const batch of batches) {
      config.batch = batch
      if (usedGB(config, derive(config)) <= 0.85 * hardware.memoryGB) return withPlausibleThroughput(config)
    }
  }
}

/**
 * Keeps the stated per-GPU decode throughput under 30% of the memory-bandwidth
 * bound (each step reads PP micro-batches' weights and the KV cache; a GPU
 * produces batch ÷ (TP × PP) tokens per step), so no clean plan claims the impossible.
 */
export function withPlausibleThroughput(c: Config): Config {
  const d = derive(c)
  const weights = d.expertsPerGpu * d.layersPerStage * expertParams(c.model) * c.precision.bytes + d.attentionBytes + d.embeddingBytes
  const step = (c.grid.pp * weights + d.kvCacheBytes) / (c.hardware.bandwidthTBs * 1e12)
  const bound = c.batch / (c.grid.tp * c.grid.pp) / step
  const ceiling = 0.3 * bound
  const stated = ceiling >= 10 ? Math.min(c.perGpuThroughput, Math.floor(ceiling / 5) * 5) : Math.max(1, Math.floor(ceiling))
  return {...c, perGpuThroughput: stated}
}

/** Model-free per-GPU readings another convention accepts for a claim kind (planted values keep away from them). */
export function alternatives(kind: string, c: Config, d: Derived): number[] {
  const {grid: g, model: m} = c
  switch (kind) {
    case 'gpus-total':
      return [d.gpus, d.gpus * g.ep, g.ep * g.pp, d.replicaGpus, d.stageGpus]
    case 'gpus-replica':
      return [d.replicaGpus, d.gpus / g.dp, d.stageGpus, d.replicaGpus * g.ep]
    case 'experts-per-gpu':
      return [d.expertsPerGpu, d.expertsPerGpuStage, d.expertsPerGpu / g.tp, d.expertsPerGpuStage / g.tp, m.experts]
    case 'heads-per-gpu':
      return [d.headsPerGpu, m.heads, m.kvHeads, d.kvHeadsPerGpu]
    case 'kv-heads-per-gpu':
      return [d.kvHeadsPerGpu, m.kvHeads, m.kvHeads / g.tp]
    case 'layers-per-stage':
      return [d.layersPerStage, (m.layers - m.denseLayers) / g.pp, m.layers]
    case 'expert-groups':
      return [d.expertGroups, d.gpus / (g.ep * g.pp), g.ep, d.gpus / g.ep / g.tp]
    case 'kv-bytes-token-layer':
    case 'kv-bytes-token-gpu':
      return [d.kvBytesPerTokenLayer, d.kvBytesPerTokenGpu, d.kvBytesPerTokenLayer * m.layers, 2 * m.kvHeads * m.headDim * c.precision.bytes, 2 * m.kvHeads * m.headDim * c.precision.bytes * m.layers, 2 * m.kvHeads * m.headDim * 2, 2 * m.kvHeads * m.headDim * 2 * d.layersPerStage]
    default:
      return []
  }
}
