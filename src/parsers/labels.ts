/** Labels and tables: `Label: value`, row and column labels of a table, and the label applied to the first value after it. */
import type { Ctx } from '../context.js'
import type { Fact, Scope } from '../facts.js'
import { GENERIC_HEADERS } from '../lexicon/columns.js'
import { MODEL_PARTS, SCOPE_OF, NOUN_OF, SENTENCE_WORDS, WHOLE_WORDS, slashAsPer } from '../lexicon/words.js'
import { cuesOfText } from '../lexicon/cues.js'
import { normalizeWord, quantityOfLabel } from '../lexicon/phrases.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'
import { nounCompatible } from './counts.js'
import { kindFits } from './names.js'

export function headerWords(header: string[], label: string | undefined, ctx: Ctx): readonly string[] {
  let byLabel = ctx.headerWordCache.get(header)
  if (!byLabel) {
    byLabel = new Map()
    ctx.headerWordCache.set(header, byLabel)
  }
  const key = label ?? ''
  let words = byLabel.get(key)
  if (!words) {
    words = normalizeWord(header.join(' ') + ' ' + key)
    byLabel.set(key, words)
  }
  return words
}

export interface Label {
  text: string
  /** Token index after the label's colon. */
  after: number
}

export function clauseLabel(tokens: Token[], from: number, to: number, seg: Segment): Label | undefined {
  // `Label: value` at the start of the clause: up to 8 words, no numbers.
  let words = 0
  let depth = 0
  for (let i = from; i < Math.min(to, from + 14); i++) {
    const t = tokens[i]
    if (t.kind === 'op' && t.op === '(') depth++
    if (t.kind === 'op' && t.op === ')' && depth > 0) depth--
    // `Per token per rank (47 layers): 12,032 B`: a number in a parenthesized aside of the label.
    if (depth > 0 && (t.kind === 'num' || t.kind === 'word')) continue
    // `Label — value`: a spaced dash after a short label.
    const spaced = seg.text[t.start - 1] === ' ' && seg.text[t.end] === ' '
    const dash = spaced && words <= 5 && ((t.kind === 'punct' && t.text === '—') || (t.kind === 'op' && (t.text === '–' || t.text === '-')))
    if ((t.kind === 'punct' && t.text === ':') || dash) {
      // A sentence before a colon is not a label.
      if (words === 0 || words > 7) return undefined
      // `"model":"./ckpt/x"`: a key whose value is a string labels that string, not a number after it.
      if (/^\s*["']/.test(seg.text.slice(t.end, t.end + 4))) return undefined
      const text = seg.text.slice(tokens[from].start, t.start)
      return { text: text.trim(), after: i + 1 }
    }
    // `Memory per GPU does not change: …`: an auxiliary or a negation makes the words before the colon a sentence.
    if (t.kind === 'word' && SENTENCE_WORDS.has(t.lower)) return undefined
    if (t.kind === 'word') words++
    else if (t.kind === 'num') return undefined
    // (`Embedding + head: 0.31 GB`: a `+` joins the names of one label.)
    else if (t.kind === 'op' && t.op !== '(' && t.op !== ')' && t.op !== '-' && t.op !== '÷' && t.op !== '+') return undefined
  }
  return undefined
}

/** A table whose header names two or more quantities lists one configuration per row. */
export function gridHeader(header: string[], ctx: Ctx): boolean {
  let v = ctx.gridCache.get(header)
  if (v === undefined) {
    v = header.filter((h) => h && quantityOfLabel(h) !== undefined).length >= 2
    ctx.gridCache.set(header, v)
  }
  return v
}

export interface TableLabel {
  text: string
  kind: 'row' | 'column'
}

export function tableLabelOf(seg: Segment, tables: Segment[][][]): TableLabel | undefined {
  const info = seg.table!
  if (info.row === 0) return undefined
  const grid = tables[info.id]
  const header = info.header[info.col] ?? ''
  const rowLabel = grid?.[info.row]?.[0]?.text.trim() ?? ''
  const headerQ = quantityOfLabel(header)
  // `| Axis | Size |` with rows `Tensor`, `Expert`: bare axis names are the parallel degrees.
  const axisTable = /\b(axis|axes|parallel|parallelism|dimension|dim|degree|sharding|strategy)\b/i.test(info.header.join(' '))
  const bare = rowLabel.replace(/[*_`]/g, '').trim().toLowerCase()
  const axisLabel = axisTable && /^(tensor|pipeline|data|expert|context)$/.test(bare) ? `${bare} parallel` : undefined
  const rowQ = info.col > 0 ? quantityOfLabel(axisLabel ?? rowLabel) : undefined
  if (info.col === 0) return headerQ ? { text: header, kind: 'column' } : undefined
  const generic = header === '' || GENERIC_HEADERS.test(header.replace(/[*_`]/g, '').trim())
  const valueColumn = generic || (info.cols === 2 && info.col === 1)
  if (rowQ && valueColumn) return { text: axisLabel ?? rowLabel, kind: 'row' }
  // `| Piece | Params |` over `| one expert (3 × 2048 × 768) | 4.72M |`: a row naming a part of the model holds that
  // part's count, not the model's.
  if (headerQ && (headerQ.id === 'paramsTotal' || headerQ.id === 'paramsActive') && namesPart(rowLabel)) return undefined
  // `| Active per token | … | 39.2B |` under `Parameters`: the row's words narrow the header's count.
  if (headerQ?.id === 'paramsTotal' && quantityOfLabel(`${rowLabel} ${header}`)?.id === 'paramsActive') return { text: `${rowLabel} ${header}`, kind: 'column' }
  if (headerQ && !generic) return { text: header, kind: 'column' }
  return undefined
}

/** A row label that names a part of the model (`routers + norms`, `dense MLPs`) and no total. */
function namesPart(label: string): boolean {
  const words = label.toLowerCase().split(/[^a-z]+/)
  return words.some((w) => MODEL_PARTS.has(w) || MODEL_PARTS.has(w.replace(/s$/, ''))) && !words.some((w) => WHOLE_WORDS.has(w))
}

/** Counts of things (`Layers: …`): a number of tokens or parameters after their label is not one of them. */
const THING_COUNTS = new Set<string>(['gpus', 'nodes', 'experts', 'layers', 'moeLayers', 'denseLayers', 'heads', 'kvHeads', 'epGroups', 'replicas'])

export function applyLabel(tokens: Token[], from: number, to: number, label: Label | undefined, tableLabel: TableLabel | undefined, ctx: Ctx, seg: Segment): void {
  const candidates: Array<{ text: string; start: number; row: boolean }> = []
  if (label) candidates.push({ text: label.text, start: label.after, row: false })
  if (tableLabel && seg.table && seg.table.col > 0) candidates.push({ text: tableLabel.text, start: from, row: tableLabel.kind === 'row' })
  else if (tableLabel && seg.table && seg.table.col === 0 && tableLabel.kind === 'column') candidates.push({ text: tableLabel.text, start: from, row: false })
  for (const c of candidates) {
    // `Query heads / KV heads | 48 / 8`: a pair of names labels a pair of numbers.
    const names = c.text.split('/').map((x) => x.trim()).filter(Boolean)
    // `Layers on stage 0 / stage 1`: a pair of instances of one quantity, not two quantities.
    if (names.length === 2 && names.some((n) => /\d/.test(n))) continue
    if (names.length === 2) {
      const nums: Fact[] = []
      for (let i = c.start; i < to && nums.length < 2; i++) {
        const t = tokens[i]
        if (t.kind === 'num') {
          const f = ctx.byToken.get(t)
          if (f) nums.push(f)
        }
      }
      const q0 = quantityOfLabel(names[0])
      const q1 = quantityOfLabel(names[1])
      if (nums.length === 2 && q0 && q1 && !nums[0].quantity && !nums[1].quantity) {
        for (const [f, q] of [[nums[0], q0], [nums[1], q1]] as const) {
          if (!kindFits(q.kind, f.unit)) continue
          f.quantity = q.id
          f.how = 'label-pair'
          f.definitional = true
          f.factor = false
        }
        continue
      }
    }
    // First number after the label that is not an operand.
    for (let i = c.start; i < to; i++) {
      const t = tokens[i]
      if (t.kind !== 'num') continue
      const f = ctx.byToken.get(t)
      if (!f) continue
      if (f.expr && f.expr.role === 'operand') continue
      // `KV cache: 9% of the 192 GB`: the label names the share; the number after `of` is the whole, not the labelled value.
      if (f.unit?.dim === 'percent') {
        if (tokens[i + 1]?.kind === 'word' && (tokens[i + 1] as { lower: string }).lower === 'of') break
        continue
      }
      if (f.how === 'enumerator') break
      // `| KV heads per accelerator | 8 ÷ 2 | 4 |`: a number in an unfinished formula is not the labelled value.
      const nx = tokens[i + 1]
      if (nx?.kind === 'op' && /^[×÷+\-^]$/.test(nx.op)) break
      // `Active per token: 8 × 58 × 44.04M ≈ 20.4B, plus everything else … ≈ 37.5B`: a value a sum goes on from is a part.
      if (sumGoesOnAfter(tokens, i)) break
      // `Output tokens/s per GPU: 370 tokens/s`: a measured value takes the label's scope whatever names it.
      if (f.unit) for (const sc of labelScopesOf(c.text)) f.scopes.add(sc)
      const q = quantityOfLabel(c.text, (d) => kindFits(d.kind, f.unit))
      if (!q) break
      if (f.quantity) {
        if (f.quantity === q.id) f.definitional = f.definitional || true
        break
      }
      if (f.noun && !nounCompatible(q.id, f.noun) && ((f.noun !== 'param' && f.noun !== 'token') || THING_COUNTS.has(q.id))) break
      f.quantity = q.id
      f.how = c.row ? 'row' : 'label'
      f.definitional = true
      f.labelCues = cuesOfText(c.text)
      // `KV cache per token per GPU: …`: the label's scope is the value's.
      const labelScopes = labelScopesOf(c.text)
      for (const sc of labelScopes) f.scopes.add(sc)
      if ((f.quantity === 'experts' || f.quantity === 'expertsPerGpu') && labelScopes.has('gpu')) f.quantity = labelScopes.has('layer') ? 'expertsPerGpuLayer' : 'expertsPerGpu'
      if (f.quantity === 'layers' && labelScopes.has('stage') && labelScopes.size === 1) f.quantity = 'layersPerStage'
      break
    }
  }
}

/** `≈ 20.4B, plus everything else`: `plus` right after token k (past a comma) goes on from it to a larger sum. */
export function sumGoesOnAfter(tokens: Token[], k: number): boolean {
  const next = tokens[k + 1]
  const after = next?.kind === 'punct' && next.text === ',' ? tokens[k + 2] : next
  return after?.kind === 'word' && after.lower === 'plus'
}

/**
 * The scopes a label states: `KV cache per token per GPU`, `Experts / GPU / layer` (a slash between words reads as
 * `per`), `Experts resident on a rank` (`on a` / `in each`).
 */
function labelScopesOf(text: string): Set<Scope> {
  const lw = slashAsPer(text.toLowerCase()).split(/[^a-z0-9]+/)
  const out = new Set<Scope>()
  for (let k = 0; k < lw.length; k++) {
    const on = (lw[k] === 'on' || lw[k] === 'in') && /^(a|one|each|every|any)$/.test(lw[k + 1] ?? '')
    if (lw[k] !== 'per' && lw[k] !== 'each' && !on) continue
    for (let m = k + (on ? 2 : 1); m < Math.min(lw.length, k + 4); m++) {
      const sc = SCOPE_OF[NOUN_OF.get(lw[m]) ?? '']
      if (sc) {
        out.add(sc)
        break
      }
    }
  }
  return out
}
