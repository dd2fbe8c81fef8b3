/**
 * Resolve: facts (plus front matter, config blocks and plugin options) → one
 * DeploymentModel. Each input keeps the facts it was read from. Two sources
 * that disagree leave the input unresolved (the conflict is a finding of
 * deployment-consistent-value); nothing is derived from a conflicting input.
 */
import { moeLayerCount } from './model/params.js'
import { bytesPerParam } from './model/precision.js'
import type { Extraction, Fact, Attribute } from './facts.js'
import type { QuantityId } from './lexicon/quantities.js'
import { LAYER_SPLIT_FLAG } from './lexicon/words.js'
import type { DeploymentModel, ModelShape, ParallelPlan, Precision } from './model/types.js'
import { gpuById, gpuMemoryBytes } from './model/gpus.js'

/** Quantities that are inputs of the model (not derived claims). */
export const INPUTS: QuantityId[] = [
  'layers',
  'moeLayers',
  'denseLayers',
  'experts',
  'topK',
  'sharedExperts',
  'redundantExperts',
  'hidden',
  'heads',
  'kvHeads',
  'headDim',
  'ffn',
  'expertFfn',
  'vocab',
  'tp',
  'pp',
  'dp',
  'cp',
  'ep',
  'etp',
  'gpus',
  'replicas',
  'nodes',
  'gpusPerNode',
  'gpuMemory',
  'batch',
  'seqLen',
  'promptLen',
  'globalBatch',
  'microBatch',
]

export interface Input {
  quantity: QuantityId
  /** Value in base units (count, bytes). */
  value: number
  facts: Fact[]
  /** Where the value came from when no fact states it (options, config file, GPU table). */
  source?: string
}

export interface Conflict {
  quantity: QuantityId
  values: Map<string, Fact[]>
  /** The value the document defines (table, list label, config) or states most, when one stands out. */
  winner?: string
  /** Facts that state another value than the winner: findings. */
  losers: Fact[]
  /** Two prose statements, one each: the later is reported without a fix. */
  undecided?: boolean
}

/**
 * One plan, one value: when a quantity has two values, the one stated in a
 * definition (table, `Label: value`, config) wins over prose, or the one
 * stated more often wins over a single odd one. Otherwise (two definitions,
 * more than two values) the document describes several configurations and
 * nothing is decided.
 */
function arbitrate(values: Map<string, Fact[]>, others: Fact[]): { winner?: string; losers: Fact[]; undecided?: boolean } {
  if (values.size !== 2) return { losers: [] }
  // Values stated in code, grid tables, bounds or examples: several configurations.
  const all = new Set([...values.keys()])
  for (const f of others) all.add(f.value.toString())
  if (all.size !== 2) return { losers: [] }
  const [[ka, fa], [kb, fb]] = [...values]
  const defA = fa.some((f) => f.definitional)
  const defB = fb.some((f) => f.definitional)
  const prose = (fs: Fact[]): boolean => fs.every((f) => !f.definitional && !f.inCode)
  if (defA && !defB && prose(fb)) return { winner: ka, losers: fb }
  if (defB && !defA && prose(fa)) return { winner: kb, losers: fa }
  if (defA || defB || others.length > 0) return { losers: [] }
  if (prose(fa) && prose(fb)) {
    if (fa.length >= 2 && fb.length === 1) return { winner: ka, losers: fb }
    if (fb.length >= 2 && fa.length === 1) return { winner: kb, losers: fa }
    // One statement each: the later contradicts the earlier; which is right is unknown.
    if (fa.length === 1 && fb.length === 1) {
      const later = fa[0].place.start > fb[0].place.start ? fa : fb
      return { losers: later, undecided: true }
    }
  }
  return { losers: [] }
}

/** Quantities of the whole model, plan or cluster. */
const GLOBAL = new Set<QuantityId>(['kvLoraRank', 'ropeDim', 'layers', 'moeLayers', 'denseLayers', 'experts', 'topK', 'sharedExperts', 'redundantExperts', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'expertFfn', 'vocab', 'tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'gpus', 'nodes', 'paramsTotal', 'paramsActive', 'gpuMemory'])
/** Global quantities that are naturally stated per layer (`16 experts per layer`). */
const LAYER_OK = new Set<QuantityId>(['experts', 'topK', 'sharedExperts', 'redundantExperts'])

const COUNTS = new Set<QuantityId>(['kvLoraRank', 'ropeDim', 'denseLayers', 'globalBatch', 'microBatch', 'gradAccum', 'layers', 'moeLayers', 'experts', 'topK', 'sharedExperts', 'redundantExperts', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'expertFfn', 'vocab', 'tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'gpus', 'nodes', 'gpusPerNode', 'batch', 'seqLen', 'promptLen'])

/** A value usable as a model input: positive integer counts, plausible memory per GPU. */
function plausible(f: Fact): boolean {
  const q = f.quantity!
  if (COUNTS.has(q)) return f.value.isInteger() && f.value.gt(0) && f.value.lt(1e9)
  if (q === 'gpuMemory') return f.value.gte(1e9) && f.value.lte(2e12)
  // `Total params (B) | 46.7`: a model of fewer than a million parameters is a count in some unstated scale.
  if (q === 'paramsTotal' || q === 'paramsActive') return f.value.gte(1e6)
  return true
}

export interface Resolved {
  model: DeploymentModel
  inputs: Map<QuantityId, Input>
  conflicts: Conflict[]
  /** Facts of grid tables (one configuration per row): not document-wide inputs. */
  rowFacts: Set<Fact>
  attributes: Map<Attribute['attr'], Attribute[]>
  /** Extra shape fields from a config (JSON block, front matter, options). */
  configShape?: ModelShape
  /** An EP the text states that vLLM's EP = TP × DP overrides. */
  statedEp?: Input
}

/** Facts in a table whose column names the quantity and that has several data rows: per-row configurations. */
function isGridFact(f: Fact): boolean {
  return f.grid && (f.seg.table?.rows ?? 0) >= 2
}

const DEGREES = new Set<QuantityId>(['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'dcp'])

/**
 * `| A | TP8 × PP2 |`, `| B | TP8 × DP2 + EP16 |`, `| C | DP16 + EP16 |`: a table column whose rows state one degree
 * with different values holds one
 * configuration per row (options, sweeps), none of them the plan's by itself.
 */
function layoutColumnFacts(facts: readonly Fact[]): Set<Fact> {
  const byColumn = new Map<string, Map<number, Fact[]>>()
  for (const f of facts) {
    const t = f.seg.table
    if (!t || !f.quantity || !DEGREES.has(f.quantity) || f.quoted) continue
    const key = `${t.id}:${t.col}`
    const rows = byColumn.get(key) ?? new Map<number, Fact[]>()
    rows.set(t.row, [...(rows.get(t.row) ?? []), f])
    byColumn.set(key, rows)
  }
  const out = new Set<Fact>()
  for (const rows of byColumn.values()) {
    if (rows.size < 2) continue
    // One degree with two values in two rows (`DP2`, `DP16`): the rows are layouts, not one plan's settings in parts.
    const values = new Map<string, Set<string>>()
    for (const fs of rows.values()) for (const f of fs) values.set(f.quantity!, (values.get(f.quantity!) ?? new Set()).add(f.value.toString()))
    if ([...values.values()].some((v) => v.size >= 2)) for (const fs of rows.values()) for (const f of fs) out.add(f)
  }
  return out
}

export function resolve(x: Extraction, options: { model?: ModelShape & Partial<ParallelPlan> } = {}, configShape?: ModelShape): Resolved {
  const rowFacts = new Set<Fact>()
  const byQ = new Map<QuantityId, Fact[]>()
  const otherByQ = new Map<QuantityId, Fact[]>()
  // Several launch commands with degrees are several configurations: their degrees are not combined.
  const degreeBlocks = new Set(x.facts.filter((f) => f.quantity && DEGREES.has(f.quantity) && f.seg.kind === 'code').map((f) => f.seg))
  const codeDegreesApart = degreeBlocks.size >= 2
  const layouts = layoutColumnFacts(x.facts)
  for (const f of x.facts) {
    if (!f.quantity || f.quoted || f.negated) continue
    if (!plausible(f)) continue
    const row = isGridFact(f) || layouts.has(f)
    const side = row || f.bound !== undefined || f.example || f.inCode
    if (side) {
      if (row) rowFacts.add(f)
      const list = otherByQ.get(f.quantity) ?? []
      list.push(f)
      otherByQ.set(f.quantity, list)
      // Code states inputs too (`--tp 8`), but does not arbitrate conflicts.
      if (!(f.inCode && !isGridFact(f) && f.bound === undefined && !f.example)) continue
      if (codeDegreesApart && DEGREES.has(f.quantity) && f.seg.kind === 'code') continue
    }
    // A per-GPU, per-expert or cluster figure is not the model's or the plan's value.
    if (GLOBAL.has(f.quantity) && [...f.scopes].some((s) => !((s === 'layer' && LAYER_OK.has(f.quantity!)) || (s === 'token' && (f.quantity === 'topK' || f.quantity === 'paramsActive')) || (s === 'gpu' && f.quantity === 'gpuMemory')))) continue
    const list = byQ.get(f.quantity) ?? []
    list.push(f)
    byQ.set(f.quantity, list)
  }
  // Operands of written calculations (`20 layers × 44.04M × 2 B`) are inputs only when nothing else states the quantity.
  for (const [q, list] of byQ) {
    const direct = list.filter((f) => f.expr?.role !== 'operand' && !f.factor)
    if (direct.length < list.length) {
      if (direct.length > 0) byQ.set(q, direct)
      else byQ.delete(q)
    }
  }
  const inputs = new Map<QuantityId, Input>()
  const conflicts: Conflict[] = []
  for (const q of INPUTS) {
    const facts = byQ.get(q)
    if (!facts || facts.length === 0) continue
    const values = new Map<string, Fact[]>()
    for (const f of facts) {
      if (f.approx && q !== 'gpuMemory') continue
      const key = f.value.toString()
      const list = values.get(key) ?? []
      list.push(f)
      values.set(key, list)
    }
    if (values.size === 1) {
      const [[key, fs]] = [...values]
      inputs.set(q, { quantity: q, value: Number(key), facts: fs })
    } else if (values.size > 1) {
      const { winner, losers, undecided } = arbitrate(values, (otherByQ.get(q) ?? []).filter((f) => !facts.includes(f)))
      conflicts.push({ quantity: q, values, winner, losers, undecided })
      if (winner !== undefined) inputs.set(q, { quantity: q, value: Number(winner), facts: values.get(winner)! })
    }
  }
  const attributes = new Map<Attribute['attr'], Attribute[]>()
  for (const a of x.attributes) {
    if (a.quoted) continue
    const list = attributes.get(a.attr) ?? []
    list.push(a)
    attributes.set(a.attr, list)
  }
  const uniqueAttr = (k: Attribute['attr']): string | undefined => {
    const list = attributes.get(k)
    if (!list) return undefined
    const vals = new Set(list.map((a) => a.value))
    return vals.size === 1 ? [...vals][0] : undefined
  }
  const num = (q: QuantityId): number | undefined => inputs.get(q)?.value
  const opt = options.model ?? {}
  const shape: ModelShape = {
    ...(configShape ?? {}),
    ...stripUndefined({
      layers: num('layers'),
      hidden: num('hidden'),
      heads: num('heads'),
      kvHeads: num('kvHeads'),
      headDim: num('headDim'),
      ffn: num('ffn'),
      expertFfn: num('expertFfn'),
      experts: num('experts'),
      topK: num('topK'),
      sharedExperts: num('sharedExperts'),
      vocab: num('vocab'),
      kvLoraRank: num('kvLoraRank'),
      qkRopeHeadDim: num('ropeDim'),
    }),
  }
  // MoE layers: "16 (all MoE)", a stated MoE layer count, or `the first 3 are dense`.
  const moe = num('moeLayers')
  const dense = num('denseLayers')
  // A config that interleaves MoE layers (`interleave_moe_layer_step`) may already give the stated count.
  const already = shape.layers !== undefined && shape.experts !== undefined ? moeLayerCount(shape) : undefined
  if (moe !== undefined && already === moe) {
    // nothing to add
  } else if (moe !== undefined && shape.layers !== undefined && moe < shape.layers) shape.firstKDense = shape.layers - moe
  else if (dense !== undefined && shape.layers !== undefined && dense < shape.layers && already !== shape.layers - dense) shape.firstKDense = dense
  const untied = uniqueAttr('untied')
  const tied = uniqueAttr('tied')
  if (untied && !tied) shape.tiedEmbeddings = false
  else if (tied && !untied) shape.tiedEmbeddings = true
  const precision = uniqueAttr('precision') as Precision | undefined
  if (precision) shape.weightPrecision = precision
  else if ((attributes.get('precision') ?? []).some((a) => !a.quoted)) {
    // The document names several weight formats (FP8 experts, BF16 attention): no single format, and the
    // config's dtype is not the document's either. BF16 and FP16 are one size: the first one named stands.
    const named = (attributes.get('precision') ?? []).filter((a) => !a.quoted).map((a) => a.value as Precision)
    const sizes = new Set(named.map((p) => bytesPerParam(p)))
    if (sizes.size === 1) shape.weightPrecision = named[0]
    else delete shape.weightPrecision
  }
  const kvp = uniqueAttr('kvPrecision') as Precision | undefined
  if (kvp) shape.kvPrecision = kvp
  Object.assign(shape, stripUndefined(pickShape(opt as Record<string, unknown>)))
  let statedEp: Input | undefined
  // A launch command that sets TP but no PP runs PP = 1 (every engine's default).
  const tpIn = inputs.get('tp')
  // (Not when the document states a PP anywhere, in conflict or in another setup: `PP=4` beside `PP 8 halves …`.)
  const ppStated = x.facts.some((f) => f.quantity === 'pp' && !f.quoted && !f.example)
  // (llama.cpp's `--split-mode layer` puts whole layers on each GPU: a pipeline of its own.)
  const layerSplit = tpIn?.facts.some((f) => LAYER_SPLIT_FLAG.test(f.seg.text)) ?? false
  if (!inputs.has('pp') && tpIn && tpIn.facts.length > 0 && tpIn.facts.every((f) => f.inCode) && !byQ.has('pp') && !ppStated && !layerSplit) {
    inputs.set('pp', { quantity: 'pp', value: 1, facts: [], source: 'launch command without a pipeline size (PP = 1)' })
  }
  // `4 model replicas` and no DP stated: the replicas of a plan are its data-parallel degree.
  const replicas = (byQ.get('replicas') ?? []).filter((f) => f.scopes.size === 0 && !f.approx && f.expr?.role !== 'operand')
  if (!inputs.has('dp') && !byQ.has('dp') && !otherByQ.has('dp') && replicas.length > 0 && new Set(replicas.map((f) => f.value.toString())).size === 1 && replicas[0].value.isInteger()) {
    inputs.set('dp', { quantity: 'dp', value: replicas[0].value.toNumber(), facts: replicas })
  }
  const plan: ParallelPlan = stripUndefined({
    tp: num('tp') ?? opt.tp,
    pp: num('pp') ?? opt.pp,
    dp: num('dp') ?? opt.dp,
    cp: num('cp') ?? opt.cp,
    ep: num('ep') ?? opt.ep,
    etp: num('etp') ?? opt.etp,
    attentionDp: uniqueAttr('attentionDp') ? true : opt.attentionDp,
    expertParallelFlag: uniqueAttr('expertParallelFlag') ? true : opt.expertParallelFlag,
  })
  // A flag in a launch command whose own TP or DP differs from the plan's launches another configuration (a document
  // with a training part and a serving part): its EP = TP × DP is not the plan's. A command that sets TP but no DP runs
  // one DP rank (vLLM's default), whatever number of such replicas the plan runs side by side.
  const flags = (attributes.get('expertParallelFlag') ?? []).filter((f) => !f.quoted)
  const flag = flags.find((f) => f.seg.kind === 'code') ?? flags[0]
  let flagTp = plan.tp
  // Replicas side by side (`2 replicas × (TP4 × PP2)`) are separate engines: vLLM's EP spans one engine's DP only.
  const dpFromReplicas = inputs.get('dp')?.facts.length !== 0 && inputs.get('dp')?.facts.every((f) => f.quantity === 'replicas')
  let flagDp = dpFromReplicas ? 1 : plan.dp
  if (flag && plan.expertParallelFlag && uniqueAttr('expertParallelFlag')) {
    const own = (q: QuantityId): Fact | undefined => x.facts.find((f) => f.seg === flag.seg && f.quantity === q && !f.quoted)
    const tpOwn = own('tp')
    const dpOwn = own('dp')
    if ((tpOwn && plan.tp !== undefined && !tpOwn.value.eq(plan.tp)) || (dpOwn && plan.dp !== undefined && !dpOwn.value.eq(plan.dp))) plan.expertParallelFlag = undefined
    else if (flag.seg.kind === 'code' && tpOwn && !dpOwn) flagDp = 1
    if (tpOwn) flagTp = tpOwn.value.toNumber()
  }
  // vLLM `--enable-expert-parallel`: EP = TP × DP, whatever size the text states
  // (a different stated size is reported by deployment-gpu-count).
  if (plan.expertParallelFlag && plan.ep !== undefined && !plan.attentionDp && flagTp !== undefined && flagDp !== undefined && plan.ep !== flagTp * flagDp) {
    const stated = inputs.get('ep')
    plan.ep = flagTp * flagDp
    inputs.set('ep', { quantity: 'ep', value: plan.ep, facts: [], source: `--enable-expert-parallel: EP = TP ${flagTp} × DP ${flagDp} (the stated ${stated?.value} is reported)` })
    statedEp = stated
  }
  // (A document of several TPs that it does not arbitrate, `TP=4` for prod and `TP=2` for dev, has no one EP either.)
  // (Nor while EP itself is stated with several values: options that each name their EP.)
  const tpUndecided = conflicts.some((c) => (c.quantity === 'tp' || c.quantity === 'ep') && c.winner === undefined)
  if (plan.expertParallelFlag && plan.ep === undefined && !plan.attentionDp && !tpUndecided) {
    const tp = flagTp ?? 1
    const dp = flagDp ?? 1
    if (tp * dp > 1) {
      plan.ep = tp * dp
      inputs.set('ep', { quantity: 'ep', value: tp * dp, facts: [], source: `--enable-expert-parallel: EP = TP ${tp} × DP ${dp}` })
    }
  }
  let memoryPerGpu = num('gpuMemory')
  void statedEp
  const gpuType = uniqueAttr('gpuType')
  if (memoryPerGpu === undefined && gpuType) {
    const g = gpuById(gpuType)
    if (g) {
      memoryPerGpu = gpuMemoryBytes(g)
      inputs.set('gpuMemory', { quantity: 'gpuMemory', value: memoryPerGpu, facts: [], source: `${g.id} (${g.memoryGB} GB, GPU table)` })
    }
  }
  let gpus = num('gpus')
  const nodes = num('nodes')
  const perNode = num('gpusPerNode')
  if (gpus === undefined && nodes !== undefined && perNode !== undefined) {
    gpus = nodes * perNode
  }
  const model: DeploymentModel = {
    shape,
    plan,
    hardware: stripUndefined({ gpus, nodes, gpusPerNode: perNode, gpuType, memoryPerGpu }),
    workload: stripUndefined({ batch: num('batch'), seqLen: num('seqLen') ?? num('promptLen'), promptLen: num('promptLen') }),
  }
  return { model, inputs, conflicts, rowFacts, attributes, configShape, statedEp }
}

function pickShape(o: Record<string, unknown>): ModelShape {
  const keys: Array<keyof ModelShape> = [
    'layers', 'hidden', 'heads', 'kvHeads', 'headDim', 'ffn', 'expertFfn', 'experts', 'topK', 'sharedExperts',
    'sharedExpertFfn', 'firstKDense', 'moeLayerStep', 'vocab', 'tiedEmbeddings', 'gatedFfn', 'qLoraRank',
    'kvLoraRank', 'qkRopeHeadDim', 'qkNopeHeadDim', 'vHeadDim', 'weightPrecision', 'expertPrecision', 'kvPrecision',
  ]
  const out: Record<string, unknown> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out as ModelShape
}

function stripUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as T
}
