/**
 * The fact extractor: one pass over the segments of a document, producing
 * typed facts (numbers with their quantity, scope and place), attributes,
 * written expressions, percentage claims, value-per-count pairs and
 * requirement claims. Rules read these and never parse text themselves.
 */
import type { Root } from 'mdast'
import { D, dec, type Dec } from './num.js'
import { segmentize, type Segment } from './segments.js'
import { tokenize, type Token, type NumToken } from './tokens.js'
import { QUANTITY, NOUNS, NOUN_MODIFIERS, shardingWord, type QuantityId, type QuantityDef, type Kind } from './lexicon.js'
import { DEGREE_ABBR, normalizeWord, phraseEndingAt, phraseStartingAt, quantityOfLabel, type Part } from './phrases.js'
import { toBase, matchUnit, type Unit } from './units.js'
import { parsePrecision } from './model/precision.js'
import { findGpu } from './model/gpus.js'
import { findModels } from './model/catalog.js'
import type {
  Attribute,
  Clause,
  CountPair,
  ExprNode,
  Expression,
  Extraction,
  Fact,
  PercentClaim,
  Requirement,
  Scope,
  Side,
} from './facts.js'

const NOUN_OF = new Map<string, string>()
for (const [concept, words] of Object.entries(NOUNS)) for (const w of words) NOUN_OF.set(w, concept)

const SCOPE_OF: Record<string, Scope> = {
  gpu: 'gpu',
  layer: 'layer',
  stage: 'stage',
  node: 'node',
  replica: 'replica',
  group: 'group',
  token: 'token',
  sequence: 'sequence',
  expert: 'expert',
}

const HOLD_VERBS = new Set([
  'holds', 'hold', 'has', 'have', 'stores', 'store', 'hosts', 'host', 'gets', 'get', 'keeps', 'keep', 'owns', 'own',
  'handles', 'handle', 'manages', 'manage', 'runs', 'run', 'spans', 'span', 'uses', 'use', 'contains', 'contain',
  'receives', 'receive', 'serves', 'serve', 'carries', 'carry', 'processes', 'process', 'needs', 'need',
  'requires', 'require', 'covers', 'cover', 'includes', 'include', 'is', 'are', 'of', 'with', 'takes', 'take',
  'occupies', 'occupy', 'spans', 'gets', 'owns', 'hosts', 'runs', 'serves', 'stores',
])

const APPROX_WORDS = new Set(['about', 'approximately', 'approx', 'around', 'roughly', 'nearly', 'circa', 'ca', 'almost'])

/** Words after which a value is someone else's, quoted as wrong. */
const QUOTE_CUES = new Set([
  'claims', 'claim', 'claimed', 'claiming', 'states', 'stated', 'says', 'said', 'reads', 'wrote', 'writes',
  'originally', 'previously', 'incorrectly', 'wrongly', 'erroneously', 'mistakenly',
])
/** Words that end a quoted stretch: what follows is the claim. */
const QUOTE_ENDS = new Set(['but', 'to', 'while', 'whereas', 'however', 'instead', 'yet', 'actually', 'should', 'shows', 'show', 'gives', 'give', 'is', 'are'])

const GENERIC_HEADERS = /^(value|values|figure|figures|reviewer'?s? figure|reviewer'?s? value|corrected|correct value|correction|recomputed|should be|revised|how much|answer|computed|calculated|usage|footprint|allocation|per (card|device|rank|accelerator|chip|node|server|host|replica)|degree|size|count|number|amount|memory|setting|settings|config|configuration|#|n|qty|quantity|total|per gpu|gpu memory|memory per gpu|bytes|gb|gib|estimate|estimated|approx|approximate|result|default|mem|memory \(gb\)|memory \(gib\)|size \(gb\))\b/i

interface Ctx {
  source: string
  facts: Fact[]
  attributes: Attribute[]
  expressions: Expression[]
  percents: PercentClaim[]
  pairs: CountPair[]
  requirements: Requirement[]
  clauses: Clause[]
  byToken: Map<NumToken, Fact>
  tokensOf: Map<Segment, Token[]>
  factsOf: Map<Segment, Fact[]>
  /** The subject of the last number that had one (`Each GPU holds 4 experts …, and 16 heads`), per clause index. */
  lastSubject: { clause: number; scopes: Scope[] } | undefined
  /** Word scans of the clause being read (`clauseMentions`), one memo per clause. */
  mentionMemo: { tokens: Token[]; from: number; to: number; cache: Map<RegExp, boolean> } | undefined
  /** Normalized words of a table header with its label (`headerWords`). */
  headerWordCache: WeakMap<string[], Map<string, string[]>>
  /** Index of each token in its segment's token list (`tokenIndex`). */
  tokenIndexes: WeakMap<Token[], Map<Token, number>>
  /** Units of a table's columns (`headerUnit`). */
  headerUnits: WeakMap<string[], Array<Unit | undefined>>
  /** Whether a table header lists one configuration per row (`gridHeader`). */
  gridCache: WeakMap<string[], boolean>
}

export function extract(tree: Root, source: string): Extraction {
  const { segments, tables } = segmentize(tree, source)
  const ctx: Ctx = {
    source,
    facts: [],
    attributes: [],
    expressions: [],
    percents: [],
    pairs: [],
    requirements: [],
    clauses: [],
    byToken: new Map(),
    tokensOf: new Map(),
    factsOf: new Map(),
    lastSubject: undefined,
    mentionMemo: undefined,
    headerWordCache: new WeakMap(),
    tokenIndexes: new WeakMap(),
    headerUnits: new WeakMap(),
    gridCache: new WeakMap(),
  }
  for (const seg of segments) extractSegment(seg, ctx, tables)
  requirementsOfRows(tables, ctx, ctx.tokensOf)
  const byQuantity = new Map<QuantityId, Fact[]>()
  const byText = new Map<string, Fact[]>()
  for (const f of ctx.facts) {
    if (f.quantity) {
      const l = byQuantity.get(f.quantity) ?? []
      l.push(f)
      byQuantity.set(f.quantity, l)
    }
    const t = byText.get(f.text) ?? []
    t.push(f)
    byText.set(f.text, t)
  }
  const exprsOf = new Map<number, Expression[]>()
  for (const e of ctx.expressions) {
    const l = exprsOf.get(e.clause) ?? []
    l.push(e)
    exprsOf.set(e.clause, l)
  }
  return {
    factsOf: ctx.factsOf,
    byQuantity,
    byText,
    exprsOf,
    source,
    segments,
    tables,
    clauses: ctx.clauses,
    facts: ctx.facts,
    attributes: ctx.attributes,
    expressions: ctx.expressions,
    percents: ctx.percents,
    pairs: ctx.pairs,
    requirements: ctx.requirements,
  }
}

// ---------------------------------------------------------------------------
// clauses

function splitClauses(seg: Segment, tokens: Token[]): Array<[number, number]> {
  // Token index ranges [from, to).
  const out: Array<[number, number]> = []
  let from = 0
  const isCode = seg.kind === 'code' || seg.kind === 'frontmatter'
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    let cut = false
    if (t.kind === 'punct') {
      if (t.text === '\n') cut = isCode || seg.kind === 'cell' || nextLineStartsItem(tokens, i, seg) || lineIsLabel(tokens, i)
      else if (t.text === ';') cut = true
      else if (t.text === '.' || t.text === '!' || t.text === '?') {
        const next = tokens[i + 1]
        const prev = tokens[i - 1]
        const abbrev = t.text === '.' && prev?.kind === 'word' && /^(i\.e|e\.g|vs|approx|etc|cf|resp|incl|ca|no|fig)$/i.test(prev.text)
        cut = !abbrev && (!next || next.start > t.end || next.kind === 'punct')
      }
    }
    if (cut) {
      if (i > from) out.push([from, i])
      from = i + 1
    }
  }
  if (tokens.length > from) out.push([from, tokens.length])
  return out
}

function nextLineStartsItem(tokens: Token[], i: number, seg: Segment): boolean {
  // A new line that starts with a mark, a list-like dash, or emphasis
  // (blanked to spaces) begins a new statement, not a wrapped sentence.
  const n = tokens[i + 1]
  if (!n) return false
  if (n.kind === 'punct' && n.text !== '(' && n.text !== '\n') return true
  if (n.kind === 'op' && n.op !== '(') return true
  const lineStart = tokens[i].end
  // In a list item the continuation lines are indented by the list itself: a wrapped sentence.
  if (seg.listItem) return false
  return seg.text.slice(lineStart, n.start).length > 0 && /[*_]/.test(seg.text.slice(lineStart, n.start)) === false && n.start > lineStart + 1
}

function lineIsLabel(tokens: Token[], i: number): boolean {
  // A line break after `Label:` or before a new `Label:` line keeps lines apart.
  const prev = tokens[i - 1]
  return prev !== undefined && prev.kind === 'punct' && prev.text === ':'
}

// ---------------------------------------------------------------------------
// quoted stretches

/** `Plan says`, `Original`, `Plan (v2) text`, `Draft wording`: a column that quotes the reviewed document. */
function oldColumn(header: string): boolean {
  return OLD_COLUMN.test(header) || (/\b(plan|draft|document|doc|original|author|proposal)\b/i.test(header) && /\b(text|wording|says|said|states|stated|figure|value|claim|claims)\b/i.test(header))
}
const OLD_COLUMN = /^\W*(plan says|document says|doc says|says|stated|claimed|claim|original|before|old|current|currently|was|as written|written|incorrect|wrong|error|found)\b/i

function quotedMask(seg: Segment, tokens: Token[], from: number, to: number, source: string): boolean[] {
  const mask = new Array<boolean>(to - from).fill(false)
  if (seg.section?.quoted) return mask.fill(true)
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
          const w = tokens[k - 1]
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

function headerWords(header: string[], label: string | undefined, ctx: Ctx): string[] {
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

/** A quick look for anything a requirement claim needs (a mark, a verb, a target word). */
const REQ_HINT = /✅|❌|✓|✗|✔|✘|☑|❎|exceed|surpass|beats|above|over|meet|satisf|achieve|within|under|below|fits|target|budget|requirement|required|slo|sla|limit|goal|bound|ceiling|floor/i

// ---------------------------------------------------------------------------
// per segment

function extractSegment(seg: Segment, ctx: Ctx, tables: Segment[][][]): void {
  const all = tokenize(seg.text)
  if (all.length === 0) return
  const firstFact = ctx.facts.length
  for (const m of findModels(seg.text)) {
    const quoted = Boolean(seg.section?.quoted) || seg.struck.some(([a, b]) => m.start >= a && m.end <= b)
    ctx.attributes.push({ attr: 'modelName', value: m.id, place: { start: seg.start + m.start, end: seg.start + m.end }, seg, quoted })
  }
  const rawRanges = splitClauses(seg, all)
  // Sentences for requirement claims: clauses joined where `;` separated them.
  const sentences: Array<[number, number]> = []
  for (const [a, b] of rawRanges) {
    const last = sentences[sentences.length - 1]
    const sep = all[a - 1]
    if (last && sep?.kind === 'punct' && sep.text === ';') last[1] = b
    else sentences.push([a, b])
  }
  // Inside a paragraph a line break is a space: drop it so phrases read across wrapped lines.
  let tokens = all
  let ranges = rawRanges
  let sentenceRanges = sentences
  if (seg.kind !== 'code' && seg.kind !== 'frontmatter') {
    const map = new Array<number>(all.length + 1)
    tokens = []
    for (let i = 0; i < all.length; i++) {
      map[i] = tokens.length
      const t = all[i]
      if (!(t.kind === 'punct' && t.text === '\n')) tokens.push(t)
    }
    map[all.length] = tokens.length
    ranges = rawRanges.map(([a, b]) => [map[a], map[b]] as [number, number]).filter(([a, b]) => b > a)
    sentenceRanges = sentences.map(([a, b]) => [map[a], map[b]] as [number, number]).filter(([a, b]) => b > a)
  }
  const tableLabel = seg.table ? tableLabelOf(seg, tables) : undefined
  for (const [from, to] of ranges) {
    const clauseIndex = ctx.clauses.length
    const label = clauseLabel(tokens, from, to, seg)
    const words = new Set<string>()
    for (let k = from; k < to; k++) {
      const t = tokens[k]
      if (t.kind === 'word') for (const w of normalizeWord(t.text)) words.add(w)
    }
    if (seg.table) for (const w of headerWords(seg.table.header, tableLabel?.text, ctx)) words.add(w)
    const clause: Clause = { index: clauseIndex, seg, start: tokens[from].start, end: tokens[to - 1].end, label: label?.text, words }
    ctx.clauses.push(clause)
    const quoted = quotedMask(seg, tokens, from, to, ctx.source)
    const parts = partsOf(tokens, from, to)
    const clauseFacts: Fact[] = []
    const perGpuContext = perGpu(seg, label?.text, tableLabel?.text, tokens, from, to)
    // Compact degrees in words: `EP8`, `TP16`, `tp4pp1`.
    // `Consider --kv-cache-dtype fp8`, `Alternatively, FP8 weights`: a suggestion states no setting of the plan.
    const first = tokens[from]
    const suggestion = first?.kind === 'word' && /^(consider|suggest|suggestion|optionally|alternatively|try|could|might|maybe|perhaps|if)$/.test(first.lower)
    for (let i = from; i < to; i++) {
      const t = tokens[i]
      if (t.kind === 'word') {
        compactDegrees(t, seg, clauseIndex, quoted[i - from], ctx, clauseFacts)
        attributesOf(t, tokens, i, seg, quoted[i - from] || suggestion, ctx)
      }
    }
    const lists = numberLists(tokens, from, to)
    distributeListUnits(tokens, lists)
    // `Per rank: 12 query heads (48 ÷ 4)`, `Per layer per rank: … = 256 B`: a label that is only scopes scopes the
    // values of its clause outside parentheses.
    const labelScopes = label ? scopeOnlyLabel(label.text) : []
    const outside: Fact[] = []
    let depth = 0
    for (let i = from; i < to; i++) {
      const t = tokens[i]
      if (t.kind === 'op' && t.op === '(') depth++
      else if (t.kind === 'op' && t.op === ')' && depth > 0) depth--
      if (t.kind !== 'num') continue
      const fact = makeFact(t, seg, clauseIndex, ctx, quoted[i - from])
      fact.perGpuContext = perGpuContext
      fact.approx = isApprox(tokens, i, from)
      classify(fact, tokens, i, from, to, parts, label, tableLabel, seg, depth === 0 ? labelScopes : [], ctx)
      if (depth === 0) outside.push(fact)
      clauseFacts.push(fact)
      ctx.facts.push(fact)
      ctx.byToken.set(t, fact)
    }
    // `Per token, each rank stores … = 24,064 B`: a leading `per X,` scopes the clause's values.
    const p0 = tokens[from]
    const p1 = tokens[from + 1]
    const p2 = tokens[from + 2]
    if (p0?.kind === 'word' && p0.lower === 'per' && p1?.kind === 'word' && p2?.kind === 'punct' && p2.text === ',') {
      const sc = SCOPE_OF[NOUN_OF.get(p1.lower) ?? '']
      if (sc) for (const f of clauseFacts) if (f.unit) f.scopes.add(sc)
    }
    // Values whose classification returned before the label's scopes were read (results, units) get them too.
    if (labelScopes.length > 0) for (const f of outside) if (f.unit) for (const sc of labelScopes) f.scopes.add(sc)
    flagBoundsAndExamples(tokens, from, to, ctx, seg)
    expressionsOf(tokens, from, to, clauseIndex, ctx)
    applyLabel(tokens, from, to, label, tableLabel, ctx, seg)
    if (seg.table) flagAlternatives(tokens, from, to, ctx)
    elidedNouns(tokens, from, to, ctx)
    percentsOf(tokens, from, to, ctx)
    // Restatements first: a value restated in another unit is not a value of its own for a count.
    restatements(tokens, from, to, ctx)
    pairsOf(clauseFacts, ctx)
    batchTimesSeq(tokens, from, to, ctx)
    rateConditions(tokens, from, to, lists, clauseFacts, words, ctx)
  }
  ctx.tokensOf.set(seg, tokens)
  kvPerTokenFacts(seg, ctx.facts.slice(firstFact), ctx)
  const own = ctx.facts.slice(firstFact)
  ctx.factsOf.set(seg, own)
  if (!seg.table && REQ_HINT.test(seg.text)) requirementsOfSegment(seg, tokens, own, ctx, sentenceRanges)
}

/** `Per rank`, `Per layer per rank`, `Per token per rank (47 layers)`, `On each GPU`: the scopes of a label made only of them. */
function scopeOnlyLabel(text: string): Scope[] {
  const words = text.replace(/\([^()]*\)/g, ' ').toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean)
  const out: Scope[] = []
  let k = 0
  while (k < words.length) {
    if (words[k] === 'on' || words[k] === 'for') k++
    if (!/^(per|each|every|a|one)$/.test(words[k] ?? '')) return []
    const sc = SCOPE_OF[NOUN_OF.get(words[k + 1] ?? '') ?? '']
    if (!sc) return []
    out.push(sc)
    k += 2
  }
  return out
}

/** Index of a token in its segment's token list (one map per list). */
function tokenIndex(tokens: Token[], t: Token, ctx: Ctx): number {
  let m = ctx.tokenIndexes.get(tokens)
  if (!m) {
    m = new Map()
    tokens.forEach((u, k) => m!.set(u, k))
    ctx.tokenIndexes.set(tokens, m)
  }
  return m.get(t) ?? -1
}

const KV_WORD = /\b(kv|kv-cache|kvcache|key-value|key\/value)\b/i

/**
 * `KV cache: 12,032 B per token per rank`, `* KV cache` › `* Per layer per rank: … = 256 B`: a byte value stated per
 * token in a KV context is the KV cache per token (per layer when it says so), not the whole cache.
 */
function kvPerTokenFacts(seg: Segment, facts: Fact[], ctx: Ctx): void {
  for (const f of facts) {
    if (f.unit?.dim !== 'bytes') continue
    // A cache per token is bytes to kilobytes (16 MB at most); `… per layer per rank: … = 256 B` under a KV heading is one too.
    if (f.value.gt(16 * 2 ** 20)) continue
    const perLayerSmall = !f.scopes.has('token') && f.scopes.has('layer') && f.value.lte(2 ** 20)
    if (!f.scopes.has('token') && !perLayerSmall) continue
    if (f.quantity && f.quantity !== 'memKv') continue
    // `512 bytes per layer and 47,104 bytes over 92 layers`: a value summed over layers is per token, not per layer.
    const toks = ctx.tokensOf.get(seg) ?? []
    const k = tokenIndex(toks, f.tok, ctx)
    const w1 = toks[k + 1]
    const overLayers = k >= 0 && w1?.kind === 'word' && /^(over|across|for|in|summed)$/.test(w1.lower) && toks[k + 2]?.kind === 'num' && toks[k + 3]?.kind === 'word' && /^layers$/.test((toks[k + 3] as { lower: string }).lower)
    if (overLayers) f.scopes.delete('layer')
    if (f.scopes.has('sequence') || f.scopes.has('expert') || f.scopes.has('node') || f.scopes.has('cluster')) continue
    if (!f.quantity) {
      const c = ctx.clauses[f.clause]
      const text = [c.label ?? '', seg.section?.title ?? '', ...(seg.context ?? []), seg.table ? seg.table.header.join(' ') : ''].join(' ')
      const kv = ['kv', 'kv-cache', 'kvcache', 'cache', 'caches', 'cached', 'mla', 'latent'].some((w) => c.words.has(w)) || KV_WORD.test(text)
      // Bytes per token that the text ties to nothing else are the cache's (what else is stored per token?).
      const other = [...c.words].some((w) => /^(activation|activations|weight|weights|gradient|gradients|optimizer|embedding|embeddings|logit|logits|vocab|hidden|communication|all-to-all|alltoall|dispatch|combine|network|traffic|bandwidth|transfer|sent|send|moved|checkpoint|disk|storage)$/.test(w))
      if (!kv && (other || !f.scopes.has('token'))) continue
    }
    f.quantity = f.scopes.has('layer') ? 'kvPerTokenLayer' : 'kvPerToken'
    f.how = (f.how ?? '') + '+per-token'
  }
}

/**
 * Lists of numbers in a clause: `57,674, 54,543, and 50,302`, `1K, 2K and 4K` (token indices of the numbers).
 * Only lists of three or more whose last item follows `and` or `or`: `3, 64 GB` is not a list.
 */
function numberLists(tokens: Token[], from: number, to: number): number[][] {
  const out: number[][] = []
  let i = from
  while (i < to) {
    if (tokens[i].kind !== 'num') {
      i++
      continue
    }
    const items = [i]
    let conj = false
    let j = i + 1
    for (;;) {
      let k = j
      let sawConj = false
      let sawComma = false
      const c = tokens[k]
      if (c?.kind === 'punct' && c.text === ',') {
        sawComma = true
        k++
      }
      const w = tokens[k]
      if (w?.kind === 'word' && (w.lower === 'and' || w.lower === 'or')) {
        sawConj = true
        k++
      }
      if (!(sawComma || sawConj) || k >= to || tokens[k].kind !== 'num') break
      if (conj) break
      items.push(k)
      conj = sawConj
      j = k + 1
    }
    if (items.length >= 3 && conj) out.push(items)
    i = items[items.length - 1] + 1
  }
  return out
}

/** `57,674, 54,543, and 50,302 tokens per second`: the unit of the last item is the unit of every item. */
function distributeListUnits(tokens: Token[], lists: number[][]): void {
  for (const items of lists) {
    const last = tokens[items[items.length - 1]] as NumToken
    if (!last.unit) continue
    const earlier = items.slice(0, -1).map((k) => tokens[k] as NumToken)
    if (earlier.some((t) => t.unit || t.lit.style.suffix)) continue
    // In place: a token keeps its identity (facts and token indexes refer to it).
    for (const t of earlier) {
      t.unit = last.unit
      t.unitText = last.unitText
      if (last.qualifier) t.qualifier = last.qualifier
    }
  }
}

const CONDITION_WORDS = /^(length|lengths|input|inputs|prompt|prompts|isl|sequence|sequences|context|contexts)$/

/** `for 2K inputs`, `4096-token prompts`, `prompt length 2000`: the input length a clause states, per number token. */
function inputLengthAt(tokens: Token[], k: number, to: number, f: Fact | undefined): Dec | undefined {
  if (!f || f.unit || f.quoted) return undefined
  if (f.quantity === 'promptLen' || f.quantity === 'seqLen') return f.value
  if (f.quantity) return undefined
  let j = k + 1
  const dash = tokens[j]
  if (dash?.kind === 'op' && dash.op === '-' && tokens[j + 1]?.kind === 'word' && /^tokens?$/.test((tokens[j + 1] as { lower: string }).lower)) j += 2
  const w = tokens[j]
  if (j < to && w?.kind === 'word' && /^(input|inputs|prompt|prompts)$/.test(w.lower)) return f.value
  return undefined
}

const RATE_SCOPE: Record<string, 'gpu' | 'node'> = { node: 'node', nodes: 'node', gpu: 'gpu', gpus: 'gpu', device: 'gpu', rank: 'gpu', card: 'gpu', accelerator: 'gpu' }
const RATE_NOUN = /^(throughput|throughputs|rate|rates|speed|speeds|output|decode|prefill)$/

/**
 * `per-node throughputs of 57,674, 54,543, and 50,302 tokens per second`, `52.3k input and 22.3k output tokens per
 * second per node`: a per-node or per-GPU scope stated once for every token rate of the clause.
 */
function rateScopes(tokens: Token[], from: number, to: number, rates: Fact[], lists: number[][], ctx: Ctx): void {
  const scoped = (f: Fact): boolean => f.scopes.has('gpu') || f.scopes.has('node') || f.scopes.has('cluster') || f.scopes.has('sequence')
  // `31,236, 29,870 and 27,114 tokens per second per node`: the list shares its last item's unit and scope.
  for (const items of lists) {
    const facts = items.map((k) => ctx.byToken.get(tokens[k] as NumToken))
    const last = facts[facts.length - 1]
    if (!last || last.unit?.dim !== 'tokenRate' || facts.some((f) => f?.unit?.dim !== 'tokenRate')) continue
    const sc = (['gpu', 'node', 'cluster'] as const).filter((x) => last.scopes.has(x))
    if (sc.length !== 1) continue
    for (const f of facts) if (f && !scoped(f)) f.scopes.add(sc[0])
  }
  const open = rates.filter((f) => !scoped(f))
  if (open.length === 0) return
  const index = new Map<Fact, number>()
  for (const f of open) {
    const k = tokenIndex(tokens, f.tok, ctx)
    if (k >= from && k < to) index.set(f, k)
  }
  // `per-node throughputs of 57,674, 54,543, and 50,302 tokens per second`: the scope of the rates right after it.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'word') continue
    let s: 'gpu' | 'node' | undefined
    let next = k + 1
    const glued = /^per-(\w+)$/.exec(t.lower)
    if (glued) s = RATE_SCOPE[glued[1]]
    else if (t.lower === 'per' && tokens[k + 1]?.kind === 'word') {
      s = RATE_SCOPE[(tokens[k + 1] as { lower: string }).lower]
      next = k + 2
    }
    const n = tokens[next]
    if (!s || n?.kind !== 'word' || !RATE_NOUN.test(n.lower)) continue
    for (const f of open) {
      const at = index.get(f)
      if (at !== undefined && at > next && at <= next + 10 && !scoped(f)) f.scopes.add(s)
    }
  }
  // `52.3k input and 22.3k output tokens per second per node`: rates joined by `and` share the scope stated last.
  for (const f of open) {
    if (scoped(f)) continue
    const k = index.get(f)
    if (k === undefined) continue
    const and = tokens[k + 1]
    const nextNum = tokens[k + 2]
    if (and?.kind !== 'word' || and.lower !== 'and' || nextNum?.kind !== 'num') continue
    const g = rates.find((r) => r.tok === nextNum)
    const sc = g && (['gpu', 'node'] as const).find((x) => g.scopes.has(x))
    if (sc) f.scopes.add(sc)
  }
}

/**
 * The condition of each token rate in a clause: `for 2000-token input sequences`, `for 2K inputs`, or the matching
 * item of a `respectively` list (`57,674, 54,543, and 50,302 tokens per second for prompt lengths of 1K, 2K, and 4K, respectively`).
 */
function rateConditions(tokens: Token[], from: number, to: number, lists: number[][], clauseFacts: Fact[], words: Set<string>, ctx: Ctx): void {
  const rates = clauseFacts.filter((f) => f.unit?.dim === 'tokenRate')
  if (rates.length === 0) return
  rateScopes(tokens, from, to, rates, lists, ctx)
  if (words.has('respectively')) {
    const factLists = lists.map((items) => items.map((k) => ctx.byToken.get(tokens[k] as NumToken)))
    const rateList = factLists.find((l) => l.every((f) => f?.unit?.dim === 'tokenRate'))
    if (rateList) {
      const condIndex = factLists.findIndex((l, n) => {
        if (l === rateList || l.length !== rateList.length || l.some((f) => !f || f.unit)) return false
        const first = lists[n][0]
        for (let k = first - 1; k >= Math.max(0, first - 4); k--) {
          const w = tokens[k]
          if (w.kind === 'word' && CONDITION_WORDS.test(w.lower)) return true
        }
        return false
      })
      if (condIndex >= 0) {
        const conds = factLists[condIndex]
        rateList.forEach((f, n) => {
          f!.condition = { what: 'input length', value: conds[n]!.value, fact: conds[n]! }
        })
      }
      return
    }
  }
  const lengths: Array<{ f: Fact; v: Dec }> = []
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    const v = inputLengthAt(tokens, k, to, f)
    if (v) lengths.push({ f: f!, v })
  }
  if (lengths.length === 0 || new Set(lengths.map((x) => x.v!.toString())).size !== 1) return
  for (const f of rates) f.condition = { what: 'input length', value: lengths[0].v!, fact: lengths[0].f }
}

/**
 * `32.91 GB (35.3 GiB)`, `11.5 tokens/ms per replica, i.e. 1,150 tokens/s`: the same value in another unit.
 * The second number records the first as the value it restates.
 */
function restatements(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  const CONNECT = /^(i\.e|ie|i\.e\.|or|namely|aka|that|is|so|that's|which|equals)$/
  for (let i = from; i < to; i++) {
    const a = tokens[i]
    if (a.kind !== 'num' || !a.unit || a.unit.dim === 'percent' || a.unit.dim === 'ratio') continue
    let k = i + 1
    // Qualifiers of the first value (`per replica`) may stand before the restatement.
    let words = 0
    while (k < to && tokens[k].kind === 'word' && !CONNECT.test((tokens[k] as { lower: string }).lower) && words < 5) {
      k++
      words++
    }
    let paren = false
    let connected = false
    for (let steps = 0; k < to && steps < 4; steps++) {
      const u = tokens[k]
      if (u.kind === 'op' && u.op === '(' && !paren && !connected) paren = true
      else if (u.kind === 'op' && u.op === '→' && !paren) connected = true
      else if (u.kind === 'op' && u.op === '≈') {
        /* `(≈ 35.3 GiB)` */
      } else if (u.kind === 'punct' && (u.text === ',' || u.text === '.' || u.text === '~')) {
        /* punctuation of `, i.e.` */
      } else if (u.kind === 'word' && CONNECT.test(u.lower)) connected = true
      else if (u.kind === 'word' && connected && /^(only|just|about|roughly|approximately|exactly|still|then|now)$/.test(u.lower)) {
        /* `is only 160 tokens/s` */
      } else break
      k++
    }
    if (!(paren || connected)) continue
    const b = tokens[k]
    if (b?.kind !== 'num' || !b.unit || b.unit.dim !== a.unit.dim || b.unit.id === a.unit.id) continue
    if (paren && !(tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as { op: string }).op === ')')) continue
    // `or` after a parenthesis-free value joins two alternatives only when the words were qualifiers (`per replica`).
    const fa = ctx.byToken.get(a)
    const fb = ctx.byToken.get(b)
    if (fa && fb && !fa.quoted && !fb.quoted) fb.restates = fa
  }
}

/** `64 (0)`, `3986 (3546)` in a table cell: the number in parentheses is an alternative configuration's value. */
function flagAlternatives(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i + 3 < to + 1; i++) {
    const a = tokens[i]
    const o = tokens[i + 1]
    const b = tokens[i + 2]
    const c = tokens[i + 3]
    if (a?.kind === 'num' && o?.kind === 'op' && o.op === '(' && b?.kind === 'num' && c?.kind === 'op' && c.op === ')') {
      const fb = ctx.byToken.get(b)
      const fa = ctx.byToken.get(a)
      if (fb && fa) {
        fb.alt = true
        if (!fb.quantity) fb.quantity = fa.quantity
      }
    }
  }
}

const CLUSTER_COLUMN = /\b(cluster|total|totals|aggregate|all gpus|fleet|sum|overall|whole)\b/i
/** Columns that explain a value (`Derivation`, `Formula`, `Notes`): their numbers are not definitions. */
const EXPLAIN_COLUMN = /^\W*(derivation|formula|formulas|notes?|comments?|how|why|source|sources|reasoning|calculation|computation|explanation|details)\b/i

const EXAMPLE_START = /^(example|examples|e\.g|eg|for|say|suppose|consider|imagine|if|assume|assuming|hypothetically|let)$/

function flagBoundsAndExamples(tokens: Token[], from: number, to: number, ctx: Ctx, seg: Segment): void {
  // Example clauses: `Example: 256 GPUs ...`, `For example, ...`, `e.g. TP=8`, `Suppose ...`.
  let example = false
  const first = tokens[from]
  if (first?.kind === 'word' && EXAMPLE_START.test(first.lower)) {
    const second = tokens[from + 1]
    if (first.lower !== 'for' || (second?.kind === 'word' && (second.lower === 'example' || second.lower === 'instance'))) example = true
  }
  // Past, alternative or hypothetical setups: `what it was with TP 4 on the old nodes`, `if we later move to PP 4`.
  for (let i = from; i < to && !example; i++) {
    const t = tokens[i]
    if (t.kind === 'word' && /^(was|were|old|older|previous|previously|earlier|formerly|legacy|would|could|might|later|future|alternatively|alternative|hypothetical|otherwise|instead)$/.test(t.lower)) example = true
  }
  let depth = 0
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind === 'op' && t.op === '(') depth++
    if (t.kind === 'op' && t.op === ')' && depth > 0) depth--
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    if (!f) continue
    if (depth > 0) f.inParens = true
    if (example) f.example = true
    // `20 layers x 44.04M x 2 B`: a factor of a product is an input of a formula, not a definition.
    const isMul = (u: Token | undefined): boolean => u !== undefined && u.kind === 'op' && (u.op === '×' || (u.op === '÷' && u.text !== '/'))
    const isSlash = (u: Token | undefined): boolean => u !== undefined && u.kind === 'op' && u.op === '÷' && u.text === '/'
    let k = i + 1
    while (k < to && k < i + 4 && tokens[k].kind === 'word') k++
    const noun = k > i + 1
    // `32 heads / 8 KV heads` pairs two counts; `64 / 8` divides.
    if (isMul(tokens[i - 1]) || (isMul(tokens[k]) && tokens[k + 1]?.kind === 'num')) f.factor = true
    if ((isSlash(tokens[k]) && tokens[k + 1]?.kind === 'num' && !noun) || (isSlash(tokens[i - 1]) && tokens[i - 2]?.kind === 'num')) f.factor = true
    // Bounds: `up to`, `at most`, `at least`, `max`, `≤`, `<`, `>=`.
    for (let k = i - 1, steps = 0; k >= from && steps < 4; k--, steps++) {
      const u = tokens[k]
      if (u.kind === 'op' && (u.op === '≤' || u.op === '<')) f.bound = 'le'
      else if (u.kind === 'op' && (u.op === '≥' || u.op === '>')) f.bound = 'ge'
      else if (u.kind === 'word') {
        const w = u.lower
        const prev = tokens[k - 1]
        const pw = prev?.kind === 'word' ? prev.lower : ''
        if ((w === 'to' && pw === 'up') || (w === 'most' && pw === 'at') || w === 'max' || w === 'maximum' || w === 'under' || w === 'below' || w === 'within') f.bound = 'le'
        else if ((w === 'least' && pw === 'at') || w === 'min' || w === 'minimum' || w === 'above' || w === 'over' || w === 'exceeding') f.bound = 'ge'
        else if (u.lower !== 'tp' && u.lower !== 'ep' && u.lower !== 'pp' && u.lower !== 'dp' && steps > 0) continue
      } else if (u.kind === 'num') break
      if (f.bound) break
    }
  }
}

function perGpu(seg: Segment, label: string | undefined, tableLabel: string | undefined, tokens: Token[], from: number, to: number): boolean {
  const re = /\b(per[\s-]+(gpu|device|rank|accelerator|card|chip)|each\s+(gpu|device|rank|accelerator|card|chip)|(on|in|of)\s+(a|one|each|every|any)\s+(gpu|device|rank|accelerator|card|chip)|gpu\s+memory\s+layout)\b/i
  if (seg.table && seg.table.col > 0 && CLUSTER_COLUMN.test(seg.table.header[seg.table.col] ?? '')) return false
  for (let s = seg.section; s; s = s.parent) if (re.test(s.title)) return true
  if (label && re.test(label)) return true
  if (tableLabel && re.test(tableLabel)) return true
  if (seg.table) {
    // A column headed `Cluster total` is not per GPU even when another column is.
    const own = seg.table.header[seg.table.col] ?? ''
    if (CLUSTER_COLUMN.test(own)) return false
    if (re.test(own)) return true
    const h = seg.table.header.join(' ')
    if (re.test(h) && !seg.table.header.some((x) => CLUSTER_COLUMN.test(x))) return true
    if (re.test(h) && seg.table.col <= 1) return true
  }
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    // `The per-GPU KV cache is 25.2 GB`.
    if (t.kind === 'word' && /^per-(gpu|device|rank|card|chip|accelerator)$/.test(t.lower)) return true
    if (t.kind === 'word' && (t.lower === 'per' || t.lower === 'each' || t.lower === 'every')) {
      const n = tokens[i + 1]
      if (n && n.kind === 'word' && NOUN_OF.get(n.lower) === 'gpu') return true
    }
  }
  return false
}

/** Parts of a clause with O(1) lookups from a token index. */
type Parts = Part[] & {
  /** Index of the last part of token i, or -1. */
  lastOf: (i: number) => number
  /** Index of the first part whose token index is ≥ i, or -1. */
  firstFrom: (i: number) => number
}

function partsOf(tokens: Token[], from: number, to: number): Parts {
  const parts: Part[] = []
  const last = new Int32Array(Math.max(0, to - from)).fill(-1)
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind === 'word') for (const p of normalizeWord(t.text)) parts.push({ text: p, tok: i })
    if (t.kind === 'word' && parts.length > 0 && parts[parts.length - 1].tok === i) last[i - from] = parts.length - 1
  }
  const next = new Int32Array(Math.max(0, to - from + 1)).fill(-1)
  let k = parts.length - 1
  for (let i = to - 1; i >= from; i--) {
    while (k >= 0 && parts[k].tok >= i) k--
    next[i - from] = k + 1 < parts.length && parts[k + 1].tok >= i ? k + 1 : -1
  }
  return Object.assign(parts, {
    lastOf: (i: number) => (i >= from && i < to ? last[i - from] : -1),
    firstFrom: (i: number) => (i < from ? (parts.length > 0 ? 0 : -1) : i < to ? next[i - from] : -1),
  })
}

/** `| Item | GB |`, `| Memory (GiB) |`, `| TTFT (ms) |`: the unit of a column's bare numbers. */
function headerUnit(seg: Segment, ctx: Ctx): Unit | undefined {
  const t = seg.table
  if (!t || t.row === 0) return undefined
  let units = ctx.headerUnits.get(t.header)
  if (!units) {
    units = t.header.map((h) => {
      const text = (/\(([^()]{1,20})\)\s*$/.exec(h)?.[1] ?? h).replace(/[*_`]/g, '').trim()
      const u = matchUnit(text, 0, true)
      return u && u.text.length === text.length && u.unit.dim !== 'ratio' ? u.unit : undefined
    })
    ctx.headerUnits.set(t.header, units)
  }
  return units[t.col]
}

function makeFact(t: NumToken, seg: Segment, clause: number, ctx: Ctx, quoted: boolean): Fact {
  const fact = makeFactBase(t, seg, clause, ctx, quoted)
  // `gpus: -8`: a negative number is not a count (nor its absolute value).
  const before = seg.text[t.start - 1]
  if ((before === '-' || before === '−') && !/[\w.)]/.test(seg.text[t.start - 2] ?? '')) fact.negated = true
  return fact
}

function makeFactBase(t: NumToken, seg: Segment, clause: number, ctx: Ctx, quoted: boolean): Fact {
  if (!t.unit && !t.lit.style.suffix) {
    const u = headerUnit(seg, ctx)
    if (u) t = { ...t, unit: u, unitText: u.id }
  }
  const start = seg.start + t.start
  const end = seg.start + t.end
  const written = t.lit.value
  const fact: Fact = {
    id: ctx.facts.length,
    seg,
    clause,
    tok: t,
    place: { start, end },
    numPlace: { start: seg.start + t.numStart, end: seg.start + t.numEnd },
    text: ctx.source.slice(start, end),
    written,
    value: t.unit ? toBase(written, t.unit) : written,
    unit: t.unit,
    approx: false,
    scopes: new Set(),
    after: '',
    quoted,
    definitional: seg.kind === 'cell' || seg.kind === 'frontmatter',
    perGpuContext: false,
    negated: false,
    example: false,
    inCode: seg.kind === 'code' || seg.code.some(([a, b]) => t.start >= a && t.end <= b),
    grid: seg.table !== undefined && gridHeader(seg.table.header, ctx),
  }
  const table = seg.table
  if (table && table.row > 0) {
    const head = table.header[table.col] ?? ''
    if (CLUSTER_COLUMN.test(head) && table.col > 0) fact.scopes.add('cluster')
    else if (/^\W*per (node|server|host)\b/i.test(head) && table.col > 0) fact.scopes.add('node')
    if (EXPLAIN_COLUMN.test(head)) {
      fact.definitional = false
      fact.factor = true
    }
  }
  return fact
}

function isApprox(tokens: Token[], i: number, from: number): boolean {
  const p = tokens[i - 1]
  if (!p || i - 1 < from) return false
  if (p.kind === 'op' && p.op === '≈') return true
  if (p.kind === 'word' && APPROX_WORDS.has(p.lower)) return true
  return false
}

// ---------------------------------------------------------------------------
// compact degrees and attributes

/** `top-4 groups`: the word after names something other than experts. */
function nextIsOtherNoun(text: string, end: number): boolean {
  const m = /^\s+([A-Za-z]+)/.exec(text.slice(end, end + 40))
  if (!m) return false
  const c = NOUN_OF.get(m[1].toLowerCase())
  return c !== undefined && c !== 'expert'
}

function compactDegrees(t: Token & { kind: 'word' }, seg: Segment, clause: number, quoted: boolean, ctx: Ctx, out: Fact[]): void {
  // `top-2`, `top-8`: experts per token inside one word.
  const top = /^top-(\d{1,3})$/i.exec(t.text)
  const after = (t as { end: number }).end
  void after
  if (top && !nextIsOtherNoun(seg.text, t.end)) {
    const numStart = t.start + 4
    const numEnd = t.end
    const lit = { digits: dec(top[1]), value: dec(top[1]), halfUnit: dec(0.5), style: { decimals: 0, grouping: false, significant: top[1].length } }
    const fact = makeFact({ kind: 'num', start: numStart, end: numEnd, numStart, numEnd, lit }, seg, clause, ctx, quoted)
    fact.quantity = 'topK'
    fact.how = 'top-n'
    ctx.facts.push(fact)
    out.push(fact)
    return
  }
  // `EP8`, `TP16`, `DP144`, `tp4pp1`, `TP4-EP4`, `EP-8` (split on - by the word regex).
  const pieces = t.text.split(/([-+])/)
  let offset = 0
  for (const piece of pieces) {
    const re = /(etp|edp|dcp|vpp|tp|pp|dp|cp|ep|vp)(\d+)/giy
    let m: RegExpExecArray | null
    let pos = 0
    const found: Array<{ id: QuantityId; s: number; e: number; v: string }> = []
    re.lastIndex = 0
    while ((m = re.exec(piece)) !== null) {
      if (m.index !== pos) break
      found.push({ id: DEGREE_ABBR.get(m[1].toLowerCase())!, s: m.index + m[1].length, e: m.index + m[0].length, v: m[2] })
      pos = m.index + m[0].length
    }
    if (found.length > 0 && pos === piece.length) {
      for (const f of found) {
        const numStart = t.start + offset + f.s
        const numEnd = t.start + offset + f.e
        const lit = { digits: dec(f.v), value: dec(f.v), halfUnit: dec(0.5), style: { decimals: 0, grouping: false, significant: f.v.length } }
        const tok: NumToken = { kind: 'num', start: numStart, end: numEnd, numStart, numEnd, lit }
        const fact = makeFact(tok, seg, clause, ctx, quoted)
        fact.quantity = f.id
        fact.how = 'compact'
        ctx.facts.push(fact)
        out.push(fact)
      }
    }
    offset += piece.length
  }
}

const ATTR_WORD = /^(bf16|bfloat16|fp16|float16|half|fp8|float8|e4m3|int8|int4|w8a8|w4a16|awq|gptq|mxfp4|nvfp4|fp32|float32|fp4)$/i

function attributesOf(t: Token & { kind: 'word' }, tokens: Token[], i: number, seg: Segment, quoted: boolean, ctx: Ctx): void {
  const place = { start: seg.start + t.start, end: seg.start + t.end }
  // `ZeRO-3`, `--use-distributed-optimizer`, `distributed optimizer` (lexicon.ts shardingWord).
  const sharding = shardingWord(t.text, tokens[i + 1]?.kind === 'word' ? (tokens[i + 1] as { lower: string }).lower : undefined, tokens[i - 1]?.kind === 'word' ? (tokens[i - 1] as { lower: string }).lower : undefined)
  if (sharding) ctx.attributes.push({ attr: sharding.attr, value: sharding.value, place, seg, quoted })
  if (ATTR_WORD.test(t.text) || /^torch\.(bfloat16|float16|float32)$/i.test(t.text)) {
    const p = parsePrecision(t.text)
    if (p) {
      // `KV cache in FP8` vs weights.
      // `KV cache in FP8`, `FP8 KV cache`, `kv_cache_dtype: fp8` — not `8 KV heads, BF16`.
      let kv = false
      for (let k = Math.max(0, i - 4); k < i; k++) {
        const w = tokens[k]
        if (w.kind === 'word' && (w.lower === 'cache' || w.lower === 'kv_cache_dtype' || w.lower === 'kv-cache-dtype' || w.lower === '--kv-cache-dtype' || w.lower === 'kv-cache' || w.lower === 'kvcache')) kv = true
        if (w.kind === 'punct' && /^[,;(]$/.test(w.text)) kv = false
      }
      const n1 = tokens[i + 1]
      const n2 = tokens[i + 2]
      if (n1?.kind === 'word' && (n1.lower === 'cache' || n1.lower === 'kv-cache')) kv = true
      if (n2?.kind === 'word' && n1?.kind === 'word' && n1.lower === 'kv' && n2.lower === 'cache') kv = true
      // `400 TFLOPS BF16` names a compute format, not the weights.
      const prev = tokens[i - 1]
      const flops = prev?.kind === 'num' && prev.unit?.dim === 'flopRate'
      // `embedding and LM head … stay in BF16`: the format of another part, not of the weights.
      let other = false
      const otherWord = (w: Token): boolean => w.kind === 'word' && /^(embedding|embeddings|head|norm|norms|router|activation|activations|accumulation|accumulate|compute|math|optimizer|gradients?|master|lm)$/.test(w.lower)
      const stop = (w: Token): boolean => (w.kind === 'punct' && /^[,;.:|]$/.test(w.text)) || (w.kind === 'op' && (w.op === '(' || w.op === ')'))
      // `Embedding + LM head (BF16, …)`: a parenthesized format annotates the words before it.
      const back0 = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '(' ? i - 2 : i - 1
      for (let k = back0; k >= Math.max(0, i - 8) && !stop(tokens[k]); k--) if (otherWord(tokens[k])) other = true
      for (let k = i + 1; k < Math.min(tokens.length, i + 4) && !stop(tokens[k]); k++) if (otherWord(tokens[k])) other = true
      if (!flops && (kv || !other)) ctx.attributes.push({ attr: kv ? 'kvPrecision' : 'precision', value: p, place, seg, quoted })
    }
  }
  const gpu = /\d/.test(t.text) && /^[A-Za-z]/.test(t.text) ? findGpu(t.text) : undefined
  if (gpu) ctx.attributes.push({ attr: 'gpuType', value: gpu.id, place, seg, quoted })
  if (t.lower === 'untied') ctx.attributes.push({ attr: 'untied', value: 'true', place, seg, quoted })
  if (t.lower === 'tied' || t.lower === 'tie_word_embeddings') {
    const prev = tokens[i - 1]
    const neg = prev?.kind === 'word' && (prev.lower === 'not' || prev.lower === 'un')
    const next = tokens[i + 2]
    if (t.lower === 'tie_word_embeddings') {
      if (next?.kind === 'word') ctx.attributes.push({ attr: next.lower === 'true' ? 'tied' : 'untied', value: 'true', place, seg, quoted })
    } else ctx.attributes.push({ attr: neg ? 'untied' : 'tied', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'moe' && i >= 1) {
    const prev = tokens[i - 1]
    if (prev?.kind === 'word' && prev.lower === 'all') ctx.attributes.push({ attr: 'allMoe', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'folded' || t.lower === 'folding') ctx.attributes.push({ attr: 'epFolded', value: 'true', place, seg, quoted })
  if (t.lower === 'enable-dp-attention' || t.lower === 'enable_attention_dp' || t.lower === 'enable-attention-dp') ctx.attributes.push({ attr: 'attentionDp', value: 'true', place, seg, quoted })
  if (t.lower === 'enable-expert-parallel' || t.lower === 'enable_expert_parallel') ctx.attributes.push({ attr: 'expertParallelFlag', value: 'true', place, seg, quoted })
  // `vLLM TP2 + EP`, `with EP`, `EP on`: expert parallelism switched on without a size.
  if (t.text === 'EP') {
    const p = tokens[i - 1]
    const n = tokens[i + 1]
    const sized = n?.kind === 'num' || (n?.kind === 'op' && n.op === '=') || (n?.kind === 'punct' && n.text === ':')
    const on = (p?.kind === 'op' && p.op === '+') || (n?.kind === 'word' && /^(on|enabled)$/.test(n.lower))
    if (on && !sized) ctx.attributes.push({ attr: 'expertParallelFlag', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'swiglu' || t.lower === 'geglu' || t.lower === 'gated') ctx.attributes.push({ attr: 'gated', value: 'true', place, seg, quoted })
  if (/^(vllm|sglang|megatron|tensorrt-llm|trt-llm|deepspeed)$/i.test(t.text)) ctx.attributes.push({ attr: 'framework', value: t.lower, place, seg, quoted })
  const formula = GPU_TOTAL_WORDS.has(t.lower) ? gpuFormulaAt(tokens, i) : undefined
  if (formula) ctx.attributes.push({ attr: 'gpuFormula', value: formula.value, place: { start: seg.start + t.start, end: seg.start + formula.end }, seg, quoted })
}

const GPU_TOTAL_WORDS = new Set(['gpus', 'gpu', 'world_size', 'devices', 'ranks'])

/**
 * `Total GPUs = TP × PP × CP × EP × DP`, `world_size = tp * pp * dp`: the document's own grid formula,
 * written in degree symbols only. Value: the degrees in written order, joined by `·`.
 */
function gpuFormulaAt(tokens: Token[], i: number): { value: string; end: number } | undefined {
  const eq = tokens[i + 1]
  if (eq?.kind !== 'op' || eq.op !== '=') return undefined
  const ids: string[] = []
  let j = i + 2
  let end = 0
  for (;;) {
    const s = tokens[j]
    const id = s?.kind === 'word' ? DEGREE_ABBR.get(s.lower) : undefined
    if (!id || ids.includes(id)) return undefined
    ids.push(id)
    end = s.end
    const op = tokens[j + 1]
    const times = (op?.kind === 'op' && op.op === '×') || (op?.kind === 'word' && op.lower === 'x') || (op?.kind === 'punct' && (op.text === '·' || op.text === '*'))
    if (!times) break
    j += 2
  }
  // A product of at least two degrees, not followed by more arithmetic (`= TP × PP / 2`).
  const after = tokens[j + 1]
  if (ids.length < 2 || (after?.kind === 'op' && /^[÷+\-^(]$/.test(after.op)) || after?.kind === 'num') return undefined
  return { value: ids.join('·'), end }
}

// ---------------------------------------------------------------------------
// labels

interface Label {
  text: string
  /** Token index after the label's colon. */
  after: number
}

function clauseLabel(tokens: Token[], from: number, to: number, seg: Segment): Label | undefined {
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
      const text = seg.text.slice(tokens[from].start, t.start)
      return { text: text.trim(), after: i + 1 }
    }
    if (t.kind === 'word') words++
    else if (t.kind === 'num') return undefined
    else if (t.kind === 'op' && t.op !== '(' && t.op !== ')' && t.op !== '-' && t.op !== '÷') return undefined
  }
  return undefined
}

/** A table whose header names two or more quantities lists one configuration per row. */
function gridHeader(header: string[], ctx: Ctx): boolean {
  let v = ctx.gridCache.get(header)
  if (v === undefined) {
    v = header.filter((h) => h && quantityOfLabel(h) !== undefined).length >= 2
    ctx.gridCache.set(header, v)
  }
  return v
}

interface TableLabel {
  text: string
  kind: 'row' | 'column'
}

function tableLabelOf(seg: Segment, tables: Segment[][][]): TableLabel | undefined {
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
  if (headerQ && !generic) return { text: header, kind: 'column' }
  return undefined
}

// ---------------------------------------------------------------------------
// classification of one number

const SKIP_BACK = new Set([':', '=', '|', '"', "'", '`', '-', '—', '–'])

function kindFits(kind: Kind, unit: Unit | undefined): boolean {
  const dim = unit?.dim
  switch (kind) {
    case 'degree':
    case 'count':
    case 'params':
    case 'bench':
      return dim === undefined
    case 'bytes':
      return dim === 'bytes'
    case 'rate':
      return dim === 'tokenRate' || dim === 'requestRate'
    case 'time':
      return dim === 'time'
    case 'flops':
      return dim === 'flopRate'
    case 'bandwidth':
      return dim === 'byteRate' || dim === 'bitRate'
  }
}

function classify(
  fact: Fact,
  tokens: Token[],
  i: number,
  from: number,
  to: number,
  parts: Parts,
  label: Label | undefined,
  tableLabel: TableLabel | undefined,
  seg: Segment,
  labelScopes: readonly Scope[],
  ctx: Ctx,
): void {
  const t = tokens[i] as NumToken
  // `(1) Tensor-parallel or (2) Data-parallel`: enumerators, not values.
  const before0 = tokens[i - 1]
  const after0 = tokens[i + 1]
  if (!t.unit && before0?.kind === 'op' && before0.op === '(' && after0?.kind === 'op' && after0.op === ')' && tokens[i + 2]?.kind === 'word' && t.lit.value.lt(10) && t.lit.value.isInteger()) {
    const prev = tokens[i - 2]
    if (!prev || prev.kind !== 'num') {
      fact.how = 'enumerator'
      return
    }
  }
  // 1. `top-2`, `top 8`, `top-k = 8`.
  const p1 = tokens[i - 1]
  const p2 = tokens[i - 2]
  if (p1 && i - 1 >= from) {
    if (p1.kind === 'word' && p1.lower === 'top' && !t.unit && !nextIsOtherNoun(seg.text, t.end)) return set(fact, 'topK', 'top-n')
    if (p1.kind === 'op' && p1.op === '-' && p2?.kind === 'word' && p2.lower === 'top' && p1.start === p2.end) return set(fact, 'topK', 'top-n')
  }
  // `32 × H100 80GB`, `8xH200`: GPUs counted by model name.
  const x1 = tokens[i + 1]
  const g1 = tokens[i + 2]
  if (!t.unit && x1?.kind === 'op' && x1.op === '×' && g1?.kind === 'word' && /\d/.test(g1.text) && findGpu(g1.text)) {
    const before = tokens[i - 1]
    // `2 × 8 × H100`: only the whole product counts; a lone factor is not the total.
    if (!(before?.kind === 'op' && before.op === '×')) {
      // `a 4 × H100 node`: GPUs per node.
      let nodeWord = false
      for (let k = i + 3; k < Math.min(to, i + 6); k++) {
        const u = tokens[k]
        if (u.kind === 'word' && NOUN_OF.get(u.lower) === 'node') nodeWord = true
        if (u.kind !== 'word' && u.kind !== 'num') break
        if (nodeWord) break
      }
      return set(fact, nodeWord ? 'gpusPerNode' : 'gpus', 'n×gpu')
    }
  }
  // 2. `N-way NAME`, `N way NAME`, `NAME to N ways`.
  const way = wayDegree(tokens, i, to, parts)
  if (way) return set(fact, way, 'n-way')
  // 3. Name right before: `EP=8`, `EP 8`, `--tp 8`, `hidden_size: 4096`, `expert parallel size of 8`.
  let back = nameBefore(tokens, i, from, parts, fact.tok.unit)
  // 4. Noun phrase after the number; `32 of the 56 layers` lends 32 the noun.
  let noun = nounAfter(tokens, i, to, fact)
  // `56 layers' worth of micro-batches`: a measure, not a count of the noun.
  if (noun) {
    const q1 = tokens[noun.at + 1]
    const q2 = tokens[noun.at + 2]
    const q3 = tokens[noun.at + 3]
    const apos = (t: Token | undefined): boolean => t?.kind === 'punct' && (t.text === "'" || t.text === '’')
    const worth = (t: Token | undefined): boolean => t?.kind === 'word' && /^(worth|worth-of)$/.test(t.lower)
    if ((apos(q1) && worth(q2)) || worth(q1) || (q1?.kind === 'word' && /^(s|’s|'s)$/.test(q1.lower) && worth(q2)) || (apos(q1) && q2?.kind === 'word' && q2.lower === 's' && worth(q3))) {
      fact.how = 'worth'
      return
    }
  }
  // `2 of the 4 KV heads per rank`: the scope after the noun belongs to the part (2), not to the whole (4).
  const o1 = tokens[i - 1]
  const o2 = tokens[i - 2]
  const ofThe = o1?.kind === 'word' && o1.lower === 'of' ? 1 : o1?.kind === 'word' && /^(the|its|all|their)$/.test(o1.lower) && o2?.kind === 'word' && o2.lower === 'of' ? 2 : 0
  const whole = tokens[i - ofThe - 1]
  if (noun && ofThe > 0 && (whole?.kind === 'num' || (whole?.kind === 'word' && /^(one|two|half|each|all|any|some|both|most|every)$/.test(whole.lower)))) for (const sc of ['gpu', 'node', 'stage', 'replica', 'group'] as const) fact.scopes.delete(sc)
  let part = false
  if (!noun) {
    noun = partOf(tokens, i, to, fact)
    part = noun !== undefined
  }
  // `8 groups of 4 GPUs`: the size of each group.
  const w1 = tokens[i - 1]
  const w2 = tokens[i - 2]
  if (w1?.kind === 'word' && w1.lower === 'of' && w2?.kind === 'word') {
    const c = NOUN_OF.get(w2.lower)
    if (c === 'group' || c === 'stage' || c === 'node' || c === 'replica') fact.scopes.add(SCOPE_OF[c])
  }
  // `32 ÷ 8, each spanning 8 GPUs`: a size per thing named elsewhere (the row, the groups).
  for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
    const u = tokens[k]
    if (u.kind !== 'word') break
    if (u.lower === 'each' || u.lower === 'every') {
      const next = tokens[k + 1]
      if (next && next.kind === 'word' && !NOUN_OF.has(next.lower) && next.lower !== 'of') fact.scopes.add(scopeBefore(tokens, k) ?? (clauseMentions(tokens, from, to, /^(group|groups)$/, ctx) || seg.table ? 'group' : 'replica'))
      break
    }
  }
  // `…: 4 groups, each of 8 GPUs`: a size per thing counted before.
  if (w1?.kind === 'word' && w1.lower === 'of' && w2?.kind === 'word' && w2.lower === 'each') fact.scopes.add(scopeBefore(tokens, i - 2) ?? 'group')
  let subject = subjectBefore(tokens, i, from)
  // `Each GPU holds 4 experts per layer, and 16 attention heads`: coordinated objects share the subject.
  const pw = tokens[i - 1]
  if (subject.length > 0) ctx.lastSubject = { clause: fact.clause, scopes: subject }
  else if (pw?.kind === 'word' && (pw.lower === 'and' || pw.lower === 'plus') && ctx.lastSubject?.clause === fact.clause) subject = ctx.lastSubject.scopes
  for (const s of subject) fact.scopes.add(s)
  for (const sc of labelScopes) fact.scopes.add(sc)
  // `two pipeline stages of 30 layers`: the noun after beats a name joined by `of`.
  if (back && (back.viaOf || (back.kind === 'count' && back.joined)) && noun && !nounCompatible(back.id, noun.concept)) back = undefined
  // `DP = 64 ÷ (2 × 4) = 8`: the name labels the result, not the first operand.
  if (back && back.joined && isArith(tokens[i + 1])) {
    fact.pending = back.id
    back = undefined
  }
  if (back && back.kind === 'degree') return set(fact, back.id, back.colon ? 'label-colon' : 'name')
  if (noun) {
    const q = quantityOfNoun(noun.concept, noun.modifiers, fact, tokens, i, from, to, ctx)
    // `58 of its 61 layers`: a part is not the whole's count.
    if (q && part && ['layers', 'gpus', 'experts', 'heads', 'kvHeads', 'nodes', 'moeLayers'].includes(q)) return
    if (q) return set(fact, q, 'noun')
    if (noun.concept !== 'param' && noun.concept !== 'token') {
      // A counted noun we do not map: the number is not what a label names.
      fact.how = 'noun:' + noun.concept
      if (back && back.kind === 'count' && nounCompatible(back.id, noun.concept)) return set(fact, back.id, 'name')
      return
    }
  }
  if (back) return set(fact, back.id, back.colon ? 'label-colon' : 'name')
  // 5. Bytes, rates, times: words after the number name the component (`64GB HBM each`, `4.38GB for expert parameters`).
  if (fact.unit && fact.unit.dim !== 'percent' && fact.unit.dim !== 'ratio') {
    const after = phraseAfter(tokens, i, to, parts, fact.unit)
    if (after) return set(fact, after, 'after')
  }
  // 6. A name further left: `expert parameter memory from 4.38GB to 0.62GB`.
  if (fact.unit && fact.unit.dim !== 'percent' && fact.unit.dim !== 'ratio') {
    const left = nameLeft(tokens, i, from, parts, fact.unit)
    if (left) return set(fact, left, 'left')
  }
  // `the first 3 are dense`, `first 3 layers dense`: leading dense layers.
  const pf = tokens[i - 1]
  if (!t.unit && pf?.kind === 'word' && pf.lower === 'first') {
    for (let k = i + 1; k < Math.min(to, i + 5); k++) {
      const u = tokens[k]
      if (u.kind === 'word' && u.lower === 'dense') return set(fact, 'denseLayers', 'first-n-dense')
      if (u.kind !== 'word') break
    }
  }
  // `H200 (141 GB)`: the memory of the GPU just named.
  if (fact.unit?.dim === 'bytes' && pf?.kind === 'op' && pf.op === '(' && tokens[i - 2]?.kind === 'word' && /\d/.test((tokens[i - 2] as { text: string }).text) && findGpu((tokens[i - 2] as { text: string }).text)) return set(fact, 'gpuMemory', 'gpu-paren')
  // `37B activated per token`: active parameters.
  if (!fact.unit && fact.tok.lit.style.suffix && fact.value.gte(1e8) && tokens[i + 1]?.kind === 'word' && /^(active|activated)$/.test((tokens[i + 1] as { lower: string }).lower)) return set(fact, 'paramsActive', 'n-active')
  // `first 3 dense, the other 58 MoE`: MoE layer count without the noun.
  const nm = tokens[i + 1]
  if (!t.unit && nm?.kind === 'word' && /^(moe|sparse)$/.test(nm.lower) && (tokens[i + 2] === undefined || tokens[i + 2].kind !== 'word' || !NOUN_OF.has((tokens[i + 2] as { lower: string }).lower)) && clauseMentions(tokens, from, to, /^(layer|layers|dense)$/, ctx)) return set(fact, 'moeLayers', 'n-moe')
  // `of which 3.35B are active`: active parameters.
  const n1 = tokens[i + 1]
  const n2 = tokens[i + 2]
  if (!noun && !fact.unit && fact.value.gte(1e8) && fact.tok.lit.style.suffix && n1?.kind === 'word' && /^(are|is)$/.test(n1.lower) && n2?.kind === 'word' && /^(active|activated)$/.test(n2.lower)) return set(fact, 'paramsActive', 'are-active')
  if (noun?.concept === 'param') {
    // `224 × 8.65M params`, `8.65M params per expert`, `Expert instance = … = 301,989,888 parameters`: not the model's count.
    if (fact.scopes.size > 0 || fact.value.lt(1e8) || fact.expr || seg.table) return
    // `Expert instance = 3 × … = 301,989,888 parameters`: the words right around the number name one part.
    for (let k = Math.max(from, i - 4); k < Math.min(to, noun.at + 4); k++) {
      const u = tokens[k]
      if (u.kind === 'word' && /^(expert|experts|instance|instances|layer|layers|per|each|shard|shards|rank|ranks|stage|stages)$/.test(u.lower)) return
      if ((u.kind === 'punct' || (u.kind === 'op' && u.op === '(')) && k > i) break
    }
    // `Dense layers: FFN width 16384 → 251.66M params`, `Tensor-parallel part: … = 15.16B params`: a label naming a part.
    if (label && /\b(part|parts|dense|attention|expert|experts|shared|layers?|ffn|mlp|embeddings?|head|router|norms?|non-expert|routed|moe|replicated|sharded|per|each|stage|rank|gpu|card|device)\b/i.test(label.text)) return
    const near = (lo: number, hi: number): boolean => {
      for (let k = lo; k <= hi; k++) {
        const u = tokens[k]
        if (!u || (k !== i && u.kind === 'num')) return false
        if (u.kind === 'punct' && (u.text === ',' || u.text === ';' || u.text === '(')) return false
        if (u.kind === 'word' && /^(activates|activated|active|activate|activating|token)$/.test(u.lower)) return true
      }
      return false
    }
    const backNear = (): boolean => {
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const u = tokens[k]
        if (u.kind !== 'word') return false
        if (/^(activates|activated|active|activate|activating)$/.test(u.lower)) return true
      }
      return false
    }
    const active = noun.modifiers.includes('active') || noun.modifiers.includes('activated') || near(i, Math.min(to - 1, noun.at + 4)) || backNear()
    return set(fact, active ? 'paramsActive' : 'paramsTotal', 'noun')
  }
  // Labels are applied after expressions are known (applyLabel).
  void label
  void tableLabel
  void seg
}

function set(fact: Fact, q: QuantityId, how: string): void {
  // `each expert is a block with an intermediate size of 768`: the expert FFN.
  if (q === 'ffn' && fact.scopes.has('expert')) q = 'expertFfn'
  if (!kindFits(QUANTITY[q].kind, fact.unit)) {
    // `400 GB/s` cannot be a count: leave it unclassified.
    if (!(QUANTITY[q].kind === 'params' && fact.unit === undefined)) return
  }
  fact.quantity = q
  fact.how = how
  // `TP 8 within each node`, `EP 8 per stage`: a parallel degree is one size for the whole plan.
  if (QUANTITY[q].kind === 'degree') for (const sc of ['node', 'stage', 'replica', 'group'] as const) fact.scopes.delete(sc)
}

/** `32 of the 56 layers`: the part takes the noun of the whole. */
function partOf(tokens: Token[], i: number, to: number, fact: Fact): Noun | undefined {
  let j = i + 1
  if (!(tokens[j]?.kind === 'word' && (tokens[j] as { lower: string }).lower === 'of')) return undefined
  j++
  if (tokens[j]?.kind === 'word' && /^(the|its|their|all)$/.test((tokens[j] as { lower: string }).lower)) j++
  if (tokens[j]?.kind !== 'num') return undefined
  // `8 of the 32 query heads`: modifiers may precede the noun.
  let k = j + 1
  const modifiers: string[] = []
  while (k < to && tokens[k]?.kind === 'word' && NOUN_MODIFIERS.has((tokens[k] as { lower: string }).lower) && !NOUN_OF.has((tokens[k] as { lower: string }).lower)) {
    modifiers.push((tokens[k] as { lower: string }).lower)
    k++
  }
  const w = tokens[k]
  const c = w?.kind === 'word' ? NOUN_OF.get(w.lower) : undefined
  if (!c || k >= to) return undefined
  fact.noun = c
  return { concept: c, modifiers, at: k }
}

function nounCompatible(q: QuantityId, concept: string): boolean {
  const map: Partial<Record<QuantityId, string[]>> = {
    gpus: ['gpu'],
    nodes: ['node'],
    experts: ['expert'],
    layers: ['layer'],
    heads: ['head'],
    kvHeads: ['head'],
    batch: ['sequence'],
    seqLen: ['token'],
    promptLen: ['token'],
    outputLen: ['token'],
    epGroups: ['group'],
    replicas: ['replica'],
  }
  return map[q]?.includes(concept) ?? false
}

function wayDegree(tokens: Token[], i: number, to: number, parts: Parts): QuantityId | undefined {
  let j = i + 1
  const t = tokens[i]
  if (tokens[j]?.kind === 'op' && (tokens[j] as { op: string }).op === '-' && tokens[j].start === t.end) j++
  const w = tokens[j]
  if (!w || w.kind !== 'word' || (w.lower !== 'way' && w.lower !== 'ways' && w.lower !== 'way-' && !w.lower.startsWith('way-'))) return undefined
  j++
  // `8-way (attention) data parallel`
  if (tokens[j]?.kind === 'op' && (tokens[j] as { op: string }).op === '(') {
    let k = j + 1
    while (k < to && !(tokens[k].kind === 'op' && (tokens[k] as { op: string }).op === ')')) k++
    j = k + 1
  }
  const idx = parts.firstFrom(j)
  if (idx < 0) return undefined
  if (parts[idx].tok > j + 1) return undefined
  // The word itself may be `way-expert`: take parts from the word.
  const m = phraseStartingAt(parts, idx, (q) => q.kind === 'degree')
  if (m) return m.q.id
  const abbr = DEGREE_ABBR.get(parts[idx].text)
  if (abbr) return abbr
  return undefined
}

function nameBefore(tokens: Token[], i: number, from: number, parts: Parts, unit: Unit | undefined): { id: QuantityId; kind: Kind; colon: boolean; viaOf: boolean; viaEq: boolean; joined: boolean } | undefined {
  let j = i - 1
  let skipped = 0
  let colon = false
  let skippedEq = false
  let spacedEq = false
  let viaOf = false
  while (j >= from && skipped < 4) {
    const t = tokens[j]
    if (t.kind === 'punct' && SKIP_BACK.has(t.text)) {
      if (t.text === ':' || t.text === '|') colon = true
      j--
      skipped++
      continue
    }
    if (t.kind === 'op' && (t.op === '=' || t.op === '≈')) {
      if (t.op === '=') {
        skippedEq = true
        if (tokens[j - 1]?.end !== t.start || tokens[j + 1]?.start !== t.end) spacedEq = true
      }
      j--
      skipped++
      continue
    }
    if (t.kind === 'word' && t.lower === 'of') viaOf = true
    if (t.kind === 'word' && (t.lower === 'has' || t.lower === 'have' || t.lower === 'contains' || t.lower === 'of' || t.lower === 'is' || t.lower === 'to' || t.lower === 'set' || t.lower === 'equals' || t.lower === 'was' || t.lower === 'at' || t.lower === 'are' || t.lower === 'true' || t.lower === 'false' || t.lower === 'value' || t.lower === 'size' && false)) {
      j--
      skipped++
      continue
    }
    // `Expert Parallelism (EP) = 8`: skip a parenthetical abbreviation (a degree's abbreviation names the value).
    if (t.kind === 'op' && t.op === ')' && tokens[j - 1]?.kind === 'word' && tokens[j - 2]?.kind === 'op' && (tokens[j - 2] as { op: string }).op === '(') {
      const abbr = DEGREE_ABBR.get((tokens[j - 1] as { lower: string }).lower)
      if (abbr && !unit) return { id: abbr, kind: 'degree', colon: colon || tokens[j + 1]?.kind === 'punct', viaOf, viaEq: skippedEq, joined: true }
      j -= 3
      skipped++
      continue
    }
    break
  }
  const w = tokens[j]
  if (!w || j < from || w.kind !== 'word') return undefined
  // `stage 0`, `GPU 3`, `node 2`, `layer 17`: a number right after a singular noun names one of them.
  if (skipped === 0 && /^(stage|node|gpu|rank|layer|expert|replica|group|card|device|server|host|step|phase|option|case|row|line|table|figure|section|version|v)$/.test(w.lower)) return undefined
  // `TP × DP = 4 × 1`: a symbol inside a formula is not the name of the number.
  const pj = tokens[j - 1]
  if (pj?.kind === 'op' && (pj.op === '×' || pj.op === '÷' || pj.op === '^') && spacedEq) return undefined
  // Part index of the last part of this word.
  const end = parts.lastOf(j)
  if (end < 0) return undefined
  // A name does not reach across punctuation: `(no shared expert), hidden size 2048` is the hidden size.
  let w0 = j
  const joins = (t: Token): boolean => t.kind === 'word' || (t.kind === 'op' && t.op === '+') || (t.kind === 'punct' && (t.text === '&' || t.text === '/'))
  while (w0 - 1 >= from && joins(tokens[w0 - 1])) w0--
  const minFrom = Math.max(0, parts.firstFrom(w0))
  const m = phraseEndingAt(parts, end, (q) => kindFits(q.kind, unit), minFrom)
  if (!m) return undefined
  // `16 experts per layer = 256`, `61 layers: 3 dense`: the words before `=` or `:` are the noun of a number.
  const firstTok = parts[m.from].tok
  if ((skippedEq || colon) && tokens[firstTok - 1]?.kind === 'num') return undefined
  // A lone generic word right before the number (`at 8`, `heads 8`) is weak:
  // accept one-word names only when they are abbreviations or joined by `:`/`=`.
  const oneWord = m.to - m.from === 1
  const joined = skipped > 0
  // `· hidden 4096 ·`: a few unambiguous names may stand right before their value in a list.
  const listy = /^(hidden|vocab|vocabulary)$/.test(parts[m.from].text) && (j === from || tokens[j - 1].kind !== 'word')
  if (oneWord && !joined && !listy && m.q.kind !== 'degree' && !(m.q.abbr ?? []).some((a) => normalizeWord(a).join(' ') === parts[m.from].text)) return undefined
  if (m.q.kind === 'degree' && oneWord && !joined && !DEGREE_ABBR.has(parts[m.from].text) && parts[m.from].text !== 'size') {
    // `expert parallelism 8` is fine; a single generic word is not.
  }
  if (!kindFits(m.q.kind, unit)) return undefined
  // `8 KV heads of 128`, `48 query heads of dimension 128`: a count of heads before `of` sizes each head.
  if (viaOf && (m.q.id === 'heads' || m.q.id === 'kvHeads') && tokens[firstTok - 1]?.kind === 'num') return { id: 'headDim', kind: 'count', colon, viaOf, viaEq: skippedEq, joined: true }
  return { id: m.q.id, kind: m.q.kind, colon, viaOf, viaEq: skippedEq, joined: skipped > 0 }
}

interface Noun {
  concept: string
  modifiers: string[]
  /** Token index of the head noun. */
  at: number
  /** `8-GPU group`: the number sizes the head noun. */
  adjectival?: string
}

function nounAfter(tokens: Token[], i: number, to: number, fact: Fact): Noun | undefined {
  const t = tokens[i]
  let j = i + 1
  const modifiers: string[] = []
  let adjectival: string | undefined
  // `8-GPU group`, `4096-token prompts`.
  if (tokens[j]?.kind === 'op' && (tokens[j] as { op: string }).op === '-' && tokens[j].start === t.end && tokens[j + 1]?.kind === 'word') {
    const w = tokens[j + 1] as { lower: string }
    const c = NOUN_OF.get(w.lower) ?? NOUN_OF.get(w.lower + 's')
    if (c && c !== 'expert') {
      adjectival = c
      j += 2
    } else return undefined
  }
  let steps = 0
  while (j < to && steps < 4) {
    const w = tokens[j]
    if (w.kind !== 'word') break
    const c = NOUN_OF.get(w.lower)
    if (c) {
      const after: string[] = []
      // `768 expert instances per GPU`, `16 expert shards per rank`: the count of the thing, scoped after it.
      const inst = c === 'expert' && tokens[j + 1]?.kind === 'word' && /^(instances|instance|shards|shard)$/.test((tokens[j + 1] as { lower: string }).lower) ? 1 : 0
      let scopes = qualifiersAfter(tokens, j + 1 + inst, to, after)
      // `6 query heads + 1 KV head per GPU`: the scope after the last count applies to all.
      const coord = tokens[j + 1]
      if (scopes.length === 0 && ((coord?.kind === 'op' && (coord as { op: string }).op === '+') || (coord?.kind === 'word' && (coord as { lower: string }).lower === 'and')) && tokens[j + 2]?.kind === 'num') {
        let m = j + 3
        while (m < to && m < j + 8 && tokens[m].kind === 'word' && !/^(per|each|every)$/.test((tokens[m] as { lower: string }).lower)) m++
        scopes = qualifiersAfter(tokens, m, to, [])
      }
      for (const s of scopes) fact.scopes.add(s)
      fact.noun = c
      // Words right after the noun (`expert instances`, `experts in total`).
      const tail: string[] = []
      for (let m = j + 1; m < Math.min(to, j + 4) && tokens[m].kind === 'word'; m++) tail.push((tokens[m] as { lower: string }).lower)
      fact.after = [...modifiers, w.lower, ...tail, ...after].join(' ')
      if (adjectival) {
        fact.scopes.add(SCOPE_OF[c] ?? 'group')
        return { concept: adjectival, modifiers: [...modifiers, 'adjectival-' + c], at: j, adjectival: c }
      }
      return { concept: c, modifiers, at: j }
    }
    if (NOUN_MODIFIERS.has(w.lower) || /^(h|a|b|gb|mi|l)\d/.test(w.lower) || (w.lower.includes('-') && w.lower.split('-').every((x) => NOUN_MODIFIERS.has(x)))) {
      modifiers.push(w.lower)
      j++
      steps++
      continue
    }
    break
  }
  if (adjectival) return { concept: adjectival, modifiers, at: j - 1 }
  // No noun: maybe `2 per layer` (elided noun) — scopes still count.
  const after: string[] = []
  const scopes = qualifiersAfter(tokens, i + 1, to, after)
  for (const s of scopes) fact.scopes.add(s)
  if (after.length) fact.after = after.join(' ')
  return undefined
}

/** The nearest scope noun before token i in the clause (`56 layers with 8 experts each` → layer). */
function scopeBefore(tokens: Token[], i: number): Scope | undefined {
  for (let k = i - 1, steps = 0; k >= 0 && steps < 12; k--, steps++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === ':' || t.text === '|' || t.text === '\n' || t.text === ';')) break
    if (t.kind !== 'word') continue
    const c = NOUN_OF.get(t.lower)
    if (c && SCOPE_OF[c] && c !== 'expert' && c !== 'token') return SCOPE_OF[c]
  }
  return undefined
}

function qualifiersAfter(tokens: Token[], j: number, to: number, words: string[]): Scope[] {
  const out: Scope[] = []
  let k = j
  let guard = 0
  while (k < to && guard < 8) {
    guard++
    const w = tokens[k]
    let per = false
    if (w.kind === 'word' && (w.lower === 'per' || w.lower === 'each' || w.lower === 'every')) per = true
    else if (w.kind === 'op' && w.op === '÷' && tokens[k + 1]?.kind === 'word' && w.end === tokens[k + 1].start) per = true
    else if (w.kind === 'word' && /^(on|in|for|within|inside|of)$/.test(w.lower) && tokens[k + 1]?.kind === 'word' && /^(each|every|one|a|its|this|that|the|their|a single)$/.test((tokens[k + 1] as { lower: string }).lower) && [tokens[k + 2], tokens[k + 3]].some((u, idx) => u?.kind === 'word' && (idx === 0 || (tokens[k + 2]?.kind === 'word' && NOUN_MODIFIERS.has((tokens[k + 2] as { lower: string }).lower))) && ['stage', 'gpu', 'node', 'replica', 'group', 'layer'].includes(NOUN_OF.get(u.lower) ?? ''))) {
      per = true
      k++
    }
    if (!per) break
    words.push('per')
    k++
    // `per pipeline stage`, `per MoE layer`, `per GPU`.
    let found = false
    for (let m = k; m < Math.min(to, k + 3); m++) {
      const u = tokens[m]
      if (u.kind !== 'word') break
      words.push(u.lower)
      const c = NOUN_OF.get(u.lower)
      if (c && SCOPE_OF[c]) {
        out.push(SCOPE_OF[c])
        k = m + 1
        found = true
        break
      }
      if (/^(instance|engine|deployment|worker|model)s?$/.test(u.lower)) {
        out.push('replica')
        k = m + 1
        found = true
        break
      }
    }
    if (!found) {
      // `64GB HBM each`, `8 experts each`: a bare `each` refers to the thing counted before.
      if ((tokens[k - 1] as { lower?: string })?.lower === 'each') out.push(scopeBefore(tokens, j - 1) ?? 'gpu')
      break
    }
  }
  return out
}

function subjectBefore(tokens: Token[], i: number, from: number): Scope[] {
  // `Each GPU holds 8`, `each of the 2 replicas uses 12 GPUs`, `Each pipeline stage spans 8 GPUs`.
  const out: Scope[] = []
  // `32 of the 56 layers`: 56 is the whole, not what the subject holds.
  const p1 = tokens[i - 1]
  const p2 = tokens[i - 2]
  if (p1?.kind === 'word' && (p1.lower === 'of' || (/^(the|all|its|their)$/.test(p1.lower) && p2?.kind === 'word' && p2.lower === 'of'))) {
    const k = p1.lower === 'of' ? i - 2 : i - 3
    const w = tokens[k]
    // `one of the 8 experts`, `half of all 128 experts`, `each of the 16 GPUs`: the whole.
    if (w?.kind === 'num' || (w?.kind === 'word' && /^(one|two|three|four|half|quarter|third|each|all|any|some|none|both|most|every|either|neither|part|share|fraction|slice)$/.test(w.lower))) return out
  }
  let sawVerb = false
  let lastVerb: string | undefined
  let sawEach = false
  const isResult = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '='
  // The subject of a result stands before its whole formula, which may be long.
  for (let k = i - 1, steps = 0; k >= from && steps < (isResult ? 30 : 10); k--, steps++) {
    const t = tokens[k]
    if (t.kind === 'word' && (t.lower === 'each' || t.lower === 'every')) sawEach = true
    // `12 nodes, each with 8 GPUs`: the subject is before the comma.
    if (t.kind === 'punct' && t.text === ',' && sawEach) {
      const n = tokens[k - 1]
      const c = n?.kind === 'word' ? NOUN_OF.get(n.lower) : undefined
      if (c && SCOPE_OF[c]) out.push(SCOPE_OF[c])
      break
    }
    if (t.kind === 'punct' && (t.text === ',' || t.text === ':' || t.text === '(' || t.text === '|' || t.text === '·' || t.text === '•' || t.text === ';')) break
    if (t.kind === 'op' && t.op === '(') break
    // `One expert (3 × 6144 × 10752) is 198.18M parameters`: an aside between subject and value is skipped.
    const after = tokens[k + 1]
    if (t.kind === 'op' && t.op === ')' && after?.kind === 'word' && (HOLD_VERBS.has(after.lower) || /^(is|are|was|has|have|weighs|comes|amounts)$/.test(after.lower))) {
      let depth = 1
      let m = k - 1
      for (; m >= from && depth > 0; m--) {
        const u = tokens[m]
        if (u.kind === 'op' && u.op === ')') depth++
        if (u.kind === 'op' && u.op === '(') depth--
      }
      if (depth > 0) break
      k = m + 1
      continue
    }
    // `every GPU holds 256 ÷ 32 = 8 experts`: the subject of a result is before its formula;
    // an operand's context ends at its operator.
    if (t.kind === 'op' && (t.op === '=' || t.op === '×' || t.op === '÷' || t.op === '+') && !isResult) break
    if (t.kind !== 'word') continue
    if (HOLD_VERBS.has(t.lower)) {
      // `hosts`, `holds`: a verb here, not the noun `hosts`.
      sawVerb = true
      lastVerb = t.lower
      continue
    }
    const c = NOUN_OF.get(t.lower)
    if (c && SCOPE_OF[c]) {
      // `One expert (…) is 198.18M parameters`, `a single GPU holds …`: one of a singular noun, as the subject of a verb.
      const pa = tokens[k - 1]
      const one = sawVerb && pa?.kind === 'word' && /^(one|a|an|single)$/.test(pa.lower) && !/s$/.test(t.lower)
      const each = hasEachBefore(tokens, k, from) || one
      // `GPUs that together hold 256 experts`: a plural subject is the group, not each one.
      // `8 replicas occupies 4 GPUs`: a singular verb makes the subject distributive.
      const verb = lastVerb ?? ''
      const singular = !/s$/.test(t.lower) || (/[^s]s$/.test(verb) && !/^(is|has|was)$/.test(verb) && tokens[k - 1]?.kind === 'num')
      if (each || (sawVerb && singular && !/^(together|jointly|collectively)$/.test((tokens[k + 2] as { lower?: string })?.lower ?? ''))) {
        out.push(SCOPE_OF[c])
        break
      }
    }
  }
  return out
}

function hasEachBefore(tokens: Token[], k: number, from: number): boolean {
  for (let m = k - 1; m >= Math.max(from, k - 6); m--) {
    const t = tokens[m]
    if (t.kind === 'word' && (t.lower === 'each' || t.lower === 'every' || t.lower === 'per')) return true

    if (t.kind === 'punct' && t.text !== '-') return false
  }
  return false
}

function quantityOfNoun(concept: string, modifiers: string[], fact: Fact, tokens: Token[], i: number, from: number, to: number, ctx: Ctx): QuantityId | undefined {
  const s = fact.scopes
  const mods = new Set(modifiers)
  switch (concept) {
    case 'gpu': {
      if (mods.has('adjectival-group') || mods.has('adjectival-groups')) return 'epGroupSize'
      if (s.has('node')) return 'gpusPerNode'
      if (s.has('replica')) return 'gpusPerReplica'
      if (s.has('stage')) return 'gpusPerStage'
      if (s.has('group')) return 'epGroupSize'
      if (s.has('layer') || s.has('expert') || s.has('gpu') || s.has('token') || s.has('sequence')) return undefined
      if (mods.has('adjectival-node') || mods.has('adjectival-nodes') || mods.has('adjectival-server')) return 'gpusPerNode'
      // `the 8 TP ranks`, `16 expert-parallel ranks`: the ranks of one parallel group, not the GPU count.
      if (['tp', 'ep', 'pp', 'dp', 'tensor', 'expert', 'pipeline', 'data', 'expert-parallel', 'tensor-parallel', 'data-parallel'].some((m) => mods.has(m))) return undefined
      // `inside one node (8 GPUs = 2 TP groups)`: a parenthesis that describes one node counts its GPUs.
      for (let k = i - 1; k >= Math.max(from, i - 3); k--) {
        const u = tokens[k]
        if (u.kind === 'op' && u.op === '(') {
          const nw = tokens[k - 1]
          const det = tokens[k - 2]
          if (nw?.kind === 'word' && NOUN_OF.get(nw.lower) === 'node' && det?.kind === 'word' && /^(one|a|each|every|single|per)$/.test(det.lower)) return 'gpusPerNode'
          break
        }
        if (u.kind !== 'word') break
      }
      // `across 8 GPUs`, `over 4 GPUs`, `the same 8 GPUs`: a sharding degree or a subset, not the total.
      const prev = tokens[i - 1]
      if (prev?.kind === 'word' && /^(across|over|among|between|per|within|into|same|those|these|its|their|other|remaining|first|last|spanning|spans|span)$/.test(prev.lower)) return undefined
      if (mods.size > 0 && [...mods].some((m) => m.startsWith('adjectival-'))) return undefined
      return 'gpus'
    }
    case 'node':
      if (s.size > 0 || [...mods].some((m) => m.startsWith('adjectival-'))) return undefined
      return 'nodes'
    case 'expert': {
      if (mods.has('shared')) return s.size === 0 || s.has('layer') ? 'sharedExperts' : undefined
      if (mods.has('active') || mods.has('activated') || s.has('token')) return 'topK'
      if (mods.has('redundant') || mods.has('extra') || mods.has('additional') || mods.has('physical') || mods.has('logical')) return undefined
      // `256 routed experts + 1 shared expert per MoE layer`: routed experts are counted per layer.
      if (s.size === 0 && mods.has('routed') && !mods.has('total') && !mods.has('local')) {
        // `8 routed experts fire per token`: experts per token.
        for (let k = i + 1; k < Math.min(to, i + 7); k++) {
          const u = tokens[k]
          if (u.kind === 'word' && /^(token|tokens|fire|fires|activated|active|selected|chosen|picked)$/.test(u.lower)) return 'topK'
          if (u.kind === 'punct' || u.kind === 'num') break
        }
        return 'experts'
      }
      const gpu = s.has('gpu')
      if (gpu && s.has('layer')) return 'expertsPerGpuLayer'
      if (gpu) return s.size === 1 ? 'expertsPerGpu' : undefined
      if (s.has('layer') && s.size === 1 && !mods.has('total')) return 'experts'
      return undefined
    }
    case 'layer': {
      // `20 transformer blocks`: a block is a layer only when the text says which kind (not a KV-cache block).
      if (/\bblocks?\b/.test(fact.after) && !mods.has('transformer') && !mods.has('decoder') && !mods.has('moe') && !mods.has('dense') && !mods.has('sparse')) return undefined
      // `Only 89 layers are MoE`, `the first 3 layers are dense`: the predicate names the kind of layer.
      for (let k = i + 1; k < Math.min(to, i + 5); k++) {
        const w = tokens[k]
        if (w.kind !== 'word') break
        if (!/^(layers?|blocks?)$/.test(w.lower)) continue
        const v = tokens[k + 1]
        const kind = tokens[k + 2]
        if (v?.kind === 'word' && /^(are|is)$/.test(v.lower) && kind?.kind === 'word') {
          if (/^(moe|sparse)$/.test(kind.lower)) return 'moeLayers'
          if (kind.lower === 'dense') return 'denseLayers'
        }
        // `only 58 layers carry routed experts`: the layers that have experts are the MoE layers.
        if (v?.kind === 'word' && /^(carry|have|hold|contain|use|host)$/.test(v.lower)) {
          const e1 = tokens[k + 2]
          const e2 = tokens[k + 3]
          const isExperts = (u: Token | undefined): boolean => u?.kind === 'word' && /^experts?$/.test(u.lower)
          if (isExperts(e1) || (e1?.kind === 'word' && /^(routed|moe)$/.test(e1.lower) && isExperts(e2))) return 'moeLayers'
        }
        break
      }
      // `61 layers over 4 stages`, `94 layers split across 8 stages`: the whole model's layers.
      for (let k = i + 2; k < Math.min(to, i + 6); k++) {
        const w = tokens[k]
        if (w.kind === 'num') {
          const n = tokens[k + 1]
          if (n?.kind === 'word' && /^(stages|gpus|ranks|devices)$/.test(n.lower) && tokens.slice(i + 2, k).some((u) => u.kind === 'word' && /^(over|across|into|on|onto|among|between)$/.test(u.lower))) return mods.has('moe') ? 'moeLayers' : 'layers'
          break
        }
        if (w.kind !== 'word') break
      }
      // `Stage 0 holds the dense layer plus 29 MoE layers`: MoE or dense layers of a stage are a part of its layers.
      if ((s.has('stage') || s.has('gpu')) && (mods.has('moe') || mods.has('sparse') || mods.has('dense'))) return undefined
      if (s.has('stage') || s.has('gpu')) return s.has('expert') ? undefined : 'layersPerStage'
      if (s.size > 0) return undefined
      // `Memory per GPU (largest stage, 24 layers)`: the layers a GPU holds.
      if (fact.perGpuContext || [tokens[i - 1], tokens[i - 2], tokens[i - 3]].some((u) => u?.kind === 'word' && /^(stage|stages)$/.test(u.lower))) return mods.size === 0 || mods.has('transformer') || mods.has('decoder') ? 'layersPerStage' : undefined
      if (mods.has('moe') || mods.has('sparse')) return 'moeLayers'
      if (mods.size > 0 && !mods.has('transformer') && !mods.has('decoder') && !mods.has('total')) return undefined
      return 'layers'
    }
    case 'head': {
      const kv = mods.has('kv') || mods.has('key') || mods.has('value')
      if (s.has('gpu')) return kv ? 'kvHeadsPerGpu' : 'headsPerGpu'
      if (s.size > 0) return undefined
      return kv ? 'kvHeads' : mods.has('query') || mods.has('attention') || mods.size === 0 ? 'heads' : undefined
    }
    case 'group': {
      // `8 KV groups`, `8 query groups` (Megatron's num_query_groups): the KV heads.
      if (mods.has('kv') || mods.has('query') || mods.has('key')) return s.size === 0 ? 'kvHeads' : s.has('gpu') ? 'kvHeadsPerGpu' : undefined
      if (s.size > 0) return undefined
      const ep =
        [...mods].some((m) => /^(ep|expert)\b|expert-parallel|^moe/.test(m)) ||
        clauseMentions(tokens, from, to, /^(ep|expert|experts|moe|ep=\d+)$/, ctx) ||
        /\b(ep|expert)\b/i.test(fact.seg.section?.title ?? '')
      if (mods.has('dp') || mods.has('tp') || mods.has('data') || mods.has('pp')) return undefined
      return ep ? 'epGroups' : undefined
    }
    case 'replica':
      return s.size === 0 ? 'replicas' : undefined
    case 'stage':
      return s.size === 0 && (mods.has('pipeline') || clauseMentions(tokens, from, to, /^(pipeline|pp)$/, ctx)) ? 'pp' : undefined
    case 'sequence': {
      // `16 concurrent sequences`, `a batch of 256 sequences`: the batch.
      if (s.size > 0) return undefined
      const prev = tokens[i - 1]
      const batchy = [...mods].some((m) => /^(concurrent|simultaneous|in-flight|inflight|live|running|parallel)$/.test(m)) || (prev?.kind === 'word' && prev.lower === 'of' && tokens[i - 2]?.kind === 'word' && /^(batch|batches)$/.test((tokens[i - 2] as { lower: string }).lower))
      return batchy || clauseMentions(tokens, from, to, /^(batch|concurrency|concurrent)$/, ctx) ? 'batch' : undefined
    }
    case 'token': {
      // `sequences of 32,768 tokens`, `4096 tokens per sequence`: the sequence length.
      const prev = tokens[i - 1]
      const prev2 = tokens[i - 2]
      if (prev?.kind === 'word' && prev.lower === 'of' && prev2?.kind === 'word' && NOUN_OF.get(prev2.lower) === 'sequence') return 'seqLen'
      if (s.has('sequence') && s.size === 1) return 'seqLen'
      return undefined
    }
    default:
      return undefined
  }
}

function clauseMentions(tokens: Token[], from: number, to: number, re: RegExp, ctx: Ctx): boolean {
  if (!ctx.mentionMemo || ctx.mentionMemo.tokens !== tokens || ctx.mentionMemo.from !== from || ctx.mentionMemo.to !== to) ctx.mentionMemo = { tokens, from, to, cache: new Map() }
  const hit = ctx.mentionMemo.cache.get(re)
  if (hit !== undefined) return hit
  const v = clauseMentionsScan(tokens, from, to, re)
  ctx.mentionMemo.cache.set(re, v)
  return v
}

function clauseMentionsScan(tokens: Token[], from: number, to: number, re: RegExp): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind === 'word' && re.test(t.lower)) return true
  }
  return false
}

function phraseAfter(tokens: Token[], i: number, to: number, parts: Parts, unit: Unit): QuantityId | undefined {
  // Up to 6 words after the number: `HBM each`, `for expert parameters`, `of KV cache`.
  const first = parts.firstFrom(i + 1)
  if (first < 0) return undefined
  if (parts[first].tok > i + 3) return undefined
  let best: { id: QuantityId; len: number } | undefined
  for (let k = first; k < parts.length && k < first + 5; k++) {
    // Stop at another number, a clause mark or a relative clause (`0.31 GB, which brings the weights to`).
    if (tokens.slice(i + 1, parts[k].tok).some((t) => t.kind === 'num' || (t.kind === 'punct' && /^[,;()]$/.test(t.text)) || (t.kind === 'op' && (t.op === '(' || t.op === ')')) || (t.kind === 'word' && /^(which|that|so|and|brings|bringing|leaving|leaves)$/.test(t.lower)))) break
    const m = phraseStartingAt(parts, k, (q) => kindFits(q.kind, unit) && q.kind !== 'count')
    // `24.4 GB of HBM headroom`, `40 GB of HBM free`: what is left of the memory, not the memory.
    if (m && m.q.id === 'gpuMemory' && m.to < parts.length && /^(headroom|free|left|spare|remaining|slack|available|unused|to spare)$/.test(parts[m.to].text)) break
    if (m) {
      const len = m.to - m.from
      if (!best || len > best.len) best = { id: m.q.id, len }
    }
    if (best) break
  }
  void to
  return best?.id
}

function nameLeft(tokens: Token[], i: number, from: number, parts: Parts, unit: Unit): QuantityId | undefined {
  for (let k = i - 1, steps = 0; k >= from && steps < 10; k--, steps++) {
    const t = tokens[k]
    if (t.kind === 'punct' && (t.text === ',' || t.text === '(' || t.text === ')' || t.text === '|')) return undefined
    if (t.kind === 'op' && (t.op === '(' || t.op === ')' || t.op === '=')) return undefined
    if (t.kind === 'num') {
      const prev = tokens[k - 1]
      if (!(prev?.kind === 'word' && prev.lower === 'from')) return undefined
      continue
    }
    if (t.kind !== 'word') continue
    const end = parts.lastOf(k)
    if (end < 0) continue
    const fits = (q: QuantityDef): boolean => kindFits(q.kind, unit) && q.kind !== 'count'
    const m = phraseEndingAt(parts, end, fits)
    if (m && m.to - m.from >= 1 && (m.to - m.from > 1 || QUANTITY[m.q.id].kind !== 'bytes' || parts[m.from].text !== 'memory')) {
      return listedWithOthers(tokens, parts[m.from].tok, from, parts, m.q.id, fits) ? undefined : m.q.id
    }
  }
  return undefined
}

/** `attention, shared experts, embedding shards: ≈ 2 GB`: the name is the last item of a list of parts (their sum). */
function listedWithOthers(tokens: Token[], at: number, from: number, parts: Parts, id: QuantityId, fits: (q: QuantityDef) => boolean): boolean {
  let k = at - 1
  // Modifiers of the item (`dense layer`, `embedding shards`) do not end the item.
  while (k >= from && tokens[k].kind === 'word' && !/^(and|plus)$/.test((tokens[k] as { lower: string }).lower)) k--
  const sep = tokens[k]
  const isSep = sep && ((sep.kind === 'punct' && sep.text === ',') || (sep.kind === 'word' && /^(and|plus)$/.test(sep.lower)) || (sep.kind === 'op' && sep.op === '+'))
  if (!isSep) return false
  for (let j = k - 1, steps = 0; j >= from && steps < 12; j--, steps++) {
    const t = tokens[j]
    if (t.kind !== 'word') continue
    const end = parts.lastOf(j)
    if (end < 0) continue
    const m = phraseEndingAt(parts, end, fits)
    if (m && m.q.id !== id) return true
  }
  return false
}

// ---------------------------------------------------------------------------
// labels applied to the first value after them

function applyLabel(tokens: Token[], from: number, to: number, label: Label | undefined, tableLabel: TableLabel | undefined, ctx: Ctx, seg: Segment): void {
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
      if (f.unit?.dim === 'percent') continue
      if (f.how === 'enumerator') break
      // `| KV heads per accelerator | 8 ÷ 2 | 4 |`: a number in an unfinished formula is not the labelled value.
      const nx = tokens[i + 1]
      if (nx?.kind === 'op' && /^[×÷+\-^]$/.test(nx.op)) break
      const q = quantityOfLabel(c.text, (d) => kindFits(d.kind, f.unit))
      if (!q) break
      if (f.quantity) {
        if (f.quantity === q.id) f.definitional = f.definitional || true
        break
      }
      if (f.noun && !nounCompatible(q.id, f.noun) && f.noun !== 'param' && f.noun !== 'token') break
      f.quantity = q.id
      f.how = c.row ? 'row' : 'label'
      f.definitional = true
      // `KV cache per token per GPU: …`: the label's scope is the value's.
      const lw = c.text.toLowerCase().split(/[^a-z0-9]+/)
      // `Experts resident on a rank: …`: `on a` / `in each` scopes it too.
      const labelScopes = new Set<Scope>()
      for (let k = 0; k < lw.length; k++) {
        const on = (lw[k] === 'on' || lw[k] === 'in') && /^(a|one|each|every|any)$/.test(lw[k + 1] ?? '')
        if (lw[k] !== 'per' && lw[k] !== 'each' && !on) continue
        for (let m = k + (on ? 2 : 1); m < Math.min(lw.length, k + 4); m++) {
          const sc = SCOPE_OF[NOUN_OF.get(lw[m]) ?? '']
          if (sc) {
            f.scopes.add(sc)
            labelScopes.add(sc)
            break
          }
        }
      }
      if ((f.quantity === 'experts' || f.quantity === 'expertsPerGpu') && labelScopes.has('gpu')) f.quantity = labelScopes.has('layer') ? 'expertsPerGpuLayer' : 'expertsPerGpu'
      break
    }
  }
}

function elidedNouns(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  // `8 experts per GPU (2 per layer × 4 layers per stage)`: `2 per layer`
  // counts experts per GPU per layer.
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind !== 'num') continue
    const f = ctx.byToken.get(t)
    if (!f || f.quantity || f.noun || f.scopes.size === 0) continue
    // Look back for the enclosing counted noun.
    for (let k = i - 1; k >= from; k--) {
      const u = tokens[k]
      if (u.kind !== 'num') continue
      const g = ctx.byToken.get(u)
      if (!g?.noun) continue
      if (g.noun === 'expert' && g.scopes.has('gpu') && f.scopes.has('layer')) {
        f.quantity = 'expertsPerGpuLayer'
        f.how = 'elided'
        f.noun = 'expert'
      }
      break
    }
  }
}

// ---------------------------------------------------------------------------
// expressions

interface Parser {
  tokens: Token[]
  pos: number
  end: number
  ctx: Ctx
  facts: Fact[]
  approx: boolean
}

function parseExpr(p: Parser): ExprNode | undefined {
  let left = parseTerm(p)
  if (!left) return undefined
  for (;;) {
    const t = p.tokens[p.pos]
    if (p.pos < p.end && t.kind === 'op' && (t.op === '+' || t.op === '-')) {
      // `4-way` is not a minus.
      const prev = p.tokens[p.pos - 1]
      const next = p.tokens[p.pos + 1]
      if (t.op === '-' && prev && next && t.start === prev.end && next.start === t.end) return left
      if (t.text === '–' || t.text === '—') return left
      p.pos++
      const right = parseTerm(p)
      if (!right) return undefined
      left = { kind: 'op', op: t.op, left, right }
      continue
    }
    return left
  }
}

function parseTerm(p: Parser): ExprNode | undefined {
  let left = parsePow(p)
  if (!left) return undefined
  for (;;) {
    const t = p.tokens[p.pos]
    if (p.pos < p.end && t.kind === 'op' && (t.op === '×' || t.op === '÷')) {
      p.pos++
      const right = parsePow(p)
      if (!right) return undefined
      left = { kind: 'op', op: t.op, left, right }
      continue
    }
    return left
  }
}

function parsePow(p: Parser): ExprNode | undefined {
  const base = parseUnary(p)
  if (!base) return undefined
  const t = p.tokens[p.pos]
  if (p.pos < p.end && t.kind === 'op' && t.op === '^') {
    p.pos++
    const exp = parseUnary(p)
    if (!exp) return undefined
    return { kind: 'op', op: '^', left: base, right: exp }
  }
  return base
}

function parseUnary(p: Parser): ExprNode | undefined {
  const t = p.tokens[p.pos]
  if (p.pos >= p.end) return undefined
  if (t.kind === 'op' && t.op === '≈') {
    p.approx = true
    p.pos++
    return parseUnary(p)
  }
  if (t.kind === 'op' && t.op === '-') {
    const next = p.tokens[p.pos + 1]
    if (t.text !== '-' && t.text !== '−') return undefined
    // `3-70B`: a hyphen glued to what precedes it is a range or a name, not a sign.
    const prev = p.tokens[p.pos - 1]
    if (prev && prev.end === t.start && prev.kind !== 'op') return undefined
    if (!next || next.start !== t.end || !(next.kind === 'num' || (next.kind === 'op' && next.op === '('))) return undefined
    p.pos++
    const inner = parseUnary(p)
    return inner ? { kind: 'neg', left: inner } : undefined
  }
  return parsePrimary(p)
}

const LABEL_WORD = /^[A-Z][A-Z0-9_]*$|^[a-z]+_[a-z0-9_]+$/

function skipLabelWords(p: Parser): void {
  // `TP 4`, `EP=8`, `DP 2`: one label word (an abbreviation or identifier) before a number.
  // Not right after an operator: `12/EDP = 6` divides by a symbol, it does not label the 6.
  if (isArith(p.tokens[p.pos - 1]) || (p.tokens[p.pos - 1]?.kind === 'punct' && (p.tokens[p.pos - 1] as { text: string }).text === '/')) {
    const w = p.tokens[p.pos]
    const n = p.tokens[p.pos + 1]
    // `÷ EP=8` (glued) names the operand; `/EDP = 6` (spaced) is an equation.
    if (n?.kind === 'op' && n.op === '=' && !(w && w.end === n.start)) return
  }
  let k = p.pos
  let words = 0
  while (k < p.end && p.tokens[k].kind === 'word' && words < 1) {
    const w = p.tokens[k] as { text: string }
    const next = p.tokens[k + 1]
    const assign = next?.kind === 'op' && (next as { op: string }).op === '='
    if (!LABEL_WORD.test(w.text) && !assign && !DEGREE_ABBR.has(w.text.toLowerCase())) return
    k++
    words++
  }
  if (words === 0) return
  const t = p.tokens[k]
  if (k < p.end && t.kind === 'op' && t.op === '=' && p.tokens[k + 1]?.kind === 'num') k++
  if (k < p.end && p.tokens[k].kind === 'num') p.pos = k
}

function skipNounWords(p: Parser): void {
  // `32 GPUs`, `2 experts per GPU per layer`: words after a number.
  let k = p.pos
  let words = 0
  while (k < p.end && words < 6) {
    const t = p.tokens[k]
    if (t.kind === 'word') {
      // A label of the next operand (`× DP 2`) is not a noun of this one.
      if (p.tokens[k + 1]?.kind === 'num') break
      if (p.tokens[k + 1]?.kind === 'op' && (p.tokens[k + 1] as { op: string }).op === '=' && p.tokens[k + 2]?.kind === 'num' && k + 2 < p.end) break
      k++
      words++
      continue
    }
    // `per-GPU` hyphens inside a noun phrase
    if (t.kind === 'op' && t.op === '-' && p.tokens[k + 1]?.kind === 'word' && t.start === p.tokens[k - 1]?.end) {
      k++
      continue
    }
    break
  }
  p.pos = k
}

function parsePrimary(p: Parser): ExprNode | undefined {
  skipLabelWords(p)
  const t = p.tokens[p.pos]
  if (p.pos >= p.end) return undefined
  if (t.kind === 'num') {
    const fact = p.ctx.byToken.get(t)
    if (!fact) return undefined
    if (fact.unit?.dim === 'ratio') return undefined
    p.pos++
    p.facts.push(fact)
    skipNounWords(p)
    return { kind: 'num', fact }
  }
  if (t.kind === 'op' && t.op === '(') {
    p.pos++
    const inner = parseExpr(p)
    const c = p.tokens[p.pos]
    if (!inner || p.pos >= p.end || c.kind !== 'op' || c.op !== ')') return undefined
    p.pos++
    skipNounWords(p)
    return inner
  }
  return undefined
}

function hasOp(n: ExprNode): boolean {
  return n.kind !== 'num'
}

/** Parse tokens[a, b) fully as one expression side. */
function parseSide(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  const p: Parser = { tokens, pos: a, end: b, ctx, facts: [], approx: false }
  const node = parseExpr(p)
  if (!node || p.pos !== b) return undefined
  const single = node.kind === 'num' ? node.fact : undefined
  return {
    node,
    start: tokens[a].start,
    end: tokens[b - 1].end,
    hasOp: hasOp(node),
    single,
    approx: p.approx || Boolean(single?.approx),
    facts: p.facts,
  }
}

function isEquals(tokens: Token[], k: number, from: number, to: number): boolean {
  const t = tokens[k]
  if (t.kind !== 'op' || (t.op !== '=' && t.op !== '≈')) return false
  // `≈ 14.4 GB` relates two sides only when spaced (`~0.6` is a prefix).
  if (t.op === '≈') {
    const prev = tokens[k - 1]
    const next = tokens[k + 1]
    if (!prev || k - 1 < from || !(prev.kind === 'num' || (prev.kind === 'op' && prev.op === ')') || prev.kind === 'word')) return false
    if (!next || next.kind !== 'num') return false
    if (next.start === t.end && prev.end === t.start) return false
    // `=~250`: `~` right after `=` is a prefix.
    if (prev.kind === 'op') return false
  }
  // `EP=8` as a label: a word before `=` that is not the noun of a number.
  const prev = tokens[k - 1]
  const next = tokens[k + 1]
  // `W=2`, `tp=8`: a name glued to `=` is an assignment label, and so is a
  // symbol (`F = 28,672`, `GBS = 128`).
  if (prev && k - 1 >= from && prev.kind === 'word' && (prev.end === t.start || LABEL_WORD.test(prev.text))) return false
  if (prev && k - 1 >= from && prev.kind === 'word' && next && next.kind === 'num' && k + 1 < to) {
    let m = k - 1
    while (m >= from && tokens[m].kind === 'word') m--
    const before = tokens[m]
    if (m < from || !before || before.kind !== 'num') return false
    // `4 × 2 GPUs = 8`: the word is a noun of the number before it.
    return true
  }
  return true
}

/** `3.27 GB dense + …`: a value, its label words, then `+` (a term of a labelled sum). */
function labelledTerm(tokens: Token[], a: number, b: number): boolean {
  for (let n = a; n < b; n++) {
    if (tokens[n].kind !== 'num' || tokens[n + 1]?.kind !== 'word') continue
    let m = n + 1
    while (m < b && tokens[m].kind === 'word') m++
    const op = tokens[m]
    if (m < b && op.kind === 'op' && op.op === '+') return true
  }
  return false
}

function expressionsOf(tokens: Token[], from: number, to: number, clause: number, ctx: Ctx): void {
  const eqs: number[] = []
  for (let k = from; k < to; k++) if (isEquals(tokens, k, from, to)) eqs.push(k)
  // Each `=` links the longest expression before it with the longest after it;
  // between two `=`, a region that parses whole is the shared side of a chain.
  if (eqs.length > 0) {
    const bounds = [from - 1, ...eqs, to]
    for (let k = 1; k < bounds.length - 1; k++) {
      const la = bounds[k - 1] + 1
      const lb = bounds[k]
      const ra = bounds[k] + 1
      const rb = bounds[k + 1]
      if (la >= lb || ra >= rb) continue
      // `= 3.27 GB dense + 2.52B × 9 B = 22.65 GB expert = 25.92 GB`: labelled terms of a sum inside a chain make the
      // precedence ambiguous (the writer closes the product first); no link of it is checked.
      if (eqs.length >= 2 && labelledTerm(tokens, la, lb)) continue
      const shared = k > 1 ? parseSide(tokens, la, lb, ctx) : undefined
      const left = shared ?? longestSuffix(tokens, la, lb, ctx)
      const right = (k < bounds.length - 2 ? parseSide(tokens, ra, rb, ctx) : undefined) ?? longestPrefix(tokens, ra, rb, ctx)
      if (!left || !right || !(left.hasOp || right.hasOp)) continue
      addExpression([left, right], clause, false, ctx, shared !== undefined)
    }
  }
  // Pipe rows written as text: `| **Gradient Checkpoints** | 2 * 8192 * 4e6 * 3 * 80 | ~20.9TB |`.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'punct' || t.text !== '|') continue
    const approx = tokens[k + 1]?.kind === 'op' && (tokens[k + 1] as { op: string }).op === '≈' ? 1 : 0
    const v = tokens[k + 1 + approx]
    const after = tokens[k + 2 + approx]
    if (!v || v.kind !== 'num' || k + 1 + approx >= to) continue
    if (after && k + 2 + approx < to && !(after.kind === 'punct' && after.text === '|')) continue
    // The cell before: from the previous `|` to this one.
    let a = k - 1
    while (a >= from && !(tokens[a].kind === 'punct' && (tokens[a] as { text: string }).text === '|')) a--
    if (a < from) continue
    const side = parseSide(tokens, a + 1, k, ctx)
    const vf = ctx.byToken.get(v)
    if (!side || !side.hasOp || !vf || vf.expr || side.facts.some((f) => f.expr)) continue
    addExpression([side, { node: { kind: 'num', fact: vf }, start: v.start, end: v.end, hasOp: false, single: vf, approx: vf.approx, facts: [vf] }], clause, false, ctx)
  }
  // Provenance: `32 (4×4×2 configuration)`, `8 GPUs (TP 4 × DP 2)`, `128 (=16x8)`.
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind !== 'op' || t.op !== '(') continue
    // The number before the parenthesis, with at most 6 noun words between.
    let m = k - 1
    let words = 0
    while (m >= from && tokens[m].kind === 'word' && words < 6) {
      m--
      words++
    }
    const target = tokens[m]
    if (m < from || !target || target.kind !== 'num') continue
    // `the PP 2 bubble at (2 − 1) ÷ 64`: a preposition or verb between the number and the parenthesis starts something else.
    if (tokens.slice(m + 1, k).some((u) => u.kind === 'word' && /^(at|is|are|was|of|to|for|with|by|in|on|from|into|over|keeps|gives|means|needs|uses)$/.test(u.lower))) continue
    const fact = ctx.byToken.get(target)
    if (!fact || fact.expr) continue
    if (fact.unit?.dim === 'percent' || fact.unit?.dim === 'ratio') continue
    // `Qwen2/2.5 (...)`, `v1.2 (...)`: a number glued to a name is not a value.
    const before = tokens[m - 1]
    if (before && before.end === target.start && (before.kind === 'word' || before.kind === 'op' || (before.kind === 'punct' && before.text !== '(' && before.text !== '|'))) continue
    // Closing parenthesis.
    let depth = 0
    let close = -1
    for (let j = k; j < to; j++) {
      const u = tokens[j]
      if (u.kind === 'op' && u.op === '(') depth++
      if (u.kind === 'op' && u.op === ')') {
        depth--
        if (depth === 0) {
          close = j
          break
        }
      }
    }
    if (close < 0) continue
    let a = k + 1
    let b = close
    // Words at the end (`configuration`) are nouns of the last operand; at the start, labels.
    if (a < b && tokens[a].kind === 'op' && (tokens[a] as { op: string }).op === '=') a++
    if (tokens.slice(a, b).some((u) => u.kind === 'op' && u.op === '=')) continue
    if (tokens.slice(a, b).some((u) => u.kind === 'punct' && (u.text === ',' || u.text === ';'))) continue
    const side = parseSide(tokens, a, b, ctx)
    if (!side || !side.hasOp) continue
    // `141 GB (2 nodes × 8)`: the parenthesis explains something else.
    if (fact.unit && !side.facts.some((f) => f.unit?.dim === fact.unit!.dim)) continue
    // Skip if any operand already belongs to another expression.
    if (side.facts.some((f) => f.expr)) continue
    const targetSide: Side & { facts: Fact[] } = {
      node: { kind: 'num', fact },
      start: target.start,
      end: target.end,
      hasOp: false,
      single: fact,
      approx: fact.approx,
      facts: [fact],
    }
    addExpression([side, targetSide], clause, true, ctx)
  }
}

function isArith(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'op' && (t.op === '×' || t.op === '÷' || t.op === '+' || t.op === '-' || t.op === '^')
}

function longestSuffix(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  for (let s = Math.max(a, b - 40); s < b; s++) {
    const t = tokens[s]
    // A side cannot start in the middle of an expression (`2 * F / 2550`).
    if (s > a && isArith(tokens[s - 1])) continue
    if (s > a && tokens[s - 1].kind === 'word' && isArith(tokens[s - 2])) continue
    // `… + shared experts 58 × 44.04M = 15.16B`: words after an operator belong to a longer sum (its term labels).
    let w = s - 1
    while (w >= a && w > s - 5 && tokens[w].kind === 'word') w--
    if (w < s - 1 && w >= a && isArith(tokens[w]) && (tokens[w] as { op: string }).op !== '(') continue
    // `45 tok/s per user (22.2 ms per decode step) × 64 users`: a parenthesis after a value is an aside of that value.
    if (t.kind === 'op' && t.op === '(' && w >= a && tokens[w].kind === 'num') continue
    if (!(t.kind === 'num' || (t.kind === 'op' && (t.op === '(' || t.op === '≈' || t.op === '-')) || t.kind === 'word')) continue
    if (t.kind === 'word' && s > a) {
      // Only label words directly before a number start a side.
      const prev = tokens[s - 1]
      if (prev.kind === 'word') continue
    }
    const side = parseSide(tokens, s, b, ctx)
    if (side) return side
  }
  return undefined
}

function longestPrefix(tokens: Token[], a: number, b: number, ctx: Ctx): (Side & { facts: Fact[] }) | undefined {
  for (let e = Math.min(b, a + 40); e > a; e--) {
    // Nor end in the middle of one (`= 2 * F`).
    if (e < b && isArith(tokens[e])) continue
    if (e < b && tokens[e].kind === 'word' && isArith(tokens[e + 1])) continue
    const side = parseSide(tokens, a, e, ctx)
    if (side) return side
  }
  return undefined
}

function addExpression(sides: Array<Side & { facts: Fact[] }>, clause: number, provenance: boolean, ctx: Ctx, chained = false): void {
  const id = ctx.expressions.length
  const result = provenance ? sides[1].single : sides[sides.length - 1].single
  for (const s of sides)
    for (const f of s.facts) {
      if (f.expr) continue
      f.expr = { id, role: f === result ? 'result' : 'operand' }
      // `Heads per GPU: 32 ÷ 4 = 16`: the label names the result, not the operand.
      if (f.expr.role === 'operand' && f.how === 'label-colon') {
        f.quantity = undefined
        f.how = undefined
      }
    }
  // `8 KV heads ÷ tp 4 = 2 heads per GPU`: heads computed from KV heads are KV heads.
  if (result?.quantity === 'headsPerGpu' && sides.some((s) => s.facts.some((f) => f !== result && (f.quantity === 'kvHeads' || f.quantity === 'kvHeadsPerGpu')))) result.quantity = 'kvHeadsPerGpu'
  // `DP = 64 ÷ (2 × 4) = 8`: the result takes the name written before the expression.
  const pending = sides[0].facts[0]?.pending
  if (pending && result && !provenance && result !== sides[0].facts[0]) {
    if (!result.quantity || result.quantity === pending) {
      result.quantity = pending
      result.how = 'label-expr'
    }
  }
  const base = ctx.clauses[clause].seg.start
  ctx.expressions.push({
    id,
    clause,
    sides: sides.map(({ facts: _f, ...rest }) => ({ ...rest, start: rest.start + base, end: rest.end + base })),
    provenance,
    chained,
  })
}

// ---------------------------------------------------------------------------
// percentages: `23GB (36% of 64GB)`, `P% of Y is X`, `X of Y (P%)`

const OF_WORDS = new Set(['of', 'out'])

const SHARE_VERBS = /^(occupy|occupies|occupied|use|uses|used|take|takes|took|consume|consumes|is|are|was|were|fill|fills|account|accounts|for|make|makes|up|represent|represents|alone|together|amount|amounts|to|come|comes|about|roughly|approximately|only|just|already|now|then|would|will|thus|so|therefore|hence|the|of)$/

/** The memory quantity a clause's subject names before `P% of …`: `Weights occupy`, `The KV pool is`. */
function subjectQuantity(tokens: Token[], i: number, from: number): QuantityId | undefined {
  let k = i - 1
  while (k >= from && tokens[k].kind === 'word' && SHARE_VERBS.test((tokens[k] as { lower: string }).lower)) k--
  if (k < from || tokens[k].kind !== 'word') return undefined
  // The noun phrase: up to four words back to the clause start (or a `:`/`,`).
  let s = k
  while (s - 1 >= from && tokens[s - 1].kind === 'word' && k - s < 3) s--
  if (s - 1 >= from && !(tokens[s - 1].kind === 'punct' && /^[,:;]$/.test((tokens[s - 1] as { text: string }).text))) return undefined
  const words = tokens.slice(s, k + 1).map((t) => (t as { text: string }).text).filter((w) => !/^(the|a|an|its|our|their|this|that)$/i.test(w))
  if (words.length === 0) return undefined
  const q = quantityOfLabel(words.join(' '), (d) => d.kind === 'bytes')
  return q && q.id !== 'gpuMemory' ? q.id : undefined
}

function percentsOf(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i < to; i++) {
    const t = tokens[i]
    if (t.kind !== 'num' || t.unit?.dim !== 'percent') continue
    const pf = ctx.byToken.get(t)!
    if (pf.expr) continue
    const next = tokens[i + 1]
    // `P% of Y` (optionally `of the`, `of total`).
    let whole: Fact | undefined
    let wholeLabel: string | undefined
    let wholeQ: QuantityId | undefined
    let after = i + 1
    if (next && next.kind === 'word' && next.lower === 'of') {
      let k = i + 2
      while (k < to && tokens[k].kind === 'word' && /^(the|a|total|available|usable|its|their|all|each|one|card's|gpu's|device's|node's|accelerator's|chip's)$/.test((tokens[k] as { lower: string }).lower)) k++
      const y = tokens[k]
      if (y && y.kind === 'num' && y.unit && y.unit.dim === 'bytes') {
        whole = ctx.byToken.get(y)
        after = k + 1
      } else if (y && y.kind === 'word') {
        const words: string[] = []
        let m = k
        while (m < to && tokens[m].kind === 'word' && words.length < 4) {
          words.push((tokens[m] as { text: string }).text)
          m++
        }
        const q = /^(capacity|the capacity|gpu capacity|card|the card|the gpu|gpu|device|accelerator)$/i.test(words.slice(0, 2).join(' ')) || /^(capacity)$/i.test(words[0] ?? '') ? QUANTITY.gpuMemory : quantityOfLabel(words.join(' '))
        if (q && q.id === 'gpuMemory') {
          wholeQ = q.id
          wholeLabel = words.slice(0, 2).filter((w) => !/^(and|or|with|which|that|to|of)$/i.test(w)).join(' ')
          after = m
        }
      }
    }
    // The part: `X (P% of Y)`: number before the `(`.
    let part: Fact | undefined
    // `X (≈ P% of Y)`: an approximation sign may stand inside the parenthesis.
    const approxIn = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '≈' ? 1 : 0
    const open = tokens[i - 1 - approxIn]
    if (open && open.kind === 'op' && open.op === '(' && i - 2 - approxIn >= from) {
      const x = tokens[i - 2 - approxIn]
      if (x.kind === 'num') part = ctx.byToken.get(x)
    }
    let target: 'percent' | 'part' = 'percent'
    if (!part && (whole || wholeQ)) {
      // `X, which is P% of Y`, `X ≈ P% of Y`, `X = P% of Y`, `X or P% of Y`, `X — P% of Y`.
      let k = i - 1
      let steps = 0
      while (k >= from && steps < 4) {
        const u = tokens[k]
        const connector =
          (u.kind === 'word' && /^(which|is|are|or|about|roughly|approximately|i\.e|that|i\.e\.|ie|namely|that's|thats|it's|which's|ie\.)$/.test(u.lower)) ||
          (u.kind === 'punct' && (u.text === ',' || u.text === '—' || u.text === '.')) ||
          (u.kind === 'op' && (u.op === '≈' || u.op === '=' || u.op === '-' || u.op === '→'))
        if (!connector) break
        k--
        steps++
      }
      // `21.14 GB per GPU, which is`: qualifier words after the part.
      let x = tokens[k]
      for (let extra = 0; steps > 0 && x?.kind === 'word' && extra < 5 && k > from; extra++) x = tokens[--k]
      if (steps > 0 && x?.kind === 'num') part = ctx.byToken.get(x)
    }
    if (!part && (whole || wholeQ)) {
      // `P% of Y is X` / `P% of Y (X)` / `P% of Y = X`: X is computed from P and Y.
      let k = after
      while (k < to && tokens[k].kind === 'word' && /^(is|are|equals|gives|or|which|that)$/.test((tokens[k] as { lower: string }).lower)) k++
      const x = tokens[k]
      if (x && x.kind === 'op' && x.op === '(' && tokens[k + 1]?.kind === 'num') part = ctx.byToken.get(tokens[k + 1] as NumToken)
      else if (x && x.kind === 'op' && x.op === '=' && tokens[k + 1]?.kind === 'num') part = ctx.byToken.get(tokens[k + 1] as NumToken)
      else if (x && x.kind === 'num' && k > after) part = ctx.byToken.get(x)
      if (part) target = 'part'
    }
    if (!part && !whole && !wholeQ) {
      // `utilization 72%, i.e. 59.6 GB of each 80 GB card`: X restates P% of Y.
      let k = i + 1
      let steps = 0
      while (k < to && steps < 3) {
        const u = tokens[k]
        const connector = (u.kind === 'word' && /^(i\.e|ie|that|is|or|namely|about|roughly)$/.test(u.lower)) || (u.kind === 'punct' && (u.text === ',' || u.text === '.' || u.text === '—')) || (u.kind === 'op' && (u.op === '≈' || u.op === '='))
        if (!connector) break
        k++
        steps++
      }
      const x = tokens[k]
      const of = tokens[k + 1]
      let m = k + 2
      while (m < to && tokens[m].kind === 'word' && /^(each|every|the|a|one|per)$/.test((tokens[m] as { lower: string }).lower)) m++
      const y = tokens[m]
      if (steps > 0 && x?.kind === 'num' && of?.kind === 'word' && of.lower === 'of' && y?.kind === 'num') {
        part = ctx.byToken.get(x)
        whole = ctx.byToken.get(y)
        target = 'part'
      }
    }
    if (!part && !whole && open && open.kind === 'op' && open.op === '(' && i - 2 >= from) {
      // `X of Y (P%)` / `X / Y (P%)` / `31,000 of 50,000 requests (62%)`.
      let yi = i - 2
      let nouns = 0
      while (yi > from && tokens[yi].kind === 'word' && nouns < 3) {
        yi--
        nouns++
      }
      const y = tokens[yi]
      const ofw = tokens[yi - 1]
      const x = tokens[yi - 2]
      if (y?.kind === 'num' && x?.kind === 'num' && yi - 2 >= from && ((ofw?.kind === 'word' && OF_WORDS.has(ofw.lower)) || (ofw?.kind === 'op' && ofw.op === '÷'))) {
        part = ctx.byToken.get(x)
        whole = ctx.byToken.get(y)
      }
    }
    if (part && (whole || wholeQ)) {
      if (part.unit?.dim === 'percent') continue
      ctx.percents.push({ percent: pf, part, whole, wholeQuantity: wholeQ, wholeLabel, target })
    } else if (!part && (whole?.unit?.dim === 'bytes' || wholeQ === 'gpuMemory')) {
      // `Routed experts alone occupy 56% of the 80 GB card`: the part is a memory quantity the plan states elsewhere.
      const partQ = subjectQuantity(tokens, i, from)
      if (partQ) ctx.percents.push({ percent: pf, whole, wholeQuantity: wholeQ, wholeLabel, partQuantity: partQ, target })
    }
  }
}

// ---------------------------------------------------------------------------
// value-per-count pairs: `4.38GB (8 experts per GPU)`, `with 2 experts per GPU: ~0.62GB`

function pairsOf(facts: Fact[], ctx: Ctx): void {
  const values = facts.filter((f) => f.unit?.dim === 'bytes' && !f.expr && !f.restates)
  const counts = facts.filter((f) => f.noun === 'expert' && !f.unit && !f.expr && f.quantity !== 'experts' && f.quantity !== 'topK')
  if (values.length === 0 || counts.length === 0) return
  // Distance between two numbers as the text between them, so neither one's own length (which a fix may change) counts.
  const gap = (a: Fact, b: Fact): number => (a.place.start >= b.place.end ? a.place.start - b.place.end : b.place.start >= a.place.end ? b.place.start - a.place.end : 0)
  for (const v of values) {
    // Nearest count in the clause; none when two are equally near.
    let best: Fact | undefined
    let tie = false
    for (const c of counts) {
      if (!best || gap(c, v) < gap(best, v)) {
        best = c
        tie = false
      } else if (gap(c, v) === gap(best, v)) tie = true
    }
    if (!best || tie) continue
    // One value per count and one count per value.
    if (values.filter((w) => w !== v).some((w) => gap(best!, w) <= gap(best!, v))) continue
    ctx.pairs.push({ value: v, count: best, noun: 'expert' })
  }
}

// ---------------------------------------------------------------------------
// requirement claims

const REQ_VERBS: Record<string, 'ge' | 'le' | undefined> = {
  exceeds: 'ge',
  exceed: 'ge',
  exceeding: 'ge',
  surpasses: 'ge',
  beats: 'ge',
  above: 'ge',
  over: 'ge',
  meets: undefined,
  meet: undefined,
  meeting: undefined,
  satisfies: undefined,
  satisfy: undefined,
  satisfying: undefined,
  achieves: undefined,
  within: 'le',
  under: 'le',
  below: 'le',
  fits: 'le',
}

const TARGET_WORDS = new Set(['target', 'targets', 'budget', 'requirement', 'required', 'slo', 'sla', 'limit', 'goal', 'bound', 'ceiling', 'floor'])
const MARK_PASS = new Set(['✅', '✓', '✔', '☑'])
const MARK_FAIL = new Set(['❌', '✗', '✘', '❎'])
const REQ_DIMS = new Set(['tokenRate', 'time', 'bytes', 'requestRate'])

interface ReqScan {
  mark?: 'pass' | 'fail'
  verb?: string
  /** File offset of the verb. */
  verbAt: number
  /** Facts preceded by a target word (`target ≥ 1,200`, `budget 2 s`). */
  targets: Set<Fact>
  negated: boolean
}

function scanRequirement(tokens: Token[], seg: Segment, ctx: Ctx, scan: ReqScan): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'punct' && MARK_PASS.has(t.text)) scan.mark = 'pass'
    if (t.kind === 'punct' && MARK_FAIL.has(t.text)) scan.mark = 'fail'
    if (t.kind === 'word') {
      if (Object.hasOwn(REQ_VERBS, t.lower) && scan.verbAt < 0) {
        scan.verb = t.lower
        scan.verbAt = seg.start + t.start
      }
      if (/^(not|fails|fail|failed|misses|miss|missed|short|violates|exceeded)$/.test(t.lower)) scan.negated = true
      if (TARGET_WORDS.has(t.lower)) {
        // `the 50 ms budget`, `the 100 tokens/ms target`.
        const prev = tokens[i - 1]
        if (prev?.kind === 'num') {
          const f = ctx.byToken.get(prev)
          if (f) scan.targets.add(f)
        }
        for (let k = i + 1; k < Math.min(tokens.length, i + 5); k++) {
          const u = tokens[k]
          if (u.kind === 'num') {
            const f = ctx.byToken.get(u)
            if (f) scan.targets.add(f)
            break
          }
          if (u.kind === 'punct' && (u.text === ';' || u.text === '.' || u.text === ':')) break
        }
      }
    }
  }
}

function addRequirement(facts: Fact[], scan: ReqScan, ctx: Ctx): void {
  if (!scan.verb && !scan.mark) return
  // ✅ next to `misses` (or ❌ next to `meets` without a negation) says two things at once.
  if (scan.mark === 'pass' && scan.negated) return
  const cands = facts.filter((f) => !f.quoted && f.expr?.role !== 'operand' && f.unit && REQ_DIMS.has(f.unit.dim))
  if (cands.length < 2) return
  const dim = cands[0].unit!.dim
  const same = cands.filter((f) => f.unit!.dim === dim)
  // The requirement: a bound (`≥ 6,000 tok/s`), a value named target/budget, or the first value after the verb.
  let b = same.find((f) => f.bound !== undefined)
  if (!b && scan.verbAt >= 0) b = same.find((f) => f.place.start > scan.verbAt)
  if (!b) b = same.find((f) => scan.targets.has(f))
  if (!b) return
  const others = same.filter((f) => f !== b && f.bound === undefined && !scan.targets.has(f))
  let before = scan.verbAt >= 0 && b.place.start > scan.verbAt ? others.filter((f) => f.place.start < scan.verbAt) : others
  // `1,100 tok/s per replica (about 17.2 tok/s per user); target ≥ 1,200 tok/s`: asides do not compete.
  if (new Set(before.map((f) => f.value.toString())).size > 1 && !b.inParens) before = before.filter((f) => !f.inParens)
  const values = new Set(before.map((f) => f.value.toString()))
  // One measured value, or the claim is ambiguous.
  if (values.size !== 1) return
  const a = before[0]
  // `2 × 4 × 128 × 2 bytes = 2,048 bytes, and over 32 layers 65,536 bytes`: a computed value needs a verb that
  // claims (meets, exceeds, ✅), not a preposition.
  if (a.expr && !scan.mark && (!scan.verb || /^(over|above|under|below|within|beyond|past)$/.test(scan.verb))) return
  ctx.requirements.push({
    a,
    b,
    verb: scan.verb ?? (scan.mark === 'pass' ? '✅' : '❌'),
    // `❌ ~40 tok/s, below the 60 tok/s wish`: beside a mark, `below`/`above` describe the value, the mark judges it; the
    // direction then comes from what is measured (a rate should be high, a time or memory low).
    dir: (scan.mark || scan.negated) && scan.verb && /^(below|above|under|over|beyond)$/.test(scan.verb) ? undefined : b.bound ?? (scan.verb ? REQ_VERBS[scan.verb] : undefined),
    mark: scan.mark ?? (scan.negated ? 'fail' : undefined),
    place: a.place,
  })
}

function requirementsOfSegment(seg: Segment, tokens: Token[], facts: Fact[], ctx: Ctx, sentences: Array<[number, number]>): void {
  // Sentence by sentence: `;` joins a value and its target, `.` separates claims.
  for (const [from, to] of sentences) {
    const part = tokens.slice(from, to)
    if (part.length === 0) continue
    const a = seg.start + part[0].start
    const b = seg.start + part[part.length - 1].end
    const scan: ReqScan = { verbAt: -1, targets: new Set(), negated: false }
    scanRequirement(part, seg, ctx, scan)
    addRequirement(facts.filter((f) => f.place.start >= a && f.place.end <= b), scan, ctx)
  }
}

/** A table row with a target, a measured value and a status mark. */
export function requirementsOfRows(tables: Segment[][][], ctx: Ctx, tokensOf: Map<Segment, Token[]>): void {
  for (const grid of tables) {
    if (!grid) continue
    for (let r = 1; r < grid.length; r++) {
      const scan: ReqScan = { verbAt: -1, targets: new Set(), negated: false }
      const facts: Fact[] = []
      for (const cell of grid[r]) {
        scanRequirement(tokensOf.get(cell) ?? [], cell, ctx, scan)
        facts.push(...(ctx.factsOf.get(cell) ?? []))
      }
      // A header that names the columns Target / Measured.
      const header = grid[0].map((h) => h.text.trim().toLowerCase())
      grid[r].forEach((cell, c) => {
        if (TARGET_WORDS.has(header[c] ?? '') || /^(target|slo|requirement|budget|goal)\b/.test(header[c] ?? '')) {
          for (const f of ctx.factsOf.get(cell) ?? []) scan.targets.add(f)
        }
      })
      scan.verbAt = -1
      addRequirement(facts, scan, ctx)
    }
  }
}

// `Batch of 256 sequences × 4096 tokens`: batch and sequence length.
// `8 nodes × 8 GPUs`: nodes and GPUs per node.
function batchTimesSeq(tokens: Token[], from: number, to: number, ctx: Ctx): void {
  for (let i = from; i + 4 < to; i++) {
    const a = tokens[i]
    const w = tokens[i + 1]
    const x = tokens[i + 2]
    const b = tokens[i + 3]
    const n = tokens[i + 4]
    if (a.kind === 'num' && w.kind === 'word' && NOUN_OF.get(w.lower) === 'node' && x.kind === 'op' && x.op === '×' && b.kind === 'num' && n.kind === 'word' && (NOUN_OF.get(n.lower) === 'gpu' || (/\d/.test(n.text) && findGpu(n.text) !== undefined))) {
      const fa = ctx.byToken.get(a)!
      const fb = ctx.byToken.get(b)!
      fa.quantity = 'nodes'
      fa.how = 'nodes×gpus'
      fa.factor = false
      fb.quantity = 'gpusPerNode'
      fb.how = 'nodes×gpus'
      fb.factor = false
    }
  }
  for (let i = from; i + 3 < to; i++) {
    const a = tokens[i]
    const w = tokens[i + 1]
    const x = tokens[i + 2]
    const b = tokens[i + 3]
    if (a.kind === 'num' && w.kind === 'word' && NOUN_OF.get(w.lower) === 'sequence' && x.kind === 'op' && x.op === '×' && b.kind === 'num') {
      const n = tokens[i + 4]
      if (n && n.kind === 'word' && NOUN_OF.get(n.lower) === 'token') {
        const fa = ctx.byToken.get(a)!
        const fb = ctx.byToken.get(b)!
        fa.factor = false
        fb.factor = false
        if (!fa.quantity) {
          fa.quantity = 'batch'
          fa.how = 'batch×seq'
          fa.factor = false
        }
        if (!fb.quantity || fb.quantity === 'seqLen') {
          fb.quantity = 'seqLen'
          fb.how = 'batch×seq'
          fb.factor = false
        }
      }
    }
  }
  // `4096-token prompts`
  for (let i = from; i + 3 < to; i++) {
    const a = tokens[i]
    const h = tokens[i + 1]
    const w = tokens[i + 2]
    const p = tokens[i + 3]
    if (a.kind === 'num' && h.kind === 'op' && h.op === '-' && w.kind === 'word' && (w.lower === 'token' || w.lower === 'tokens') && p.kind === 'word') {
      const fa = ctx.byToken.get(a)!
      if (/^(prompt|prompts|input|inputs)$/.test(p.lower)) {
        fa.quantity = 'promptLen'
        fa.how = 'n-token'
      } else if (/^(context|sequence|sequences)$/.test(p.lower)) {
        fa.quantity = 'seqLen'
        fa.how = 'n-token'
      }
    }
  }
  void D
  void matchUnit
}

export type { Dec }
