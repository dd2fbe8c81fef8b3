/**
 * deployment-gpu-count: GPUs in total, per replica, per pipeline stage and
 * per node must follow from the parallel degrees (TP, PP, DP, CP, EP) under
 * some accepted grid convention; and per row of tables whose columns are
 * GPUs / TP / PP / DP (/ CP / EP).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst } from '../src/claims.js'
import { TOL } from '../src/compare.js'
import type { Fact } from '../src/facts.js'
import type { QuantityId } from '../src/lexicon.js'

function gridRows(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const grid of a.x.tables) {
    if (!grid || grid.length < 2) continue
    const facts = new Map<string, Fact>()
    for (const f of a.resolved.rowFacts) {
      const t = f.seg.table
      if (!t || t.id !== grid[0]?.[0]?.table?.id || !f.quantity) continue
      const key = `${t.row}:${f.quantity}`
      if (facts.has(key)) facts.set(key, undefined as unknown as Fact)
      else facts.set(key, f)
    }
    for (let r = 1; r < grid.length; r++) {
      const get = (q: QuantityId): Fact | undefined => facts.get(`${r}:${q}`)
      const n = get('gpus')
      const tp = get('tp')
      const pp = get('pp')
      const dp = get('dp')
      if (!n || !tp || !pp || !dp || n.quoted) continue
      const cp = get('cp')
      const ep = get('ep')
      const nv = n.value.toNumber()
      const base = tp.value.toNumber() * pp.value.toNumber() * dp.value.toNumber() * (cp ? cp.value.toNumber() : 1)
      const tried = [base]
      if (ep) tried.push(base * ep.value.toNumber())
      if (tried.includes(nv)) continue
      const cpText = cp ? ` × CP ${cp.text}` : ''
      out.push({
        place: n.place,
        reason: `Unexpected GPU count \`${n.text}\` in this row: TP ${tp.text} × PP ${pp.text} × DP ${dp.text}${cpText} = ${base}`,
        note: `TP × PP × DP${cp ? ' × CP' : ''} = ${base}${ep ? ` (× EP ${ep.text} = ${base * ep.value.toNumber()} with a separate EP axis)` : ''}, not ${n.text}: either the GPU count or a degree of this row is wrong`,
      })
    }
  }
  return out
}

function check(a: Analysis): Finding[] {
  return [
    ...checkAgainst(a, 'gpus', { tol: TOL.exact, what: 'GPU count', skip: (f) => f.approx }),
    ...checkAgainst(a, 'gpusPerReplica', { tol: TOL.exact, what: 'GPUs per replica', skip: (f) => f.approx }),
    ...checkAgainst(a, 'gpusPerStage', { tol: TOL.exact, what: 'GPUs per pipeline stage', skip: (f) => f.approx }),
    ...checkAgainst(a, 'gpusPerNode', { tol: TOL.exact, what: 'GPUs per node', skip: (f) => f.approx }),
    ...gridRows(a),
  ]
}

export const docs = {
  summary: 'GPU counts (total, per replica, per pipeline stage, per node) must follow from the parallel degrees under some accepted grid convention.',
  description: [
    'Conventions accepted (DESIGN §4): folded, as in Megatron-Core, vLLM and SGLang (N = TP × PP × DP × CP, EP inside TP × DP);',
    'a separate EP axis, common in hand-written plans (N = TP × PP × DP × EP); vLLM with DP unstated (N = EP × PP).',
    'A replica is TP × PP (× CP) GPUs, a pipeline stage N ÷ PP = TP × DP GPUs, a node N ÷ nodes.',
    'A claim is reported only when no convention fits, and the note names the conventions tried.',
    'Tables whose columns are GPUs, TP, PP and DP (and CP, EP) are checked row by row; a row that fits no convention is',
    'reported on its GPU cell without a fix, since either the count or a degree may be the wrong one.',
    'Counts written as `across 8 GPUs` are sharding degrees, not totals, and are not checked.',
  ].join('\n'),
}

export default defineRule('gpu-count', docs, check)
export { check }
