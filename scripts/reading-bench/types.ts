// The generated document: lines of text parts and slots. A slot is one
// written number the generator knows the meaning of: an input it states, a
// derived claim it computed (which errors may replace), or a restatement of
// a claim elsewhere (left alone when an error is planted).
import type {Config} from './model.js'

export type ClaimKind =
  | 'gpus-total'
  | 'gpus-replica'
  | 'experts-per-gpu'
  | 'heads-per-gpu'
  | 'kv-heads-per-gpu'
  | 'layers-per-stage'
  | 'expert-groups'
  | 'expert-memory'
  | 'attention-memory'
  | 'embedding-memory'
  | 'kv-bytes-token-layer'
  | 'kv-bytes-token-gpu'
  | 'kv-cache'
  | 'memory-total'
  | 'percent'
  | 'throughput-total'
  | 'global-batch'
  | 'grad-accum'

/** Claims of the appendix (issue 13: weights of a count, KV for a token count, rates, table relations). */
export type AppendixKind = 'weights-count' | 'kv-tokens' | 'rate-tokens' | 'table-relation' | 'kv-capacity' | 'cost-month' | 'cost-token' | 'change-percent'

export type InputKind =
  | 'model'
  | 'layers'
  | 'dense-layers'
  | 'experts'
  | 'top-k'
  | 'hidden'
  | 'heads'
  | 'kv-heads'
  | 'head-dim'
  | 'expert-ffn'
  | 'vocab'
  | 'precision'
  | 'gpu'
  | 'gpu-memory'
  | 'tp'
  | 'pp'
  | 'dp'
  | 'ep'
  | 'batch'
  | 'seq-len'
  | 'micro-batch'
  | 'grad-accum-input'
  | 'global-batch-input'
  | 'per-gpu-throughput'

export type Tolerance = 'count' | 'memory' | 'ratio'

export interface Slot {
  role: 'input' | 'claim' | 'restate'
  kind: ClaimKind | InputKind | AppendixKind
  /** The written number (no unit), or a name for text inputs (model, precision, GPU). */
  text: string
  /** The exact value in the written unit (NaN for text inputs). */
  value: number
  unit: string
  tolerance: Tolerance
  /** The phrasing template the slot was written with (for read rates per phrasing). */
  phrasing: string
  /** Values another accepted convention gives, in the written unit (planted values keep away from them). */
  alternatives: number[]
  plantable: boolean
  /** Which configuration of the document (0, or 1 for the second of two). */
  config: number
}

export type Part = string | Slot
export type Line = Part[]

export type Style = 'table' | 'bullets' | 'prose' | 'front-matter' | 'runbook' | 'review' | 'two-configs' | 'memory-table'

export const STYLES: Style[] = ['table', 'bullets', 'prose', 'front-matter', 'runbook', 'review', 'two-configs', 'memory-table']

export interface Plan {
  id: string
  style: Style
  configs: Config[]
  lines: Line[]
}

export interface PlantedError {
  /** 1-based line of the document. */
  line: number
  kind: string
  wrongText: string
  correctText: string
  correctValue: number
  unit: string
  tolerance: Tolerance
}

export interface PlanPair {
  clean: Plan
  errors: Plan
  planted: PlantedError[]
}

export function lineText(line: Line): string {
  return line.map((part) => (typeof part === 'string' ? part : part.text)).join('')
}

export function render(plan: Plan): string {
  return plan.lines.map(lineText).join('\n') + '\n'
}

export function slots(plan: Plan): {slot: Slot; line: number}[] {
  const result: {slot: Slot; line: number}[] = []
  plan.lines.forEach((line, index) => {
    for (const part of line) if (typeof part !== 'string') result.push({slot: part, line: index + 1})
  })
  return result
}
