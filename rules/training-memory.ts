/**
 * deployment-training-memory: model-state memory per GPU in a training plan
 * (weights + gradients + optimizer states of mixed-precision Adam, and its
 * parts), and the bytes per parameter a document states for mixed-precision
 * Adam, and the activation memory per GPU (Korthikanti et al. 2022). The
 * math is src/model/training.ts (ZeRO paper, Megatron distributed optimizer,
 * activationBytesPerLayer; reference domain-math.md §4.5).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import { memo } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import type { QuantityId } from '../src/lexicon/quantities.js'
import { arithmeticOwned, claims, explainedByExpression, otherScope, showValue } from '../src/claims.js'
import { matches, readings, replacement, TOL } from '../src/compare.js'
import { dec } from '../src/num.js'
import { registerCorrector } from '../src/corrections.js'
import { activationBytesPerLayer, stateBytesPerParam, type OptimizerSharding, type Recompute } from '../src/model/training.js'
import { weightMemoryPerGpu } from '../src/model/memory.js'
import { countParams } from '../src/model/params.js'
import { grouped, show as showCount, showBytes, sig } from '../src/model/format.js'

/** A way to hold the model states: which of weights, gradients, optimizer states are sharded over DP, and the gradient bytes. */
export interface Convention {
  id: string
  name: string
  /** The sharding in src/model/training.ts terms. */
  zero: OptimizerSharding | 'zero2-fp32' | 'zero3-fp32'
  /** Bytes per parameter of the gradients (bf16 2, fp32 main grads 4). */
  grads: 2 | 4
  shard: { weights: boolean; grads: boolean; optimizer: boolean }
}

const WEIGHTS = 2
/** fp32 master weights, momentum and variance. */
const OPTIMIZER = 12
/** Momentum and variance alone (the master copy counted with the weights). */
const OPTIMIZER_NO_MASTER = 8

export const CONVENTIONS: readonly Convention[] = [
  { id: 'zero0', name: 'no ZeRO', zero: 0, grads: 2, shard: { weights: false, grads: false, optimizer: false } },
  { id: 'zero1', name: 'ZeRO-1', zero: 1, grads: 2, shard: { weights: false, grads: false, optimizer: true } },
  { id: 'zero2', name: 'ZeRO-2', zero: 2, grads: 2, shard: { weights: false, grads: true, optimizer: true } },
  { id: 'zero3', name: 'ZeRO-3', zero: 3, grads: 2, shard: { weights: true, grads: true, optimizer: true } },
  { id: 'megatron', name: 'Megatron (fp32 main grads)', zero: 'megatron', grads: 4, shard: { weights: false, grads: false, optimizer: false } },
  { id: 'megatron-distopt', name: 'Megatron distributed optimizer', zero: 'megatron-distopt', grads: 4, shard: { weights: false, grads: false, optimizer: true } },
  { id: 'zero2-fp32', name: 'ZeRO-2 with fp32 gradients', zero: 'zero2-fp32', grads: 4, shard: { weights: false, grads: true, optimizer: true } },
  { id: 'zero3-fp32', name: 'ZeRO-3 with fp32 gradients', zero: 'zero3-fp32', grads: 4, shard: { weights: true, grads: true, optimizer: true } },
]
const CONV = Object.fromEntries(CONVENTIONS.map((c) => [c.id, c])) as Record<string, Convention>

/** Model-state bytes per parameter under a convention over d data-parallel ranks. */
export function conventionBytes(c: Convention, d: number): number {
  if (typeof c.zero === 'number' || c.zero === 'megatron' || c.zero === 'megatron-distopt') return stateBytesPerParam(c.zero, d)
  return (c.shard.weights ? WEIGHTS / d : WEIGHTS) + (c.shard.grads ? c.grads / d : c.grads) + (c.shard.optimizer ? OPTIMIZER / d : OPTIMIZER)
}

/** Bytes per parameter of one part (gradients, optimizer states) under a convention. */
function partBytes(c: Convention, q: QuantityId, d: number, optimizer = OPTIMIZER): number {
  if (q === 'memGrads') return c.shard.grads ? c.grads / d : c.grads
  if (q === 'memOptimizer') return c.shard.optimizer ? optimizer / d : optimizer
  return conventionBytes(c, d)
}

function formula(c: Convention, q: QuantityId, d: number, optimizer = OPTIMIZER): string {
  const div = (x: number, s: boolean): string => (s ? `${x}/${d}` : String(x))
  if (q === 'memGrads') return div(c.grads, c.shard.grads)
  if (q === 'memOptimizer') return div(optimizer, c.shard.optimizer)
  const w = c.shard.weights
  const g = c.shard.grads
  const o = c.shard.optimizer
  if (w && g && o) return `(${WEIGHTS} + ${c.grads} + ${OPTIMIZER})/${d}`
  if (g && o) return `${WEIGHTS} + (${c.grads} + ${OPTIMIZER})/${d}`
  if (o) return `${WEIGHTS} + ${c.grads} + ${OPTIMIZER}/${d}`
  return `${WEIGHTS} + ${c.grads} + ${OPTIMIZER}`
}

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

/** Words that say the model states are not those of mixed-precision Adam held on the GPU. */
const OTHER_SETUP = /^(offload|offloaded|offloading|offloads|nvme|sgd|lion|adafactor|muon|shampoo|bitsandbytes|8bit|lora|qlora|adapter|adapters|galore|cpuadam|anyprecisionadamw|fsdp|hsdp|inference)$/

function docWords(a: Analysis): Set<string> {
  return memo(a, 'training-memory:words', () => {
    const out = new Set<string>()
    for (const c of a.x.clauses) for (const w of c.words) out.add(w)
    return out
  })
}

function attrValues(a: Analysis, attr: 'zeroStage' | 'distributedOptimizer' | 'framework' | 'precision'): Set<string> {
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
function degree(a: Analysis, q: QuantityId): number | undefined {
  const inp = a.resolved.inputs.get(q)
  if (inp) return inp.value
  const mentioned = (a.x.byQuantity.get(q) ?? []).length > 0 || a.resolved.conflicts.some((c) => c.quantity === q)
  return mentioned ? undefined : 1
}

function setting(a: Analysis): Setting | undefined {
  return memo(a, 'training-memory:setting', () => {
    const words = docWords(a)
    for (const w of words) if (OTHER_SETUP.test(w)) return undefined
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

function checkMemory(a: Analysis, s: Setting): Finding[] {
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

/** Words that make a bytes-per-parameter figure a part, or another setup than mixed-precision Adam. */
const PART_WORDS = /^(gradient|gradients|grad|grads|master|momentum|variance|moment|moments|weight|weights|activation|activations|state|states|copy|copies|without|no|pure|bit|8bit|int8|fp8|sgd|lion|adafactor|muon|offload|offloaded|lora|qlora|inference|serving|kv|cache)$/

function checkBytesPerParam(a: Analysis): Finding[] {
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
    if ([...w].some((x) => PART_WORDS.test(x)) && !(w.has('model') && w.has('states'))) continue
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

// ---------------------------------------------------------------------------
// Activations (Korthikanti et al. 2022 Table 2, reference domain-math.md §4.5)

type Mode = Recompute

/** One way the document's activation figure may have been computed. */
interface ActReading {
  /** `selective recompute + SP, 1 micro-batch in flight`. */
  name: string
  mid: number
  lo: number
  hi: number
  derivation: string
  /** A later pipeline stage's share (fewer micro-batches in flight): only for a figure that names a stage. */
  stageOnly?: boolean
}

interface ActSetting {
  readings: ActReading[]
  moe: boolean
  /** Exactly one reading applies (recompute mode and SP stated, one layer count): a fix may be given. */
  single: boolean
  inputs: string
}

const RECOMPUTE_WORDS = /^(recompute|recomputed|recomputes|recomputing|recomputation|remat|rematerialization|rematerialisation|rematerialize|rematerialise|rematerialized)$/
const CHECKPOINT_WORDS = /^(checkpointing|checkpoint|checkpointed)$/
const NEGATION = /^(no|not|without|disabled|disable|off|none|false|never)$/
const FULL_WORDS = /^(full|every|uniform|all|each)$/
/** Recomputation of some layers only (Megatron `--recompute-method block`, `--recompute-num-layers`): not one of the three modes. */
const PARTIAL_WORDS = /^(block|partial|num|some|first|last)$/
/** Words of a clause that weighs alternatives rather than stating the plan. */
const HYPOTHETICAL = /^(would|could|might|if|instead|alternatively|alternative|option|options|vs|versus|compared|otherwise|unless)$/
/** Words that say a document trains a model. */
const TRAINING_WORDS = /^(training|train|trains|trained|pretraining|pretrain|pretrained|finetuning|finetune|finetuned|sft|optimizer|optimiser|gradient|gradients)$/
/** Words that say the document (also) serves a model, or keeps activations off the GPU. */
const NOT_ACTIVATION_SETUP = /^(inference|serving|vllm|sglang|tensorrt|trtllm|prefill|decode|decoding|offload|offloaded|offloading|offloads|nvme|ulysses|ring|cpu_checkpointing)$/
/** Words next to an activation figure that make it more (or other) than the stored activations of the layers, or a measurement. */
const NOT_PLAIN_ACTIVATIONS = /^(gradient|gradients|grads|weights|optimizer|states|total|workspace|workspaces|graph|graphs|cuda|nccl|rccl|buffer|buffers|overhead|overheads|kv|cache|dispatch|deepep|fragmentation|allocator|reserve|reserved|runtime|temporary|misc|communication|comm|measured|profiled|profiling|profile|observed|empirical|empirically|nvidia|smi|torch|pytorch|moe|expert|experts)$/

/** What the document says about a switch: true, false, or nothing / both. */
function stated(values: Set<boolean>): boolean[] {
  return values.size === 1 ? [...values] : [false, true]
}

/** Recompute modes the document states (all three when it does not say, or says several); undefined for partial recomputation. */
function recomputeModes(a: Analysis): { modes: Mode[]; stated: boolean } | undefined {
  const found = new Set<Mode>()
  let generic = false
  for (const c of a.x.clauses) {
    const w = c.words
    const about = [...w].some((x) => RECOMPUTE_WORDS.test(x)) || ([...w].some((x) => CHECKPOINT_WORDS.test(x)) && (w.has('activation') || w.has('activations') || w.has('gradient')))
    if (!about) continue
    if ([...w].some((x) => PARTIAL_WORDS.test(x))) return undefined
    // `full recompute would cost 30% more`: the document weighs the modes.
    if ([...w].some((x) => HYPOTHETICAL.test(x))) return { modes: ['none', 'selective', 'full'], stated: false }
    const modes = new Set<Mode>()
    if ([...w].some((x) => NEGATION.test(x))) modes.add('none')
    if (w.has('selective')) modes.add('selective')
    if ([...w].some((x) => FULL_WORDS.test(x))) modes.add('full')
    // Recomputation named, granularity unsaid (`--recompute-activations`, `gradient checkpointing`, `scores are recomputed`).
    if (modes.size === 0) generic = true
    for (const m of modes) found.add(m)
  }
  if (found.size === 1) return { modes: [...found], stated: true }
  if (found.size === 0 && generic) return { modes: ['selective', 'full'], stated: false }
  return { modes: ['none', 'selective', 'full'], stated: false }
}

/** Sequence parallelism: on, off, or both readings; undefined when `sequence parallel` names another scheme (a degree). */
function sequenceParallel(a: Analysis): { sp: boolean[]; stated: boolean } | undefined {
  const found = new Set<boolean>()
  for (const c of a.x.clauses) {
    const w = c.words
    const named = (w.has('sequence') && (w.has('parallel') || w.has('parallelism'))) || (w.has('sp') && (w.has('tp') || w.has('tensor')))
    if (!named) continue
    // `sequence parallel size 4` is DeepSpeed-Ulysses or context parallelism, not Megatron SP.
    if (w.has('size') || w.has('degree') || w.has('way') || w.has('ways') || w.has('context')) return undefined
    if ([...w].some((x) => HYPOTHETICAL.test(x))) return { sp: [false, true], stated: false }
    found.add(![...w].some((x) => NEGATION.test(x)))
  }
  return { sp: stated(found), stated: found.size === 1 }
}

/** A stated degree, or 1 when the document names no such parallelism at all. */
function statedDegree(a: Analysis, q: QuantityId, words: RegExp): number | undefined {
  const inp = a.resolved.inputs.get(q)
  if (inp) return inp.value
  if (a.resolved.conflicts.some((c) => c.quantity === q) || (a.x.byQuantity.get(q) ?? []).length > 0) return undefined
  for (const w of docWords(a)) if (words.test(w)) return undefined
  return 1
}

const fmt = (n: number): string => grouped(n)

function activationSetting(a: Analysis): ActSetting | undefined {
  return memo(a, 'training-memory:activations', () => {
    const words = docWords(a)
    if (![...words].some((w) => TRAINING_WORDS.test(w)) && !(words.has('pre') && words.has('training')) && !(words.has('fine') && words.has('tuning'))) return undefined
    for (const w of words) if (NOT_ACTIVATION_SETUP.test(w)) return undefined
    const precisions = attrValues(a, 'precision')
    if (precisions.size > 0 && [...precisions].some((p) => p !== 'bf16' && p !== 'fp16')) return undefined
    const need: QuantityId[] = ['seqLen', 'microBatch', 'layers', 'hidden', 'heads', 'tp', 'pp', 'cp', 'gradAccum', 'vp']
    if (a.resolved.conflicts.some((c) => need.includes(c.quantity))) return undefined
    const seq = a.resolved.inputs.get('seqLen')
    const mb = a.resolved.inputs.get('microBatch')
    const shape = a.resolved.model.shape
    const L = shape.layers
    const h = shape.hidden
    const heads = shape.heads
    if (!seq || !mb || L === undefined || h === undefined || heads === undefined) return undefined
    const t = statedDegree(a, 'tp', /^(tensor|tp|mp)$/)
    const pp = statedDegree(a, 'pp', /^(pipeline|pp|vpp)$/)
    const cp = degree(a, 'cp')
    // Context parallelism splits the sequence and the attention: not modelled here.
    if (t === undefined || pp === undefined || cp !== 1) return undefined
    const rc = recomputeModes(a)
    const sp = t > 1 ? sequenceParallel(a) : { sp: [false], stated: true }
    if (!rc || !sp) return undefined
    const b = mb.value
    // `8k` tokens: 8,000 or 8,192.
    const seqFact = seq.facts[0]
    const seqs = [seq.value]
    if (seqFact?.tok.lit.style.suffix && /^k$/i.test(seqFact.tok.lit.style.suffix) && seqFact.tok.lit.digits.isInteger()) seqs.push(seqFact.tok.lit.digits.toNumber() * 1024)
    if (![...seqs, b, L, h, heads, t, pp].every((x) => Number.isInteger(x) && x >= 1)) return undefined
    const g = shape.kvHeads ?? heads
    const E = shape.experts
    const ep = a.resolved.inputs.get('ep')?.value
    // MoE expert activations are not modelled: any sign of experts widens the tolerance.
    const moe = (E !== undefined && E > 1) || (ep !== undefined && ep > 1) || a.resolved.inputs.has('topK') || ['moe', 'expert', 'experts', 'mixture'].some((x) => words.has(x))
    const V = shape.vocab
    const ga = a.resolved.inputs.get('gradAccum')?.value
    const vp = a.resolved.inputs.get('vp')?.value

    // Layers on the most loaded stage (uneven splits: floor or ceil).
    const stages = distinctNumbers([Math.floor(L / pp), Math.ceil(L / pp)].filter((x) => x >= 1))
    // Micro-batches in flight on the first stage: 1, or PP with 1F1B (fewer when there are fewer micro-batches).
    const inflight: Array<{ k: number; text: string; stageOnly?: boolean }> = [{ k: 1, text: '1 micro-batch in flight' }]
    if (pp > 1) {
      const m = ga !== undefined && Number.isInteger(ga) && ga >= 1 && ga < pp ? ga : pp
      inflight.push({ k: m, text: `${m} micro-batches in flight (1F1B, first stage)` })
      // Stage i of a 1F1B pipeline holds PP − i micro-batches.
      for (let k = 2; k < m; k++) inflight.push({ k, text: `${k} micro-batches in flight (1F1B, a later stage)`, stageOnly: true })
      if (vp !== undefined && vp > 1) {
        const k = pp * (1 + (pp - 1) / (pp * vp))
        inflight.push({ k, text: `interleaved 1F1B (VP ${vp}): PP ${pp} × (1 + (${pp} − 1)/(${pp}·${vp})) = ${sig(k, 4)} micro-batches' worth` })
      }
    }
    // Constant C of the layer's stored activations besides the attention scores: 34 for FFN = 4h;
    // 18 + 4·f/h for another FFN width (Megatron), 18 + 8·f/h for a gated FFN that keeps gate and up.
    const cs = [34]
    if (shape.ffn !== undefined && shape.ffn > 0) {
      cs.push(18 + (4 * shape.ffn) / h)
      if (shape.gatedFfn !== false) cs.push(18 + (8 * shape.ffn) / h)
    }
    const cLo = Math.min(...cs)
    const cHi = Math.max(...cs)

    const readings: ActReading[] = []
    for (const s of distinctNumbers(seqs)) {
      const sbh = s * b * h
      // With GQA the stored K and V are g/a of h wide (up to 4sbh less).
      const gqa = g < heads ? (4 * (1 - g / heads)) / t : 0
      // Embedding input and dropout per micro-batch in flight; the output layer and loss when PP = 1 (Megatron).
      const embed = (8 * s * b + sbh) / t
      const logits = pp === 1 && V !== undefined ? (4 * sbh * (1 + V / h)) / t : 0
      for (const mode of rc.modes) {
        for (const spOn of sp.sp) {
          const base = activationBytesPerLayer({ s, b, h, a: heads, t, sp: spOn, recompute: mode })
          if (!base) return undefined
          const variants: Array<{ bytes: number; formula: string; band: [number, number]; note: string; once?: number }> = []
          const cBand = (bytes: number): [number, number] => [bytes + ((cLo - 34 - gqa * t) * sbh) / t, bytes + ((cHi - 34) * sbh) / t]
          if (mode === 'full') {
            // The recomputed layer's own activations (without s×s scores) are live during its backward pass.
            const one = activationBytesPerLayer({ s, b, h, a: heads, t, sp: spOn, recompute: 'selective' })?.bytes ?? 0
            variants.push({ bytes: base.bytes, formula: base.formula, band: [base.bytes, base.bytes], note: '' })
            if (t > 1) variants.push({ bytes: base.bytes / t, formula: '2sbh/t', band: [base.bytes / t, base.bytes / t], note: ' (layer input sharded over TP)' })
            for (const v of variants) v.once = one
          } else {
            variants.push({ bytes: base.bytes, formula: base.formula, band: cBand(base.bytes), note: '' })
            if (mode === 'none') {
              // FlashAttention keeps no s×s scores: the selective-recompute size.
              const flash = activationBytesPerLayer({ s, b, h, a: heads, t, sp: spOn, recompute: 'selective' })
              if (flash) variants.push({ bytes: flash.bytes, formula: flash.formula, band: cBand(flash.bytes), note: ' (no attention scores stored, FlashAttention)' })
            }
          }
          const setting =
            mode === 'full' ? `full recompute${spOn ? ' + SP' : ''}` : `${t > 1 ? `TP ${t}` : 'no TP'}${spOn ? ' + SP' : ''}${mode === 'selective' ? ' + selective recompute' : ', no recompute'}`
          for (const v of variants) {
            for (const n of stages) {
              for (const f of inflight) {
                const layers = n * f.k
                const extra = embed * f.k + logits + (v.once ?? 0)
                const mid = v.bytes * layers
                readings.push({
                  name: pp > 1 ? `${setting}${v.note}, ${f.text}` : `${setting}${v.note}`,
                  stageOnly: f.stageOnly,
                  mid,
                  lo: v.band[0] * layers,
                  hi: v.band[1] * layers + extra,
                  derivation:
                    `${setting}${v.note}: ${v.formula} with s ${fmt(s)}, b ${b}, h ${fmt(h)}${/as/.test(v.formula) ? `, a ${heads}` : ''}${/t/.test(v.formula) ? `, t ${t}` : ''} = ${showBytes(v.bytes)} per layer` +
                    (pp > 1 ? ` × ${n} layers on the stage (${L} layers ÷ PP ${pp})${f.k !== 1 ? ` × ${sig(f.k, 4)} (${f.text})` : ` (${f.text})`}` : ` × ${L} layers`) +
                    ` = ${showBytes(mid)} per GPU`,
                })
              }
            }
          }
        }
      }
    }
    if (readings.length === 0) return undefined
    const single = rc.stated && sp.stated && !moe && new Set(readings.map((r) => r.mid.toPrecision(12))).size === 1
    return {
      readings,
      moe,
      single,
      inputs: `s ${fmt(seqs[0])}, b ${b}, h ${fmt(h)}, a ${heads}, L ${L}, TP ${t}, PP ${pp}`,
    }
  })
}

function distinctNumbers(xs: number[]): number[] {
  return [...new Set(xs)]
}

/** Words of the fact's clause, and of its whole table row. */
function rowWords(a: Analysis, f: Fact): Set<string> {
  const out = new Set(a.x.clauses[f.clause]?.words ?? [])
  const t = f.seg.table
  if (t) for (const c of a.x.clauses) if (c.seg.table && c.seg.table.id === t.id && c.seg.table.row === t.row) for (const w of c.words) out.add(w)
  return out
}

/** Activations are estimates: ±10% beyond rounding; approximate figures only when more than 25% off; MoE ±30%. */
const ACT_TOL = 0.1
const ACT_APPROX_TOL = 0.25
const ACT_MOE_TOL = 0.3

function actFits(f: Fact, r: ActReading, tol: number): boolean {
  // Within tolerance of any point of the reading's band [lo, hi].
  for (const x of [r.lo, r.mid, r.hi]) if (matches(f, dec(x.toPrecision(15)), { rel: tol })) return true
  for (const v of readings(f)) {
    const n = v.toNumber()
    if (n >= r.lo && n <= r.hi) return true
  }
  return false
}

function checkActivations(a: Analysis): Finding[] {
  const list = claims(a, 'memActivations').filter((f) => f.value.gte(1e6) && f.unit?.dim === 'bytes')
  if (list.length === 0) return []
  if (new Set(list.map((f) => f.value.toString())).size >= 3) return []
  const s = activationSetting(a)
  if (!s) return []
  const owned = arithmeticOwned(a)
  const out: Finding[] = []
  for (const f of list) {
    if (!(f.perGpuContext || f.scopes.has('gpu')) || otherScope(f)) continue
    if (owned.has(f) || f.expr?.role === 'operand' || f.factor || f.inParens) continue
    const w = rowWords(a, f)
    if (!(w.has('activation') || w.has('activations'))) continue
    if ([...w].some((x) => NOT_PLAIN_ACTIVATIONS.test(x))) continue
    const tol = Math.max(s.moe ? ACT_MOE_TOL : ACT_TOL, f.approx ? ACT_APPROX_TOL : 0)
    const stage = w.has('stage') || w.has('stages')
    if (s.readings.some((r) => (stage || !r.stageOnly) && actFits(f, r, tol))) continue
    const one = s.single ? s.readings[0] : undefined
    const inExpr = f.expr !== undefined || explainedByExpression(a, f)
    const correct = one ? dec(one.mid.toPrecision(15)) : undefined
    const expected = correct && !inExpr && !f.approx ? replacement(f, correct, a.x.source) : undefined
    const byValue = new Map<string, string[]>()
    for (const r of s.readings) {
      if (r.stageOnly) continue
      const t = showValue(f, dec(r.mid.toPrecision(15)))
      const names = byValue.get(t) ?? []
      if (!names.includes(r.name)) names.push(r.name)
      byValue.set(t, names)
    }
    const tried = [...byValue].map(([t, names]) => `${names.join(' or ')} ${t}`).join('; ')
    const what = 'activation memory per GPU'
    const inUnit = (r: ActReading): string => (f.unit?.binary ? `${r.derivation} (${showValue(f, dec(r.mid.toPrecision(15)))})` : r.derivation)
    const source = 'Korthikanti et al. 2022 Table 2, 16-bit activations'
    out.push({
      place: f.place,
      reason: one
        ? `Unexpected ${what} \`${f.text}\`${expected ? `, expected \`${expected}\`` : ''}: ${inUnit(one)}`
        : `Unexpected ${what} \`${f.text}\`: no reading of the plan gives it (tried ${tried})`,
      expected,
      note: one
        ? `${inUnit(one)} (${source}; accepted within ${Math.round(tol * 100)}%), not ${f.text}`
        : `${s.inputs} (${source}); none of the readings tried gives ${f.text} within ${Math.round(tol * 100)}%: ${tried}`,
      fact: one ? f : undefined,
      correct,
    })
  }
  return out
}

function check(a: Analysis): Finding[] {
  return memo(a, 'training-memory', () => {
    const out = checkBytesPerParam(a)
    const s = setting(a)
    if (s) out.push(...checkMemory(a, s))
    out.push(...checkActivations(a))
    return out.sort((x, y) => x.place.start - y.place.start)
  })
}
registerCorrector(check)

export const docs = {
  summary:
    'Training memory per GPU: weights + gradients + optimizer states (and each part) must follow from the parameters, the parallel plan and the ZeRO stage or distributed optimizer; mixed-precision Adam takes 16 or 18 bytes per parameter; activation memory must follow from sequence, micro batch, hidden size, layers per stage, heads, TP/SP and the recompute mode.',
  description: [
    'Model states of mixed-precision Adam per parameter: bf16 weights 2 B, gradients 2 B (4 B as Megatron’s fp32 main',
    'grads), fp32 master weights + momentum + variance 12 B, i.e. 16 B (ZeRO paper) or 18 B (Megatron). Parameters per GPU',
    'come from the model config (most loaded pipeline stage) or from the stated parameter count ÷ (TP × PP); the',
    'data-parallel degree from DP or GPUs ÷ (TP × PP × CP). ZeRO-1 shards the optimizer states over DP, ZeRO-2 also the',
    'gradients, ZeRO-3 also the weights; the Megatron distributed optimizer is 6 + 12/DP bytes per parameter. Routed',
    'experts of a MoE model are sharded over the expert-data-parallel degree (folded or DP). Every reading the document',
    'does not rule out is tried (no ZeRO, ZeRO-1/2/3, Megatron with and without the distributed optimizer, bf16 or fp32',
    'gradients, optimizer states with or without the fp32 master copy); a figure is reported only when none fits within 5%',
    '(GB or GiB), and a fix is given only when the document names the sharding (`ZeRO-3`, `ZeRO stage: 1`,',
    '`--use-distributed-optimizer`). A bytes-per-parameter figure for mixed-precision Adam must be 16 or 18 (20 with fp16',
    'Megatron). Documents that offload states to CPU/NVMe, use LoRA, FSDP or another optimizer are left alone.',
    '',
    'Activation memory per GPU (`Activations: 9.4 GB per GPU`, a per-GPU table row, `activation memory per GPU is about',
    '9 GB`) in a training plan is checked when the document states the sequence length, micro batch size, hidden size,',
    'layers, attention heads and TP: Korthikanti et al. 2022 (Table 2, 16-bit activations) per layer, sbh(34 + 5as/h)',
    'without parallelism, sbh(10 + 24/t + 5as/(ht)) with TP, sbh(34/t + 5as/(ht)) with TP + SP, sbh(10 + 24/t) and 34·sbh/t',
    'with selective recompute, 2sbh (or 2sbh/t with SP) with full recompute, times the layers of a pipeline stage (L ÷ PP)',
    'and 1 or PP micro-batches in flight (1F1B first stage; fewer with fewer micro-batches, interleaved with VP). The',
    'recompute mode and sequence parallelism are read from the document (`--recompute-granularity selective`,',
    '`--sequence-parallel`, `gradient checkpointing`); when it does not say, every mode is tried, and no recompute also',
    'without stored attention scores (FlashAttention). Bands cover a FFN other than 4h (Megatron 18 + 4f/h, gated 18 +',
    '8f/h), GQA, the embedding and output-layer terms and, with full recompute, the recomputed layer. A figure is reported',
    'only when no reading fits within 10% (GB or GiB; 25% for `~`/`about`; 30% for MoE models, whose expert activations',
    'are not modelled), and a fix is given only when one reading applies (recompute mode and SP stated, one layer count).',
    'Inference documents, measured or profiled figures, figures that bundle workspace, buffers or CUDA graphs, context',
    'parallelism, partial recompute and activation offloading are left alone.',
  ].join('\n'),
}

export default defineRule('training-memory', docs, check)
export { check }
