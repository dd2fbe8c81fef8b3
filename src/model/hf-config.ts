/**
 * Map a Hugging Face `config.json` (or DBRX / DeepSeek inference-style
 * variants) onto a ModelShape.
 *
 * Never throws: a value that is not a plausible number (negative, NaN,
 * non-integer count, absurdly large) is ignored and its key reported in
 * `invalidKeys`. Keys this module does not know are listed in `unknownKeys`.
 */
import { parsePrecision } from './precision.js'
import type { ModelShape, Precision } from './types.js'

const MAX_DIM = 10_000_000

export interface HfConfigResult {
  shape: ModelShape
  /** Top-level keys neither used nor known to be irrelevant to the shape. */
  unknownKeys?: string[]
  /** Keys whose value was present but unusable (wrong type, negative, non-integer, absurd). */
  invalidKeys?: string[]
}

type Json = Record<string, unknown>

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Keys read by this module (top level or nested). */
const USED = new Set([
  'model_type',
  'hidden_size',
  'd_model',
  'dim',
  'emb_size',
  'num_hidden_layers',
  'n_layers',
  'num_layers',
  'num_attention_heads',
  'n_heads',
  'num_key_value_heads',
  'n_kv_heads',
  'num_kv_heads',
  'head_dim',
  'intermediate_size',
  'intermediate_size_mlp',
  'inter_dim',
  'ffn_hidden_size',
  'moe_intermediate_size',
  'moe_inter_dim',
  'num_experts',
  'num_local_experts',
  'n_routed_experts',
  'moe_num_experts',
  'num_experts_per_tok',
  'experts_per_token',
  'n_activated_experts',
  'moe_top_k',
  'n_shared_experts',
  'shared_expert_intermediate_size',
  'first_k_dense_replace',
  'n_dense_layers',
  'decoder_sparse_step',
  'interleave_moe_layer_step',
  'moe_layer_freq',
  'mlp_only_layers',
  'vocab_size',
  'tie_word_embeddings',
  'q_lora_rank',
  'kv_lora_rank',
  'qk_rope_head_dim',
  'qk_nope_head_dim',
  'v_head_dim',
  'torch_dtype',
  'dtype',
  'quantization_config',
  'attention_bias',
  'qkv_bias',
  'lm_head_bias',
  'mlp_bias',
  'sliding_window',
  'use_sliding_window',
  'layer_types',
  'topk_method',
  'num_nextn_predict_layers',
  'attn_config',
  'ffn_config',
  'text_config',
  'hidden_act',
  'kv_cache_dtype',
])

/** Keys known to exist in real configs that do not affect the shape. */
const IRRELEVANT = new Set([
  'architectures',
  'auto_map',
  'bos_token_id',
  'eos_token_id',
  'pad_token_id',
  'rope_theta',
  'rope_scaling',
  'rope_parameters',
  'max_position_embeddings',
  'max_seq_len',
  'original_max_position_embeddings',
  'rms_norm_eps',
  'layer_norm_eps',
  'norm_eps',
  'initializer_range',
  'use_cache',
  'transformers_version',
  'attention_dropout',
  'hidden_dropout',
  'output_router_logits',
  'router_aux_loss_coef',
  'router_jitter_noise',
  'router_z_loss_coef',
  'norm_topk_prob',
  'scoring_func',
  'n_group',
  'topk_group',
  'routed_scaling_factor',
  'aux_loss_alpha',
  'seq_aux',
  'ep_size',
  'max_window_layers',
  'clip_qkv',
  'resid_pdrop',
  'emb_pdrop',
  'input_jitter_noise',
  'swiglu_limit',
  'initial_context_length',
  'rope_scaling_type',
  'attn_implementation',
  'name_or_path',
  '_name_or_path',
  'return_dict',
  'output_hidden_states',
  'output_attentions',
  'use_return_dict',
  'torchscript',
  'pretraining_tp',
  'sliding_window_pattern',
  'no_rope_layers',
  'no_rope_layer_interval',
  'attention_chunk_size',
  'attn_temperature_tuning',
  'floor_scale',
  'attn_scale',
  'use_qk_norm',
  'moe_aux_loss_coeff',
  'router_dtype',
  'rope_interleave',
  'vision_config',
  'image_token_index',
  'boi_token_index',
  'eoi_token_index',
  'multi_modal_projector_bias',
  'projector_hidden_act',
  'vision_feature_layer',
  'vision_feature_select_strategy',
  'quantization',
  'is_decoder',
  'model_name',
  'learned_pos_emb',
  'embd_pdrop',
  'attn_pdrop',
  'resid_dropout',
  'full_attn_idxs',
  'partial_rotary_factor',
  'use_bfloat16',
  'tokenizer_class',
])

/**
 * Expert width = `intermediate_size` for these model types (no separate
 * `moe_intermediate_size`).
 */
export const INTERMEDIATE_IS_EXPERT = new Set(['mixtral', 'olmoe', 'dbrx', 'phimoe', 'gpt_oss', 'grok-1', 'grok', 'jamba', 'llama4_text', 'llama4'])

/**
 * Read a Hugging Face config.json into a ModelShape. `text_config` (Llama-4
 * and other multimodal wrappers) is merged over the top level; DBRX's
 * `attn_config` / `ffn_config` are read for their keys.
 */
export function shapeFromHfConfig(json: Record<string, unknown>): HfConfigResult {
  const shape: ModelShape = {}
  const invalid = new Set<string>()
  const unknown: string[] = []
  if (!isObject(json)) return { shape }

  const top = json
  const text = isObject(top.text_config) ? top.text_config : undefined
  const attnCfg = isObject(top.attn_config) ? top.attn_config : undefined
  const ffnCfg = isObject(top.ffn_config) ? top.ffn_config : undefined

  for (const key of Object.keys(top)) {
    if (!USED.has(key) && !IRRELEVANT.has(key)) unknown.push(key)
  }

  /** Raw value of the first key present, text_config first, then top level, then nested DBRX configs. */
  const raw = (key: string): { key: string; value: unknown } | undefined => {
    for (const src of [text, top, attnCfg, ffnCfg]) {
      if (src && Object.prototype.hasOwnProperty.call(src, key)) {
        const value = src[key]
        if (value === null || value === undefined) continue
        return { key, value }
      }
    }
    return undefined
  }

  /** A positive integer (or 0 when allowZero) from the first present key. */
  const int = (keys: string[], allowZero = false): number | undefined => {
    for (const k of keys) {
      const r = raw(k)
      if (!r) continue
      const n = toNumber(r.value)
      if (n !== undefined && Number.isInteger(n) && n <= MAX_DIM && (n >= 1 || (allowZero && n === 0))) return n
      invalid.add(k)
    }
    return undefined
  }

  const bool = (key: string): boolean | undefined => {
    const r = raw(key)
    if (!r) return undefined
    if (typeof r.value === 'boolean') return r.value
    invalid.add(key)
    return undefined
  }

  const str = (key: string): string | undefined => {
    const r = raw(key)
    if (!r) return undefined
    if (typeof r.value === 'string') return r.value
    invalid.add(key)
    return undefined
  }

  const modelType = (str('model_type') ?? '').toLowerCase()

  set(shape, 'hidden', int(['hidden_size', 'd_model', 'dim', 'emb_size']))
  set(shape, 'layers', int(['num_hidden_layers', 'n_layers', 'num_layers']))
  set(shape, 'heads', int(['num_attention_heads', 'n_heads']))
  set(shape, 'kvHeads', int(['num_key_value_heads', 'kv_n_heads', 'n_kv_heads', 'num_kv_heads']))
  set(shape, 'headDim', int(['head_dim']))
  set(shape, 'vocab', int(['vocab_size']))
  const tied = bool('tie_word_embeddings')
  if (tied !== undefined) shape.tiedEmbeddings = tied

  // Experts.
  const expertsRaw = int(['n_routed_experts', 'num_local_experts', 'num_experts', 'moe_num_experts'], true)
  const experts = expertsRaw !== undefined && expertsRaw > 0 ? expertsRaw : undefined
  set(shape, 'experts', experts)
  set(shape, 'topK', int(['num_experts_per_tok', 'experts_per_token', 'n_activated_experts', 'moe_top_k']))
  const sharedN = int(['n_shared_experts'], true)
  if (sharedN !== undefined && sharedN > 0) shape.sharedExperts = sharedN
  const sharedFfn = int(['shared_expert_intermediate_size'], true)
  if (sharedFfn !== undefined && sharedFfn > 0) shape.sharedExpertFfn = sharedFfn

  // FFN widths.
  const inter = int(['intermediate_size', 'inter_dim'])
  const moeInter = int(['moe_intermediate_size', 'moe_inter_dim'])
  const dbrxFfn = int(['ffn_hidden_size'])
  if (moeInter !== undefined) {
    shape.expertFfn = moeInter
    set(shape, 'ffn', inter)
  } else if (dbrxFfn !== undefined && experts !== undefined) {
    shape.expertFfn = dbrxFfn
  } else if (experts !== undefined) {
    // INTERMEDIATE_IS_EXPERT model types, and any other MoE config without
    // moe_intermediate_size (Mixtral-style is the common case).
    set(shape, 'expertFfn', inter)
  } else {
    set(shape, 'ffn', inter)
  }
  if (modelType.startsWith('llama4')) {
    // Llama-4: intermediate_size is both the routed and the shared expert width;
    // intermediate_size_mlp is the dense FFN of the non-MoE layers.
    set(shape, 'ffn', int(['intermediate_size_mlp']))
    if (inter !== undefined && shape.sharedExpertFfn === undefined) shape.sharedExpertFfn = inter
  }

  // Layer pattern.
  const firstK = int(['first_k_dense_replace', 'n_dense_layers'], true)
  if (firstK !== undefined && firstK > 0) shape.firstKDense = firstK
  const step = int(['interleave_moe_layer_step', 'decoder_sparse_step'])
  if (step !== undefined && step > 1) shape.moeLayerStep = step
  const mlpOnly = raw('mlp_only_layers')
  if (mlpOnly) {
    if (Array.isArray(mlpOnly.value) && mlpOnly.value.every((i) => Number.isInteger(i) && (i as number) >= 0)) {
      if (mlpOnly.value.length > 0) shape.mlpOnlyLayers = (mlpOnly.value as number[]).slice()
    } else invalid.add('mlp_only_layers')
  }
  const mtp = int(['num_nextn_predict_layers'], true)
  if (mtp !== undefined && mtp > 0) shape.mtpLayers = mtp

  // MLA.
  const qLora = int(['q_lora_rank'], true) // DeepSeek's own configs write 0 for "none"
  if (qLora !== undefined && qLora > 0) shape.qLoraRank = qLora
  set(shape, 'kvLoraRank', int(['kv_lora_rank']))
  set(shape, 'qkRopeHeadDim', int(['qk_rope_head_dim']))
  set(shape, 'qkNopeHeadDim', int(['qk_nope_head_dim']))
  set(shape, 'vHeadDim', int(['v_head_dim']))

  // Biases, norms and attention extras, by key and by model type.
  const attnBias = bool('attention_bias')
  const qkvBias = bool('qkv_bias')
  if (attnBias) {
    shape.qkvBias = true
    // Llama-family `attention_bias` covers q, k, v and o; so do Phi-3.5-MoE and gpt-oss.
    shape.attnOutBias = true
  }
  if (qkvBias !== undefined) shape.qkvBias = qkvBias
  if (modelType === 'qwen2_moe') {
    if (qkvBias === undefined && attnBias === undefined) shape.qkvBias = true
    if (shape.sharedExpertFfn !== undefined || shape.sharedExperts !== undefined) shape.sharedExpertGate = true
  }
  if (modelType === 'qwen3_moe' || modelType === 'qwen3_next' || modelType === 'qwen3') shape.qkNorm = 'per-head'
  if (modelType === 'olmoe') shape.qkNorm = 'full'
  if (modelType === 'phimoe') {
    shape.norm = 'layer'
    if (bool('lm_head_bias')) shape.lmHeadBias = true
  } else if (bool('lm_head_bias')) shape.lmHeadBias = true
  if (modelType === 'dbrx') shape.norm = 'layer-nobias'
  if (modelType === 'gpt_oss') {
    shape.qkvBias = true
    shape.attnOutBias = true
    shape.attnSinks = true
    shape.expertBias = true
    shape.routerBias = true
  }
  if (modelType === 'grok-1' || modelType === 'grok') {
    shape.normCountPerLayer = 4
    if (tied === undefined) shape.tiedEmbeddings = true
  }
  if (modelType === 'deepseek_v3' || str('topk_method') === 'noaux_tc') {
    // DeepSeek-V3 router carries an e_score_correction_bias of E.
    if (experts !== undefined) shape.routerBias = true
  }
  const act = raw('hidden_act')
  if (act && typeof act.value === 'string' && /^(gelu|relu|gelu_new|gelu_pytorch_tanh)$/i.test(act.value)) {
    // A plain activation name means a 2-matrix FFN only for classic (non-gated) architectures.
    if (modelType === 'gpt2' || modelType === 'opt' || modelType === 'gpt_neox' || modelType === 'bloom') {
      shape.gatedFfn = false
    }
  }

  // Sliding window.
  const useSliding = bool('use_sliding_window')
  const window = int(['sliding_window'])
  const layerTypes = raw('layer_types')
  if (window !== undefined && useSliding !== false) {
    if (layerTypes && Array.isArray(layerTypes.value)) {
      const types = layerTypes.value
      const sliding = types.filter((t) => typeof t === 'string' && t.includes('sliding')).length
      if (sliding > 0) {
        shape.slidingWindow = window
        shape.slidingLayers = sliding
        if (sliding * 2 === types.length && types.every((t, i) => (typeof t === 'string' && t.includes('sliding')) === (i % 2 === 0))) {
          shape.slidingEvery = 2
        }
      }
    } else if (modelType === 'gpt_oss') {
      shape.slidingWindow = window
      shape.slidingEvery = 2
      if (shape.layers !== undefined) shape.slidingLayers = Math.ceil(shape.layers / 2)
    } else if (!modelType.startsWith('qwen')) {
      // Mistral-style: every layer uses the window. Qwen configs carry a window they do not use.
      shape.slidingWindow = window
      if (shape.layers !== undefined) shape.slidingLayers = shape.layers
    }
  }

  // Precision.
  const dtypeRaw = raw('torch_dtype') ?? raw('dtype')
  let weight: Precision | undefined
  if (dtypeRaw) {
    weight = typeof dtypeRaw.value === 'string' ? parsePrecision(dtypeRaw.value) : undefined
    if (weight === undefined) invalid.add(dtypeRaw.key)
  }
  const q = raw('quantization_config')
  if (q) {
    if (isObject(q.value)) {
      const qp = quantPrecision(q.value)
      if (qp.expert) {
        shape.expertPrecision = qp.expert
        weight = qp.weight ?? weight ?? 'bf16'
      } else if (qp.weight) weight = qp.weight
      if (qp.kv) shape.kvPrecision = qp.kv
    } else invalid.add('quantization_config')
  }
  if (weight) shape.weightPrecision = weight
  const kvRaw = raw('kv_cache_dtype')
  if (kvRaw && typeof kvRaw.value === 'string') {
    const kv = parsePrecision(kvRaw.value)
    if (kv) shape.kvPrecision = kv
  }

  const result: HfConfigResult = { shape }
  if (unknown.length > 0) result.unknownKeys = unknown
  if (invalid.size > 0) result.invalidKeys = [...invalid]
  return result
}

function set<K extends keyof ModelShape>(shape: ModelShape, key: K, value: ModelShape[K] | undefined): void {
  if (value !== undefined) shape[key] = value
}

function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined
  if (typeof x === 'string' && /^[0-9]{1,9}$/.test(x)) return Number(x)
  return undefined
}

/**
 * Precision implied by a `quantization_config`:
 * - `fp8` (DeepSeek-V3 block FP8, compressed-tensors float) → weights fp8;
 * - `mxfp4` (gpt-oss) → routed experts mxfp4, everything else bf16;
 * - `awq` / `gptq` / bitsandbytes by their bit width; modelopt by `quant_algo`.
 */
function quantPrecision(q: Json): { weight?: Precision; expert?: Precision; kv?: Precision } {
  const method = typeof q.quant_method === 'string' ? q.quant_method.toLowerCase() : ''
  const bits = typeof q.bits === 'number' ? q.bits : typeof q.w_bit === 'number' ? q.w_bit : undefined
  const out: { weight?: Precision; expert?: Precision; kv?: Precision } = {}
  const kvAlgo = typeof q.kv_cache_quant_algo === 'string' ? parsePrecision(q.kv_cache_quant_algo) : undefined
  if (kvAlgo) out.kv = kvAlgo
  if (method === 'mxfp4') {
    out.expert = 'mxfp4'
    out.weight = 'bf16'
    return out
  }
  if (method === 'fp8' || method === 'fbgemm_fp8') {
    out.weight = 'fp8'
    return out
  }
  if (method === 'awq' || method === 'gptq' || method === 'gptq_marlin' || method === 'awq_marlin') {
    out.weight = bits === 8 ? 'int8' : bits === 4 || bits === undefined ? 'int4' : undefined
    return out
  }
  if (method === 'bitsandbytes') {
    if (q.load_in_4bit === true) out.weight = 'int4'
    else if (q.load_in_8bit === true) out.weight = 'int8'
    return out
  }
  if (method === 'modelopt') {
    const algo = typeof q.quant_algo === 'string' ? parsePrecision(q.quant_algo) : undefined
    if (algo) out.weight = algo
    return out
  }
  if (method === 'compressed-tensors') {
    const fmt = typeof q.format === 'string' ? q.format.toLowerCase() : ''
    if (fmt.includes('nvfp4')) out.weight = 'nvfp4'
    else if (fmt.includes('float')) out.weight = 'fp8'
    else if (fmt.includes('int') || fmt.includes('pack')) out.weight = fmt.includes('pack') ? 'int4' : 'int8'
    return out
  }
  const byName = parsePrecision(method)
  if (byName) out.weight = byName
  return out
}
