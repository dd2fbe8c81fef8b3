// The reading bench's generator keeps its own promises (not the linter's
// scores): same seed, same plans; planted errors sit on lines that show their
// wrong text; clean plans are internally consistent.
import {describe, expect, it} from 'vitest'
import {checkConsistency, generate, generatePlan} from '../scripts/reading-bench/generate.js'
import {lineText, render, slots, STYLES} from '../scripts/reading-bench/types.js'

const SEED = 7
const pairs = generate(SEED, 20)

describe('reading bench generator', () => {
  it('is deterministic for a seed, and plan i does not depend on the count', () => {
    const again = generate(SEED, 20)
    expect(again.map((p) => render(p.errors))).toEqual(pairs.map((p) => render(p.errors)))
    expect(again.map((p) => p.planted)).toEqual(pairs.map((p) => p.planted))
    expect(render(generatePlan(SEED, 13).clean)).toBe(render(pairs[13].clean))
    expect(render(generate(SEED + 1, 1)[0].clean)).not.toBe(render(pairs[0].clean))
  })

  it('covers every document style', () => {
    expect(new Set(pairs.map((p) => p.clean.style))).toEqual(new Set(STYLES))
  })

  it('plants one to three errors, each on a line that contains its wrong text and differs from the clean line', () => {
    for (const pair of pairs) {
      expect(pair.planted.length).toBeGreaterThanOrEqual(1)
      expect(pair.planted.length).toBeLessThanOrEqual(3)
      expect(new Set(pair.planted.map((e) => e.line)).size).toBe(pair.planted.length)
      for (const error of pair.planted) {
        const wrongLine = lineText(pair.errors.lines[error.line - 1])
        const cleanLine = lineText(pair.clean.lines[error.line - 1])
        expect(wrongLine).toContain(error.wrongText)
        expect(cleanLine).toContain(error.correctText)
        expect(wrongLine).not.toBe(cleanLine)
        expect(error.wrongText).not.toBe(error.correctText)
      }
      // Nothing else changed.
      const changed = pair.clean.lines.map((line, i) => (lineText(line) === lineText(pair.errors.lines[i]) ? -1 : i + 1)).filter((i) => i > 0)
      expect(changed).toEqual(pair.planted.map((e) => e.line))
    }
  })

  it('writes clean plans that are internally consistent', () => {
    for (const pair of pairs) expect(checkConsistency(pair.clean), pair.clean.id).toEqual([])
  })

  it('states at least the parallel degrees and several derived claims in every plan', () => {
    for (const pair of pairs) {
      const kinds = new Set(slots(pair.clean).map((s) => s.slot.kind))
      for (const kind of ['tp', 'pp', 'ep']) expect(kinds.has(kind as never), `${pair.clean.id} ${kind}`).toBe(true)
      expect(slots(pair.clean).filter((s) => s.slot.role === 'claim').length).toBeGreaterThanOrEqual(3)
    }
  })

  it('keeps planted values away from every accepted reading', () => {
    for (const pair of pairs) {
      for (const error of pair.planted) {
        const wrong = Number(error.wrongText.replace(/,/g, ''))
        if (error.tolerance === 'count') expect(wrong).not.toBe(error.correctValue)
        else expect(Math.abs(wrong - error.correctValue) / error.correctValue).toBeGreaterThan(0.1)
      }
    }
  })
})
