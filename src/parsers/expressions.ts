/** Written arithmetic: `a × b = c` chains, pipe rows written as text, and provenance `32 (4 × 4 × 2)`. */
import { countBefore } from './expression-count.js'
import { kindFits } from './names.js'
import type { Ctx } from '../context.js'
import { QUANTITY } from '../lexicon/quantities.js'
import type { Fact, ExprNode, Side } from '../facts.js'
import { DEGREE_ABBR } from '../lexicon/phrases.js'
import { lowerWord as word, type Token } from '../text/tokens.js'
import { ANTECEDENTS, FILLER_BEFORE_TERM, RESULT_CONNECTORS, SUM_WORDS, EACH_WORDS, MODIFIER_PREPOSITIONS, NAMING_NOUNS, PER_WORDS, CURRENCY_SIGNS } from '../lexicon/words.js'
import { cuesOf } from '../lexicon/cues.js'
import { findGpu } from '../model/gpus.js'

interface Parser {
  tokens: Token[]
  pos: number
  end: number
  ctx: Ctx
  facts: Fact[]
  approx: boolean
}

function parseExpr(p: Parser): ExprNode | undefined {
  let left = parseTerm(p)
  if (!left) return undefined
  for (;;) {
    const t = p.tokens[p.pos]
    if (p.pos < p.end && t.kind === 'op' && (t.op === '+' || t.op === '-')) {
      // `4-way` is not a minus.
      const prev = p.tokens[p.pos - 1]
      const next = p.tokens[p.pos + 1]
      if (t.op === '-' && prev && next && t.start === prev.end && next.start === t.end) return left
      if (t.text === '–' || t.text === '—') return left
      p.pos++
      const right = parseTerm(p)
      if (!right) return undefined
      left = { kind: 'op', op: t.op, left, right }
      continue
    }
    return left
  }
}

function parseTerm(p: Parser): ExprNode | undefined {
  let left = parsePow(p)
  if (!left) return undefined
  for (;;) {
    const t = p.tokens[p.pos]
    if (p.pos < p.end && t.kind === 'op' && (t.op === '×' || t.op === '÷')) {
      p.pos++
      const right = parsePow(p)
      if (!right) return undefined
      left = { kind: 'op', op: t.op, left, right }
      continue
    }
    return left
  }
}

function parsePow(p: Parser): ExprNode | undefined {
  const base = parseUnary(p)
  if (!base) return undefined
  const t = p.tokens[p.pos]
  if (p.pos < p.end && t.kind === 'op' && t.op === '^') {
    p.pos++
    const exp = parseUnary(p)
    if (!exp) return undefined
    return { kind: 'op', op: '^', left: base, right: exp }
  }
  return base
}

function parseUnary(p: Parser): ExprNode | undefined {
  const t = p.tokens[p.pos]
  if (p.pos >= p.end) return undefined
  if (t.kind === 'op' && t.op === '≈') {
    p.approx = true
    p.pos++
    return parseUnary(p)
  }
  if (t.kind === 'op' && t.op === '-') {
    const next = p.tokens[p.pos + 1]
    if (t.text !== '-' && t.text !== '−') return undefined
    // `3-70B`: a hyphen glued to what precedes it is a range or a name, not a sign.
    const prev = p.tokens[p.pos - 1]
    if (prev && prev.end === t.start && prev.kind !== 'op') return undefined
    if (!next || next.start !== t.end || !(next.kind === 'num' || (next.kind === 'op' && next.op === '('))) return undefined
    p.pos++
    const inner = parseUnary(p)
    return inner ? { kind: 'neg', left: inner } : undefined
  }
  return parsePrimary(p)
}

const LABEL_WORD = /^[A-Z][A-Z0-9_]*$|^[a-z]+_[a-z0-9_]+$/

function skipLabelWords(p: Parser): void {
  // `TP 4`, `EP=8`, `DP 2`: one label word (an abbreviation or identifier) before a number.
  // Not right after an operator: `12/EDP = 6` divides by a symbol, it does not label the 6.
  if (isArith(p.tokens[p.pos - 1]) || (p.tokens[p.pos - 1]?.kind === 'punct' && (p.tokens[p.pos - 1] as { text: string }).text === '/')) {
    const w = p.tokens[p.pos]
    const n = p.tokens[p.pos + 1]
    // `÷ EP=8` (glued) names the operand; `/EDP = 6` (spaced) is an equation.
    if (n?.kind === 'op' && n.op === '=' && !(w && w.end === n.start)) return
  }
  let k = p.pos
  let words = 0
  while (k < p.end && p.tokens[k].kind === 'word' && words < 1) {
    const w = p.tokens[k] as { text: string }
    const next = p.tokens[k + 1]
    // `8xH100 80GB`: the number after a GPU's name is its memory, not an operand it labels.
    if (findGpu(w.text)) return
    const assign = next?.kind === 'op' && (next as { op: string }).op === '='
    if (!LABEL_WORD.test(w.text) && !assign && !DEGREE_ABBR.has(w.text.toLowerCase())) return
    k++
    words++
  }
  if (words === 0) return
  const t = p.tokens[k]
  if (k < p.end && t.kind === 'op' && t.op === '=' && p.tokens[k + 1]?.kind === 'num') k++
  if (k < p.end && p.tokens[k].kind === 'num') p.pos = k
}

/** `N+1`: a one-letter symbol glued to `+` glued to a number. */
function gluedSymbolSum(tokens: Token[], k: number): boolean {
  const t = tokens[k]
  const op = tokens[k + 1]
  const n = tokens[k + 2]
  return t.kind === 'word' && t.text.length === 1 && op?.kind === 'op' && op.op === '+' && op.start === t.end && n?.kind === 'num' && n.start === op.end
}

function skipNounWords(p: Parser): void {
  // `32 GPUs`, `2 experts per GPU per layer`: words after a number.
  let k = p.pos
  let words = 0
  while (k < p.end && words < 6) {
    const t = p.tokens[k]
    if (t.kind === 'word') {
      // `1/8 of that = 28,672 B`: a fraction of something said before is not a value of its own.
      const nw = p.tokens[k + 1]
      if (t.lower === 'of' && nw?.kind === 'word' && ANTECEDENTS.has(nw.lower)) break
      // A label of the next operand (`× DP 2`) is not a noun of this one.
      if (p.tokens[k + 1]?.kind === 'num') break
      if (p.tokens[k + 1]?.kind === 'op' && (p.tokens[k + 1] as { op: string }).op === '=' && p.tokens[k + 2]?.kind === 'num' && k + 2 < p.end) break
      // `10 with N+1`, `N+2 spares`: a symbol glued to `+` and a number is a name of redundancy, no sum; the words end
      // the operand and nothing may follow it.
      if (gluedSymbolSum(p.tokens, k)) {
        p.pos = p.end + 1
        return
      }
      k++
      words++
      continue
    }
    // `per-GPU` hyphens inside a noun phrase
    if (t.kind === 'op' && t.op === '-' && p.tokens[k + 1]?.kind === 'word' && t.start === p.tokens[k - 1]?.end) {
      k++
      continue
    }
    // `2 (K, V) × 48 layers`, `2 bytes (BF16 cache) = 98,304 B`: a parenthesis of words annotates the operand.
    const close = t.kind === 'op' && t.op === '(' ? annotationEnd(p, k) : -1
    if (close > 0) {
      k = close + 1
      break
    }
    break
  }
  p.pos = k
}

/** The index of the `)` closing a parenthesis of words only (`(K, V)`), followed by an operator; else -1. */
function annotationEnd(p: Parser, open: number): number {
  for (let k = open + 1; k < Math.min(p.end, open + 8); k++) {
    const u = p.tokens[k]
    if (u.kind === 'op' && u.op === ')') {
      const next = p.tokens[k + 1]
      const words = k > open + 1
      return words && k + 1 <= p.end && next?.kind === 'op' && (isArith(next) || next.op === '=' || next.op === '≈') ? k : -1
    }
    if (u.kind === 'word' || (u.kind === 'punct' && (u.text === ',' || u.text === '/'))) continue
    // `2 (K+V) × 2 B`: a sign between two words of the note joins names, it adds nothing.
    if (u.kind === 'op' && (u.op === '+' || u.op === '÷') && p.tokens[k - 1]?.kind === 'word' && p.tokens[k + 1]?.kind === 'word') continue
    // `201,326,592 (two experts) + …`: a number written in words is a word of the note.
    if (u.kind === 'num' && u.lit.style.inWords) continue
    return -1
  }
  return -1
}

function parsePrimary(p: Parser): ExprNode | undefined {
  skipLabelWords(p)
  // `$39.84 ÷ 23.6`: a currency sign glued to its number.
  if (currencyAt(p.tokens, p.pos) && p.pos + 1 < p.end) p.pos++
  const t = p.tokens[p.pos]
  if (p.pos >= p.end) return undefined
  if (t.kind === 'num') {
    const fact = p.ctx.byToken.get(t)
    if (!fact) return undefined
    if (fact.unit?.dim === 'ratio') return undefined
    p.pos++
    p.facts.push(fact)
    const at = p.pos
    skipNounWords(p)
    // `56 FP32 block scales`: a unitless count of things, whose size the sum leaves unwritten.
    const counted = !fact.unit && p.pos > at && p.tokens[at]?.kind === 'word'
    return counted ? { kind: 'num', fact, counted } : { kind: 'num', fact }
  }
  // `TP2 × PP8 × DP56`: a compact degree is the number it names.
  const degree = degreeWord(t, p.ctx)
  if (degree && !slashPair(p.tokens, p.pos, p.ctx)) {
    p.pos++
    p.facts.push(degree)
    return { kind: 'num', fact: degree }
  }
  if (t.kind === 'op' && t.op === '(') {
    p.pos++
    const inner = parseExpr(p)
    const c = p.tokens[p.pos]
    if (!inner || p.pos >= p.end || c.kind !== 'op' || c.op !== ')') return undefined
    p.pos++
    skipNounWords(p)
    return inner
  }
  return undefined
}

/** `TP16 / EP16`: two compact degrees on either side of a slash name two settings; the slash divides nothing. */
function slashPair(tokens: Token[], k: number, ctx: Ctx): boolean {
  const slash = (t: Token | undefined): boolean => t?.kind === 'op' && t.op === '÷' && t.text === '/'
  return (slash(tokens[k + 1]) && degreeWord(tokens[k + 2], ctx) !== undefined) || (slash(tokens[k - 1]) && degreeWord(tokens[k - 2], ctx) !== undefined)
}

/** `TP2`, `DP56`: a word that is one compact parallel degree (its one fact), else undefined. */
function degreeWord(t: Token | undefined, ctx: Ctx): Fact | undefined {
  if (t?.kind !== 'word') return undefined
  const facts = ctx.factsOfWord.get(t)
  return facts && facts.length === 1 && facts[0].how === 'compact' ? facts[0] : undefined
}

/** A currency sign glued before a number (`$2.49`, `€0.84`). */
export function currencyAt(tokens: Token[], k: number): boolean {
  const t = tokens[k]
  const n = tokens[k + 1]
  return t?.kind === 'punct' && CURRENCY_SIGNS.has(t.text) && n?.kind === 'num' && n.start === t.end
}

/** Whether a side calculates: `−1.6 GB` (a signed number, `72.0 GB (−1.6 GB)`) does not. */
function hasOp(n: ExprNode): boolean {
  return n.kind !== 'num' && !(n.kind === 'neg' && n.left?.kind === 'num')
}

/** Parse tokens[a, b) fully as one expression side. */
export function parseSide(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  const p: Parser = { tokens, pos: a, end: b, ctx, facts: [], approx: false }
  const node = parseExpr(p)
  if (!node || p.pos !== b) return undefined
  const single = node.kind === 'num' ? node.fact : undefined
  // `stage 0 = 32 × 28 = 896`: `stage 0` names a stage; its number is no side of the equation.
  const before = tokens[a - 1]
  if (single && !single.unit && before?.kind === 'word' && NAMING_NOUNS.test(before.lower)) return undefined
  // `Time for 1.0T tokens ≈ 1e12 / 234K`: a count in the subject's modifier (noun + for/of + N) is not the subject.
  if (single && before?.kind === 'word' && MODIFIER_PREPOSITIONS.has(before.lower) && tokens[a - 2]?.kind === 'word') return undefined
  return {
    node,
    start: tokens[a].start,
    end: tokens[b - 1].end,
    hasOp: hasOp(node),
    single,
    approx: p.approx || Boolean(single?.approx),
    facts: p.facts,
  }
}

function isEquals(tokens: Token[], k: number, from: number, to: number, ctx: Ctx): boolean {
  const t = tokens[k]
  if (t.kind !== 'op' || (t.op !== '=' && t.op !== '≈')) return false
  // `≈ 14.4 GB` relates two sides only when spaced (`~0.6` is a prefix).
  if (t.op === '≈') {
    const prev = tokens[k - 1]
    const next = tokens[k + 1]
    if (!prev || k - 1 < from || !(prev.kind === 'num' || (prev.kind === 'op' && prev.op === ')') || prev.kind === 'word')) return false
    if (!next || (next.kind !== 'num' && !currencyAt(tokens, k + 1))) return false
    if (next.start === t.end && prev.end === t.start) return false
    // `that is ~327K tok/s`: a tilde glued to the number is `about`, not a relation.
    if (t.text === '~' && next.start === t.end) return false
    // `=~250`: `~` right after `=` is a prefix.
    if (prev.kind === 'op') return false
  }
  // `EP=8` as a label: a word before `=` that is not the noun of a number.
  const prev = tokens[k - 1]
  const next = tokens[k + 1]
  // `W=2`, `tp=8`: a name glued to `=` is an assignment label, and so is a
  // symbol (`F = 28,672`, `GBS = 128`).
  // (`TP2 × PP8 × DP56 = 960 GPUs`: a compact degree after an operator is the last factor, not a label.)
  if (prev && k - 1 >= from && prev.kind === 'word' && isArith(tokens[k - 2]) && degreeWord(prev, ctx)) return true
  if (prev && k - 1 >= from && prev.kind === 'word' && (prev.end === t.start || LABEL_WORD.test(prev.text))) return false
  if (prev && k - 1 >= from && prev.kind === 'word' && next && next.kind === 'num' && k + 1 < to) {
    let m = k - 1
    while (m >= from && tokens[m].kind === 'word') m--
    const before = tokens[m]
    if (m < from || !before || before.kind !== 'num') return false
    // `4 × 2 GPUs = 8`: the word is a noun of the number before it.
    return true
  }
  return true
}

/** `3.27 GB dense + …`: a value, its label words, then `+` (a term of a labelled sum). */
function labelledTerm(tokens: Token[], a: number, b: number): boolean {
  for (let n = a; n < b; n++) {
    if (tokens[n].kind !== 'num' || tokens[n + 1]?.kind !== 'word') continue
    let m = n + 1
    while (m < b && tokens[m].kind === 'word') m++
    const op = tokens[m]
    if (m < b && op.kind === 'op' && op.op === '+') return true
  }
  return false
}

/**
 * `2048 × 128 for each layer ≈ 12.6M in total`: a side scoped per item (`for each layer`, `per GPU`) and a
 * result said to be a total relate through a count left unwritten; the two are no equation.
 */
function scopedApart(tokens: Token[], eq: number, ra: number, rb: number): boolean {
  let perBefore = false
  for (let k = eq - 1; k >= 0 && k >= eq - 4 && tokens[k].kind === 'word'; k--) if (PER_WORDS.has((tokens[k] as { lower: string }).lower)) perBefore = true
  if (!perBefore) return false
  let n = ra
  while (n < rb && tokens[n].kind !== 'num') n++
  const after: string[] = []
  for (let k = n + 1; k < Math.min(rb, n + 4) && tokens[k].kind === 'word'; k++) after.push((tokens[k] as { lower: string }).lower)
  return cuesOf(after).has('clusterRate')
}

export function expressionsOf(tokens: Token[], from: number, to: number, clause: number, ctx: Ctx): void {
  // `… 201,326,592 (two experts)` then a line `+ 65,536 (router) + 8,192 (norms) = 222,371,840`: markdown makes the
  // wrapped line a `+` list item, whose sum has lost its first terms; it is not read.
  const seg = ctx.clauses[clause].seg
  if (seg.listItem && from === 0 && /(^|\n)[ \t]*\+[ \t]+$/.test(ctx.source.slice(Math.max(0, seg.start - 8), seg.start)) && tokens[0]?.kind === 'num') return
  const eqs: number[] = []
  for (let k = from; k < to; k++) if (isEquals(tokens, k, from, to, ctx)) eqs.push(k)
  // Each `=` links the longest expression before it with the longest after it;
  // between two `=`, a region that parses whole is the shared side of a chain.
  if (eqs.length > 0) {
    const bounds = [from - 1, ...eqs, to]
    for (let k = 1; k < bounds.length - 1; k++) {
      const la = bounds[k - 1] + 1
      const lb = bounds[k]
      const ra = bounds[k] + 1
      const rb = bounds[k + 1]
      if (la >= lb || ra >= rb) continue
      // `= 3.27 GB dense + 2.52B × 9 B = 22.65 GB expert = 25.92 GB`: labelled terms of a sum inside a chain make the
      // precedence ambiguous (the writer closes the product first); no link of it is checked.
      if (eqs.length >= 2 && labelledTerm(tokens, la, lb)) continue
      const shared = k > 1 ? parseSide(tokens, la, lb, ctx) : undefined
      const left = shared ?? longestSuffix(tokens, la, lb, ctx)
      const right = (k < bounds.length - 2 ? parseSide(tokens, ra, rb, ctx) : undefined) ?? longestPrefix(tokens, ra, rb, ctx)
      if (!left || !right || !(left.hasOp || right.hasOp)) continue
      if (scopedApart(tokens, lb, ra, rb)) continue
      if (!shared && continuedSum(tokens, la, lb, left.start)) continue
      addExpression([left, right], clause, false, ctx, shared !== undefined)
    }
  }
  // `2 × 40 × 8 × 128 × 2 B, i.e. 80 KiB`: a calculation restated after `, i.e.` states its result.
  for (let k = from + 1; k + 2 < to; k++) {
    const comma = tokens[k - 1]
    if (!(comma.kind === 'punct' && comma.text === ',') || !RESULT_CONNECTORS.has(word(tokens[k]) ?? '')) continue
    const r = tokens[k + 1]?.kind === 'punct' && (tokens[k + 1] as { text: string }).text === '.' ? k + 2 : k + 1
    if (tokens[r]?.kind !== 'num') continue
    const start = Math.max(from, ...eqs.filter((q) => q < k).map((q) => q + 1))
    const left = longestSuffix(tokens, start, k - 1, ctx)
    const right = longestPrefix(tokens, r, to, ctx)
    if (!left || !right || !left.hasOp || right.hasOp || !right.single) continue
    // (The result restates the calculation in its own kind of unit: `… × 2 B, i.e. 80 KiB`; not `2 × 4 × 8, i.e. 8 nodes`.)
    const dim = right.single.unit?.dim
    if (!dim || !left.facts.some((f) => f.unit?.dim === dim) || [...left.facts, right.single].some((f) => f.expr)) continue
    addExpression([left, right], clause, false, ctx)
  }
  // Pipe rows written as text: `| **Gradient Checkpoints** | 2 * 8192 * 4e6 * 3 * 80 | ~20.9TB |`.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'punct' || t.text !== '|') continue
    const approx = tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as { op: string }).op === '≈' ? 1 : 0
    const v = tokens[k + 1 + approx]
    const after = tokens[k + 2 + approx]
    if (!v || v.kind !== 'num' || k + 1 + approx >= to) continue
    if (after && k + 2 + approx < to && !(after.kind === 'punct' && after.text === '|')) continue
    // The cell before: from the previous `|` to this one.
    let a = k - 1
    while (a >= from && !(tokens[a].kind === 'punct' && (tokens[a] as { text: string }).text === '|')) a--
    if (a < from) continue
    const side = parseSide(tokens, a + 1, k, ctx)
    const vf = ctx.byToken.get(v)
    if (!side || !side.hasOp || !vf || vf.expr || side.facts.some((f) => f.expr)) continue
    addExpression([side, { node: { kind: 'num', fact: vf }, start: v.start, end: v.end, hasOp: false, single: vf, approx: vf.approx, facts: [vf] }], clause, false, ctx)
  }
  // Provenance: `32 (4×4×2 configuration)`, `8 GPUs (TP 4 × DP 2)`, `128 (=16x8)`.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'op' || t.op !== '(') continue
    // The number before the parenthesis, with at most 6 noun words between.
    let m = k - 1
    let words = 0
    while (m >= from && tokens[m].kind === 'word' && words < 6) {
      m--
      words++
    }
    const target = tokens[m]
    if (m < from || !target || target.kind !== 'num') continue
    // `the PP 2 bubble at (2 − 1) ÷ 64`: a preposition or verb between the number and the parenthesis starts something else.
    if (tokens.slice(m + 1, k).some((u) => u.kind === 'word' && /^(at|is|are|was|of|to|for|with|by|in|on|from|into|over|keeps|gives|means|needs|uses)$/.test(u.lower))) continue
    const fact = ctx.byToken.get(target)
    if (!fact || fact.expr) continue
    // `--gpu-memory-utilization 0.90` (0.90 × 80): a setting written as code is no result.
    if (fact.inCode) continue
    if (fact.unit?.dim === 'percent' || fact.unit?.dim === 'ratio') continue
    // `Qwen2/2.5 (...)`, `v1.2 (...)`: a number glued to a name is not a value.
    const before = tokens[m - 1]
    if (before && before.end === target.start && (before.kind === 'word' || before.kind === 'op' || (before.kind === 'punct' && before.text !== '(' && before.text !== '|'))) continue
    // Closing parenthesis.
    let depth = 0
    let close = -1
    for (let j = k; j < to; j++) {
      const u = tokens[j]
      if (u.kind === 'op' && u.op === '(') depth++
      if (u.kind === 'op' && u.op === ')') {
        depth--
        if (depth === 0) {
          close = j
          break
        }
      }
    }
    if (close < 0) continue
    // `(64 − 2 × 10) ÷ 4 = 11`: a group inside a longer formula, not the derivation of the number before it.
    if (isArith(tokens[close + 1]) || (tokens[close + 1]?.kind === 'op' && (tokens[close + 1] as { op: string }).op === '=')) continue
    // `stage 1 (23.6 GB ÷ 34,560 B)`: a number naming one of several things (a stage, a node) is not a value.
    if (before?.kind === 'word' && !fact.unit && words === 0 && NAMING_NOUNS.test(before.lower)) continue
    let a = k + 1
    let b = close
    // Words at the end (`configuration`) are nouns of the last operand; at the start, labels.
    if (a < b && tokens[a].kind === 'op' && (tokens[a] as { op: string }).op === '=') a++
    if (tokens.slice(a, b).some((u) => u.kind === 'op' && u.op === '=')) continue
    if (tokens.slice(a, b).some((u) => u.kind === 'punct' && (u.text === ',' || u.text === ';'))) continue
    // `Two HGX H200 nodes (8 × 141 GB each)`: a parenthesis about each of them is not their product.
    if (tokens.slice(a, b).some((u) => u.kind === 'word' && EACH_WORDS.has(u.lower))) continue
    // `2 replicas (1/6 of capacity)`: a fraction of something is a share, not the number's derivation.
    const ofAt = tokens.slice(a, b).findIndex((u) => u.kind === 'word' && (u.lower === 'of' || u.lower === 'out'))
    if (ofAt > 0 && isArith(tokens[a + ofAt - 2])) continue
    const side = parseSide(tokens, a, b, ctx)
    if (!side || !side.hasOp) continue
    // `141 GB (2 nodes × 8)`: the parenthesis explains something else.
    // A rate explained by bare numbers (`5,760 tokens/s (64 × 90)`) is their product.
    const bareRate = (fact.unit?.dim === 'tokenRate' || fact.unit?.dim === 'requestRate') && side.facts.every((f) => !f.unit) && !tokens.slice(a, b).some((u) => u.kind === 'word')
    if (fact.unit && !bareRate && !side.facts.some((f) => f.unit?.dim === fact.unit!.dim)) continue
    // Skip if any operand already belongs to another expression.
    if (side.facts.some((f) => f.expr)) continue
    // `the two rows above it (8 + 4)`: a count of the operands names them; it is not their result.
    if (!fact.unit && fact.value.eq(side.facts.length)) continue
    // `3 replicas (3 × 2,480)`: a count that reappears as a factor is what the product is of, not its result.
    if (side.facts.some((f) => f.value.eq(fact.value)) && side.facts.length > 1) continue
    const targetSide: Side & { facts: Fact[] } = {
      node: { kind: 'num', fact },
      start: target.start,
      end: target.end,
      hasOp: false,
      single: fact,
      approx: fact.approx,
      facts: [fact],
    }
    addExpression([side, targetSide], clause, true, ctx)
  }
}

/**
 * `… = 5.28B, plus the same 1.68B + 1.05B + 0.01B of dense parameters = 8.02B`: a left side that a sum word and a number
 * before it continue (`plus`, `minus`), or an operator with no operand of its own, is the tail of a longer calculation;
 * its result is not its own.
 */
function continuedSum(tokens: Token[], la: number, lb: number, start: number): boolean {
  let k = la
  while (k < lb && tokens[k].start < start) k++
  k--
  while (k >= la && tokens[k].kind === 'word' && FILLER_BEFORE_TERM.has((tokens[k] as { lower: string }).lower)) k--
  const w = tokens[k]
  // (`= 18,874,368 per expert, x 128 x 94 = 227.1B`: an operator with no operand before it goes on from an earlier value.)
  const times = w?.kind === 'word' && w.lower === 'x'
  if (k >= la && (isArith(w) || times) && tokens[k - 1]?.kind !== 'num') return true
  if (!(k >= la && w.kind === 'word' && SUM_WORDS.has(w.lower))) return false
  for (let m = k - 1; m >= la && m >= k - 4; m--) if (tokens[m].kind === 'num') return true
  return false
}

export function isArith(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'op' && (t.op === '×' || t.op === '÷' || t.op === '+' || t.op === '-' || t.op === '^')
}

/** A `-` glued between a number and a word (`235B-A22B`): part of a name. */
function nameHyphen(tokens: Token[], k: number): boolean {
  const t = tokens[k]
  const next = tokens[k + 1]
  return t.kind === 'op' && t.op === '-' && tokens[k - 1]?.end === t.start && next?.start === t.end && next.kind === 'word'
}

function longestSuffix(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  for (let s = Math.max(a, b - 40); s < b; s++) {
    const t = tokens[s]
    // A side cannot start in the middle of an expression (`2 * F / 2550`).
    if (s > a && isArith(tokens[s - 1])) continue
    if (s > a && tokens[s - 1].kind === 'word' && isArith(tokens[s - 2])) continue
    // `… + shared experts 58 × 44.04M = 15.16B`: words after an operator belong to a longer sum (its term labels).
    let w = s - 1
    while (w >= a && w > s - 5 && tokens[w].kind === 'word') w--
    // (`235B-A22B and 2 × 3.3B`: a hyphen glued between a number and a word joins a name; it subtracts nothing.)
    // (`$1,434.24/day on H100 24 × …`: a slash of a unit, per day, divides nothing either.)
    if (w < s - 1 && w >= a && isArith(tokens[w]) && (tokens[w] as { op: string }).op !== '(' && !nameHyphen(tokens, w) && !perSlash(tokens, w)) continue
    // `45 tok/s per user (22.2 ms per decode step) × 64 users`: a parenthesis after a value is an aside of that value.
    if (t.kind === 'op' && t.op === '(' && w >= a && tokens[w].kind === 'num') continue
    if (!(t.kind === 'num' || (t.kind === 'op' && (t.op === '(' || t.op === '≈' || t.op === '-')) || t.kind === 'word' || currencyAt(tokens, s))) continue
    // `2 × 176.16M × 32 = 11.27B, plus 1.34B + 0.26B ≈ 12.9B`: a side after `plus` continues a longer sum.
    if (s > a && SUM_WORDS.has(word(tokens[s - 1]) ?? '')) continue
    if (t.kind === 'word' && s > a && !degreeWord(t, ctx)) {
      // Only label words directly before a number start a side.
      const prev = tokens[s - 1]
      if (prev.kind === 'word') continue
    }
    const side = parseSide(tokens, s, b, ctx)
    if (side) return side
  }
  return undefined
}

/** `11,776 B/token/gpu`, `$104,120/month`: a slash glued between a value's unit (or an amount of money) and a word reads `per`. */
function perSlash(tokens: Token[], e: number): boolean {
  const t = tokens[e]
  const prev = tokens[e - 1]
  const next = tokens[e + 1]
  return t.kind === 'op' && t.text === '/' && prev?.kind === 'num' && (prev.unit !== undefined || currencyAt(tokens, e - 2)) && prev.end === t.start && next?.kind === 'word' && next.start === t.end
}

function longestPrefix(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  for (let e = Math.min(b, a + 40); e > a; e--) {
    // Nor end in the middle of one (`= 2 * F`); `/token/gpu` after a value is its unit (per token per GPU), no division.
    if (e < b && isArith(tokens[e]) && !perSlash(tokens, e)) continue
    if (e < b && tokens[e].kind === 'word' && isArith(tokens[e + 1])) continue
    const side = parseSide(tokens, a, e, ctx)
    if (side) return side
  }
  return undefined
}

function addExpression(sides: Array<Side & { facts: Fact[] }>, clause: number, provenance: boolean, ctx: Ctx, chained = false): void {
  // `1.81B params × 4.88 bits / 8`: bits divided by 8 by hand are bytes already (a bit is an eighth of a byte here).
  const all = sides.flatMap((s) => s.facts)
  if (all.some((f) => f.unit?.id === 'bits') && all.some((f) => !f.unit && f.value.eq(8))) return
  const id = ctx.expressions.length
  const result = provenance ? sides[1].single : sides[sides.length - 1].single
  for (const s of sides)
    for (const f of s.facts) {
      if (f.expr) continue
      f.expr = { id, role: f === result ? 'result' : 'operand' }
      // `Heads per GPU: 32 ÷ 4 = 16`: the label names the result, not the operand.
      if (f.expr.role === 'operand' && f.how === 'label-colon') {
        f.quantity = undefined
        f.how = undefined
      }
    }
  // `8 KV heads ÷ tp 4 = 2 heads per GPU`: heads computed from KV heads are KV heads.
  if (result?.quantity === 'headsPerGpu' && sides.some((s) => s.facts.some((f) => f !== result && (f.quantity === 'kvHeads' || f.quantity === 'kvHeadsPerGpu')))) result.quantity = 'kvHeadsPerGpu'
  // `DP = 64 ÷ (2 × 4) = 8`: the result takes the name written before the expression.
  const pending = sides[0].facts[0]?.pending
  // `full layers: 18 × 2 × 4 × 64 × 2 B = 18,432 B`: a count's name does not name a result in bytes, nor
  // `activated params = 6 × 3.3B = 19.8 GFLOP` a parameter count a result in FLOP: the unit must fit the name.
  const unitMisfits = pending !== undefined && result?.unit !== undefined && !kindFits(QUANTITY[pending].kind, result.unit)
  if (pending && result && !provenance && result !== sides[0].facts[0] && !unitMisfits) {
    if (!result.quantity || result.quantity === pending) {
      result.quantity = pending
      result.how = 'label-expr'
    }
  }
  const base = ctx.clauses[clause].seg.start
  const countOf = provenance ? undefined : countBefore(ctx, clause, sides[0].start)
  ctx.expressions.push({
    id,
    clause,
    sides: sides.map(({ facts: _f, ...rest }) => ({ ...rest, start: rest.start + base, end: rest.end + base })),
    provenance,
    chained,
    ...(countOf ? { countOf } : {}),
  })
}
