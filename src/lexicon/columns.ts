/** Table column headers: generic value columns, quoted (old) columns, cluster totals and explanation columns. */


export const GENERIC_HEADERS = /^(value|values|figure|figures|reviewer'?s? figure|reviewer'?s? value|corrected|correct value|correction|recomputed|should be|revised|how much|answer|computed|calculated|usage|footprint|allocation|per (card|device|rank|accelerator|chip|node|server|host|replica)|degree|size|count|number|amount|memory|setting|settings|config|configuration|#|n|qty|quantity|total|per gpu|gpu memory|memory per gpu|bytes|gb|gib|estimate|estimated|approx|approximate|result|default|mem|memory \(gb\)|memory \(gib\)|size \(gb\))\b/i

/** `Plan says`, `Original`, `Plan (v2) text`, `Draft wording`: a column that quotes the reviewed document. */
export function oldColumn(header: string): boolean {
  return OLD_COLUMN.test(header) || (/\b(plan|draft|document|doc|original|author|proposal)\b/i.test(header) && /\b(text|wording|says|said|states|stated|figure|value|claim|claims)\b/i.test(header))
}

const OLD_COLUMN = /^\W*(plan says|document says|doc says|says|stated|claimed|claim|original|before|old|current|currently|was|as written|written|incorrect|wrong|error|found)\b/i

export const CLUSTER_COLUMN = /\b(cluster|total|totals|aggregate|all gpus|fleet|sum|overall|whole)\b/i

/** Columns that explain a value (`Derivation`, `Formula`, `Notes`): their numbers are not definitions. */
export const EXPLAIN_COLUMN = /^\W*(derivation|formula|formulas|notes?|comments?|how|why|source|sources|reasoning|calculation|computation|explanation|details)\b/i
