/**
 * Comparing a stated value with a computed one (DESIGN §4 "Units and
 * tolerance"), and writing the replacement in the document's style.
 */
import { D, dec, formatLike, show, type Dec } from './num.js'
import type { Fact } from './facts.js'
import { otherByteFactor } from './units.js'

export interface Tolerance {
  /** Relative tolerance on top of the rounding interval (0.05 = 5%). */
  rel: number
}

export const TOL = {
  exact: { rel: 0 },
  arithmetic: { rel: 0.01 },
  rounding: { rel: 0 },
  params: { rel: 0.02 },
  memory: { rel: 0.05 },
  total: { rel: 0.1 },
} satisfies Record<string, Tolerance>

/** Token counts a `K` suffix may mean, smallest first: `128K` is 128,000 or 131,072. */
export function kiloTokenReadings(f: Fact): Dec[] {
  const suffix = f.tok.lit.style.suffix
  return suffix === 'k' || suffix === 'K' ? [f.value, f.tok.lit.digits.times(1024)] : [f.value]
}

/** The rounding half-interval of a stated fact in base units. */
export function halfUnitBase(f: Fact): Dec {
  const factor = f.unit ? dec(f.unit.factor) : dec(1)
  return f.tok.lit.halfUnit.times(factor)
}

/** Base-unit readings of a stated fact: its value, and for GB/GiB the other reading. */
export function readings(f: Fact): Dec[] {
  const out = [f.value]
  if (f.unit) {
    const other = otherByteFactor(f.unit)
    if (other !== undefined) out.push(f.written.times(other))
  }
  return out
}

/**
 * Does the stated fact match the computed base value? Within its rounding,
 * plus `rel`, widened to 5% for `~`/`about`.
 */
export function matches(f: Fact, computed: Dec | number, tol: Tolerance): boolean {
  const c = typeof computed === 'number' ? dec(computed) : computed
  const rel = Math.max(tol.rel, f.approx ? 0.05 : 0)
  for (const r of readings(f)) {
    const half = r.eq(f.value) ? halfUnitBase(f) : halfUnitBase(f).times(r).div(f.value.isZero() ? 1 : f.value)
    const slack = half.plus(c.abs().times(rel))
    if (r.minus(c).abs().lte(slack)) return true
  }
  return false
}

/** The written unit reading closest to the computed value (GB vs GiB) for a fix. */
export function unitFactorFor(f: Fact, computed: Dec): Dec {
  if (!f.unit) return dec(1)
  const main = dec(f.unit.factor)
  const other = otherByteFactor(f.unit)
  if (other === undefined) return main
  // Keep the reading the document uses: the one the stated value is closer to
  // is not meaningful when the value is wrong, so use the unit as written.
  void computed
  return main
}

/**
 * Replacement text for a fact's place: the computed base value written like
 * the fact (same unit, decimals, grouping, suffix), keeping whatever follows
 * the digits inside the place (the unit and its spacing).
 */
export function replacement(f: Fact, computedBase: Dec, source: string, opts: { round?: boolean } = {}): string {
  const factor = unitFactorFor(f, computedBase)
  let written = computedBase.div(factor)
  const style = f.tok.lit.style
  const mult = style.suffix ? dec(f.tok.lit.value.div(f.tok.lit.digits.isZero() ? 1 : f.tok.lit.digits)) : dec(1)
  written = written.div(mult)
  const digitsText = source.slice(f.numPlace.start, f.numPlace.end)
  const suffix = style.suffix ?? ''
  const tail = source.slice(f.numPlace.end, f.place.end)
  let text = formatLike(written, style) + suffix
  if (text === digitsText) text = formatLike(written, style, { minDecimals: style.decimals + 1 }) + suffix
  // A whole count written with a suffix (`1k`) that the written precision
  // cannot carry (8741) is written exactly: with more decimals (`8.741k`) or
  // out in full. Parameter counts are round by nature: `56B` → `47B` for 46.7B.
  if (suffix && computedBase.div(factor).isInteger()) {
    const whole = computedBase.div(factor)
    const back = (t: string) => dec(t).times(mult)
    const rough = formatLike(written, style)
    const off = whole.isZero() ? back(rough).abs() : back(rough).minus(whole).abs().div(whole.abs())
    // So is a parameter count named by its noun, and any value written as approximate (`≈ 3.52B`).
    const roundByNature = opts.round || f.quantity === 'paramsTotal' || f.quantity === 'paramsActive' || f.noun === 'param' || f.approx
    if (!back(rough).eq(whole) && !(roundByNature && off.lte(0.05))) {
      let exact: string | undefined
      for (let extra = 1; extra <= 3 && !exact; extra++) {
        const t = formatLike(written, style, { minDecimals: style.decimals + extra })
        if (back(t).eq(whole)) exact = t
      }
      text = exact ? exact + suffix : formatLike(whole, { ...style, suffix: undefined, decimals: 0, exponent: undefined })
    }
  }
  return text + tail
}

/** A plain number for notes, in the fact's written unit. */
export function inUnit(f: Fact, base: Dec): string {
  const factor = f.unit ? dec(f.unit.factor) : dec(1)
  const unit = f.unit ? (f.unit.dim === 'percent' ? '%' : ' ' + (f.tok.unitText ?? f.unit.id)) : ''
  return show(base.div(factor)) + unit
}

export { D, dec, show }
