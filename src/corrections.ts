/**
 * Root cause first: the right values of parts that a model rule found wrong,
 * so that a total is checked against the corrected parts and only the part is
 * reported. Rules register their checks here; the map is computed once.
 */
import type { Analysis } from './analysis.js'
import { memo } from './analysis.js'
import type { Fact } from './facts.js'
import type { Dec } from './num.js'
import type { Finding } from './report.js'

const correctors: Array<(a: Analysis) => Finding[]> = []

export function registerCorrector(check: (a: Analysis) => Finding[]): void {
  if (!correctors.includes(check)) correctors.push(check)
}

export function corrections(a: Analysis): Map<Fact, Dec> {
  return memo(a, 'corrections', () => {
    const out = new Map<Fact, Dec>()
    for (const c of correctors) for (const f of c(a)) if (f.fact && f.correct) out.set(f.fact, f.correct)
    return out
  })
}
