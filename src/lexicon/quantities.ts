/**
 * The quantity lexicon: every quantity the linter knows, with the names and
 * synonyms documents use for it. Data, not code: the extractor matches these
 * phrases against normalized words (lower case, `-` and `_` read as spaces).
 */

export type QuantityId =
  // parallel degrees
  | 'tp'
  | 'pp'
  | 'dp'
  | 'cp'
  | 'ep'
  | 'etp'
  | 'edp'
  | 'dcp'
  | 'attnTp'
  | 'vp'
  // model shape
  | 'layers'
  | 'moeLayers'
  | 'denseLayers'
  | 'experts'
  | 'topK'
  | 'sharedExperts'
  | 'redundantExperts'
  | 'hidden'
  | 'heads'
  | 'kvHeads'
  | 'headDim'
  | 'kvLoraRank'
  | 'ropeDim'
  | 'ffn'
  | 'expertFfn'
  | 'vocab'
  | 'paramsTotal'
  | 'paramsActive'
  // hardware
  | 'gpus'
  | 'nodes'
  | 'gpusPerNode'
  | 'gpuMemory'
  | 'peakFlops'
  | 'hbmBandwidth'
  | 'linkBandwidth'
  // workload
  | 'batch'
  | 'seqLen'
  | 'promptLen'
  | 'outputLen'
  // derived counts
  | 'gpusPerReplica'
  | 'gpusPerStage'
  | 'epGroupSize'
  | 'epGroups'
  | 'replicas'
  | 'expertsPerGpuLayer'
  | 'expertsPerGpu'
  | 'layersPerStage'
  | 'headsPerGpu'
  | 'kvHeadsPerGpu'
  // memory per GPU
  | 'memExperts'
  | 'memShared'
  | 'memAttention'
  | 'memEmbedding'
  | 'memWeights'
  | 'memKv'
  | 'memActivations'
  | 'memTotal'
  // performance
  | 'throughput'
  | 'ttft'
  | 'tpot'
  | 'latency'
  // benchmark result blocks (vLLM / SGLang bench_serving)
  | 'benchRequests'
  | 'benchDuration'
  | 'benchInputTokens'
  | 'benchOutputTokens'
  | 'benchRequestRate'
  | 'benchOutputRate'
  | 'benchTotalRate'
  | 'benchPeak'
  // training batches
  | 'globalBatch'
  | 'microBatch'
  | 'gradAccum'
  // KV bytes per token (per GPU unless the text says otherwise)
  | 'memKvPool'
  | 'kvPerToken'
  | 'kvPerTokenLayer'
  // training model states
  | 'memGrads'
  | 'memOptimizer'
  | 'memModelStates'
  | 'bytesPerParam'
  | 'zeroStage'

/** The quantities of a model's shape: a passage stating several of them describes one model. */
export const SHAPE_QUANTITIES: ReadonlySet<QuantityId> = new Set<QuantityId>(['layers', 'moeLayers', 'denseLayers', 'experts', 'topK', 'sharedExperts', 'hidden', 'heads', 'kvHeads', 'headDim', 'kvLoraRank', 'ropeDim', 'ffn', 'expertFfn', 'vocab'])

export type Kind = 'degree' | 'count' | 'bytes' | 'rate' | 'time' | 'flops' | 'bandwidth' | 'params' | 'bench'

export interface QuantityDef {
  id: QuantityId
  kind: Kind
  /** Human name used in messages. */
  name: string
  /** Names and synonyms (normalized: lower case, single spaces). */
  names: string[]
  /** Abbreviations usable glued to a number (`EP8`) or as `EP=8`. */
  abbr?: string[]
  /** A value stated twice with different values is a conflict (one plan, one value). */
  single?: boolean
}

const par = (stem: string[]): string[] => {
  const out: string[] = []
  for (const s of stem)
    for (const tail of [
      'parallelism',
      'parallel',
      'parallel size',
      'parallelism size',
      'parallel degree',
      'parallelism degree',
      'parallel group size',
      'parallel width',
      'parallelism dimension',
      'model parallel size',
      'model parallel',
      'model parallelism',
      'parallel ways',
    ])
      out.push(`${s} ${tail}`)
  return out
}

export const QUANTITIES: QuantityDef[] = [
  {
    id: 'tp',
    kind: 'degree',
    name: 'TP',
    names: [...par(['tensor']), 'tp size', 'tp degree', 'tensor parallel size', 'tensor slicing', 'tensor split', 'tensor sharding'],
    abbr: ['tp', 'tp_size', 'tp-size', 'tensor_parallel_size', 'tensor-parallel-size', 'tensor_model_parallel_size', 'tensor-model-parallel-size', 'tensor_parallel_degree', 'tp_degree'],
    single: true,
  },
  {
    id: 'pp',
    kind: 'degree',
    name: 'PP',
    names: [...par(['pipeline']), 'pp size', 'pp degree', 'pipeline stages', 'pipeline depth'],
    abbr: ['pp', 'pp_size', 'pp-size', 'pipeline_parallel_size', 'pipeline-parallel-size', 'pipeline_model_parallel_size', 'pipeline-model-parallel-size', 'pp_degree'],
    single: true,
  },
  {
    id: 'dp',
    kind: 'degree',
    name: 'DP',
    names: [...par(['data']), 'dp size', 'dp degree', 'data parallel replicas', 'model replicas', 'engine replicas'],
    abbr: ['dp', 'dp_size', 'dp-size', 'data_parallel_size', 'data-parallel-size', 'dp_degree'],
    single: true,
  },
  {
    id: 'cp',
    kind: 'degree',
    name: 'CP',
    names: [...par(['context']), 'cp size', 'cp degree'],
    abbr: ['cp', 'cp_size', 'context_parallel_size', 'context-parallel-size'],
    single: true,
  },
  {
    id: 'ep',
    kind: 'degree',
    name: 'EP',
    names: [...par(['expert', 'expert model', 'moe expert']), 'ep size', 'ep degree', 'expert parallel size', 'ep ways', 'expert sharding', 'expert split'],
    abbr: ['ep', 'ep_size', 'ep-size', 'moe_ep_size', 'moe-ep-size', 'expert_parallel_size', 'expert-parallel-size', 'expert_model_parallel_size', 'expert-model-parallel-size', 'ep_degree', 'moe_expert_parallel_size'],
    single: true,
  },
  {
    id: 'etp',
    kind: 'degree',
    name: 'ETP',
    names: [...par(['expert tensor', 'expert tensor model', 'moe tensor']), 'etp size', 'moe tp size', 'moe tp', 'expert tp'],
    abbr: ['etp', 'expert-tp', 'expert_tp', 'moe_tp_size', 'moe-tp-size', 'expert_tensor_parallel_size', 'expert-tensor-parallel-size', 'moe_tp', 'moe_tensor_parallel_size', 'moe-tensor-parallel-size'],
    single: true,
  },
  {
    id: 'edp',
    kind: 'degree',
    name: 'EDP',
    names: [...par(['expert data']), 'expert dp', 'expert data parallelism', 'expert data parallel'],
    abbr: ['edp', 'expert_data_parallel_size'],
  },
  {
    id: 'dcp',
    kind: 'degree',
    name: 'DCP',
    names: [...par(['decode context'])],
    abbr: ['dcp', 'decode_context_parallel_size', 'decode-context-parallel-size'],
  },
  {
    id: 'vp',
    kind: 'degree',
    name: 'VP',
    names: [...par(['virtual pipeline']), 'vpp size', 'virtual pipeline stages'],
    abbr: ['vp', 'vpp', 'virtual_pipeline_model_parallel_size'],
  },
  // model shape
  {
    id: 'layers',
    kind: 'count',
    name: 'layers',
    names: ['layers', 'num layers', 'number of layers', 'num hidden layers', 'hidden layers', 'transformer layers', 'decoder layers', 'depth', 'n layers', 'total layers', 'layer count', 'model layers', 'transformer blocks', 'decoder blocks'],
    abbr: ['num_hidden_layers', 'num_layers', 'n_layers', 'num-layers', 'n_layer', 'L'],
    single: true,
  },
  {
    id: 'moeLayers',
    kind: 'count',
    name: 'MoE layers',
    names: ['moe layers', 'sparse layers', 'expert layers', 'num moe layers'],
    single: true,
  },
  {
    id: 'experts',
    kind: 'count',
    name: 'experts per layer',
    names: ['experts per layer', 'routed experts', 'number of experts', 'num experts', 'experts per moe layer', 'total experts per layer', 'experts', 'moe experts', 'expert count', 'routed experts per layer', 'experts per block', 'n experts', 'num local experts', 'num routed experts'],
    abbr: ['num_experts', 'num_local_experts', 'n_routed_experts', 'num_moe_experts', 'moe_num_experts', 'num-experts', 'n_experts', 'E'],
    single: true,
  },
  {
    id: 'topK',
    kind: 'count',
    name: 'experts per token',
    names: ['top k', 'experts per token', 'active experts', 'activated experts', 'experts activated per token', 'routing top k', 'num experts per tok', 'moe top k', 'top k experts', 'router top k', 'experts active per token', 'experts routed per token'],
    abbr: ['num_experts_per_tok', 'experts_per_token', 'moe_top_k', 'top_k', 'moe_router_topk', 'topk', 'k'],
    single: true,
  },
  {
    id: 'sharedExperts',
    kind: 'count',
    name: 'shared experts',
    names: ['shared experts', 'num shared experts'],
    abbr: ['n_shared_experts', 'num_shared_experts'],
    single: true,
  },
  {
    // EPLB's extra copies of hot experts (`32 redundant slots`, `--ep-num-redundant-experts 32`): E + R slots per layer.
    id: 'redundantExperts',
    kind: 'count',
    name: 'redundant experts',
    names: ['redundant experts', 'redundant expert slots', 'redundant slots', 'spare experts', 'spare expert slots'],
    abbr: ['ep_num_redundant_experts', 'num_redundant_experts', 'n_redundant_experts', 'ep-num-redundant-experts'],
  },
  {
    id: 'hidden',
    kind: 'count',
    name: 'hidden size',
    names: ['hidden size', 'hidden dim', 'hidden dimension', 'model dimension', 'model dim', 'd model', 'embedding dimension', 'embedding size', 'hidden', 'width', 'hidden width'],
    abbr: ['hidden_size', 'd_model', 'dim', 'n_embd', 'emb_size'],
    single: true,
  },
  {
    id: 'heads',
    kind: 'count',
    name: 'attention heads',
    names: ['attention heads', 'heads', 'num attention heads', 'query heads', 'q heads', 'number of heads', 'num heads', 'attn heads', 'query heads kv heads', 'attention heads kv heads', 'q heads kv heads', 'heads kv heads'],
    abbr: ['num_attention_heads', 'n_heads', 'n_head', 'num_heads'],
    single: true,
  },
  {
    id: 'kvHeads',
    kind: 'count',
    name: 'KV heads',
    names: ['kv heads', 'key value heads', 'num key value heads', 'kv head', 'gqa groups', 'query groups', 'key value groups', 'num kv heads', 'kv groups', 'kv head groups'],
    abbr: ['num_key_value_heads', 'n_kv_heads', 'num_kv_heads', 'num_query_groups', 'kv_n_heads', 'n_kv'],
    single: true,
  },
  { id: 'kvLoraRank', kind: 'count', name: 'KV LoRA rank', names: ['kv lora rank', 'kv latent rank', 'kv latent dim', 'kv latent dimension', 'latent dim', 'latent dimension', 'kv compression rank', 'compressed kv dim'], abbr: ['kv_lora_rank'], single: true },
  { id: 'ropeDim', kind: 'count', name: 'RoPE head dim', names: ['rope dim', 'rope head dim', 'rope dimension', 'qk rope head dim', 'rope key dim', 'decoupled rope dim', 'rope key dimension'], abbr: ['qk_rope_head_dim'], single: true },
  {
    id: 'headDim',
    kind: 'count',
    name: 'head dim',
    names: ['head dim', 'head dimension', 'head size', 'dim per head', 'dimensions per head', 'd head', 'dhead', 'per head dimension', 'heads of dimension', 'heads of size', 'heads of dim', 'head of dimension'],
    abbr: ['head_dim', 'kv_channels', 'head_size'],
    single: true,
  },
  {
    id: 'expertFfn',
    kind: 'count',
    name: 'expert FFN size',
    names: ['expert ffn size', 'expert ffn', 'expert intermediate size', 'moe intermediate size', 'expert hidden size', 'expert ffn dim', 'expert ffn hidden size', 'expert mlp size', 'moe ffn size', 'moe ffn hidden size', 'expert ffn width', 'ffn size per expert', 'expert dimension', 'ffn width per expert', 'expert width', 'moe ffn width'],
    abbr: ['moe_intermediate_size', 'moe_ffn_hidden_size', 'expert_intermediate_size', 'I_e'],
    single: true,
  },
  {
    id: 'ffn',
    kind: 'count',
    name: 'FFN size',
    names: ['ffn size', 'intermediate size', 'ffn hidden size', 'ffn dim', 'mlp size', 'ffn dimension', 'feed forward size', 'mlp hidden size', 'dense ffn size', 'ffn', 'ffn width', 'mlp width', 'intermediate width', 'ffn hidden dim'],
    abbr: ['intermediate_size', 'ffn_hidden_size', 'ffn_dim'],
    single: true,
  },
  {
    id: 'vocab',
    kind: 'count',
    name: 'vocabulary',
    names: ['vocabulary', 'vocab', 'vocab size', 'vocabulary size', 'tokens in the vocabulary', 'vocabulary tokens'],
    abbr: ['vocab_size', 'padded_vocab_size', 'V'],
    single: true,
  },
  {
    id: 'paramsTotal',
    kind: 'params',
    name: 'total parameters',
    names: ['total parameters', 'total params', 'parameters', 'parameter count', 'model size', 'total parameter count', 'params'],
  },
  {
    id: 'paramsActive',
    kind: 'params',
    name: 'active parameters',
    names: ['active parameters', 'active params', 'activated parameters', 'active per token', 'active parameters per token', 'parameters per token', 'activated params'],
  },
  // hardware
  {
    id: 'gpus',
    kind: 'count',
    name: 'GPUs',
    names: ['total gpus', 'gpus', 'gpu count', 'number of gpus', 'num gpus', 'world size', 'total devices', 'devices', 'accelerators', 'total accelerators', 'gpus total', 'cluster size', 'total gpu count'],
    abbr: ['world_size', 'num_gpus', 'n_gpus', 'ngpus', 'gpus'],
    single: true,
  },
  {
    id: 'nodes',
    kind: 'count',
    name: 'nodes',
    names: ['nodes', 'num nodes', 'number of nodes', 'total nodes', 'node count', 'servers'],
    abbr: ['nnodes', 'num_nodes', 'n_nodes'],
  },
  {
    id: 'gpusPerNode',
    kind: 'count',
    name: 'GPUs per node',
    names: ['gpus per node', 'gpus per server', 'devices per node'],
    abbr: ['gpus_per_node', 'nproc_per_node', 'n_gpus_per_node'],
    single: true,
  },
  {
    id: 'gpuMemory',
    kind: 'bytes',
    name: 'memory per GPU',
    names: ['gpu memory', 'memory per gpu', 'vram', 'hbm', 'hbm per gpu', 'vram per gpu', 'device memory', 'hbm capacity', 'gpu vram', 'memory capacity', 'per gpu memory', 'hbm3', 'hbm3e', 'hbm2e', 'gpu memory capacity', 'memory per device', 'device memory capacity'],
    single: true,
  },
  {
    id: 'peakFlops',
    kind: 'flops',
    name: 'peak compute',
    names: ['peak compute', 'peak flops', 'compute', 'peak', 'tflops', 'peak throughput'],
  },
  {
    id: 'hbmBandwidth',
    kind: 'bandwidth',
    name: 'HBM bandwidth',
    names: ['hbm bandwidth', 'memory bandwidth', 'hbm bw', 'mem bandwidth'],
  },
  {
    id: 'linkBandwidth',
    kind: 'bandwidth',
    name: 'interconnect bandwidth',
    names: ['interconnect', 'nvlink', 'interconnect bandwidth', 'link bandwidth', 'network bandwidth', 'infiniband', 'nvlink bandwidth'],
  },
  // workload
  { id: 'batch', kind: 'count', name: 'batch size', names: ['batch size', 'batch', 'concurrent requests', 'concurrency', 'max batch size', 'sequences'], abbr: ['batch_size', 'max_batch_size', 'max_num_seqs', 'batch', 'max_running_requests'] },
  { id: 'seqLen', kind: 'count', name: 'sequence length', names: ['sequence length', 'context length', 'seq len', 'context window', 'max seq len', 'max model len', 'context', 'seqlen', 'tokens per sequence'], abbr: ['max_model_len', 'seq_length', 'max_seq_len', 'seq_len', 'max_position_embeddings'] },
  { id: 'promptLen', kind: 'count', name: 'prompt length', names: ['prompt length', 'input length', 'input tokens', 'prompt tokens', 'isl', 'input sequence length'], abbr: ['isl', 'input_len', 'random_input_len'] },
  { id: 'outputLen', kind: 'count', name: 'output length', names: ['output length', 'output tokens', 'osl', 'generated tokens', 'output sequence length'], abbr: ['osl', 'output_len', 'random_output_len'] },
  // derived counts
  { id: 'gpusPerReplica', kind: 'count', name: 'GPUs per replica', names: ['gpus per replica', 'gpus per model replica', 'gpus per instance', 'gpus per model instance', 'gpus per model copy', 'gpus per copy', 'gpus per engine', 'replica size', 'instance size'] },
  { id: 'gpusPerStage', kind: 'count', name: 'GPUs per stage', names: ['gpus per stage', 'gpus per pipeline stage'] },
  { id: 'epGroupSize', kind: 'count', name: 'GPUs per EP group', names: ['gpus per ep group', 'ep group size', 'expert group size', 'gpus per expert group'] },
  { id: 'epGroups', kind: 'count', name: 'EP groups', names: ['expert groups', 'ep groups', 'expert parallel groups', 'number of ep groups', 'expert parallel group count', 'ep group count'] },
  { id: 'replicas', kind: 'count', name: 'replicas', names: ['replicas', 'model replicas', 'data parallel replicas', 'copies of the model', 'instances', 'model instances', 'serving instances', 'engine instances'] },
  { id: 'expertsPerGpuLayer', kind: 'count', name: 'experts per GPU per layer', names: ['experts per gpu per layer', 'experts per layer per gpu', 'local experts per layer', 'experts per rank per layer'] },
  { id: 'expertsPerGpu', kind: 'count', name: 'experts per GPU', names: ['experts per gpu', 'expert distribution', 'local experts', 'experts per rank', 'experts per device', 'expert shards per gpu', 'expert instances per gpu', 'resident experts', 'resident experts per gpu', 'experts resident per gpu', 'hosted experts per gpu', 'experts hosted per gpu', 'expert copies per gpu'] },
  { id: 'layersPerStage', kind: 'count', name: 'layers per stage', names: ['layers per stage', 'layers per pipeline stage', 'layers per gpu', 'layers on stage', 'layers on each stage', 'layers in each stage', 'layers on a stage', 'layers in a stage', 'layers on each gpu', 'layers per rank', 'stage depth', 'stage depth layers', 'pipeline stage depth', 'depth per stage', 'layers per pp stage'] },
  { id: 'headsPerGpu', kind: 'count', name: 'attention heads per GPU', names: ['attention heads per gpu', 'heads per gpu', 'heads per rank', 'query heads per gpu'] },
  { id: 'kvHeadsPerGpu', kind: 'count', name: 'KV heads per GPU', names: ['kv heads per gpu', 'kv heads per rank', 'key value heads per gpu', 'kv head groups per gpu', 'kv groups per gpu'] },
  // memory components (per GPU)
  { id: 'memShared', kind: 'bytes', name: 'shared expert memory', names: ['shared experts', 'shared expert', 'shared expert weights', 'shared expert parameters'] },
  { id: 'memExperts', kind: 'bytes', name: 'expert weight memory', names: ['expert instances', 'local expert instances', 'local experts', 'expert parameters', 'expert weights', 'expert params', 'expert memory', 'expert parameter memory', 'moe weights', 'routed expert weights', 'experts', 'expert weight memory', 'moe expert weights', 'moe parameters'] },
  { id: 'memAttention', kind: 'bytes', name: 'attention weight memory', names: ['attention parameters', 'attention weights', 'attention params', 'attention', 'qkv and output projections', 'qkv and o projections', 'attention projections', 'qkv o', 'attention qkv o', 'attention qkv + o', 'qkv + o', 'qkvo'] },
  { id: 'memEmbedding', kind: 'bytes', name: 'embedding memory', names: ['embedding', 'embeddings', 'output head', 'lm head', 'embedding output head', 'embedding and output head', 'embedding lm head', 'embedding layers'] },
  { id: 'memWeights', kind: 'bytes', name: 'weight memory', names: ['model weights', 'weights', 'weight memory', 'parameters memory', 'total weights', 'model parameters', 'param size', 'parameter size', 'params size', 'weight size', 'weights size', 'size of weights', 'weight footprint', 'weights footprint', 'parameter memory', 'param memory'] },
  { id: 'kvPerToken', kind: 'bytes', name: 'KV cache per token', names: ['kv cache per token', 'kv per token', 'kv bytes per token', 'kv cache bytes per token', 'kv size per token', 'kv footprint per token', 'kv bytes token', 'kv token', 'per token kv footprint', 'per token kv cache', 'per token kv', 'per token kv size', 'per token kv bytes', 'per token kv cache footprint'] },
  { id: 'kvPerTokenLayer', kind: 'bytes', name: 'KV cache per token per layer', names: ['kv cache per token per layer', 'kv per token per layer', 'kv bytes per token per layer', 'kv per layer per token', 'kv bytes per layer per token', 'kv bytes token layer', 'kv token layer', 'kv per layer'] },
  { id: 'memKvPool', kind: 'bytes', name: 'KV cache pool', names: ['kv pool', 'kv cache pool', 'cache pool', 'kv block pool', 'kv cache budget', 'kv budget', 'static pool', 'kv cache capacity', 'kv capacity', 'pool for kv', 'left for kv cache', 'left for kv', 'available for kv cache', 'available for kv', 'room for kv cache', 'room for kv', 'free for kv cache', 'remaining for kv cache', 'left over for kv cache', 'kv cache headroom', 'kv headroom'] },
  { id: 'memKv', kind: 'bytes', name: 'KV cache', names: ['kv cache', 'kv cache memory', 'key value cache', 'kvcache'] },
  { id: 'memActivations', kind: 'bytes', name: 'activation memory', names: ['activations', 'activation memory', 'activations and workspace', 'workspace', 'activation', 'overhead', 'buffers', 'activation memory per gpu', 'activations per gpu', 'per gpu activation memory', 'per gpu activations', 'activation memory per rank', 'activations per rank', 'activation memory per device', 'activation footprint', 'activation memory footprint', 'stored activations', 'peak activation memory'] },
  { id: 'memTotal', kind: 'bytes', name: 'total memory used', names: ['total used', 'total memory', 'total', 'memory usage', 'total memory used', 'total per gpu', 'memory used', 'used', 'peak memory', 'total gpu memory used'] },
  // performance
  { id: 'throughput', kind: 'rate', name: 'throughput', names: ['throughput', 'decode throughput', 'output throughput', 'generation throughput', 'token throughput', 'prefill throughput'] },
  { id: 'ttft', kind: 'time', name: 'TTFT', names: ['ttft', 'time to first token', 'first token latency'] },
  { id: 'tpot', kind: 'time', name: 'TPOT', names: ['tpot', 'time per output token', 'itl', 'inter token latency'] },
  { id: 'latency', kind: 'time', name: 'latency', names: ['latency', 'end to end latency', 'e2e latency', 'request latency'] },
]

QUANTITIES.push(
  { id: 'benchRequests', kind: 'bench', name: 'successful requests', names: ['successful requests', 'completed requests', 'number of requests'] },
  { id: 'benchDuration', kind: 'bench', name: 'benchmark duration', names: ['benchmark duration', 'benchmark duration s', 'total duration'] },
  { id: 'benchInputTokens', kind: 'bench', name: 'total input tokens', names: ['total input tokens', 'total prompt tokens'] },
  { id: 'benchOutputTokens', kind: 'bench', name: 'total generated tokens', names: ['total generated tokens', 'total output tokens', 'total completion tokens'] },
  { id: 'benchRequestRate', kind: 'bench', name: 'request throughput', names: ['request throughput', 'request throughput req s'] },
  { id: 'benchOutputRate', kind: 'bench', name: 'output token throughput', names: ['output token throughput', 'output token throughput tok s', 'output throughput tok s'] },
  { id: 'benchTotalRate', kind: 'bench', name: 'total token throughput', names: ['total token throughput', 'total token throughput tok s', 'total throughput tok s'] },
  { id: 'benchPeak', kind: 'bench', name: 'peak throughput', names: ['peak output token throughput', 'peak concurrent requests', 'peak throughput', 'request rate configured', 'failed requests', 'max request concurrency', 'maximum request concurrency'] },
)

QUANTITIES.push(
  { id: 'attnTp', kind: 'degree', name: 'attention TP', names: ['attention tp', 'attention tensor parallel', 'attention tensor parallelism', 'attn tp', 'attention tp size'], abbr: ['attn_tp_size', 'attention_tp_size'] },
  { id: 'denseLayers', kind: 'count', name: 'dense layers', names: ['dense layers', 'first k dense replace', 'first dense layers', 'leading dense layers', 'dense ffn layers', 'leading dense ffn layers', 'dense mlp layers', 'dense feed forward layers'], abbr: ['first_k_dense_replace', 'n_dense_layers'], single: true },
  { id: 'globalBatch', kind: 'count', name: 'global batch size', names: ['gbs', 'global batch size', 'global batch', 'global batch size gbs'], abbr: ['global_batch_size', 'global-batch-size'], single: true },
  { id: 'microBatch', kind: 'count', name: 'micro batch size', names: ['mbs', 'micro batch size', 'micro batch', 'micro batch size mbs', 'microbatch size'], abbr: ['micro_batch_size', 'micro-batch-size'], single: true },
  { id: 'gradAccum', kind: 'count', name: 'gradient accumulation steps', names: ['ga', 'gas', 'gradient accumulation', 'gradient accumulation steps', 'grad accum', 'grad accumulation', 'accumulation steps', 'gradient accumulation ga'], abbr: ['gradient_accumulation_steps', 'grad_accum_steps'], single: true },
)

// Training memory (deployment-training-memory): model states of mixed-precision Adam.
QUANTITIES.push(
  { id: 'memGrads', kind: 'bytes', name: 'gradient memory', names: ['gradients', 'gradient memory', 'grads', 'gradient buffers', 'gradient buffer', 'fp32 gradients', 'bf16 gradients', 'main grads', 'main gradients', 'fp32 main grads', 'gradient memory per gpu', 'gradients per gpu', 'grad memory'] },
  {
    id: 'memOptimizer',
    kind: 'bytes',
    name: 'optimizer state memory',
    names: ['optimizer states', 'optimizer state', 'optimizer state memory', 'optimizer memory', 'optimizer', 'adam states', 'adam state', 'adam optimizer states', 'optimizer states per gpu', 'optimizer state memory per gpu', 'optimizer memory per gpu', 'fp32 optimizer states', 'master weights and adam states', 'master weights adam moments', 'adam moments and master weights', 'optimizer states master weights'],
  },
  {
    id: 'memModelStates',
    kind: 'bytes',
    name: 'model-state memory (weights + gradients + optimizer states)',
    names: [
      'model states', 'model state', 'model state memory', 'model states per gpu', 'model state memory per gpu',
      'model optimizer state', 'model optimizer states', 'model and optimizer state', 'model and optimizer states', 'total model optimizer state',
      'weights gradients optimizer states', 'weights gradients and optimizer states', 'weights grads optimizer states', 'weights grads and optimizer states',
      'weights grads optimizer', 'weights gradients optimizer', 'weights grads and optimizer', 'weights gradients and optimizer',
      'params grads optimizer', 'params grads optimizer states', 'params grads and optimizer states', 'parameters gradients optimizer states',
      'parameters gradients and optimizer states', 'weights grads adam states', 'weights gradients adam states', 'weights grads optimizer state',
      'weights gradients and optimizer state', 'weights gradients optimizer state', 'parameters gradients and optimizer state',
    ],
  },
  { id: 'bytesPerParam', kind: 'bytes', name: 'bytes per parameter', names: ['param', 'per param', 'per parameter', 'parameter', 'bytes per param', 'bytes per parameter'] },
  { id: 'zeroStage', kind: 'count', name: 'ZeRO stage', names: ['zero stage', 'zero optimization stage', 'zero redundancy optimizer stage', 'deepspeed zero stage'], abbr: ['zero_stage', 'zero-stage', 'zero_optimization_stage'] },
)

export const QUANTITY: Record<QuantityId, QuantityDef> = Object.fromEntries(QUANTITIES.map((q) => [q.id, q])) as Record<
  QuantityId,
  QuantityDef
>
