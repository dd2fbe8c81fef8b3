/**
 * Checking stated claims against derived readings: the part every model
 * rule shares. A claim holds if it matches any reading (any accepted
 * convention); otherwise it is reported with the first reading as the fix
 * and its derivation as the note.
 */
import type { Analysis } from './analysis.js'
import { memo } from './analysis.js'
import type { Fact } from './facts.js'
import type { QuantityId } from './lexicon/quantities.js'
import { QUANTITY } from './lexicon/quantities.js'
import { type Finding, withoutFix } from './report.js'
import type { Reading } from './derive.js'
import { dec, show, type Dec } from './num.js'
import { TOL, matches, replacement, type Tolerance } from './compare.js'
import { check as arithmeticCheck } from '../rules/arithmetic.js'
import { gpuById, gpuMemoryBytes } from './model/gpus.js'

const WHOLE = new Set<QuantityId>(['paramsTotal', 'paramsActive', 'gpus', 'layers', 'heads', 'kvHeads', 'hidden', 'vocab'])

/** Facts that are claims a rule may check (not quoted, not bounds, examples, code or grid rows). */
export function claims(a: Analysis, q: QuantityId): Fact[] {
  return (a.x.byQuantity.get(q) ?? []).filter(
    (f) =>
      f.quantity === q &&
      !f.quoted &&
      !f.negated &&
      f.bound === undefined &&
      !f.example &&
      !f.inCode &&
      !a.resolved.rowFacts.has(f) &&
      // `Total params (B) | 46.7`: fewer than a million parameters is a count in a scale the text does not give.
      !((q === 'paramsTotal' || q === 'paramsActive') && f.value.lt(1e6)) &&
      // `Parameters per expert: … = 301,989,888` is not the model's total.
      !(WHOLE.has(q) && [...f.scopes].some((s) => !(s === 'token' && q === 'paramsActive'))),
  )
}

/** Results of written expressions whose arithmetic is wrong: deployment-arithmetic reports them. */
export function arithmeticOwned(a: Analysis): Set<Fact> {
  return memo(a, 'arithmeticOwned', () => {
    const out = new Set<Fact>()
    for (const f of arithmeticCheck(a)) if (f.fact) out.add(f.fact)
    return out
  })
}

/** The clause of a fact holds a written expression whose result equals the fact's value. */
export function explainedByExpression(a: Analysis, f: Fact): boolean {
  return (a.x.exprsOf.get(f.clause) ?? []).some((e) => e.sides.some((s) => s.single && s.single !== f && s.single.value.eq(f.value)))
}

export interface CheckOptions {
  tol: Tolerance
  /** Unit words for messages (`experts per GPU per layer`). */
  what?: string
  /** Skip a fact (extra conditions). */
  skip?: (f: Fact) => boolean
  /** Readings override. */
  readings?: Reading[]
}

export function checkAgainst(a: Analysis, q: QuantityId, opts: CheckOptions): Finding[] {
  const readings = opts.readings ?? a.derived.readings.get(q)
  if (!readings || readings.length === 0) return []
  // A document about three models or more (release notes, a catalog, a comparison) mixes their inputs: the plan's
  // model is not known for a claim.
  if (manyModels(a)) return []
  const owned = arithmeticOwned(a)
  const out: Finding[] = []
  const what = opts.what ?? QUANTITY[q].name
  const list = claims(a, q)
  // A document that states this quantity with three or more values, or two it
  // does not arbitrate, describes several configurations: nothing to check.
  if (new Set(list.map((f) => f.value.toString())).size >= 3) return out
  // A table of several layouts (one PP per row) leaves a prose claim that depends on PP without one value to use.
  if ((DEPENDS[q] ?? []).some((d) => variesByRow(a, d))) return out
  if (a.resolved.conflicts.some((c) => c.quantity === q && c.winner === undefined)) return out
  for (const f of list) {
    if (opts.skip?.(f)) continue
    if (owned.has(f)) continue
    // An operand of a written calculation is an input of it, not a claim of the total.
    if (f.expr?.role === 'operand' || f.factor) continue
    if (readings.some((r) => matches(f, dec(r.value), opts.tol))) continue
    if (localLayout(a, f, q)) continue
    const primary = readings[0]
    const inExpr = f.expr !== undefined || explainedByExpression(a, f)
    const expected = inExpr ? undefined : replacement(f, dec(primary.value), a.x.source)
    const others = readings.length > 1 ? ` (also tried: ${readings.slice(1).map((r) => `${r.convention ? r.convention + ' ' : ''}${showValue(f, dec(r.value))}`).join(', ')})` : ''
    out.push({
      place: f.place,
      reason: `Unexpected ${what} \`${f.text}\`${expected ? `, expected \`${expected}\`` : ''}: ${primary.derivation}`,
      expected,
      note: `${primary.derivation}${primary.convention ? ` (${primary.convention})` : ''}, not ${f.text}${others}`,
      fact: f,
      correct: dec(primary.value),
      relation: GRID.includes(q) ? { key: 'grid', blames: q, uses: GRID.filter((g) => g !== q) } : undefined,
    })
  }
  return out
}

/** Three distinct models or more named in the document (not quoted). */
function manyModels(a: Analysis): boolean {
  return memo(a, 'many-models', () => new Set(a.x.attributes.filter((t) => t.attr === 'modelName' && !t.quoted).map((t) => String(t.value))).size >= 3)
}

/**
 * `| Attention weights | 0.45 GB |`, `- **KV cache**: 2.68 GB` where nothing says per GPU: the size is the GPU's or the
 * whole model's. It is reported only when it fits neither reading, and without a fix (which one is meant is not known).
 */
export function checkUnscoped(a: Analysis, q: QuantityId, what: string, whole: Reading[], skip?: (f: Fact) => boolean): Finding[] {
  const perGpu = a.derived.readings.get(q) ?? []
  if (perGpu.length === 0 || whole.length === 0) return []
  return checkAgainst(a, q, {
    tol: TOL.memory,
    what: `${what} (per GPU or whole model)`,
    skip: (f) => f.perGpuContext || f.scopes.size > 0 || (skip?.(f) ?? false),
    readings: [...perGpu, ...whole],
  }).map(withoutFix)
}

/**
 * A document that names two or more GPU types as its own (an RFC comparing H100 and H200 nodes) describes several
 * setups. When the stated inputs of a relation (and its claim) sit in different sections of such a document, they may
 * belong to different setups, and the relation is not checked across them.
 */
export function setupsApart(a: Analysis, ids: readonly QuantityId[], claim?: Fact): boolean {
  const types = new Set((a.resolved.attributes.get('gpuType') ?? []).filter((t) => !t.quoted).map((t) => t.value))
  if (types.size < 2) return false
  const sections = new Set<unknown>()
  for (const q of ids) {
    const f = a.resolved.inputs.get(q)?.facts.find((g) => !g.quoted)
    if (f) sections.add(f.seg.section)
  }
  if (claim) sections.add(claim.seg.section)
  return sections.size > 1
}

/** Parallel degrees: stated in a sentence before a claim in its paragraph, another value than the plan's makes the claim another layout's. */
const DEGREES = new Set<QuantityId>(['tp', 'pp', 'dp', 'ep'])

/** The layout quantities a per-GPU count depends on, and whose other value next to a claim makes it another layout's. */
const LOCAL_LAYOUT: readonly QuantityId[] = ['tp', 'pp', 'dp', 'ep', 'gpus']

/**
 * `N = 2 on two H100s: … 4 KV heads per GPU`, `EP4, so every GPU holds 2 experts per layer`: a per-GPU claim whose own
 * clause (or list item, or a sentence before it in its paragraph) states a layout value other than the plan's belongs
 * to that other layout.
 */
function localLayout(a: Analysis, f: Fact, q: QuantityId): boolean {
  if (!DEPENDS[q]) return false
  const item = f.seg.listItem !== undefined || f.seg.kind === 'cell'
  for (const g of a.x.factsOf.get(f.seg) ?? []) {
    if (g === f || g.quoted || !g.quantity) continue
    // In a paragraph: the claim's own clause, or a sentence before it (`We also looked at DBRX on TP=2 (…). That
    // leaves … with 4 KV heads per GPU`).
    const before = !item && g.clause !== f.clause
    if (before && (g.place.start > f.place.start || !DEGREES.has(g.quantity) || g.expr)) continue
    // `47 layers/stage × 512 = 24,064 B`: a stage size no reading of the plan gives is another layout's.
    if (g.quantity === 'layersPerStage' && q !== 'layersPerStage') {
      const stages = a.derived.readings.get('layersPerStage') ?? []
      if (stages.length > 0 && !stages.some((r) => g.value.eq(r.value))) return true
      continue
    }
    if (!LOCAL_LAYOUT.includes(g.quantity)) continue
    const input = a.resolved.inputs.get(g.quantity)
    if (input && !g.value.eq(input.value)) return true
  }
  return false
}

/** The degrees a per-GPU or per-stage quantity is computed with. */
const DEPENDS: Partial<Record<QuantityId, QuantityId[]>> = {
  layersPerStage: ['pp'],
  expertsPerGpuLayer: ['ep'],
  expertsPerGpu: ['ep', 'pp'],
  headsPerGpu: ['tp'],
  kvHeadsPerGpu: ['tp'],
  memWeights: ['tp', 'pp', 'ep'],
  memExperts: ['ep', 'pp'],
  memAttention: ['tp', 'pp'],
  memKv: ['tp', 'pp'],
  kvPerTokenLayer: ['tp'],
  kvPerToken: ['tp', 'pp'],
  gpusPerStage: ['pp', 'tp', 'dp'],
}

/** The document's table rows state this degree with two or more values (several layouts side by side). */
export function variesByRow(a: Analysis, q: QuantityId): boolean {
  return memo(a, `varies-by-row:${q}`, () => {
    const values = new Set<string>()
    for (const f of a.resolved.rowFacts) if (f.quantity === q && !f.quoted) values.add(f.value.toString())
    return values.size >= 2
  })
}

/** The quantities of the grid relation N = TP × PP × DP (× CP): a claim of one is computed from the others. */
const GRID: readonly QuantityId[] = ['gpus', 'tp', 'pp', 'dp', 'cp']

export function showValue(f: Fact, base: Dec): string {
  if (f.unit) return `${show(base.div(f.unit.factor))} ${f.tok.unitText ?? f.unit.id}`
  return show(base)
}

/** A memory value stated per token, per layer, per sequence or per expert: not a per-GPU total. */
export function otherScope(f: Fact): boolean {
  for (const s of f.scopes) if (s !== 'gpu') return true
  return false
}

/** How many GPU types the document names (unquoted). Each type has its memory: two types state two memories. */
export function gpuTypeCount(a: Analysis): number {
  return memo(a, 'gpu-types', () => new Set(a.x.attributes.filter((t) => t.attr === 'gpuType' && !t.quoted).map((t) => t.value)).size)
}

/** `- **H100 SXM.** … TP=16` and `- **MI300X.** … At TP=8`: two values in paragraphs or list items that each name another GPU type. */
export function otherGpuTypes(a: Analysis, f: Fact, g: Fact): boolean {
  if (f.seg === g.seg || gpuTypeCount(a) < 2) return false
  const types = (h: Fact): Set<string> => new Set(a.x.attributes.filter((t) => t.attr === 'gpuType' && !t.quoted && t.seg === h.seg).map((t) => String(t.value)))
  const [x, y] = [types(f), types(g)]
  return x.size > 0 && y.size > 0 && ![...x].some((t) => y.has(t))
}

/**
 * The memory of the GPU a value is about: the one GPU memory stated in its own section (`### C: 8 × B200 180GB` above
 * `100 GB per GPU (61% of HBM)`), else the document's when it names at most one GPU type, else none.
 */
export function gpuMemoryFor(a: Analysis, f: Fact): { value: number; facts: Fact[] } | undefined {
  const section = f.seg.section
  const own = section ? (a.x.byQuantity.get('gpuMemory') ?? []).filter((g) => g.seg.section === section && !g.quoted && !g.alt && g.unit?.dim === 'bytes') : []
  if (own.length > 0 && new Set(own.map((g) => g.value.toString())).size === 1) return { value: own[0].value.toNumber(), facts: [own[0]] }
  if (gpuTypeCount(a) <= 1) return a.resolved.inputs.get('gpuMemory')
  // `### Option C — one H200 node` in a document of several GPU types: the one type its section names, from the GPU table.
  if (own.length > 0 || !section) return undefined
  const types = new Set(a.x.attributes.filter((t) => t.attr === 'gpuType' && !t.quoted && t.seg.section === section).map((t) => t.value))
  const gpu = types.size === 1 ? gpuById([...types][0]) : undefined
  return gpu ? { value: gpuMemoryBytes(gpu), facts: [] } : undefined
}

/** Precisions named in a value's own clause (`98,304 B/token (96 KiB) in bf16`). */
export function clausePrecisions(a: Analysis, f: Fact): Set<string> {
  const clause = a.x.clauses[f.clause]
  const out = new Set<string>()
  if (!clause) return out
  for (const t of a.x.attributes) {
    if ((t.attr !== 'precision' && t.attr !== 'kvPrecision') || t.seg !== clause.seg) continue
    const at = t.place.start - clause.seg.start
    if (at >= clause.start && at < clause.end) out.add(t.value)
  }
  return out
}

/**
 * `- **4-node replicas, EP=32:** 16 routed experts per GPU`, `- TP=4 target: … 2 KV heads per GPU`: the values of `q`
 * that the claim's own passage (a list item) states before it, the layout the claim is of.
 */
export function ownValuesBefore(a: Analysis, f: Fact, q: QuantityId): Set<number> {
  return new Set((a.x.factsOf.get(f.seg) ?? []).filter((g) => g.quantity === q && !g.quoted && g.place.start < f.place.start).map((g) => g.value.toNumber()))
}

/** The known models a passage names (unquoted), or the whole document when no passage is given. */
export function namedModels(a: Analysis, seg?: Fact['seg']): Set<string> {
  return new Set(a.x.attributes.filter((t) => t.attr === 'modelName' && !t.quoted && (seg === undefined || t.seg === seg)).map((t) => t.value))
}
