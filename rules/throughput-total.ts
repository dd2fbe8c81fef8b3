/**
 * deployment-throughput-total: a token rate of the whole deployment (`Total decode throughput: 1,040 tokens/s`,
 * `the cluster decodes 5,760 tokens/s in total`) = the stated per-GPU rate × the GPUs.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import { type Cue, cuesOfText } from '../src/lexicon/cues.js'
import { setupsApart } from '../src/claims.js'
import { configOf, configSectionsOf } from '../src/configs.js'
import { matches, replacement, type Tolerance } from '../src/compare.js'
import { dec, show } from '../src/num.js'
import { lineOf } from '../src/lines.js'
import { mentionsUnit } from '../src/units.js'

/** Cue classes of a fact's own clause, its label, and its table row label and column header (not the section's words). */
function ownCues(a: Analysis, f: Fact, byClause: Map<number, Set<Cue>>): Set<Cue> {
  let cues = byClause.get(f.clause)
  if (!cues) {
    const c = a.x.clauses[f.clause]
    cues = cuesOfText(c.seg.text.slice(c.start, c.end))
    for (const k of c.labelCues) cues.add(k)
    const t = f.seg.table
    if (t) for (const k of [...cuesOfText(a.x.tables[t.id]?.[t.row]?.[0]?.text ?? ''), ...cuesOfText(t.header[t.col] ?? '')]) cues.add(k)
    byClause.set(f.clause, cues)
  }
  return cues
}

/** What a table cell's column header says: that it holds token rates, and that they are the cluster's. */
interface Column {
  rate: boolean
  cluster: boolean
}

function columnOf(f: Fact, cache: Map<string, Column>): Column {
  const t = f.seg.table!
  const key = `${t.id}:${t.col}`
  let c = cache.get(key)
  if (!c) {
    const header = t.header[t.col] ?? ''
    cache.set(key, (c = { rate: mentionsUnit(header, 'tokenRate'), cluster: cuesOfText(header).has('clusterRate') }))
  }
  return c
}

/** The per-GPU rate's rounding carries into a product of it (at least 1%). */
function rateSlack(rate: Fact): Tolerance {
  return { rel: Math.max(0.01, rate.tok.lit.halfUnit.times(rate.unit?.factor ?? 1).div(rate.value).toNumber()) }
}

/**
 * Rows of a table with a per-GPU rate column, a GPU column and a total rate column
 * (`| 8×H100 | TP8 + EP8 | 610 | 8 | 5,480 |`): each row's total = its rate × its GPUs.
 */
function rowTotals(a: Analysis): Finding[] {
  const out: Finding[] = []
  const rows = new Map<string, Fact[]>()
  for (const f of a.x.facts) {
    const t = f.seg.table
    if (!t || t.row === 0 || f.quoted || f.example) continue
    const key = `${t.id}:${t.row}`
    const list = rows.get(key) ?? []
    list.push(f)
    rows.set(key, list)
  }
  const columns = new Map<string, Column>()
  for (const list of rows.values()) {
    // Token rates: by their unit, or by a column header that names one (`Output tok/s per GPU`).
    const rates = list.filter((f) => f.seg.table!.col > 0 && (f.unit?.dim === 'tokenRate' || (!f.unit && columnOf(f, columns).rate)))
    const per = rates.filter((f) => f.perGpuContext && !f.scopes.has('cluster') && !columnOf(f, columns).cluster)
    const totals = rates.filter((f) => (f.scopes.has('cluster') || columnOf(f, columns).cluster) && !f.perGpuContext)
    const gpus = list.filter((f) => f.quantity === 'gpus' && !f.unit)
    if (per.length !== 1 || totals.length !== 1 || new Set(gpus.map((g) => g.value.toString())).size !== 1) continue
    const [rate, total, n] = [per[0], totals[0], gpus[0]]
    const expected = rate.value.times(n.value)
    const factor = total.unit?.factor ?? 1
    if (matches(total, expected, rateSlack(rate))) continue
    const fix = replacement(total, expected, a.x.source, { round: true })
    const shown = `${rate.text} per GPU × ${n.text} GPUs = ${show(expected.div(factor))}`
    out.push({
      place: total.place,
      reason: `Unexpected total throughput \`${total.text}\`, expected \`${fix}\`: ${shown}`,
      expected: fix,
      note: `on line ${lineOf(a.x.source, total.place.start)} the row's per-GPU rate ${rate.text} × its ${n.text} GPUs = ${show(expected.div(factor))}, not ${total.text}`,
      fact: total,
      correct: expected,
    })
  }
  return out
}

/** Decode or prefill, when the words say one and not the other. */
function phase(cues: Set<Cue>): 'decode' | 'prefill' | undefined {
  const d = cues.has('outputRate')
  const p = cues.has('inputRate')
  return d === p ? undefined : d ? 'decode' : 'prefill'
}

/** A stated token rate (not quoted, an example, a bound, a target or another setup's). */
function stated(a: Analysis, f: Fact, cues: Set<Cue>): boolean {
  return f.unit?.dim === 'tokenRate' && !f.quoted && !f.negated && !f.example && f.bound === undefined && !f.alt && !a.resolved.rowFacts.has(f) && !cues.has('rateAside') && !cues.has('hypothetical')
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const perGpu: Array<{ f: Fact; phase?: 'decode' | 'prefill' }> = []
  const totals: Array<{ f: Fact; phase?: 'decode' | 'prefill' }> = []
  const byClause = new Map<number, Set<Cue>>()
  const gpusByClause = new Map<number, Fact[]>()
  for (const g of a.x.facts) {
    if (g.quoted || g.bound !== undefined || !(g.quantity === 'gpus' || (!g.quantity && g.noun === 'gpu' && !g.unit && g.scopes.size === 0))) continue
    const list = gpusByClause.get(g.clause) ?? []
    list.push(g)
    gpusByClause.set(g.clause, list)
  }
  for (const f of a.x.facts) {
    if (f.unit?.dim !== 'tokenRate') continue
    const cues = ownCues(a, f, byClause)
    if (!stated(a, f, cues)) continue
    // `…, so the 16 GPUs deliver about 9,200 tok/s`: a rate of no one GPU in a clause that counts the GPUs is theirs.
    const counted = gpusByClause.get(f.clause)
    const cluster = cues.has('clusterRate') || (f.scopes.size === 0 && counted?.length === 1 && counted[0].place.start < f.place.start)
    if (!cluster && (f.scopes.has('gpu') ? f.scopes.size === 1 : f.scopes.size === 0 && f.perGpuContext)) perGpu.push({ f, phase: phase(cues) })
    else if (cluster && (f.scopes.size === 0 || (f.scopes.size === 1 && f.scopes.has('cluster'))) && !f.inCode && !f.expr) totals.push({ f, phase: phase(cues) })
  }
  out.push(...rowTotals(a))
  if (perGpu.length === 0 || totals.length === 0) return out
  // GPU counts by clause (`over 64 GPUs`).
  const configs = configSectionsOf(a)
  const conflicted = a.resolved.conflicts.some((c) => c.quantity === 'gpus' && c.winner === undefined)
  for (const { f, phase: p } of totals) {
    // The per-GPU rate of the same phase; several values leave the claim unchecked.
    let rates = perGpu.filter((r) => !p || !r.phase || r.phase === p)
    const one = (list: typeof rates): boolean => new Set(list.map((r) => r.f.value.toString())).size === 1
    // Several rates: those of the claim's own configuration, then those whose words say per GPU (not only their section).
    if (!one(rates)) {
      const own = configOf(f.seg.section, configs)
      const same = rates.filter((r) => configOf(r.f.seg.section, configs) === own)
      if (one(same)) rates = same
    }
    // A claim of one configuration never takes another configuration's rate.
    const home = configOf(f.seg.section, configs)
    if (home) rates = rates.filter((r) => [home, undefined].includes(configOf(r.f.seg.section, configs)))
    if (!one(rates)) rates = rates.filter((r) => r.f.scopes.has('gpu'))
    if (!one(rates)) continue
    const rate = rates[0].f
    // GPUs the claim's own clause names (`a total of 5,760 tok/s over 64 GPUs`), else the plan's: the stated count
    // and the grid's readings (a wrong stated count is deployment-gpu-count's, not this claim's).
    const own = gpusByClause.get(f.clause) ?? []
    const counts = new Map<number, string>()
    if (own.length === 1) counts.set(own[0].value.toNumber(), `${own[0].text} GPUs (line ${lineOf(a.x.source, own[0].place.start)})`)
    else {
      if (conflicted || setupsApart(a, ['gpus', 'tp', 'pp', 'dp'], f) || setupsApart(a, ['gpus', 'tp', 'pp', 'dp'], rate)) continue
      const input = a.resolved.inputs.get('gpus')
      if (input) counts.set(input.value, `${show(dec(input.value))} GPUs`)
      const grid = a.derived.readings.get('gpus') ?? []
      // The grid's readings count when no GPU count is stated or the stated one fits none of them.
      if (!input || !grid.some((r) => r.value === input.value)) for (const r of grid) if (!counts.has(r.value)) counts.set(r.value, `${show(dec(r.value))} GPUs (${r.derivation})`)
    }
    const readings = [...counts].filter(([n]) => Number.isInteger(n) && n >= 1).map(([n, from]) => ({ value: rate.value.times(n), from }))
    if (readings.length === 0) continue
    const slack = rateSlack(rate)
    if (readings.some((r) => matches(f, r.value, slack))) continue
    const unit = f.tok.unitText ?? f.unit!.id
    const shown = readings.map((r) => `${rate.text} per GPU × ${r.from} = ${show(r.value.div(f.unit!.factor))} ${unit}`)
    // One reading: its value is the fix; several (a stated GPU count the grid contradicts): no single right value.
    const fix = readings.length === 1 ? replacement(f, readings[0].value, a.x.source, { round: true }) : undefined
    out.push({
      place: f.place,
      reason: fix ? `Unexpected total throughput \`${f.text}\`, expected \`${fix}\`: ${shown[0]}` : `Unexpected total throughput \`${f.text}\`: ${shown.join('; ')}`,
      expected: fix,
      note: `the per-GPU rate ${rate.text} (line ${lineOf(a.x.source, rate.place.start)}) × the GPUs: ${shown.join('; ')}; not ${f.text}`,
      fact: f,
      correct: fix ? readings[0].value : undefined,
      relation: { key: 'throughput-total', blames: 'throughputTotal', uses: ['throughputPerGpu', 'gpus'] },
    })
  }
  return out
}

export const docs = {
  summary: 'A token rate of the whole deployment must be the stated per-GPU rate × the GPUs.',
  description: [
    'Read where the document states one token rate per GPU (`65 tokens/s per GPU`, a row `Output tokens/s per GPU`) and',
    'a rate its words call the total (`total`, `aggregate`, `cluster`, `overall`): total = per-GPU rate × GPUs, the GPUs',
    "being those the claim's own clause names (`over 64 GPUs`) or else the plan's GPU count. Decode and prefill rates",
    'are kept apart; targets, baselines, estimates, bounds, examples, quoted values and table rows of several',
    'configurations are not claims; two different per-GPU rates of one phase leave the total unchecked. Tolerance: 1%',
    "or the per-GPU rate's rounding, plus the claim's own rounding. In a table with a per-GPU rate column (its header says",
    "per GPU), a GPU column and a total rate column (`total`, `cluster`), each row's total is checked the same way.",
  ].join('\n'),
}

export default defineRule('throughput-total', docs, check)
export { check }
