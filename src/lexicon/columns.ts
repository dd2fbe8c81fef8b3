/** Table column headers: generic value columns, quoted (old) columns, cluster totals and explanation columns. */


export const GENERIC_HEADERS = /^(value|values|figure|figures|reviewer'?s? figure|reviewer'?s? value|corrected|correct value|correction|recomputed|should be|revised|how much|answer|computed|calculated|usage|footprint|allocation|per (card|device|rank|accelerator|chip|node|server|host|replica)|degree|size|count|number|amount|memory|setting|settings|config|configuration|#|n|qty|quantity|total|per gpu|gpu memory|memory per gpu|bytes|gb|gib|estimate|estimated|approx|approximate|result|default|expected|expected value|measured|observed|actual|mem|memory \(gb\)|memory \(gib\)|size \(gb\))\b/i

/** `Plan says`, `Original`, `Plan (v2) text`, `Draft wording`: a column that quotes the reviewed document. */
export function oldColumn(header: string): boolean {
  return OLD_COLUMN.test(header) || (/\b(plan|draft|document|doc|original|author|proposal)\b/i.test(header) && /\b(text|wording|says|said|states|stated|figure|value|claim|claims)\b/i.test(header))
}

const OLD_COLUMN = /^\W*(plan says|document says|doc says|says|stated|claimed|claim|original|before|old|current|currently|was|as written|written|incorrect|wrong|error|found)\b/i

export const CLUSTER_COLUMN = /\b(cluster|total|totals|aggregate|all gpus|fleet|sum|overall|whole)\b/i

/** Columns that explain a value (`Derivation`, `Formula`, `Notes`): their numbers are not definitions. */
export const EXPLAIN_COLUMN = /^\W*(derivation|formula|formulas|notes?|comments?|how|why|source|sources|reasoning|calculation|computation|explanation|details)\b/i

/** A header naming a target, a share or a comparison (`vs 3,000 tok/s target`, `Scaling vs 1 GPU`, `%`): no figure of its configuration. */
export const ASIDE_COLUMN = /%|\b(?:target|slo|goal|scaling|ratio|vs|versus|speedup)\b/

/** The statistic a header names (`Peak tok/s per GPU`, `Avg output tok/s`, `p95`): two columns of different ones do not follow from each other by a count. */
export function statisticOf(label: string): string | undefined {
  const m = STATISTIC.exec(label.toLowerCase())
  return m ? (STATISTIC_NAMES[m[1]] ?? m[1]) : undefined
}
const STATISTIC = /\b(peak|max|maximum|avg|average|mean|median|p\d{2}|sustained|burst|min|minimum)\b/
const STATISTIC_NAMES: Record<string, string> = { max: 'peak', maximum: 'peak', burst: 'peak', avg: 'mean', average: 'mean', sustained: 'mean', minimum: 'min', median: 'p50' }

/** A row label of one unit of something (`Large (per replica)`, `Per GPU`, `each node`): its values are no addends of a total. */
export const PER_UNIT_ROW = /\bper\s+(?:replica|gpu|node|instance|pod|card|device|unit)\b|\beach\b/i

/** Labels of money (`$/h`, `Cost per GPU-hour`, `Price`), and the periods and counts a cost label names (lower-cased text). */
export const MONEY_LABEL = /[$€£]|\bcost\b|\busd\b|\bprice\b|\beur\b/
/** A bill or a spend is money too when a cost of a period is read (`Monthly bill`). */
export const BILL_LABEL = /\bbill\b|\bspend\b/
export const PER_GPU_HOUR_LABEL = /(per|\/) ?gpu[- ]?(h|hr|hour)\b/
export const PER_HOUR_LABEL = /(per|\/) ?(h|hr|hour)\b/
export const PER_DAY_LABEL = /(per|\/) ?day\b|\bdaily\b/
export const GPU_COUNT_LABEL = /^(#?\s*)?gpus?\b|^gpu count$|^# ?gpus$/

/** What a header's `per X` (`/X`, `each X`) makes its values of: a GPU, a replica, a node, a user. */
const COLUMN_OF = /(?:per|\/|each) ?(replica|gpu|node|instance|user|stream|request|sequence|rank|card|device|accelerator|server)\b/

/** The thing a (lower-cased) header says its values are per, if it says one. */
export function columnOf(header: string): string | undefined {
  return COLUMN_OF.exec(header)?.[1]
}

/** Things a rate is per that are one GPU. */
export const GPU_COLUMN_OF = new Set(['gpu', 'card', 'device', 'rank', 'accelerator'])

/** Things a rate is per that are one user's share of it, not a whole of GPUs. */
export const USER_COLUMN_OF = new Set(['user', 'request', 'stream', 'sequence'])

/** The time a (lower-cased) token-rate header counts over (`Output tok/h` → hour, `output tokens/day` → day, `tok/s per GPU` → second), if any. */
export function tokenRateColumn(header: string): 'day' | 'hour' | 'second' | undefined {
  if (/\btps\b/.test(header)) return 'second'
  if (!/\btok(?:en)?s?\b/.test(header)) return undefined
  if (/(?:per|\/) ?(?:h|hr|hour)\b/.test(header)) return 'hour'
  if (/(?:per|\/) ?day\b/.test(header)) return 'day'
  return /(?:per|\/) ?(?:s|sec|second)\b/.test(header) ? 'second' : undefined
}

/**
 * Counts whose ratio is a count per unit (`GPUs` = `Nodes` × 8 GPUs per node, `GPUs` = `Replicas` × GPUs per replica):
 * two table columns of them that keep one factor row by row follow from each other by definition.
 */
const COUNT_PER_UNIT: ReadonlyArray<readonly [string, string]> = [
  ['gpus', 'nodes'],
  ['gpus', 'replicas'],
]
export function countPerUnit(a: string | undefined, b: string | undefined): boolean {
  return COUNT_PER_UNIT.some(([p, q]) => (a === p && b === q) || (a === q && b === p))
}

/** Quantities that count whole things (GPUs, nodes, replicas): a column of them holds exact integers, not rounded figures. */
export function countedThings(q: string | undefined): boolean {
  return q === 'gpus' || q === 'nodes' || q === 'replicas'
}

/** A column header of one unit's figures (`Per node`, `Per replica`): the scope of its cells. */
const PER_COLUMN: ReadonlyArray<readonly [RegExp, 'node' | 'replica']> = [
  [/^\W*per (?:node|server|host)\b/i, 'node'],
  [/^\W*per (?:replica|instance|engine|deployment unit)\b/i, 'replica'],
]
export function perColumnScope(header: string): 'node' | 'replica' | undefined {
  return PER_COLUMN.find(([re]) => re.test(header))?.[1]
}
