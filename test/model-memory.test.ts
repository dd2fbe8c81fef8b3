import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { shapeFromHfConfig } from '../src/model/hf-config.js'
import { kvCachePerGpu } from '../src/model/kv.js'
import { expertInstancesPerGpu, stageLayouts, weightMemoryPerGpu } from '../src/model/memory.js'
import { countParams } from '../src/model/params.js'
import type { DeploymentModel, ModelShape } from '../src/model/types.js'
import { MOE16_PLAN, MOE16_SHAPE } from './helpers/moe16.js'

function load(name: string): ModelShape {
  const json = JSON.parse(readFileSync(new URL(`../fixtures/models/${name}.json`, import.meta.url), 'utf8'))
  return shapeFromHfConfig(json).shape
}

const GiB = 2 ** 30

/** The plan of /work/shared/examples/moe-16x16-plan.md. */
const MOE16: DeploymentModel = {
  shape: MOE16_SHAPE,
  plan: MOE16_PLAN,
  hardware: { gpus: 32, memoryPerGpu: 64e9 },
  workload: { batch: 256, seqLen: 4096 },
}

describe('MoE-16x16 example plan', () => {
  const w = weightMemoryPerGpu(MOE16)!

  it('total 46.0B parameters, 6.6B active', () => {
    const pc = countParams(MOE16.shape)!
    expect(Number((pc.total / 1e9).toFixed(1))).toBe(46.0)
    expect(Number((pc.active!.all / 1e9).toFixed(1))).toBe(6.6)
  })

  it('8 expert instances per GPU: 2 per layer × 4 MoE layers per stage', () => {
    const e = expertInstancesPerGpu(MOE16)!
    expect(e).toMatchObject({ perLayer: 2, layersOnGpu: 4, instances: 8, fullExpertEquivalents: 8 })
    expect(e.derivation).toBe('16 experts ÷ EP 8 = 2 per MoE layer × 4 MoE layers per stage (16 ÷ PP 4) = 8 expert instances per GPU')
  })

  it('expert weights 2.82 GB = 8 × 3·4096·14336 × 2 B', () => {
    expect(w.experts!.bytes).toBe(8 * 3 * 4096 * 14336 * 2)
    expect(w.experts!.bytes).toBe(2_818_572_288)
    expect(w.experts!.derivation).toContain('= 2.82 GB')
  })

  it('attention 0.08 GB (≈ 83.9 MB)', () => {
    // per layer per GPU: Q, O 2·4096·4096 ÷ 4 + K, V 2·4096·1024 × 2/8
    expect(w.attention!.bytes).toBe(4 * ((2 * 4096 * 4096) / 4 + (2 * 4096 * 1024 * 2) / 8) * 2)
    expect(w.attention!.bytes / 1e6).toBeCloseTo(83.9, 1)
    expect(Number((w.attention!.bytes / 1e9).toFixed(2))).toBe(0.08)
  })

  it('embedding or head 0.07 GB (≈ 65.5 MB), with every stage reading', () => {
    expect(w.embedding!.bytes).toBe(65_536_000)
    expect(w.lmHead!.bytes).toBe(65_536_000)
    // embedding only / head only (same), both, neither (middle stages of PP 4)
    expect(w.embedding!.readings).toEqual([0, 65_536_000, 131_072_000])
  })

  it('no dense FFN or shared experts; norms and router tiny', () => {
    expect(w.denseFfn!.bytes).toBe(0)
    expect(w.sharedExperts!.bytes).toBe(0)
    expect(w.normsAndRouter!.bytes).toBeLessThan(1e6)
  })

  it('total weights per GPU ≈ 2.97 GB, every stage within 3%', () => {
    expect(w.total!.bytes / 1e9).toBeCloseTo(2.97, 2)
    for (const r of w.total!.readings!) expect(r / w.total!.bytes).toBeGreaterThan(0.97)
  })

  it('KV cache 4.29 GB = 1024 B per token per layer × 4 layers × 1,048,576 tokens', () => {
    const kv = kvCachePerGpu(MOE16)!
    expect(kv.bytesPerTokenPerLayer).toBe(1024)
    expect(kv.layersOnGpu).toBe(4)
    expect(kv.tokens).toBe(1_048_576)
    expect(kv.bytes).toBe(4_294_967_296)
    expect(Number((kv.bytes / 1e9).toFixed(2))).toBe(4.29)
    expect(kv.kvPrecisionDefaulted).toBe(true)
    expect(kv.derivation).toContain('KV precision not stated')
  })

  it('weights unknown when precision is unknown; params still given', () => {
    const m: DeploymentModel = { ...MOE16, shape: { ...MOE16.shape, weightPrecision: undefined } }
    const u = weightMemoryPerGpu(m)!
    expect(u.experts).toBeUndefined()
    expect(u.attention).toBeUndefined()
    expect(u.total).toBeUndefined()
    expect(u.params.experts).toBe(8 * 3 * 4096 * 14336)
    expect(kvCachePerGpu(m)).toBeUndefined()
  })

  it('without EP the experts shard like TP', () => {
    const m: DeploymentModel = { ...MOE16, plan: { tp: 4, pp: 4, dp: 2 } }
    // 16 experts × 4 layers ÷ TP 4 = 16 full-expert equivalents
    expect(weightMemoryPerGpu(m)!.experts!.bytes).toBe(16 * 3 * 4096 * 14336 * 2)
    expect(expertInstancesPerGpu(m)).toMatchObject({ perLayer: 16, instances: 64, fullExpertEquivalents: 16 })
  })

  it('expert TP splits each instance', () => {
    const m: DeploymentModel = { ...MOE16, plan: { tp: 4, pp: 2, dp: 4, ep: 8, etp: 2 } }
    expect(expertInstancesPerGpu(m)).toMatchObject({ perLayer: 2, layersOnGpu: 8, instances: 16, fullExpertEquivalents: 8 })
  })

  it('EP not dividing E: the most loaded GPU (ceil), floor among readings', () => {
    const m: DeploymentModel = { ...MOE16, plan: { tp: 1, pp: 1, dp: 6, ep: 6 } }
    const e = expertInstancesPerGpu(m)!
    expect(e.perLayer).toBe(3)
    expect(e.readings.perLayer).toEqual([2, 3])
  })

  it('uneven PP split: most loaded stage, other split in readings', () => {
    const m: DeploymentModel = { ...MOE16, plan: { tp: 4, pp: 3, dp: 2, ep: 8 } }
    const e = expertInstancesPerGpu(m)!
    expect(e.layersOnGpu).toBe(6)
    expect(e.readings.layersOnGpu).toEqual([5, 6])
    expect(kvCachePerGpu(m)!.layersOnGpu).toBe(6)
  })
})

describe('DeepSeek-V3 on vLLM TP1 DP8 EP8, FP8 (reference §4.2 worked check)', () => {
  const m: DeploymentModel = {
    shape: load('deepseek-v3'),
    plan: { tp: 1, dp: 8, ep: 8, attentionDp: true },
    hardware: { gpus: 8 },
    workload: { batch: 64, seqLen: 8192 },
  }
  const w = weightMemoryPerGpu(m)!

  it('routed experts per GPU: 58 · 32 · 3 · 7168 · 2048 ≈ 81.7B params', () => {
    expect(w.params.experts).toBe(58 * 32 * 3 * 7168 * 2048)
    expect(w.params.experts / 1e9).toBeCloseTo(81.7, 1)
    expect(w.experts!.bytes).toBe(w.params.experts) // 1 byte per FP8 param
  })

  it('replicated rest ≈ 17.1B params; total ≈ 98.9 GB (92 GiB): over H100 80 GB, under H200 141 GB', () => {
    const rest = w.params.total - w.params.experts
    expect(rest / 1e9).toBeCloseTo(17.1, 1)
    expect(w.total!.bytes / 1e9).toBeCloseTo(98.9, 1)
    expect(Math.round(w.total!.bytes / GiB)).toBe(92)
    expect(w.total!.bytes).toBeGreaterThan(80e9)
    expect(w.total!.bytes).toBeLessThan(141e9)
  })

  it('embedding and head readings include BF16 (quantized checkpoints keep them)', () => {
    expect(w.embedding!.readings).toContain(129280 * 7168 * 2)
  })

  it('expert instances: 32 per layer × 58 layers', () => {
    expect(expertInstancesPerGpu(m)).toMatchObject({ perLayer: 32, layersOnGpu: 58, instances: 1856 })
  })

  it('MLA KV cache: 576 elements per token per layer, not divided by TP; batch ÷ DP under attention-DP', () => {
    const kv = kvCachePerGpu({ ...m, shape: { ...m.shape, kvPrecision: 'bf16' } })!
    expect(kv.bytesPerTokenPerLayer).toBe(576 * 2)
    expect(kv.requests).toBe(8)
    expect(kv.bytes).toBe(576 * 2 * 61 * 8 * 8192)
    const tp8 = kvCachePerGpu({ ...m, plan: { tp: 8 }, shape: { ...m.shape, kvPrecision: 'bf16' } })!
    expect(tp8.bytesPerTokenPerLayer).toBe(576 * 2)
    expect(tp8.requests).toBe(64)
    // per token over all layers: 576 · 61 · 2 = 70,272 B (reference §4.3)
    expect(tp8.bytesPerTokenPerLayer * 61).toBe(70_272)
  })

  it('KV precision defaults to the weight precision (FP8) and says so', () => {
    const kv = kvCachePerGpu(m)!
    expect(kv.kvPrecision).toBe('fp8')
    expect(kv.bytesPerTokenPerLayer).toBe(576)
    expect(kv.readings).toContain(kv.bytes * 2) // BF16 reading
    expect(kv.derivation).toContain('weight precision fp8 assumed')
  })

  it('attention replicated under attention-DP; split by TP otherwise (MLA down-projections replicated)', () => {
    const tp8 = weightMemoryPerGpu({ ...m, plan: { tp: 8, ep: 8 } })!
    const pc = countParams(m.shape)!
    expect(w.attention!.params).toBe(61 * pc.attentionPerLayer)
    expect(tp8.attention!.params).toBe(61 * (pc.attention.headSharded / 8 + pc.attention.replicated))
    // the naive all-÷-TP reading is offered too
    expect(tp8.attention!.readings).toContain((61 * pc.attentionPerLayer * 1) / 8)
  })
})

describe('KV cache with fewer KV heads than TP', () => {
  it('Mixtral 8x7B at TP 16 keeps one KV head per GPU (replicated)', () => {
    const m: DeploymentModel = {
      shape: load('mixtral-8x7b'),
      plan: { tp: 16 },
      hardware: {},
      workload: { batch: 4, seqLen: 1000 },
    }
    const kv = kvCachePerGpu(m)!
    expect(kv.bytesPerTokenPerLayer).toBe(2 * 1 * 128 * 2)
    expect(kv.bytes).toBe(512 * 32 * 4000)
    expect(kv.derivation).toContain('replicated')
    // weights: K and V keep one of 8 heads per GPU
    const w = weightMemoryPerGpu(m)!
    expect(w.attention!.params).toBe(32 * ((2 * 4096 * 4096) / 16 + (2 * 4096 * 1024) / 8))
    // whole-model reading: 2 · 8 · 128 · 32 · 2 = 128 KiB per token (reference §4.3)
    expect(kvCachePerGpu({ ...m, plan: {} })!.bytesPerTokenPerLayer * 32).toBe(131_072)
  })

  it('ceil reading when TP does not divide g', () => {
    const kv = kvCachePerGpu({
      shape: { layers: 2, hidden: 1024, heads: 8, kvHeads: 8, weightPrecision: 'bf16' },
      plan: { tp: 3 },
      hardware: {},
      workload: { batch: 1, seqLen: 10 },
    })!
    expect(kv.bytesPerTokenPerLayerCeil).toBe(2 * 3 * 128 * 2)
    expect(kv.readings.length).toBeGreaterThan(1)
  })
})

describe('gpt-oss', () => {
  it('gpt-oss-120b checkpoint ≈ 60.7 GiB with MXFP4 experts (model card: 60.8 GiB)', () => {
    const m: DeploymentModel = { shape: load('gpt-oss-120b'), plan: {}, hardware: {}, workload: {} }
    const w = weightMemoryPerGpu(m)!
    const gib = w.total!.bytes / GiB
    expect(Math.abs(gib / 60.8 - 1)).toBeLessThan(0.005)
    expect(gib).toBeGreaterThan(60.6)
    expect(w.experts!.derivation).toContain('mxfp4')
  })

  it('gpt-oss-20b checkpoint ≈ 12.8 GiB', () => {
    const w = weightMemoryPerGpu({ shape: load('gpt-oss-20b'), plan: {}, hardware: {}, workload: {} })!
    expect(w.total!.bytes / GiB).toBeCloseTo(12.8, 1)
  })

  it('sliding-window layers hold min(S, W) tokens', () => {
    const kv = kvCachePerGpu({
      shape: load('gpt-oss-120b'),
      plan: {},
      hardware: {},
      workload: { batch: 2, seqLen: 8192 },
    })!
    expect(kv.bytesPerTokenPerLayer).toBe(2048)
    expect(kv.slidingLayersOnGpu).toBe(18)
    expect(kv.bytes).toBe(2048 * 2 * (18 * 8192 + 18 * 128))
    expect(kv.kvPrecision).toBe('bf16')
  })
})

describe('plan helpers and robustness', () => {
  it('stage layouts: even, and both uneven splits', () => {
    expect(stageLayouts(16, 4)).toHaveLength(1)
    const [first, last] = stageLayouts(61, 2)
    expect(first.map((s) => s.end - s.start)).toEqual([31, 30])
    expect(last.map((s) => s.end - s.start)).toEqual([30, 31])
  })

  it('invalid plan or workload gives undefined, never throws', () => {
    const bad = [
      { ...MOE16, plan: { tp: 0 } },
      { ...MOE16, plan: { pp: -2 } },
      { ...MOE16, plan: { ep: 2.5 } },
      { ...MOE16, plan: { pp: 32 } }, // more stages than layers
      { ...MOE16, shape: {} },
    ] as DeploymentModel[]
    for (const m of bad) {
      expect(weightMemoryPerGpu(m)).toBeUndefined()
      expect(kvCachePerGpu(m)).toBeUndefined()
    }
    expect(kvCachePerGpu({ ...MOE16, workload: {} })).toBeUndefined()
    expect(kvCachePerGpu({ ...MOE16, workload: { batch: 2, promptLen: 100, outputLen: 28 } })!.tokens).toBe(256)
    expect(expertInstancesPerGpu({ ...MOE16, shape: { ...MOE16.shape, experts: undefined } })).toBeUndefined()
  })

  it('vLLM --enable-expert-parallel without a size: EP = TP × DP', () => {
    const m: DeploymentModel = { ...MOE16, plan: { tp: 2, dp: 4, expertParallelFlag: true } }
    const e = expertInstancesPerGpu(m)!
    expect(e.perLayer).toBe(2)
    expect(e.derivation).toContain('EP = TP 2 × DP 4 = 8')
  })
})
