/**
 * Rate tables: a column (or, in a table of quantities by configuration, a row) of token rates per GPU beside one or
 * more rates of a whole (a replica, a node, the deployment) of the same configuration (`| Output tok/s per replica |
 * Output tok/s per GPU |`). Each configuration is read as a claim that the whole's rate is the per-GPU rate times a
 * whole number of GPUs; the rate-per-gpu rule checks it.
 */
import type { Fact, NumericTable, PerGpuRateClaim } from '../facts.js'
import { cuesOfText } from '../lexicon/cues.js'
import { ASIDE_COLUMN, GPU_COLUMN_OF, USER_COLUMN_OF, columnOf, statisticOf, tokenRateColumn } from '../lexicon/columns.js'
import { slashAsPer } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { configurationsOf } from './numeric-tables.js'

type Role = { kind: 'perGpu' | 'whole' | 'gpus'; phase?: 'in' | 'out'; statistic?: string }

/** What a header or row label names: a token rate per GPU, a token rate of a whole, or a GPU count. */
function roleOf(label: string): Role | undefined {
  const t = slashAsPer(label.toLowerCase().replace(/\s+/g, ' ')).trim()
  if (/^(#\s*)?gpus?( count| total| per replica| per instance)?$/.test(t)) return { kind: 'gpus' }
  if (tokenRateColumn(t) !== 'second') return undefined
  // A share, a target or a rate of a user: no whole of GPUs.
  const of = columnOf(t)
  if (ASIDE_COLUMN.test(t) || (of !== undefined && USER_COLUMN_OF.has(of))) return undefined
  const cues = cuesOfText(t)
  const phase = cues.has('inputRate') ? 'in' : cues.has('outputRate') ? 'out' : undefined
  return { kind: of !== undefined && GPU_COLUMN_OF.has(of) ? 'perGpu' : 'whole', phase, statistic: statisticOf(t) }
}

export function rateTablesOf(tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>): PerGpuRateClaim[] {
  const out: PerGpuRateClaim[] = []
  const wanted = (rs: Array<Role | undefined>): boolean => rs.some((r) => r?.kind === 'perGpu') && rs.some((r) => r?.kind === 'whole')
  for (const { roles, configs } of configurationsOf(tables, numeric, factsOf, roleOf, wanted)) {
    for (const at of configs) {
      roles.forEach((role, i) => {
        if (role?.kind !== 'perGpu') return
        const perGpu = at(i)
        if (!perGpu) return
        const wholes: Fact[] = []
        let gpus: Fact | undefined
        const gpuCounts: Fact[] = []
        roles.forEach((other, j) => {
          // A count of GPUs is a bare number (`A100 40GB` under `GPU` names the GPU).
          const g = other?.kind === 'gpus' ? at(j) : undefined
          if (g && !g.unit) {
            gpuCounts.push(g)
            gpus = g
          }
          if (other?.kind !== 'whole' || (other.phase && role.phase && other.phase !== role.phase)) return
          // `Peak tok/s per GPU` beside `Avg output tok/s`: an average is no peak times a count of GPUs.
          if ((other.statistic ?? role.statistic) !== (role.statistic ?? other.statistic)) return
          const w = at(j)
          if (w) wholes.push(w)
        })
        if (wholes.length > 0) out.push({ perGpu, wholes, gpus, gpuCounts })
      })
    }
  }
  return out
}
