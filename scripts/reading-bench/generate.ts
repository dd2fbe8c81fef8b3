// The seeded generator: plan i of a seed is the same whatever the count.
import {appendix, costs} from './appendix.js'
import {makeCtx} from './context.js'
import {derive, format, halfUnit, parse, sampleConfig, withPlausibleThroughput} from './derive.js'
import {sampleGrid, type Config} from './model.js'
import {plantErrors, wrongText} from './plant.js'
import {Rng} from './random.js'
import {renderStyle} from './styles.js'
import {lineText, slots, STYLES, type Line, type Plan, type PlanPair, type PlantedError, type Slot, type Style} from './types.js'

export const DEFAULT_SEED = 20250611

/** A second configuration of the same model: another grid or GPU. */
function secondConfig(rng: Rng, first: Config): Config {
  for (let attempt = 0; attempt < 40; attempt++) {
    const other = sampleConfig(rng, 'none')
    const grid = sampleGrid(rng, first.model, 'none')
    if (!grid) continue
    const candidate: Config = {...other, model: first.model, precision: first.precision, grid}
    const d = derive(candidate)
    const used = ((d.expertBytes ?? 0) + d.attentionBytes + d.embeddingBytes + d.kvCacheBytes) / 1e9 + candidate.workspaceGB
    if (used <= 0.85 * candidate.hardware.memoryGB && (grid.tp !== first.grid.tp || grid.ep !== first.grid.ep || grid.dp !== first.grid.dp)) return withPlausibleThroughput(candidate)
  }
  return {...first, grid: {...first.grid, dp: first.grid.dp * 2}}
}

/** Plant one error in one of the slots (a copy of the lines), from the given stream. */
function plantOne(rng: Rng, slots: Array<{slot: Slot; line: number}>, planted: PlantedError[]): void {
  const {slot, line} = rng.pick(slots)
  const wrong = wrongText(rng, slot)
  if (wrong === undefined) return
  planted.push({line, kind: slot.kind, wrongText: wrong, correctText: slot.text, correctValue: slot.value, unit: slot.unit, tolerance: slot.tolerance})
  slot.text = wrong
  slot.role = 'restate'
  slot.plantable = false
}

export function generatePlan(seed: number, index: number): PlanPair {
  const rng = Rng.forItem(seed, index)
  const style: Style = STYLES[index % STYLES.length]
  const engine = style === 'runbook' ? rng.pick(['vllm', 'sglang', 'megatron'] as const) : 'none'
  const first = sampleConfig(rng, engine)
  const configs = style === 'two-configs' ? [first, secondConfig(rng, first)] : [first]
  const contexts = configs.map((config, i) => makeCtx(rng, config, i))
  const lines = renderStyle(style, contexts)
  const id = `plan-${String(index + 1).padStart(4, '0')}`
  const {plan: errors, planted} = plantErrors(rng, {id, style, configs, lines})
  // Issue 13's claims, from a stream of their own: the plan above and its planted errors do not change.
  const extra = Rng.forItem(seed, index, APPENDIX_SALT)
  const more = appendix(extra, contexts[0], configs.length === 1)
  const clean: Plan = {id, style, configs, lines: [...lines, ...more]}
  const wrongLines = more.map((line) => line.map((part) => (typeof part === 'string' ? part : {...part})))
  const candidates = wrongLines.flatMap((line, i) => line.filter((p): p is Slot => typeof p !== 'string' && p.plantable).map((slot) => ({slot, line: lines.length + i + 1})))
  if (planted.length < 3 && candidates.length > 0 && extra.chance(0.6)) plantOne(extra, candidates, planted)
  // Costs and changes (blind rounds 19–22), from a third stream and planted from it: everything above stays the same.
  const third = Rng.forItem(seed, index, COSTS_SALT)
  const costLines: Line[] = third.chance(0.4) ? [[''], ...costs(third)] : []
  const start = lines.length + more.length
  const wrongCosts = costLines.map((line) => line.map((part) => (typeof part === 'string' ? part : {...part})))
  const costSlots = wrongCosts.flatMap((line, i) => line.filter((p): p is Slot => typeof p !== 'string' && p.plantable).map((slot) => ({slot, line: start + i + 1})))
  if (planted.length < 3 && costSlots.length > 0 && third.chance(0.6)) plantOne(third, costSlots, planted)
  return {clean: {...clean, lines: [...clean.lines, ...costLines]}, errors: {...errors, lines: [...errors.lines, ...wrongLines, ...wrongCosts]}, planted}
}

const APPENDIX_SALT = 13
const COSTS_SALT = 14

export function generate(seed: number, count: number): PlanPair[] {
  return Array.from({length: count}, (_, index) => generatePlan(seed, index))
}

/**
 * The generator's own invariants for a clean plan: every claim's written
 * number is its exact value within the rounding of its digits (memory ±5%
 * only through rounding, counts exact), every input restates its
 * configuration, and the grid multiplies out. Returns the problems found.
 */
export function checkConsistency(plan: Plan): string[] {
  const problems: string[] = []
  for (const [i, config] of plan.configs.entries()) {
    const {grid: g, model: m} = config
    const d = derive(config)
    if (d.gpus !== g.tp * g.pp * g.dp) problems.push(`config ${i}: GPUs ${d.gpus} ≠ TP×PP×DP`)
    if (m.experts % g.ep !== 0) problems.push(`config ${i}: EP ${g.ep} does not divide ${m.experts} experts`)
    if ((g.tp * g.dp) % g.ep !== 0) problems.push(`config ${i}: EP ${g.ep} does not fit in TP×DP`)
    if (m.heads % g.tp !== 0) problems.push(`config ${i}: TP ${g.tp} does not divide ${m.heads} heads`)
    if (m.layers % g.pp !== 0) problems.push(`config ${i}: PP ${g.pp} does not divide ${m.layers} layers`)
  }
  for (const {slot, line} of slots(plan)) {
    if (Number.isNaN(slot.value)) continue
    const written = parse(slot.text)
    const slack = slot.tolerance === 'count' ? 0 : halfUnit(slot.text) + 1e-9
    if (Math.abs(written - slot.value) > slack) problems.push(`line ${line}: ${slot.kind} written ${slot.text}, exact ${slot.value}`)
    if (slot.tolerance === 'count' && !Number.isInteger(written)) problems.push(`line ${line}: ${slot.kind} count ${slot.text} is not whole`)
    if (slot.kind === 'percent' && format(slot.value, slot.text.split('.')[1]?.length ?? 0) !== slot.text) problems.push(`line ${line}: percent ${slot.text} is not ${slot.value} rounded`)
  }
  for (const [index, line] of plan.lines.entries()) {
    const text = lineText(line)
    // Written arithmetic `a × b × c = r` and `a ÷ b = r` must hold exactly.
    for (const match of text.matchAll(/(?<![\d.])(\d+(?: ?[×÷] ?\d+)+) = (\d[\d,]*)/g)) {
      const tokens = match[1].split(/ ?([×÷]) ?/)
      let value = Number(tokens[0])
      for (let t = 1; t < tokens.length; t += 2) value = tokens[t] === '×' ? value * Number(tokens[t + 1]) : value / Number(tokens[t + 1])
      if (value !== parse(match[2])) problems.push(`line ${index + 1}: ${match[0]} does not hold`)
    }
  }
  return problems
}
