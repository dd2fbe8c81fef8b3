// Scoring: lint each generated plan in-process with the built plugin and
// compare the warnings with the key. A planted error is found when a warning
// lands on its line; its fix is right when a message on that line expects
// the correct text or the same number. Every other warning is a false alarm.
import {remark} from 'remark'
import {VFile} from 'vfile'
import lintDeployment from '../../src/index.js'
import {analysisOf} from '../../src/analysis.js'
import {GB, GIB, halfUnit, parse} from './derive.js'
import {lineText, render, slots, type Plan, type PlanPair, type PlantedError} from './types.js'

export interface Warning {
  line: number
  ruleId: string
  reason: string
  expected: string[]
}

/** What the linter read: per quantity, its value and the lines that stated it. */
export type ReadInputs = Map<string, {value: number; lines: number[]}>

export interface Linted {
  warnings: Warning[]
  inputs: ReadInputs
  precision?: string
  gpu?: string
}

const processor = remark().use(lintDeployment).freeze()

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

export async function lint(text: string, name: string): Promise<Linted> {
  const file = new VFile({path: `${name}.md`, value: text})
  await processor.process(file)
  const warnings = file.messages
    .filter((m) => m.fatal !== null || m.line !== undefined)
    .map((m) => ({line: m.line ?? 0, ruleId: String(m.ruleId ?? m.source ?? ''), reason: m.reason, expected: (m.expected ?? []).map(String)}))
  const inputs: ReadInputs = new Map()
  const analysis = analysisOf(file) as unknown as
    | {resolved: {inputs: Map<string, {value: number; facts: {place: {start: number}}[]}>; model?: {shape?: {weightPrecision?: string}; hardware?: {gpuType?: string}}}}
    | undefined
  if (analysis) {
    for (const [quantity, input] of analysis.resolved.inputs) {
      inputs.set(quantity, {value: input.value, lines: (input.facts ?? []).map((f) => lineOfOffset(text, f.place.start))})
    }
  }
  return {warnings, inputs, precision: analysis?.resolved.model?.shape?.weightPrecision, gpu: analysis?.resolved.model?.hardware?.gpuType}
}

/** The linter's quantity for an input kind, and the values (base units) it may hold. */
const QUANTITY: Record<string, string> = {
  layers: 'layers', 'dense-layers': 'denseLayers', experts: 'experts', 'top-k': 'topK', hidden: 'hidden', heads: 'heads', 'kv-heads': 'kvHeads',
  'head-dim': 'headDim', 'expert-ffn': 'expertFfn', vocab: 'vocab', 'gpu-memory': 'gpuMemory', tp: 'tp', pp: 'pp', dp: 'dp', ep: 'ep',
  batch: 'batch', 'seq-len': 'seqLen', 'micro-batch': 'microBatch', 'global-batch-input': 'globalBatch',
}

function sameInput(kind: string, stated: number, read: number): boolean {
  if (kind === 'gpu-memory') return Math.abs(read - stated * GB) < 1e6 || Math.abs(read - stated * GIB) < 1e6
  return read === stated
}

function fixIsRight(error: PlantedError, expected: string[]): boolean {
  for (const text of expected) {
    if (text.includes(error.correctText)) return true
    const number = text.match(/\d[\d,]*(?:\.\d+)?/)
    if (!number) continue
    const value = parse(number[0])
    const slack = error.tolerance === 'count' ? 0 : Math.max(halfUnit(number[0]), error.tolerance === 'memory' ? 0.05 * error.correctValue : 0.01 * error.correctValue)
    if (Math.abs(value - error.correctValue) <= slack + 1e-9) return true
  }
  return false
}

export interface PlanScore {
  id: string
  style: string
  planted: PlantedError[]
  found: PlantedError[]
  fixed: PlantedError[]
  /** False alarms on the clean plan and on the error plan off the planted lines. */
  cleanAlarms: {warning: Warning; text: string}[]
  errorAlarms: {warning: Warning; text: string}[]
  misses: {error: PlantedError; text: string; warnings: Warning[]}[]
  /** Per input slot of the clean plan (first configuration): read with its value, and read from its line. */
  reads: {kind: string; phrasing: string; value: boolean; line: boolean}[]
  warnings: number
}

export async function scorePair(pair: PlanPair): Promise<PlanScore> {
  const cleanText = render(pair.clean)
  const errorText = render(pair.errors)
  const clean = await lint(cleanText, pair.clean.id)
  const errors = await lint(errorText, pair.errors.id)
  const lineOf = (plan: Plan, line: number) => (plan.lines[line - 1] ? lineText(plan.lines[line - 1]) : '')
  const plantedLines = new Set(pair.planted.map((e) => e.line))
  const score: PlanScore = {
    id: pair.clean.id,
    style: pair.clean.style,
    planted: pair.planted,
    found: [],
    fixed: [],
    cleanAlarms: clean.warnings.map((warning) => ({warning, text: lineOf(pair.clean, warning.line)})),
    errorAlarms: errors.warnings.filter((w) => !plantedLines.has(w.line)).map((warning) => ({warning, text: lineOf(pair.errors, warning.line)})),
    misses: [],
    reads: [],
    warnings: clean.warnings.length + errors.warnings.length,
  }
  for (const error of pair.planted) {
    const onLine = errors.warnings.filter((w) => w.line === error.line)
    if (onLine.length === 0) {
      score.misses.push({error, text: lineOf(pair.errors, error.line), warnings: []})
      continue
    }
    score.found.push(error)
    if (fixIsRight(error, onLine.flatMap((w) => w.expected))) score.fixed.push(error)
  }
  if (pair.clean.style !== 'two-configs') {
    for (const {slot, line} of slots(pair.clean)) {
      if (slot.role !== 'input') continue
      let value = false
      let fromLine = false
      if (slot.kind === 'precision') value = fromLine = clean.precision?.toUpperCase() === slot.text.toUpperCase()
      else if (slot.kind === 'gpu') value = fromLine = clean.gpu !== undefined && slot.text.toLowerCase().startsWith(clean.gpu.toLowerCase().slice(0, 4))
      else {
        const quantity = QUANTITY[slot.kind]
        if (!quantity) continue
        const read = clean.inputs.get(quantity)
        value = read !== undefined && sameInput(slot.kind, slot.value, read.value)
        fromLine = value && read!.lines.includes(line)
      }
      score.reads.push({kind: slot.kind, phrasing: slot.phrasing, value, line: fromLine})
    }
  }
  return score
}
