/** deployment-weight-memory: weight memory per GPU by class (experts, attention, embedding/head, total) (±5%, GB or GiB). */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst, checkUnscoped, otherScope } from '../src/claims.js'
import type { ExprNode, Fact } from '../src/facts.js'
import { TOL, replacement, inUnit, matches, readings } from '../src/compare.js'
import { dec, show, showCount, type Dec } from '../src/num.js'
import { bytesPerParam, bytesRange, parsePrecision } from '../src/model/precision.js'
import type { Precision } from '../src/model/types.js'
import { memo } from '../src/analysis.js'
import { QUANTITY } from '../src/lexicon/quantities.js'
import { registerCorrector } from '../src/corrections.js'

function check(a: Analysis): Finding[] {
  return memo(a, 'weight-memory', () => {
    const perGpu = { tol: TOL.memory, skip: (f: Fact) => !f.perGpuContext || otherScope(f) || statesPerParam(a, f) }
    return [
      ...checkAgainst(a, 'memExperts', { ...perGpu, what: 'expert weight memory per GPU' }),
      ...checkAgainst(a, 'memAttention', { ...perGpu, what: 'attention weight memory per GPU' }),
      ...unscoped(a),
      ...checkAgainst(a, 'memEmbedding', { ...perGpu, what: 'embedding/output head memory per GPU' }),
      ...checkAgainst(a, 'memWeights', { ...perGpu, tol: TOL.total, what: 'weight memory per GPU' }),
      ...precisionRows(a),
      ...countWeights(a),
      ...splits(a),
    ]
  })
}

/**
 * `| Attention weights | 0.45 GB |`, `| Expert weights | 3.04 GiB |` where nothing says per GPU: the GPU's share or the
 * whole model's (src/claims.ts), each class against its whole: all layers' attention, all MoE layers' routed experts.
 */
function unscoped(a: Analysis): Finding[] {
  return unscopedClasses(a).filter((m) => !m.fact || !statesPerParam(a, m.fact))
}

/**
 * `Experts: 3.62B × (4 + 12/8) = 3.62B × 5.5 B ≈ 19.9 GB`: a size computed at more bytes per parameter than any
 * format has (4) counts gradients and optimizer states too; it is no weight size.
 */
function statesPerParam(a: Analysis, f: Fact): boolean {
  if (f.expr?.role !== 'result') return false
  const e = a.x.expressions[f.expr.id]
  const many = (n: ExprNode | undefined): boolean => {
    if (!n) return false
    if (n.kind === 'num') return n.fact !== undefined && n.fact !== f && n.fact.unit?.dim === 'bytes' && n.fact.value.gt(4) && n.fact.value.lte(40)
    return many(n.left) || many(n.right)
  }
  return e !== undefined && e.sides.some((side) => many(side.node))
}

function unscopedClasses(a: Analysis): Finding[] {
  const w = a.derived.weights
  if (!w) return []
  const c = w.count
  const whole = (q: 'memAttention' | 'memExperts', what: string, params: number, bytes: number | undefined, parts: string): Finding[] => {
    if (!bytes || params <= 0) return []
    const v = params * bytes
    return checkUnscoped(a, q, what, [{ value: v, derivation: `the whole model: ${parts} × ${bytes} B = ${show(dec(v).div(1e9), 4)} GB` }])
  }
  const L = c.moeLayers + c.denseLayers
  return [
    ...whole('memAttention', 'attention weight memory', c.attentionPerLayer * L, w.bytesPerParam.weight, `${L} layers × ${showCount(c.attentionPerLayer)} attention params`),
    ...whole('memExperts', 'expert weight memory', c.routedPerMoeLayer * c.moeLayers, w.bytesPerParam.expert, `${c.moeLayers} MoE layers × ${c.experts} experts × ${showCount(c.oneExpert)} params`),
  ]
}

interface PrecisionRow {
  mem: Fact
  precision: Precision
}

/**
 * A table of one model in several formats (`| bf16 | 140GB |`, `| int8 | 70GB |`): every row's weight size ÷ its bytes
 * per parameter is the same parameter count. A row that disagrees with the count at least two other rows agree on,
 * and more rows agree on than not, is reported with the size that count gives.
 */
function precisionRows(a: Analysis): Finding[] {
  const out: Finding[] = []
  const rows = new Map<number, Map<number, { mems: Fact[]; precisions: Set<Precision> }>>()
  const blocked = new Set<number>()
  const degreeValues = new Map<string, string>()
  const cell = (t: number, r: number) => {
    let table = rows.get(t)
    if (!table) rows.set(t, (table = new Map()))
    let row = table.get(r)
    if (!row) table.set(r, (row = { mems: [], precisions: new Set() }))
    return row
  }
  for (const f of a.x.facts) {
    const t = f.seg.table
    if (!t || t.row === 0) continue
    // Rows of several models (a parameter-count column) are not one model in several formats.
    if (f.quantity === 'paramsTotal' || f.quantity === 'paramsActive') blocked.add(t.id)
    // Rows of several parallel layouts (`TP8`, `TP4 × DP2`) split the model differently: their sizes are per GPU.
    if (f.quantity && QUANTITY[f.quantity].kind === 'degree') {
      const key = `${t.id}:${f.quantity}`
      const seen = degreeValues.get(key)
      if (seen !== undefined && seen !== f.value.toString()) blocked.add(t.id)
      degreeValues.set(key, f.value.toString())
    }
    if (f.quantity === 'memWeights' && f.unit?.dim === 'bytes') cell(t.id, t.row).mems.push(f)
  }
  for (const at of a.x.attributes) {
    const t = at.seg.table
    if (!t || t.row === 0 || at.quoted) continue
    if (at.attr === 'modelName') blocked.add(t.id)
    if (at.attr === 'precision') {
      const p = parsePrecision(at.value)
      if (p) cell(t.id, t.row).precisions.add(p)
    }
  }
  for (const [id, table] of rows) {
    if (blocked.has(id)) continue
    const list: PrecisionRow[] = []
    for (const row of table.values()) {
      if (row.mems.length !== 1 || row.precisions.size !== 1) continue
      const mem = row.mems[0]
      if (mem.quoted || mem.approx || mem.bound !== undefined || mem.value.lte(0)) continue
      list.push({ mem, precision: [...row.precisions][0] })
    }
    if (list.length < 3 || new Set(list.map((r) => r.precision)).size < 2) continue
    const fits = (r: PrecisionRow, params: Dec): boolean => {
      const [lo, hi] = bytesRange(r.precision)
      return r.mem.value.gte(params.times(lo).div(1.05)) && r.mem.value.lte(params.times(hi).times(1.05))
    }
    let best: { params: Dec; support: PrecisionRow[] } | undefined
    for (const r of list) {
      const params = r.mem.value.div(bytesPerParam(r.precision))
      const support = list.filter((o) => fits(o, params))
      if (!best || support.length > best.support.length) best = { params, support }
    }
    if (!best || best.support.length < 2 || best.support.length * 2 <= list.length) continue
    const from = best.support.slice(0, 2).map((r) => `${r.mem.text} in ${r.precision.toUpperCase()}`).join(' and ')
    for (const r of list) {
      if (best.support.includes(r)) continue
      const bytes = bytesPerParam(r.precision)
      const correct = best.params.times(bytes)
      const expected = replacement(r.mem, correct, a.x.source)
      const count = show(best.params.div(1e9)) + 'B'
      out.push({
        place: r.mem.place,
        reason: `Unexpected weight memory \`${r.mem.text}\` in ${r.precision.toUpperCase()}, expected \`${expected}\`: ${count} parameters × ${show(bytes)} bytes`,
        expected,
        note: `The other rows give one parameter count (${from}: about ${count} parameters); at ${show(bytes)} bytes per parameter in ${r.precision.toUpperCase()} that is ${inUnit(r.mem, correct)}, not ${r.mem.text}`,
        fact: r.mem,
        correct,
      })
    }
  }
  return out
}
/**
 * `The 70B parameters in BF16 take 140 GB`: a whole model's weights for a stated parameter count and format are the
 * count × bytes per parameter (scale overheads of the format accepted), within 5% under the GB or the GiB reading.
 */
function countWeights(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const { params, size, precision } of a.x.paramWeights) {
    const p = parsePrecision(precision.value)
    if (!p) continue
    const [lo, hi] = bytesRange(p)
    const low = params.value.times(lo)
    const high = params.value.times(hi)
    if (matches(size, low, TOL.memory) || matches(size, high, TOL.memory)) continue
    if (readings(size).some((r) => r.gte(low) && r.lte(high))) continue
    const bytes = bytesPerParam(p)
    const correct = params.value.times(bytes)
    const expected = replacement(size, correct, a.x.source)
    const count = showCount(params.value)
    const unit = bytes === 1 ? 'byte' : 'bytes'
    out.push({
      place: size.place,
      reason: `Unexpected weight memory \`${size.text}\` for ${count} parameters in ${p.toUpperCase()}, expected \`${expected}\`: ${count} × ${show(bytes)} ${unit}`,
      expected,
      note: `${params.text} parameters × ${show(bytes)} ${unit} per parameter in ${p.toUpperCase()} = ${inUnit(size, correct)}, not ${size.text}`,
      fact: size,
      correct,
    })
  }
  return out
}
/**
 * `233.6 GB of weights … on 4 × H100 at 29.2 GB of weights each`: each GPU's share of the weights is the whole ÷ the
 * GPUs (or TP ranks) its clause names, within 5% under the GB or the GiB reading. Plans that state pipeline stages or
 * data-parallel replicas split otherwise and are left out.
 */
function splits(a: Analysis): Finding[] {
  const out: Finding[] = []
  const degree = (q: 'pp' | 'dp'): number => a.resolved.inputs.get(q)?.value ?? 1
  if (degree('pp') > 1 || degree('dp') > 1) return out
  for (const { whole, share, count } of a.x.weightSplits) {
    const correct = whole.value.div(count.value)
    if (matches(share, correct, TOL.memory)) continue
    const expected = replacement(share, correct, a.x.source)
    out.push({
      place: share.place,
      reason: `Unexpected weight memory per GPU \`${share.text}\`, expected \`${expected}\`: ${whole.text} ÷ ${count.text} GPUs`,
      expected,
      note: `${whole.text} of weights split over ${count.text} GPUs is ${inUnit(share, correct)} on each, not ${share.text}`,
      fact: share,
      correct,
    })
  }
  return out
}

registerCorrector(check)

export const docs = {
  summary: 'Weight memory per GPU (expert weights, attention, embedding and output head, all weights) must follow from the model shape, the precision and the parallel plan.',
  description: [
    'Routed experts: (E ÷ EP) experts per MoE layer × MoE layers per stage × 3·h·f_e parameters (each 1/ETP under expert',
    'tensor parallelism). Attention: Q and O ÷ TP, K and V with max(1, g ÷ TP) heads, replicated under attention data',
    'parallelism. Embedding ÷ TP on the first stage, an untied head ÷ TP on the last (any stage’s reading is accepted).',
    'Bytes per parameter from the stated precision (BF16 2, FP8 1, INT4 ≈0.5, MXFP4 0.53, NVFP4 0.56). Values match within',
    '5% under either the GB or the GiB reading. A value stated per GPU (a per-GPU table or sentence) is checked with a fix;',
    'an attention or expert row that says neither per GPU nor whole model is reported only when it fits neither, without a fix.',
    'Dense layers whose FFN width is not stated leave attention, experts and embeddings checked, and the total unchecked.',
    'A total built on a wrong part is checked against the corrected part (see deployment-total).',
    'A table of one model in several formats (a precision column and a weights column, no parameter-count or model column)',
    'must give one parameter count: size ÷ bytes per parameter. A row that disagrees with the count that at least two other',
    'rows, and most rows, agree on is reported with the size that count gives.',
    'A sentence that gives a whole model’s weights for a parameter count and a format (`The 70B parameters in BF16 take',
    '140 GB`) must give count × bytes per parameter (FP32 4, BF16/FP16 2, FP8/INT8 1, INT4/FP4 0.5, scale overheads',
    'accepted), within 5% under the GB or the GiB reading; only a clause with the count, the format and the size after a',
    'verb (`take`, `occupy`, `need`, `=`) and no other number, scope or condition is read.',
    'A share of the weights stated for each GPU after the whole in the same paragraph (`233.6 GB of weights … on 4 × H100 at',
    '29.2 GB of weights each`) must be the whole ÷ the GPU count or TP degree its clause names, within 5% under the GB or the',
    'GiB reading; plans with pipeline stages or data-parallel replicas split otherwise and are left out.',
  ].join('\n'),
}

export default defineRule('weight-memory', docs, check)
export { check }
