/**
 * Cost tables: a column (or, in a table of quantities by configuration, a row) of cost per hour, one of tokens per
 * hour or per second (or of cost and tokens per day), and one of cost per million tokens (`| $/h | Output tok/h | $ per 1M output tokens |`). Each
 * row (or column) is read as a claim that cost per 1M tokens = cost per hour ÷ (tokens per hour ÷ 1,000,000); the
 * token-cost rule checks it. A cost per GPU-hour with a GPU count stands for the cost per hour.
 */
import type { CostClaim, Fact, NumericTable } from '../facts.js'
import type { Segment } from '../text/segments.js'
import { configurationsOf } from './numeric-tables.js'
import { ASIDE_COLUMN, GPU_COUNT_LABEL, MONEY_LABEL, PER_DAY_LABEL, PER_GPU_HOUR_LABEL, PER_HOUR_LABEL, columnOf, tokenRateColumn } from '../lexicon/columns.js'

type Kind = 'perHour' | 'perGpuHour' | 'perDay' | 'gpus' | 'tokPerHour' | 'tokPerSec' | 'tokPerDay' | 'perMillion'

interface Role {
  kind: Kind
  /** What the figure is of (`per replica`, `per node`), if the label says: cost and tokens pair only over the same whole. */
  of?: string
  /** The multiple the column's numbers are written in (`M tokens / hr`: 1,000,000). */
  scale?: number
}

const DERIVATION_PAREN = /\([^()\d]*\d[^()]*\)/g

/** What a header or row label names, when it is one of the cost quantities (currency signs and words, rates). */
function roleOf(label: string): Role | undefined {
  // `fleet cost ($2.20/GPU-hr × 48)`: a parenthesis with numbers derives the figure; only a bare one names its unit.
  const t = label.toLowerCase().replace(DERIVATION_PAREN, ' ').replace(/\s+/g, ' ').trim()
  // A target, a share or a comparison is no figure of the configuration.
  if (ASIDE_COLUMN.test(t)) return undefined
  const money = MONEY_LABEL.test(t)
  if (money && /(per|\/) ?(1m|1 m|million|1,000,000|mtok|m tok)/.test(t)) return { kind: 'perMillion' }
  if (money && PER_GPU_HOUR_LABEL.test(t)) return { kind: 'perGpuHour' }
  const of = columnOf(t)
  if (money && PER_HOUR_LABEL.test(t)) return { kind: 'perHour', of }
  if (money && PER_DAY_LABEL.test(t)) return { kind: 'perDay', of }
  if (money) return undefined
  const rate = tokenRateColumn(t)
  // `M output tokens / hr`, `Million tok/h`: a count in millions.
  if (rate) return { kind: rate === 'hour' ? 'tokPerHour' : rate === 'day' ? 'tokPerDay' : 'tokPerSec', of, scale: /^(m|million|millions|mtok)\b/.test(t) || /\b(m|million|millions)\s+(output |input )?tok/.test(t) ? 1e6 : undefined }
  if (GPU_COUNT_LABEL.test(t)) return { kind: 'gpus', of }
  return undefined
}

export function costTablesOf(tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>): CostClaim[] {
  const out: CostClaim[] = []
  for (const { roles, configs } of configurationsOf(tables, numeric, factsOf, roleOf, (rs) => rs.some((r) => r?.kind === 'perMillion'))) {
    for (const cell of configs) {
      const claim = claimOf(roles, cell)
      if (claim) out.push(claim)
    }
  }
  return out
}

/** One configuration's claim: the roles of the lines (columns or rows) and the cell of each line. */
function claimOf(roles: Array<Role | undefined>, cell: (line: number) => Fact | undefined): CostClaim | undefined {
  const one = (kind: Kind, of?: string | null): number => {
    const lines = roles.flatMap((r, i) => (r?.kind === kind && (of === null || r.of === of) ? [i] : []))
    return lines.length === 1 ? lines[0] : -1
  }
  const m = one('perMillion', null)
  const perMillion = m >= 0 ? cell(m) : undefined
  if (!perMillion) return undefined
  // The cost per hour and the tokens of one whole (both of the replica, or both unscoped).
  for (const of of [undefined, ...new Set(roles.map((r) => r?.of).filter((x): x is string => x !== undefined))]) {
    // `| output tokens/day | GPU cost/day | $ per 1M output tokens |`: a day's cost over a day's tokens.
    const d = one('perDay', of)
    const td = one('tokPerDay', of)
    const perDay = d >= 0 ? cell(d) : undefined
    const dayTokens = td >= 0 ? cell(td) : undefined
    if (perDay && dayTokens && !dayTokens.unit) return { perMillion, tokens: dayTokens, tokensPer: 'day', tokensScale: roles[td]?.scale ?? 1, perDay }
    const h = one('perHour', of)
    const g = one('perGpuHour', null)
    const n = one('gpus', of)
    const th = one('tokPerHour', of)
    const ts = one('tokPerSec', of)
    const tokens = th >= 0 ? cell(th) : ts >= 0 ? cell(ts) : undefined
    // (`1.597 B` read as bytes: a count written with a unit other than a rate is not read.)
    if (!tokens || (tokens.unit && tokens.unit.dim !== 'tokenRate')) continue
    const perHour = h >= 0 ? cell(h) : undefined
    const perGpuHour = !perHour && g >= 0 ? cell(g) : undefined
    // (`| H100 80 GB |` under `GPU` names the GPU: a count of GPUs is a bare number.)
    const count = perGpuHour && n >= 0 ? cell(n) : undefined
    const gpus = count && !count.unit ? count : undefined
    if (!perHour && !(perGpuHour && gpus)) continue
    return { perMillion, tokens, tokensPer: th >= 0 ? 'hour' : 'second', tokensScale: roles[th >= 0 ? th : ts]?.scale ?? 1, perHour, perGpuHour, gpus }
  }
  return undefined
}
