/**
 * KV capacity (construction family: a derived count stated after its inputs): `leaves 33.0 GB per card for KV. At
 * 28,672 bytes a token that is roughly 1.5 million tokens of cache`, `Pool capacity: 15.1 GB ÷ 49,152 B ≈ 307K
 * tokens, which is room for 6 full 65,536-token sequences`. A count of tokens in a clause that speaks of holding or
 * room, after one KV size per token and a memory size in the same paragraph, is that memory ÷ that size; a count of
 * sequences of a stated length right after it is that count ÷ the length.
 */
import type { Ctx } from '../context.js'
import type { CapacityClaim, Fact } from '../facts.js'
import { CAPACITY_WORDS, NOUN_OF, PER_WORDS } from '../lexicon/words.js'
import type { Token } from '../text/tokens.js'
import { statedValue as usable } from './numbers.js'

const POOL_QUANTITIES = new Set<string | undefined>([undefined, 'memKvPool', 'memKv'])

export function kvCapacities(tokens: Token[], facts: Fact[], ctx: Ctx): void {
  // `… ≈ 802,500 tokens per GPU. A full 32K sequence (32,768 tokens) takes … 1.58 GB.` then, in the next paragraph,
  // `So a replica holds about 48 full-length sequences`: the count of sequences follows the capacity before it.
  const pending = ctx.pendingCapacity
  ctx.pendingCapacity = undefined
  // (A paragraph with a token count of its own speaks of that one.)
  const ownCount = facts.some((f) => f.noun === 'token' && !f.unit && f.value.gte(10_000))
  if (pending && !ownCount && facts.length > 0 && facts[0].seg.section === pending.section) {
    const { found } = sequencesAfter(tokens, 0, ctx, pending.length)
    if (found && usable(found.count) && found.count.value.lt(pending.claim.value) && holds(found.count, ctx)) {
      const known = ctx.capacities.find((c) => c.tokens === pending.claim)
      if (known) known.sequences = found
      else ctx.capacities.push({ tokens: pending.claim, sequences: found })
    }
  }
  // Most paragraphs state no count of tokens large enough to be a capacity: nothing to index.
  if (!facts.some((f) => f.noun === 'token' && !f.unit && f.value.gte(10_000))) return
  const index = new Map<Fact, number>()
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'num') {
      const f = ctx.byToken.get(t)
      if (f) index.set(f, i)
    }
  }
  const word = (i: number): string | undefined => (tokens[i]?.kind === 'word' ? (tokens[i] as { lower: string }).lower : undefined)
  // One KV size per token in the paragraph: `98,304 B per token`, `28,672 bytes a token`.
  const perToken = facts.filter((f) => {
    if (f.unit?.dim !== 'bytes' || !usable(f) || f.value.gte(1e8)) return false
    if (f.quantity === 'kvPerToken' || f.scopes.has('token')) return true
    const i = index.get(f)
    return i !== undefined && PER_WORDS.has(word(i + 1) ?? '') && NOUN_OF.get(word(i + 2) ?? '') === 'token'
  })
  // (`36,864 bytes (36 KiB) per token, or 18 KiB per GPU at TP2`: a share per GPU beside it leaves which one divides unknown.)
  const perGpuShare = facts.some((f) => f.unit?.dim === 'bytes' && f.scopes.has('gpu') && f.value.lt(1e6) && !perToken.some((g) => g.value.eq(f.value)))
  const single = new Set(perToken.map((f) => f.value.toString())).size === 1 && !perGpuShare ? perToken[0] : undefined
  let taken: Fact | undefined
  for (const claim of facts) {
    if (claim.unit || claim.noun !== 'token' || claim.quoted || claim.example || claim.inCode || claim.scopes.has('sequence') || claim.value.lt(10_000)) continue
    // `so 32k tokens of context is ~3.22 GB`: a count of tokens given a size of its own is a demand, not the capacity.
    if (facts.some((g) => g.clause === claim.clause && g.place.start > claim.place.end && g.unit?.dim === 'bytes')) continue
    // `15.1 GB ÷ 49,152 B ≈ 307K tokens`: the inputs are the two sizes of its own calculation.
    const operands = claim.expr?.role === 'result' ? facts.filter((f) => f.expr?.id === claim.expr!.id && f.expr.role === 'operand' && f.unit?.dim === 'bytes') : undefined
    if (claim.expr && claim.expr.role !== 'result') continue
    const size = operands ? (operands.length === 2 ? operands.find((f) => f.value.lt(1e8)) : undefined) : single
    if (!size || claim.place.start < size.place.end) continue
    // The first count of tokens after its inputs states the capacity; later ones are demands or other figures.
    if (taken) break
    taken = claim
    const at = index.get(claim)
    if (at === undefined) continue
    // The clause speaks of holding or room: `holds ≈ 297k tokens`, `tokens of cache`, `room for`.
    const words = ctx.clauses[claim.clause].words
    // Or the size per token leads to the count by an arrow (`24,576 B per token → ≈ 1.42M tokens`).
    const si = index.get(size)
    const arrow = si !== undefined && size.clause === claim.clause && tokens.slice(si + 1, at).some((u) => u.kind === 'op' && u.op === '→')
    if (!operands && !arrow && ![...words].some((w) => CAPACITY_WORDS.has(w))) continue
    // The memory: the nearest size of a gigabyte or more before the claim.
    let pool: Fact | undefined = operands?.find((f) => f.value.gte(1e9))
    if (!operands) {
      for (const f of facts) {
        if (f === size || f.unit?.dim !== 'bytes' || f.quoted || f.value.lt(1e9) || f.place.start > claim.place.start) continue
        if (!POOL_QUANTITIES.has(f.quantity)) continue
        if (!pool || f.place.start > pool.place.start) pool = f
      }
    }
    // (The nearest size an assumption or an example states (`Assuming …, KV gets 31.72 GiB`) leaves the pool unknown.)
    if (!pool || (!operands && !usable(pool))) continue
    const capacity: CapacityClaim = { tokens: claim, pool, perToken: size }
    // `…, which is room for 6 full 65,536-token sequences`: sequences of a stated length after the count.
    const count = nextNumber(tokens, at + 1)
    if (count !== undefined) {
      const f = ctx.byToken.get(tokens[count] as never)
      const length = f && !f.unit && usable(f) ? sequenceLength(tokens, count + 1) : undefined
      const lf = length !== undefined ? ctx.byToken.get(tokens[length] as never) : undefined
      if (f && lf) capacity.sequences = { count: f, length: lf }
    }
    ctx.capacities.push(capacity)
  }
  // `≈ 2.24M tokens of context, enough for 86 concurrent 32K-token requests`, `1.14M tokens per replica. At our
  // 16,384-token context cap that is 78 full-length sequences`: a count of sequences of a stated length after a count of
  // tokens a cache holds, in its sentence or the next.
  for (const claim of facts) {
    if (claim.unit || claim.noun !== 'token' || !usable(claim) || claim.scopes.has('sequence') || claim.value.lt(10_000)) continue
    if (ctx.capacities.some((c) => c.tokens === claim && c.sequences)) continue
    const at = index.get(claim)
    const after = at === undefined ? undefined : sequencesAfter(tokens, at + 1, ctx)
    const seq = after?.found
    // A capacity with no count of sequences after it in its paragraph: the next paragraph may state one.
    if (!seq && after && ctx.capacities.some((c) => c.tokens === claim)) ctx.pendingCapacity = { claim, length: after.length, section: claim.seg.section }
    // The capacity's clause or the count's speaks of holding (`≈ 1.31M tokens of KV …, so a replica can hold about 80`).
    if (!seq || !usable(seq.count) || seq.count.value.gte(claim.value) || !(holds(claim, ctx) || holds(seq.count, ctx))) continue
    const known = ctx.capacities.find((c) => c.tokens === claim)
    if (known) known.sequences = seq
    else ctx.capacities.push({ tokens: claim, sequences: seq })
  }
}

function holds(f: Fact, ctx: Ctx): boolean {
  for (const w of ctx.clauses[f.clause].words) if (CAPACITY_WORDS.has(w) || w === 'enough') return true
  return false
}

/** Words between a count and the sequences it counts (`86 concurrent`, `78 full-length`). */
const SEQUENCE_ADJECTIVES = new Set(['full', 'full-length', 'concurrent', 'simultaneous', 'resident', 'complete', 'max-length', 'maximum-length', 'parallel'])

/**
 * The one count of sequences after `from`, to the end of the next sentence, with its length: an `N-token` adjective
 * before the noun, or else the one sequence length stated before the count in that stretch.
 */
function sequencesAfter(tokens: Token[], from: number, ctx: Ctx, known?: Fact): { found?: { count: Fact; length: Fact }; length?: Fact } {
  let stops = 0
  let found: { count: Fact; length: Fact } | undefined
  let length: Fact | undefined = known
  for (let k = from; k < Math.min(tokens.length, from + 40); k++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === '.' || t.text === ';') && ++stops === 2) break
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    if (!f) continue
    if (f.quantity === 'seqLen' && !f.unit) {
      if (length && !length.value.eq(f.value)) return {}
      length = f
      continue
    }
    // `A full 32K-context sequence (32,768 tokens)`: a count of tokens in parentheses after a sequence noun is its length.
    const before = tokens[k - 1]
    if (!f.unit && f.noun === 'token' && before?.kind === 'op' && before.op === '(' && tokens[k - 2]?.kind === 'word' && NOUN_OF.get((tokens[k - 2] as { lower: string }).lower) === 'sequence') {
      if (length && !length.value.eq(f.value)) return {}
      length = f
      continue
    }
    if (f.unit) continue
    let m = k + 1
    while (m < k + 3 && tokens[m]?.kind === 'word' && SEQUENCE_ADJECTIVES.has((tokens[m] as { lower: string }).lower)) m++
    const own = sequenceLength(tokens, m)
    const noun = tokens[m]
    // `only about 35 of those fit`: the sequences the sentence spoke of.
    const those = noun?.kind === 'word' && noun.lower === 'of' && /^(those|them|these)$/.test(((tokens[m + 1] as { lower?: string })?.lower) ?? '')
    const lf = own !== undefined ? ctx.byToken.get(tokens[own] as never) : (noun?.kind === 'word' && NOUN_OF.get(noun.lower) === 'sequence') || those ? length : undefined
    if (!lf) continue
    // `or 48 requests averaging about 7.7k tokens`: sequences of a length of their own are not of the stated one.
    if (own === undefined && ownLengthAfter(tokens, m + 1, lf, ctx)) continue
    if (found) return { length }
    found = { count: f, length: lf }
  }
  return { found, length }
}

/** A count of tokens other than `length` within a few words after a sequence noun. */
function ownLengthAfter(tokens: Token[], from: number, length: Fact, ctx: Ctx): boolean {
  for (let k = from; k < Math.min(tokens.length, from + 5); k++) {
    const t = tokens[k]
    if (t.kind === 'punct' && t.text !== '~') return false
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    return f !== undefined && !f.unit && (f.noun === 'token' || f.quantity === 'seqLen') && !f.value.eq(length.value)
  }
  return false
}

/** The next number in the sentence, within a dozen tokens. */
function nextNumber(tokens: Token[], from: number): number | undefined {
  for (let k = from; k < Math.min(tokens.length, from + 12); k++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === '.' || t.text === ';')) return undefined
    if (t.kind === 'num') return k
  }
  return undefined
}

/** `full 65,536-token sequences`: the index of the length in an `N-token` adjective before a sequence noun. */
function sequenceLength(tokens: Token[], from: number): number | undefined {
  for (let k = from; k < Math.min(tokens.length, from + 3); k++) {
    const t = tokens[k]
    if (t.kind === 'num') {
      const dash = tokens[k + 1]
      const unit = tokens[k + 2]
      const noun = tokens[k + 3]
      if (dash?.kind === 'op' && dash.op === '-' && unit?.kind === 'word' && NOUN_OF.get(unit.lower) === 'token' && noun?.kind === 'word' && NOUN_OF.get(noun.lower) === 'sequence') return k
      return undefined
    }
    if (t.kind !== 'word') return undefined
  }
  return undefined
}
