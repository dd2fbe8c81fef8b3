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
