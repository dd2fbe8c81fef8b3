// Phrasing tables (data only). `{v}` is the number the phrase states; other
// `{NAME}` fields are filled from the configuration (see vars in context.ts).
// `labels` name a table row or a bold list label; `prose` are fragments that
// read inside a sentence; `yaml` are front-matter keys.
import type {ClaimKind, InputKind} from './types.js'

export interface InputPhrases {
  labels: string[]
  /** How the value reads in a table cell or after a label. */
  cell: string
  prose: string[]
  yaml: string[]
}

export const INPUT_PHRASES: Record<InputKind, InputPhrases> = {
  model: {labels: ['Model', 'Checkpoint', 'Model name'], cell: '{v}', prose: ['the {v} model', 'serving {v}', '{v}', 'model {v}', 'the {v} checkpoint', '{v} (MoE)'], yaml: ['model', 'model_name']},
  layers: {labels: ['Layers', 'Decoder layers', 'Number of layers', 'Transformer blocks'], cell: '{v}', prose: ['{v} layers', '{v} decoder layers', '{v} transformer layers', 'a depth of {v} layers', 'L = {v}', 'num_hidden_layers={v}', '{v} transformer blocks'], yaml: ['num_hidden_layers', 'layers', 'num_layers']},
  'dense-layers': {labels: ['Dense layers', 'Leading dense layers'], cell: '{v}', prose: ['the first {v} layers are dense', 'first_k_dense_replace={v}', '{v} dense layers before the MoE layers', '{v} leading dense-FFN layers', 'dense FFN in the first {v} layers', '{v} dense layers'], yaml: ['first_k_dense_replace', 'dense_layers']},
  experts: {labels: ['Experts per layer', 'Routed experts', 'Experts', 'Experts per MoE layer'], cell: '{v}', prose: ['{v} experts per layer', '{v} routed experts', '{v} experts in every MoE layer', 'E = {v}', 'num_local_experts={v}', 'a pool of {v} experts per layer', '{v}-expert MoE layers'], yaml: ['num_experts', 'num_local_experts', 'experts']},
  'top-k': {labels: ['Top-k', 'Active experts per token', 'Experts per token'], cell: '{v}', prose: ['top-{v} routing', '{v} experts active per token', 'k = {v}', 'num_experts_per_tok={v}', 'routing each token to {v} experts', '{v} active experts per token'], yaml: ['num_experts_per_tok', 'top_k']},
  hidden: {labels: ['Hidden size', 'Model dimension', 'd_model'], cell: '{v}', prose: ['hidden size {v}', 'd_model = {v}', 'hidden_size={v}', 'a {v}-dimensional residual stream', 'model dimension {v}', 'a hidden dimension of {v}'], yaml: ['hidden_size', 'd_model']},
  heads: {labels: ['Attention heads', 'Query heads', 'Heads'], cell: '{v}', prose: ['{v} attention heads', '{v} query heads', 'n_heads = {v}', 'num_attention_heads={v}', '{v} heads', '{v}-head attention'], yaml: ['num_attention_heads', 'heads']},
  'kv-heads': {labels: ['KV heads', 'Key-value heads', 'KV groups'], cell: '{v}', prose: ['{v} KV heads', '{v} key-value heads', 'GQA with {v} KV heads', 'num_key_value_heads={v}', 'n_kv = {v}', '{v} KV groups'], yaml: ['num_key_value_heads', 'kv_heads']},
  'head-dim': {labels: ['Head dim', 'Head dimension', 'd_head'], cell: '{v}', prose: ['head dim {v}', 'head dimension {v}', 'head_dim={v}', 'd_head = {v}', '{v}-dim heads', '{v} dimensions per head'], yaml: ['head_dim']},
  'expert-ffn': {labels: ['Expert FFN size', 'Expert intermediate size', 'MoE FFN width'], cell: '{v}', prose: ['expert FFN size {v}', 'moe_intermediate_size={v}', 'expert hidden size {v}', 'an FFN width of {v} per expert', 'I_e = {v}', '{v}-wide SwiGLU experts'], yaml: ['moe_intermediate_size', 'expert_ffn_size']},
  vocab: {labels: ['Vocabulary', 'Vocab size', 'Vocabulary size'], cell: '{v}', prose: ['a vocabulary of {v}', 'a {v}-token vocabulary', 'vocab_size={v}', 'V = {v}', '{v} tokens in the vocabulary', 'vocabulary size {v}'], yaml: ['vocab_size']},
  precision: {labels: ['Precision', 'Weights dtype', 'Weight precision'], cell: '{v}', prose: ['{v} weights', 'weights in {v}', '{v} precision', 'dtype {v}', 'served in {v}', 'all weights stored as {v}'], yaml: ['dtype', 'precision', 'torch_dtype']},
  gpu: {labels: ['GPU', 'Accelerator', 'Hardware'], cell: '{v}', prose: ['{v} GPUs', '{v} accelerators', '{v} hardware', '{v} nodes', 'a cluster of {v} GPUs', '{v} cards'], yaml: ['gpu', 'accelerator']},
  'gpu-memory': {labels: ['Memory per GPU', 'HBM per GPU', 'GPU memory'], cell: '{v} GB', prose: ['{v} GB of HBM per GPU', '{v} GB per GPU', '{v}GB of memory each', 'each with {v} GB', '{v} GB HBM', 'GPU memory of {v} GB'], yaml: ['gpu_memory_gb', 'hbm_gb']},
  tp: {labels: ['TP', 'Tensor parallel', 'Tensor parallelism (TP)', 'tensor_parallel_size'], cell: '{v}', prose: ['TP={v}', 'tensor parallelism of {v}', '{v}-way tensor parallel', 'TP {v}', 'tp: {v}', 'sharded {v} ways with tensor parallelism', 'a tensor-parallel degree of {v}'], yaml: ['tp', 'tensor_parallel_size', 'tensor_parallel']},
  pp: {labels: ['PP', 'Pipeline parallel', 'Pipeline parallelism (PP)', 'pipeline_parallel_size'], cell: '{v}', prose: ['PP={v}', 'pipeline parallelism of {v}', '{v} pipeline stages', 'PP {v}', 'pp: {v}', '{v}-way pipeline parallel', 'split into {v} pipeline stages'], yaml: ['pp', 'pipeline_parallel_size', 'pipeline_parallel']},
  dp: {labels: ['DP', 'Data parallel', 'Data parallelism (DP)', 'Replicas'], cell: '{v}', prose: ['DP={v}', 'data parallelism of {v}', '{v} data-parallel replicas', 'DP {v}', 'dp: {v}', '{v}-way data parallel', '{v} model replicas'], yaml: ['dp', 'data_parallel_size', 'data_parallel']},
  ep: {labels: ['EP', 'Expert parallel', 'Expert parallelism (EP)', 'expert_parallel_size'], cell: '{v}', prose: ['EP={v}', 'expert parallelism of {v}', '{v}-way expert parallel', 'EP {v}', 'ep: {v}', 'experts sharded {v} ways', 'an expert-parallel degree of {v}'], yaml: ['ep', 'expert_parallel_size', 'expert_parallel']},
  batch: {labels: ['Batch per replica', 'Concurrent sequences per replica', 'Max sequences per replica'], cell: '{v} sequences', prose: ['a batch of {v} sequences per replica', '{v} concurrent sequences per replica', '{v} sequences in flight per replica', 'a batch size of {v} per replica', '{v} requests per replica at once', 'batch {v} per replica'], yaml: ['batch_per_replica', 'max_num_seqs']},
  'seq-len': {labels: ['Sequence length', 'Context length', 'Tokens per sequence'], cell: '{v} tokens', prose: ['{v} tokens per sequence', 'a sequence length of {v}', 'a context of {v} tokens', 'max_model_len={v}', '{v}-token sequences', 'seq_len = {v}'], yaml: ['seq_len', 'max_model_len', 'context_length']},
  'micro-batch': {labels: ['Micro batch', 'Micro-batch size', 'MBS'], cell: '{v}', prose: ['micro batch size {v}', 'a micro-batch of {v}', 'MBS={v}', '{v} sequences per micro-batch', 'micro_batch_size: {v}', 'micro-batches of {v}'], yaml: ['micro_batch_size']},
  'grad-accum-input': {labels: ['Gradient accumulation', 'Grad accumulation steps', 'GA'], cell: '{v}', prose: ['gradient accumulation of {v}', '{v} gradient accumulation steps', 'GA={v}', 'accumulating over {v} steps', 'gradient_accumulation_steps: {v}', '{v} micro-batches accumulated per step'], yaml: ['gradient_accumulation_steps']},
  'global-batch-input': {labels: ['Global batch', 'Global batch size', 'GBS'], cell: '{v}', prose: ['a global batch of {v} sequences', 'global batch size {v}', 'GBS={v}', '{v} sequences per optimizer step', 'global_batch_size: {v}', 'a {v}-sequence global batch'], yaml: ['global_batch_size']},
  'per-gpu-throughput': {labels: ['Decode throughput per GPU', 'Per-GPU throughput', 'Output tokens/s per GPU'], cell: '{v} tokens/s', prose: ['{v} tokens/s per GPU', '{v} output tokens/s per GPU', 'a per-GPU decode throughput of {v} tok/s', '{v} tok/s on each GPU', 'each GPU decodes {v} tokens/s', '{v} tokens per second per GPU'], yaml: ['decode_tokens_per_s_per_gpu']},
}

export interface ClaimPhrases {
  labels: string[]
  /** How the value reads in a table cell or after a label. */
  cell: string
  prose: string[]
}

export const CLAIM_PHRASES: Record<ClaimKind, ClaimPhrases> = {
  'gpus-total': {labels: ['Total GPUs', 'GPUs', 'World size', 'GPU count'], cell: '{v}', prose: ['{v} GPUs in total', 'TP × PP × DP = {TP} × {PP} × {DP} = {v} GPUs', 'a world size of {v}', '{v} GPUs ({TP}×{PP}×{DP})', 'the deployment uses {v} GPUs', '{TP} × {PP} × {DP} = {v} GPUs', 'the cluster needs {v} GPUs']},
  'gpus-replica': {labels: ['GPUs per replica', 'Replica size (GPUs)', 'GPUs per model instance'], cell: '{v}', prose: ['each replica spans {v} GPUs', '{v} GPUs per replica', 'one model copy uses TP × PP = {v} GPUs', 'a replica is {TP} × {PP} = {v} GPUs', 'every data-parallel replica occupies {v} GPUs', '{v} GPUs hold one full copy of the model']},
  'experts-per-gpu': {labels: ['Experts per GPU (per layer)', 'Experts per GPU per layer', 'Local experts per layer', 'Experts per rank per layer'], cell: '{v}', prose: ['each GPU holds {v} experts per layer', '{v} experts per GPU per layer', 'every GPU hosts {v} of the {E} experts in each MoE layer', '{E} ÷ {EP} = {v} experts per GPU per layer', 'each rank owns {v} routed experts per layer', '{v} local experts per layer on every GPU', 'per layer, a GPU stores {v} experts']},
  'heads-per-gpu': {labels: ['Attention heads per GPU', 'Query heads per GPU', 'Heads per rank'], cell: '{v}', prose: ['{H} ÷ {TP} = {v} attention heads per GPU', 'each GPU computes {v} attention heads', '{v} query heads per GPU', 'attention heads per GPU: {v}', 'every TP rank holds {v} of the {H} heads', '{v} heads land on each GPU']},
  'kv-heads-per-gpu': {labels: ['KV heads per GPU', 'Key-value heads per GPU', 'KV heads per rank'], cell: '{v}', prose: ['{v} KV heads per GPU', 'each GPU keeps {v} KV heads', 'KV heads per GPU: {v}', '{v} key-value heads per rank', 'each TP rank stores {v} KV heads', 'the KV cache of each GPU covers {v} KV heads']},
  'layers-per-stage': {labels: ['Layers per stage', 'Layers per pipeline stage', 'Stage depth (layers)'], cell: '{v}', prose: ['{L} ÷ {PP} = {v} layers per stage', 'each pipeline stage holds {v} layers', '{v} layers per stage', 'every stage runs {v} decoder layers', '{v} layers on each pipeline stage', 'a stage depth of {v} layers']},
  'expert-groups': {labels: ['Expert groups', 'EP groups', 'Expert-parallel groups'], cell: '{v}', prose: ['{N} GPUs ÷ EP {EP} = {v} expert-parallel groups', '{v} EP groups of {EP} GPUs', 'the GPUs form {v} expert-parallel groups', '{v} expert groups', 'there are {v} EP groups, each of {EP} GPUs', '{v} all-to-all groups of {EP} ranks']},
  'expert-memory': {labels: ['Expert weights', 'Expert parameters', 'Routed experts', 'MoE weights'], cell: '{v} {u}', prose: ['expert weights take {v} {u} per GPU', '{v} {u} of expert weights per GPU', 'each GPU stores {v} {u} of expert parameters', 'the routed experts use {v} {u} on every GPU', 'expert weights per GPU: {v} {u}', '{v} {u} per GPU for the local experts']},
  'attention-memory': {labels: ['Attention weights', 'Attention parameters', 'Attention (QKV + O)'], cell: '{v} {u}', prose: ['attention weights take {v} {u} per GPU', '{v} {u} of attention weights per GPU', 'each GPU holds {v} {u} of attention parameters', 'attention weights per GPU: {v} {u}', 'the QKV and output projections take {v} {u} per GPU', '{v} {u} per GPU for attention']},
  'embedding-memory': {labels: ['Embedding / output head', 'Embeddings and LM head', 'Embedding + head'], cell: '{v} {u}', prose: ['the embedding and output head take {v} {u} per GPU', '{v} {u} of embedding weights per GPU', 'embeddings per GPU: {v} {u}', 'each GPU holds {v} {u} of embedding and head', 'the vocabulary matrices take {v} {u} per GPU', '{v} {u} per GPU for embeddings']},
  'kv-bytes-token-layer': {labels: ['KV bytes per token per layer (per GPU)', 'KV cache per token per layer per GPU', 'KV bytes/token/layer per GPU'], cell: '{v} B', prose: ['2 × {KVG} × {HD} × {BY} = {v} bytes per token per layer on each GPU', 'each GPU stores {v} bytes of KV per token per layer', 'KV cache per token per layer per GPU: {v} B', '{v} B of KV cache per token and layer on every GPU', 'per layer per rank: {v} B per token', 'a token costs {v} bytes of KV per layer on each GPU']},
  'kv-bytes-token-gpu': {labels: ['KV bytes per token per GPU', 'KV cache per token (per GPU)', 'KV bytes/token per rank'], cell: '{v} B', prose: ['{v} B of KV cache per token per GPU', 'each GPU stores {v} bytes of KV per token across its layers', 'KV per token per GPU: {v} bytes', '{v} bytes per token per rank', 'a token takes {v} B of KV cache on each GPU', 'a per-token KV footprint of {v} B per GPU']},
  'kv-cache': {labels: ['KV cache', 'KV cache per GPU', 'KV cache (per GPU)'], cell: '{v} {u}', prose: ['the KV cache takes {v} {u} per GPU', '{v} {u} of KV cache per GPU', 'KV cache per GPU: {v} {u}', 'each GPU reserves {v} {u} for the KV cache', 'the KV cache needs {v} {u} on every GPU', '{v} {u} per GPU of KV cache']},
  'memory-total': {labels: ['Total', 'Total per GPU', 'Total used'], cell: '{v} {u}', prose: ['total memory per GPU: {v} {u}', '{v} {u} used per GPU in total', 'in total each GPU uses {v} {u}', 'the per-GPU total is {v} {u}', 'altogether {v} {u} per GPU', 'each GPU needs {v} {u} in all']},
  percent: {labels: ['Share of GPU memory'], cell: '{v}%', prose: ['{PART} GB ({v}% of {CAP} GB)', '{v}% of the {CAP} GB', '{PART} GB of {CAP} GB ({v}%)', '{v}% of {CAP} GB is {PART} GB', '{PART} GB, {v}% of {CAP} GB', '{PART} GB, that is {v}% of the {CAP} GB per GPU', '{PART} GB per GPU — i.e. {v}% of an {CAP} GB card']},
  'throughput-total': {labels: ['Cluster throughput', 'Aggregate decode throughput', 'Total decode throughput'], cell: '{v} tokens/s', prose: ['{TPUT} tokens/s per GPU × {N} GPUs = {v} tokens/s', '{v} tokens/s across the cluster', 'an aggregate decode throughput of {v} tokens/s ({N} × {TPUT})', 'the cluster decodes {v} tokens/s in total', 'a total of {v} tok/s over {N} GPUs', '{N} GPUs × {TPUT} tok/s = {v} tok/s']},
  'global-batch': {labels: ['Global batch', 'Global batch size', 'GBS'], cell: '{v}', prose: ['global batch = {MB} × {GA} × {DP} = {v} sequences', 'a global batch of {v} sequences', 'GBS = {v}', '{v} sequences per optimizer step', 'global batch size {v}', 'an effective batch of {v} sequences']},
  'grad-accum': {labels: ['Gradient accumulation', 'Grad accumulation steps', 'GA steps'], cell: '{v}', prose: ['gradient accumulation = {GBS} ÷ ({MB} × {DP}) = {v} steps', '{v} gradient accumulation steps', 'GA = {v}', 'accumulation over {v} micro-batches', 'gradient_accumulation_steps: {v}', '{v} accumulation steps per optimizer step']},
}

/** Distractors: correct statements about other configurations, examples, old values, per-node and per-group numbers. */
export const DISTRACTORS: {needs: string[]; text: string}[] = [
  {needs: ['TPX', 'HX'], text: '(For example, with TP={TPX} each GPU would hold {HX} attention heads; we do not use that layout.)'},
  {needs: ['EPX', 'EX'], text: 'If we moved to EP={EPX}, each GPU would hold {EX} experts per layer.'},
  {needs: ['NODES'], text: 'Each node has 8 GPUs, so the deployment spans {NODES} nodes.'},
  {needs: [], text: 'Within one EP group of {EP} GPUs, all {E} experts of a layer are present.'},
  {needs: ['TPOLD'], text: 'The previous draft used TP={TPOLD}; this plan replaces it.'},
  {needs: ['NX', 'TPX'], text: 'A smaller staging deployment (e.g. {NX} GPUs with TP={TPX}) is described elsewhere.'},
  {needs: ['BASE'], text: 'For comparison, the old single-node baseline reached {BASE} tokens/s per GPU.'},
  {needs: ['EOLD'], text: '> Earlier draft: "each GPU holds {EOLD} experts per layer" (superseded).'},
]

export const TITLES = ['Deployment plan: {MODEL} on {GPU}', '{MODEL} serving plan', 'Parallel strategy for {MODEL}', '{MODEL} inference deployment', 'Capacity plan: {MODEL}']
