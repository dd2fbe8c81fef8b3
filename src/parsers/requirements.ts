/** Requirement claims: a measured value, a target or bound, a verb (`meets`, `exceeds`) or a mark (✅ ❌), in text and table rows. */
import type { Ctx } from '../context.js'
import { QUANTITY } from '../lexicon/quantities.js'
import type { Fact } from '../facts.js'
import { AMOUNT_VERBS, COMPARE_PREPOSITIONS, CONDITION_OPENERS, CONTRAST_WORDS, INDEFINITES, LEFT_AFTER, PARTICLES, MARK_PASS, MARK_FAIL, NEED_VERBS, REMAINDER_VERBS, REQ_VERBS, STAT_WORDS, TARGET_WORDS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'

const REQ_DIMS = new Set(['tokenRate', 'time', 'bytes', 'requestRate'])

interface ReqScan {
  mark?: 'pass' | 'fail'
  verb?: string
  /** File offset of the verb. */
  verbAt: number
  /** Facts preceded by a target word (`target ≥ 1,200`, `budget 2 s`). */
  targets: Set<Fact>
  /** Facts that are no value held to a bound: what is left (`~17.5 GB left over`, `4 GB spare`), where a change started (`from 4.1 s`). */
  remainders: Set<Fact>
  negated: boolean
  /** File offsets of `and`/`but` before a word that starts another subject (`32.65 GB each and KV room would be under 3 GB`). */
  joins: number[]
  /** `so meeting 20,000 tok/s takes eight GPUs`: the verb is a gerund that a verb of need follows, naming a need, not a claim. */
  need?: boolean
  /** File offset of the first contrast word after the verb (`clears the weights but leaves ~0.3 GB`): the compared value comes before it. */
  breakAt?: number
}

/** `… until you see sustained peaks above …`: a condition opener between the comparison word at i and the value before it. */
function conditionBefore(tokens: Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k > i - 12; k--) {
    const u = tokens[k]
    if (u.kind === 'num') return false
    if (u.kind === 'word' && CONDITION_OPENERS.has(u.lower)) return true
  }
  return false
}

function scanRequirement(tokens: Token[], seg: Segment, ctx: Ctx, scan: ReqScan): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'punct' && MARK_PASS.has(t.text)) scan.mark = 'pass'
    if (t.kind === 'punct' && MARK_FAIL.has(t.text)) scan.mark = 'fail'
    // `10,800 tok/s ≥ 12,000 tok/s target`: a comparison written between two values claims it holds.
    if (t.kind === 'op' && (t.op === '≥' || t.op === '>' || t.op === '≤' || t.op === '<') && tokens[i - 1]?.kind === 'num' && tokens[i + 1]?.kind === 'num' && scan.verbAt < 0) {
      scan.verb = t.text
      scan.verbAt = seg.start + t.start
    }
    // (`p99 TTFT went from 4.1 s back under our 1.5 s target`: where a change started is no value held to the bound.)
    if (t.kind === 'num' && tokens[i - 1]?.kind === 'word' && (tokens[i - 1] as { lower: string }).lower === 'from') {
      const f = ctx.byToken.get(t)
      if (f) scan.remainders.add(f)
    }
    if (t.kind === 'num' && tokens[i + 1]?.kind === 'word' && LEFT_AFTER.has((tokens[i + 1] as { lower: string }).lower)) {
      const f = ctx.byToken.get(t)
      if (f) scan.remainders.add(f)
    }
    if (t.kind === 'word') {
      if (scan.verbAt >= 0 && scan.breakAt === undefined && CONTRAST_WORDS.has(t.lower)) scan.breakAt = seg.start + t.start
      // `anything under 50 GB means …`: a preposition after an indefinite pronoun states a condition, not a claim.
      const prev = tokens[i - 1]
      const condition = (prev?.kind === 'word' && INDEFINITES.has(prev.lower)) || (COMPARE_PREPOSITIONS.has(t.lower) && conditionBefore(tokens, i))
      // `the wall-clock estimate above (≈ …)`: a preposition compares only with the value right after it.
      const adverb = COMPARE_PREPOSITIONS.has(t.lower) && !nextIsValue(tokens, i + 1)
      // `the ~1.04 TB of weights would leave under 90 GB`: a bound of what remains, not of the value before it.
      // (`a request … can take over 9 minutes`: the bound of what the verb measures, not of the value before it.)
      const remainder = COMPARE_PREPOSITIONS.has(t.lower) && prev?.kind === 'word' && (REMAINDER_VERBS.has(prev.lower) || AMOUNT_VERBS.has(prev.lower) || prev.lower === 'leave' || prev.lower === 'left')
      // `the pool tops out at 64,000 tok/s`, `maxes out at`: a verb with a particle names a ceiling, it compares nothing.
      const phrasal = tokens[i + 1]?.kind === 'word' && PARTICLES.has((tokens[i + 1] as { lower: string }).lower)
      if (Object.hasOwn(REQ_VERBS, t.lower) && scan.verbAt < 0 && !condition && !adverb && !remainder && !phrasal) {
        scan.verb = t.lower
        scan.verbAt = seg.start + t.start
      }
      if (scan.verbAt >= 0 && scan.verb?.endsWith('ing') && NEED_VERBS.has(t.lower)) scan.need = true
      const nx = tokens[i + 1]
      if ((t.lower === 'and' || t.lower === 'but' || t.lower === 'while') && nx?.kind === 'word' && !Object.hasOwn(REQ_VERBS, nx.lower)) scan.joins.push(seg.start + t.start)
      if (/^(not|fails|fail|failed|misses|miss|missed|short|violates|exceeded)$/.test(t.lower)) scan.negated = true
      if (TARGET_WORDS.has(t.lower)) {
        // `the 50 ms budget`, `the 100 tokens/ms target`.
        const prev = tokens[i - 1]
        if (prev?.kind === 'num') {
          const f = ctx.byToken.get(prev)
          if (f) scan.targets.add(f)
        }
        for (let k = i + 1; k < Math.min(tokens.length, i + 5); k++) {
          const u = tokens[k]
          if (u.kind === 'num') {
            const f = ctx.byToken.get(u)
            if (f) scan.targets.add(f)
            break
          }
          if (u.kind === 'punct' && (u.text === ';' || u.text === '.' || u.text === ':')) break
        }
      }
    }
  }
}

/** A number after a preposition, past a determiner or an approximation word (`under the 50 ms`, `within ~5%`). */
function nextIsValue(tokens: Token[], k: number): boolean {
  for (let m = k; m < Math.min(tokens.length, k + 4); m++) {
    const t = tokens[m]
    if (t.kind === 'num') return true
    if (t.kind === 'op' && t.op === '≈') continue
    if (t.kind === 'word' && /^(the|a|an|our|its|their|this|that|about|roughly|approximately|approx|around|just|only|budget|target|limit|of)$/.test(t.lower)) continue
    return false
  }
  return false
}

/** The unitless number that ends right before the verb (`2,280 clears`), if one. */
function bareSubject(facts: Fact[], verbAt: number): Fact | undefined {
  const f = facts.filter((g) => g.place.end <= verbAt).at(-1)
  // `tried it on tp4, within noise`: a degree is not a measured value.
  if (!f || f.unit || f.quoted || f.expr || verbAt - f.place.end > 2 || (f.quantity !== undefined && QUANTITY[f.quantity].kind === 'degree')) return undefined
  return f
}

function addRequirement(facts: Fact[], scan: ReqScan, ctx: Ctx): void {
  if ((!scan.verb && !scan.mark) || (scan.need && !scan.mark)) return
  // ✅ next to `misses` (or ❌ next to `meets` without a negation) says two things at once.
  if (scan.mark === 'pass' && scan.negated) return
  const cands = facts.filter((f) => !f.quoted && f.expr?.role !== 'operand' && f.unit && REQ_DIMS.has(f.unit.dim))
  // `Target is 2,400 tok/s, so 2,280 clears the target`: a bare number right before the verb is measured in the
  // unit of the sentence's one value (it is compared with it).
  // (`≈ 15.4 over 31.8 days`: after a preposition the bare number is a count during the value, not one compared with it.)
  const subject = scan.verbAt >= 0 && !(scan.verb && COMPARE_PREPOSITIONS.has(scan.verb)) ? bareSubject(facts, scan.verbAt) : undefined
  if (subject && cands.length === 1 && new Set(facts.filter((f) => f.unit && f.unit.dim !== 'percent').map((f) => f.unit!.dim)).size === 1) {
    const u = cands[0].unit!
    cands.push({ ...subject, unit: u, value: subject.value.times(u.factor) })
  }
  if (cands.length < 2) return
  const dim = cands[0].unit!.dim
  const same = cands.filter((f) => f.unit!.dim === dim)
  // The requirement: a bound (`≥ 6,000 tok/s`), a value named target/budget, or the first value after the verb.
  let b = same.find((f) => f.bound !== undefined)
  if (!b && scan.verbAt >= 0) b = same.find((f) => f.place.start > scan.verbAt && (scan.breakAt === undefined || f.place.start < scan.breakAt))
  if (!b) b = same.find((f) => scan.targets.has(f))
  if (!b || scan.remainders.has(b)) return
  if (cands.some((f) => f !== b && scan.remainders.has(f) && f.place.start < b.place.start)) return
  // `172,032 B per token per layer, and over the 58 MoE layers 9.98 MB`: a preposition followed by a count spans
  // those things; it compares nothing.
  if (scan.verb && COMPARE_PREPOSITIONS.has(scan.verb) && facts.some((f) => !f.unit && f.place.start > scan.verbAt && f.place.start < b!.place.start)) return
  const others = same.filter((f) => f !== b && f.bound === undefined && !scan.targets.has(f))
  let before = scan.verbAt >= 0 && b.place.start > scan.verbAt ? others.filter((f) => f.place.start < scan.verbAt) : others
  // `1,100 tok/s per replica (about 17.2 tok/s per user); target ≥ 1,200 tok/s`: asides do not compete.
  if (new Set(before.map((f) => f.value.toString())).size > 1 && !b.inParens) before = before.filter((f) => !f.inParens)
  const values = new Set(before.map((f) => f.value.toString()))
  // One measured value, or the claim is ambiguous.
  if (values.size !== 1) return
  const a = before[0]
  // The verb has a subject of its own after a conjunction: the value before it is not what is compared.
  if (scan.verbAt >= 0 && scan.joins.some((j) => j > a.place.end && j < scan.verbAt)) return
  // `the base (61 GB) fits on a node of 8 GPUs (7.6 GB each)`: a value that is the first split over a count of the
  // sentence is its share, not a bound it is held to.
  if (facts.some((n) => !n.unit && n.value.gt(1) && n.value.isInteger() && b.value.times(n.value).minus(a.value).abs().lte(a.value.times(0.02)))) return
  // `39.4 GB, which is still 1.8 GB over the 37.6 GB budget`: a value that is another value's gap to the bound is the
  // margin, not what is compared.
  if (same.some((f) => f !== a && f !== b && f.value.minus(b.value).abs().minus(a.value).abs().lte(a.value.times(0.05)))) return
  // `400 GB in FP8 fits in one node at 50 GB per GPU`: a size per GPU and a size of the whole are no value and bound.
  if (b.unit!.dim === 'bytes' && b.scopes.has('gpu') !== a.scopes.has('gpu') && !b.bound) return
  // `2 × 4 × 128 × 2 bytes = 2,048 bytes, and over 32 layers 65,536 bytes`: a computed value needs a verb that
  // claims (meets, exceeds, ✅), not a preposition.
  if (a.expr && !scan.mark && (!scan.verb || COMPARE_PREPOSITIONS.has(scan.verb))) return
  ctx.requirements.push({
    a,
    b,
    verb: scan.verb ?? (scan.mark === 'pass' ? '✅' : '❌'),
    // `❌ ~40 tok/s, below the 60 tok/s wish`: beside a mark, `below`/`above` describe the value, the mark judges it; the
    // direction then comes from what is measured (a rate should be high, a time or memory low).
    dir: (scan.mark || scan.negated) && scan.verb && /^(below|above|under|over|beyond)$/.test(scan.verb) ? undefined : b.bound ?? (scan.verb ? REQ_VERBS[scan.verb] : undefined),
    mark: scan.mark ?? (scan.negated ? 'fail' : undefined),
    place: a.place,
  })
}

export function requirementsOfSegment(seg: Segment, tokens: Token[], facts: Fact[], ctx: Ctx, sentences: Array<[number, number]>): void {
  // Sentence by sentence: `;` joins a value and its target, `.` separates claims.
  for (const [from, to] of sentences) {
    const part = tokens.slice(from, to)
    if (part.length === 0) continue
    const a = seg.start + part[0].start
    const b = seg.start + part[part.length - 1].end
    const scan: ReqScan = { verbAt: -1, targets: new Set(), remainders: new Set(), negated: false, joins: [] }
    scanRequirement(part, seg, ctx, scan)
    addRequirement(facts.filter((f) => f.place.start >= a && f.place.end <= b), scan, ctx)
  }
}

/** A table row with a target, a measured value and a status mark. */
export function requirementsOfRows(tables: Segment[][][], ctx: Ctx, tokensOf: Map<Segment, Token[]>): void {
  for (const grid of tables) {
    if (!grid) continue
    for (let r = 1; r < grid.length; r++) {
      const scan: ReqScan = { verbAt: -1, targets: new Set(), remainders: new Set(), negated: false, joins: [] }
      const facts: Fact[] = []
      for (const cell of grid[r]) {
        scanRequirement(tokensOf.get(cell) ?? [], cell, ctx, scan)
        facts.push(...(ctx.factsOf.get(cell) ?? []))
      }
      // A header that names the columns Target / Measured.
      const header = grid[0].map((h) => h.text.trim().toLowerCase())
      grid[r].forEach((cell, c) => {
        if (TARGET_WORDS.has(header[c] ?? '') || /^(target|slo|requirement|budget|goal)\b/.test(header[c] ?? '')) {
          for (const f of ctx.factsOf.get(cell) ?? []) scan.targets.add(f)
        }
      })
      // `| p50 TPOT (ms) | 52 | p95 TPOT over the 60 ms SLO |`: a verb about another statistic than the value's column.
      const verbStats = new Set<string>()
      for (const cell of grid[r]) if (scan.verbAt >= cell.start && scan.verbAt < cell.start + cell.text.length) for (const w of wordsOf(cell.text)) if (STAT_WORDS.has(w)) verbStats.add(w)
      scan.verbAt = -1
      const before = ctx.requirements.length
      addRequirement(facts, scan, ctx)
      const req = ctx.requirements[before]
      if (req && verbStats.size > 0) {
        const col = grid[r].findIndex((cell) => req.a.seg === cell)
        const stats = wordsOf(header[col] ?? '').filter((w) => STAT_WORDS.has(w))
        if (stats.length > 0 && !stats.some((w) => verbStats.has(w))) ctx.requirements.length = before
      }
    }
  }
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)
}
