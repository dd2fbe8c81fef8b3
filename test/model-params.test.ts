/**
 * Parameter counts of real MoE models from their config.json values
 * (fixtures/models/*.json, written from reference domain-math.md §3.1),
 * checked against the published figures (§3.2) and the recomputed ones
 * (§3.3, which pin the formulas).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { shapeFromHfConfig } from '../src/model/hf-config.js'
import { countParams, isMoeLayer, moeLayerCount, moeLayerIndices, type ParamCount } from '../src/model/params.js'
import type { ModelShape } from '../src/model/types.js'
import { MOE16_SHAPE } from './helpers/moe16.js'

function load(name: string): ModelShape {
  const json = JSON.parse(readFileSync(new URL(`../fixtures/models/${name}.json`, import.meta.url), 'utf8'))
  return shapeFromHfConfig(json).shape
}

function count(name: string): ParamCount {
  const pc = countParams(load(name))
  if (!pc) throw new Error(`countParams(${name}) is undefined`)
  return pc
}

const B = 1e9

interface Case {
  name: string
  /** Published total and active (billions), §3.2. Active null when not published. */
  published: [number, number | null]
  /** Recomputed total and active all / no-input-emb / no-emb (billions), §3.3. */
  recomputed: [number, number, number, number]
}

const CASES: Case[] = [
  { name: 'mixtral-8x7b', published: [46.7, 12.9], recomputed: [46.7, 12.88, 12.75, 12.62] },
  { name: 'mixtral-8x22b', published: [141, 39], recomputed: [140.62, 39.15, 38.96, 38.76] },
  { name: 'deepseek-v2-lite', published: [15.7, 2.4], recomputed: [15.71, 2.66, 2.45, 2.24] },
  { name: 'deepseek-v2', published: [236, 21], recomputed: [235.74, 21.38, 20.85, 20.33] },
  { name: 'deepseek-v3', published: [671, 37], recomputed: [671.03, 37.55, 36.63, 35.7] },
  { name: 'qwen1.5-moe-a2.7b', published: [14.3, 2.7], recomputed: [14.32, 2.69, 2.38, 2.07] },
  { name: 'qwen2-57b-a14b', published: [57, 14], recomputed: [57.41, 14.25, 13.7, 13.16] },
  { name: 'qwen3-30b-a3b', published: [30.5, 3.3], recomputed: [30.53, 3.35, 3.04, 2.73] },
  { name: 'qwen3-235b-a22b', published: [235, 22], recomputed: [235.09, 22.19, 21.57, 20.95] },
  { name: 'olmoe-1b-7b', published: [6.9, 1.3], recomputed: [6.92, 1.28, 1.18, 1.08] },
  { name: 'gpt-oss-20b', published: [20.91, 3.61], recomputed: [20.91, 4.19, 3.61, 3.03] },
  { name: 'gpt-oss-120b', published: [116.83, 5.13], recomputed: [116.83, 5.71, 5.13, 4.55] },
  { name: 'dbrx', published: [132, 36], recomputed: [131.6, 36.47, 35.85, 35.24] },
  { name: 'phi-3.5-moe', published: [41.9, 6.6], recomputed: [41.87, 6.64, 6.51, 6.38] },
  // Grok-1 publishes only "25% of weights active" (checked separately below).
  // Kimi K2's report gives 1.04T total and 32.6B activated.
  { name: 'kimi-k2', published: [1040, 32.6], recomputed: [1026.41, 32.86, 31.69, 30.51] },
  { name: 'grok-1', published: [314, null], recomputed: [315.68, 83.76, 82.95, 82.95] },
  // Llama-4 published totals include the vision encoder, which is not modelled.
  { name: 'llama-4-scout', published: [109, 17], recomputed: [107.77, 17.17, 16.14, 15.1] },
  { name: 'llama-4-maverick', published: [400, 17], recomputed: [400.71, 17.18, 16.15, 15.12] },
]

/** |a − b| within a relative tolerance, or within half a unit of the reference's last digit (2 decimals). */
function near(actual: number, ref: number, rel: number): boolean {
  return Math.abs(actual - ref) <= Math.max(rel * ref, 0.005 * B + 1)
}

describe('countParams on real MoE configs', () => {
  it('covers at least 13 models', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(13)
  })

  for (const c of CASES) {
    describe(c.name, () => {
      const pc = count(c.name)

      it(`total within ±2% of the published ${c.published[0]}B`, () => {
        const err = pc.total / (c.published[0] * B) - 1
        expect(Math.abs(err)).toBeLessThanOrEqual(0.02)
      })

      it(`total within 0.1% of the recomputed ${c.recomputed[0]}B`, () => {
        expect(near(pc.total, c.recomputed[0] * B, 0.001)).toBe(true)
      })

      it('active under each convention matches the recomputed values', () => {
        expect(pc.active).toBeDefined()
        const a = pc.active!
        expect(near(a.all, c.recomputed[1] * B, 0.001)).toBe(true)
        expect(near(a.noInputEmb, c.recomputed[2] * B, 0.001)).toBe(true)
        expect(near(a.noEmb, c.recomputed[3] * B, 0.001)).toBe(true)
      })

      if (c.published[1] !== null) {
        const pub = c.published[1] * B
        it(`active within ±2.2% of the published ${c.published[1]}B under at least one convention`, () => {
          const a = pc.active!
          const errs = [a.all, a.noInputEmb, a.noEmb].map((v) => Math.abs(v / pub - 1))
          expect(Math.min(...errs)).toBeLessThanOrEqual(0.022)
        })
      }

      it('derivations are checkable text without float noise', () => {
        expect(pc.derivation.total).toMatch(/= \d+\.\d\d[BT]$/)
        expect(pc.derivation.total).not.toMatch(/\d\.\d{5,}/)
        expect(pc.derivation.active).not.toMatch(/\d\.\d{5,}/)
      })
    })
  }

  it('Grok-1: about a quarter of the weights active', () => {
    const pc = count('grok-1')
    const share = pc.active!.all / pc.total
    expect(share).toBeGreaterThan(0.24)
    expect(share).toBeLessThan(0.27)
  })

  it('Qwen3 non-embedding totals (29.9B, 234B)', () => {
    expect(Math.abs(count('qwen3-30b-a3b').totalNoEmb / (29.9 * B) - 1)).toBeLessThan(0.005)
    expect(Math.abs(count('qwen3-235b-a22b').totalNoEmb / (234 * B) - 1)).toBeLessThan(0.005)
  })

  it('DeepSeek-V3: 3 dense + 58 MoE layers, MTP 11.6B outside the total, 36.7B head-only active', () => {
    const pc = count('deepseek-v3')
    expect(pc.denseLayers).toBe(3)
    expect(pc.moeLayers).toBe(58)
    expect(pc.oneExpert).toBe(3 * 7168 * 2048)
    expect(pc.attentionPerLayer).toBe(187_107_328)
    expect(Math.abs(pc.mtp / (11.5 * B) - 1)).toBeLessThan(0.015)
    expect(Math.abs(pc.active!.noInputEmb / (36.7 * B) - 1)).toBeLessThan(0.005)
    expect(Math.abs((pc.total + pc.mtp + pc.embedding + pc.lmHead) / (685 * B) - 1)).toBeLessThan(0.01)
  })

  it('gpt-oss-120b model-card breakdown: MLP 114.71B, attention 0.96B, embed+unembed 1.16B', () => {
    const pc = count('gpt-oss-120b')
    const mlp = pc.moeLayers * (pc.routedPerMoeLayer + pc.routerPerMoeLayer)
    expect(Math.abs(mlp / (114.71 * B) - 1)).toBeLessThan(0.001)
    expect(Math.abs((pc.attentionPerLayer * 36) / (0.96 * B) - 1)).toBeLessThan(0.005)
    expect(Math.abs((pc.embedding + pc.lmHead) / (1.16 * B) - 1)).toBeLessThan(0.005)
  })

  it('Mixtral 8x7B is not 8 × 7 = 56B', () => {
    const pc = count('mixtral-8x7b')
    expect(pc.total / B).toBeCloseTo(46.7, 1)
    expect(pc.derivation.total).toBe(
      '32 layers × (41.9M attention + 8 × 176.2M experts + 32.8K router + 8192 norms) + 2 × 131.1M embedding/head + 4096 final norm = 46.70B',
    )
  })
})

describe('MoE-16x16 example (16 layers, 16 experts top-2, h 4096)', () => {
  const shape = MOE16_SHAPE
  it('total 46.0B, active 6.6B', () => {
    const pc = countParams(shape)!
    expect(pc.total / B).toBeCloseTo(46.03, 2)
    expect(pc.active!.all / B).toBeCloseTo(6.57, 2)
    expect(pc.derivation.total).toBe(
      '16 layers × (41.9M attention + 16 × 176.2M experts + 65.5K router + 8192 norms) + 2 × 131.1M embedding/head + 4096 final norm = 46.03B',
    )
    expect(pc.derivation.active).toContain('= 6.57B with embedding and head')
  })
  it('an expert width given as `ffn` works when every layer is MoE', () => {
    const pc = countParams({ ...shape, expertFfn: undefined, ffn: 14336 })!
    expect(pc.total).toBe(countParams(shape)!.total)
  })
})

describe('layer patterns', () => {
  it('first-k-dense (DeepSeek-V3)', () => {
    const s = load('deepseek-v3')
    expect(moeLayerCount(s)).toBe(58)
    const idx = moeLayerIndices(s)
    expect(idx[0]).toBe(3)
    expect(idx[idx.length - 1]).toBe(60)
    expect(isMoeLayer(s, 2)).toBe(false)
    expect(isMoeLayer(s, 3)).toBe(true)
  })
  it('interleaved (Llama-4 Maverick, step 2): layers 1, 3, 5, …', () => {
    const s = load('llama-4-maverick')
    expect(s.moeLayerStep).toBe(2)
    expect(moeLayerCount(s)).toBe(24)
    expect(moeLayerIndices(s).slice(0, 3)).toEqual([1, 3, 5])
  })
  it('mlp_only_layers are dense', () => {
    const s: ModelShape = { layers: 8, experts: 4, expertFfn: 10, ffn: 20, mlpOnlyLayers: [0, 5] }
    expect(moeLayerIndices(s)).toEqual([1, 2, 3, 4, 6, 7])
    expect(moeLayerCount(s)).toBe(6)
  })
  it('dense model: no MoE layers, active = total', () => {
    const s: ModelShape = { layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ffn: 14336, vocab: 128256 }
    expect(moeLayerIndices(s)).toEqual([])
    const pc = countParams(s)!
    expect(pc.active!.all).toBe(pc.total)
    expect(pc.total / B).toBeCloseTo(8.03, 2) // Llama-3-8B
  })
})

describe('countParams edge cases', () => {
  const base: ModelShape = { layers: 2, hidden: 64, heads: 4, vocab: 100, experts: 4, topK: 1, expertFfn: 32 }
  it('undefined when a required input is missing', () => {
    for (const k of ['layers', 'hidden', 'heads', 'vocab', 'expertFfn'] as const) {
      expect(countParams({ ...base, [k]: undefined })).toBeUndefined()
    }
    expect(countParams({ ...base, firstKDense: 1 })).toBeUndefined() // dense layer without ffn
    expect(countParams({ ...base, kvLoraRank: 16 })).toBeUndefined() // MLA without rope/nope dims
  })
  it('undefined for absurd values, never throws', () => {
    expect(countParams({ ...base, layers: -1 })).toBeUndefined()
    expect(countParams({ ...base, hidden: 1.5 })).toBeUndefined()
    expect(countParams({ ...base, heads: Number.NaN })).toBeUndefined()
    expect(countParams({ ...base, hidden: 3, heads: 2 })).toBeUndefined() // head dim not an integer
    expect(countParams({ ...base, firstKDense: 5 })).toBeUndefined() // experts but no MoE layer
  })
  it('active undefined when top-k is unknown', () => {
    const pc = countParams({ ...base, topK: undefined })!
    expect(pc.total).toBeGreaterThan(0)
    expect(pc.active).toBeUndefined()
  })
  it('plain (2-matrix) FFN, LayerNorm, tied embeddings', () => {
    const a = countParams(base)!
    const b = countParams({ ...base, gatedFfn: false })!
    expect(a.oneExpert - b.oneExpert).toBe(64 * 32)
    const c = countParams({ ...base, norm: 'layer' })!
    expect(c.normsPerLayer).toBe(2 * a.normsPerLayer)
    const t = countParams({ ...base, tiedEmbeddings: true })!
    expect(t.lmHead).toBe(0)
    expect(a.total - t.total).toBe(100 * 64)
  })
  it('MQA and head_dim ≠ hidden/heads', () => {
    const pc = countParams({ ...base, kvHeads: 1, headDim: 32 })!
    // Q 64·128 + K,V 2·64·32 + O 128·64
    expect(pc.attentionPerLayer).toBe(64 * 128 + 2 * 64 * 32 + 128 * 64)
  })
  it('MLA without q_lora_rank (DeepSeek-V2-Lite)', () => {
    const pc = count('deepseek-v2-lite')
    // q 2048·16·192 + kv_a 2048·576 + norm 512 + kv_b 512·16·256 + o 16·128·2048
    expect(pc.attentionPerLayer).toBe(2048 * 16 * 192 + 2048 * 576 + 512 + 512 * 16 * 256 + 16 * 128 * 2048)
  })
})
