/**
 * Known MoE models by name: their config.json values (from the model cards
 * and reference domain-math.md §3.1), so a plan that names a model and states
 * a parameter count can be checked without restating the config.
 * Generated from fixtures/models/*.json; the tests compare the two.
 */

import { shapeFromHfConfig } from './hf-config.js'
import type { ModelShape } from './types.js'

export interface KnownModel {
  id: string
  /** Names as documents write them (separators free). */
  aliases: string[]
  config: Record<string, unknown>
}

export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    id: "dbrx",
    aliases: ["DBRX", "dbrx-instruct", "dbrx-base"],
    config: {"architectures": ["DbrxForCausalLM"], "model_type": "dbrx", "d_model": 6144, "n_layers": 40, "n_heads": 48, "max_seq_len": 32768, "vocab_size": 100352, "tie_word_embeddings": false, "attn_config": {"kv_n_heads": 8, "clip_qkv": 8, "rope_theta": 500000}, "ffn_config": {"ffn_hidden_size": 10752, "moe_num_experts": 16, "moe_top_k": 4}, "torch_dtype": "bfloat16"},
  },
  {
    id: "deepseek-v2-lite",
    aliases: ["DeepSeek-V2-Lite", "DeepSeek V2 Lite"],
    config: {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 2048, "intermediate_size": 10944, "moe_intermediate_size": 1408, "num_hidden_layers": 27, "num_attention_heads": 16, "num_key_value_heads": 16, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6, "first_k_dense_replace": 1, "moe_layer_freq": 1, "q_lora_rank": null, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 102400, "tie_word_embeddings": false, "topk_method": "greedy", "attention_bias": false, "torch_dtype": "bfloat16"},
  },
  {
    id: "deepseek-v2",
    aliases: ["DeepSeek-V2", "DeepSeek V2"],
    config: {"architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "hidden_size": 5120, "intermediate_size": 12288, "moe_intermediate_size": 1536, "num_hidden_layers": 60, "num_attention_heads": 128, "num_key_value_heads": 128, "n_routed_experts": 160, "n_shared_experts": 2, "num_experts_per_tok": 6, "first_k_dense_replace": 1, "moe_layer_freq": 1, "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 102400, "tie_word_embeddings": false, "topk_method": "group_limited_greedy", "n_group": 8, "topk_group": 3, "attention_bias": false, "torch_dtype": "bfloat16"},
  },
  {
    id: "deepseek-v3",
    aliases: ["DeepSeek-V3", "DeepSeek V3", "DeepSeek-R1", "DeepSeek R1", "DeepSeek-V3-0324", "DeepSeek-V3.1"],
    config: {"architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048, "num_hidden_layers": 61, "num_attention_heads": 128, "num_key_value_heads": 128, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 3, "moe_layer_freq": 1, "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 129280, "tie_word_embeddings": false, "topk_method": "noaux_tc", "n_group": 8, "topk_group": 4, "num_nextn_predict_layers": 1, "attention_bias": false, "torch_dtype": "bfloat16", "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8", "weight_block_size": [128, 128]}},
  },
  {
    id: "gpt-oss-120b",
    aliases: ["gpt-oss-120b", "gpt oss 120b"],
    config: {"architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 36, "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64, "num_local_experts": 128, "num_experts_per_tok": 4, "experts_per_token": 4, "vocab_size": 201088, "tie_word_embeddings": false, "attention_bias": true, "sliding_window": 128, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention"], "swiglu_limit": 7.0, "torch_dtype": "bfloat16", "quantization_config": {"quant_method": "mxfp4", "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"]}},
  },
  {
    id: "gpt-oss-20b",
    aliases: ["gpt-oss-20b", "gpt oss 20b"],
    config: {"architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 24, "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64, "num_local_experts": 32, "num_experts_per_tok": 4, "experts_per_token": 4, "vocab_size": 201088, "tie_word_embeddings": false, "attention_bias": true, "sliding_window": 128, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention"], "swiglu_limit": 7.0, "torch_dtype": "bfloat16", "quantization_config": {"quant_method": "mxfp4", "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"]}},
  },
  {
    id: "grok-1",
    aliases: ["Grok-1", "Grok 1"],
    config: {"architectures": ["Grok1ModelForCausalLM"], "model_type": "grok-1", "hidden_size": 6144, "intermediate_size": 32768, "num_hidden_layers": 64, "num_attention_heads": 48, "num_key_value_heads": 8, "num_experts": 8, "num_experts_per_tok": 2, "vocab_size": 131072, "tie_word_embeddings": true, "torch_dtype": "bfloat16"},
  },
  {
    id: "kimi-k2",
    aliases: ["Kimi-K2", "Kimi K2", "Kimi-K2-Instruct", "Kimi K2 Instruct", "Kimi-K2-Base"],
    config: {"architectures": ["DeepseekV3ForCausalLM"], "model_type": "kimi_k2", "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048, "num_hidden_layers": 61, "num_attention_heads": 64, "num_key_value_heads": 64, "n_routed_experts": 384, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 1, "moe_layer_freq": 1, "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 163840, "tie_word_embeddings": false, "topk_method": "noaux_tc", "n_group": 1, "topk_group": 1, "num_nextn_predict_layers": 0, "attention_bias": false, "torch_dtype": "bfloat16", "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8", "weight_block_size": [128, 128]}},
  },
  {
    id: "llama-4-maverick",
    aliases: ["Llama-4-Maverick", "Llama 4 Maverick", "Maverick"],
    config: {"architectures": ["Llama4ForConditionalGeneration"], "model_type": "llama4", "tie_word_embeddings": false, "text_config": {"model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192, "intermediate_size_mlp": 16384, "num_hidden_layers": 48, "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "num_local_experts": 128, "num_experts_per_tok": 1, "interleave_moe_layer_step": 2, "vocab_size": 202048, "attention_bias": false, "use_qk_norm": true, "torch_dtype": "bfloat16"}, "vision_config": {"hidden_size": 1408}, "torch_dtype": "bfloat16"},
  },
  {
    id: "llama-4-scout",
    aliases: ["Llama-4-Scout", "Llama 4 Scout"],
    config: {"architectures": ["Llama4ForConditionalGeneration"], "model_type": "llama4", "tie_word_embeddings": false, "text_config": {"model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192, "intermediate_size_mlp": 16384, "num_hidden_layers": 48, "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "num_local_experts": 16, "num_experts_per_tok": 1, "interleave_moe_layer_step": 1, "vocab_size": 202048, "attention_bias": false, "use_qk_norm": true, "torch_dtype": "bfloat16"}, "vision_config": {"hidden_size": 1408}, "torch_dtype": "bfloat16"},
  },
  {
    id: "mixtral-8x22b",
    aliases: ["Mixtral-8x22B", "Mixtral 8x22B"],
    config: {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 6144, "intermediate_size": 16384, "num_hidden_layers": 56, "num_attention_heads": 48, "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000, "tie_word_embeddings": false, "sliding_window": null, "rms_norm_eps": 1e-05, "rope_theta": 1000000.0, "max_position_embeddings": 65536, "torch_dtype": "bfloat16"},
  },
  {
    id: "mixtral-8x7b",
    aliases: ["Mixtral-8x7B", "Mixtral 8x7B"],
    config: {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000, "tie_word_embeddings": false, "sliding_window": null, "rms_norm_eps": 1e-05, "rope_theta": 1000000.0, "max_position_embeddings": 32768, "torch_dtype": "bfloat16"},
  },
  {
    id: "olmoe-1b-7b",
    aliases: ["OLMoE-1B-7B", "OLMoE"],
    config: {"architectures": ["OlmoeForCausalLM"], "model_type": "olmoe", "hidden_size": 2048, "intermediate_size": 1024, "num_hidden_layers": 16, "num_attention_heads": 16, "num_key_value_heads": 16, "num_experts": 64, "num_experts_per_tok": 8, "vocab_size": 50304, "tie_word_embeddings": false, "clip_qkv": null, "attention_bias": false, "torch_dtype": "bfloat16"},
  },
  {
    id: "phi-3.5-moe",
    aliases: ["Phi-3.5-MoE", "Phi 3.5 MoE"],
    config: {"architectures": ["PhiMoEForCausalLM"], "model_type": "phimoe", "hidden_size": 4096, "intermediate_size": 6400, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "num_local_experts": 16, "num_experts_per_tok": 2, "vocab_size": 32064, "tie_word_embeddings": false, "attention_bias": true, "lm_head_bias": true, "sliding_window": null, "torch_dtype": "bfloat16"},
  },
  {
    id: "qwen1.5-moe-a2.7b",
    aliases: ["Qwen1.5-MoE-A2.7B", "Qwen1.5 MoE A2.7B"],
    config: {"architectures": ["Qwen2MoeForCausalLM"], "model_type": "qwen2_moe", "hidden_size": 2048, "intermediate_size": 5632, "moe_intermediate_size": 1408, "shared_expert_intermediate_size": 5632, "num_hidden_layers": 24, "num_attention_heads": 16, "num_key_value_heads": 16, "num_experts": 60, "num_experts_per_tok": 4, "decoder_sparse_step": 1, "vocab_size": 151936, "tie_word_embeddings": false, "use_sliding_window": false, "sliding_window": 32768, "torch_dtype": "bfloat16"},
  },
  {
    id: "qwen2-57b-a14b",
    aliases: ["Qwen2-57B-A14B", "Qwen2 57B A14B"],
    config: {"architectures": ["Qwen2MoeForCausalLM"], "model_type": "qwen2_moe", "hidden_size": 3584, "intermediate_size": 18944, "moe_intermediate_size": 2560, "shared_expert_intermediate_size": 20480, "num_hidden_layers": 28, "num_attention_heads": 28, "num_key_value_heads": 4, "num_experts": 64, "num_experts_per_tok": 8, "decoder_sparse_step": 1, "vocab_size": 151936, "tie_word_embeddings": false, "use_sliding_window": false, "torch_dtype": "bfloat16"},
  },
  {
    id: "qwen3-235b-a22b",
    aliases: ["Qwen3-235B-A22B", "Qwen3 235B A22B"],
    config: {"architectures": ["Qwen3MoeForCausalLM"], "model_type": "qwen3_moe", "hidden_size": 4096, "intermediate_size": 12288, "moe_intermediate_size": 1536, "num_hidden_layers": 94, "num_attention_heads": 64, "num_key_value_heads": 4, "head_dim": 128, "num_experts": 128, "num_experts_per_tok": 8, "decoder_sparse_step": 1, "mlp_only_layers": [], "vocab_size": 151936, "tie_word_embeddings": false, "attention_bias": false, "use_sliding_window": false, "sliding_window": null, "torch_dtype": "bfloat16"},
  },
  {
    id: "qwen3-30b-a3b",
    aliases: ["Qwen3-30B-A3B", "Qwen3 30B A3B"],
    config: {"architectures": ["Qwen3MoeForCausalLM"], "model_type": "qwen3_moe", "hidden_size": 2048, "intermediate_size": 6144, "moe_intermediate_size": 768, "num_hidden_layers": 48, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128, "num_experts": 128, "num_experts_per_tok": 8, "decoder_sparse_step": 1, "mlp_only_layers": [], "vocab_size": 151936, "tie_word_embeddings": false, "attention_bias": false, "use_sliding_window": false, "sliding_window": null, "torch_dtype": "bfloat16"},
  },
]

function squash(s: string): { text: string; map: number[] } {
  const chars: string[] = []
  const map: number[] = []
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    let c: string
    // ASCII by its code (most text); anything else lower-cased as a string (`×` is an `x`).
    if (code < 0x80) {
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) c = s[i]
      else if (code >= 0x41 && code <= 0x5a) c = String.fromCharCode(code + 0x20)
      else continue
    } else {
      c = s[i].toLowerCase()
      if (c === '×') c = 'x'
      if (!/[a-z0-9]/.test(c)) continue
    }
    chars.push(c)
    map.push(i)
  }
  return { text: chars.join(''), map }
}

const ALIASES = KNOWN_MODELS.flatMap((m) => m.aliases.map((a) => ({ id: m.id, key: squash(a).text }))).sort((x, y) => y.key.length - x.key.length)

/** Known models named in `text`: [id, start, end) offsets, longest names first, no overlaps. */
const TRIGGER = /mixtral|deepseek|qwen|olmoe|gpt|dbrx|phi|grok|llama|kimi|maverick/i

export function findModels(text: string): Array<{ id: string; start: number; end: number }> {
  if (!TRIGGER.test(text)) return []
  const { text: sq, map } = squash(text)
  const taken: Array<[number, number]> = []
  const out: Array<{ id: string; start: number; end: number }> = []
  for (const { id, key } of ALIASES) {
    let from = 0
    for (;;) {
      const at = sq.indexOf(key, from)
      if (at < 0) break
      from = at + 1
      const start = map[at]
      const end = map[at + key.length - 1] + 1
      // Word boundaries in the original text.
      if (/[A-Za-z0-9]/.test(text[start - 1] ?? '') || /[A-Za-z0-9]/.test(text[end] ?? '')) continue
      if (taken.some(([a, b]) => start < b && end > a)) continue
      taken.push([start, end])
      out.push({ id, start, end })
    }
  }
  return out
}

export function knownModel(id: string): KnownModel | undefined {
  return KNOWN_MODELS.find((m) => m.id === id)
}

/** A known model's shape, read from its published config (a fresh object each time). */
export function knownShape(id: string): ModelShape | undefined {
  const m = knownModel(id)
  return m ? shapeFromHfConfig(m.config).shape : undefined
}
