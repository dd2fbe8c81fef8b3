/**
 * The shared analysis of one document: facts, the resolved model and the
 * derived quantities, computed once per tree and read by every rule.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { extract } from './extract.js'
import type { Extraction } from './facts.js'
import { resolve, type Resolved } from './resolve.js'
import { derive, type Derived } from './derive.js'
import { loadConfigShape, type ConfigIssue } from './config.js'
import type { Options } from './options.js'
import { knownModel, knownShape } from './model/catalog.js'
import type { ModelShape } from './model/types.js'

/** The config of the one known model a document names (none if it names several). */
function namedModel(x: Extraction): NamedModel | undefined {
  const names = x.attributes.filter((a) => a.attr === 'modelName' && !a.quoted)
  const ids = new Set(names.map((a) => a.value))
  if (ids.size !== 1) return undefined
  const m = knownModel([...ids][0])
  if (!m) return undefined
  return {
    id: m.id,
    shape: knownShape(m.id)!,
    segments: new Set(names.map((a) => a.seg)),
    inHeading: names.some((a) => a.seg.kind === 'heading'),
  }
}

export interface Analysis {
  x: Extraction
  resolved: Resolved
  derived: Derived
  options: Options
  /** Problems reading a model config (missing file, not JSON): reported once. */
  configIssues: ConfigIssue[]
  /** Memo for values several rules share (root-cause corrections). */
  memo: Map<string, unknown>
  /** The known model the document names, when its config comes from the catalog. */
  named?: NamedModel
  /** 1 when the file starts with a byte-order mark (file offsets are one more than tree offsets). */
  bom: number
}

export interface NamedModel {
  id: string
  shape: ModelShape
  /** Segments that name it. */
  segments: Set<unknown>
  /** Named in a heading (the document is about it). */
  inHeading: boolean
}

const cache = new WeakMap<Root, Analysis>()
const byFile = new WeakMap<VFile, Analysis>()

/** The analysis of a file that has been linted in this process (for the explain view). */
export function analysisOf(file: VFile): Analysis | undefined {
  return byFile.get(file)
}

export function setOptions(file: VFile, options: Options): void {
  ;(file.data as Record<string, unknown>).deploymentOptions = options
}

export function getAnalysis(tree: Root, file: VFile): Analysis {
  const hit = cache.get(tree)
  if (hit) return hit
  const raw = file.value instanceof Uint8Array ? new TextDecoder().decode(file.value) : String(file.value ?? '')
  // remark reads past a byte-order mark: positions count from the character after it.
  const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0
  const source = bom ? raw.slice(1) : raw
  const options = ((file.data as Record<string, unknown>).deploymentOptions as Options | undefined) ?? {}
  const x = extract(tree, source)
  const { shape: stated, issues } = loadConfigShape(x, file, options)
  const named = stated ? undefined : namedModel(x)
  const configShape = stated ?? named?.shape
  const resolved = resolve(x, { model: options.model }, configShape)
  const derived = derive(resolved)
  const analysis: Analysis = { x, resolved, derived, options, configIssues: issues, memo: new Map(), named, bom }
  cache.set(tree, analysis)
  byFile.set(file, analysis)
  return analysis
}

export function memo<T>(a: Analysis, key: string, fn: () => T): T {
  if (a.memo.has(key)) return a.memo.get(key) as T
  const v = fn()
  a.memo.set(key, v)
  return v
}
