// Aggregates plan scores into the bench's numbers and prints them.
import type {PlanScore} from './score.js'

interface Tally {
  plans: number
  planted: number
  found: number
  fixed: number
  cleanAlarms: number
  cleanPlansWithAlarms: number
  errorAlarms: number
  warnings: number
}

const empty = (): Tally => ({plans: 0, planted: 0, found: 0, fixed: 0, cleanAlarms: 0, cleanPlansWithAlarms: 0, errorAlarms: 0, warnings: 0})

function add(t: Tally, s: PlanScore): void {
  t.plans++
  t.planted += s.planted.length
  t.found += s.found.length
  t.fixed += s.fixed.length
  t.cleanAlarms += s.cleanAlarms.length
  t.cleanPlansWithAlarms += s.cleanAlarms.length > 0 ? 1 : 0
  t.errorAlarms += s.errorAlarms.length
  t.warnings += s.warnings
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000)

function numbers(t: Tally) {
  const alarms = t.cleanAlarms + t.errorAlarms
  return {
    plans: t.plans,
    plantedErrors: t.planted,
    found: t.found,
    recall: ratio(t.found, t.planted),
    // Warnings on planted lines over all warnings (several warnings on one planted line all count as right).
    precision: ratio(t.warnings - alarms, t.warnings),
    fixAccuracy: ratio(t.fixed, t.found),
    warningsOnCleanPlans: t.cleanAlarms,
    cleanPlansWithWarnings: t.cleanPlansWithAlarms,
    falseAlarmsOnErrorPlans: t.errorAlarms,
  }
}

export function summarize(scores: PlanScore[], seed: number) {
  const total = empty()
  const byStyle = new Map<string, Tally>()
  const byKind = new Map<string, {planted: number; found: number; fixed: number}>()
  const readsByKind = new Map<string, {n: number; value: number; line: number}>()
  const readsByPhrasing = new Map<string, {n: number; value: number; line: number}>()
  const alarmsByRule = new Map<string, number>()
  for (const s of scores) {
    add(total, s)
    if (!byStyle.has(s.style)) byStyle.set(s.style, empty())
    add(byStyle.get(s.style)!, s)
    for (const e of s.planted) {
      const k = byKind.get(e.kind) ?? {planted: 0, found: 0, fixed: 0}
      k.planted++
      if (s.found.includes(e)) k.found++
      if (s.fixed.includes(e)) k.fixed++
      byKind.set(e.kind, k)
    }
    for (const r of s.reads) {
      for (const [map, key] of [[readsByKind, r.kind], [readsByPhrasing, `${r.kind} ← ${r.phrasing}`]] as const) {
        const entry = map.get(key) ?? {n: 0, value: 0, line: 0}
        entry.n++
        if (r.value) entry.value++
        if (r.line) entry.line++
        map.set(key, entry)
      }
    }
    for (const a of [...s.cleanAlarms, ...s.errorAlarms]) alarmsByRule.set(a.warning.ruleId, (alarmsByRule.get(a.warning.ruleId) ?? 0) + 1)
  }
  const rates = (map: Map<string, {n: number; value: number; line: number}>) =>
    Object.fromEntries([...map].sort((a, b) => a[1].value / a[1].n - b[1].value / b[1].n).map(([k, v]) => [k, {n: v.n, readValue: ratio(v.value, v.n), readFromLine: ratio(v.line, v.n)}]))
  return {
    seed,
    ...numbers(total),
    byStyle: Object.fromEntries([...byStyle].map(([k, v]) => [k, numbers(v)])),
    byClaimKind: Object.fromEntries([...byKind].sort().map(([k, v]) => [k, {planted: v.planted, recall: ratio(v.found, v.planted), fixAccuracy: ratio(v.fixed, v.found)}])),
    falseAlarmsByRule: Object.fromEntries([...alarmsByRule].sort((a, b) => b[1] - a[1])),
    readRateByInput: rates(readsByKind),
    readRateByPhrasing: rates(readsByPhrasing),
  }
}

export type Summary = ReturnType<typeof summarize>

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)

export function printSummary(s: Summary): void {
  const out = (line = '') => console.log(line)
  out(`reading bench: seed ${s.seed}, ${s.plans} plans (each clean and with planted errors)`)
  out(`planted errors       ${s.plantedErrors}`)
  out(`recall               ${pct(s.recall)} (${s.found} found)`)
  out(`precision            ${pct(s.precision)}`)
  out(`fix accuracy         ${pct(s.fixAccuracy)} (of found)`)
  out(`warnings on clean    ${s.warningsOnCleanPlans} (${s.cleanPlansWithWarnings} of ${s.plans} clean plans)`)
  out(`false alarms, error plans (off the planted lines)  ${s.falseAlarmsOnErrorPlans}`)
  out()
  out('by style             plans  planted  recall  precision  fix acc  clean warnings')
  for (const [style, n] of Object.entries(s.byStyle)) {
    out(`  ${style.padEnd(18)} ${String(n.plans).padStart(5)}  ${String(n.plantedErrors).padStart(7)}  ${pct(n.recall).padStart(6)}  ${pct(n.precision).padStart(9)}  ${pct(n.fixAccuracy).padStart(7)}  ${String(n.warningsOnCleanPlans).padStart(6)}`)
  }
  out()
  out('by claim kind        planted  recall  fix acc')
  for (const [kind, n] of Object.entries(s.byClaimKind)) out(`  ${kind.padEnd(20)} ${String(n.planted).padStart(5)}  ${pct(n.recall).padStart(6)}  ${pct(n.fixAccuracy).padStart(7)}`)
  out()
  out('false alarms by rule')
  for (const [rule, n] of Object.entries(s.falseAlarmsByRule)) out(`  ${rule.padEnd(40)} ${n}`)
  out()
  out('read rate by input (value read / read from the stating line; single-configuration plans)')
  for (const [kind, r] of Object.entries(s.readRateByInput)) out(`  ${kind.padEnd(20)} n=${String(r.n).padStart(4)}  ${pct(r.readValue).padStart(6)}  ${pct(r.readFromLine).padStart(6)}`)
  out()
  out('least-read phrasings (n ≥ 5, read from the stating line)')
  const worst = Object.entries(s.readRateByPhrasing).filter(([, r]) => r.n >= 5).sort((a, b) => (a[1].readFromLine ?? 0) - (b[1].readFromLine ?? 0)).slice(0, 25)
  for (const [phrasing, r] of worst) out(`  ${pct(r.readFromLine).padStart(6)}  n=${String(r.n).padStart(3)}  ${phrasing}`)
}

export function printDetails(scores: PlanScore[]): void {
  for (const s of scores) {
    for (const m of s.misses) console.log(`MISS ${s.id} [${s.style}] line ${m.error.line} ${m.error.kind}: wrote ${m.error.wrongText}, correct ${m.error.correctText}\n    ${m.text}`)
    for (const a of s.cleanAlarms) console.log(`FALSE ALARM (clean) ${s.id} [${s.style}] line ${a.warning.line} ${a.warning.ruleId}: ${a.warning.reason}\n    ${a.text}`)
    for (const a of s.errorAlarms) console.log(`FALSE ALARM (error plan) ${s.id}-errors [${s.style}] line ${a.warning.line} ${a.warning.ruleId}: ${a.warning.reason}\n    ${a.text}`)
    for (const e of s.found.filter((f) => !s.fixed.includes(f))) console.log(`WRONG FIX ${s.id}-errors [${s.style}] line ${e.line} ${e.kind}: correct ${e.correctText}`)
  }
}
