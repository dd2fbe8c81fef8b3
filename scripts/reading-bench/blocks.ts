// Building blocks of documents: tables, labelled lists, sentences, memory
// layouts and distractors, each placing input and claim slots.
import {format, memoryDecimals} from './derive.js'
import {applicableClaims, claimProse, claimRow, claimSlot, fill, inputProse, inputRow, percentProse, templateFits, type Ctx} from './context.js'
import {DISTRACTORS} from './phrases.js'
import type {ClaimKind, InputKind, Line, Part, Slot} from './types.js'

export class Doc {
  readonly lines: Line[] = []

  add(...parts: Part[]): void {
    this.lines.push(parts)
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1].length > 0) this.lines.push([])
  }

  heading(level: number, text: string): void {
    this.blank()
    this.add(`${'#'.repeat(level)} ${text}`)
    this.blank()
  }

  table(header: [string, string], rows: [string, Part[]][]): void {
    this.blank()
    this.add(`| ${header[0]} | ${header[1]} |`)
    this.add('|---|---|')
    for (const [label, cell] of rows) this.add(`| ${label} | `, ...cell, ' |')
    this.blank()
  }
}

export const MODEL_INPUTS = (ctx: Ctx): InputKind[] => {
  const kinds: InputKind[] = ['layers']
  if (ctx.c.model.denseLayers > 0) kinds.push('dense-layers')
  kinds.push('experts', 'top-k', 'hidden', 'heads', 'kv-heads', 'head-dim', 'expert-ffn', 'vocab', 'precision')
  return kinds
}
export const HARDWARE_INPUTS: InputKind[] = ['gpu', 'gpu-memory']
export const GRID_INPUTS: InputKind[] = ['tp', 'pp', 'dp', 'ep']
export const WORKLOAD_INPUTS: InputKind[] = ['batch', 'seq-len', 'per-gpu-throughput']

function capitalize(parts: Part[]): Part[] {
  const [first, ...rest] = parts
  // Only plain words: `d_model = 4096` and `num_experts=8` keep their case.
  if (typeof first !== 'string' || !/^[a-z][a-z]+[ ,-]/.test(first)) return parts
  return [first[0].toUpperCase() + first.slice(1), ...rest]
}

export function inputTable(doc: Doc, ctx: Ctx, kinds: InputKind[], header: [string, string] = ['Parameter', 'Value']): void {
  doc.table(header, kinds.map((kind) => inputRow(ctx, kind)))
}

export function inputBullets(doc: Doc, ctx: Ctx, kinds: InputKind[]): void {
  doc.blank()
  for (const kind of kinds) {
    if (ctx.rng.chance(0.7)) {
      const [label, cell] = inputRow(ctx, kind)
      doc.add(`- **${label}**: `, ...cell)
    } else doc.add('- ', ...capitalize(inputProse(ctx, kind)))
  }
  doc.blank()
}

const OPENERS = ['The model has ', 'It uses ', 'The architecture has ', 'We run it with ', 'The plan uses ', 'Configuration: ']

/** Inputs as sentences of two to four fragments, one sentence per line. */
export function inputSentences(doc: Doc, ctx: Ctx, kinds: InputKind[], openers = OPENERS): void {
  doc.blank()
  let i = 0
  while (i < kinds.length) {
    const take = Math.min(kinds.length - i, ctx.rng.int(2, 4))
    const fragments = kinds.slice(i, i + take).map((kind) => inputProse(ctx, kind))
    const line: Part[] = [ctx.rng.pick(openers)]
    fragments.forEach((fragment, index) => {
      if (index > 0) line.push(index === fragments.length - 1 ? ' and ' : ', ')
      line.push(...fragment)
    })
    line.push('.')
    doc.add(...line)
    i += take
  }
  doc.blank()
}

export function claimTable(doc: Doc, ctx: Ctx, kinds: ClaimKind[], header: [string, string] = ['Quantity', 'Value']): void {
  const rows = kinds.map((kind) => claimRow(ctx, kind)).filter((row): row is [string, Part[]] => row !== undefined)
  doc.table(header, rows)
}

export function claimBullets(doc: Doc, ctx: Ctx, kinds: ClaimKind[]): void {
  doc.blank()
  for (const kind of kinds) {
    if (ctx.rng.chance(0.5)) {
      const row = claimRow(ctx, kind)
      if (row) doc.add(`- **${row[0]}**: `, ...row[1])
    } else {
      const prose = claimProse(ctx, kind)
      if (prose) doc.add('- ', ...capitalize(prose))
    }
  }
  doc.blank()
}

const LEADS = ['With this layout, ', 'That means ', 'So ', 'In this plan, ', '', 'Under this grid, ', 'As a result, ']

/** Claims as sentences, one or two per line. */
export function claimSentences(doc: Doc, ctx: Ctx, kinds: ClaimKind[]): void {
  doc.blank()
  let line: Part[] = []
  for (const kind of kinds) {
    const prose = claimProse(ctx, kind)
    if (!prose) continue
    const lead = ctx.rng.pick(LEADS)
    const sentence = lead ? [lead, ...prose, '.'] : [...capitalize(prose), '.']
    if (line.length > 0) line.push(' ')
    line.push(...sentence)
    if (ctx.rng.chance(0.6)) {
      doc.add(...line)
      line = []
    }
  }
  if (line.length > 0) doc.add(...line)
  doc.blank()
}

/** A random subset of the claims this configuration supports (at least `min`). */
export function someClaims(ctx: Ctx, min = 5, exclude: ClaimKind[] = []): ClaimKind[] {
  const all = applicableClaims(ctx).filter((kind) => !exclude.includes(kind))
  return ctx.rng.sample(all, ctx.rng.int(Math.min(min, all.length), all.length))
}

/** A per-GPU memory layout (table or list) with a total and percentages of the GPU's memory. */
export function memoryLayout(doc: Doc, ctx: Ctx, asTable: boolean): void {
  const kinds: ClaimKind[] = ['expert-memory', 'attention-memory', 'embedding-memory', 'kv-cache']
  const rows: [string, Part[]][] = []
  const texts: Record<string, string> = {}
  let decimals = 0
  for (const kind of kinds) {
    const row = claimRow(ctx, kind)
    if (!row) continue
    const slot = row[1].find((part): part is Slot => typeof part !== 'string')!
    texts[kind] = slot.text
    decimals = Math.max(decimals, slot.text.split('.')[1]?.length ?? 0)
    rows.push(row)
  }
  const workspace = format(ctx.c.workspaceGB, 2)
  rows.push([ctx.rng.pick(['Activations and workspace', 'Activations / workspace', 'Workspace (activations, CUDA graphs)']), [`${workspace} ${ctx.unit}`]])
  decimals = Math.max(decimals, 2)
  const sum = Object.values(texts).reduce((total, text) => total + Number(text), 0) + ctx.c.workspaceGB
  const totalText = format(sum, decimals)
  const totalLabel = ctx.rng.pick(['Total', 'Total used', 'Total per GPU'])
  const total: Slot = {role: 'claim', kind: 'memory-total', text: totalText, value: Number(totalText), unit: ctx.unit, tolerance: 'memory', phrasing: `label: ${totalLabel}`, alternatives: [Number(totalText)], plantable: true, config: ctx.index}
  if (asTable) {
    const bold = ctx.rng.chance(0.5)
    doc.table([ctx.rng.pick(['Component', 'Item']), ctx.rng.pick(['Memory per GPU', 'Per GPU', 'Memory'])], [...rows, [bold ? `**${totalLabel}**` : totalLabel, bold ? ['**', total, ` ${ctx.unit}**`] : [total, ` ${ctx.unit}`]]])
  } else {
    doc.blank()
    for (const [label, cell] of rows) doc.add(`- **${label}**: `, ...cell)
    doc.add(`- **${totalLabel}**: `, total, ` ${ctx.unit}`)
    doc.blank()
  }
  if (ctx.unit !== 'GB') return
  doc.blank()
  const percentDecimals = ctx.rng.pick([0, 1])
  doc.add('- ', ...percentProse(ctx, ctx.rng.pick(['Total used', 'Memory in use', 'Per-GPU total']), totalText, 'memory-total', percentDecimals))
  if (texts['kv-cache'] && Number(texts['kv-cache']) / ctx.c.hardware.memoryGB > 0.02) doc.add('- ', ...percentProse(ctx, 'KV cache', texts['kv-cache'], 'kv-cache', percentDecimals))
  doc.blank()
}

/** One to `max` distractor paragraphs: examples, hypotheticals, old values, per-node and per-group facts. */
export function distractors(doc: Doc, ctx: Ctx, max = 2): void {
  const usable = DISTRACTORS.filter((d) => d.needs.every((name) => name in ctx.vars) && templateFits(d.text, ctx.vars))
  for (const distractor of ctx.rng.sample(usable, ctx.rng.int(1, max))) {
    doc.blank()
    doc.add(...fill(distractor.text, ctx.vars))
    doc.blank()
  }
}

/** The claim slot of a given kind, written as `label: value unit` text (for front matter and flags no claim is used). */
export function claimValueText(ctx: Ctx, kind: ClaimKind): string | undefined {
  const slot = claimSlot(ctx, kind, 'text')
  return slot && `${slot.text}${slot.unit ? ` ${slot.unit}` : ''}`
}
export {memoryDecimals}
