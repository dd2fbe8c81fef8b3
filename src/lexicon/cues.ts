/**
 * Cue words: single words whose presence in a clause (or its label, its table
 * header, its row) changes what the clause's numbers mean to a rule: the phase
 * a rate belongs to, a setup other than the plan's, a part of a whole, a
 * training or serving document. Each class is data here, defined once; the
 * extraction tags every clause with the classes its words fall in
 * (`Clause.cues`), and rules read those tags instead of the words.
 */

/** `you'd get 16 per GPU with EP8`: a contracted `would` (straight and curly apostrophes). */
const WOULD_CONTRACTIONS = ['i', 'you', 'we', 'they', 'it', 'that', 'he', 'she'].flatMap((w) => [`${w}'d`, `${w}\u2019d`])

export const CUE_WORDS = {
  /** Two values of one quantity in these clauses may belong to different setups (`prefill TP 8 … decode TP 4`). */
  asideSetup: ['standby', 'spare', 'backup', 'prefill', 'prefilling', 'decode', 'decoding', 'phase', 'phases', 'baseline', 'alternative', 'alternatively', 'option', 'options', 'variant', 'scenario', 'versus', 'vs', 'compared', 'comparison', 'instead', 'previous', 'previously', 'before', 'after', 'either', 'or', 'scale', 'scaling', 'unit', 'units', 'traditional', 'traditionally', 'outperforms', 'outperform', 'than', 'if', 'tried', 'try', 'better', 'worse', 'faster', 'slower', 'recommended', 'default', 'maximum', 'minimum', 'max', 'min', 'requires', 'require', 'folding', 'example', 'e.g', 'suppose', 'say'],
  /** The prefill phase named. */
  prefillPhase: ['prefill', 'prefilling'],
  /** The decode phase named. */
  decodePhase: ['decode', 'decoding', 'generation'],
  /** A rate that is a target, an estimate or another setup's, not the measurement. */
  rateAside: ['baseline', 'target', 'targets', 'goal', 'goals', 'sla', 'slo', 'slos', 'required', 'requires', 'require', 'requirement', 'need', 'needs', 'must', 'should', 'expected', 'expect', 'projected', 'projection', 'estimate', 'estimated', 'estimates', 'theoretical', 'theoretically', 'ideal', 'ideally', 'peak', 'bound', 'roofline', 'ceiling', 'simulated', 'simulate', 'hypothetical', 'if', 'would', 'could', 'versus', 'vs', 'compared', 'comparison', 'previous', 'previously', 'before', 'after', 'old', 'new', 'instead', 'alternative', 'option', 'variant', 'scenario', 'example', 'suppose', 'assume', 'assuming', 'up', 'max', 'maximum', 'min', 'minimum', 'than', 'improvement', 'speedup', 'faster', 'slower', 'dropped', 'drops', 'rose', 'increase', 'increased', 'decrease', 'decreased'],
  /** A rate of the whole deployment. */
  clusterRate: ['cluster', 'total', 'aggregate', 'overall', 'deployment', 'system', 'fleet', 'combined', 'altogether'],
  /** A rate of generated tokens. */
  outputRate: ['decode', 'decodes', 'decoding', 'output', 'generation', 'generated', 'generate', 'tpot', 'itl'],
  /** A rate of prompt tokens. */
  inputRate: ['prefill', 'prefills', 'prefilling', 'input', 'prompt', 'prompts', 'ingest'],
  /** The whole model's, not one GPU's share (`KV per token for the whole model`). */
  wholeModel: ['whole', 'entire', 'total', 'overall', 'model', 'all'],
  /** A part of the KV cache (`sliding layers`, `global layers`). */
  kvPart: ['sliding', 'window', 'full', 'local', 'global', 'partial', 'part'],
  /** Activation recomputation named. */
  recompute: ['recompute', 'recomputed', 'recomputes', 'recomputing', 'recomputation', 'remat', 'rematerialization', 'rematerialisation', 'rematerialize', 'rematerialise', 'rematerialized'],
  /** Checkpointing (of activations when activations or gradients are named beside it). */
  checkpoint: ['checkpointing', 'checkpoint', 'checkpointed'],
  /** A setting turned off. */
  negation: ['no', 'not', 'without', 'disabled', 'disable', 'off', 'none', 'false', 'never'],
  /** A setting applied to every layer. */
  everyLayer: ['full', 'every', 'uniform', 'all', 'each'],
  /** A setting applied to some layers only. */
  someLayers: ['block', 'partial', 'num', 'some', 'first', 'last'],
  /** Memory set aside or left over, not what a workload uses (`KV cache available`, `KV pool`, `free`). */
  pool: ['available', 'pool', 'free', 'left', 'remaining', 'headroom', 'room', 'spare', 'leftover', 'capacity'],
  /** A modal or condition: what the clause says holds only in another setup (`FP8 KV would double the pool`). */
  conditional: ['would', 'could', 'might', 'if', ...WOULD_CONTRACTIONS],
  /** A setting considered, not chosen. */
  hypothetical: ['would', 'could', 'might', 'if', ...WOULD_CONTRACTIONS, 'instead', 'alternatively', 'alternative', 'option', 'options', 'vs', 'versus', 'compared', 'otherwise', 'unless'],
  /** A training document. */
  training: ['training', 'train', 'trains', 'trained', 'pretraining', 'pretrain', 'pretrained', 'finetuning', 'finetune', 'finetuned', 'sft', 'optimizer', 'optimiser', 'gradient', 'gradients'],
  /** Activation memory of another setup than plain training (serving, offload, context parallel). */
  notActivationSetup: ['inference', 'serving', 'vllm', 'sglang', 'tensorrt', 'trtllm', 'prefill', 'decode', 'decoding', 'offload', 'offloaded', 'offloading', 'offloads', 'nvme', 'ulysses', 'ring', 'cpu_checkpointing'],
  /** An activation figure that includes or is something else. */
  notPlainActivations: ['gradient', 'gradients', 'grads', 'weights', 'optimizer', 'states', 'total', 'workspace', 'workspaces', 'graph', 'graphs', 'cuda', 'nccl', 'rccl', 'buffer', 'buffers', 'overhead', 'overheads', 'kv', 'cache', 'dispatch', 'deepep', 'fragmentation', 'allocator', 'reserve', 'reserved', 'runtime', 'temporary', 'misc', 'communication', 'comm', 'measured', 'profiled', 'profiling', 'profile', 'observed', 'empirical', 'empirically', 'nvidia', 'smi', 'torch', 'pytorch', 'moe', 'expert', 'experts'],
  /** Model states not of mixed-precision Adam held on the GPU. */
  otherOptimizerSetup: ['offload', 'offloaded', 'offloading', 'offloads', 'nvme', 'sgd', 'lion', 'adafactor', 'muon', 'shampoo', 'bitsandbytes', '8bit', 'lora', 'qlora', 'adapter', 'adapters', 'galore', 'cpuadam', 'anyprecisionadamw', 'fsdp', 'hsdp', 'inference'],
  /** A bytes-per-parameter figure of a part of the states, or of another setup. */
  statePart: ['gradient', 'gradients', 'grad', 'grads', 'master', 'momentum', 'variance', 'moment', 'moments', 'm', 'v', 'weight', 'weights', 'activation', 'activations', 'state', 'states', 'copy', 'copies', 'without', 'no', 'pure', 'bit', '8bit', 'int8', 'fp8', 'sgd', 'lion', 'adafactor', 'muon', 'offload', 'offloaded', 'lora', 'qlora', 'inference', 'serving', 'kv', 'cache'],
  /** Latent attention named (MLA): the KV cache holds a latent, not K and V heads. */
  latentKv: ['mla', 'latent'],
  /** Tensor parallelism named. */
  tensorParallel: ['tensor', 'tp', 'mp'],
  /** Pipeline parallelism named. */
  pipelineParallel: ['pipeline', 'pp', 'vpp'],
  /** A MoE model named. */
  moe: ['moe', 'expert', 'experts', 'mixture'],
  /** What runs for a token (`Active per token: 7 experts per layer`): a count of experts under it is no layer's experts. */
  activeCount: ['active', 'activated'],
  /** Words after a count of experts that make it all layers' experts (`48 expert instances`, `experts in total`). */
  allLayersCount: ['instance', 'instances', 'slices', 'slice', 'shards', 'copies', 'placements', 'total', 'overall', 'across'],
  /** Column words of values that do not add up in a Total row (`Utilisation (%)`, `Per-replica`, `Max`). */
  notSummable: ['average', 'avg', 'mean', 'max', 'maximum', 'min', 'minimum', 'median', 'p50', 'p90', 'p95', 'p99', 'per', 'per-replica', 'per-gpu', 'per-node', 'ratio', 'utilisation', 'utilization', 'util', 'efficiency', 'share', 'percent', 'tp', 'pp', 'dp', 'ep', 'degree', 'size', 'length', 'len', 'precision', 'bits'],
} as const satisfies Record<string, readonly string[]>

export type Cue = keyof typeof CUE_WORDS

const CUES_OF = new Map<string, Cue[]>()
for (const [cue, words] of Object.entries(CUE_WORDS) as Array<[Cue, readonly string[]]>) {
  for (const w of words) {
    const list = CUES_OF.get(w) ?? []
    list.push(cue)
    CUES_OF.set(w, list)
  }
}

/** Cues of two-word phrases (`48 experts over all layers`). */
const CUE_PHRASES: Array<[string, string, Cue]> = [['all', 'layers', 'allLayersCount']]

/** The cue classes of a run of normalized words, in order (words and two-word phrases). */
export function cuesOfRun(words: readonly string[]): Set<Cue> {
  const out = cuesOf(words)
  for (let i = 0; i + 1 < words.length; i++) for (const [a, b, cue] of CUE_PHRASES) if (words[i] === a && words[i + 1] === b) out.add(cue)
  return out
}

/** The cue classes of a set of normalized words. */
export function cuesOf(words: Iterable<string>): Set<Cue> {
  const out = new Set<Cue>()
  for (const w of words) {
    const cues = CUES_OF.get(w)
    if (cues) for (const c of cues) out.add(c)
  }
  return out
}

/** Labels of sums (`Total`, `Grand total`, `In total`) and partial sums (`Weights subtotal`, `Subtotal (weights)`). */
/** A section title that names one of several enumerated options (`Option B: LoRA …`, `Plan 2 — H200`, `Approach C`). */
export const OPTION_TITLE = /^\W*(?:option|plan|layout|alternative|approach|variant|scenario|candidate|proposal|design)\s+(?:[A-Z]|\d{1,2})\b/i

/** `### B. TP8 inside each node` under `## Options considered`: a lettered title under a title of options names one. */
export function optionTitle(title: string, parentTitle: string | undefined): boolean {
  return OPTION_TITLE.test(title) || (LETTER_TITLE.test(title) && parentTitle !== undefined && OPTIONS_PARENT.test(parentTitle))
}
const LETTER_TITLE = /^\W*[A-H][.):]\s/
const OPTIONS_PARENT = /\b(?:options|alternatives|candidates|approaches|choices|layouts|proposals|variants|scenarios|designs)\b/i

const TOTAL_LABEL = /^\W*(total|sum|overall|grand total|in total)\b/i
const SUBTOTAL_LABEL = /\bsub-?totals?\b|\w\s+(total|sum)\W*$/i

/** What a row or item label says its number is: the sum, a partial sum, or a part. */
export type LabelRole = 'total' | 'subtotal' | 'part'

export function labelRole(label: string | undefined): LabelRole {
  const t = (label ?? '').trim()
  if (SUBTOTAL_LABEL.test(t)) return 'subtotal'
  return TOTAL_LABEL.test(t) ? 'total' : 'part'
}

/** The cue classes of a text's words (lower-cased, split at anything but letters, digits and `-`). */
export function cuesOfText(text: string): Set<Cue> {
  return cuesOf(text.toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean))
}
