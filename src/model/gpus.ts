/**
 * GPU lookup by the names documents use: "8×H200", "H100 80GB HBM3",
 * "A100-40GB", "MI300X", "4x L40S".
 */
import { GPU_TABLE, type GpuSpec } from './gpu-table.js'

export { GPU_TABLE, type GpuSpec } from './gpu-table.js'

const SEPARATORS = new Set([' ', '-', '_', '(', ')', ',', '/', '\u2010', '\u2011', '\u2012', '\u2013', '\u00a0'])

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || isDigit(c))
}

/**
 * Lowercase; runs of separators (space, -, _, parentheses, commas, slashes)
 * become one space; "80 gb" becomes "80gb". Linear time.
 */
export function normalizeGpuText(text: string): string {
  const t = text.toLowerCase()
  // Runs of kept characters are sliced and joined once: appending a character
  // at a time builds a string V8 handles in superlinear time on long input.
  const parts: string[] = []
  let last = ''
  let runStart = -1
  let pendingSpace = false
  for (let i = 0; i < t.length; i++) {
    const c = t[i]
    if (SEPARATORS.has(c) || /\s/.test(c)) {
      if (runStart >= 0) {
        parts.push(t.slice(runStart, i))
        last = t[i - 1]
        runStart = -1
      }
      pendingSpace = parts.length > 0
      continue
    }
    if (runStart >= 0) continue
    if (pendingSpace) {
      // Join a size to its unit: "80 gb" → "80gb" (only "gb"/"tb" as a whole word).
      const unit = (c === 'g' || c === 't') && t[i + 1] === 'b' && !isAlnum(t[i + 2]) && isDigit(last)
      if (!unit) parts.push(' ')
      pendingSpace = false
    }
    runStart = i
  }
  if (runStart >= 0) parts.push(t.slice(runStart))
  return parts.join('')
}

interface AliasEntry {
  alias: string
  norm: string
  gpu: GpuSpec
}

const ALIASES: AliasEntry[] = GPU_TABLE.flatMap((gpu) =>
  [gpu.id, ...gpu.aliases].map((alias) => ({ alias, norm: normalizeGpuText(alias), gpu })),
)

function leftOk(t: string, i: number): boolean {
  if (i === 0) return true
  const p = t[i - 1]
  if (!isAlnum(p)) return true
  // "8xH100": a count written with x directly before the name.
  return p === 'x' && isDigit(t[i - 2])
}

function rightOk(t: string, j: number): boolean {
  if (j >= t.length) return true
  const n = t[j]
  if (!isAlnum(n)) return true
  // Plural "A100s", and "H100x8".
  if (n === 's' && !isAlnum(t[j + 1])) return true
  return n === 'x' && isDigit(t[j + 1])
}

export interface GpuMatch {
  gpu: GpuSpec
  /** The alias (as listed in the table) that matched. */
  alias: string
}

/**
 * The best GPU entry mentioned in `text`: the longest alias match
 * (case-insensitive, word-bounded), the earliest one on ties. "A100" alone
 * is the 80 GB part, "H100" alone the SXM part.
 */
export function findGpuMatch(text: string): GpuMatch | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined
  const t = normalizeGpuText(text)
  let best: { e: AliasEntry; at: number } | undefined
  for (const e of ALIASES) {
    if (best && e.norm.length < best.e.norm.length) continue
    let from = 0
    for (;;) {
      const at = t.indexOf(e.norm, from)
      if (at < 0) break
      if (leftOk(t, at) && rightOk(t, at + e.norm.length)) {
        if (!best || e.norm.length > best.e.norm.length || (e.norm.length === best.e.norm.length && at < best.at)) {
          best = { e, at }
        }
        break
      }
      from = at + 1
    }
  }
  return best ? { gpu: best.e.gpu, alias: best.e.alias } : undefined
}

/** The best GPU entry mentioned in `text` (see findGpuMatch). */
export function findGpu(text: string): GpuSpec | undefined {
  return findGpuMatch(text)?.gpu
}

/** The entry with this id (Hardware.gpuType), case-insensitive. */
export function gpuById(id: string): GpuSpec | undefined {
  const k = typeof id === 'string' ? id.toLowerCase() : ''
  return GPU_TABLE.find((g) => g.id.toLowerCase() === k)
}

/** Memory per GPU in bytes (as sold, GB = 1e9). */
export function gpuMemoryBytes(gpu: GpuSpec): number {
  return gpu.memoryGB * 1e9
}
