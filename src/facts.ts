import type { Cue, LabelRole } from './lexicon/cues.js'
/**
 * Types of what the extractor produces. Rules read these; they never look
 * at the text again.
 */
import type { Dec } from './num.js'
import type { Segment } from './text/segments.js'
import type { NumToken } from './text/tokens.js'
import type { QuantityId } from './lexicon/quantities.js'
import type { Unit } from './units.js'
import type { Precision } from './model/types.js'

export type Scope = 'gpu' | 'layer' | 'stage' | 'node' | 'replica' | 'group' | 'token' | 'sequence' | 'cluster' | 'expert'

export interface Place {
  /** File offsets, end exclusive. */
  start: number
  end: number
}

export interface Fact {
  id: number
  seg: Segment
  /** Clause index within the extraction. */
  clause: number
  tok: NumToken
  /** Place of the number with its unit. */
  place: Place
  /** Place of the digits alone. */
  numPlace: Place
  /** Source text of `place`. */
  text: string
  /** Value as written (digits × suffix), in the written unit. */
  written: Dec
  /** Value in the base unit of its dimension (bytes, tokens/s, s, count). */
  value: Dec
  unit?: Unit
  /** `~`, `≈`, `about`, `approximately` before it. */
  approx: boolean
  quantity?: QuantityId
  /** How the quantity was recognized (for notes and debugging). */
  how?: string
  scopes: Set<Scope>
  /** Noun counted right after the number (`experts`, `GPUs`). */
  noun?: string
  /** Words of the noun phrase and qualifiers after the number (normalized). */
  after: string
  /** `3 of 4 layers use chunked attention`: the base of an `N of M` share written without `the`, not surely the whole. */
  shareBase?: boolean
  /** `8 groups of 4 GPUs`: on the count of groups, the size written after it. */
  groupSize?: Fact
  /** Cue classes of `after` (set once every reading pass is done). */
  afterCues?: Set<Cue>
  /** Cues of the label or row label that named its quantity (`Expert instances per GPU`). */
  labelCues?: Set<Cue>
  /** Quoted as someone else's (wrong) value: not a claim. */
  quoted: boolean
  /** Part of a written expression (operand or result). */
  expr?: { id: number; role: 'operand' | 'result' }
  /** Stated in a table, list label, config or front matter (a definition) rather than prose. */
  definitional: boolean
  /** A per-GPU context (section or label says per GPU / each GPU). */
  perGpuContext: boolean
  /** Negated (`not 4 groups`). */
  negated: boolean
  /** A bound, not a value: `up to TP=8`, `at most 4`, `≤ 80 GB`, `at least 100 tokens/ms`. */
  bound?: 'le' | 'ge'
  /** In an example or hypothetical clause (`Example:`, `For example`, `e.g.`, `Suppose`, `If`). */
  example: boolean
  /** In a code block or inline code. */
  inCode: boolean
  /** In a table whose header names several quantities (one configuration per row). */
  grid: boolean
  /** `DP = 64 ÷ (2 × 4) = 8`: the name before the first operand, for the expression's result. */
  pending?: import('./lexicon/quantities.js').QuantityId
  /** A factor of a written product or quotient (`20 layers × 44.04M × 2 B`), or a number in a derivation column. */
  factor?: boolean
  /** Inside parentheses (an aside such as `(about 17.2 tok/s per user)`). */
  inParens?: boolean
  /** `32.91 GB (35.3 GiB)`: this value restates that one in another unit. */
  restates?: Fact
  /** A measured rate's condition: `for 2K inputs`, or the matching item of a `respectively` list. */
  condition?: { what: 'input length'; value: Dec; fact: Fact }
  /** `64 (0)`: the parenthesized alternative of the number before it (a second configuration). */
  alt?: boolean
  /** An amount written after a currency sign (`$2.49`, `€0.84`). */
  money?: boolean
}

/** A non-numeric fact: precision, GPU type, tied embeddings, conventions. */
export interface Attribute {
  attr: 'precision' | 'kvPrecision' | 'gpuType' | 'tied' | 'untied' | 'allMoe' | 'epFolded' | 'attentionDp' | 'expertParallelFlag' | 'framework' | 'modelName' | 'gated' | 'gpuFormula' | 'zeroStage' | 'distributedOptimizer'
  value: string
  place: Place
  seg: Segment
  quoted: boolean
}

export interface ExprNode {
  kind: 'num' | 'op' | 'neg'
  fact?: Fact
  op?: '+' | '-' | '×' | '÷' | '^'
  left?: ExprNode
  right?: ExprNode
  approx?: boolean
  /** A unitless number followed by its noun (`56 block scales`): a count of things, not an amount of a unit. */
  counted?: boolean
}

export interface Side {
  node: ExprNode
  start: number
  end: number
  hasOp: boolean
  /** The side is one number (the stated result). */
  single?: Fact
  approx: boolean
}

export interface Expression {
  id: number
  clause: number
  sides: Side[]
  /** `X (a × b)` provenance rather than `a × b = X`. */
  provenance: boolean
  /** The left side is the middle of a chain `a = b = c` (the result of the link before). */
  chained?: boolean
  /** `Three matrices of 7168 × 2048 = …`: a whole count of the things the calculation sizes, written right before it. */
  countOf?: Fact
}

export interface PercentClaim {
  percent: Fact
  part?: Fact
  whole?: Fact
  /** `of VRAM`: the whole is a named quantity to look up. */
  wholeQuantity?: QuantityId
  wholeLabel?: string
  /** `Weights occupy 38% of the card`: the part is this quantity, stated elsewhere. */
  partQuantity?: QuantityId
  /** Which number is the derived one to fix: the percentage, or the part computed from it. */
  target?: 'percent' | 'part'
  /** `30.5 of 80 GB = 41.9%`: the part is written without the unit it shares with the whole. */
  sharesUnit?: boolean
}

/** `from A to B, a P% increase`: P is the change from A to B relative to A. */
export interface ChangeClaim {
  percent: Fact
  from: Fact
  to: Fact
  direction: 'up' | 'down'
}

/** A token rate of a node or a replica restated per GPU in its sentence. */
export interface RateRestatement {
  perGpu: Fact
  whole: Fact
  per: 'node' | 'replica' | 'total'
}

export interface CountPair {
  /** A value (memory) stated for a count of things. */
  value: Fact
  count: Fact
  noun: string
}

/** `33.0 GB … at 28,672 bytes a token … 1.5 million tokens`: a KV capacity stated after its inputs. */
export interface CapacityClaim {
  tokens: Fact
  /** The memory and the KV bytes per token the count follows from (none when only the sequences are read). */
  pool?: Fact
  perToken?: Fact
  /** `room for 6 full 65,536-token sequences`: the sequences of one length the tokens hold. */
  sequences?: { count: Fact; length: Fact }
}

export interface Requirement {
  a: Fact
  b?: Fact
  /** Verb or mark: exceeds, meets, within, under, ✅, ❌. */
  verb: string
  /** Direction the verb asserts: 'ge' (A ≥ B), 'le' (A ≤ B), or undefined (by dimension). */
  dir?: 'ge' | 'le'
  mark?: 'pass' | 'fail'
  place: Place
  /** A requirement stated elsewhere (`at least 100 tokens/ms`) when B is not given. */
}

export interface Clause {
  index: number
  seg: Segment
  /** Segment-relative range. */
  start: number
  end: number
  /** Label of the clause (`**Label**: ...`), normalized. */
  label?: string
  /** Lower-case words of the clause and of its section heading (for context such as decode vs prefill). */
  words: Set<string>
  /** Cue classes of those words (src/lexicon/cues.ts). */
  cues: Set<Cue>
  /** Cue classes of the label's words. */
  labelCues: Set<Cue>
  /** What the label says the clause's number is (`Total`: the sum), when it has a label. */
  labelRole?: LabelRole
}

/** One number cell of a table's numeric view (`parsers/numeric-tables.ts`). */
export interface NumericCell {
  /** Index of the row among the view's rows, and of the column. */
  row: number
  col: number
  fact: Fact
  /** Value in base units (the fact's, negative when a `-` is written before it), and half a unit of its last written digit in base units. */
  value: Dec
  half: Dec
}

/** A table as numbers: the cells that hold one number and nothing else; every other cell is text. */
export interface NumericTable {
  id: number
  header: string[]
  cols: number
  /** Body rows aligned with the header (rows that do not fill it are left out), × columns. */
  cells: Array<Array<NumericCell | undefined>>
  /** Clean text of every cell of those rows. */
  texts: string[][]
  /** Line of each of those rows. */
  lines: number[]
  /** The rows' labels name different units (`req/s`, `sec`): only relations without a constant hold across them. */
  mixedRowUnits: boolean
}

/** `The 70B parameters in BF16 take 140 GB`: a whole model's weights stated for a parameter count and a format. */
export interface ParamWeights {
  params: Fact
  size: Fact
  /** The format (`bf16`, `fp8`) and where it is written. */
  precision: { value: string; place: Place }
}

/** `233.6 GB of weights … on 4 × H100 at 29.2 GB of weights each`: a whole model's weights and each GPU's share of them. */
export interface WeightSplit {
  whole: Fact
  share: Fact
  /** The GPU count or TP degree the share's clause names. */
  count: Fact
}

/** `| $/h | Output tok/h | $ per 1M output tokens |`: one configuration's cost per million tokens and what it follows from. */
export interface CostClaim {
  perMillion: Fact
  tokens: Fact
  /** Whether the token figure is per hour or per second. */
  tokensPer: 'hour' | 'second' | 'day'
  /** A cost per day, with tokens per day (`| output tokens/day | GPU cost/day |`). */
  perDay?: Fact
  /** The multiple the token figure is written in (`M tokens / hr`: 1,000,000). */
  tokensScale: number
  perHour?: Fact
  /** A cost per GPU-hour with the GPU count, when no cost per hour is given. */
  perGpuHour?: Fact
  gpus?: Fact
}

/** `At $2.49 per H100-hour, … 7.37M output tokens per hour, so ≈ $0.34 per million output tokens`: the costs and rates before it. */
export interface ProseCostClaim {
  perMillion: Fact
  sign: string
  /** Each cost per hour (× a GPU count for a cost per GPU-hour) with each token rate the paragraph states before the claim. */
  readings: Array<{ hourly: Fact; gpuHour: boolean; gpus: import('./num.js').Dec; rate: Fact; tokensPerHour: import('./num.js').Dec }>
  /** Whether there is one reading only (a fix may then be given). */
  single: boolean
}

/** `| Output tok/s per node | 10,600 |` beside `| Output tok/s per GPU | 1,325 |`: a per-GPU rate and the rates of wholes of its configuration. */
export interface PerGpuRateClaim {
  perGpu: Fact
  wholes: Fact[]
  /** The configuration's GPU count, when the table gives one. */
  gpus?: Fact
  /** Every GPU count the configuration gives (`GPUs per replica` and `GPUs`). */
  gpuCounts: Fact[]
}

/** `stages are 24/24/23/23`: the layers of each pipeline stage, in order. */
export interface StageList {
  facts: Fact[]
}

/** `At 128K tokens the KV cache takes 40 GiB`: the whole model's KV cache for a token count (and a batch). */
export interface KvForTokens {
  size: Fact
  /** The token count; none for a size per token (one token). */
  tokens?: Fact
  batch?: Fact
  /** A row of a table of known models (`| Mixtral 8x7B | 4.29 GB |`): the catalog model the size is of, not the document's. */
  model?: string
  /** The KV precision its column names (`KV (FP8)`). */
  precision?: Precision
  /** The whole model's KV bytes per token its paragraph states before it (`… = 57,344 bytes per token.`). */
  perToken?: Fact
}

/** `At 4.2 req/s with 256 output tokens per request, the output throughput is 1,075 tok/s`: token rate = request rate × tokens per request. */
/** `$59.76 / hour, and over a 730-hour month that's $14,541.60 / month`: a cost per hour restated for a longer period. */
export interface MoneyPeriodClaim {
  /** The cost per hour, or per GPU-hour with `gpus`. */
  hourly: Fact
  gpus?: Fact
  /** The cost of the longer period. */
  other: Fact
  period: 'day' | 'month' | 'year'
  /** The hours of the period the document allows: the one it states, or every common reading. */
  hours: number[]
  /** Whether the document states the hours of the period (`Month = 730 hours`). */
  stated: boolean
  /** The currency sign written before the amounts (`$`), if any. */
  sign: string
}

/** `76 GPUs, which is 9 nodes`: a GPU count restated as the nodes that hold it. */
export interface GpuNodePair {
  gpus: Fact
  nodes: Fact
}

export interface RequestRateClaim {
  rate: Fact
  perRequest: Fact
  tokenRate: Fact
  kind: 'input' | 'output'
}

/** `1,000 tokens/s per GPU for the 70B model, 420 TFLOPS per GPU, 42.5% MFU`: achieved FLOP/s per GPU and what it follows from. */
export interface UtilizationClaim {
  achieved: Fact
  mfu?: Fact
  tokensPerGpu?: Fact
  params?: Fact
  /** Training (6·N FLOPs per token) or inference (2·N); undefined when the text says neither or both. */
  mode?: 'training' | 'inference'
}

export interface Extraction {
  /** Facts of each segment, in order. */
  factsOf: Map<import('./text/segments.js').Segment, Fact[]>
  /** Facts by quantity. */
  byQuantity: Map<QuantityId, Fact[]>
  /** Facts by their source text (`14.4 GB`). */
  byText: Map<string, Fact[]>
  /** Expressions by clause index. */
  exprsOf: Map<number, Expression[]>
  source: string
  segments: Segment[]
  tables: Segment[][][]
  /** What each table row's first cell says the row is (the sum, a partial sum, a part), by table id and row. */
  rowRoles: LabelRole[][]
  clauses: Clause[]
  facts: Fact[]
  attributes: Attribute[]
  expressions: Expression[]
  percents: PercentClaim[]
  /** `from 1,107,352 to 1,722,935 tokens, a 35.7% increase`: a relative change of two values. */
  changes: ChangeClaim[]
  pairs: CountPair[]
  requirements: Requirement[]
  capacities: CapacityClaim[]
  /** Tables as numbers, for relations between their columns. */
  numericTables: NumericTable[]
  /** Weights stated for a parameter count in a format (`parsers/param-weights.ts`). */
  paramWeights: ParamWeights[]
  /** Weights split over the GPUs a clause names (`parsers/weight-splits.ts`). */
  weightSplits: WeightSplit[]
  /** KV-cache sizes stated for a token count (`parsers/kv-tokens.ts`). */
  kvForTokens: KvForTokens[]
  /** `stages are 24/24/23/23`: layers per stage written as one list. */
  stageLists: StageList[]
  /** Cost tables: cost per 1M tokens beside cost per hour and tokens per hour or second. */
  costs: CostClaim[]
  /** Costs per million tokens worked out in prose (`parsers/cost-sentences.ts`). */
  proseCosts: ProseCostClaim[]
  /** Rate tables: per-GPU token rates beside the rates of a replica, a node or the deployment. */
  perGpuRates: PerGpuRateClaim[]
  /** `5,200 tok/s per node, which is about 650 tok/s per GPU`. */
  rateRestatements: RateRestatement[]
  /** Token rates stated with a request rate and tokens per request (`parsers/request-rates.ts`). */
  requestRates: RequestRateClaim[]
  /** Costs per hour restated per day, month or year (`parsers/money-periods.ts`). */
  moneyPeriods: MoneyPeriodClaim[]
  /** GPU counts restated as nodes in their sentence (`parsers/gpu-nodes.ts`). */
  gpuNodes: GpuNodePair[]
  /** Achieved FLOP/s per GPU with MFU, tokens/s and parameters (`parsers/utilization.ts`). */
  utilization: UtilizationClaim[]
}
