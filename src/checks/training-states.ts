/**
 * deployment-training-memory, model states: the training setting a document
 * states (parameters per GPU, DP, ZeRO stage or distributed optimizer), the
 * readings it allows, and the checks of model-state memory per GPU and of
 * bytes per parameter.
 */
import { type Analysis, memo } from '../analysis.js'
import { claims, arithmeticOwned, otherScope, explainedByExpression, showValue } from '../claims.js'
import { matches, TOL, replacement } from '../compare.js'
import type { Cue } from '../lexicon/cues.js'
import type { Fact } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'
import { show as showCount, sig, showBytes } from '../model/format.js'
import { weightMemoryPerGpu } from '../model/memory.js'
import { countParams } from '../model/params.js'
import { type Convention, CONV, CONVENTIONS, OPTIMIZER, partBytes, formula, OPTIMIZER_NO_MASTER, conventionBytes } from '../model/training-conventions.js'
import { dec } from '../num.js'
import type { Finding } from '../report.js'

/** Parameters on the most loaded GPU (after TP, PP and EP), with the range a rounded stated count allows. */
interface Params {
  nonExpert: { lo: number; mid: number; hi: number }
  expert: number
  text: string
}

interface Setting {
  params: Params[]
  dp: number
  /** Expert-data-parallel degrees to try (MoE). */
  edp: number[]
  /** Conventions the document allows, and the one it names (for a fix). */
  allowed: Convention[]
  primary?: Convention
  dpText: string
}

/** Cue classes of every clause of the document. */
export function docCues(a: Analysis): Set<Cue> {
  return memo(a, 'training-memory:cues', () => {
    const out = new Set<Cue>()
    for (const c of a.x.clauses) for (const x of c.cues) out.add(x)
    return out
  })
}

export function docWords(a: Analysis): Set<string> {
  return memo(a, 'training-memory:words', () => {
    const out = new Set<string>()
    for (const c of a.x.clauses) for (const w of c.words) out.add(w)
    return out
  })
}

export function attrValues(a: Analysis, attr: 'zeroStage' | 'distributedOptimizer' | 'framework' | 'precision'): Set<string> {
  return new Set((a.resolved.attributes.get(attr) ?? []).map((x) => x.value))
}

/** The optimizer sharding the document names: the allowed conventions and the one a fix uses. */
function conventions(a: Analysis): { allowed: Convention[]; primary?: Convention } {
  const stages = attrValues(a, 'zeroStage')
  for (const f of claims(a, 'zeroStage')) if (f.value.isInteger() && f.value.gte(0) && f.value.lte(3)) stages.add(f.value.toString())
  const distopt = attrValues(a, 'distributedOptimizer')
  const frameworks = attrValues(a, 'framework')
  // 16 or 18 bytes per parameter: the document's own figure, else its framework.
  const stated = new Set(
    claims(a, 'bytesPerParam')
      .filter((f) => f.value.eq(16) || f.value.eq(18))
      .map((f) => f.value.toNumber()),
  )
  let base: 16 | 18 | undefined = stated.size === 1 ? ([...stated][0] as 16 | 18) : undefined
  if (base === undefined && frameworks.size === 1 && frameworks.has('megatron')) base = 18
  if (base === undefined && frameworks.size === 1 && frameworks.has('deepspeed')) base = 16
  const pick = (sixteen: string, eighteen: string, dflt: 16 | 18) => {
    const allowed = [CONV[sixteen], CONV[eighteen]]
    return { allowed, primary: (base ?? dflt) === 16 ? CONV[sixteen] : CONV[eighteen] }
  }
  const dOn = distopt.has('true') && !distopt.has('false')
  if (stages.size > 1 || (distopt.size > 1)) return { allowed: [...CONVENTIONS] }
  if (stages.size === 1) {
    const s = [...stages][0]
    if (dOn && s !== '1') return { allowed: [...CONVENTIONS] }
    if (s === '0') return pick('zero0', 'megatron', 16)
    if (s === '1') return pick('zero1', 'megatron-distopt', dOn ? 18 : 16)
    if (s === '2') return pick('zero2', 'zero2-fp32', 16)
    return pick('zero3', 'zero3-fp32', 16)
  }
  if (dOn) return pick('zero1', 'megatron-distopt', 18)
  return { allowed: [...CONVENTIONS] }
}

/** The input of a degree: its value, 1 when the document never mentions it, undefined when unresolved. */
export function degree(a: Analysis, q: QuantityId): number | undefined {
  const inp = a.resolved.inputs.get(q)
  if (inp) return inp.value
  const mentioned = (a.x.byQuantity.get(q) ?? []).length > 0 || a.resolved.conflicts.some((c) => c.quantity === q)
  return mentioned ? undefined : 1
}

export function setting(a: Analysis): Setting | undefined {
  return memo(a, 'training-memory:setting', () => {
    if (docCues(a).has('otherOptimizerSetup')) return undefined
    const precisions = attrValues(a, 'precision')
    if (precisions.size > 0 && !precisions.has('bf16') && !precisions.has('fp16')) return undefined
    const tp = degree(a, 'tp')
    const pp = degree(a, 'pp')
    const cp = degree(a, 'cp')
    if (tp === undefined || pp === undefined || cp === undefined) return undefined
    const n = a.resolved.inputs.get('gpus')?.value
    const dpStated = a.resolved.inputs.get('dp')?.value
    const ep = a.resolved.inputs.get('ep')?.value
    const fromN = n !== undefined && n % (tp * pp * cp) === 0 ? n / (tp * pp * cp) : undefined
    let dp = dpStated ?? fromN
    let dpText = dpStated !== undefined ? `DP ${dpStated}` : `DP = ${n} GPUs ÷ (TP ${tp} × PP ${pp}${cp > 1 ? ` × CP ${cp}` : ''}) = ${fromN}`
    if (dpStated !== undefined && fromN !== undefined && dpStated !== fromN) {
      // A separate EP axis (N = TP × PP × EP × DP) is the only other reading.
      if (!(ep !== undefined && ep > 1 && fromN === dpStated * ep)) return undefined
    }
    if (dp === undefined || !Number.isInteger(dp) || dp < 1) return undefined
    if (dpStated === undefined && fromN === undefined) return undefined
    dp = Math.round(dp)
    const { allowed, primary } = conventions(a)

    const params: Params[] = []
    const model = a.resolved.model
    const E = model.shape.experts
    const moe = (E !== undefined && E > 1) || (ep !== undefined && ep > 1) || claims(a, 'paramsActive').length > 0
    let edp: number[] = [dp]
    const wm = safe(() => weightMemoryPerGpu(model))
    // An MoE model whose EP is not read: the expert share per GPU is unknown (EP is no default 1 when unsure).
    if (wm && wm.params.experts > 0 && ep === undefined) return undefined
    if (wm && wm.params.total > 0) {
      const expert = wm.params.experts
      const non = wm.params.total - expert
      params.push({ nonExpert: { lo: non, mid: non, hi: non }, expert, text: paramText(wm.params.total, expert, tp, pp, ep) })
      const count = safe(() => countParams(model.shape))
      if (!moe && count && pp > 1) {
        const even = count.total / (tp * pp)
        params.push({ nonExpert: { lo: even, mid: even, hi: even }, expert: 0, text: `${showCount(count.total)} params ÷ (TP ${tp} × PP ${pp}) = ${showCount(even)} params per GPU` })
      }
      if (expert > 0 && ep !== undefined) {
        const etp = model.plan.etp ?? 1
        const folded = (tp * dp * cp) / (ep * etp)
        edp = [...new Set([Number.isInteger(folded) && folded >= 1 ? folded : dp, dp])]
      }
    } else {
      if (moe) return undefined
      const stated = claims(a, 'paramsTotal').filter((f) => !f.approx && !f.expr && !f.factor && f.scopes.size === 0)
      const values = new Set(stated.map((f) => f.value.toString()))
      if (values.size !== 1) return undefined
      const f = stated[0]
      const v = f.value.toNumber()
      const half = f.tok.lit.halfUnit.toNumber()
      const shard = tp * pp
      params.push({
        nonExpert: { lo: (v - half) / shard, mid: v / shard, hi: (v + half) / shard },
        expert: 0,
        text: `${f.text} params ÷ (TP ${tp} × PP ${pp}) = ${showCount(v / shard)} params per GPU`,
      })
    }
    if (params.length === 0) return undefined
    return { params, dp, edp, allowed, primary, dpText }
  })
}

function paramText(total: number, expert: number, tp: number, pp: number, ep: number | undefined): string {
  if (expert > 0) return `${showCount(total - expert)} non-expert + ${showCount(expert)} expert params on the most loaded GPU (TP ${tp}, PP ${pp}, EP ${ep ?? 1})`
  return `${showCount(total)} params on the most loaded GPU (TP ${tp}, PP ${pp})`
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}

interface Value {
  conv: Convention
  /** `without the fp32 master copy` for optimizer states of momentum and variance alone. */
  variant?: string
  mid: number
  lo: number
  hi: number
  derivation: string
}

const PART_TEXT: Partial<Record<QuantityId, string>> = {
  memGrads: 'gradients',
  memOptimizer: 'optimizer states (fp32 master weights, momentum, variance)',
  memModelStates: 'weights + gradients + optimizer states',
}

function values(s: Setting, q: QuantityId, c: Convention, optimizer = OPTIMIZER): Value[] {
  const out: Value[] = []
  for (const p of s.params) {
    for (const edp of p.expert > 0 ? s.edp : [s.dp]) {
      const bn = partBytes(c, q, s.dp, optimizer)
      const be = partBytes(c, q, edp, optimizer)
      const at = (non: number) => non * bn + p.expert * be
      const mid = at(p.nonExpert.mid)
      const terms =
        p.expert > 0
          ? `${showCount(p.nonExpert.mid)} × (${formula(c, q, s.dp, optimizer)}) B + ${showCount(p.expert)} expert params × (${formula(c, q, edp, optimizer)}) B (EDP ${edp})`
          : `${showCount(p.nonExpert.mid)} × (${formula(c, q, s.dp, optimizer)}) = ${showCount(p.nonExpert.mid)} × ${sig(bn, 4)} B`
      const what = optimizer === OPTIMIZER ? PART_TEXT[q] : 'momentum and variance (master weights counted with the weights)'
      out.push({
        conv: c,
        variant: optimizer === OPTIMIZER ? undefined : '(momentum and variance only)',
        mid,
        lo: at(p.nonExpert.lo),
        hi: at(p.nonExpert.hi),
        derivation: `${p.text}; ${c.name}, ${s.dpText}: ${what} = ${terms} = ${showBytes(mid)} per GPU`,
      })
    }
  }
  return out
}

function fits(f: Fact, v: Value, tol: number): boolean {
  const spread = v.mid > 0 ? (v.hi - v.lo) / (2 * v.mid) : 0
  return matches(f, dec(v.mid), { rel: tol + spread })
}

const WHAT: Partial<Record<QuantityId, string>> = {
  memModelStates: 'model-state memory per GPU (weights + gradients + optimizer states)',
  memGrads: 'gradient memory per GPU',
  memOptimizer: 'optimizer state memory per GPU',
}

export function checkMemory(a: Analysis, s: Setting): Finding[] {
  const out: Finding[] = []
  const owned = arithmeticOwned(a)
  for (const q of ['memModelStates', 'memGrads', 'memOptimizer'] as QuantityId[]) {
    const list = claims(a, q).filter((f) => f.value.gte(1e6))
    if (new Set(list.map((f) => f.value.toString())).size >= 3) continue
    for (const f of list) {
      if (!(f.perGpuContext || f.scopes.has('gpu')) || otherScope(f)) continue
      if (owned.has(f) || f.expr?.role === 'operand' || f.factor) continue
      const tried: Value[] = []
      for (const c of s.allowed) {
        tried.push(...values(s, q, c))
        if (q === 'memOptimizer') tried.push(...values(s, q, c, OPTIMIZER_NO_MASTER))
      }
      if (tried.some((v) => fits(f, v, TOL.memory.rel))) continue
      const primaryValues = s.primary ? values(s, q, s.primary) : []
      // One right value only when the document names the sharding and one parameter reading and EDP apply.
      const one = primaryValues.length === 1 ? primaryValues[0] : undefined
      const inExpr = f.expr !== undefined || explainedByExpression(a, f)
      const expected = one && !inExpr ? replacement(f, dec(one.mid.toPrecision(15)), a.x.source) : undefined
      const triedText = distinctTried(f, one ? tried.filter((v) => v.mid !== one.mid) : tried)
      const what = WHAT[q]!
      out.push({
        place: f.place,
        reason: one
          ? `Unexpected ${what} \`${f.text}\`${expected ? `, expected \`${expected}\`` : ''}: ${one.derivation}`
          : `Unexpected ${what} \`${f.text}\`: no reading of the plan gives it (tried ${triedText})`,
        expected,
        note: one ? `${one.derivation}, not ${f.text} (also tried: ${triedText})` : `${tried[0].derivation.split(';')[0]}; none of the readings tried gives ${f.text}: ${triedText}`,
        fact: one ? f : undefined,
        correct: one ? dec(one.mid.toPrecision(15)) : undefined,
      })
    }
  }
  return out
}

function distinctTried(f: Fact, tried: Value[]): string {
  // One entry per value: `ZeRO-3 or ZeRO-3 with fp32 gradients 2.438 GB`.
  const byValue = new Map<string, string[]>()
  for (const v of tried) {
    const t = showValue(f, dec(v.mid.toPrecision(15)))
    const names = byValue.get(t) ?? []
    const name = v.variant ? `${v.conv.name} ${v.variant}` : v.conv.name
    if (!names.includes(name)) names.push(name)
    byValue.set(t, names)
  }
  return [...byValue].map(([t, names]) => `${names.join(' or ')} ${t}`).join(', ')
}

export function checkBytesPerParam(a: Analysis): Finding[] {
  const out: Finding[] = []
  const precisions = attrValues(a, 'precision')
  const fp16 = precisions.has('fp16')
  const docMixed = precisions.has('bf16') || fp16
  const { primary, allowed } = conventions(a)
  const named = allowed.length < CONVENTIONS.length
  const frameworks = attrValues(a, 'framework')
  const list = claims(a, 'bytesPerParam').filter((f) => f.unit?.dim === 'bytes' && f.value.gte(1) && f.value.lte(64))
  for (const f of list) {
    if (f.scopes.size > 0 || f.expr || f.factor || f.approx) continue
    const clause = a.x.clauses[f.clause]
    if (!clause) continue
    const w = clause.words
    if (!(w.has('adam') || w.has('adamw'))) continue
    if (!(w.has('mixed') || docMixed)) continue
    if (clause.cues.has('statePart') && !(w.has('model') && w.has('states'))) continue
    // `Adam (FP32 master copy + two moments = 12 B/param)`: inside an aside that names state parts, the bytes are theirs.
    if (f.inParens && clause.cues.has('statePart')) continue
    // A breakdown (`16 bytes: 2 + 2 + 12`) is the total rule's and the arithmetic rule's.
    const siblings = (a.x.factsOf.get(f.seg) ?? []).filter((g) => g !== f && g.clause === f.clause && g.unit?.dim === 'bytes' && g.value.lte(64))
    if (siblings.length > 0) continue
    const ok = [16, 18, ...(fp16 ? [20] : [])]
    if (ok.some((b) => matches(f, b, TOL.rounding))) continue
    const fixTo = named && primary ? conventionBytes(primary, 1) : frameworks.size === 1 && (frameworks.has('megatron') || frameworks.has('deepspeed')) ? (frameworks.has('megatron') ? 18 : 16) : undefined
    const expected = fixTo !== undefined ? replacement(f, dec(fixTo), a.x.source) : undefined
    const derivation = `mixed-precision Adam keeps bf16 weights (2 B), gradients (2 B in bf16, 4 B as Megatron's fp32 main grads) and fp32 master weights + momentum + variance (4 + 4 + 4 = 12 B): 16 or 18 bytes per parameter before ZeRO or distributed-optimizer sharding`
    out.push({
      place: f.place,
      reason: `Unexpected bytes per parameter \`${f.text}\` for mixed-precision Adam${expected ? `, expected \`${expected}\`` : ''}: ${derivation}`,
      expected,
      note: `${derivation}${fixTo !== undefined ? ` (${fixTo === 16 ? 'ZeRO paper, 2 + 2 + 12' : 'Megatron, 2 + 4 + 12'}, the convention the document uses)` : ''}, not ${f.text}`,
    })
  }
  return out
}
