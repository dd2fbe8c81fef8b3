import { describe, expect, it } from 'vitest'
import { weightMemoryPerGpu } from '../src/model/memory.js'
import { activationBytesPerLayer, stateBytesPerParam, trainingMemoryPerGpu } from '../src/model/training.js'
import type { DeploymentModel } from '../src/model/types.js'
import { MOE16_PLAN, MOE16_SHAPE } from './helpers/moe16.js'

/** /work/shared/examples/moe-16x16-plan.md, read as a training plan. */
const MOE16: DeploymentModel = {
  shape: MOE16_SHAPE,
  plan: MOE16_PLAN,
  hardware: { gpus: 32 },
  workload: {},
}

describe('bytes per parameter', () => {
  it('ZeRO paper, K = 12: 16, 4 + 12/d, 2 + 14/d, 16/d', () => {
    expect(stateBytesPerParam(0, 8)).toBe(16)
    expect(stateBytesPerParam(1, 8)).toBe(4 + 12 / 8)
    expect(stateBytesPerParam(2, 8)).toBe(2 + 14 / 8)
    expect(stateBytesPerParam(3, 8)).toBe(2)
  })
  it('Megatron: 18 and 6 + 12/d (bf16); 20 and 4 + 16/d (fp16); 16 and 8 + 8/d (fp32)', () => {
    expect(stateBytesPerParam('megatron', 8)).toBe(18)
    expect(stateBytesPerParam('megatron-distopt', 8)).toBe(7.5)
    expect(stateBytesPerParam('megatron', 8, { megatronPrecision: 'fp16' })).toBe(20)
    expect(stateBytesPerParam('megatron-distopt', 8, { megatronPrecision: 'fp16' })).toBe(6)
    expect(stateBytesPerParam('megatron', 8, { megatronPrecision: 'fp32' })).toBe(16)
    expect(stateBytesPerParam('megatron-distopt', 8, { megatronPrecision: 'fp32' })).toBe(9)
  })
})

describe('model-state memory per GPU', () => {
  it('7B dense, ZeRO-3 over 8 GPUs: 16 · 7e9 / 8 = 14 GB', () => {
    const m = trainingMemoryPerGpu(undefined, { zero: 3, dp: 8, paramsPerGpu: 7e9 })!
    expect(m.bytes).toBe(14e9)
    expect(m.bytesPerParam).toEqual({ nonExpert: 2, expert: 2 })
    expect(m.derivation.startsWith('ZeRO-3, DP 8: 7.00B params × ((4 + 12)/8) = 2 B/param → 14.00 GB (14,000,000,000 B) per GPU')).toBe(true)
    // Every reading, for a document that does not name its sharding.
    expect(m.readings).toEqual({
      zero0: 112e9,
      zero1: 38.5e9,
      zero2: 26.25e9,
      zero3: 14e9,
      megatron: 126e9,
      'megatron-distopt': 52.5e9,
    })
    expect(m.readingValues).toEqual([14e9, 26.25e9, 38.5e9, 52.5e9, 112e9, 126e9])
  })

  it('Megatron distributed optimizer over DP 8: (6 + 12/8) · P', () => {
    const P = 7e9
    const m = trainingMemoryPerGpu(undefined, { zero: 'megatron-distopt', dp: 8, paramsPerGpu: P })!
    expect(m.bytes).toBe((6 + 12 / 8) * P)
    expect(m.derivation).toContain('Megatron distributed optimizer (bf16 params, fp32 main grads), DP 8: 7.00B params × (6 + 12/8) = 7.5 B/param → 52.50 GB')
    expect(trainingMemoryPerGpu(undefined, { zero: 'megatron', dp: 8, paramsPerGpu: P })!.bytes).toBe(18 * P)
  })

  it('a whole model without a plan holds every parameter', () => {
    const dense: DeploymentModel = {
      shape: { layers: 2, hidden: 1024, heads: 8, ffn: 4096, vocab: 1000, weightPrecision: 'bf16' },
      plan: {},
      hardware: {},
      workload: {},
    }
    // 2 × (4·1024² + 3·1024·4096 + 2·1024) + 2 × 1000·1024 + 1024.
    const P = 2 * (4 * 1024 ** 2 + 3 * 1024 * 4096 + 2 * 1024) + 2 * 1000 * 1024 + 1024
    const m = trainingMemoryPerGpu(dense, { zero: 0, dp: 1 })!
    expect(m.params).toEqual({ nonExpert: P, expert: 0 })
    expect(m.bytes).toBe(16 * P)
  })

  it('MoE: expert parameters shard over EDP, the rest over DP (Megatron folding)', () => {
    const w = weightMemoryPerGpu(MOE16)!
    // Per GPU: 8 expert instances × 3·4096·14336; non-expert on the last stage:
    // attention 4 × 10,485,760 + norms 4·8192 + router 4·65,536 + final norm 4096 + LM head 32000·4096/4.
    const expert = 8 * 3 * 4096 * 14336
    const nonExpert = 4 * 10_485_760 + 4 * 8192 + 4 * 65_536 + 4096 + 32_768_000
    expect(w.params.experts).toBe(expert)
    expect(w.params.total - w.params.experts).toBe(nonExpert)
    // EDP = TP 4 × DP 2 ÷ EP 8 = 1: expert states are not sharded at all.
    const m = trainingMemoryPerGpu(MOE16, { zero: 'megatron-distopt', dp: 2 })!
    expect(m.edp).toBe(1)
    expect(m.bytesPerParam).toEqual({ nonExpert: 6 + 12 / 2, expert: 6 + 12 / 1 })
    expect(m.bytes).toBe(nonExpert * 12 + expert * 18)
    expect(m.derivation).toContain('(EDP = TP 4 × DP 2 ÷ (EP 8) = 1)')
    // An explicit EDP wins.
    const e4 = trainingMemoryPerGpu(MOE16, { zero: 3, dp: 2, edp: 4 })!
    expect(e4.bytes).toBe(nonExpert * 8 + expert * 4)
    // Explicit per-GPU split.
    const split = trainingMemoryPerGpu(undefined, { zero: 1, dp: 4, edp: 2, paramsPerGpu: { nonExpert: 1e9, expert: 2e9 } })!
    expect(split.bytes).toBe(1e9 * (4 + 3) + 2e9 * (4 + 6))
  })

  it('undefined on unusable input', () => {
    expect(trainingMemoryPerGpu(undefined, { zero: 3, dp: 8 })).toBeUndefined()
    expect(trainingMemoryPerGpu(undefined, { zero: 3, dp: 0, paramsPerGpu: 1e9 })).toBeUndefined()
    expect(trainingMemoryPerGpu(undefined, { zero: 4 as 3, dp: 8, paramsPerGpu: 1e9 })).toBeUndefined()
    expect(trainingMemoryPerGpu(undefined, { zero: 3, dp: 8, paramsPerGpu: -1 })).toBeUndefined()
  })
})

describe('activations per layer (Korthikanti et al. 2022, Table 2)', () => {
  // s = 2048, b = 1, h = 4096, a = 32: sbh = 8,388,608; 5as/h = 5·32·2048/4096 = 80.
  const base = { s: 2048, b: 1, h: 4096, a: 32 }
  const sbh = 2048 * 4096

  it('no parallelism: sbh(34 + 5as/h) = sbh · 114', () => {
    const r = activationBytesPerLayer(base)!
    expect(r.bytes).toBe(sbh * 114)
    expect(r.bytes).toBe(956_301_312)
    expect(r.formula).toBe('sbh(34 + 5as/h)')
    expect(r.derivation.startsWith('no parallelism: sbh(34 + 5as/h) = 2,048·1·4,096 × (34 + 5·32·2048/4096 = 34 + 80) = 8,388,608 × 114 = 956.3 MB per layer')).toBe(true)
    expect(r.derivation).toContain('MoE layers unverifiable ±30%')
  })

  it('TP 8: sbh(10 + 24/8 + 80/8) = sbh · 23', () => {
    expect(activationBytesPerLayer({ ...base, t: 8 })!.bytes).toBe(sbh * 23)
  })

  it('TP 8 + SP: sbh(34/8 + 10) = sbh · 14.25', () => {
    expect(activationBytesPerLayer({ ...base, t: 8, sp: true })!.bytes).toBe(sbh * 14.25)
  })

  it('TP 8 + selective recompute: sbh(10 + 3) = sbh · 13', () => {
    expect(activationBytesPerLayer({ ...base, t: 8, recompute: 'selective' })!.bytes).toBe(sbh * 13)
  })

  it('TP 8 + SP + selective: 34 · sbh / 8', () => {
    expect(activationBytesPerLayer({ ...base, t: 8, sp: true, recompute: 'selective' })!.bytes).toBe((34 * sbh) / 8)
  })

  it('full recompute: 2sbh (2sbh/t also offered with SP)', () => {
    const r = activationBytesPerLayer({ ...base, t: 8, sp: true, recompute: 'full' })!
    expect(r.bytes).toBe(2 * sbh)
    expect(r.readings).toEqual([(2 * sbh) / 8, 2 * sbh])
    expect(activationBytesPerLayer({ ...base, recompute: 'full' })!.readings).toEqual([2 * sbh])
  })

  it('t = 1 formulas agree with the TP ones', () => {
    expect(activationBytesPerLayer({ ...base, t: 1 })!.bytes).toBe(activationBytesPerLayer(base)!.bytes)
    expect(activationBytesPerLayer({ ...base, t: 1, sp: true })!.bytes).toBe(sbh * 114)
    expect(activationBytesPerLayer({ ...base, recompute: 'selective' })!.bytes).toBe(sbh * 34)
  })

  it('undefined on unusable input', () => {
    expect(activationBytesPerLayer({ ...base, s: 0 })).toBeUndefined()
    expect(activationBytesPerLayer({ ...base, t: 1.5 })).toBeUndefined()
  })
})
