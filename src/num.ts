/**
 * Decimal numbers: parsing written literals, rounding intervals, and
 * formatting a value in the style of the text it replaces.
 *
 * All arithmetic that ends in a message goes through decimal.js, so no
 * message or fix ever shows float noise such as `1.0950000000000002`.
 */
import { Decimal } from 'decimal.js'

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 })
export type Dec = InstanceType<typeof D>

export function dec(x: number | string | Dec): Dec {
  return new D(x as Decimal.Value)
}

/** Multipliers written as a suffix glued to a number (`4k`, `7B`, `1.5M`). */
export const SUFFIX: Record<string, number> = {
  // `1.5 million tokens`, `2 billion parameters`: a scale word after the digits.
  ' thousand': 1e3,
  ' million': 1e6,
  ' billion': 1e9,
  ' trillion': 1e12,
  // `25.17 M parameters`: a scale letter one space after the digits.
  ' K': 1e3,
  ' M': 1e6,
  ' B': 1e9,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  B: 1e9,
  G: 1e9,
  T: 1e12,
}

/** How a literal was written, to keep the document's style in a fix. */
export interface NumberStyle {
  /** Digits after the decimal point as written. */
  decimals: number
  /** Thousands separators used (`4,096`). */
  grouping: boolean
  /** Written in e-notation (`1.5e9`): exponent as written. */
  exponent?: number
  /** Glued multiplier suffix (`k`, `B`). */
  suffix?: string
  /** Significant digits as written (for e-notation and suffix forms). */
  significant: number
  /** Written as words (`sixteen`): a fix would have to write words, so none is given. */
  inWords?: boolean
}

export interface ParsedLiteral {
  /** Value of the digits and exponent, before the suffix multiplier. */
  digits: Dec
  /** Value including the suffix multiplier. */
  value: Dec
  style: NumberStyle
  /** Half a unit of the last written digit, in the same scale as `value`. */
  halfUnit: Dec
}

/**
 * Parse a literal such as `4,096`, `4.38`, `1.5e9`, `.5`, with an optional
 * glued suffix. Returns undefined for anything else.
 */
export function parseLiteral(raw: string, suffix?: string): ParsedLiteral | undefined {
  // Literals repeat (`8`, `16`, `4,096`): parse each once. The results are frozen (shared).
  const key = suffix === undefined ? raw : raw + '\u0000' + suffix
  if (literals.has(key)) return literals.get(key)
  if (literals.size >= MAX_LITERALS) literals.clear()
  const parsed = parseLiteralOnce(raw, suffix)
  if (parsed) {
    Object.freeze(parsed.style)
    Object.freeze(parsed)
  }
  literals.set(key, parsed)
  return parsed
}

const MAX_LITERALS = 4096
const literals = new Map<string, ParsedLiteral | undefined>()
const powers = new Map<number, Dec>()
/** 10^n (shared, Decimals are immutable). */
function pow10(n: number): Dec {
  let p = powers.get(n)
  if (!p) powers.set(n, (p = dec(10).pow(n)))
  return p
}

function parseLiteralOnce(raw: string, suffix?: string): ParsedLiteral | undefined {
  // LaTeX writes thousands as `1{,}048{,}576`.
  const text = raw.includes('{') ? raw.split('{,}').join(',') : raw
  const m = /^(\d[\d,]*|)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return undefined
  const intPart = m[1].replace(/,/g, '')
  const frac = m[2] ?? ''
  if (intPart === '' && frac === '') return undefined
  const exp = m[3] === undefined ? undefined : Number(m[3])
  let digits: Dec
  try {
    digits = dec((intPart || '0') + (frac ? '.' + frac : '') + (exp === undefined ? '' : 'e' + exp))
  } catch {
    return undefined
  }
  if (!digits.isFinite()) return undefined
  const mult = suffix ? SUFFIX[suffix] ?? 1 : 1
  const value = digits.times(mult)
  // Last written digit: 10^-(decimals) scaled by exponent and multiplier.
  let unit = pow10(-frac.length)
  if (exp !== undefined) unit = unit.times(pow10(exp))
  unit = unit.times(mult)
  const sigSource = (intPart.replace(/^0+/, '') + frac).replace(/^0+/, '')
  return {
    digits,
    value,
    halfUnit: unit.div(2),
    style: {
      decimals: frac.length,
      grouping: m[1].includes(','),
      exponent: exp,
      suffix: suffix && SUFFIX[suffix] ? suffix : undefined,
      significant: Math.max(1, sigSource.length),
    },
  }
}

/**
 * Format `value` (already in the written scale: without suffix multiplier)
 * in the given style: same decimals, grouping, e-notation.
 */
export function formatLike(value: Dec, style: NumberStyle, opts: { minDecimals?: number } = {}): string {
  if (style.exponent !== undefined) {
    // Keep e-notation with the same number of significant digits.
    const sig = Math.max(1, style.significant)
    const s = value.toExponential(sig - 1)
    const [mant, e] = s.split('e')
    return mant + 'e' + (e.startsWith('+') ? e.slice(1) : e)
  }
  let decimals = Math.max(style.decimals, opts.minDecimals ?? 0)
  let fixed = value.toFixed(decimals)
  // A value that rounds to zero at the written precision gets more digits.
  if (dec(fixed).isZero() && !value.isZero()) {
    decimals = Math.min(6, decimals + 2)
    while (decimals < 6 && dec(value.toFixed(decimals)).isZero()) decimals++
    fixed = value.toFixed(decimals)
  }
  return style.grouping ? group(fixed) : fixed
}

export function group(fixed: string): string {
  const [int, frac] = fixed.split('.')
  const neg = int.startsWith('-')
  const digits = neg ? int.slice(1) : int
  let out = ''
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ','
    out += digits[i]
  }
  return (neg ? '-' : '') + out + (frac === undefined ? '' : '.' + frac)
}

/** A plain human number for notes: up to `sig` significant digits, no noise. */
export function show(x: Dec | number, sig = 4): string {
  const v = typeof x === 'number' ? dec(x) : x
  if (v.isZero()) return '0'
  const abs = v.abs()
  if (abs.gte(1e15) || abs.lt(1e-4)) {
    const s = v.toSignificantDigits(sig).toExponential()
    const [mant, exp] = s.split('e')
    return trimZeros(mant) + 'e' + (exp.startsWith('+') ? exp.slice(1) : exp)
  }
  if (v.isInteger() && abs.lt(1e7)) return group(v.toFixed(0))
  const r = v.toSignificantDigits(Math.max(sig, v.trunc().toFixed(0).replace('-', '').length))
  let s = r.toFixed()
  if (s.includes('.')) s = trimZeros(s)
  return abs.gte(1e4) ? group(s) : s
}

/** `1.500` → `1.5`, `2.000` → `2` (only for strings with a decimal point). */
function trimZeros(s: string): string {
  if (!s.includes('.')) return s
  let end = s.length
  while (end > 0 && s[end - 1] === '0') end--
  if (s[end - 1] === '.') end--
  return s.slice(0, end)
}

/** Counts with M/B/T suffixes (`46.03B`, `176.2M`). */
export function showCount(x: number | Dec, sig = 4): string {
  const v = typeof x === 'number' ? dec(x) : x
  const abs = v.abs()
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ]
  for (const [m, s] of units) {
    if (abs.gte(m)) return show(v.div(m), sig) + s
  }
  return show(v, sig)
}

/** Does `actual` lie within `tol` (absolute) of `target`? */
export function within(actual: Dec, target: Dec, tol: Dec): boolean {
  return actual.minus(target).abs().lte(tol)
}
