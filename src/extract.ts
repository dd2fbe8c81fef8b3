/**
 * The fact extractor: one pass over the segments of a document, producing
 * typed facts (numbers with their quantity, scope and place), attributes,
 * written expressions, percentage claims, value-per-count pairs and
 * requirement claims. Rules read these and never parse text themselves.
 *
 * The stages live in their own folders: `text/` (segments, tokens, clauses),
 * `lexicon/` (quantities and word classes), `parsers/` (one file per
 * construction family) and `refiners/` (passes that adjust what a fact
 * means). `extractSegment` below runs them in order, clause by clause; the
 * order is written down there and only there.
 */
import type { Root } from 'mdast'
import type { Ctx } from './context.js'
import type { Extraction, Fact, Expression, Clause } from './facts.js'
import type { QuantityId } from './lexicon/quantities.js'
import { SCOPE_OF, NOUN_OF, REQ_HINT } from './lexicon/words.js'
import { findModels } from './model/catalog.js'
import { attributesOf, proseAttentionDp } from './parsers/attributes.js'
import { classify, comparedWith } from './parsers/classify.js'
import { compactDegrees } from './parsers/degrees.js'
import { fromToCounts } from './refiners/from-to.js'
import { expressionsOf } from './parsers/expressions.js'
import { formulaCells } from './parsers/formula-cells.js'
import { tableLabelOf, clauseLabel, headerWords, applyLabel } from './parsers/labels.js'
import { makeFact, isApprox } from './parsers/numbers.js'
import { pairsOf, groupsOf } from './parsers/pairs.js'
import { percentsOf } from './parsers/percentages.js'
import { columnPercentsOf } from './parsers/column-percents.js'
import { changesOf } from './parsers/changes.js'
import { utilizationSharesOf } from './parsers/utilization-shares.js'
import { rateRestatementsOf } from './parsers/rate-restatements.js'
import { numericTables } from './parsers/numeric-tables.js'
import { paramWeightsOf } from './parsers/param-weights.js'
import { kvForTokensOf } from './parsers/kv-tokens.js'
import { kvTablesOf } from './parsers/kv-table.js'
import { stageListsOf } from './parsers/stage-lists.js'
import { costTablesOf } from './parsers/cost-tables.js'
import { costSentencesOf } from './parsers/cost-sentences.js'
import { rateTablesOf } from './parsers/rate-tables.js'
import { requestRatesOf } from './parsers/request-rates.js'
import { utilizationOf } from './parsers/utilization.js'
import { batchTimesSeq } from './parsers/products.js'
import { rateConditions } from './parsers/rates.js'
import { requirementsOfRows, requirementsOfSegment } from './parsers/requirements.js'
import { normalizeWord } from './lexicon/phrases.js'
import { cuesOf, cuesOfRun, labelRole } from './lexicon/cues.js'
import { flagAlternatives } from './refiners/alternatives.js'
import { kvPerTokenFacts } from './refiners/kv-per-token.js'
import { numberLists, distributeListUnits, listedCounts } from './refiners/lists.js'
import { restatements } from './refiners/restatements.js'
import { perGpu, scopeOnlyLabel, elidedNouns, replicaDegrees, wholeBeforeSpread, gpuOfItself } from './refiners/scope.js'
import { quotedMask, flagBoundsAndExamples, listsAfterAsides, optionParagraphs } from './refiners/stance.js'
import { sharesOfDivision } from './refiners/shares.js'
import { headDimBesideHeads, namedNumbers } from './refiners/named.js'
import { sentenceSubjects } from './refiners/sentence-subject.js'
import { otherModelFigures } from './refiners/other-model.js'
import { replicaSpecGpus } from './refiners/replica-specs.js'
import { weightSplitsOf } from './parsers/weight-splits.js'
import { kvCapacities } from './parsers/kv-capacity.js'
import { moneyPeriodsOf } from './parsers/money-periods.js'
import { gpuNodePairsOf } from './parsers/gpu-nodes.js'
import { segmentize, type Segment } from './text/segments.js'
import { splitClauses, partsOf } from './text/clauses.js'
import { tokenize, type Token } from './text/tokens.js'

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
    capacities: [],
    stageLists: [],
    clauses: [],
    byToken: new Map(),
    factsOfWord: new Map(),
    tokensOf: new Map(),
    factsOf: new Map(),
    leads: leadsOf(segments),
    lastSubject: undefined,
    mentionMemo: undefined,
    headerWordCache: new WeakMap(),
    tokenIndexes: new WeakMap(),
    headerUnits: new WeakMap(),
    gridCache: new WeakMap(),
  }
  for (const seg of segments) extractSegment(seg, ctx, tables)
  otherModelFigures(ctx)
  replicaSpecGpus(ctx)
  listsAfterAsides(segments, ctx.factsOf, ctx.attributes)
  optionParagraphs(segments, ctx.factsOf, source)
  requirementsOfRows(tables, ctx, ctx.tokensOf)
  const byQuantity = new Map<QuantityId, Fact[]>()
  const byText = new Map<string, Fact[]>()
  for (const f of ctx.facts) {
    f.afterCues = cuesOfRun(f.after.split(' '))
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
  formulaCells(tables, ctx)
  const numeric = numericTables(tables, ctx.factsOf)
  return {
    factsOf: ctx.factsOf,
    byQuantity,
    byText,
    exprsOf,
    source,
    segments,
    tables,
    rowRoles: tables.map((grid) => grid.map((row) => labelRole(row[0]?.text))),
    clauses: ctx.clauses,
    facts: ctx.facts,
    attributes: ctx.attributes,
    expressions: ctx.expressions,
    percents: [...ctx.percents, ...columnPercentsOf(tables, ctx.factsOf), ...utilizationSharesOf(segments, ctx.tokensOf, ctx.byToken)],
    changes: changesOf(segments, ctx.tokensOf, ctx.byToken),
    rateRestatements: rateRestatementsOf(segments, ctx.tokensOf, ctx.byToken),
    pairs: ctx.pairs,
    requirements: ctx.requirements,
    capacities: ctx.capacities,
    numericTables: numeric,
    paramWeights: paramWeightsOf(ctx.clauses, ctx.facts, ctx.attributes, ctx.tokensOf),
    weightSplits: weightSplitsOf(segments, ctx.tokensOf, ctx.factsOf),
    stageLists: ctx.stageLists,
    costs: costTablesOf(tables, numeric, ctx.factsOf),
    proseCosts: costSentencesOf(segments, ctx.tokensOf, ctx.byToken),
    perGpuRates: rateTablesOf(tables, numeric, ctx.factsOf),
    kvForTokens: [...kvForTokensOf(ctx.clauses, ctx.facts), ...kvTablesOf(tables, numeric, ctx.factsOf)],
    requestRates: requestRatesOf(ctx.factsOf, ctx.tokensOf),
    utilization: utilizationOf(ctx.factsOf, ctx.tokensOf),
    gpuNodes: gpuNodePairsOf(segments, ctx.tokensOf, ctx.byToken),
    moneyPeriods: moneyPeriodsOf(segments, ctx.tokensOf, ctx.byToken, tables, numeric, ctx.factsOf),
  }
}

/** List items and the paragraph ending in `:` right before their list, which leads into it. */
function leadsOf(segments: readonly Segment[]): Map<Segment, string> {
  const out = new Map<Segment, string>()
  let pending: string | undefined
  let list: number | undefined
  for (const seg of segments) {
    if (seg.listItem) {
      if (list === undefined && pending !== undefined) list = seg.listItem.list
      if (list !== undefined && seg.listItem.list === list && pending !== undefined) out.set(seg, pending)
      continue
    }
    const text = seg.text.trimEnd()
    pending = seg.kind === 'paragraph' && text.endsWith(':') ? text : undefined
    list = undefined
  }
  return out
}

/** `6.4 Tokens per step = …`, `## 3.2 Memory`: an outline number that starts a line before a capitalised word labels the line; it is no value. */
function withoutOutlineNumbers(all: Token[], seg: Segment): Token[] {
  if (seg.kind === 'code' || seg.kind === 'frontmatter' || seg.table) return all
  const outline = (t: Token, i: number): boolean => {
    const prev = all[i - 1]
    const next = all[i + 1]
    return t.kind === 'num' && !t.unit && (!prev || (prev.kind === 'punct' && prev.text === '\n')) && next?.kind === 'word' &&
      OUTLINE_NUMBER.test(seg.text.slice(t.start, t.end)) && /^[A-Z]/.test(next.text)
  }
  return all.some(outline) ? all.filter((t, i) => !outline(t, i)) : all
}

/** `6.4`, `3.2.1`: a section number (one or two digits per part). */
const OUTLINE_NUMBER = /^\d{1,2}(?:\.\d{1,2})+\.?$/

function extractSegment(seg: Segment, ctx: Ctx, tables: Segment[][][]): void {
  const all = withoutOutlineNumbers(tokenize(seg.text), seg)
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
  ctx.tokensOf.set(seg, tokens)
  for (const [from, to] of ranges) {
    const clauseIndex = ctx.clauses.length
    const label = clauseLabel(tokens, from, to, seg)
    const words = new Set<string>()
    for (let k = from; k < to; k++) {
      const t = tokens[k]
      if (t.kind === 'word') for (const w of normalizeWord(t.text)) words.add(w)
    }
    if (seg.table) for (const w of headerWords(seg.table.header, tableLabel?.text, ctx)) words.add(w)
    const clause: Clause = { index: clauseIndex, seg, start: tokens[from].start, end: tokens[to - 1].end, label: label?.text, words, cues: cuesOf(words), labelCues: cuesOf(label ? label.text.split(/\s+/) : []), labelRole: label ? labelRole(label.text) : undefined }
    ctx.clauses.push(clause)
    const quoted = quotedMask(seg, tokens, from, to, ctx.source)
    const clauseFacts: Fact[] = []
    // Compact degrees in words: `EP8`, `TP16`, `tp4pp1`.
    // `Consider --kv-cache-dtype fp8`, `Alternatively, FP8 weights`: a suggestion states no setting of the plan.
    const first = tokens[from]
    const suggestion = first?.kind === 'word' && /^(consider|suggest|suggestion|optionally|alternatively|try|could|might|maybe|perhaps|if)$/.test(first.lower)
    for (let i = from; i < to; i++) {
      const t = tokens[i]
      if (t.kind === 'word') {
        // (`… = 32,768 B, the same as TP4`: a degree named as the standard of a comparison is no setting of the plan.)
        compactDegrees(t, seg, clauseIndex, quoted[i - from] || comparedWith(tokens, i, from), ctx, clauseFacts)
        attributesOf(t, tokens, i, seg, quoted[i - from] || suggestion || clause.cues.has('conditional'), ctx)
      }
    }
    // A clause without a number (nor a value read from a word such as `EP8`) states no value: what
    // follows reads numbers and the facts made of them only, so it is skipped (most clauses of prose).
    if (clauseFacts.length === 0 && !hasNumber(tokens, from, to)) continue
    const parts = partsOf(tokens, from, to)
    const perGpuContext = perGpu(seg, label?.text, tableLabel?.text, tokens, from, to, ctx.leads.get(seg))
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
    // Also without the comma when the clause goes on with a verb: `Per node that is 8 × 30.5 = 244 GB`.
    if (p0?.kind === 'word' && p0.lower === 'per' && p1?.kind === 'word' && ((p2?.kind === 'punct' && p2.text === ',') || (p2?.kind === 'word' && /^(that|this|it|we|the|each|every)$/.test(p2.lower)))) {
      const sc = SCOPE_OF[NOUN_OF.get(p1.lower) ?? '']
      if (sc) for (const f of clauseFacts) if (f.unit) f.scopes.add(sc)
    }
    // Values whose classification returned before the label's scopes were read (results, units) get them too.
    if (labelScopes.length > 0) for (const f of outside) if (f.unit) for (const sc of labelScopes) f.scopes.add(sc)
    listedCounts(tokens, lists, ctx)
    flagBoundsAndExamples(tokens, from, to, ctx, seg)
    expressionsOf(tokens, from, to, clauseIndex, ctx)
    applyLabel(tokens, from, to, label, tableLabel, ctx, seg)
    if (seg.table) flagAlternatives(tokens, from, to, ctx)
    elidedNouns(tokens, from, to, ctx)
    percentsOf(tokens, from, to, ctx)
    // Restatements first: a value restated in another unit is not a value of its own for a count.
    restatements(tokens, from, to, ctx)
    pairsOf(clauseFacts, ctx)
    fromToCounts(tokens, from, to, ctx)
    groupsOf(clauseFacts, ctx)
    batchTimesSeq(tokens, from, to, ctx)
    rateConditions(tokens, from, to, lists, clauseFacts, words, ctx)
    ctx.stageLists.push(...stageListsOf(tokens, from, to, ctx))
    sharesOfDivision(clauseFacts, ctx)
    namedNumbers(tokens, clauseFacts, ctx)
    headDimBesideHeads(tokens, clauseFacts, ctx)
    proseAttentionDp(tokens, from, to, clauseFacts, clause.cues, seg, ctx)
    wholeBeforeSpread(tokens, from, to, clauseFacts, ctx)
    replicaDegrees(clauseFacts)
    gpuOfItself(clauseFacts)
  }
  kvPerTokenFacts(seg, ctx.facts.slice(firstFact), ctx)
  const own = ctx.facts.slice(firstFact)
  ctx.factsOf.set(seg, own)
  sentenceSubjects(tokens, own, seg.start)
  if (!seg.table) kvCapacities(tokens, own, ctx)
  if (!seg.table && REQ_HINT.test(seg.text)) requirementsOfSegment(seg, tokens, own, ctx, sentenceRanges)
}

function hasNumber(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (tokens[i].kind === 'num') return true
  return false
}

export type { Dec } from './num.js'
