/**
 * Word classes the extraction reads: count nouns, their modifiers and the
 * scopes they name, verbs of holding, approximation and quotation cues,
 * requirement verbs and marks, the words of rates, shares and conditions, and
 * optimizer-state sharding words. Each class is defined here once (quantity
 * names and abbreviations are in quantities.ts and phrases.ts).
 */
import type { Scope } from '../facts.js'

/** Words that name things counted after a number (`32 GPUs`, `8 experts`). */
export const NOUNS: Record<string, string[]> = {
  gpu: ['gpu', 'gpus', 'device', 'devices', 'accelerator', 'accelerators', 'rank', 'ranks', 'card', 'cards', 'chip', 'chips', 'tpu', 'tpus', 'npu', 'npus', 'xpu', 'xpus', 'worker', 'workers',
    // GPU names in the plural count GPUs (`2 H100s`, `eight H200s`); in the singular they modify a noun (`8 H100 GPUs`).
    'h100s', 'h200s', 'h800s', 'h20s', 'a100s', 'a800s', 'b200s', 'b300s', 'gb200s', 'mi300xs', 'mi325xs', 'mi355xs', 'l40ss', 'l4s', 'a10gs', 'v100s', 'tpus'],
  node: ['node', 'nodes', 'server', 'servers', 'host', 'hosts', 'machine', 'machines', 'box', 'boxes'],
  expert: ['expert', 'experts'],
  layer: ['layer', 'layers', 'block', 'blocks'],
  stage: ['stage', 'stages'],
  replica: ['replica', 'replicas', 'copy', 'copies', 'instance', 'instances', 'pod', 'pods'],
  group: ['group', 'groups'],
  head: ['head', 'heads'],
  token: ['token', 'tokens'],
  sequence: ['sequence', 'sequences', 'request', 'requests', 'prompt', 'prompts', 'user', 'users'],
  param: ['parameter', 'parameters', 'params', 'param', 'weights'],
  slot: ['slot', 'slots'],
}

/** Adjectives that may stand between a number and its noun. */
export const NOUN_MODIFIERS = new Set([
  'routed', 'shared', 'total', 'active', 'activated', 'full', 'attention', 'moe', 'dense', 'sparse', 'transformer',
  'decoder', 'data', 'parallel', 'data-parallel', 'pipeline', 'expert', 'kv', 'key', 'value', 'query', 'local',
  'redundant', 'spare', 'physical', 'logical', 'h100', 'h200', 'h800', 'h20', 'a100', 'b200', 'gb200', 'mi300x', 'l40s',
  'nvidia', 'amd', 'more', 'extra', 'additional', 'distinct', 'unique', 'separate', 'independent', 'ep', 'tp',
  'pp', 'dp', 'model', 'hidden', 'gpu', 'compute', 'worker', 'sxm', 'pcie', 'complete', 'whole', 'identical',
  'concurrent', 'simultaneous', 'parallel', 'in-flight', 'inflight', 'live', 'running', 'queued', 'q',
  'all-to-all', 'alltoall', 'a2a', 'hgx', 'dgx',
])

/** Stop words that end a noun phrase. */
export const PER_WORDS = new Set(['per', 'each', 'every', 'a'])

/** Nouns after `expert` that count copies over all layers (`6,144 expert instances`, `448 expert slices per card`). */
export const INSTANCE_WORDS = new Set(['instances', 'instance', 'shards', 'shard', 'slices', 'slice', 'copies', 'copy', 'replicas', 'placements'])
/** Verbs whose object a comparison word bounds (`can take over 9 minutes`, `costs under $2`): no comparison with a value before. */
export const AMOUNT_VERBS = new Set(['take', 'takes', 'took', 'taking', 'last', 'lasts', 'cost', 'costs', 'need', 'needs', 'run', 'runs', 'spend', 'spends', 'wait', 'waits'])
/** Words that open a condition (`hold off until you see peaks above 4,300 tok/s`): a comparison after them is no claim. */
export const CONDITION_OPENERS = new Set(['until', 'unless', 'once', 'if', 'whenever'])
/** Verbs after which a value is what remains (`minus 5 GB leaves 97.3 GB`), not the thing named before them. */
export const REMAINDER_VERBS = new Set(['leaves', 'leaving', 'remains', 'remaining', 'yields', 'gives', 'giving'])
/** Words after a size that say it is what is left (`17.5 GB left over`, `4 GB spare`, `6 GB free`, `2 GB of headroom`). */
export const LEFT_AFTER = new Set(['left', 'spare', 'free', 'remaining', 'remain', 'remains', 'unused', 'headroom', 'slack', 'over'])
/** Words that start another statement inside a sentence (`clears the weights but leaves ~0.3 GB`). */
export const CONTRAST_WORDS = new Set(['but', 'leaves', 'leaving', 'while', 'whereas', 'yet', 'although', 'though'])
/** Pronouns that point back at a value said before (`1/8 of that`). */
export const ANTECEDENTS = new Set(['that', 'it', 'this', 'these', 'those', 'them', 'which'])
/** Words that make a label the whole model's, not a part's (`Total`, `whole model`). */
export const WHOLE_WORDS = new Set(['total', 'totals', 'sum', 'overall', 'whole', 'model', 'grand'])
/** Parts of a model whose size a parenthesis may give (`attention (≈ 4.8B params)`). */
export const MODEL_PARTS = new Set(['attention', 'experts', 'expert', 'embedding', 'embeddings', 'router', 'routers', 'head', 'norms', 'shared', 'dense', 'moe', 'ffn', 'mlp', 'backbone', 'trunk', 'rest', 'remainder'])
/** A config key that names a whole (`gpus_total`, `world_size`). */
export const TOTAL_KEY = /total|world/i

/** Nouns of a part of the model as a sentence's subject (`The MLA block is … = 187.1M parameters`). */
export const PART_SUBJECTS = new Set([...MODEL_PARTS, 'block', 'blocks', 'module', 'modules', 'mla', 'projection', 'projections', 'gate', 'gates', 'adapter', 'adapters', 'mtp'])
/** Words that end a sentence's subject (`The MLA block is`, `Each expert has`). */
export const SUBJECT_ENDS = new Set(['is', 'are', 'has', 'have', 'holds', 'totals', 'comes', 'weighs', 'contains'])
/** Prepositions that make a count part of a noun's modifier (`Time for 1.0T tokens`, `KV of 8 layers`). */
export const MODIFIER_PREPOSITIONS = new Set(['for', 'of', 'over', 'across'])

/** Words before `weights` or `params` that restrict them to a part (`Replicated weights`, `Non-expert params`). */
export const PART_MODIFIERS = new Set(['replicated', 'non', 'nonexpert', 'non-expert', 'dense', 'shared', 'other', 'remaining', 'rest', 'resident', 'attention', 'local', 'sharded', 'expert', 'routed', 'base', 'backbone'])

/** Verbs of copying a thing onto several places (`each KV head is replicated on 2 ranks`): the places are a subset. */
export const REPLICATE_VERBS = new Set(['replicated', 'duplicated', 'copied', 'mirrored', 'broadcast', 'repeated', 'cloned'])
/** Words that make a count of experts copies or slots beside the model's own (`Redundant experts`, `32 spare experts`). */
export const COPY_MODIFIERS = new Set(['redundant', 'spare', 'extra', 'additional', 'physical', 'logical', 'duplicate', 'duplicated'])
/** Of those, the ones that name copies beyond the model's experts (`32 redundant experts`, `8 spare slots`). */
export const REDUNDANT_MODIFIERS = new Set(['redundant', 'spare', 'extra', 'additional', 'duplicate', 'duplicated'])

/** Attention data parallelism named in one word (`DP-attention`), or by a first word before `attention`. */
export const ATTENTION_DP_WORDS = new Set(['dp-attention', 'dp-attn', 'attention-dp', 'attn-dp'])
export const ATTENTION_DP_FIRST = new Set(['dp', 'data-parallel'])

/** Indefinite pronouns: `anything under 50 GB` names a condition on any value, not a claim about one. */
export const INDEFINITES = new Set(['anything', 'everything', 'something', 'nothing', 'whatever', 'anyone', 'any'])

/** Verbs that spread a whole over GPUs (`spread over the 8 GPUs`, `sharded across 4 ranks`). */
export const DISTRIBUTE_VERBS = new Set(['spread', 'split', 'sharded', 'shard', 'divided', 'distributed', 'partitioned', 'spreads', 'splits'])

/** Names of a statistic of a distribution (`p50`, `p95`, `mean`). */
export const STAT_WORDS = new Set(['p50', 'p90', 'p95', 'p99', 'p999', 'median', 'mean', 'avg', 'average', 'max', 'min'])

/** Words before a count that make it the rest of a set (`the other seven GPUs`). */
export const REST_WORDS = new Set(['other', 'remaining', 'idle', 'spare', 'leftover'])
/** Words after a count that make it the rest of a set (`the four GPUs the change leaves free`). */
export const REST_AFTER = new Set(['free', 'idle', 'spare', 'unused', 'left', 'remaining', 'unallocated'])
/** Words that join a count of experts to its routing (`8 experts with top-2 routing`, `8 experts, top-2`). */
export const ROUTING_JOINERS = new Set(['with', 'and', 'using', ',', '(', ';'])
/** A top-k routing word (`top-2`, `top-8`). */
export const TOP_K_WORD = /^top-\d{1,3}$/
/** A paragraph that introduces a list of options (`two options:`, `Alternatives we weighed:`). */
export const OPTIONS_LEAD = /\b(?:options|alternatives|choices|possibilities)\b[^.!?\n]{0,60}:\s*$/i
/** Collective nouns of counted things (`304 of 360 GPUs …, i.e. 86.4% of the fleet`): the thing they are made of. */
export const COLLECTIVE_NOUNS = new Map([['fleet', 'gpu'], ['cluster', 'gpu'], ['pool', 'gpu'], ['partition', 'gpu']])
/** Words that continue a sum in prose (`…, plus 1.34B + 0.26B ≈ 12.9B`): what follows is a part of a longer one. */
export const SUM_WORDS = new Set(['plus', 'minus'])
/** llama.cpp's flag that splits a model by layers over the GPUs (`--split-mode layer`, `-sm layer`). */
export const LAYER_SPLIT_FLAG = /(?:--split-mode|-sm)[ =]+layer\b/
/** Words after a comma that restate a calculation's result (`2 × 40 × 8 × 128 × 2 B, i.e. 80 KiB`). */
export const RESULT_CONNECTORS = new Set(['i.e', 'ie'])
/** Words between two values compared (`141 vs 80 GB`). */
export const VERSUS_WORDS = new Set(['vs', 'versus', 'v'])
/** Words that say a size does not fit (`93.4 GB, which is more than 80 GB`, `exceeds`, `OOM`). */
export const EXCESS_WORDS = new Set(['more', 'exceeds', 'exceed', 'exceeding', 'over', 'oom', 'overflows', 'fails', "doesn't", 'cannot', "can't", 'too', 'beyond'])
/** Parts of a pipeline stage (`2 chunks of 7 layers`, virtual stages). */
export const CHUNK_WORDS = new Set(['chunk', 'chunks', 'slice', 'slices'])
/** Words for a GPU's own memory (`141GB of HBM each`). */
export const MEMORY_WORDS = new Set(['memory', 'hbm', 'vram', 'hbm3', 'hbm3e', 'hbm2e', 'ram'])
/** Words that make a value each item's own (`80 GB each`). */
export const EACH_WORDS = new Set(['each', 'apiece'])

export const NOUN_OF = new Map<string, string>()
for (const [concept, words] of Object.entries(NOUNS)) for (const w of words) NOUN_OF.set(w, concept)

export const SCOPE_OF: Record<string, Scope> = {
  gpu: 'gpu',
  layer: 'layer',
  stage: 'stage',
  node: 'node',
  replica: 'replica',
  group: 'group',
  token: 'token',
  sequence: 'sequence',
  expert: 'expert',
}

/** Head nouns a scope noun may modify (`expert weights`, `layer parameters`): the noun before them names what, not where. */
export const MODIFIED_HEADS = new Set(['weights', 'weight', 'parameters', 'params', 'parameter', 'matrices', 'tensors', 'shards', 'ffn', 'ffns', 'mlp', 'mlps'])

export const HOLD_VERBS = new Set([
  'holds', 'hold', 'has', 'have', 'stores', 'store', 'hosts', 'host', 'gets', 'get', 'keeps', 'keep', 'owns', 'own',
  'handles', 'handle', 'manages', 'manage', 'runs', 'run', 'spans', 'span', 'uses', 'use', 'contains', 'contain',
  'receives', 'receive', 'serves', 'serve', 'carries', 'carry', 'processes', 'process', 'needs', 'need',
  'requires', 'require', 'covers', 'cover', 'includes', 'include', 'is', 'are', 'of', 'with', 'takes', 'take',
  'occupies', 'occupy', 'spans', 'gets', 'owns', 'hosts', 'runs', 'serves', 'stores',
])

/** Verbs besides the holding ones that make GPUs one copy of the model (`16 GPUs form a replica`). */
export const REPLICA_VERBS = new Set(['form', 'forms', 'make', 'makes'])

/** Nouns of one whole copy of the model (`8 GPUs hold one full copy of the model`). */
export const REPLICA_NOUNS = new Set(['copy', 'copies', 'replica', 'instance'])

/** Words before such a noun that make it one whole copy. */
export const ONE_WHOLE = new Set(['one', 'a', 'single', 'full', 'complete', 'whole', 'each', 'every'])

/** Verbs that place what was counted on a scope: `6 heads land on each GPU`, `2 experts live on every rank`. */
export const PLACEMENT_VERBS = new Set([
  'land', 'lands', 'live', 'lives', 'sit', 'sits', 'reside', 'resides', 'go', 'goes', 'end', 'ends', 'placed', 'stored',
  'kept', 'hosted', 'held', 'located', 'assigned', 'mapped', 'pinned', 'loaded', 'run', 'runs', 'resident',
])

/** Singular nouns after which a number names one of them: `stage 0`, `GPU 3`, `node 2`, `layer 17`. */
export const NAMING_NOUNS = /^(stage|node|gpu|rank|layer|expert|replica|group|card|device|server|host|step|phase|option|case|row|line|table|figure|section|version|v|config|configuration|rev|revision|run|pod)$/

export const APPROX_WORDS = new Set(['about', 'approximately', 'approx', 'around', 'roughly', 'nearly', 'circa', 'ca', 'almost'])

/** Words after which a value is someone else's, quoted as wrong. */
export const QUOTE_CUES = new Set([
  'claims', 'claim', 'claimed', 'claiming', 'states', 'stated', 'says', 'said', 'reads', 'wrote', 'writes',
  'originally', 'previously', 'incorrectly', 'wrongly', 'erroneously', 'mistakenly',
])

/** Words that end a quoted stretch: what follows is the claim. */
export const QUOTE_ENDS = new Set(['but', 'to', 'while', 'whereas', 'however', 'instead', 'yet', 'actually', 'should', 'shows', 'show', 'gives', 'give', 'is', 'are'])

/** A quick look for anything a requirement claim needs (a mark, a verb, a target word). */
export const REQ_HINT = /✅|❌|✓|✗|✔|✘|☑|❎|exceed|surpass|beat|clear|tops|above|over|meet|satisf|achieve|within|under|below|fits|target|budget|requirement|required|slo|sla|limit|goal|bound|ceiling|floor/i

export const KV_WORD = /\b(kv|kv-cache|kvcache|key-value|key\/value)\b/i

export const CONDITION_WORDS = /^(length|lengths|input|inputs|prompt|prompts|isl|sequence|sequences|context|contexts)$/

export const RATE_SCOPE: Record<string, 'gpu' | 'node'> = { node: 'node', nodes: 'node', gpu: 'gpu', gpus: 'gpu', device: 'gpu', rank: 'gpu', card: 'gpu', accelerator: 'gpu' }

export const RATE_NOUN = /^(throughput|throughputs|rate|rates|speed|speeds|output|decode|prefill)$/

/** Words anywhere in a clause that make its values another setup's: past, planned, alternative, trial or hypothetical. */
export const OTHER_SETUP_WORDS = new Set([
  'was', 'were', 'had', 'old', 'older', 'previous', 'previously', 'earlier', 'formerly', 'legacy', 'would', 'could', 'might',
  'later', 'future', 'alternatively', 'alternative', 'hypothetical', 'otherwise', 'instead', 'whether', 'pilot', 'staging',
  'elsewhere', 'fallback', 'rejected', 'supersedes', 'superseded', 'withdrawn', 'ran', 'considered', 'looked', 'explored',
  'evaluated', 'smoke', 'vs', 'versus', 'discarded', 'dropped', 'try', 'trying', 'tried', 'lowering', 'raising', 'adds', 'adding',
])

/** Prepositions that bound a value (`within 50 ms`) or place it (`within a stage`, `over the 8 GPUs`). */
export const PLACE_PREPOSITIONS = new Set(['within', 'under', 'below', 'above', 'over'])

/** Verbs of the writer's own choice after `I would` / `we would` (`I would use TP 4`). */
export const CHOICE_VERBS = new Set(['use', 'choose', 'pick', 'go', 'run', 'deploy', 'recommend', 'propose', 'suggest', 'keep', 'adopt', 'start'])

/** Verbs that, after a negation, say a setup does not fit (`BF16 at tp=1 does not fit: 93.4 GB of weights`): its values are another setup's. */
export const FIT_VERBS = new Set(['fit', 'fits'])

/** Words that open a consequence (`…, so we use TP 4`). */
export const CONSEQUENCE_WORDS = new Set(['so', 'therefore', 'hence', 'thus', 'instead'])

/** Negations before a verb: `does not`, `doesn't`, `won't`, `cannot`. */
export const NEGATIONS = new Set(['not', "doesn't", 'doesnt', "don't", "won't", 'wont', "can't", 'cannot', 'never', "wouldn't", "didn't"])

/** Participles that, after `not`, name a setup not taken (`Not chosen`, `not selected`). */
export const NOT_TAKEN = new Set(['chosen', 'selected', 'adopted', 'picked', 'used', 'pursued'])

/** Cues inside a clause (`(e.g. 16 GPUs with TP=2)`, `say, TP 4`) after which its values are examples. */
export const EXAMPLE_INSIDE = new Set(['e.g', 'eg', 'example', 'hypothetically', 'suppose', 'imagine'])

/** Second words after a leading `for` that make a clause an aside: `For example, …`, `for reference, …`. */
export const FOR_ASIDE = new Set(['example', 'instance', 'reference', 'comparison'])

export const EXAMPLE_START = /^(example|examples|e\.g|eg|for|say|suppose|consider|imagine|if|assume|assuming|hypothetically|let)$/

export const ATTR_WORD = /^(bf16|bfloat16|fp16|float16|half|fp8|float8|e4m3|int8|int4|w8a8|w4a16|awq|gptq|mxfp4|nvfp4|fp32|float32|fp4|q8_0|q4_0|q4_k_m|q4_k_s)$/i

export const GPU_TOTAL_WORDS = new Set(['gpus', 'gpu', 'world_size', 'devices', 'ranks'])

export const OF_WORDS = new Set(['of', 'out'])

export const SHARE_VERBS = /^(occupy|occupies|occupied|use|uses|used|take|takes|took|consume|consumes|is|are|was|were|fill|fills|account|accounts|for|make|makes|up|represent|represents|alone|together|amount|amounts|to|come|comes|about|roughly|approximately|only|just|already|now|then|would|will|thus|so|therefore|hence|the|of)$/

export const REQ_VERBS: Record<string, 'ge' | 'le' | undefined> = {
  exceeds: 'ge',
  exceed: 'ge',
  exceeding: 'ge',
  surpasses: 'ge',
  beats: 'ge',
  beat: 'ge',
  clears: 'ge',
  clear: 'ge',
  clearing: 'ge',
  tops: 'ge',
  above: 'ge',
  over: 'ge',
  meets: undefined,
  meet: undefined,
  meeting: undefined,
  satisfies: undefined,
  satisfy: undefined,
  satisfying: undefined,
  achieves: undefined,
  within: 'le',
  under: 'le',
  below: 'le',
  fits: 'le',
}

/** Prepositions that compare a value with a bound (`under the 50 ms budget`); without a value after them, adverbs. */
export const COMPARE_PREPOSITIONS = new Set(['above', 'below', 'under', 'over', 'within', 'beyond', 'past'])

/** Verbs of what something costs or needs (`meeting 20,000 tok/s takes eight GPUs`): after a gerund, it names a need. */
export const NEED_VERBS = new Set(['takes', 'take', 'took', 'requires', 'require', 'required', 'needs', 'need', 'needed', 'costs', 'cost', 'means', 'demands', 'calls'])

export const TARGET_WORDS = new Set(['target', 'targets', 'budget', 'requirement', 'required', 'slo', 'sla', 'limit', 'goal', 'bound', 'ceiling', 'floor', 'bar', 'threshold'])

export const MARK_PASS = new Set(['✅', '✓', '✔', '☑'])

export const MARK_FAIL = new Set(['❌', '✗', '✘', '❎'])

/** First characters of the sharding words below. */
const SHARDING_START = new Set(['z', 'Z', 'u', 'U', '-', 'd', 'D'])

/**
 * Optimizer-state sharding named by one word (`ZeRO-3`, `zero2`,
 * `--use-distributed-optimizer`) or two (`distributed optimizer`):
 * deployment-training-memory reads it as an attribute. `next` is the word
 * after it, `prev` the word before (a negation turns it off).
 */
export function shardingWord(word: string, next: string | undefined, prev: string | undefined): { attr: 'zeroStage' | 'distributedOptimizer'; value: string } | undefined {
  // `zero…`, `use…`/`--use…`, `distributed`: any other first letter names no sharding (most words stop here).
  if (!SHARDING_START.has(word[0])) return undefined
  const w = word.toLowerCase()
  const off = prev !== undefined && /^(no|not|without|disable|disabled|non)$/.test(prev)
  const z = /^zero[-_]?([0-3])$/.exec(w)
  if (z) return { attr: 'zeroStage', value: z[1] }
  if (/^(--)?use[-_]distributed[-_]optimizer$/.test(w)) return { attr: 'distributedOptimizer', value: off ? 'false' : 'true' }
  if (w === 'distributed' && next !== undefined && /^optimi[sz]er$/.test(next)) return { attr: 'distributedOptimizer', value: off ? 'false' : 'true' }
  return undefined
}

/** Prepositions between `N ways` and the degree's name (`sharded 4 ways with tensor parallelism`). */
export const WAY_PREPOSITIONS = new Set(['with', 'using', 'via', 'by', 'of'])
/** Verbs of splitting before `N ways` (`experts sharded 8 ways`). */
export const SPLIT_VERBS = new Set(['sharded', 'split', 'partitioned', 'divided', 'distributed', 'spread'])
/** What is split N ways, and the degree that splits it. */
export const SPLIT_THINGS: Record<string, 'ep' | 'pp'> = { expert: 'ep', experts: 'ep', layer: 'pp', layers: 'pp', stages: 'pp' }

/**
 * `8-expert MoE layers`, `a 151,936-token vocabulary`, `128-dim heads`, `2048-wide experts`, `a 7168-dimensional
 * residual stream`: a number joined to a measure word, before a noun (within three words) that says what is measured.
 */
export const SIZE_ADJECTIVES: Array<{ measures: string[]; nouns: string[]; quantity: 'experts' | 'vocab' | 'headDim' | 'expertFfn' | 'hidden' | 'heads' | 'kvHeads' }> = [
  { measures: ['expert'], nouns: ['layer', 'layers', 'moe'], quantity: 'experts' },
  { measures: ['token', 'entry', 'word'], nouns: ['vocabulary', 'vocab', 'tokenizer'], quantity: 'vocab' },
  { measures: ['dim', 'dimensional', 'd', 'wide'], nouns: ['head', 'heads'], quantity: 'headDim' },
  { measures: ['dim', 'dimensional', 'wide'], nouns: ['expert', 'experts'], quantity: 'expertFfn' },
  { measures: ['dim', 'dimensional', 'd', 'wide'], nouns: ['residual', 'hidden', 'embedding', 'embeddings', 'model'], quantity: 'hidden' },
  { measures: ['head'], nouns: ['attention'], quantity: 'heads' },
]

/** Words after a count of sequences that make it the batch: `in flight`, `at once`, `in parallel`, `concurrently`. */
export const BATCH_AFTER: Array<[string, string | undefined]> = [['in', 'flight'], ['at', 'once'], ['in', 'parallel'], ['concurrently', undefined], ['at', 'a']]

/** Conjunctions that join two statements (`31 ms and TTFT is 0.41 s`): what follows is not a restatement of what precedes. */
export const CONJUNCTIONS = new Set(['and', 'but', 'while', 'whereas', 'although', 'though', 'plus'])

/** Words after a comma that restate what the clause said (`One expert is three 6144 × 16384 matrices, i.e. 301,989,888 parameters`). */
export const RESTATE_CONNECTORS = new Set(['i.e', 'i.e.', 'ie', 'namely', 'aka', 'or'])
/** Words that join a value to its restatement in another unit, scope or period (`…, which is about 325 tok/s per GPU`). */
export const RESTATING_WORDS = [...RESTATE_CONNECTORS, 'which', 'is', 'that', "that's", 'thats', 'so', 'about', 'making']

/** Words that open a subordinate clause: what follows is not the name of the value before (`16.5 GB per GPU before attention is replicated`). */
export const SUBORDINATORS = new Set(['before', 'until', 'unless', 'because', 'since', 'once', 'whenever'])

/** Things an `N-GPU` count sizes that are the whole deployment (`a 64-GPU cluster`), not a part of it (`a 4-GPU pool`). */
export const WHOLE_SETUP_NOUNS = new Set(['cluster', 'clusters', 'deployment', 'setup', 'job', 'run', 'plan', 'fleet', 'system', 'configuration', 'config', 'rollout', 'training', 'serving', 'inference', 'fine-tune', 'total'])

/** Sentence subjects that name one of several (`Stage 0 holds …`, `Node 2 runs …`), and the scope they give. */
export const SUBJECT_SCOPES: Record<string, Scope> = { stage: 'stage', node: 'node', replica: 'replica', rank: 'gpu', gpu: 'gpu', server: 'node', host: 'node', pod: 'node' }
/** Determiners of one thing that open a subject (`One expert = …`, `Each stage holds …`). */
export const ONE_DETERMINERS = new Set(['one', 'each', 'every', 'a', 'single'])
/** Nouns such a subject names, with the scope they give the sentence's model-wide counts. */
export const SUBJECT_NOUN_SCOPES: Record<string, Scope> = { ...SUBJECT_SCOPES, expert: 'expert', layer: 'layer', card: 'gpu', device: 'gpu' }
/** Counts of the whole model, which a sentence about one stage or node gives for that one only. */
export const WHOLE_MODEL_COUNTS = new Set<string>(['layers', 'moeLayers', 'denseLayers', 'paramsTotal', 'paramsActive', 'experts', 'heads', 'kvHeads'])

/** Words of a clause that states how many tokens a memory holds (`holds ≈ 297k tokens`, `tokens of cache`, `room for`). */
export const CAPACITY_WORDS = new Set(['hold', 'holds', 'fit', 'fits', 'room', 'cache', 'capacity', 'pool', 'store', 'stores', 'gives', 'buys', 'leaves', 'accommodate', 'accommodates'])

/** Words of parallelism a noun may modify (`expert parallelism`, `pipeline parallel`, `data sharding`). */
export const PARALLEL_WORDS = new Set(['parallelism', 'parallel', 'parallelization', 'sharding', 'sharded', 'degree', 'world'])

/** Words between `of` and a whole (`32 of the 56 layers`, `one of its 8 experts`). */
export const OF_DETERMINERS = new Set(['the', 'all', 'its', 'their'])
/** Determiners of one place: `on each GPU`, `in every stage`, `on its node`, `for a single replica`. */
export const PLACE_DETERMINERS = new Set(['each', 'every', 'one', 'a', 'its', 'this', 'that', 'the', 'their', 'single'])
/** Determiners after `each of` before a count of places (`each of the two pipeline stages`). */
export const PLACE_OF_DETERMINERS = new Set(['the', 'its', 'their', 'our', 'these', 'those'])
/** The places a scope phrase names (`on each of two pipeline stages`). */
export const PLACE_NOUNS = new Set(['stage', 'gpu', 'node', 'replica', 'group', 'layer'])
/** Words that may open a sentence before its subject (`In stage 0, …`, `The stage 1 …`). */
export const SUBJECT_OPENERS = new Set(['in', 'on', 'for', 'the', 'and', 'while'])
/** Words that start a scope phrase after a noun (`2 experts per layer`): a name must not end before them. */
export const SCOPE_STARTERS = new Set(['per', 'each', 'in', 'on', 'of', 'for'])
/** Articles and determiners before a memory size (`41% of an 80 GB card`). */
export const SIZE_DETERMINERS = new Set(['a', 'an', 'the', 'its', 'each', 'one'])

/** `Experts / GPU / layer`, `GPUs / replica`: a slash between words reads as `per` (lower-case text). */
export function slashAsPer(text: string): string {
  return text.replace(/([a-z])\s*\/\s*(?=[a-z])/g, '$1 per ')
}

/** Abbreviations whose period ends no sentence (`i.e.`, `e.g.`, `vs.`), lower-case without their last period. */
export const ABBREVIATIONS = new Set(['i.e', 'e.g', 'vs', 'etc', 'approx', 'cf', 'ca', 'incl', 'resp'])

/** Currency signs written before an amount (`$2.49`, `€0.84`). */
export const CURRENCY_SIGNS = new Set(['$', '€', '£'])

/** Words after a percentage that make it a relative change up (`a 35.7% increase`, `28% faster`) or down. */
export const CHANGE_UP = new Set(['increase', 'increases', 'gain', 'growth', 'rise', 'jump', 'more', 'higher', 'larger', 'faster', 'improvement', 'uplift', 'boost', 'bigger'])
/** Words right before a percentage (`down 84%`, `grew by 12%`) that make it a change, and its direction. */
export const CHANGE_BEFORE_UP = new Set(['up', 'grew', 'rose', 'increased', 'gained', 'jumped', 'climbed', 'improved'])
export const CHANGE_BEFORE_DOWN = new Set(['down', 'fell', 'dropped', 'decreased', 'shrank', 'reduced', 'declined'])
export const CHANGE_DOWN = new Set(['decrease', 'decreases', 'reduction', 'drop', 'cut', 'fewer', 'less', 'lower', 'smaller', 'slower', 'saving', 'savings', 'decline'])

/** Words beside `GPU memory` in a label that make it a share or a use of the memory, not its size (`gpu_memory_utilization`, `GPU memory used`). */
export const NOT_CAPACITY_WORDS = new Set(['utilization', 'utilisation', 'util', 'fraction', 'held', 'reserved', 'used', 'usage', 'free', 'left', 'headroom', 'remaining'])

/** Periods a cost is written per (`$59.76 / hour`, `$14,541.60 a month`, `monthly`). */
export const PERIOD_WORDS = new Map<string, 'hour' | 'day' | 'month' | 'year'>([
  ...(['hour', 'hours', 'hr', 'hrs', 'h', 'hourly'] as const).map((w) => [w, 'hour'] as const),
  ...(['day', 'days', 'daily'] as const).map((w) => [w, 'day'] as const),
  ...(['month', 'months', 'mo', 'monthly'] as const).map((w) => [w, 'month'] as const),
  ...(['year', 'years', 'yr', 'annum', 'yearly', 'annually', 'annual'] as const).map((w) => [w, 'year'] as const),
])
/** Hours in a day, a month (30 days, the average month, 31 days) and a year: the readings a cost per hour restated per period allows. */
export const HOURS_IN: Record<'day' | 'month' | 'year', number[]> = { day: [24], month: [720, 730, 744], year: [8760, 8784] }
/** Words that may join a cost to its restatement for a longer period (`$59.76 / hour, that's $43,624.80 / month`). */
export const PERIOD_JOINERS = new Set([...RESTATING_WORDS, 'roughly', 'approximately', 'around', 'comes', 'works', 'means', 'totals', 'totalling', 'totaling', 'gives', 'billed', 'billing', 'invoiced', 'charged'])
/** Words that set two costs side by side as different prices, not one restated. */
export const PRICE_CONTRASTS = new Set([...CONTRAST_WORDS, 'vs', 'versus', 'compared', 'against', 'than', 'instead', 'reserved', 'on-demand', 'spot', 'plus', 'saves', 'saving', 'discount'])

/** Auxiliaries and negations: words before a colon with one of them are a sentence, no label (`Memory per GPU does not change:`). */
export const SENTENCE_WORDS = new Set(['does', 'do', 'did', "doesn't", "don't", "didn't", 'not', 'never', 'will', "won't", 'would', 'should', 'can', "can't", 'cannot', 'must', 'were', 'was'])

/** Particles that make a verb phrasal (`tops out at`, `levels off`): no comparison verb then. */
export const PARTICLES = new Set(['out', 'off'])

/** Words of an addition (`the extra ~14B parameters`, `another 2B`): what follows is a part added, not the whole. */
export const ADDED_WORDS = new Set(['extra', 'additional', 'another', 'further', 'remaining', 'other'])

/** Words of a named whole that name no value of their own (`the bill`, `our monthly spend`). */
export const PLAIN_WHOLE_WORDS = new Set(['the', 'a', 'an', 'our', 'its', 'their', 'this', 'that', 'bill', 'cost', 'costs', 'spend', 'spending', 'total', 'amount', 'figure', 'number', 'value', 'sum', 'budget', 'price', 'monthly', 'month', 'per', 'each', 'all', 'whole', 'traffic', 'capacity', 'load', 'usage', 'time', 'memory', 'same', 'one'])

/** Words between a sum word and the term it adds (`plus the same 1.68B`). */
export const FILLER_BEFORE_TERM = new Set(['the', 'same', 'another', 'also', 'a', 'an', 'again'])

/** Header words of a size per token (`KV/token`, `KV per token`). */
export const PER_TOKEN_HEADER_WORDS = new Set(['token', 'tok'])
/** Header words of a parallel layout: a table with such a column may hold per-GPU values. */
export const LAYOUT_HEADER_WORDS = new Set(['tp', 'pp', 'ep', 'dp', 'gpus', 'rank', 'ranks', 'shard'])
