/**
 * deployment-training-memory, activations: the recompute mode, sequence
 * parallelism and shape a training document states, and the check of
 * activation memory per GPU (Korthikanti et al. 2022).
 */
import { type Analysis, memo } from '../analysis.js'
import { claims, arithmeticOwned, otherScope, explainedByExpression, showValue } from '../claims.js'
import { matches, readings, replacement } from '../compare.js'
import type { Fact } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'
import { grouped, sig, showBytes } from '../model/format.js'
import { type Recompute, activationBytesPerLayer } from '../model/training.js'
import { dec } from '../num.js'
import type { Finding } from '../report.js'
import { docWords, docCues, attrValues, degree } from './training-states.js'
import type { Cue } from '../lexicon/cues.js'

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
    const about = c.cues.has('recompute') || (c.cues.has('checkpoint') && (w.has('activation') || w.has('activations') || w.has('gradient')))
    if (!about) continue
    if (c.cues.has('someLayers')) return undefined
    // `full recompute would cost 30% more`: the document weighs the modes.
    if (c.cues.has('hypothetical')) return { modes: ['none', 'selective', 'full'], stated: false }
    const modes = new Set<Mode>()
    if (c.cues.has('negation')) modes.add('none')
    if (w.has('selective')) modes.add('selective')
    if (c.cues.has('everyLayer')) modes.add('full')
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
    if (c.cues.has('hypothetical')) return { sp: [false, true], stated: false }
    found.add(!c.cues.has('negation'))
  }
  return { sp: stated(found), stated: found.size === 1 }
}

/** A stated degree, or 1 when the document names no such parallelism at all. */
function statedDegree(a: Analysis, q: QuantityId, cue: Cue): number | undefined {
  const inp = a.resolved.inputs.get(q)
  if (inp) return inp.value
  if (a.resolved.conflicts.some((c) => c.quantity === q) || (a.x.byQuantity.get(q) ?? []).length > 0) return undefined
  if (docCues(a).has(cue)) return undefined
  return 1
}

const fmt = (n: number): string => grouped(n)

function activationSetting(a: Analysis): ActSetting | undefined {
  return memo(a, 'training-memory:activations', () => {
    // The document's words only when its cues do not already say training (they are the larger set to gather).
    const words = (): Set<string> => docWords(a)
    if (!docCues(a).has('training') && !(words().has('pre') && words().has('training')) && !(words().has('fine') && words().has('tuning'))) return undefined
    if (docCues(a).has('notActivationSetup')) return undefined
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
    const t = statedDegree(a, 'tp', 'tensorParallel')
    const pp = statedDegree(a, 'pp', 'pipelineParallel')
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
    const moe = (E !== undefined && E > 1) || (ep !== undefined && ep > 1) || a.resolved.inputs.has('topK') || docCues(a).has('moe')
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

/** Cues of the fact's clause, and of its whole table row. */
function rowCues(a: Analysis, f: Fact): Set<Cue> {
  const out = new Set(a.x.clauses[f.clause]?.cues ?? [])
  const t = f.seg.table
  if (t) for (const c of a.x.clauses) if (c.seg.table && c.seg.table.id === t.id && c.seg.table.row === t.row) for (const x of c.cues) out.add(x)
  return out
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

export function checkActivations(a: Analysis): Finding[] {
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
    if (rowCues(a, f).has('notPlainActivations')) continue
    const tol = Math.max(s.moe ? ACT_MOE_TOL : ACT_TOL, f.approx ? ACT_APPROX_TOL : 0)
    const stage = w.has('stage') || w.has('stages')
    if (s.readings.some((r) => (stage || !r.stageOnly) && actFits(f, r, tol))) continue
    // A MoE model's stated activations above every reading may hold what no reading counts (dispatch buffers, the
    // recomputed layer's working set, logits): only a figure below them all is sure to be wrong.
    // (Full recomputation only: its readings count the checkpoints, a floor.)
    if (s.moe && !s.single && s.readings.every((r) => f.value.gt(r.hi) && /full/.test(r.name))) continue
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
