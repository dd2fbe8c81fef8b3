/**
 * A cost per million tokens worked out in prose: `At $2.49 per H100-hour, a GPU at 2,048 output tok/s produces 7.37M
 * output tokens per hour, so ≈ $0.34 per million output tokens`. In a paragraph or list item, each cost per hour (or
 * per GPU-hour, also times each GPU count the paragraph states) and each token rate (per second or per hour) before a
 * cost per million tokens are the readings it may be made of; the rule reports it only when it fits none, and fixes it
 * only when there is one of each.
 */
import type { Fact, ProseCostClaim } from '../facts.js'
import { NOUN_OF, PERIOD_WORDS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { lowerWord as word, type NumToken, type Token } from '../text/tokens.js'
import { currencyAt } from './expressions.js'
import { periodAfter } from './money-periods.js'
import { statedValue } from './numbers.js'
import { dec, type Dec } from '../num.js'

/** Words between a count and `tokens` (`7.37M output tokens`). */
const TOKEN_KINDS = new Set(['output', 'input', 'generated', 'prompt', 'completion', 'decode', 'total'])
/** `million`, `M` (`$1.20/M tokens`). */
const MILLION_WORDS = new Set(['million', 'm', 'mtok', 'mtokens'])

/** After an amount at number index n: `per hour`, `/h`, `per GPU-hour`, `per H100-hour`, `/GPU-hr`. */
function hourlyAfter(tokens: Token[], n: number): 'hour' | 'gpuHour' | undefined {
  const read = periodAfter(tokens, n, false)
  return read?.period === 'hour' ? (read.gpu ? 'gpuHour' : 'hour') : undefined
}

/** After an amount at number index n: `per million (output) tokens`, `per 1M tokens`, `/M tokens`, `/1M tok`. */
function perMillionAfter(tokens: Token[], n: number, byToken: Map<NumToken, Fact>): boolean {
  const a = tokens[n + 1]
  if (!(word(a) === 'per' || (a?.kind === 'op' && a.text === '/'))) return false
  const m = tokens[n + 2]
  const million = (m?.kind === 'num' && byToken.get(m)?.value.eq(1e6)) || MILLION_WORDS.has(word(m) ?? '')
  if (!million) return false
  for (let k = n + 3; k < n + 5; k++) {
    const w = word(tokens[k])
    if (w === undefined) return false
    if (NOUN_OF.get(w) === 'token' || w === 'tok' || w === 'tokens') return true
    if (!TOKEN_KINDS.has(w)) return false
  }
  return false
}

/** Tokens per hour of a count at index i: `7.37M output tokens per hour`, `8.64M tok/h`; else per second from its unit. */
function tokensPerHour(tokens: Token[], i: number, f: Fact): Dec | undefined {
  if (f.unit?.dim === 'tokenRate') return f.value.times(3600)
  if (f.unit) return undefined
  let k = i + 1
  while (TOKEN_KINDS.has(word(tokens[k]) ?? '')) k++
  const noun = word(tokens[k])
  if (!(noun === 'tok' || noun === 'tokens' || noun === 'token')) return undefined
  const per = tokens[k + 1]
  const period = word(tokens[k + 2])
  if ((word(per) === 'per' || word(per) === 'an' || word(per) === 'a' || (per?.kind === 'op' && per.text === '/')) && period && PERIOD_WORDS.get(period) === 'hour') return f.value
  return undefined
}

export function costSentencesOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): ProseCostClaim[] {
  const out: ProseCostClaim[] = []
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens || seg.table || seg.kind === 'code') continue
    const hourly: Array<{ fact: Fact; gpu: boolean }> = []
    const rates: Array<{ fact: Fact; perHour: Dec }> = []
    const counts: Dec[] = []
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]
      if (t.kind === 'num') {
        const f = byToken.get(t)
        // (An example's figures still make their own arithmetic: only a quotation is left.)
        if (!f || f.quoted) continue
        const money = k > 0 && currencyAt(tokens, k - 1)
        if (money) {
          const hour = hourlyAfter(tokens, k)
          if (hour) hourly.push({ fact: f, gpu: hour === 'gpuHour' })
          else if (perMillionAfter(tokens, k, byToken) && (statedValue(f) || (f.example && !f.quoted && f.bound === undefined)) && f.expr?.role !== 'result' && hourly.length > 0 && rates.length > 0) {
            const readings = readingsOf(hourly, rates, counts)
            // One reading: one cost, one rate (a rate per second and the same per hour are one), one GPU count.
            const single = new Set(hourly.map((h) => h.fact.value.toString())).size === 1 && new Set(rates.map((r) => r.perHour.toSignificantDigits(2).toString())).size === 1 && new Set(readings.map((r) => r.gpus.toString())).size === 1
            out.push({ perMillion: f, sign: (tokens[k - 1] as { text: string }).text, readings, single })
          }
          continue
        }
        const perHour = tokensPerHour(tokens, k, f)
        if (perHour && perHour.gt(0)) rates.push({ fact: f, perHour })
        else if (!f.unit && f.value.isInteger() && f.value.gt(1) && f.value.lte(4096) && NOUN_OF.get(word(tokens[k + 1]) ?? '') === 'gpu') counts.push(f.value)
      }
    }
  }
  return out
}

function readingsOf(hourly: Array<{ fact: Fact; gpu: boolean }>, rates: Array<{ fact: Fact; perHour: Dec }>, counts: Dec[]): ProseCostClaim['readings'] {
  const out: ProseCostClaim['readings'] = []
  for (const h of hourly) {
    // A cost per GPU-hour is one GPU's, or the GPUs' the paragraph counts (`8 GPUs`).
    const multiples = h.gpu ? [dec(1), ...counts] : [dec(1)]
    for (const n of multiples) for (const r of rates) out.push({ hourly: h.fact, gpuHour: h.gpu, gpus: n, rate: r.fact, tokensPerHour: r.perHour })
  }
  return out
}
