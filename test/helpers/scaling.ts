// Linear-time checks that do not depend on the machine's speed: a test times
// the same work at two sizes in one process and asserts the ratio, never an
// absolute time (absolute times belong in `npm run bench`).  Each size is
// timed `rounds` times, alternating small and large, and the fastest run of
// each counts, so a burst of load on a shared machine inflates neither side.
import {performance} from 'node:perf_hooks'

export interface Growth {
  /** Fastest run at the small size, in ms. */
  small: number
  /** Fastest run at the large size, in ms. */
  large: number
  /** large ÷ small. */
  ratio: number
}

/** Times `measure(small)` and `measure(large)` (inputs built beforehand). */
export async function growth<T>(measure: (input: T) => unknown, small: T, large: T, rounds = 5): Promise<Growth> {
  const best = {small: Infinity, large: Infinity}
  // One unmeasured run first: compiling the code on its first call is not part of its growth.
  await measure(small)
  for (let round = 0; round < rounds; round++) {
    for (const [key, input] of [['small', small], ['large', large]] as const) {
      const started = performance.now()
      await measure(input)
      best[key] = Math.min(best[key], performance.now() - started)
    }
  }
  return {...best, ratio: best.large / Math.max(best.small, 0.001)}
}

export const describeGrowth = (what: string, g: Growth) =>
  `${what}: ${g.small.toFixed(1)} ms → ${g.large.toFixed(1)} ms (×${g.ratio.toFixed(2)})`
