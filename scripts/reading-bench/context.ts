// What renderers share: the configuration, its derived values, template
// variables, and the makers of input and claim slots.
import {alternatives, derive, format, GB, GIB, memoryDecimals, NUMBER_WORDS, type Derived} from './derive.js'
import type {Config} from './model.js'
import {CLAIM_PHRASES, INPUT_PHRASES} from './phrases.js'
import type {Rng} from './random.js'
import type {ClaimKind, InputKind, Part, Slot, Tolerance} from './types.js'

export interface Ctx {
  rng: Rng
  c: Config
  d: Derived
  vars: Record<string, string>
  /** Index of the configuration in the document. */
  index: number
  /** Memory unit of this document's per-GPU values. */
  unit: 'GB' | 'GiB'
  /** Inputs the document has stated so far: a claim is planted only when what it follows from is written. */
  stated: Set<InputKind>
}

export function makeCtx(rng: Rng, c: Config, index = 0): Ctx {
  const d = derive(c)
  const {model: m, grid: g} = c
  const vars: Record<string, string> = {
    MODEL: m.name,
    GPU: c.hardware.name,
    CAP: String(c.hardware.memoryGB),
    TP: String(g.tp),
    PP: String(g.pp),
    DP: String(g.dp),
    EP: String(g.ep),
    N: String(d.gpus),
    E: String(m.experts),
    H: String(m.heads),
    L: String(m.layers),
    HD: String(m.headDim),
    KVG: String(d.kvHeadsPerGpu),
    BY: String(c.precision.bytes),
    TPUT: String(c.perGpuThroughput),
    MB: String(c.microBatch),
    GA: String(c.gradAccum),
    GBS: String(d.globalBatch),
  }
  const otherTp = [1, 2, 4, 8].filter((t) => t !== g.tp && m.heads % t === 0)
  if (otherTp.length > 0) {
    const tpx = rng.pick(otherTp)
    vars.TPX = String(tpx)
    vars.HX = String(m.heads / tpx)
    vars.TPOLD = String(tpx)
    vars.NX = String(tpx * g.pp)
  }
  if (m.experts % (g.ep * 2) === 0) {
    vars.EPX = String(g.ep * 2)
    vars.EX = String(m.experts / (g.ep * 2))
  }
  if (d.gpus % 8 === 0) vars.NODES = String(d.gpus / 8)
  vars.BASE = String(Math.round(c.perGpuThroughput * 0.6))
  if (d.expertsPerGpu > 1) vars.EOLD = String(d.expertsPerGpu * 2)
  return {rng, c, d, vars, index, unit: rng.chance(0.2) ? 'GiB' : 'GB', stated: new Set()}
}

/** Splits a template into text and fields; `{v}` becomes the slot. Linear: one pass over the characters. */
export function fill(template: string, vars: Record<string, string>, slot?: Slot): Part[] {
  const parts: Part[] = []
  let text = ''
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    const close = open === -1 ? -1 : template.indexOf('}', open)
    if (open === -1 || close === -1) {
      text += template.slice(i)
      break
    }
    text += template.slice(i, open)
    const name = template.slice(open + 1, close)
    if (name === 'v' && slot) {
      if (text) parts.push(text)
      text = ''
      parts.push(slot)
    } else if (name === 'u' && slot) {
      text += slot.unit
    } else if (name in vars) {
      text += vars[name]
    } else {
      throw new Error(`template field {${name}} has no value in "${template}"`)
    }
    i = close + 1
  }
  if (text) parts.push(text)
  return parts
}

export function templateFits(template: string, vars: Record<string, string>): boolean {
  for (const match of template.matchAll(/\{(\w+)\}/g)) if (match[1] !== 'v' && match[1] !== 'u' && !(match[1] in vars)) return false
  return true
}

function inputValue(ctx: Ctx, kind: InputKind): {text: string; value: number} {
  const {c, d} = ctx
  const m = c.model
  const n = (value: number) => ({text: kind === 'vocab' && ctx.rng.chance(0.5) ? format(value, 0, true) : String(value), value})
  switch (kind) {
    case 'model': return {text: m.name, value: NaN}
    case 'precision': return {text: c.precision.name, value: NaN}
    case 'gpu': return {text: c.hardware.name, value: NaN}
    case 'layers': return n(m.layers)
    case 'dense-layers': return n(m.denseLayers)
    case 'experts': return n(m.experts)
    case 'top-k': return n(m.topK)
    case 'hidden': return n(m.hidden)
    case 'heads': return n(m.heads)
    case 'kv-heads': return n(m.kvHeads)
    case 'head-dim': return n(m.headDim)
    case 'expert-ffn': return n(m.expertFfn)
    case 'vocab': return n(m.vocab)
    case 'gpu-memory': return n(c.hardware.memoryGB)
    case 'tp': return n(c.grid.tp)
    case 'pp': return n(c.grid.pp)
    case 'dp': return n(c.grid.dp)
    case 'ep': return n(c.grid.ep)
    case 'batch': return n(c.batch)
    case 'seq-len': return n(c.seqLen)
    case 'micro-batch': return n(c.microBatch)
    case 'grad-accum-input': return n(c.gradAccum)
    case 'global-batch-input': return n(d.globalBatch)
    case 'per-gpu-throughput': return n(c.perGpuThroughput)
  }
}

export function inputSlot(ctx: Ctx, kind: InputKind, phrasing: string): Slot {
  ctx.stated.add(kind)
  const {text, value} = inputValue(ctx, kind)
  return {role: 'input', kind, text, value, unit: '', tolerance: 'count', phrasing, alternatives: [], plantable: false, config: ctx.index}
}

/** An input as a sentence fragment, in one of its prose phrasings. */
export function inputProse(ctx: Ctx, kind: InputKind): Part[] {
  const template = ctx.rng.pick(INPUT_PHRASES[kind].prose)
  const slot = inputSlot(ctx, kind, template)
  // Numbers in words (`four-way tensor parallel`, `eight KV heads`) in about a third of the phrasings that allow them.
  // Chosen from the plan's index, not the random stream, so every other choice of the bench stays as it was.
  const words = NUMBER_WORDS[slot.value]
  if (words && WORDS_OK.has(kind) && /(^|[^=:] )\{v\}(-way| [a-z])/.test(template) && (ctx.index * 7 + kind.length + slot.value) % 3 === 0) {
    slot.text = words
    slot.phrasing = `${template} (in words)`
  }
  return fill(template, ctx.vars, slot)
}

const WORDS_OK = new Set<InputKind>(['tp', 'pp', 'dp', 'ep', 'kv-heads', 'top-k', 'layers', 'heads', 'experts'])

/** An input as [label, cell parts]. */
export function inputRow(ctx: Ctx, kind: InputKind): [string, Part[]] {
  const phrases = INPUT_PHRASES[kind]
  const label = ctx.rng.pick(phrases.labels)
  return [label, fill(phrases.cell, ctx.vars, inputSlot(ctx, kind, `label: ${label}`))]
}

const COUNT_KINDS: Partial<Record<ClaimKind, keyof Derived>> = {
  'gpus-total': 'gpus',
  'gpus-replica': 'replicaGpus',
  'experts-per-gpu': 'expertsPerGpu',
  'heads-per-gpu': 'headsPerGpu',
  'kv-heads-per-gpu': 'kvHeadsPerGpu',
  'layers-per-stage': 'layersPerStage',
  'expert-groups': 'expertGroups',
  'kv-bytes-token-layer': 'kvBytesPerTokenLayer',
  'kv-bytes-token-gpu': 'kvBytesPerTokenGpu',
  'throughput-total': 'throughputTotal',
  'global-batch': 'globalBatch',
}

const MEMORY_KINDS: Partial<Record<ClaimKind, keyof Derived>> = {
  'expert-memory': 'expertBytes',
  'attention-memory': 'attentionBytes',
  'embedding-memory': 'embeddingBytes',
  'kv-cache': 'kvCacheBytes',
}

/** A claim slot for a derived value, or undefined when the value is not defined for this configuration. */
export function claimSlot(ctx: Ctx, kind: ClaimKind, phrasing: string): Slot | undefined {
  const base = {role: 'claim' as const, kind, phrasing, plantable: true, config: ctx.index}
  const countKey = COUNT_KINDS[kind]
  if (countKey !== undefined) {
    const value = ctx.d[countKey] as number
    const thousands = value >= 10000 || (value >= 1000 && ctx.rng.chance(0.5))
    return {...base, text: format(value, 0, thousands), value, unit: '', tolerance: 'count', alternatives: alternatives(kind, ctx.c, ctx.d)}
  }
  if (kind === 'grad-accum') {
    const value = ctx.c.gradAccum
    return {...base, text: String(value), value, unit: '', tolerance: 'count', alternatives: [value, ctx.d.globalBatch / ctx.c.microBatch]}
  }
  const memoryKey = MEMORY_KINDS[kind]
  if (memoryKey !== undefined) {
    const bytes = ctx.d[memoryKey] as number | undefined
    if (bytes === undefined) return undefined
    const scale = ctx.unit === 'GB' ? GB : GIB
    const value = bytes / scale
    const other = ctx.unit === 'GB' ? GB / GIB : GIB / GB
    const alts = [value, value * other, value / ctx.c.grid.tp, value * ctx.c.grid.pp, value / ctx.c.grid.pp]
    return {...base, text: format(value, memoryDecimals(value)), value, unit: ctx.unit, tolerance: 'memory' as Tolerance, alternatives: alts}
  }
  return undefined
}

/** A claim as a sentence fragment; undefined when the claim does not apply. */
export function claimProse(ctx: Ctx, kind: ClaimKind): Part[] | undefined {
  const options = CLAIM_PHRASES[kind].prose.filter((t) => templateFits(t, ctx.vars))
  const template = ctx.rng.pick(options)
  const slot = claimSlot(ctx, kind, template)
  return slot && fill(template, ctx.vars, slot)
}

/** A claim as [label, cell parts]. */
export function claimRow(ctx: Ctx, kind: ClaimKind): [string, Part[]] | undefined {
  const phrases = CLAIM_PHRASES[kind]
  const label = ctx.rng.pick(phrases.labels)
  const slot = claimSlot(ctx, kind, `label: ${label}`)
  return slot && [label, fill(phrases.cell, ctx.vars, slot)]
}

/** A percentage claim of a written part over the GPU's memory (the part restated, not plantable). */
export function percentProse(ctx: Ctx, subject: string, partText: string, partKind: ClaimKind, decimals: number): Part[] {
  const cap = ctx.c.hardware.memoryGB
  const part = Number(partText)
  const value = (part / cap) * 100
  const template = ctx.rng.pick(CLAIM_PHRASES.percent.prose)
  const percent: Slot = {role: 'claim', kind: 'percent', text: format(value, decimals), value, unit: '%', tolerance: 'ratio', phrasing: template, alternatives: [value], plantable: true, config: ctx.index}
  const restated: Slot = {role: 'restate', kind: partKind, text: partText, value: part, unit: 'GB', tolerance: 'memory', phrasing: template, alternatives: [], plantable: false, config: ctx.index}
  const parts: Part[] = [`${subject}: `]
  for (const piece of fill(template, {...ctx.vars, PART: '\u0000'}, percent)) {
    if (typeof piece !== 'string' || !piece.includes('\u0000')) parts.push(piece)
    else {
      const [before, after] = piece.split('\u0000')
      if (before) parts.push(before)
      parts.push(restated)
      if (after) parts.push(after)
    }
  }
  return parts
}

/** Derived claims this configuration can state. */
export function applicableClaims(ctx: Ctx): ClaimKind[] {
  const kinds: ClaimKind[] = ['gpus-total', 'gpus-replica', 'experts-per-gpu', 'heads-per-gpu', 'kv-heads-per-gpu', 'layers-per-stage', 'expert-groups', 'kv-bytes-token-layer', 'kv-bytes-token-gpu', 'kv-cache', 'attention-memory', 'throughput-total']
  if (ctx.d.expertBytes !== undefined) kinds.push('expert-memory')
  // A total throughput needs the per-GPU rate written, a KV cache the batch and the sequence length.
  const needs: Partial<Record<ClaimKind, InputKind[]>> = {'throughput-total': ['per-gpu-throughput'], 'kv-cache': ['batch', 'seq-len']}
  return kinds.filter((kind) => (needs[kind] ?? []).every((input) => ctx.stated.has(input)))
}
