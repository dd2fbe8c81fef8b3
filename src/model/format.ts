/**
 * Number formatting for derivation text (notes a person checks by hand).
 *
 * Rounding goes through decimal.js so that binary float noise
 * (1.0950000000000002) never reaches a message.
 */
import { Decimal } from 'decimal.js'

function fixed(n: number, decimals: number): string {
  return new Decimal(n).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals)
}

/** Round to `digits` significant digits and print without exponent or float noise. */
export function sig(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n)
  if (n === 0) return '0'
  const d = new Decimal(n).toSignificantDigits(digits, Decimal.ROUND_HALF_UP)
  // toFixed() without argument prints plain notation; strip a trailing ".0…".
  return trimZeros(d.toFixed())
}

/** "1.2300" → "1.23", "4.0" → "4" (a loop, not a regex: linear on any input). */
function trimZeros(s: string): string {
  if (!s.includes('.')) return s
  let end = s.length
  while (end > 0 && s[end - 1] === '0') end--
  if (end > 0 && s[end - 1] === '.') end--
  return s.slice(0, end)
}

/**
 * A parameter (or any) count with a K/M/B/T suffix: 46.03B, 176.2M, 65.5K, 512.
 * Billions get two decimals, smaller units one, so the result has 3–4
 * significant digits for the sizes met in practice.
 */
export function show(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(n)
  if (a >= 1e12) return sign + fixed(a / 1e12, 2) + 'T'
  if (a >= 1e9) return sign + fixed(a / 1e9, 2) + 'B'
  if (a >= 1e6) return sign + fixed(a / 1e6, 1) + 'M'
  if (a >= 1e4) return sign + fixed(a / 1e3, 1) + 'K'
  if (Number.isInteger(a)) return sign + String(a)
  return sign + sig(a, 4)
}

/** Bytes in decimal units (GB = 1e9): `2.82 GB`, `83.9 MB`, `1,024 B`. */
export function showBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const a = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (a >= 1e12) return sign + fixed(a / 1e12, 2) + ' TB'
  if (a >= 1e9) return sign + fixed(a / 1e9, 2) + ' GB'
  if (a >= 1e6) return sign + fixed(a / 1e6, 1) + ' MB'
  if (a >= 1e3) return sign + fixed(a / 1e3, 1) + ' KB'
  return sign + sig(a, 4) + ' B'
}

/** Bytes in binary units (GiB = 2^30). */
export function showBytesBinary(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const a = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (a >= 2 ** 40) return sign + fixed(a / 2 ** 40, 2) + ' TiB'
  if (a >= 2 ** 30) return sign + fixed(a / 2 ** 30, 2) + ' GiB'
  if (a >= 2 ** 20) return sign + fixed(a / 2 ** 20, 1) + ' MiB'
  if (a >= 2 ** 10) return sign + fixed(a / 2 ** 10, 1) + ' KiB'
  return sign + sig(a, 4) + ' B'
}

/** An integer with thousands separators: 2,818,572,288. */
export function grouped(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (!Number.isInteger(n)) return sig(n, 6)
  const s = String(Math.abs(n))
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ','
    out += s[i]
  }
  return (n < 0 ? '-' : '') + out
}

/** FLOPs with a unit: 7.70e14 → "770 TFLOP". */
export function showFlops(n: number): string {
  const a = Math.abs(n)
  if (a >= 1e18) return `${sig(n / 1e18, 4)} EFLOP`
  if (a >= 1e15) return `${sig(n / 1e15, 4)} PFLOP`
  if (a >= 1e12) return `${sig(n / 1e12, 4)} TFLOP`
  if (a >= 1e9) return `${sig(n / 1e9, 4)} GFLOP`
  if (a >= 1e6) return `${sig(n / 1e6, 4)} MFLOP`
  return `${sig(n, 4)} FLOP`
}

/** A duration: "8.96 ms", "0.12 s" style (3 significant digits). */
export function showSeconds(t: number): string {
  if (!Number.isFinite(t)) return String(t)
  if (t >= 1) return `${sig(t, 3)} s`
  if (t >= 1e-3) return `${sig(t * 1e3, 3)} ms`
  return `${sig(t * 1e6, 3)} µs`
}

/** A rate in tokens/s with 3 significant digits and thousands separators. */
export function showRate(r: number): string {
  if (!Number.isFinite(r)) return String(r)
  const s = Number(sig(r, 3))
  return `${Number.isInteger(s) ? grouped(s) : sig(s, 3)} tokens/s`
}
