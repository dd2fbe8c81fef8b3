/**
 * deployment-consistent-value: one plan, one value. A quantity (EP, TP, GPUs,
 * memory per GPU, layers, experts, ...) stated with different values.
 */
import { lineOf } from '../src/lines.js'
import { defineRule } from '../src/rule.js'
import { configOf, configSectionsOf } from '../src/configs.js'
import { memo, type Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { QUANTITY, SHAPE_QUANTITIES } from '../src/lexicon/quantities.js'
import { replacement, matches, TOL } from '../src/compare.js'
import type { Attribute, Fact } from '../src/facts.js'
import { gpuTypeCount, namedModels, otherGpuTypes } from '../src/claims.js'
import { cuesOfText, type Cue } from '../src/lexicon/cues.js'
import { quantityOfLabel } from '../src/lexicon/phrases.js'
import { moeLayerCount } from '../src/model/params.js'


function check(a: Analysis): Finding[] {
  return [...conflicts(a), ...restatedRates(a)]
}

/**
 * Two counts whose ratio is a stated parallel degree or node count (64 and 8 GPUs with 8 nodes, 48 and 6 heads with TP 8)
 * are likely one total and its share per node, GPU or replica: a reading of another scope, not a second value.
 */
function shareOfEachOther(a: Analysis, x: Fact, y: Fact): boolean {
  const u = x.value.toNumber()
  const v = y.value.toNumber()
  if (!(u > 0 && v > 0) || u === v) return false
  const ratio = Math.max(u, v) / Math.min(u, v)
  if (!Number.isInteger(ratio)) return false
  const inputs = a.resolved.inputs
  const degrees = (['tp', 'pp', 'dp', 'cp', 'ep', 'nodes', 'gpusPerNode'] as const).map((d) => inputs.get(d)?.value).filter((d): d is number => d !== undefined && d > 1)
  const numbers = new Set(degrees)
  for (const d of degrees) for (const e of degrees) numbers.add(d * e)
  return numbers.has(ratio)
}

/**
 * `Change "8 experts per layer" to "2 experts per layer"`: a correction means what the quoted value meant, which the
 * review's words may name loosely; it is checked by the model rules, not against the document's other statements.
 */
function correctsQuote(a: Analysis, f: Fact): boolean {
  return (a.x.factsOf.get(f.seg) ?? []).some((g) => g.quoted && g.clause === f.clause && g.quantity === f.quantity)
}

/**
 * `from: {tp: 2}` (the old setup, quoted) and later `Today: TP2`: a value the document itself gives as the old or
 * quoted value of the quantity describes that setup again, not a second value of the plan's.
 */
/** `stage 0 takes layers 0–30 (31 layers, so 28 MoE layers)`: a count of layers in a clause about a stage is that stage's. */
function ofAStage(a: Analysis, f: Fact): boolean {
  if (f.quantity !== 'layers' && f.quantity !== 'moeLayers' && f.quantity !== 'denseLayers') return false
  const words = a.x.clauses[f.clause].words
  return words.has('stage') || words.has('stages')
}

/** `Across 256 experts and 58 layers` beside `61 layers; the remaining 58 are MoE`: a count of layers equal to the stated MoE (or dense) layers is those. */
function layersOfAKind(a: Analysis, f: Fact): boolean {
  if (f.quantity !== 'layers') return false
  const v = f.value.toNumber()
  return (['moeLayers', 'denseLayers'] as const).some((q) => a.resolved.inputs.get(q)?.value === v) || moeLayerCount(a.resolved.model.shape) === v
}

function oldValue(a: Analysis, f: Fact): boolean {
  const old = memo(a, 'consistent-value:old', () => new Set(a.x.facts.filter((g) => g.quoted && g.quantity).map((g) => `${g.quantity} ${g.value.toString()}`)))
  return old.has(`${f.quantity} ${f.value.toString()}`)
}

function conflicts(a: Analysis): Finding[] {
  const out: Finding[] = []
  // Each GPU type has its memory: a document that names two types states two memories.
  const gpuTypes = gpuTypeCount(a)
  for (const c of a.resolved.conflicts) {
    const q = QUANTITY[c.quantity]
    if (!q.single || c.losers.length === 0) continue
    // … and its own count: `128 H100s today`, `sixty-four H200s` after a migration are two setups' counts.
    if ((c.quantity === 'gpuMemory' || c.quantity === 'gpus' || c.quantity === 'nodes') && gpuTypes > 1) continue
    // `on a 24 GB card` … `an 8 GB card then handles 32K`: sizes of any card, set side by side, not two sizes of the plan's.
    if (c.quantity === 'gpuMemory' && [...c.values.values()].flat().some((f) => f.how === 'size-gpu-any')) continue
    // `3 of 4 layers use chunked attention` beside `48 layers`: the base of a share, not a second count of the model.
    if (c.values.size === 2 && [...c.values.values()].some((fs) => fs.every((f) => f.shareBase))) continue
    if (q.kind === 'count' && c.quantity !== 'tp' && c.quantity !== 'pp' && c.quantity !== 'dp' && c.quantity !== 'ep') {
      const all = [...c.values.values()].flat()
      if (c.losers.some((f) => all.some((g) => shareOfEachOther(a, f, g)))) continue
    }
    if (c.undecided) {
      const f = c.losers[0]
      const other = [...c.values.values()].flat().find((g) => g !== f)!
      // A result of a written calculation (`2 replicas × 16 = 32 GPUs`) is deployment-arithmetic's, and may be of another scope.
      if (f.quoted || f.approx || other.approx || f.expr || other.expr?.role === 'result') continue
      if (layersOfAKind(a, f) || layersOfAKind(a, other)) continue
      if (correctsQuote(a, f)) continue
      // Phases and alternatives (prefill vs decode, baseline vs new) are different configurations.
      if (asideSetup(a, f) || asideSetup(a, other)) continue
      // `on 2 nodes (EP=16) → 304 sequences; 4 nodes (EP=32) gives 1,056`: two asides name the setups they follow.
      if (f.inParens && other.inParens) continue
      if (f.seg.section !== other.seg.section || rowsOfOneColumn(f, other) || partAndWhole(a, f, other) || acrossConfigs(a, f, other) || otherGpuTypes(a, f, other) || otherShape(a, f) || otherShape(a, other) || otherModels(a, f, other)) continue
      if (a.x.clauses[f.clause].cues.has('conditional')) continue
      // `7 replicas, 14 GPUs` … `4 nodes is 32 GPUs`: counts of GPUs, nodes or replicas in two paragraphs are often two
      // proposals (a thread, a sizing walk-through); with no value to prefer they are compared within one only, and
      // not with an aside (`512 GPUs, plus 4 hot-spare nodes (68 nodes / 544 GPUs reserved)`).
      if (SIZING_COUNTS.has(c.quantity) && (f.seg !== other.seg || f.inParens || other.inParens)) continue
      // `EP=32 puts 256 / 32 = 8 on each GPU and EP=64 puts 4 on each`: two degrees in one passage are compared.
      // (So are two degrees in items of one list: `- TP2 on two 80 GB GPUs …`, `- TP8 gives each GPU 4 query heads …`.)
      if (SETUP_DEGREES.has(c.quantity) && (f.seg === other.seg || (f.seg.listItem !== undefined && f.seg.listItem.list === other.seg.listItem?.list))) continue
      const line = lineOf(a.x.source, other.place.start)
      out.push({
        place: f.place,
        reason: `Unexpected ${q.name} \`${f.text}\`: line ${line} states ${q.name} ${other.text}`,
        note: `${q.name} is ${other.text} at line ${line} and ${f.text} here; one plan has one ${q.name}, and the text does not say which is right`,
      })
      continue
    }
    if (c.winner === undefined) continue
    const ref = c.values.get(c.winner)![0]
    const refLine = lineOf(a.x.source, ref.place.start)
    for (const f of c.losers) {
      if (f.quoted || f.approx || correctsQuote(a, f) || oldValue(a, f) || ofAStage(a, f) || layersOfAKind(a, f)) continue
      // `You'd get 16 per GPU with EP8 on a single node`: a value of what would be, not of the plan.
      if (a.x.clauses[f.clause].cues.has('conditional')) continue
      // `### Option 1 — … EP16` beside a decision that restates the chosen option's EP32: one value is a configuration's.
      if (acrossConfigs(a, f, ref) || otherGpuTypes(a, f, ref) || otherShape(a, f) || rowsOfOneColumn(f, ref) || partAndWhole(a, f, ref) || otherModels(a, f, ref)) continue
      // `| | prefill pool | decode pool |` beside `prefill … TP 8`: each phase has its own layout. (And a value of a
      // standby or spare setup, `a standby EP=16 group on two spare nodes`, is no reference for the plan's.)
      if (asideSetup(a, ref)) continue
      // A result of a written calculation is deployment-arithmetic's to fix.
      if (f.expr) continue
      // A reference GPU count that the stated grid contradicts is no fix target.
      if (c.quantity === 'gpus' && !gridAllows(a, ref.value.toNumber())) {
        out.push({
          place: f.place,
          reason: `Unexpected ${q.name} \`${f.text}\`: line ${refLine} states ${q.name} ${ref.text}`,
          note: `${q.name} is ${ref.text} at line ${refLine} and ${f.text} here, and the stated parallel grid does not fit the value at line ${refLine}, so which is right is unclear; one plan has one ${q.name}`,
        })
        continue
      }
      const expected = replacement(f, ref.value, a.x.source)
      out.push({
        place: f.place,
        reason: `Unexpected ${q.name} \`${f.text}\`, expected \`${expected}\`: the plan states ${q.name} ${ref.text} (line ${refLine})`,
        expected,
        note: `${q.name} is ${ref.text} at line ${refLine}${c.values.get(c.winner)!.length > 1 ? ` and ${c.values.get(c.winner)!.length - 1} other place(s)` : ''}; one plan has one ${q.name}`,
      })
    }
  }
  return out
}

/**
 * `Smaller sibling for comparison: 16 layers, hidden 2048, 64 experts …` beside a plan of 48 layers and 128 experts:
 * a passage whose shape differs from the plan's in another quantity too describes another model (`With EP = 4 it is two
 * experts per layer` beside EP = 8: another layout).
 */
function otherShape(a: Analysis, f: Fact): boolean {
  // (`Also full marks: TP4 × PP4, also 16 GPUs` beside TP8 × PP2: two degrees of another value are another layout.)
  if (!f.quantity || !(SHAPE_QUANTITIES.has(f.quantity) || SETUP_DEGREES.has(f.quantity))) return false
  const differs = (g: Fact): boolean =>
    a.resolved.conflicts.some((c) => c.quantity === g.quantity && (c.losers.includes(g) || (c.winner === undefined && [...c.values.values()].some((fs) => fs.includes(g)))))
  return (a.x.factsOf.get(f.seg) ?? []).some((g) => g !== f && g.quantity !== undefined && g.quantity !== f.quantity && (SHAPE_QUANTITIES.has(g.quantity) || SETUP_DEGREES.has(g.quantity)) && differs(g))
}

/**
 * `| Off-peak | … | 20 |` and `| Peak | … | 32 |` under `GPUs needed`: the rows of a column that names the quantity are
 * entries of a list (windows, models, options), each with its own value.
 */
function rowsOfOneColumn(f: Fact, g: Fact): boolean {
  const [s, t] = [f.seg.table, g.seg.table]
  if (!s || !t || s.id !== t.id || s.col !== t.col || s.row === t.row) return false
  return quantityOfLabel(s.header[s.col] ?? '')?.id === f.quantity
}

/** `20 GPUs are busy around the clock, and 12 more … all 32 GPUs`: a count of the passage that adds the smaller to the larger. */
function partAndWhole(a: Analysis, f: Fact, g: Fact): boolean {
  if (f.seg !== g.seg || !SIZING_COUNTS.has(f.quantity ?? '')) return false
  const [small, large] = f.value.lt(g.value) ? [f, g] : [g, f]
  return (a.x.factsOf.get(f.seg) ?? []).some((h) => h !== f && h !== g && !h.unit && h.value.plus(small.value).eq(large.value))
}

/**
 * `- Kimi K2 has … 384 routed experts` and `- Maverick has 128 routed experts`: passages that each name a known model,
 * not the same one; or two clauses of a passage that names several (`Qwen3-235B's 128 at EP 8 → 16. … Kimi K2's 384 at
 * EP 16 → 24.`).
 */
function otherModels(a: Analysis, f: Fact, g: Fact): boolean {
  const inSeg = (h: Fact): Attribute[] => a.x.attributes.filter((t) => t.attr === 'modelName' && !t.quoted && t.seg === h.seg)
  const inClause = (h: Fact): Set<string> => {
    const c = a.x.clauses[h.clause]
    return new Set(inSeg(h).filter((t) => t.place.start >= h.seg.start + c.start && t.place.end <= h.seg.start + c.end).map((t) => t.value))
  }
  const disjoint = (x: Set<string>, y: Set<string>): boolean => x.size > 0 && y.size > 0 && ![...x].some((m) => y.has(m))
  const [cf, cg] = [inClause(f), inClause(g)]
  if (cf.size > 0 && cg.size > 0) return disjoint(cf, cg)
  const [sf, sg] = [namedModels(a, f.seg), namedModels(a, g.seg)]
  if (f.clause !== g.clause && (sf.size > 1 || sg.size > 1)) return true
  return disjoint(sf, sg)
}

/** Degrees whose other value in a passage makes it another setup. */
const SETUP_DEGREES = new Set<string>(['tp', 'pp', 'dp', 'ep', 'cp'])

/** Counts a plan is sized by, which a document may try several values of. */
const SIZING_COUNTS = new Set<string>(['gpus', 'nodes', 'replicas'])

/** In a document of several configuration sections, two values of which only one is a configuration's own. */
function acrossConfigs(a: Analysis, f: Fact, g: Fact): boolean {
  const configs = configSectionsOf(a)
  return configs.size > 0 && configOf(f.seg.section, configs) !== configOf(g.seg.section, configs)
}

/** A value of a phase or an alternative: its clause, or its table column's header, names one (prefill, decode, option). */
function asideSetup(a: Analysis, f: Fact): boolean {
  if (a.x.clauses[f.clause].cues.has('asideSetup')) return true
  const t = f.seg.table
  return t !== undefined && cuesOfText(t.header[t.col] ?? '').has('asideSetup')
}

const QUALIFIER_KIND: Record<string, 'prefill' | 'decode' | 'total'> = {
  input: 'prefill', prompt: 'prefill', prefill: 'prefill',
  output: 'decode', decode: 'decode', generated: 'decode', generation: 'decode', completion: 'decode',
  total: 'total',
}

interface RateKey {
  kind: 'prefill' | 'decode' | 'total'
  scope?: 'gpu' | 'node' | 'cluster' | 'user'
  condition?: Fact['condition']
}

/** Cues of the clause labels of each segment (`**Decode phase**: …`), collected once per document. */
function segmentLabelCues(a: Analysis): Map<unknown, Set<Cue>> {
  return memo(a, 'segment-label-cues', () => {
    const m = new Map<unknown, Set<Cue>>()
    for (const c of a.x.clauses) {
      if (!c.label) continue
      const set = m.get(c.seg) ?? new Set<Cue>()
      for (const cue of c.labelCues) set.add(cue)
      m.set(c.seg, set)
    }
    return m
  })
}

function rateKey(a: Analysis, f: Fact): RateKey | undefined {
  let kind = f.tok.qualifier ? QUALIFIER_KIND[f.tok.qualifier] : undefined
  if (!kind) {
    // The clause, or the label of its list item (`**Decode phase**: … the system achieved 22,282 tokens/sec`).
    const cues = new Set(a.x.clauses[f.clause].cues)
    for (const c of segmentLabelCues(a).get(f.seg) ?? []) cues.add(c)
    const prefill = cues.has('prefillPhase')
    const decode = cues.has('decodePhase')
    if (prefill !== decode) kind = prefill ? 'prefill' : 'decode'
  }
  if (!kind) return undefined
  const scopes = ['gpu', 'node', 'cluster'].filter((s) => f.scopes.has(s as never)) as Array<'gpu' | 'node' | 'cluster'>
  if (f.scopes.has('sequence')) scopes.push('user' as never)
  if (scopes.length > 1) return undefined
  return { kind, scope: scopes[0] as RateKey['scope'], condition: f.condition }
}

const sameCondition = (x: RateKey['condition'], y: RateKey['condition']): boolean =>
  x !== undefined && y !== undefined && x.value.minus(y.value).abs().lte(x.value.times(0.03))

/** Two readings of one measurement agree when either lies within the other's rounding. */
const agree = (x: Fact, y: Fact): boolean => matches(x, y.value, TOL.exact) || matches(y, x.value, TOL.exact)

/**
 * One measurement, restated: `52.3k input tokens per second per node for 2000-token inputs` in the summary and
 * `54,543 tokens per second per node for 2K prompts` in the results are the same quantity (kind, scope and input
 * length all stated and equal). When the two disagree beyond rounding, the less precise restatement is reported
 * and fixed to the precise figure; a restatement of the same words elsewhere (`52.3k input tokens per second`)
 * shares its key.
 */
function restatedRates(a: Analysis): Finding[] {
  const out: Finding[] = []
  const targets = new Set<Fact>()
  for (const r of a.x.requirements) if (r.b) targets.add(r.b)
  const usable = (f: Fact): boolean =>
    f.unit?.dim === 'tokenRate' && !f.quoted && !f.approx && !f.example && f.bound === undefined && !f.inCode && !f.negated && !f.alt && f.expr === undefined && !targets.has(f)
  const candidates: Array<{ f: Fact; key: RateKey }> = []
  for (const f of a.x.facts) {
    if (!usable(f)) continue
    if (a.x.clauses[f.clause].cues.has('rateAside')) continue
    const key = rateKey(a, f)
    if (key) candidates.push({ f, key })
  }
  const complete = candidates.filter((c) => c.key.scope && c.key.condition)
  const flagged = new Set<Fact>()
  for (const x of complete) {
    if (flagged.has(x.f)) continue
    const group = complete.filter((y) => y.key.kind === x.key.kind && y.key.scope === x.key.scope && sameCondition(y.key.condition, x.key.condition))
    // Two readings at most: more are several configurations.
    const values: Fact[][] = []
    for (const y of group) {
      const cluster = values.find((v) => agree(v[0], y.f))
      if (cluster) cluster.push(y.f)
      else values.push([y.f])
    }
    if (values.length !== 2) continue
    const sig = (v: Fact[]): number => Math.max(...v.map((f) => f.tok.lit.style.significant ?? 0))
    const [p, q] = values
    if (sig(p) === sig(q)) continue
    const [precise, rough] = sig(p) > sig(q) ? [p, q] : [q, p]
    const ref = precise[0]
    const refLine = lineOf(a.x.source, ref.place.start)
    const refText = ref.text.includes(ref.tok.unitText ?? '') ? ref.text : `${ref.text} ${ref.tok.unitText}`
    const restated = [...rough]
    // The same words elsewhere, with less said about them (`52.3k input tokens per second`), are the same claim.
    for (const c of candidates) {
      if (complete.includes(c) || restated.includes(c.f)) continue
      if (c.key.kind !== x.key.kind || (c.key.scope && c.key.scope !== x.key.scope) || (c.key.condition && !sameCondition(c.key.condition, x.key.condition))) continue
      if (rough.some((r) => r.text === c.f.text)) restated.push(c.f)
    }
    const cond = x.key.condition!
    for (const f of restated) {
      flagged.add(f)
      // A rate is no count: the restatement keeps its own rounding (`52.3k` → `54.5k`).
      const expected = replacement(f, ref.value, a.x.source, { round: true })
      out.push({
        place: f.place,
        reason: `Unexpected ${x.key.kind} throughput \`${f.text}\`, expected \`${expected}\`: line ${refLine} measures ${refText} per ${x.key.scope} for ${cond.what} ${cond.fact.text}`,
        expected,
        note: `${x.key.kind} throughput per ${x.key.scope} at ${cond.what} ${cond.fact.text} is ${refText} at line ${refLine} and ${f.text} here; a rounded restatement of one measurement has to round from it`,
      })
    }
    for (const f of precise) flagged.add(f)
  }
  return out
}

/** Whether `gpus` can be the plan's GPU count under the stated TP, PP, CP (and DP). */
function gridAllows(a: Analysis, gpus: number): boolean {
  const inp = a.resolved.inputs
  const tp = inp.get('tp')?.value ?? 1
  const pp = inp.get('pp')?.value ?? 1
  const cp = inp.get('cp')?.value ?? 1
  const dp = inp.get('dp')?.value
  if (dp !== undefined) return gpus === tp * pp * cp * dp
  return gpus % (tp * pp * cp) === 0
}

export const docs = {
  summary: 'One plan, one value: a quantity such as EP, TP, PP, the GPU count, the memory per GPU, the layer or expert count stated with two different values.',
  description: [
    'When a quantity has exactly two values and one of them is stated in a definition (a table row, a `**Label**: value` item,',
    'a config block or front matter) while the other appears only in prose, the prose value is reported and fixed to the definition.',
    'When neither is a definition, a value stated once against one stated several times is reported.',
    'Documents that define two configurations (two table rows, two launch commands) or more than two values are left alone:',
    'they describe alternatives, not one plan. Quoted and approximate values are not compared. A document that names two',
    'GPU types (a migration, a comparison) states a GPU count, a node count and a memory for each: those are not compared;',
    'nor are sizes of any card (`on a 24 GB card`, `- 48 GB card:`), the base of a share (`3 of 4 layers`), two values each in',
    'parentheses after the setup it names (`2 nodes (EP=16)`, `4 nodes (EP=32)`), or, in a document about one of two known',
    'models, the figures of a paragraph that names only the other (`the DBRX numbers are different: 40 layers`).',
    'A measured token rate restated elsewhere is one measurement: when two statements give the same kind (prefill/input,',
    'decode/output), the same scope (per GPU, per node) and the same input length (`for 2K inputs`, or the matching item of',
    'a `respectively` list), and disagree beyond rounding, the less precise restatement (`52.3k` against `54,543`) is reported',
    'and fixed to the precise figure, in its own rounding; the same words repeated without scope or length share the report.',
    'Targets, baselines, estimates and comparisons are not restatements.',
  ].join('\n'),
}

export default defineRule('consistent-value', docs, check)
export { check }
