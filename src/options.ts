/** Plugin options. */
import type { ModelShape, ParallelPlan } from './model/types.js'

export interface Options {
  /** Apply fixes: replace each wrong number with its expected value when compiling. */
  fix?: boolean
  /** The model (config.json keys or ModelShape fields, plus parallel degrees) when the document does not state it. */
  model?: ModelShape & Partial<ParallelPlan> & Record<string, unknown>
  /** Path of a Hugging Face config.json (relative to the working directory). */
  modelConfig?: string
}

const KNOWN = new Set(['fix', 'model', 'modelConfig'])

/** Validate options; returns a one-line problem or undefined. */
export function checkOptions(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) return `expected an options object, not ${JSON.stringify(value)}`
  for (const key of Object.keys(value)) {
    if (!KNOWN.has(key)) return `unknown option \`${key}\` (known: ${[...KNOWN].join(', ')})`
  }
  const o = value as Options
  if (o.fix !== undefined && typeof o.fix !== 'boolean') return '`fix` must be true or false'
  if (o.model !== undefined && (typeof o.model !== 'object' || o.model === null)) return '`model` must be an object of config.json keys'
  if (o.modelConfig !== undefined && typeof o.modelConfig !== 'string') return '`modelConfig` must be a path'
  return undefined
}
