/** Stance of a value: quoted (someone else's, struck, `claims …`), example or hypothetical, bound (`up to`, `≥`), factor of a formula. */
import type { Ctx } from '../context.js'
import type { Attribute, Fact } from '../facts.js'
import { oldColumn } from '../lexicon/columns.js'
import { OPTION_TITLE } from '../lexicon/cues.js'
import { OPTIONS_LEAD, CHOICE_VERBS, QUOTE_CUES, QUOTE_ENDS, EXAMPLE_START, EXAMPLE_INSIDE, CONSEQUENCE_WORDS, FOR_ASIDE, FIT_VERBS, NEGATIONS, NOT_TAKEN, OTHER_SETUP_WORDS, PLACE_DETERMINERS, PLACE_PREPOSITIONS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { findModels } from '../model/catalog.js'
import type { Token } from '../text/tokens.js'

export function quotedMask(seg: Segment, tokens: Token[], from: number, to: number, source: string): boolean[] {
  const mask = new Array<boolean>(to - from).fill(false)
  if (seg.section?.quoted || (seg.blockquote && seg.section?.reviewsWrong)) return mask.fill(true)
  if (seg.table && seg.table.row > 0 && oldColumn(seg.table.header[seg.table.col] ?? '')) return mask.fill(true)
  // Strikethrough.
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (seg.struck.some(([a, b]) => t.start >= a && t.end <= b)) mask[i - from] = true
  }
  // `✘ used EP 16`: a verdict that names what a plan got wrong quotes it.
  const mark = tokens[from]
  if (mark && mark.kind === 'punct' && /^[✘❌✗]$/.test(mark.text)) {
    for (let k = from + 1; k < Math.min(to, from + 4); k++) {
      const w = tokens[k]
      if (w.kind === 'word' && /^(used|uses|assumed|assumes|counts|counted|took|takes|wrote|writes|says|said|lists|listed|gave|gives|claims|claimed|had|has|states|stated)$/.test(w.lower)) return mask.fill(true)
    }
  }
  // `The plan's "7 concurrent contexts" comes from the doubled 114,688 B`: a review clause about the plan's own figures.
  const lead = tokens[from]
  if (lead && /^\s*(the\s+)?(plan|draft|document|proposal|author|original|previous\s+version)['’]s\b/i.test(seg.text.slice(lead.start, lead.start + 40))) return mask.fill(true)
  // A clause that starts with a quoting label: `**Line**:`, `Before:`, `Old:`, `Original:`, `Current:`.
  const first = tokens[from]
  if (first && first.kind === 'word' && /^(line|before|old|original|current|currently|was|previous|previously|incorrect|wrong|from)$/.test(first.lower)) {
    const second = tokens[from + 1]
    if (second && second.kind === 'punct' && second.text === ':') return mask.fill(true)
  }
  // Quotation marks after a quoting cue (`Claims "8 experts"`, `Change "X" to "Y"`).
  let i = from
  while (i < to) {
    const t = tokens[i]
    if (t.kind === 'punct' && (t.text === '"' || t.text === '“')) {
      let j = i + 1
      while (j < to && !isCloseQuote(tokens[j])) j++
      // Words before the quote in this clause.
      let cue = false
      let k = i - 1
      let steps = 0
      while (k >= from && steps < 6) {
        const p = tokens[k]
        if (p.kind === 'word') {
          if (p.lower === 'to' || p.lower === 'with' || p.lower === 'into' || p.lower === 'becomes' || p.lower === 'be') break
          if (/^(lists|gives|uses|has|assumes|proposes|specifies|shows|puts|sets|writes|reports|computes|quotes)$/.test(p.lower) && /^(plan|document|draft|proposal|author|original|doc|it)$/.test((tokens[k - 1] as { lower?: string })?.lower ?? '')) {
            cue = true
            break
          }
          if (QUOTE_CUES.has(p.lower) || p.lower === 'change' || p.lower === 'replace' || p.lower === 'line' || p.lower === 'document' || p.lower === 'original' || p.lower === 'states') {
            cue = true
            break
          }
        }
        if (p.kind === 'punct' && p.text === ':' && k > from) {
          // `Plan v2: "…"`: a version tag after the name of what is quoted.
          const tag = tokens[k - 1]
          const w = tag.kind === 'word' && /^v\d+(?:\.\d+)?$/.test(tag.lower) && k - 2 >= from ? tokens[k - 2] : tag
          if (w.kind === 'word' && (w.lower === 'line' || w.lower === 'states' || w.lower === 'before' || w.lower === 'original' || w.lower === 'currently' || w.lower === 'current' || w.lower === 'old' || w.lower === 'says' || w.lower === 'reads' || w.lower === 'plan' || w.lower === 'draft' || w.lower === 'claim' || w.lower === 'claimed')) cue = true
          if (w.kind === 'word' && (w.lower === 'to' || w.lower === 'after' || w.lower === 'new' || w.lower === 'fixed' || w.lower === 'corrected')) break
        }
        k--
        steps++
      }
      // A clause that is one quotation (`> "Each GPU holds 128 experts × 94 layers."`, a cell `"56 layers per GPU"`)
      // cites someone's words.
      let rest = j + 1
      while (rest < to && tokens[rest].kind === 'punct' && /^[.,;:!?]$/.test((tokens[rest] as { text: string }).text)) rest++
      if (i === from && ((j < to && rest >= to) || (j >= to && wholeQuote(tokens, i)))) cue = true
      // `"Each replica spans 16 GPUs" should be 8 GPUs`: the quote is the old text.
      const a1 = tokens[j + 1]
      const a2 = tokens[j + 2]
      const lower = (x: Token | undefined): string => (x?.kind === 'word' ? x.lower : '')
      if (
        (lower(a1) === 'should' || lower(a1) === 'must') ||
        ((lower(a1) === 'is' || lower(a1) === 'was') && /^(wrong|incorrect|inaccurate|off|outdated|stale|invalid)$/.test(lower(a2))) ||
        (a1?.kind === 'op' && a1.op === '→')
      )
        cue = true
      if (cue) for (let m = i; m <= Math.min(j, to - 1); m++) mask[m - from] = true
      i = j + 1
      continue
    }
    i++
  }
  // Cue words: `claims 4.38GB ...`, `corrected from 8`, `from X to Y`, `instead of 8`, `not 4 groups`.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'word') continue
    const next = tokens[k + 1]
    const nextWord = next && next.kind === 'word' ? next.lower : ''
    let startQuote = -1
    let stopAtParen = false
    // `optimizer states: 2.4 GB` names a quantity; `the plan states 8` quotes.
    const prevWord = tokens[k - 1]?.kind === 'word' ? (tokens[k - 1] as { lower: string }).lower : ''
    if (QUOTE_CUES.has(t.lower) && !(t.lower === 'states' && /^(optimizer|optimiser|model|adam|optim)$/.test(prevWord))) startQuote = k + 1
    else if ((t.lower === 'corrected' || t.lower === 'changed' || t.lower === 'reduced' || t.lower === 'increased' || t.lower === 'updated' || t.lower === 'down' || t.lower === 'up') && nextWord === 'from') startQuote = k + 2
    else if (t.lower === 'from' && fromTo(tokens, k, to)) {
      startQuote = k + 1
    } else if ((t.lower === 'instead' || t.lower === 'rather') && (nextWord === 'of' || nextWord === 'than')) {
      startQuote = k + 2
      stopAtParen = true
    } else if ((t.lower === 'not' || t.lower === 'never') && next && next.kind === 'num') {
      mask[k + 1 - from] = true
      continue
    }
    if (startQuote < 0) continue
    let depth = 0
    for (let m = startQuote; m < to; m++) {
      const u = tokens[m]
      if (u.kind === 'op' && u.op === '(') depth++
      if (u.kind === 'op' && u.op === ')') {
        if (depth === 0) break
        depth--
      }
      if (u.kind === 'word' && QUOTE_ENDS.has(u.lower) && m > startQuote) break
      if (u.kind === 'op' && u.op === '→') break
      if (u.kind === 'punct' && (u.text === ',' && stopAtParen)) break
      mask[m - from] = true
    }
  }
  void source
  return mask
}

/** The quotation opened at `i` (the first token of a clause) closes at the end of the segment: all of it is quoted. */
function wholeQuote(tokens: Token[], i: number): boolean {
  // Only a quotation that opens the segment (after a list or quote marker).
  for (let k = 0; k < i; k++) if (!(tokens[k].kind === 'punct' && /^[>*\-•]$/.test((tokens[k] as { text: string }).text))) return false
  let c = -1
  // A quotation of a paragraph or a cell, not of a whole document (bounded, so linting stays linear).
  if (tokens.length - i > 400) return false
  for (let k = i + 1; k < tokens.length; k++) {
    const t = tokens[k]
    if (t.kind === 'punct' && t.text === '“') return false
    if (isCloseQuote(t)) {
      c = k
      break
    }
  }
  if (c < 0) return false
  for (let k = c + 1; k < tokens.length; k++) {
    const t = tokens[k]
    if (!(t.kind === 'punct' && /^[.,;:!?\n]$/.test(t.text))) return false
  }
  return true
}

function isCloseQuote(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && (t.text === '"' || t.text === '”')
}

function fromTo(tokens: Token[], k: number, to: number): boolean {
  // `from X to Y` with numbers on both sides.
  const a = tokens[k + 1]
  if (!a || a.kind !== 'num') return false
  for (let m = k + 2; m < Math.min(to, k + 5); m++) {
    const t = tokens[m]
    if (t.kind === 'word' && t.lower === 'to') return tokens[m + 1]?.kind === 'num' || tokens[m + 2]?.kind === 'num'
    if (t.kind === 'op' && t.op === '→') return true
  }
  return false
}

/**
 * The clause [from, to) says a setup does not fit (`BF16 at tp=1 does not fit`), or explains it after a colon
 * (`… does not fit: 93.4 GB of weights on an 80 GB card`). A consequence after it (`…, so we use TP 4`) is the plan.
 */
function deniesFit(tokens: Token[], from: number, to: number): boolean {
  const colon = tokens[from - 1]
  let start = from
  if (colon?.kind === 'punct' && colon.text === ':') {
    start = from - 1
    while (start > 0 && from - start < 40) {
      const t = tokens[start - 1]
      if (t.kind === 'punct' && /^[.!?;,]$/.test(t.text)) break
      start--
    }
  }
  for (let i = start + 1; i < to; i++) {
    const t = tokens[i]
    if (t.kind === 'word' && CONSEQUENCE_WORDS.has(t.lower)) return false
    if (t.kind !== 'word' || !FIT_VERBS.has(t.lower)) continue
    const p = tokens[i - 1]
    if (p.kind === 'word' && NEGATIONS.has(p.lower)) return true
  }
  return false
}

/** `I would use`: a modal of the writer's own choice (`we would use` is as often a hypothetical). */
function ownChoice(tokens: Token[], i: number): boolean {
  const t = tokens[i]
  const prev = tokens[i - 1]
  const next = tokens[i + 1]
  return t.kind === 'word' && t.lower === 'would' && prev?.kind === 'word' && prev.lower === 'i' && next?.kind === 'word' && CHOICE_VERBS.has(next.lower)
}

export function flagBoundsAndExamples(tokens: Token[], from: number, to: number, ctx: Ctx, seg: Segment): void {
  // Example clauses: `Example: 256 GPUs ...`, `For example, ...`, `e.g. TP=8`, `Suppose ...`.
  let example = false
  // A clause may open with its parenthesis: `(for reference, last quarter's plan had EP=16 …)`.
  const open = tokens[from]
  const start = open?.kind === 'op' && open.op === '(' ? from + 1 : from
  const first = tokens[start]
  if (first?.kind === 'word' && EXAMPLE_START.test(first.lower)) {
    const second = tokens[start + 1]
    if (first.lower !== 'for' || (second?.kind === 'word' && FOR_ASIDE.has(second.lower))) example = true
  }
  // Past, alternative or hypothetical setups: `what it was with TP 4 on the old nodes`, `if we later move to PP 4`.
  for (let i = from; i < to && !example; i++) {
    const t = tokens[i]
    // `I would use four-way tensor parallelism`: the writer's own choice is the plan, not another setup.
    if (t.kind === 'word' && OTHER_SETUP_WORDS.has(t.lower) && !ownChoice(tokens, i)) example = true
    // `Not chosen (for reference): TP2, PP4`: a setup named as not taken.
    const prev = tokens[i - 1]
    if (t.kind === 'word' && NOT_TAKEN.has(t.lower) && prev?.kind === 'word' && (prev.lower === 'not' || prev.lower === 'never')) example = true
  }
  // `(BF16 at tp=1 does not fit: 93.4 GB of weights on an 80 GB card.)`: a setup the sentence says does not fit.
  if (!example && deniesFit(tokens, from, to)) example = true
  // A section of another setup (`## Fallback: one node only`).
  if (seg.section?.otherSetup) example = true
  // A question proposes a value, it does not state one: `Why not TP=2?`.
  if (!example && [tokens[to - 1], tokens[to]].some((t) => t?.kind === 'punct' && t.text === '?')) example = true
  let depth = 0
  let cue = false
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind === 'op' && t.op === '(') depth++
    if (t.kind === 'op' && t.op === ')' && depth > 0) depth--
    if (t.kind === 'word' && EXAMPLE_INSIDE.has(t.lower)) cue = true
    // Degrees written inside a word (`DP32`, `EP4`) take the clause's stance too.
    if (t.kind === 'word') {
      for (const f of ctx.factsOfWord.get(t) ?? []) {
        if (depth > 0) f.inParens = true
        if (example || cue) f.example = true
      }
      continue
    }
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    if (!f) continue
    if (depth > 0) f.inParens = true
    if (example || cue) f.example = true
    // `20 layers x 44.04M x 2 B`: a factor of a product is an input of a formula, not a definition.
    const isMul = (u: Token | undefined): boolean => u !== undefined && u.kind === 'op' && (u.op === '×' || (u.op === '÷' && u.text !== '/'))
    const isSlash = (u: Token | undefined): boolean => u !== undefined && u.kind === 'op' && u.op === '÷' && u.text === '/'
    let k = i + 1
    while (k < to && k < i + 4 && tokens[k].kind === 'word') k++
    const noun = k > i + 1
    // `32 heads / 8 KV heads` pairs two counts; `64 / 8` divides.
    if (isMul(tokens[i - 1]) || (isMul(tokens[k]) && tokens[k + 1]?.kind === 'num')) f.factor = true
    if ((isSlash(tokens[k]) && tokens[k + 1]?.kind === 'num' && !noun) || (isSlash(tokens[i - 1]) && tokens[i - 2]?.kind === 'num')) f.factor = true
    // `29.88B params at 1 B plus 0.62B at 2 B`: a count priced at bytes per item is a factor of the size, not a claim.
    const at = tokens[k - 1]
    const per = tokens[k]
    if (noun && at?.kind === 'word' && at.lower === 'at' && per?.kind === 'num' && per.unit?.dim === 'bytes' && per.unit.factor === 1 && per.lit.value.lte(4)) f.factor = true
    // Bounds: `up to`, `at most`, `at least`, `max`, `≤`, `<`, `>=`.
    for (let k = i - 1, steps = 0; k >= from && steps < 4; k--, steps++) {
      const u = tokens[k]
      if (u.kind === 'op' && (u.op === '≤' || u.op === '<')) f.bound = 'le'
      else if (u.kind === 'op' && (u.op === '≥' || u.op === '>')) f.bound = 'ge'
      else if (u.kind === 'word') {
        const w = u.lower
        const prev = tokens[k - 1]
        const pw = prev?.kind === 'word' ? prev.lower : ''
        // `Within a stage the four ranks`, `spread over the 8 GPUs`: a preposition before a determiner and a noun (or,
        // for `over the`, a plain count) places; it bounds nothing.
        const d1 = tokens[k + 1]
        const d2 = tokens[k + 2]
        const placeWord = d1?.kind === 'word' && PLACE_DETERMINERS.has(d1.lower) ? d1.lower : undefined
        if (placeWord && PLACE_PREPOSITIONS.has(w) && (d2?.kind === 'word' || (w === 'over' && placeWord === 'the' && !f.unit))) break
        // `on fewer than 8 GPUs`, `more than 4 nodes`: a comparative with `than` bounds the count after it.
        if (w === 'than' && (pw === 'fewer' || pw === 'less')) f.bound = 'le'
        else if (w === 'than' && (pw === 'more' || pw === 'greater')) f.bound = 'ge'
        else if ((w === 'to' && pw === 'up') || (w === 'most' && pw === 'at') || w === 'max' || w === 'maximum' || w === 'under' || w === 'below' || w === 'within') f.bound = 'le'
        // `2,880 tok/s over 64 GPUs`: `over` right after a quantity is across.
        else if (w === 'over' && prev?.kind === 'num' && prev.unit !== undefined) break
        else if ((w === 'least' && pw === 'at') || w === 'min' || w === 'minimum' || w === 'above' || w === 'over' || w === 'exceeding') f.bound = 'ge'
        else if (u.lower !== 'tp' && u.lower !== 'ep' && u.lower !== 'pp' && u.lower !== 'dp' && steps > 0) continue
      } else if (u.kind === 'num') break
      if (f.bound) break
    }
  }
}

/**
 * `yes. two options:` then a list: each item is an option considered, none of them the plan's yet (same for
 * `Not chosen (for reference): TP2, PP4.` then `- Layers per stage: 32 / 4 = 8.`: the list right after a paragraph of
 * another setup (all its values examples) details that setup; its values are examples too.
 */
export function listsAfterAsides(segments: readonly Segment[], factsOf: Map<Segment, Fact[]>, attributes: readonly Attribute[]): void {
  let aside = false
  let list: number | undefined
  const options = new Set<Segment>()
  for (const seg of segments) {
    if (seg.kind === 'heading') [aside, list] = [false, undefined]
    else if (!seg.listItem && seg.kind === 'paragraph') {
      const facts = factsOf.get(seg) ?? []
      aside = (facts.length > 0 && facts.every((f) => f.example)) || OPTIONS_LEAD.test(seg.text)
      list = undefined
    } else if (seg.listItem && aside) {
      if (list === undefined) list = seg.listItem.list
      if (seg.listItem.list !== list) continue
      options.add(seg)
      for (const f of factsOf.get(seg) ?? []) f.example = true
    }
  }
  // `two options:` then `2. FP8 KV cache (--kv-cache-dtype fp8)`: a setting an option names is not the plan's.
  for (const t of attributes) if (options.has(t.seg) && t.attr !== 'modelName' && t.attr !== 'gpuType') t.quoted = true
}

/**
 * `**Layout A — one 8×H200 node, TP=8.** …`, `**Layout B — two nodes, TP=8 × PP=2.** …`: paragraphs of one section that
 * open with a bold title naming one of several enumerated options each describe another setup; their values are no
 * inputs or claims of one plan (like an example's), the arithmetic written in them is still checked.
 */
export function optionParagraphs(segments: readonly Segment[], factsOf: Map<Segment, Fact[]>, source: string): void {
  const bySection = new Map<unknown, Segment[]>()
  // `**Qwen3-30B-A3B** (48 layers, …)`, `**Mixtral 8x7B** (32 layers, …)`: paragraphs that open with the bold name of one
  // known model each give that model's figures, as enumerated options do.
  const models = new Map<unknown, Set<string>>()
  for (const seg of segments) {
    if (seg.kind !== 'paragraph' || seg.listItem || seg.table) continue
    const lead = source.slice(seg.start, seg.start + 2)
    if (lead !== '**' && lead !== '__') continue
    const close = source.indexOf(lead, seg.start + 2)
    const title = close > 0 && close - seg.start < 80 ? source.slice(seg.start + 2, close) : ''
    const named = findModels(title)
    if (!OPTION_TITLE.test(seg.text) && named.length !== 1) continue
    if (named.length === 1) models.set(seg.section, (models.get(seg.section) ?? new Set()).add(named[0].id))
    bySection.set(seg.section, [...(bySection.get(seg.section) ?? []), seg])
  }
  for (const [section, list] of bySection) {
    if (list.length < 2 || models.get(section)?.size === 1) continue
    for (const seg of list) for (const f of factsOf.get(seg) ?? []) f.example = true
  }
}
