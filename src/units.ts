/**
 * Units that may follow a number. Data, not code: one row per spelling.
 * `factor` converts to the base unit of the dimension:
 * bytes, bytes/s, bits/s, FLOP/s, FLOP, tokens/s, requests/s, seconds, percent, ratio.
 */
import { dec, type Dec } from './num.js'

export type Dimension =
  | 'bytes'
  | 'byteRate'
  | 'bitRate'
  | 'flopRate'
  | 'flops'
  | 'tokenRate'
  | 'requestRate'
  | 'time'
  | 'percent'
  | 'ratio'

export interface Unit {
  /** Canonical spelling. */
  id: string
  dim: Dimension
  factor: number
  /** Binary prefix (GiB, MiB): the unit the GB/GiB ambiguity is about. */
  binary?: boolean
  /** Decimal prefix on bytes (GB, MB): a document may mean GiB by it. */
  decimalBytes?: boolean
}

const G = 1e9
const GI = 2 ** 30

/** Spellings, longest first within each group; matched case-sensitively unless `ci`. */
const TABLE: Array<[string[], Unit, boolean?]> = [
  // rates of bytes and bits
  [['TB/s', 'TBps', 'TB/sec'], { id: 'TB/s', dim: 'byteRate', factor: 1e12 }],
  [['GB/s', 'GBps', 'GB/sec', 'GByte/s'], { id: 'GB/s', dim: 'byteRate', factor: G }],
  [['GiB/s'], { id: 'GiB/s', dim: 'byteRate', factor: GI, binary: true }],
  [['MB/s', 'MBps'], { id: 'MB/s', dim: 'byteRate', factor: 1e6 }],
  [['Tb/s', 'Tbps', 'Tbit/s'], { id: 'Tb/s', dim: 'bitRate', factor: 1e12 }],
  [['Gb/s', 'Gbps', 'Gbit/s'], { id: 'Gb/s', dim: 'bitRate', factor: G }],
  // compute
  [['PFLOPS', 'PFLOP/s', 'PFLOPs', 'PFlops'], { id: 'PFLOPS', dim: 'flopRate', factor: 1e15 }],
  [['TFLOPS', 'TFLOP/s', 'TFLOPs', 'TFlops', 'TFLOP/sec', 'TF/s'], { id: 'TFLOPS', dim: 'flopRate', factor: 1e12 }],
  [['GFLOPS', 'GFLOP/s', 'GFLOPs'], { id: 'GFLOPS', dim: 'flopRate', factor: 1e9 }],
  // counts of operations (`≈ 9.66 GFLOP` per token); the plural `FLOPs` stays unread (a count or a rate).
  [['EFLOP'], { id: 'EFLOP', dim: 'flops', factor: 1e18 }],
  [['PFLOP'], { id: 'PFLOP', dim: 'flops', factor: 1e15 }],
  [['TFLOP'], { id: 'TFLOP', dim: 'flops', factor: 1e12 }],
  [['GFLOP'], { id: 'GFLOP', dim: 'flops', factor: 1e9 }],
  [['MFLOP'], { id: 'MFLOP', dim: 'flops', factor: 1e6 }],
  // token and request rates
  [
    ['tokens/ms', 'tokens / ms', 'token/ms', 'tok/ms', 'tokens per ms', 'tokens per millisecond', 'tokens/millisecond'],
    { id: 'tokens/ms', dim: 'tokenRate', factor: 1000 },
  ],
  [
    [
      'tokens/sec',
      'tokens/s',
      'tokens / s',
      'tokens/second',
      'token/s',
      'tok/sec',
      'tok/s',
      'tokens per second',
      'tokens per sec',
      'toks/s',
      'tps',
      'TPS',
    ],
    { id: 'tokens/s', dim: 'tokenRate', factor: 1 },
  ],
  [['tokens/min', 'tokens per minute', 'tok/min'], { id: 'tokens/min', dim: 'tokenRate', factor: 1 / 60 }],
  [['requests/s', 'req/s', 'requests per second', 'QPS', 'RPS', 'qps', 'rps'], { id: 'req/s', dim: 'requestRate', factor: 1 }],
  // bytes
  // `4.25 bits` per parameter: an eighth of a byte.
  [['bits', 'bit'], { id: 'bits', dim: 'bytes', factor: 0.125 }],
  [['TiB', 'tebibytes', 'tebibyte'], { id: 'TiB', dim: 'bytes', factor: 2 ** 40, binary: true }],
  [['GiB', 'gibibytes', 'gibibyte'], { id: 'GiB', dim: 'bytes', factor: GI, binary: true }],
  [['MiB', 'mebibytes', 'mebibyte'], { id: 'MiB', dim: 'bytes', factor: 2 ** 20, binary: true }],
  [['KiB', 'kibibytes', 'kibibyte'], { id: 'KiB', dim: 'bytes', factor: 1024, binary: true }],
  [['TB', 'terabytes', 'terabyte'], { id: 'TB', dim: 'bytes', factor: 1e12, decimalBytes: true }],
  [['GB', 'Gb', 'gigabytes', 'gigabyte'], { id: 'GB', dim: 'bytes', factor: G, decimalBytes: true }],
  [['MB', 'megabytes', 'megabyte'], { id: 'MB', dim: 'bytes', factor: 1e6, decimalBytes: true }],
  [['KB', 'kB', 'kilobytes', 'kilobyte'], { id: 'kB', dim: 'bytes', factor: 1e3, decimalBytes: true }],
  [['bytes', 'byte', 'B'], { id: 'bytes', dim: 'bytes', factor: 1 }],
  // time
  [['microseconds', 'microsecond', 'µs', 'μs', 'us'], { id: 'µs', dim: 'time', factor: 1e-6 }],
  [['milliseconds', 'millisecond', 'msec', 'ms'], { id: 'ms', dim: 'time', factor: 1e-3 }],
  [['seconds', 'second', 'secs', 'sec', 's'], { id: 's', dim: 'time', factor: 1 }],
  [['minutes', 'minute', 'mins', 'min'], { id: 'min', dim: 'time', factor: 60 }],
  [['hours', 'hour', 'hrs', 'hr', 'h'], { id: 'h', dim: 'time', factor: 3600 }],
  [['days', 'day'], { id: 'days', dim: 'time', factor: 86400 }],
  [['weeks', 'week'], { id: 'weeks', dim: 'time', factor: 7 * 86400 }],
  [['years', 'year'], { id: 'years', dim: 'time', factor: 365 * 86400 }],
  // percent and ratios
  [['%', 'percent'], { id: '%', dim: 'percent', factor: 1 }],
  [['×', 'x', 'X'], { id: 'x', dim: 'ratio', factor: 1 }],
]

interface Spelling {
  text: string
  unit: Unit
}

const SPELLINGS: Spelling[] = TABLE.flatMap(([texts, unit]) => texts.map((text) => ({ text, unit }))).sort(
  (a, b) => b.text.length - a.text.length,
)

/** Units that may be glued to the number or follow one space. */
const BY_FIRST = new Map<string, Spelling[]>()
for (const s of SPELLINGS) {
  const k = s.text[0]
  const list = BY_FIRST.get(k) ?? []
  list.push(s)
  BY_FIRST.set(k, list)
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c)
}

/**
 * Match a unit in `text` at `pos` (no leading space). Returns the spelling
 * and unit, or undefined. The unit must end at a word boundary, and the
 * single letters (`s`, `h`, `x`, `G`) only when glued or clearly a unit.
 */
export function matchUnit(text: string, pos: number, glued: boolean): { text: string; unit: Unit } | undefined {
  const list = BY_FIRST.get(text[pos])
  if (!list) return undefined
  for (const s of list) {
    if (!text.startsWith(s.text, pos)) continue
    const next = text[pos + s.text.length]
    const last = s.text[s.text.length - 1]
    if (s.unit.dim !== 'percent' && isWordChar(last) && isWordChar(next)) continue
    if (s.unit.dim === 'ratio') {
      // `4x4` is a product, `1.67x faster` a ratio.
      if (next !== undefined && /[\w(]/.test(next)) continue
      if (!glued) continue
    }
    if (s.text.length === 1 && s.unit.dim !== 'percent' && s.unit.dim !== 'ratio' && !glued) {
      // A lone `s` or `h` after a space is a unit only when nothing word-like follows (`8.5 s,`).
      if (!(s.text === 's' || s.text === 'h' || s.text === 'B') || (next !== undefined && /[\w'’-]/.test(next))) continue
    }
    if (s.text === 'Gb' && !glued) continue
    // `7B` glued is seven billion, `70,272 B` spaced is bytes.
    if (s.text === 'B' && glued) continue
    return { text: s.text, unit: s.unit }
  }
  return undefined
}

/** Value in base units. */
export function toBase(value: Dec, unit: Unit | undefined): Dec {
  return unit ? value.times(unit.factor) : value
}

export function fromBase(value: Dec, unit: Unit | undefined): Dec {
  return unit ? value.div(unit.factor) : value
}

/** The other reading of a byte unit: GB ↔ GiB factor, or undefined. */
export function otherByteFactor(unit: Unit): number | undefined {
  if (unit.dim !== 'bytes') return undefined
  const table: Record<string, number> = {
    GB: GI,
    GiB: G,
    MB: 2 ** 20,
    MiB: 1e6,
    TB: 2 ** 40,
    TiB: 1e12,
    kB: 1024,
    KiB: 1000,
  }
  return table[unit.id]
}

export function unitById(id: string): Unit | undefined {
  return SPELLINGS.find((s) => s.unit.id === id)?.unit
}

export { dec }

/** Unit suffixes of config keys and flags (`gpu_memory_gb`, `--swap-space-gib`, `timeout_ms`), lower case. */
const KEY_SUFFIX: Record<string, string> = { gb: 'GB', gib: 'GiB', mb: 'MB', mib: 'MiB', tb: 'TB', tib: 'TiB', ms: 'ms' }

/** The unit a config key's suffix names (`gb` → GB), if any. */
export function keySuffixUnit(suffix: string): Unit | undefined {
  const spelled = KEY_SUFFIX[suffix.toLowerCase()]
  return spelled ? matchUnit(spelled, 0, true)?.unit : undefined
}

/** Whether a text (a column header) names a unit of this dimension anywhere (`Output tok/s per GPU`). */
export function mentionsUnit(text: string, dim: Unit['dim']): boolean {
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && /[A-Za-z0-9]/.test(text[i - 1])) continue
    if (matchUnit(text, i, false)?.unit.dim === dim) return true
  }
  return false
}
