/** Words of the whole-model weight sentence `N parameters in <precision> take X GB` (`parsers/param-weights.ts`). */

/** Verbs (and marks) that state the size of what comes before: `take`, `occupy`, `need`, `=`. */
export const SIZE_VERBS = new Set([
  'take', 'takes', 'took', 'occupy', 'occupies', 'need', 'needs', 'require', 'requires', 'is', 'are', 'amount', 'amounts',
  'come', 'comes', 'weigh', 'weighs', 'use', 'uses', 'consume', 'consumes', 'fill', 'fills', 'total', 'totals', 'equal', 'equals',
])

/** Words that may stand between the verb and the size: `take about 140 GB`, `amount to roughly`. */
export const SIZE_FILLERS = new Set(['to', 'about', 'around', 'roughly', 'approximately', 'nearly', 'almost', 'just', 'only', 'some', 'up', 'at', 'least', 'exactly'])

/** Words after the size that make it a share of the whole (`140 GB per GPU`, `each`): not the whole model's weights. */
export const SIZE_SCOPES = new Set(['per', 'each', 'every', 'a', 'an'])

/** Words of the clause that make the count a part or another setup: `experts`, `per GPU`, `if`. */
export const NOT_WHOLE = new Set([
  'per', 'each', 'expert', 'experts', 'shard', 'shards', 'slice', 'stage', 'rank', 'layer', 'layers', 'if', 'would', 'could', 'gpu', 'gpus', 'card', 'device', 'node',
  // More than the weights: training states, caches, overheads.
  'optimizer', 'adam', 'adamw', 'gradient', 'gradients', 'states', 'master', 'activation', 'activations', 'including', 'overhead', 'plus',
])

/** Formats named in words rather than by a dtype (`in half-precision`): the format they mean. */
export const FORMAT_WORDS: Record<string, string> = { 'half-precision': 'fp16', 'half': 'fp16' }

/** Which tokens a count or a rate counts (`256 output tokens`, `input throughput`). */
export const OUTPUT_TOKEN_WORDS = new Set(['output', 'generated', 'generation', 'decode', 'completion', 'completions', 'new'])
export const INPUT_TOKEN_WORDS = new Set(['input', 'prompt', 'prefill'])

/** `per request`, `each request`, `per query`: a count of tokens for one request. */
export const REQUEST_WORDS = new Set(['request', 'requests', 'query', 'queries', 'req'])

/** A request rate that is offered rather than served (`--request-rate 10`, `arrival rate`, `Poisson`): the served rate may be lower. */
export const OFFERED_WORDS = new Set(['offered', 'arrival', 'arrivals', 'poisson', 'load', 'target', 'request-rate', '--request-rate', 'qps', 'up', 'max', 'maximum', 'peak', 'saturates', 'saturated', 'saturation'])

/** Words that say a run trains (6·N FLOPs per token) or serves (2·N). */
export const TRAINING_WORDS = new Set(['training', 'train', 'trained', 'pre-training', 'pretraining', 'pre-train', 'pretrain', 'fine-tuning', 'finetuning', 'sft'])
export const INFERENCE_WORDS = new Set(['inference', 'serving', 'serve', 'decode', 'decoding', 'prefill', 'generation'])

/** Words that name a parameter count after its number (`70B-parameter model`, `70B params`). */
export const PARAM_WORDS = new Set(['parameter', 'parameters', 'params', 'param'])
