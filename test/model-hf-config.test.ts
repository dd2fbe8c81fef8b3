import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { shapeFromHfConfig } from '../src/model/hf-config.js'
import { bytesPerParam, bytesRange, parsePrecision } from '../src/model/precision.js'

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/models/${name}.json`, import.meta.url), 'utf8'))
}

describe('shapeFromHfConfig', () => {
  it('Mixtral: intermediate_size is the expert width', () => {
    const { shape, unknownKeys, invalidKeys } = shapeFromHfConfig(fixture('mixtral-8x7b'))
    expect(shape).toMatchObject({ hidden: 4096, layers: 32, heads: 32, kvHeads: 8, experts: 8, topK: 2, expertFfn: 14336 })
    expect(shape.ffn).toBeUndefined()
    expect(shape.tiedEmbeddings).toBe(false)
    expect(shape.weightPrecision).toBe('bf16')
    expect(shape.slidingWindow).toBeUndefined() // sliding_window: null
    expect(unknownKeys).toBeUndefined()
    expect(invalidKeys).toBeUndefined()
  })

  it('DBRX: d_model, n_layers, n_heads, attn_config.kv_n_heads, ffn_config', () => {
    const { shape } = shapeFromHfConfig(fixture('dbrx'))
    expect(shape).toMatchObject({
      hidden: 6144,
      layers: 40,
      heads: 48,
      kvHeads: 8,
      experts: 16,
      topK: 4,
      expertFfn: 10752,
      vocab: 100352,
      norm: 'layer-nobias',
    })
  })

  it('DeepSeek-V3: MLA, shared expert, first-k-dense, FP8, router bias, MTP', () => {
    const { shape } = shapeFromHfConfig(fixture('deepseek-v3'))
    expect(shape).toMatchObject({
      experts: 256,
      topK: 8,
      sharedExperts: 1,
      firstKDense: 3,
      expertFfn: 2048,
      ffn: 18432,
      qLoraRank: 1536,
      kvLoraRank: 512,
      qkRopeHeadDim: 64,
      qkNopeHeadDim: 128,
      vHeadDim: 128,
      weightPrecision: 'fp8',
      routerBias: true,
      mtpLayers: 1,
    })
  })

  it('DeepSeek-V2-Lite: q_lora_rank null means a direct q projection', () => {
    expect(shapeFromHfConfig(fixture('deepseek-v2-lite')).shape.qLoraRank).toBeUndefined()
    // DeepSeek's own inference configs write 0 for none
    expect(shapeFromHfConfig({ q_lora_rank: 0 }).shape.qLoraRank).toBeUndefined()
  })

  it('Qwen2-MoE: qkv bias, shared expert width and gate; unused sliding window ignored', () => {
    const { shape } = shapeFromHfConfig(fixture('qwen1.5-moe-a2.7b'))
    expect(shape).toMatchObject({ qkvBias: true, sharedExpertFfn: 5632, sharedExpertGate: true, expertFfn: 1408, ffn: 5632 })
    expect(shape.attnOutBias).toBeUndefined()
    expect(shape.slidingWindow).toBeUndefined()
  })

  it('Qwen3-MoE per-head QK norm, OLMoE full QK norm', () => {
    expect(shapeFromHfConfig(fixture('qwen3-30b-a3b')).shape).toMatchObject({ qkNorm: 'per-head', headDim: 128 })
    expect(shapeFromHfConfig(fixture('olmoe-1b-7b')).shape).toMatchObject({ qkNorm: 'full', expertFfn: 1024 })
  })

  it('Phi-3.5-MoE: LayerNorm, attention and LM-head biases', () => {
    expect(shapeFromHfConfig(fixture('phi-3.5-moe')).shape).toMatchObject({
      norm: 'layer',
      qkvBias: true,
      attnOutBias: true,
      lmHeadBias: true,
      expertFfn: 6400,
    })
  })

  it('gpt-oss: biases, sinks, alternating sliding window 128, MXFP4 experts with BF16 rest', () => {
    const { shape } = shapeFromHfConfig(fixture('gpt-oss-120b'))
    expect(shape).toMatchObject({
      experts: 128,
      topK: 4,
      headDim: 64,
      qkvBias: true,
      attnOutBias: true,
      attnSinks: true,
      expertBias: true,
      routerBias: true,
      slidingWindow: 128,
      slidingLayers: 18,
      slidingEvery: 2,
      expertPrecision: 'mxfp4',
      weightPrecision: 'bf16',
    })
    // without layer_types, the model type implies alternation
    const j = fixture('gpt-oss-20b')
    delete j.layer_types
    expect(shapeFromHfConfig(j).shape).toMatchObject({ slidingWindow: 128, slidingEvery: 2, slidingLayers: 12 })
  })

  it('Llama-4: text_config, interleave step, dense intermediate_size_mlp, shared expert', () => {
    const { shape } = shapeFromHfConfig(fixture('llama-4-maverick'))
    expect(shape).toMatchObject({
      hidden: 5120,
      experts: 128,
      topK: 1,
      moeLayerStep: 2,
      expertFfn: 8192,
      sharedExpertFfn: 8192,
      ffn: 16384,
    })
  })

  it('Grok-1: four norms per layer, tied embeddings', () => {
    expect(shapeFromHfConfig(fixture('grok-1')).shape).toMatchObject({ normCountPerLayer: 4, tiedEmbeddings: true, expertFfn: 32768 })
  })

  it('Mistral-style sliding window applies to every layer', () => {
    const { shape } = shapeFromHfConfig({ model_type: 'mistral', num_hidden_layers: 32, sliding_window: 4096 })
    expect(shape).toMatchObject({ slidingWindow: 4096, slidingLayers: 32 })
  })

  it('ignores non-numeric and absurd values, never throws', () => {
    const r = shapeFromHfConfig({
      hidden_size: -4096,
      num_hidden_layers: 32.5,
      num_attention_heads: 'many',
      num_key_value_heads: Number.NaN,
      vocab_size: 1e12,
      intermediate_size: '14336',
      num_local_experts: null,
      tie_word_embeddings: 'yes',
      quantization_config: 'fp8',
      mlp_only_layers: [1, -2],
      torch_dtype: 'weird',
      some_new_key: 1,
    })
    expect(r.shape).toEqual({ ffn: 14336 })
    expect(r.unknownKeys).toEqual(['some_new_key'])
    expect(r.invalidKeys).toEqual(
      expect.arrayContaining([
        'hidden_size',
        'num_hidden_layers',
        'num_attention_heads',
        'num_key_value_heads',
        'vocab_size',
        'tie_word_embeddings',
        'quantization_config',
        'mlp_only_layers',
        'torch_dtype',
      ]),
    )
    for (const bad of [null, undefined, 42, 'x', [], [1, 2]]) {
      expect(() => shapeFromHfConfig(bad as unknown as Record<string, unknown>)).not.toThrow()
    }
  })

  it('quantization configs: AWQ/GPTQ bits, bitsandbytes, compressed-tensors, modelopt', () => {
    const q = (c: Record<string, unknown>) => shapeFromHfConfig({ torch_dtype: 'float16', quantization_config: c }).shape
    expect(q({ quant_method: 'awq', bits: 4 }).weightPrecision).toBe('int4')
    expect(q({ quant_method: 'gptq', bits: 8 }).weightPrecision).toBe('int8')
    expect(q({ quant_method: 'bitsandbytes', load_in_4bit: true }).weightPrecision).toBe('int4')
    expect(q({ quant_method: 'compressed-tensors', format: 'float-quantized' }).weightPrecision).toBe('fp8')
    expect(q({ quant_method: 'compressed-tensors', format: 'nvfp4-pack-quantized' }).weightPrecision).toBe('nvfp4')
    expect(q({ quant_method: 'modelopt', quant_algo: 'NVFP4', kv_cache_quant_algo: 'FP8' })).toMatchObject({
      weightPrecision: 'nvfp4',
      kvPrecision: 'fp8',
    })
    expect(q({ quant_method: 'unknown-thing' }).weightPrecision).toBe('fp16')
  })
})

describe('precision', () => {
  it('bytes per parameter (reference §4.1)', () => {
    expect(bytesPerParam('fp32')).toBe(4)
    expect(bytesPerParam('bf16')).toBe(2)
    expect(bytesPerParam('fp16')).toBe(2)
    expect(bytesPerParam('fp8')).toBe(1)
    expect(bytesPerParam('int8')).toBe(1)
    expect(bytesPerParam('int4')).toBe(0.5)
    expect(bytesPerParam('mxfp4')).toBe(0.53125)
    expect(bytesPerParam('nvfp4')).toBe(0.5625)
    expect(bytesRange('int4')).toEqual([0.5, 0.53])
    expect(bytesRange('bf16')).toEqual([2, 2])
    const [lo, hi] = bytesRange('fp8')
    expect(lo).toBe(1)
    expect(hi).toBeGreaterThanOrEqual(1 + 4 / 16384)
  })

  it('parses the names documents and configs use', () => {
    const cases: [string, string | undefined][] = [
      ['BF16', 'bf16'],
      ['bfloat16', 'bf16'],
      ['torch.bfloat16', 'bf16'],
      ['FP8', 'fp8'],
      ['float8_e4m3fn', 'fp8'],
      ['e4m3', 'fp8'],
      ['FP8 (E4M3)', 'fp8'],
      ['W8A8-FP8', 'fp8'],
      ['INT4', 'int4'],
      ['AWQ', 'int4'],
      ['GPTQ', 'int4'],
      ['GPTQ-Int8', 'int8'],
      ['W4A16', 'int4'],
      ['MXFP4', 'mxfp4'],
      ['NVFP4', 'nvfp4'],
      ['FP16', 'fp16'],
      ['half', 'fp16'],
      ['float16', 'fp16'],
      ['torch.float16', 'fp16'],
      ['FP32', 'fp32'],
      ['float32', 'fp32'],
      ['INT8', 'int8'],
      ['W8A8', 'int8'],
      ['FP4', undefined],
      ['', undefined],
      ['banana', undefined],
    ]
    for (const [text, want] of cases) expect(parsePrecision(text), text).toBe(want)
  })
})
