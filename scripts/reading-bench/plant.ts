// Error planting: replace one to three derived claims (on distinct lines) by
// values that are wrong beyond any tolerance and away from every reading
// another convention accepts.
import {format} from './derive.js'
import type {Rng} from './random.js'
import type {Line, Plan, PlantedError, Slot} from './types.js'

const decimalsOf = (text: string) => text.split('.')[1]?.length ?? 0

/** Far enough from `value` (relative gap above 12%, or a different whole count). */
function far(candidate: number, value: number, tolerance: Slot['tolerance']): boolean {
  if (tolerance === 'count') return candidate !== value
  if (value === 0) return Math.abs(candidate) > 0.5
  return Math.abs(candidate - value) / Math.abs(value) > 0.12
}

/** A wrong written value for a claim slot, or undefined when none is safe. */
export function wrongText(rng: Rng, slot: Slot): string | undefined {
  const thousands = slot.text.includes(',')
  const decimals = decimalsOf(slot.text)
  const candidates: number[] = []
  if (slot.tolerance === 'count') {
    const v = slot.value
    // Small counts move by one or two; large ones (bytes, tokens/s, batches) by a factor, as real slips do.
    if (v < 20) candidates.push(v * 2, v + 1, v * 4, v + 2, v * 3)
    else candidates.push(v * 2, v * 3, Math.round(v * 1.5), Math.round(v * 1.25), Math.round(v * 0.75))
    if (v % 2 === 0) candidates.push(v / 2)
    if (v > 2 && v < 20) candidates.push(v - 1)
  } else if (slot.kind === 'percent') {
    for (const delta of [-12, -8, -6, 6, 8, 12, 20]) candidates.push(slot.value + delta)
    candidates.push(slot.value * 2)
  } else {
    for (const factor of [0.5, 0.6, 0.4, 1.5, 1.8, 2, 2.5, 3]) candidates.push(slot.value * factor)
  }
  const ok = candidates.filter((c) => {
    if (!(c > 0) || (slot.kind === 'percent' && c >= 100)) return false
    if (slot.tolerance === 'count' && !Number.isInteger(c)) return false
    const written = Number(format(c, decimals))
    if (written <= 0) return false
    return [slot.value, ...slot.alternatives].every((alt) => far(written, alt, slot.tolerance === 'count' ? 'count' : 'ratio'))
  })
  if (ok.length === 0) return undefined
  return format(rng.pick(ok), decimals, thousands)
}

/** A copy of the plan with one to three planted errors, and their key. */
export function plantErrors(rng: Rng, plan: Plan): {plan: Plan; planted: PlantedError[]} {
  const lines: Line[] = plan.lines.map((line) => line.map((part) => (typeof part === 'string' ? part : {...part})))
  const byLine = new Map<number, Slot[]>()
  lines.forEach((line, index) => {
    const candidates = line.filter((part): part is Slot => typeof part !== 'string' && part.role === 'claim' && part.plantable)
    if (candidates.length > 0) byLine.set(index, candidates)
  })
  const target = rng.int(1, 3)
  const planted: PlantedError[] = []
  for (const index of rng.shuffle([...byLine.keys()])) {
    if (planted.length === target) break
    const slot = rng.pick(byLine.get(index)!)
    const wrong = wrongText(rng, slot)
    if (wrong === undefined) continue
    planted.push({line: index + 1, kind: slot.kind, wrongText: wrong, correctText: slot.text, correctValue: slot.value, unit: slot.unit, tolerance: slot.tolerance})
    slot.text = wrong
    slot.role = 'restate'
    slot.plantable = false
  }
  planted.sort((x, y) => x.line - y.line)
  return {plan: {...plan, id: `${plan.id}-errors`, lines}, planted}
}
