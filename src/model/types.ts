/**
 * The deployment model: what the document (or its config) says about the
 * model shape, the parallel plan, the hardware and the workload.
 *
 * Every field is optional: a document states only some of them, and a check
 * whose inputs are missing says nothing.
 */

/** Weight or KV storage format. */
export type Precision =
  | 'fp32'
  | 'bf16'
  | 'fp16'
  | 'fp8'
  | 'int8'
  | 'int4'
  | 'mxfp4'
  | 'nvfp4'

/** Shape of a decoder-only (MoE or dense) transformer, HF config.json terms. */
export interface ModelShape {
  /** Decoder layers (`num_hidden_layers`). */
  layers?: number
  /** Hidden size (`hidden_size`). */
  hidden?: number
  /** Query heads (`num_attention_heads`). */
  heads?: number
  /** KV heads (`num_key_value_heads`); default = heads. */
  kvHeads?: number
  /** Head dim (`head_dim`); default hidden / heads. */
  headDim?: number
  /** Dense FFN width (`intermediate_size` for dense layers). */
  ffn?: number
  /** Routed expert FFN width (`moe_intermediate_size`, or `intermediate_size` for Mixtral-style). */
  expertFfn?: number
  /** Routed experts per MoE layer. */
  experts?: number
  /** Experts per token (top-k). */
  topK?: number
  /** Shared experts per MoE layer (DeepSeek `n_shared_experts`, each of width expertFfn). */
  sharedExperts?: number
  /** Shared expert width when given as one block (Qwen2-MoE `shared_expert_intermediate_size`). */
  sharedExpertFfn?: number
  /** Qwen2-MoE style sigmoid gate on the shared expert (h params per layer). */
  sharedExpertGate?: boolean
  /** First k layers are dense (`first_k_dense_replace`). */
  firstKDense?: number
  /** Every n-th layer is MoE (`interleave_moe_layer_step`, `decoder_sparse_step`); default 1. */
  moeLayerStep?: number
  /** Vocabulary size. */
  vocab?: number
  /** Input embedding and LM head share weights. */
  tiedEmbeddings?: boolean
  /** Gated FFN (SwiGLU, 3 matrices) vs plain (2 matrices). Default true. */
  gatedFfn?: boolean
  /** MLA ranks (DeepSeek-V2/V3). */
  qLoraRank?: number
  kvLoraRank?: number
  qkRopeHeadDim?: number
  qkNopeHeadDim?: number
  vHeadDim?: number
  /** Biases. */
  qkvBias?: boolean
  attnOutBias?: boolean
  expertBias?: boolean
  routerBias?: boolean
  lmHeadBias?: boolean
  /** Norm kind: RMSNorm has h weights, LayerNorm 2h (or h without bias). */
  norm?: 'rms' | 'layer' | 'layer-nobias'
  /** Per-head QK norm (Qwen3) or full-projection QK norm (OLMoE). */
  qkNorm?: 'per-head' | 'full'
  /** Learned attention sinks (gpt-oss): n_h params per layer. */
  attnSinks?: boolean
  /** Sliding-window size and which layers use it (every `slidingEvery`-th, gpt-oss alternates). */
  slidingWindow?: number
  /** How many layers use the sliding window (gpt-oss-120b: 18 of 36; L when all do). */
  slidingLayers?: number
  /**
   * Sliding-window period: layer i uses the window when i % slidingEvery === 0
   * (gpt-oss: 2, layers 0, 2, 4, … slide). When absent, `slidingLayers` is read
   * as a count of sliding layers spread evenly (all layers when it equals L).
   */
  slidingEvery?: number
  /** Norms per decoder layer (default 2; Grok-1 has 4). */
  normCountPerLayer?: number
  /** Layer indices forced dense (Qwen2-MoE `mlp_only_layers`). */
  mlpOnlyLayers?: number[]
  /** Multi-token-prediction blocks (DeepSeek-V3 `num_nextn_predict_layers`); excluded from totals. */
  mtpLayers?: number
  /** Storage formats. */
  weightPrecision?: Precision
  /** Format of routed experts when it differs (gpt-oss MXFP4 experts). */
  expertPrecision?: Precision
  kvPrecision?: Precision
}

/** Parallel plan. */
export interface ParallelPlan {
  tp?: number
  pp?: number
  dp?: number
  cp?: number
  ep?: number
  etp?: number
  /** Attention data parallelism (SGLang --enable-dp-attention, vLLM TP=1 DP>1, TRT-LLM enable_attention_dp). */
  attentionDp?: boolean
  /** vLLM --enable-expert-parallel without an explicit EP size. */
  expertParallelFlag?: boolean
}

export interface Hardware {
  gpus?: number
  nodes?: number
  gpusPerNode?: number
  /** GPU type as a key of data/gpus.json ('H100-SXM', 'H200', ...). */
  gpuType?: string
  /** Memory per GPU in bytes (as sold, GB = 1e9). */
  memoryPerGpu?: number
}

export interface Workload {
  batch?: number
  seqLen?: number
  promptLen?: number
  outputLen?: number
}

export interface DeploymentModel {
  shape: ModelShape
  plan: ParallelPlan
  hardware: Hardware
  workload: Workload
}
