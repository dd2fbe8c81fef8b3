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
export const NOT_WHOLE = new Set(['per', 'each', 'expert', 'experts', 'shard', 'shards', 'slice', 'stage', 'rank', 'layer', 'layers', 'if', 'would', 'could', 'gpu', 'gpus', 'card', 'device', 'node'])

/** Formats named in words rather than by a dtype (`in half-precision`): the format they mean. */
export const FORMAT_WORDS: Record<string, string> = { 'half-precision': 'fp16', 'half': 'fp16' }
