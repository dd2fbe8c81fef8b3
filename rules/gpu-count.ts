/**
 * deployment-gpu-count: GPUs in total, per replica, per pipeline stage and
 * per node must follow from the parallel degrees (TP, PP, DP, CP, EP) under
 * some accepted grid convention; and per row of tables whose columns are
 * GPUs / TP / PP / DP (/ CP / EP).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import { dec, show } from '../src/num.js'
import { checkAgainst, gpuTypeCount, setupsApart, variesByRow } from '../src/claims.js'
import { TOL, replacement } from '../src/compare.js'
import type { Attribute, Fact } from '../src/facts.js'
import { lineOf } from '../src/lines.js'
import { QUANTITY, type QuantityId } from '../src/lexicon/quantities.js'

/** `TP`, `PP`, `EP`: a degree's symbol is its lexicon name. */
const SYMBOL = (q: QuantityId): string => QUANTITY[q].name

/** The document's own grid formula (`Total GPUs = TP × PP × CP × EP × DP`), when it states exactly one. */
function statedFormula(a: Analysis): { ids: QuantityId[]; attr: Attribute } | undefined {
  const formulas = a.x.attributes.filter((t) => t.attr === 'gpuFormula' && !t.quoted)
  if (formulas.length === 0 || new Set(formulas.map((t) => t.value.split('·').sort().join('·'))).size !== 1) return undefined
  return { ids: formulas[0].value.split('·') as QuantityId[], attr: formulas[0] }
}

function gridRows(a: Analysis): Finding[] {
  const out: Finding[] = []
  const formula = statedFormula(a)
  let formulaMiss: { row: Fact; text: string } | undefined
  const byTable = new Map<number, Fact[]>()
  for (const f of a.resolved.rowFacts) {
    const t = f.seg.table
    if (!t || !f.quantity) continue
    const list = byTable.get(t.id) ?? []
    list.push(f)
    byTable.set(t.id, list)
  }
  for (const [id, tableFacts] of byTable) {
    const grid = a.x.tables[id]
    if (!grid || grid.length < 2) continue
    const facts = new Map<string, Fact>()
    for (const f of tableFacts) {
      const t = f.seg.table!
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
      if (!n || !tp || !pp || n.quoted || n.approx) continue
      const cp = get('cp')
      const ep = get('ep')
      const nv = n.value.toNumber()
      const cpText = cp ? ` × CP ${cp.text}` : ''
      if (formula) {
        // The document's formula decides the convention; one missing degree (usually DP) is solved for.
        const missing = formula.ids.filter((q) => !get(q))
        if (missing.length > 1 || formula.ids.some((q) => get(q)?.quoted)) continue
        const present = formula.ids.filter((q) => get(q))
        const product = present.reduce((p, q) => p * get(q)!.value.toNumber(), 1)
        const fits = missing.length === 0 ? product === nv : product > 0 && nv % product === 0
        if (fits) continue
        const factors = present.map((q) => `${SYMBOL(q)} ${get(q)!.text}`).join(' × ')
        const formulaText = formula.ids.map((q) => SYMBOL(q)).join(' × ')
        const why = missing.length === 0 ? `${factors} = ${product}, not ${n.text}` : `${factors} = ${product}, which ${product > nv ? `is more than ${n.text} GPUs` : `does not divide ${n.text}`}, so ${SYMBOL(missing[0])} cannot be a whole number`
        out.push({
          place: n.place,
          reason: `Unexpected GPU count \`${n.text}\` in this row: under the document's formula ${formulaText}, ${why}`,
          note: `The document states GPUs = ${formulaText} (line ${lineOf(a.x.source, formula.attr.place.start)}); this row does not fit it. Either the count, a degree of this row, or the formula is wrong`,
        })
        formulaMiss ??= { row: n, text: why }
        continue
      }
      if (!dp) {
        // Every convention needs TP × PP × CP to divide the GPU count.
        const width = tp.value.toNumber() * pp.value.toNumber() * (cp ? cp.value.toNumber() : 1)
        if (width <= 0 || !Number.isInteger(nv)) continue
        if (nv % width === 0) {
          // With EP: folded needs EP to divide TP × DP × CP = N ÷ PP; a separate axis needs TP × PP × CP × EP to divide N.
          const epv = ep && !ep.quoted ? ep.value.toNumber() : undefined
          if (!epv || !Number.isInteger(epv) || epv <= 1) continue
          const ppv = pp.value.toNumber()
          if ((nv / ppv) % epv === 0 || nv % (width * epv) === 0) continue
          out.push({
            place: n.place,
            reason: `Unexpected GPU count \`${n.text}\` in this row: EP ${ep!.text} fits neither inside TP × DP${cp ? ' × CP' : ''} = ${nv / ppv} nor as a separate axis (TP × PP${cp ? ' × CP' : ''} × EP = ${width * epv})`,
            note: `Folded (Megatron-Core, vLLM, SGLang): ${n.text} ÷ PP ${pp.text} = ${nv / ppv} GPUs per stage, which EP ${ep!.text} does not divide; separate EP axis: ${n.text} is not a multiple of TP ${tp.text} × PP ${pp.text}${cpText} × EP ${ep!.text} = ${width * epv}. Either the count or a degree of this row is wrong`,
          })
          continue
        }
        out.push({
          place: n.place,
          reason: `Unexpected GPU count \`${n.text}\` in this row: TP ${tp.text} × PP ${pp.text}${cpText} = ${width} does not divide it`,
          note: `Under every grid convention (folded N = TP × PP × DP × CP, or a separate EP axis) the GPU count is a multiple of TP × PP${cp ? ' × CP' : ''} = ${width}; ${n.text} is not`,
        })
        continue
      }
      const base = tp.value.toNumber() * pp.value.toNumber() * dp.value.toNumber() * (cp ? cp.value.toNumber() : 1)
      const tried = [base]
      if (ep) tried.push(base * ep.value.toNumber())
      if (tried.includes(nv)) continue
      out.push({
        place: n.place,
        reason: `Unexpected GPU count \`${n.text}\` in this row: TP ${tp.text} × PP ${pp.text} × DP ${dp.text}${cpText} = ${base}`,
        note: `TP × PP × DP${cp ? ' × CP' : ''} = ${base}${ep ? ` (× EP ${ep.text} = ${base * ep.value.toNumber()} with a separate EP axis)` : ''}, not ${n.text}: either the GPU count or a degree of this row is wrong`,
      })
    }
  }
  if (formula && formulaMiss) {
    out.push({
      place: formula.attr.place,
      reason: `Unexpected GPU formula: the row at line ${lineOf(a.x.source, formulaMiss.row.place.start)} does not fit it (${formulaMiss.text})`,
      note: 'A formula for the total GPU count has to hold for every configuration the document states; Megatron-Core, vLLM and SGLang fold EP into TP × DP × CP (N = TP × PP × DP × CP), a separate EP axis multiplies it (N = TP × PP × DP × EP)',
    })
  }
  return out
}

/** EP (× ETP) must fit inside TP × DP × CP on the same GPUs (folded grid), or vLLM's EP = TP × DP. */
function epFit(a: Analysis): Finding[] {
  const out: Finding[] = []
  const inp = a.resolved.inputs
  const epIn = a.resolved.statedEp ?? inp.get('ep')
  const epFact = epIn?.facts.find((f) => !f.quoted)
  if (!epIn || !epFact) return out
  const ep = epIn.value
  const tp = inp.get('tp')?.value
  if (!tp) return out
  const plan = a.resolved.model.plan
  const dpStated = inp.get('dp')?.value
  // vLLM: --enable-expert-parallel makes EP = TP × DP (of the launch command; src/resolve.ts).
  const flagEp = inp.get('ep')
  if (plan.expertParallelFlag && a.resolved.statedEp && flagEp && !plan.attentionDp && ep !== flagEp.value) {
    out.push({
      place: epFact.place,
      reason: `Unexpected EP \`${epFact.text}\`, expected \`${flagEp.value}\`: with --enable-expert-parallel vLLM sets EP = TP × DP`,
      expected: String(flagEp.value),
      note: `vLLM's expert parallelism spans the whole engine: ${(flagEp.source ?? '').split(' (the stated')[0]}, not ${epFact.text}`,
    })
    return out
  }
  const n = a.resolved.model.hardware.gpus
  const pp = inp.get('pp')?.value ?? 1
  const cp = inp.get('cp')?.value ?? 1
  const etp = inp.get('etp')?.value ?? 1
  const dp = dpStated ?? (n && n % (tp * pp * cp) === 0 ? n / (tp * pp * cp) : undefined)
  if (!dp || !n) return out
  if (n !== tp * pp * dp * cp) return out
  const width = tp * dp * cp
  if (width % (ep * etp) === 0) return out
  const etpText = etp > 1 ? ` × ETP ${etp}` : ''
  out.push({
    place: epFact.place,
    reason: `Unexpected EP \`${epFact.text}\`: EP ${ep}${etpText} = ${ep * etp} does not fit in TP ${tp} × DP ${dp}${cp > 1 ? ` × CP ${cp}` : ''} = ${width} GPUs of a stage`,
    note: `${n} GPUs = TP ${tp} × PP ${pp} × DP ${dp}${cp > 1 ? ` × CP ${cp}` : ''}, so experts are spread over the same ${width} GPUs of each stage: EP${etp > 1 ? ' × ETP' : ''} = ${ep * etp} must divide ${width} (TensorRT-LLM needs moe_tp × moe_ep = tp; Megatron EP × ETP to divide TP × DP × CP), and a separate EP axis would need TP × PP × DP × EP = ${tp * pp * dp * ep} GPUs`,
  })
  return out
}

/**
 * `tensor_parallel: 2`, `replicas: 3`, `gpus_total: 8` with no PP stated: whatever PP is, the GPUs are a whole number of
 * pipeline stages of TP × DP (× CP) GPUs each.
 */
function wholeStages(a: Analysis, apart: (f: Fact) => boolean): Finding[] {
  const inp = a.resolved.inputs
  const gpus = inp.get('gpus')
  const tp = inp.get('tp')
  const dp = inp.get('dp')
  // (A PP that no fact states is a default: `launch command without a pipeline size`.)
  if (!gpus || !tp || !dp || inp.get('pp')?.facts.some((f) => !f.quoted)) return []
  const claim = gpus.facts.find((f) => !f.quoted && !f.example && f.bound === undefined)
  // The three in one block (front matter, a config, a paragraph): degrees stated elsewhere may be another layout's.
  if (!claim || apart(claim) || claim.expr?.role === 'result' || [tp, dp].some((d) => !d.facts.some((f) => !f.quoted && f.seg === claim.seg))) return []
  const cp = inp.get('cp')?.value ?? 1
  const stage = tp.value * dp.value * cp
  if (!Number.isInteger(gpus.value) || stage <= 0 || gpus.value % stage === 0) return []
  const cpText = cp > 1 ? ` × CP ${cp}` : ''
  return [withoutFix({
    place: claim.place,
    reason: `Unexpected GPU count \`${claim.text}\`: TP ${tp.value} × DP ${dp.value}${cpText} = ${stage} GPUs per pipeline stage does not divide it`,
    note: `GPUs = TP × PP × DP${cp > 1 ? ' × CP' : ''} for any PP: ${claim.text} GPUs would be ${show(dec(gpus.value).div(stage), 4)} stages of ${stage}, not a whole number. Either the count or a degree is wrong`,
    fact: claim,
  })]
}

/** `76 GPUs, which is 9 nodes` with 8 GPUs per node: the nodes must hold the GPUs (9 × 8 = 72 < 76, so 10). */
function nodesHold(a: Analysis): Finding[] {
  const perNode = a.resolved.inputs.get('gpusPerNode')
  if (!perNode || !perNode.facts.some((f) => !f.quoted) || !Number.isInteger(perNode.value) || perNode.value < 1) return []
  // A fleet of several GPU types or node sizes (`| H100 | 8 |`, `| L40S | 4 |`): which nodes a count means is not known.
  if (gpuTypeCount(a) > 1 || variesByRow(a, 'gpusPerNode')) return []
  const out: Finding[] = []
  for (const { gpus, nodes } of a.x.gpuNodes) {
    const n = nodes.value.toNumber()
    const g = gpus.value.toNumber()
    if (n * perNode.value >= g) continue
    const right = Math.ceil(g / perNode.value)
    const expected = replacement(nodes, dec(right), a.x.source)
    out.push({
      place: nodes.place,
      reason: `Unexpected node count \`${nodes.text}\`, expected \`${expected}\`: ${gpus.text} GPUs ÷ ${perNode.value} GPUs per node = ${show(dec(g).div(perNode.value), 4)}, so ${right} nodes`,
      expected,
      note: `${nodes.text} nodes × ${perNode.value} GPUs per node = ${n * perNode.value} GPUs, fewer than the ${gpus.text} GPUs they are said to hold; ${gpus.text} ÷ ${perNode.value} rounded up is ${right}`,
      fact: nodes,
      correct: dec(right),
    })
  }
  return out
}

function check(a: Analysis): Finding[] {
  // (`from 64 to 256 GPUs` … `It currently runs on 64 H100s`: a count the document gives as the old setup's is that setup's.)
  const old = new Set(a.x.facts.filter((g) => g.quoted && g.how === 'from-to').map((g) => `${g.quantity} ${g.value.toString()}`))
  const apart = (f: Fact): boolean => f.approx || old.has(`${f.quantity} ${f.value.toString()}`) || setupsApart(a, ['gpus', 'nodes', 'gpusPerNode', 'tp', 'pp', 'dp', 'cp', 'ep'], f)
  return [
    ...epFit(a),
    ...checkAgainst(a, 'gpus', { tol: TOL.exact, what: 'GPU count', skip: apart }),
    ...checkAgainst(a, 'gpusPerReplica', { tol: TOL.exact, what: 'GPUs per replica', skip: apart }),
    ...checkAgainst(a, 'gpusPerStage', { tol: TOL.exact, what: 'GPUs per pipeline stage', skip: apart }),
    ...checkAgainst(a, 'gpusPerNode', { tol: TOL.exact, what: 'GPUs per node', skip: apart }),
    ...gridRows(a),
    ...wholeStages(a, apart),
    ...nodesHold(a),
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
    'A row without a DP column must still have a GPU count that TP × PP (× CP) divides, and its EP must fit inside',
    'TP × DP (× CP) or as a separate axis.',
    'When the document writes its own formula for the total (`Total GPUs = TP × PP × CP × EP × DP`, `world_size = tp * pp * dp`),',
    'that formula is the convention: each row must fit it (one missing degree, usually DP, is solved for and must be a whole number),',
    'and the formula itself is reported, once, when a row does not fit it.',
    'Counts written as `across 8 GPUs` are sharding degrees, not totals, and are not checked.',
    'With PP not stated, a GPU count stated in one block (front matter, a config, a paragraph) with TP and DP must still be',
    'a multiple of TP × DP (× CP), the GPUs of one pipeline stage (`tensor_parallel: 2`, `replicas: 3`, `gpus_total: 8`);',
    'it is reported without a fix.',
    'A GPU count restated as nodes in its sentence (`76 GPUs, which is 9 nodes`, `64 GPUs (8 nodes)`) must fit in them:',
    'nodes × the stated GPUs per node must hold the GPUs; the fix is the GPU count ÷ GPUs per node rounded up.',
    'A count a change of setup starts from (`from 64 to 256 GPUs`) is the old setup’s: restated elsewhere it is not checked.',
  ].join('\n'),
}

export default defineRule('gpu-count', docs, check)
export { check }
