/**
 * deployment-arithmetic: expressions written in the text (`a op b = c`,
 * chains `a = b = c`, provenance `32 (4×4×2)`) must hold.
 */
import { lineOf } from '../src/lines.js'
import { defineRule } from '../src/rule.js'
import { memo, type Analysis } from '../src/analysis.js'
import type { ExprNode, Expression, Fact, Side } from '../src/facts.js'
import type { Finding } from '../src/report.js'
import { dec, show, type Dec } from '../src/num.js'
import { halfUnitBase, matches, replacement, TOL } from '../src/compare.js'
import { otherByteFactor } from '../src/units.js'

interface Value {
  /** Computed with numbers as written (units ignored). */
  written: Dec
  /** Computed in base units (GB → bytes). */
  base: Dec
  /** Relative half-width of the result from operands that are themselves rounded (`8k`, `4.5e14`, `0.8`). */
  lo: Dec
  hi: Dec
  hasUnit: boolean
  divZero: boolean
  /** An operand is in bits (`400 Gb/s`): a result in bytes is an eighth of it. */
  bits?: boolean
  /** `$79.68 ÷ 45M ≈ $1.77`: divided by a count with a scale word, the result is per that scale (per million). */
  perScale?: Dec
  /** A percentage is a factor of the product (`43,200 min × 0.1% = 43.2 minutes`): the result may be in hundredths. */
  pct?: boolean
}

/** Interval of an operand, relative to its value: exact for plain integers. */
function operandRange(f: Fact): [Dec, Dec] {
  const lit = f.tok.lit
  const rounded = lit.style.decimals > 0 || lit.style.suffix !== undefined || lit.style.exponent !== undefined
  let half = rounded ? lit.halfUnit : dec(0)
  if (f.approx) half = half.plus(lit.value.abs().times(0.05))
  return [lit.value.minus(half), lit.value.plus(half)]
}



/** `31 + 31 + 30 days`: a bare term of a sum beside a term with a unit is in that unit (its base value). */
function inUnitOf(v: Value, other: Value): Dec {
  if (v.hasUnit || !other.hasUnit || other.written.isZero()) return v.base
  return v.written.times(other.base.div(other.written))
}

function evaluate(n: ExprNode): Value | undefined {
  switch (n.kind) {
    case 'num': {
      const f = n.fact!
      const [lo, hi] = operandRange(f)
      return { written: f.written, base: f.value, lo, hi, hasUnit: Boolean(f.unit && f.unit.dim !== 'percent'), divZero: false, bits: f.unit?.dim === 'bitRate', pct: f.unit?.dim === 'percent' }
    }
    case 'neg': {
      const v = evaluate(n.left!)
      return v && { ...v, written: v.written.neg(), base: v.base.neg(), lo: v.hi.neg(), hi: v.lo.neg() }
    }
    case 'op': {
      const a = evaluate(n.left!)
      const b = evaluate(n.right!)
      if (!a || !b) return undefined
      const divZero = a.divZero || b.divZero
      const hasUnit = a.hasUnit || b.hasUnit
      const bits = a.bits || b.bits
      const span = (xs: Dec[]): [Dec, Dec] => [Decimal_min(xs), Decimal_max(xs)]
      switch (n.op) {
        case '+':
          return { written: a.written.plus(b.written), base: inUnitOf(a, b).plus(inUnitOf(b, a)), lo: a.lo.plus(b.lo), hi: a.hi.plus(b.hi), hasUnit, divZero, bits }
        case '-':
          return { written: a.written.minus(b.written), base: inUnitOf(a, b).minus(inUnitOf(b, a)), lo: a.lo.minus(b.hi), hi: a.hi.minus(b.lo), hasUnit, divZero, bits }
        case '×': {
          const [lo, hi] = span([a.lo.times(b.lo), a.lo.times(b.hi), a.hi.times(b.lo), a.hi.times(b.hi)])
          return { written: a.written.times(b.written), base: a.base.times(b.base), lo, hi, hasUnit, divZero, bits, pct: a.pct || b.pct }
        }
        case '÷': {
          if (b.written.isZero() || b.base.isZero()) return { ...a, divZero: true }
          const straddles = b.lo.lte(0) && b.hi.gte(0)
          const [lo, hi] = straddles ? [a.written.div(b.written), a.written.div(b.written)] : span([a.lo.div(b.lo), a.lo.div(b.hi), a.hi.div(b.lo), a.hi.div(b.hi)])
          const d = n.right!.kind === 'num' ? n.right!.fact!.tok.lit : undefined
          const perScale = d && d.style.suffix && !d.digits.isZero() && !n.right!.fact!.unit ? d.value.div(d.digits) : undefined
          return { written: a.written.div(b.written), base: a.base.div(b.base), lo, hi, hasUnit, divZero, bits, perScale }
        }
        case '^': {
          if (!b.written.isInteger() || b.written.abs().gt(400) || a.written.abs().gt(1e12)) return undefined
          const [lo, hi] = span([a.lo.pow(b.written), a.hi.pow(b.written)])
          return { written: a.written.pow(b.written), base: a.base.pow(b.written), lo, hi, hasUnit: a.hasUnit, divZero, bits }
        }
      }
    }
  }
  return undefined
}

function Decimal_min(xs: Dec[]): Dec {
  return xs.reduce((m, x) => (x.lt(m) ? x : m))
}
function Decimal_max(xs: Dec[]): Dec {
  return xs.reduce((m, x) => (x.gt(m) ? x : m))
}

/** Candidate values of the computed side in the stated fact's written scale. */
function candidates(v: Value, stated: Fact, withInterval = true, crossUnits = true): Dec[] {
  const out: Dec[] = [v.written]
  // The ends of the operand-rounding interval (written scale).
  const fw = stated.written
  const clampTo = (lo: Dec, hi: Dec): Dec => (fw.lt(lo) ? lo : fw.gt(hi) ? hi : fw)
  if (withInterval && (!v.lo.eq(v.written) || !v.hi.eq(v.written))) out.push(clampTo(v.lo, v.hi))
  // `21.74 + 0.91 = 22.65B`: a suffix on the result alone scales the written digits.
  const st = stated.tok.lit.style
  if (st.suffix && !stated.unit && !stated.tok.lit.digits.isZero()) out.push(v.written.times(stated.tok.lit.value.div(stated.tok.lit.digits)))
  const unit = stated.unit
  if (unit && unit.dim !== 'percent' && unit.dim !== 'ratio') {
    // Stated with a unit: the computed side may be in base units (bytes) or already in that unit.
    out.push(v.base.div(unit.factor))
    // The operand-rounding interval carried into base units (`0.22B params × 2 B = 0.43 GB`).
    if (withInterval && !v.written.isZero() && (!v.lo.eq(v.written) || !v.hi.eq(v.written))) {
      const k = v.base.div(v.written).div(unit.factor)
      const a = v.lo.times(k)
      const b = v.hi.times(k)
      out.push(clampTo(Decimal_min([a, b]), Decimal_max([a, b])))
    }
    // `8 × 400 Gb/s = 400 GB/s`: bits written as bytes.
    if (v.bits && unit.dim === 'byteRate') out.push(v.base.div(8).div(unit.factor))
    const other = otherByteFactor(unit)
    if (other !== undefined && crossUnits) {
      out.push(v.base.div(other))
      out.push(v.written.times(unit.factor).div(other))
    }
  }
  if (unit?.dim === 'percent') out.push(v.written.times(100), v.base.times(100))
  if (v.pct && unit?.dim !== 'percent') out.push(v.written.div(100), v.base.div(100).div(unit && unit.dim !== 'ratio' ? unit.factor : 1))
  if (v.perScale) out.push(v.written.times(v.perScale))
  // `97.68 GB ÷ 12,032 B ≈ 8.1M` tokens: units that cancel are worked out in base units.
  if (!unit && v.hasUnit) out.push(v.base)
  return out
}

/** A sum with a term in a unit beside a term that counts things (`7,168 B + 56 block scales`). */
function countedTerm(n: ExprNode): boolean {
  const terms: ExprNode[] = []
  const walk = (m: ExprNode): void => {
    if (m.kind === 'op' && (m.op === '+' || m.op === '-')) {
      walk(m.left!)
      walk(m.right!)
    } else terms.push(m)
  }
  walk(n)
  return terms.length >= 2 && terms.some((t) => t.counted) && terms.some((t) => t.kind === 'num' && t.fact?.unit !== undefined && t.fact.unit.dim !== 'percent')
}

function additive(n: ExprNode): boolean {
  if (n.kind === 'num') return true
  if (n.kind === 'neg') return additive(n.left!)
  return (n.op === '+' || n.op === '-') && additive(n.left!) && additive(n.right!)
}

function sideText(a: Analysis, s: Side): string {
  return a.x.source.slice(s.start, s.end).replace(/\s+/g, ' ').trim()
}

function check(a: Analysis): Finding[] {
  return memo(a, 'arithmetic', () => run(a))
}

/** `32.91 GB (35.3 GiB)`, `11.5 tokens/ms, i.e. 1,150 tokens/s`: a value restated in another unit converts exactly. */
function conversions(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const g of a.x.facts) {
    const f = g.restates
    if (!f || !f.unit || !g.unit) continue
    // Both units are written: no GB-for-GiB reading, only the two roundings (and 0.5%).
    const gap = g.value.minus(f.value).abs()
    if (gap.lte(halfUnitBase(g).plus(halfUnitBase(f)).plus(f.value.abs().times(0.005)))) continue
    // `114.7B × 0.53125 B → 60.93 GB`: a millionfold gap is no restatement (the arrow ends a calculation).
    if (lostUnit(g.value, f.value, true)) continue
    const expected = replacement(g, f.value, a.x.source, { round: true })
    const shown = `${show(f.value.div(g.unit.factor), 6)} ${g.tok.unitText ?? g.unit.id}`
    out.push({
      place: g.place,
      reason: `Unexpected \`${g.text}\`, expected \`${expected}\`: ${f.text} is ${shown}`,
      expected,
      // (A value written in the base unit needs no step through it: `98,304 bytes = 96 KiB`.)
      note: `${f.unit.factor === 1 && !f.tok.lit.style.suffix ? f.text : `${f.text} = ${show(f.value, 6)} ${baseUnitName(g)}`} = ${shown}, not ${g.text}`,
      fact: g,
    })
  }
  return out
}

function baseUnitName(f: Fact): string {
  switch (f.unit?.dim) {
    case 'bytes':
      return 'bytes'
    case 'tokenRate':
      return 'tokens/s'
    case 'time':
      return 's'
    default:
      return f.unit?.id ?? ''
  }
}

function run(a: Analysis): Finding[] {
  const out = [...direct(a), ...conversions(a)]
  // The same wrong result restated later in its section (`at about 1.6e10, as predicted`):
  // a distinctive literal (decimals, e-notation, suffix or 4+ digits) written identically.
  const extra: Finding[] = []
  const reported = new Set(out.map((f) => f.place.start))
  for (const f of out) {
    const w = f.fact
    if (!w) continue
    const st = w.tok.lit.style
    if (!(st.decimals > 0 || st.exponent !== undefined || st.suffix !== undefined || st.significant >= 4)) continue
    for (const g of a.x.byText.get(w.text) ?? []) {
      if (g === w || g.quoted || g.expr || g.place.start < w.place.start) continue
      if (g.seg.section !== w.seg.section || g.text !== w.text || reported.has(g.place.start)) continue
      // `FP8 KV: 20,480 B per token per GPU, back to ≈ 1.9M tokens`: a clause with numbers of its own is another calculation.
      if ((a.x.factsOf.get(g.seg) ?? []).some((h) => h !== g && h.clause === g.clause && h.unit !== undefined)) continue
      reported.add(g.place.start)
      extra.push({ ...f, place: g.place, fact: g, note: `${f.note} (the result of the expression at line ${lineOf(a.x.source, w.place.start)}, restated here)` })
    }
  }
  return [...out, ...extra]
}


function direct(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const e of a.x.expressions) {
    for (let i = 0; i + 1 < e.sides.length; i++) {
      const left = e.sides[i]
      const right = e.sides[i + 1]
      // The stated value: a single number on the right (or left, for `128 = 16 × 8`).
      let stated: Side
      let computed: Side
      if (e.provenance) {
        stated = right
        computed = left
      } else if (right.single && left.hasOp) {
        stated = right
        computed = left
      } else if (left.single && right.hasOp && !e.chained && !resultAfter(a, e, right)) {
        // (`Concurrent 32K sequences = 37.5 GB ÷ 1.13 GB ≈ 16`: with a result at the end, a number before the first `=` names.)
        stated = left
        computed = right
      } else continue
      const fact = stated.single!
      if (fact.quoted || computed.node === undefined) continue
      // `7,168 B + 56 FP32 block scales = 7,392 B`: bytes plus a count of things adds the things' unwritten size.
      if (countedTerm(computed.node)) continue
      const v = evaluate(computed.node)
      if (!v) continue
      const shown = sideText(a, computed)
      if (v.divZero) {
        out.push({
          fact,
          place: fact.place,
          reason: `Unexpected \`${fact.text}\`: \`${shown}\` divides by zero`,
          note: `${shown} is undefined (division by zero), not ${fact.text}`,
        })
        continue
      }
      const cands = candidates(v, fact)
      // A sum or difference of written numbers has no unrounded intermediates: only the roundings count.
      const tol = computed.approx ? { rel: 0.05 } : additive(computed.node) ? { rel: 0 } : TOL.arithmetic
      const ok = cands.some((c) => matches(writtenAsFact(fact), c, tol))
      if (ok) continue
      // `5 full-length sequences per replica (732k / 131,072)`: a whole count of things from a quotient is its floor or
      // ceiling (what fits, what is needed).
      if (!fact.unit && fact.value.isInteger() && fact.value.lt(1e6) && computed.node.kind === 'op' && computed.node.op === '÷' && cands.some((c) => c.floor().eq(fact.value) || c.ceil().eq(fact.value))) continue
      // `6 × 12.9B = 77.4 GFLOP`, `114.7B × 0.53125 B → 60.93 GB`: off by a power of a thousand is a unit the reading
      // did not follow (billions, giga, bytes per parameter), not a wrong number.
      // A millionfold gap or more, where units or suffixes are written, is a reading that lost a unit or an operand.
      const statedValue = writtenAsFact(fact).value
      const unitsWritten = fact.unit !== undefined || /[A-DF-Za-df-z]/.test(shown)
      // The fix keeps the unit as written (GB means 10^9 bytes in a fix).
      const exact = candidates(v, fact, false, false)
      // (`40M tokens × $0.60 = $24.00` at a price per million: the exact readings decide; the rounding of `40M` does not
      // move a millionfold gap.)
      if (unitsWritten && (cands.every((c) => lostUnit(statedValue, c)) || exact.every((c) => lostUnit(statedValue, c)))) continue
      // `Three matrices of 7168 × 2048 = 44,040,192 parameters`: a count of the things the calculation sizes, right before it.
      const count = computed === e.sides[0] ? e.countOf : undefined
      if (count && cands.some((c) => matches(writtenAsFact(fact), c.times(count.value), tol))) continue
      // The reading closest to the stated value decides the fix's scale.
      const scaleOf = fact.unit && fact.unit.dim !== 'percent' ? dec(fact.unit.factor) : dec(1)
      // Nearest by ratio, not difference: `22.3 GB ÷ 64 KiB` is 340,271 tokens (not 0.35) beside a stated 170,135, and
      // `202.8 / 989` is 20.5% (not 0.2%) beside a stated 10.2%.
      const gap = (c: Dec): number => (c.isZero() || fact.written.isZero() ? c.minus(fact.written).abs().toNumber() : Math.abs(Math.log(Math.abs(c.div(fact.written).toNumber()))))
      let best = exact[0]
      for (const c of exact) if (gap(c) < gap(best)) best = c
      const expectedBase = best.times(scaleOf)
      const expected = replacement(fact, expectedBase, a.x.source)
      // A non-zero value whose fix would print as zero (`0.000000 GB`) was read in the wrong unit.
      if (unitsWritten && !fact.written.isZero() && /^[^1-9]*$/.test(expected)) continue
      // `71.8 GB ÷ 24,576 B` is 2.92155M (in the claim's own suffix and unit), not the bare 0.00292155 of its digits.
      const lit = fact.tok.lit
      const mult = lit.style.suffix && !lit.digits.isZero() ? lit.value.div(lit.digits) : dec(1)
      const value = best.eq(v.written) ? show(v.written, 6) : `${show(best.div(mult), 6)}${fact.tok.lit.style.suffix ?? ''}${fact.unit && fact.tok.unitText ? ' ' + fact.tok.unitText : ''}`
      // (With a count right before it, the calculation may size one thing or all of them: no fix.)
      if (count) {
        const all = show(best.times(count.value).div(mult), 6)
        out.push({ place: fact.place, reason: `Unexpected \`${fact.text}\`: \`${shown}\` is ${value}, and ${count.text} of them ${all}`, note: `${shown} = ${value}; × ${count.text} = ${all}; neither is ${fact.text}`, fact })
        continue
      }
      out.push({
        place: fact.place,
        reason: `Unexpected \`${fact.text}\`, expected \`${expected}\`: \`${shown}\` is ${value}`,
        expected,
        note: `${shown} = ${value}, not ${fact.text}`,
        fact,
      })
    }
  }
  return out
}

/** The calculation `right` goes on to a stated result (`… = 37.5 GB ÷ 1.13 GB ≈ 16`), in this expression or a chained one. */
function resultAfter(a: Analysis, e: Expression, right: Side): boolean {
  if (e.sides.length > 2 && e.sides[e.sides.length - 1].single) return true
  return (a.x.exprsOf.get(e.clause) ?? []).some((o) => o !== e && o.chained && o.sides[0].start === right.start && o.sides[o.sides.length - 1].single !== undefined)
}

/** `x` and `c` differ by a millionfold or more (`far`), or `x` is `c` times 1000^k (k ≠ 0, |k| ≤ 5) within 1%. */
function lostUnit(x: Dec, c: Dec, farOnly = false): boolean {
  if (x.isZero() || c.isZero()) return false
  const r = Math.abs(x.div(c).toNumber())
  if (r >= 1e6 || r <= 1e-6) return true
  if (farOnly || !Number.isFinite(r) || r === 0) return false
  const k = Math.round(Math.log10(r) / 3)
  return k !== 0 && Math.abs(k) <= 5 && Math.abs(r / 10 ** (3 * k) - 1) <= 0.01
}

/** Compare in the written scale: a fact view whose value is its written number. */
function writtenAsFact(f: Fact): Fact {
  return { ...f, value: f.written, unit: f.unit?.dim === 'percent' ? f.unit : undefined }
}

export const docs = {
  summary: 'Arithmetic written in the text must hold: `a × b = c`, `a ÷ b = c`, chains `a = b = c`, and written products such as `32 (4×4×2)`.',
  description: [
    'Reads every expression the document writes out, in prose, lists, tables, inline code and code blocks:',
    '`×`, `x`, `*`, `·`, `÷`, `/`, `+`, `−`, `^`, `**`, parentheses, e-notation (`1.5e9`), thousands separators,',
    'suffixes (`4k`, `7B`), units on operands and result (`32 GPUs ÷ 8 = 4 groups`, `= 7GiB`) and LaTeX `\\times`/`\\cdot`.',
    'A chain `a = b = c` is checked link by link. A result holds when it lies within the rounding of its last written digit,',
    'plus 1% for operands that are themselves rounded (5% when written with `~` or `≈`). A byte result matches under the GB or the',
    'GiB reading, a percentage as a fraction or as a percent. Sides that name symbols (`DP = N_GPUS / (TP × PP)`) are not evaluated.',
    'The fix is the computed value written with the same decimals and unit.',
    'A value restated in another unit (`32.91 GB (30.65 GiB)`, `11.5 tokens/ms, i.e. 11,500 tokens/s`) must convert within the',
    'rounding of both numbers; since both units are written, GB and GiB each keep their own meaning there. After `so`, a',
    'value per something followed by one that is not (`989 TFLOPS per GPU, so 31.6 PFLOPS for the reservation`) is a total,',
    'not a restatement. A sum of a value in a unit and a count of things (`7,168 B + 56 FP32 block scales`) adds the things’',
    'unwritten size and is not evaluated. FLOP counts (`GFLOP`, `TFLOP`, `PFLOP`) are read as a unit of their own.',
  ].join('\n'),
}

export default defineRule('arithmetic', docs, check)
export { check, evaluate }
