/**
 * `stages are 24/24/23/23`, `we would run 19/18/18`: the layers of each pipeline stage written as a list glued with
 * slashes, in a paragraph or item about stages or the pipeline. Read as a claim that the stages hold all the model's layers; the
 * layers-per-stage rule checks the sum. Lists whose items are not all near the mean stage size (`tp/pp/dp 4/2/8`) are
 * other numbers and are left to the rule to ignore.
 */
import type { Ctx } from '../context.js'
import type { Fact, StageList } from '../facts.js'
import type { Token } from '../text/tokens.js'

/** Words of a clause about pipeline stages. */
const STAGE_WORDS = new Set(['stage', 'stages', 'pipeline', 'pp', 'split', 'splits', 'stage-split', 'layout'])

export function stageListsOf(tokens: Token[], from: number, to: number, ctx: Ctx): StageList[] {
  const out: StageList[] = []
  for (let i = from; i < to; i++) {
    const facts: Fact[] = []
    let k = i
    while (k < to) {
      const t = tokens[k]
      const f = t.kind === 'num' ? ctx.byToken.get(t) : undefined
      if (!f || f.unit || !f.value.isInteger() || f.value.lt(1) || f.tok.lit.style.suffix) break
      facts.push(f)
      const slash = tokens[k + 1]
      const next = tokens[k + 2]
      if (!(slash?.kind === 'op' && slash.text === '/' && slash.start === t.end && next?.kind === 'num' && next.start === slash.end)) break
      k += 2
    }
    // The segment (sentence, list item) speaks of stages: `56 layers do not split evenly; we would run 19/18/18`.
    if (facts.length >= 2 && tokens.some((t) => t.kind === 'word' && STAGE_WORDS.has(t.lower))) {
      const before = tokens[i - 1]
      const after = tokens[k + 1]
      // Part of a longer expression (`= 19/18`, `/ 2`) or a date: not a list of stages.
      const glued = (u: Token | undefined): boolean => u !== undefined && u.kind === 'op' && u.op !== '('
      if (!glued(before) && !glued(after)) out.push({ facts })
    }
    i = Math.max(i, k)
  }
  return out
}
