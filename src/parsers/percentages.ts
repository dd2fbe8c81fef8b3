/** Percentages: `23GB (36% of 64GB)`, `P% of Y is X`, `X of Y (P%)`. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import { type QuantityId, QUANTITY } from '../lexicon/quantities.js'
import { ANTECEDENTS, COLLECTIVE_NOUNS, PLAIN_WHOLE_WORDS, SHARE_VERBS, OF_WORDS, SIZE_DETERMINERS } from '../lexicon/words.js'
import { quantityOfLabel } from '../lexicon/phrases.js'
import type { Token, NumToken } from '../text/tokens.js'

/** The memory quantity a clause's subject names before `P% of …`: `Weights occupy`, `The KV pool is`. */
function subjectQuantity(tokens: Token[], i: number, from: number): QuantityId | undefined {
  let k = i - 1
  // `- Total used: 63.1% of the 80 GB`: a label before a colon names the part, as a subject does.
  const label = k >= from && tokens[k].kind === 'punct' && (tokens[k] as { text: string }).text === ':'
  if (label) k--
  while (k >= from && tokens[k].kind === 'word' && SHARE_VERBS.test((tokens[k] as { lower: string }).lower)) k--
  if (k < from || tokens[k].kind !== 'word') return undefined
  // The noun phrase: up to four words back to the clause start (or a `:`/`,`).
  let s = k
  while (s - 1 >= from && tokens[s - 1].kind === 'word' && k - s < 3) s--
  if (s - 1 >= from && !(tokens[s - 1].kind === 'punct' && /^[,:;]$/.test((tokens[s - 1] as { text: string }).text))) return undefined
  const words = tokens.slice(s, k + 1).map((t) => (t as { text: string }).text).filter((w) => !/^(the|a|an|its|our|their|this|that)$/i.test(w))
  if (words.length === 0) return undefined
  const q = quantityOfLabel(words.join(' '), (d) => d.kind === 'bytes')
  return q && q.id !== 'gpuMemory' ? q.id : undefined
}

const GPU_WHOLE = /^(capacity|the capacity|gpu capacity|card|the card|the gpu|gpu|device|accelerator)$/i

export function percentsOf(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind !== 'num' || t.unit?.dim !== 'percent') continue
    const pf = ctx.byToken.get(t)!
    if (pf.expr) continue
    const next = tokens[i + 1]
    // `P% of Y` (optionally `of the`, `of total`).
    let whole: Fact | undefined
    let wholeLabel: string | undefined
    let wholeQ: QuantityId | undefined
    let antecedentPart: Fact | undefined
    let after = i + 1
    if (next && next.kind === 'word' && next.lower === 'of') {
      let k = i + 2
      while (k < to && tokens[k].kind === 'word' && /^(the|a|an|total|available|usable|its|their|all|each|one|card's|gpu's|device's|node's|accelerator's|chip's)$/.test((tokens[k] as { lower: string }).lower)) k++
      const y = tokens[k]
      if (y && y.kind === 'num' && y.unit && y.unit.dim !== 'percent' && y.unit.dim !== 'ratio') {
        whole = ctx.byToken.get(y)
        after = k + 1
      } else if (y?.kind === 'word' && ANTECEDENTS.has(y.lower) && y.lower !== 'which' && (k + 1 >= to || tokens[k + 1].kind !== 'word')) {
        // `≈ 129 tok/s. 45 tok/s is about 53% of that`: the value before the part is the whole `that` refers to.
        const before = sameUnitBefore(ctx, pf)
        if (before) {
          whole = before.whole
          antecedentPart = before.part
          after = k + 1
        }
      } else if (y && y.kind === 'word') {
        const words: string[] = []
        let m = k
        while (m < to && tokens[m].kind === 'word' && words.length < 4) {
          words.push((tokens[m] as { text: string }).text)
          m++
        }
        // `of the card`, `of the card before KV`, `of GPU capacity`: the GPU's memory (its first one or two words name it).
        const gpuWhole = GPU_WHOLE.test(words.slice(0, 2).join(' ')) || GPU_WHOLE.test(words[0] ?? '')
        const q = gpuWhole ? QUANTITY.gpuMemory : quantityOfLabel(words.join(' '))
        if (q && q.id === 'gpuMemory') {
          wholeQ = q.id
          wholeLabel = words.slice(0, 2).filter((w) => !/^(and|or|with|which|that|to|of)$/i.test(w)).join(' ')
          after = m
        }
      }
    }
    // `The saving is about $28,118 per month, or 47% of the on-demand bill`: a whole named by a word that stands in the
    // clause of one earlier value of the passage (taken only when the part is written right before the percentage).
    const byName = !whole && !wholeQ ? wholeByName(tokens, i, pf, ctx) : undefined
    if (byName) whole = byName
    // The part: `X (P% of Y)`: number before the `(`.
    let part: Fact | undefined
    // `X (≈ P% of Y)`: an approximation sign may stand inside the parenthesis.
    const approxIn = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '≈' ? 1 : 0
    const open = tokens[i - 1 - approxIn]
    if (open && open.kind === 'op' && open.op === '(' && i - 2 - approxIn >= from) {
      // `100 GB per GPU (61% of HBM)`: qualifier words may stand between the part and the parenthesis.
      let xi = i - 2 - approxIn
      while (xi > from && xi > i - 6 && tokens[xi].kind === 'word') xi--
      const x = tokens[xi]
      if (x.kind === 'num' && (xi === i - 2 - approxIn || x.unit)) part = ctx.byToken.get(x)
    }
    let target: 'percent' | 'part' = 'percent'
    let sharesUnit = false
    if (!part && (whole || wholeQ)) {
      // `X, which is P% of Y`, `X ≈ P% of Y`, `X = P% of Y`, `X or P% of Y`, `X — P% of Y`.
      let k = i - 1
      let steps = 0
      while (k >= from && steps < 4) {
        const u = tokens[k]
        const connector =
          (u.kind === 'word' && /^(which|is|are|or|about|roughly|approximately|i\.e|that|i\.e\.|ie|namely|that's|thats|it's|which's|ie\.)$/.test(u.lower)) ||
          (u.kind === 'punct' && (u.text === ',' || u.text === '—' || u.text === '.')) ||
          (u.kind === 'op' && (u.op === '≈' || u.op === '=' || u.op === '-' || u.op === '→'))
        if (!connector) break
        k--
        steps++
      }
      // `21.14 GB per GPU, which is`: qualifier words after the part.
      let x = tokens[k]
      for (let extra = 0; steps > 0 && x?.kind === 'word' && extra < 5 && k > from; extra++) x = tokens[--k]
      // `33 of 80 GB is 46% of HBM`: the number before the verb closes an `A of B` pair; A is the part, B the whole.
      const ofA = tokens[k - 1]?.kind === 'word' && OF_WORDS.has((tokens[k - 1] as { lower: string }).lower) && tokens[k - 2]?.kind === 'num' ? tokens[k - 2] : undefined
      if (steps > 0 && x?.kind === 'num' && ofA && k - 2 >= from) {
        part = ctx.byToken.get(ofA as NumToken)
        whole = ctx.byToken.get(x)
        wholeQ = undefined
        sharesUnit = Boolean(part && !part.unit)
      } else if (steps > 0 && x?.kind === 'num') {
        part = ctx.byToken.get(x)
        // `41% of an 80 GB card, or 46% of the 72 GB`: the whole of the percent before is not this one's part; both
        // are shares of the same part.
        let o = k - 1
        while (o > from && tokens[o].kind === 'word' && SIZE_DETERMINERS.has((tokens[o] as { lower: string }).lower)) o--
        const ofWord = tokens[o]
        const pct = tokens[o - 1]
        if (ofWord?.kind === 'word' && ofWord.lower === 'of' && pct?.kind === 'num' && pct.unit?.dim === 'percent') part = undefined
      }
    }
    if (byName && (!part || part === byName || !sameKind(part, byName) || !part.value.lt(byName.value))) {
      whole = undefined
      part = undefined
    }
    if (!part && (whole || wholeQ)) {
      // `P% of Y is X` / `P% of Y (X)` / `P% of Y = X`: X is computed from P and Y.
      let k = after
      while (k < to && tokens[k].kind === 'word' && /^(is|are|equals|gives|or|which|that)$/.test((tokens[k] as { lower: string }).lower)) k++
      const x = tokens[k]
      if (x && x.kind === 'op' && x.op === '(' && tokens[k + 1]?.kind === 'num') part = ctx.byToken.get(tokens[k + 1] as NumToken)
      else if (x && x.kind === 'op' && x.op === '=' && tokens[k + 1]?.kind === 'num') part = ctx.byToken.get(tokens[k + 1] as NumToken)
      else if (x && x.kind === 'num' && k > after) part = ctx.byToken.get(x)
      if (part) target = 'part'
    }
    if (!part && !whole && !wholeQ) {
      // `utilization 72%, i.e. 59.6 GB of each 80 GB card`: X restates P% of Y.
      let k = i + 1
      let steps = 0
      while (k < to && steps < 3) {
        const u = tokens[k]
        const connector = (u.kind === 'word' && /^(i\.e|ie|that|is|or|namely|about|roughly)$/.test(u.lower)) || (u.kind === 'punct' && (u.text === ',' || u.text === '.' || u.text === '—')) || (u.kind === 'op' && (u.op === '≈' || u.op === '='))
        if (!connector) break
        k++
        steps++
      }
      const x = tokens[k]
      const of = tokens[k + 1]
      let m = k + 2
      while (m < to && tokens[m].kind === 'word' && /^(each|every|the|a|one|per)$/.test((tokens[m] as { lower: string }).lower)) m++
      const y = tokens[m]
      if (steps > 0 && x?.kind === 'num' && of?.kind === 'word' && of.lower === 'of' && y?.kind === 'num') {
        part = ctx.byToken.get(x)
        whole = ctx.byToken.get(y)
        target = 'part'
      }
    }
    // (`… of that`: the part must be the value right before the percent, the whole the one before it.)
    if (antecedentPart && part !== antecedentPart) part = undefined
    // `64.9 GB of 80 GB (86%)`: a number before the parenthesis with no whole after the percent is the whole of
    // `X of Y (P%)`, not a part.
    if (part && !whole && !wholeQ && target === 'percent') part = undefined
    if (!part && !whole && open && open.kind === 'op' && open.op === '(' && i - 2 >= from) {
      // `X of Y (P%)` / `X / Y (P%)` / `31,000 of 50,000 requests (62%)`.
      let yi = i - 2
      let nouns = 0
      while (yi > from && tokens[yi].kind === 'word' && nouns < 3) {
        yi--
        nouns++
      }
      const y = tokens[yi]
      const ofw = tokens[yi - 1]
      const x = tokens[yi - 2]
      if (y?.kind === 'num' && x?.kind === 'num' && yi - 2 >= from && ((ofw?.kind === 'word' && OF_WORDS.has(ofw.lower)) || (ofw?.kind === 'op' && ofw.op === '÷'))) {
        part = ctx.byToken.get(x)
        whole = ctx.byToken.get(y)
      }
    }
    if (!part && !whole && !wholeQ) {
      // `Weights as a share of HBM: 30.5 of 80 GB = 41.9%`, `91% of the weights (31.71 of 32.91 GB)`: the one
      // `A of B` pair of a clause with one percentage.
      const pair = ofPair(tokens, from, to, ctx)
      // `3.3B active (8 of 128 experts per layer), about 10.8% of the model`: a percentage that names its own whole,
      // another than the pair's, is not the pair's share.
      const named = namedWhole(tokens, i)
      // (`5.1B active (4 of 128 experts), about 4.4% per token`: a pair in an aside is not the share outside it.)
      const aside = pair && pair.part.inParens && !pf.inParens
      if (pair && !aside && !(named && pair.whole.noun && stem(named) !== stem(pair.whole.noun) && COLLECTIVE_NOUNS.get(stem(named)) !== pair.whole.noun)) {
        part = pair.part
        whole = pair.whole
        sharesUnit = !part.unit
      }
    }
    if (!part && !whole && !wholeQ) {
      // `46.7B total parameters, 12.9B active …, so each token touches roughly 27.6% of the weights`: the active count
      // over the total of its clause.
      const named = namedWhole(tokens, i)
      if (named && MODEL_WHOLES.has(named)) {
        const before = clauseFacts(tokens, from, i, ctx)
        const active = before.filter((f) => f.quantity === 'paramsActive')
        const total = before.filter((f) => f.quantity === 'paramsTotal' || (!f.unit && word(tokens, f) === 'total'))
        if (active.length === 1 && total.length === 1 && total[0].value.gt(active[0].value)) [part, whole] = [active[0], total[0]]
      }
    }
    if (part && (whole || wholeQ)) {
      if (part.unit?.dim === 'percent') continue
      // A part and a whole of different kinds (`17,280 tok/s` of `20 GB`) are no share.
      if (whole && part.unit && whole.unit && part.unit.dim !== whole.unit.dim) continue
      ctx.percents.push({ percent: pf, part, whole, wholeQuantity: wholeQ, wholeLabel, target, sharesUnit })
    } else if (!part && (whole?.unit?.dim === 'bytes' || wholeQ === 'gpuMemory')) {
      // `Routed experts alone occupy 56% of the 80 GB card`: the part is a memory quantity the plan states elsewhere.
      const partQ = subjectQuantity(tokens, i, from)
      if (partQ) ctx.percents.push({ percent: pf, whole, wholeQuantity: wholeQ, wholeLabel, partQuantity: partQ, target })
    }
  }
}

/** The one `A of B` (or `A out of B`) pair of two numbers in a clause that holds exactly one percentage, A ≤ B. */
/**
 * The noun a percentage names as its whole (`10.8% of the model` → model), if a word follows `of`; a pronoun (`12.5% of
 * them`) names none of its own.
 */
function namedWhole(tokens: Token[], i: number): string | undefined {
  if (!(tokens[i + 1]?.kind === 'word' && (tokens[i + 1] as { lower: string }).lower === 'of')) return undefined
  let m = i + 2
  while (tokens[m]?.kind === 'word' && /^(the|a|an|its|each|every|all)$/.test((tokens[m] as { lower: string }).lower)) m++
  const w = tokens[m]
  return w?.kind === 'word' && !ANTECEDENTS.has(w.lower) ? w.lower : undefined
}

const stem = (w: string): string => w.replace(/s$/, '')

/**
 * The one earlier value of the passage whose name the whole after `of` repeats (`of the on-demand bill` → the last
 * amount written before `on-demand`).
 */
function wholeByName(tokens: Token[], i: number, pf: Fact, ctx: Ctx): Fact | undefined {
  if (!(tokens[i + 1]?.kind === 'word' && (tokens[i + 1] as { lower: string }).lower === 'of')) return undefined
  const names: string[] = []
  for (let m = i + 2; m < tokens.length && m < i + 6 && tokens[m].kind === 'word'; m++) {
    const w = (tokens[m] as { lower: string }).lower
    if (!PLAIN_WHOLE_WORDS.has(w) && !ANTECEDENTS.has(w)) names.push(w)
  }
  if (names.length === 0) return undefined
  const found = new Set<Fact>()
  let last: Fact | undefined
  for (let k = 0; k < i; k++) {
    const t = tokens[k]
    if (t.kind === 'num') {
      const f = ctx.byToken.get(t)
      if (f && f !== pf && !f.quoted && (f.unit ? f.unit.dim !== 'percent' && f.unit.dim !== 'ratio' : f.money)) last = f
    } else if (t.kind === 'word' && last && names.includes(t.lower) && !percentOfBefore(tokens, k)) found.add(last)
  }
  return found.size === 1 ? [...found][0] : undefined
}

/** `97.5% of the degraded capacity`: the word at k names an earlier percentage's whole, not the value before it. */
function percentOfBefore(tokens: Token[], k: number): boolean {
  for (let m = k - 1; m >= Math.max(0, k - 4); m--) {
    const u = tokens[m]
    if (u.kind !== 'word') return false
    if (u.lower === 'of') {
      const p = tokens[m - 1]
      return p?.kind === 'num' && p.unit?.dim === 'percent'
    }
  }
  return false
}

/** Whether two values are amounts of one kind: the same unit dimension, or both money. */
function sameKind(a: Fact, b: Fact): boolean {
  return a.unit && b.unit ? a.unit.dim === b.unit.dim : !a.unit && !b.unit && Boolean(a.money) && Boolean(b.money)
}


/** The last two values before a percentage in its segment, when they share a unit (the part, then its whole). */
function sameUnitBefore(ctx: Ctx, pf: Fact): { part: Fact; whole: Fact } | undefined {
  let part: Fact | undefined
  for (let j = ctx.facts.length - 1; j >= 0; j--) {
    const f = ctx.facts[j]
    if (f.seg !== pf.seg) break
    if (f === pf || f.place.start >= pf.place.start || !f.unit || f.unit.dim === 'percent' || f.unit.dim === 'ratio') continue
    if (!part) part = f
    else return f.unit.dim === part.unit!.dim && f.value.gt(part.value) ? { part, whole: f } : undefined
  }
  return undefined
}

/** Names of the whole model a share of the parameters is of. */
const MODEL_WHOLES = new Set(['model', 'weights', 'parameters', 'params'])

/** The facts of the numbers between two token indexes. */
function clauseFacts(tokens: Token[], from: number, to: number, ctx: Ctx): Fact[] {
  const out: Fact[] = []
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    const f = t.kind === 'num' ? ctx.byToken.get(t) : undefined
    if (f && !f.quoted) out.push(f)
  }
  return out
}

/** The word right after a fact's number, lower-case. */
function word(tokens: Token[], f: Fact): string | undefined {
  const k = tokens.indexOf(f.tok)
  const w = tokens[k + 1]
  return w?.kind === 'word' ? w.lower : undefined
}

function ofPair(tokens: Token[], from: number, to: number, ctx: Ctx): { part: Fact; whole: Fact } | undefined {
  let percents = 0
  let found: { part: Fact; whole: Fact } | undefined
  let pairs = 0
  for (let k = from; k < to; k++) {
    const a = tokens[k]
    if (a.kind !== 'num') continue
    if (a.unit?.dim === 'percent') {
      percents++
      continue
    }
    let m = k + 1
    if (tokens[m]?.kind === 'word' && (tokens[m] as { lower: string }).lower === 'out') m++
    if (!(tokens[m]?.kind === 'word' && (tokens[m] as { lower: string }).lower === 'of')) continue
    m++
    if (tokens[m]?.kind === 'word' && (tokens[m] as { lower: string }).lower === 'the') m++
    const b = tokens[m]
    if (b?.kind !== 'num' || b.unit?.dim === 'percent' || b.unit?.dim === 'ratio' || a.unit?.dim === 'ratio') continue
    const part = ctx.byToken.get(a)
    const whole = ctx.byToken.get(b)
    if (!part || !whole || part.expr || whole.expr) continue
    if (a.unit && b.unit && a.unit.dim !== b.unit.dim) continue
    if (part.written.gt(whole.written) && !a.unit) continue
    pairs++
    found = { part, whole }
  }
  return percents === 1 && pairs === 1 ? found : undefined
}
