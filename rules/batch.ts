/**
 * deployment-batch: training batch arithmetic. DP = GPUs ÷ (TP × PP × CP) and
 * gradient accumulation = global batch ÷ (micro batch × DP), in prose and per
 * row of tables with GPUs / GBS / MBS / TP / PP / (CP) / GA columns, including
 * the alternative configuration written in parentheses (`1 (16)`).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import type { QuantityId } from '../src/lexicon/quantities.js'
import { dec } from '../src/num.js'
import { replacement } from '../src/compare.js'
import { arithmeticOwned, claims } from '../src/claims.js'

interface Cfg {
  gpus?: Fact
  gbs?: Fact
  mbs?: Fact
  tp?: Fact
  pp?: Fact
  cp?: Fact
  dp?: Fact
  ga?: Fact
}

function verify(a: Analysis, c: Cfg, where: string): Finding[] {
  const out: Finding[] = []
  const n = c.gpus?.value.toNumber()
  const tp = c.tp?.value.toNumber() ?? undefined
  const pp = c.pp?.value.toNumber() ?? undefined
  const cp = c.cp?.value.toNumber() ?? 1
  if (n === undefined || tp === undefined || pp === undefined || tp <= 0 || pp <= 0 || cp <= 0) return out
  const model = tp * pp * cp
  if (n % model !== 0) return out
  let dp = n / model
  // A separate EP axis (N = TP × PP × DP × EP) makes DP smaller by EP.
  const ep = a.resolved.inputs.get('ep')?.value
  if (c.dp && ep && ep > 1 && n % (model * ep) === 0 && c.dp.value.toNumber() === n / (model * ep)) dp = n / (model * ep)
  const dpText = `${n} GPUs ÷ (TP ${tp} × PP ${pp}${c.cp ? ` × CP ${cp}` : ''}) = ${dp}`
  if (c.dp && !c.dp.quoted && c.dp.value.toNumber() !== dp && !c.dp.expr) {
    out.push({
      place: c.dp.place,
      reason: `Unexpected DP \`${c.dp.text}\`${where}, expected \`${dp}\`: ${dpText}`,
      expected: replacement(c.dp, dec(dp), a.x.source),
      note: `DP = ${dpText}, not ${c.dp.text}`,
      relation: { key: 'grid', blames: 'dp', uses: ['gpus', 'tp', 'pp', 'cp'] },
    })
  }
  const gbs = c.gbs?.value.toNumber()
  const mbs = c.mbs?.value.toNumber()
  if (!c.ga || c.ga.quoted || gbs === undefined || mbs === undefined || mbs <= 0) return out
  const ga = gbs / (mbs * dp)
  if (!Number.isInteger(ga) || ga < 1) return out
  if (c.ga.value.toNumber() === ga) return out
  out.push({
    place: c.ga.place,
    reason: `Unexpected gradient accumulation \`${c.ga.text}\`${where}, expected \`${ga}\`: GBS ${gbs} ÷ (MBS ${mbs} × DP ${dp}) = ${ga}`,
    expected: replacement(c.ga, dec(ga), a.x.source),
    note: `DP = ${dpText}; GA = ${gbs} ÷ (${mbs} × ${dp}) = ${ga}, not ${c.ga.text}`,
  })
  return out
}

const KEY: Partial<Record<QuantityId, keyof Cfg>> = {
  gpus: 'gpus',
  globalBatch: 'gbs',
  microBatch: 'mbs',
  tp: 'tp',
  pp: 'pp',
  cp: 'cp',
  dp: 'dp',
  gradAccum: 'ga',
}

function rows(a: Analysis): Finding[] {
  const out: Finding[] = []
  const byRow = new Map<string, { main: Cfg; alt: Cfg; dup: Set<string> }>()
  for (const f of a.resolved.rowFacts) {
    const t = f.seg.table
    const key = f.quantity && KEY[f.quantity]
    if (!t || !key || f.quoted) continue
    const id = `${t.id}:${t.row}`
    const r = byRow.get(id) ?? { main: {}, alt: {}, dup: new Set<string>() }
    const target = f.alt ? r.alt : r.main
    if (target[key]) r.dup.add(key)
    target[key] = f
    byRow.set(id, r)
  }
  for (const r of byRow.values()) {
    if (r.dup.size > 0) continue
    // Rows without batch columns are deployment-gpu-count's.
    if (!r.main.gbs && !r.main.ga) continue
    out.push(...verify(a, r.main, ' in this row'))
    if (Object.keys(r.alt).length > 0) out.push(...verify(a, { ...r.main, ...r.alt }, ' in this row’s alternative configuration'))
  }
  return out
}

function prose(a: Analysis): Finding[] {
  const one = (q: QuantityId): Fact | undefined => {
    const inp = a.resolved.inputs.get(q)
    return inp?.facts[0]
  }
  // `320 GPUs (4×4×16)`: a GPU count that deployment-arithmetic finds wrong is no reference for DP.
  const gpus = one('gpus')
  const cfg: Cfg = { gpus: gpus && arithmeticOwned(a).has(gpus) ? undefined : gpus, gbs: one('globalBatch'), mbs: one('microBatch'), tp: one('tp'), pp: one('pp'), cp: one('cp') }
  const out: Finding[] = []
  for (const ga of claims(a, 'gradAccum')) out.push(...verify(a, { ...cfg, ga }, ''))
  for (const dp of claims(a, 'dp')) {
    // `the replica is TP8 × PP1 × DP1 = 8 GPUs`: the DP inside one replica.
    if (dp.definitional || dp.inCode || dp.scopes.has('replica')) continue
    out.push(...verify(a, { ...cfg, dp }, '').filter((f) => f.place === dp.place))
  }
  return out
}

function check(a: Analysis): Finding[] {
  return [...rows(a), ...prose(a)]
}

export const docs = {
  summary: 'Training batch arithmetic: DP = GPUs ÷ (TP × PP × CP) and gradient accumulation = global batch ÷ (micro batch × DP).',
  description: [
    'Checked in prose and lists (from the document’s stated GPUs, TP, PP, CP, global and micro batch) and row by row in',
    'tables with GPUs, GBS, MBS, TP, PP (CP) and GA columns. A cell such as `1 (16)` holds the value of an alternative',
    'configuration in parentheses; the alternative values of a row are checked together. Rows whose DP is not whole are',
    'left to deployment-gpu-count and deployment-divisibility.',
  ].join('\n'),
}

export default defineRule('batch', docs, check)
export { check }
