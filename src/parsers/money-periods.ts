/**
 * A cost per hour restated for a day, a month or a year: in a sentence (`24 GPUs × $2.49 = $59.76 / hour, and over a
 * 730-hour month that's $43,624.80 / month`) or in a table with a column (or, in a table of quantities by
 * configuration, a row) of cost per hour and one per month (`| $/hour | $/month |`). A cost per GPU-hour with the
 * table's GPU count stands for the cost per hour. The hours of the period are the ones the document states (`Month =
 * 730 hours`, `730 hours per month`, `Monthly GPU cost (730 h)`), else every common reading (a month of 720, 730 or
 * 744 hours).
 */
import type { Fact, MoneyPeriodClaim, NumericTable } from '../facts.js'
import { CURRENCY_SIGNS, HOURS_IN, PERIOD_JOINERS, PERIOD_WORDS, PRICE_CONTRASTS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import { lowerWord as word, type NumToken, type Token } from '../text/tokens.js'
import { currencyAt } from './expressions.js'
import { endsSentence } from '../text/clauses.js'
import { configurationsOf } from './numeric-tables.js'
import { ASIDE_COLUMN, BILL_LABEL, GPU_COUNT_LABEL, MONEY_LABEL, PER_DAY_LABEL, PER_GPU_HOUR_LABEL, PER_HOUR_LABEL, columnOf } from '../lexicon/columns.js'

type Period = 'hour' | 'day' | 'month' | 'year'
type Long = Exclude<Period, 'hour'>

/** Before a period word: `per hour`, `a month`, `an hour`, `each month`. */
const PERIOD_ARTICLES = new Set(['per', 'a', 'an', 'each', 'every'])
/** Adjectives that give the period alone after an amount (`$43K monthly`). */
const PERIOD_ADJECTIVES = new Set(['hourly', 'daily', 'monthly', 'yearly', 'annually'])

/**
 * The period an amount at `n` (its number token) is written per, if any: `/ hour`, `per month`, `a month` (with
 * `articles`), `monthly`; `per GPU-hour`, `/H100-hr` are one GPU's hour (`gpu`).
 */
export function periodAfter(tokens: Token[], n: number, articles = true): { period: Period; gpu: boolean } | undefined {
  const a = tokens[n + 1]
  const b = word(tokens[n + 2])
  const w = word(a)
  if (b && ((a?.kind === 'op' && a.text === '/') || (w !== undefined && (articles ? PERIOD_ARTICLES.has(w) : w === 'per')))) {
    const own = PERIOD_WORDS.get(b)
    if (own) return { period: own, gpu: false }
    const dash = b.lastIndexOf('-')
    const compound = dash > 0 ? PERIOD_WORDS.get(b.slice(dash + 1)) : undefined
    return compound ? { period: compound, gpu: true } : undefined
  }
  const adjective = articles && w !== undefined && PERIOD_ADJECTIVES.has(w) ? PERIOD_WORDS.get(w) : undefined
  return adjective ? { period: adjective, gpu: false } : undefined
}

/** Words that open a period phrase after an amount (`for a 730-hour month`, `over a 30-day month`, `in a year`). */
const PERIOD_PHRASE_OPENERS = new Set(['for', 'over', 'in', 'across', 'per'])
const PERIOD_PHRASE_ARTICLES = new Set(['a', 'an', 'the', 'one'])

/** `$28,908 for a 730-hour month`, `$1.9M over a year`: the period a phrase after the amount at `n` names, with its hours if written. */
function periodPhraseAfter(tokens: Token[], n: number, byToken: Map<NumToken, Fact>): { period: Long; hours?: number } | undefined {
  let k = n + 1
  if (!PERIOD_PHRASE_OPENERS.has(word(tokens[k]) ?? '')) return undefined
  k++
  if (PERIOD_PHRASE_ARTICLES.has(word(tokens[k]) ?? '')) k++
  let hours: number | undefined
  const t = tokens[k]
  if (t?.kind === 'num') {
    const f = byToken.get(t)
    if (!f || !f.written.isInteger()) return undefined
    k++
    if (tokens[k]?.kind === 'op' && (tokens[k] as { op: string }).op === '-') k++
    // (`730-hour` is one token with its unit, or a number, a hyphen and `hour`.)
    if (f.unit?.dim === 'time' && f.unit.factor === 3600) hours = f.written.toNumber()
    else if (PERIOD_WORDS.get(word(tokens[k]) ?? '') === 'hour') {
      hours = f.written.toNumber()
      k++
    } else return undefined
  }
  const period = PERIOD_WORDS.get(word(tokens[k]) ?? '')
  return period && period !== 'hour' ? { period, hours } : undefined
}

/** A period phrase that opens between two amounts (`$99.60/hr, which over a 730-hour month comes to $71,712`). */
function periodPhraseBetween(tokens: Token[], from: number, to: number, byToken: Map<NumToken, Fact>): { period: Long; hours?: number } | undefined {
  for (let m = from; m < to; m++) if (PERIOD_PHRASE_OPENERS.has(word(tokens[m]) ?? '')) {
    const found = periodPhraseAfter(tokens, m - 1, byToken)
    if (found) return found
  }
  return undefined
}

/** The hours of a day, month or year the document states: a number of those hours beside the period's word. */
function statedHours(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>): Map<Long, Set<number>> {
  const out = new Map<Long, Set<number>>()
  const known = new Map<number, Long>()
  for (const p of ['month', 'year'] as const) for (const h of HOURS_IN[p]) known.set(h, p)
  // `| B2 | Hours per month | 730 |`: in a table, the cells of a number's row name it (read only for such a number).
  const rowWordsOf = (cell: Segment): string[] => {
    const t = cell.table!
    return segments.filter((x) => x.table && x.table.id === t.id && x.table.row === t.row).flatMap((x) => x.text.toLowerCase().split(/[^a-z]+/))
  }
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens) continue
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]
      if (t.kind !== 'num') continue
      // (As written: `730 hours` is a time whose value is in seconds.)
      const v = byToken.get(t)?.written
      const period = v && v.isInteger() ? known.get(v.toNumber()) : undefined
      if (!period) continue
      let near = false
      for (let k = Math.max(0, i - 6); k < Math.min(tokens.length, i + 7) && !near; k++) near = PERIOD_WORDS.get(word(tokens[k]) ?? '') === period
      if (!near && seg.table) {
        const row = rowWordsOf(seg)
        if (row.includes('hours')) near = row.some((w) => PERIOD_WORDS.get(w) === period)
      }
      if (near) out.set(period, (out.get(period) ?? new Set()).add(v!.toNumber()))
    }
  }
  return out
}

/** The hours of a period: written beside the claim (`for a 730-hour month`, `Monthly (730 h)`), stated once in the document, or every common reading. */
function hoursOf(period: Long, stated: Map<Long, Set<number>>, written?: number): { hours: number[]; stated: boolean } {
  if (written !== undefined) return { hours: [written], stated: true }
  const s = stated.get(period)
  return s && s.size === 1 ? { hours: [...s], stated: true } : { hours: HOURS_IN[period], stated: false }
}

/** Whether the words and numbers between two amounts restate the first (a joining word, no contrast, no other count). */
function restates(tokens: Token[], from: number, to: number, byToken: Map<NumToken, Fact>): boolean {
  let joined = false
  let depth = 0
  for (let k = from; k < to; k++) {
    const t = tokens[k]
    if (t.kind === 'op' && t.op === '(') depth++
    if (t.kind === 'op' && t.op === ')' && depth > 0) depth--
    // `$35.36/hr (35% off list), billed monthly at …`: a share in an aside of the rate restates nothing.
    if (t.kind === 'num' && depth > 0 && t.unit?.dim === 'percent') continue
    if (t.kind === 'word') {
      if (PRICE_CONTRASTS.has(t.lower)) return false
      if (PERIOD_JOINERS.has(t.lower)) joined = true
    } else if (t.kind === 'op') {
      if (t.op === '=' || t.op === '≈' || t.text === '→') joined = true
      else if (t.op === '+' || (t.op === '-' && tokens[k + 1]?.kind !== 'word')) return false
    } else if (t.kind === 'num') {
      // Only the hours or days of the period may come between (`over a 730-hour month`, `× 24 × 30`).
      const f = byToken.get(t)
      const next = word(tokens[k + 1]) ?? word(tokens[k + 2])
      const hours = f?.unit?.dim === 'time' || (next !== undefined && PERIOD_WORDS.has(next)) || (f?.value.isInteger() && [24, 30, 31, 365, 720, 730, 744, 8760].includes(f.value.toNumber()))
      if (!hours) return false
    } else if (t.kind === 'punct' && currencyAt(tokens, k)) return false
  }
  return joined
}

function proseClaims(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>, stated: Map<Long, Set<number>>): MoneyPeriodClaim[] {
  const out: MoneyPeriodClaim[] = []
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    if (!tokens || seg.table || seg.kind === 'code') continue
    let last: { n: number; fact: Fact } | undefined
    for (let k = 0; k < tokens.length; k++) {
      if (endsSentence(tokens, k)) last = undefined
      if (!currencyAt(tokens, k)) continue
      const n = k + 1
      const fact = byToken.get(tokens[n] as NumToken)
      // (A cost per GPU-hour is one GPU's: no cost of the period.)
      const read = periodAfter(tokens, n)
      // `about $28,908 for a 730-hour month`: the period (and its hours) in a phrase after the amount.
      // (`$99.60/hr, which over a 730-hour month comes to $71,712`: or in a phrase between the two amounts.)
      const phrase = read ? undefined : periodPhraseAfter(tokens, n, byToken) ?? (last ? periodPhraseBetween(tokens, last.n + 1, k, byToken) : undefined)
      const period = read && !read.gpu ? read.period : phrase?.period
      // (An example's or another setup's cost is still restated by its own arithmetic: only a quotation is left.)
      if (!fact || fact.quoted) {
        last = undefined
        continue
      }
      if (period && period !== 'hour' && last && restates(tokens, last.n + 3, k, byToken) && fact.expr?.role !== 'result') {
        out.push({ hourly: last.fact, other: fact, period, ...hoursOf(period, stated, phrase?.hours), sign: (tokens[k] as { text: string }).text })
      }
      last = period === 'hour' ? { n, fact } : undefined
    }
  }
  return out
}

/**
 * `- Hourly: 32 × $3.20 = $102.40` then `- Monthly (730 h): $73,728`: list items (or lines) labelled by their period,
 * one after the other; the hourly item's last amount is its cost per hour, the next item's first amount its period's.
 */
function labelledItems(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>, stated: Map<Long, Set<number>>): MoneyPeriodClaim[] {
  const out: MoneyPeriodClaim[] = []
  let hourly: { fact: Fact; seg: Segment; sign: string } | undefined
  for (const seg of segments) {
    const tokens = tokensOf.get(seg)
    const colon = tokens ? tokens.findIndex((t, k) => k < 8 && t.kind === 'punct' && t.text === ':') : -1
    const label = tokens && colon > 0 && !seg.table && seg.kind !== 'code' ? seg.text.slice(0, tokens[colon].start).toLowerCase().replace(/\s+/g, ' ').trim() : undefined
    const role = label && !ASIDE_COLUMN.test(label) ? periodRole(label) : undefined
    const amounts: Array<{ fact: Fact; sign: string }> = []
    if (tokens && role) {
      for (let k = colon + 1; k < tokens.length - 1; k++) {
        const f = currencyAt(tokens, k) ? byToken.get(tokens[k + 1] as NumToken) : undefined
        if (f && !f.quoted) amounts.push({ fact: f, sign: (tokens[k] as { text: string }).text })
      }
    }
    const adjacent = hourly && seg.listItem && hourly.seg.listItem && seg.listItem.list === hourly.seg.listItem.list && seg.listItem.item === hourly.seg.listItem.item + 1
    if (role && role.kind !== 'perHour' && role.kind !== 'perGpuHour' && role.kind !== 'gpus' && role.kind !== 'hours' && adjacent && amounts.length > 0) {
      out.push({ hourly: hourly!.fact, other: amounts[0].fact, period: role.kind, ...hoursOf(role.kind, stated, role.hours), sign: amounts[0].sign })
    }
    hourly = role?.kind === 'perHour' && amounts.length > 0 && seg.listItem ? { ...amounts[amounts.length - 1], seg } : undefined
  }
  return out
}

type Kind = 'perHour' | 'perGpuHour' | 'gpus' | 'hours' | Long
interface Role {
  kind: Kind
  of?: string
  /** Hours of the period written in the label (`Monthly GPU cost (730 h)`). */
  hours?: number
  /** The label names the period only (`Hourly`): its cells must be money. */
  bare?: boolean
}
const BARE_PERIOD = /^\W*(?:hourly|monthly|annual|annually|yearly|daily|per (?:hour|month|year|day))(?: ?\([\d,]+ ?(?:h|hrs?|hours)\))?\W*$/

const HOURS_LABEL = /^\W*(?:hours|hrs|h)(?: ?(?:per|\/) ?(?:month|mo|year|yr|day))?\W*$/

/** What a header or row label names, when it is a cost per period or a GPU count. */
function roleOf(label: string): Role | undefined {
  const t = label.toLowerCase().replace(/\s+/g, ' ').trim()
  if (ASIDE_COLUMN.test(t)) return undefined
  const money = MONEY_LABEL.test(t) || BILL_LABEL.test(t)
  // `| Hourly | $79.68 | …`, `| Monthly (730 h) | $58,166.40 | …`: a label that is only a period, whose cells must
  // then write a currency sign.
  if (!money && BARE_PERIOD.test(t)) {
    const r = periodRole(t)
    return r && { ...r, bare: true }
  }
  // `| $/hr | hours | monthly $ |`: a column of each row's hours in the period.
  if (!money && HOURS_LABEL.test(t)) return { kind: 'hours' }
  if (!money) return GPU_COUNT_LABEL.test(t) ? { kind: 'gpus', of: columnOf(t) } : undefined
  // A cost per token or per request is no cost of a period.
  if (/\b(tok|token|tokens|mtok|1m|million|request|req|query)\b/.test(t)) return undefined
  if (PER_GPU_HOUR_LABEL.test(t)) return { kind: 'perGpuHour' }
  return periodRole(t)
}

/** The period a lower-cased label names (`$/hour`, `Monthly (730 h)`, `per day`), with the hours it writes. */
function periodRole(t: string): Role | undefined {
  const of = columnOf(t)
  if (PER_HOUR_LABEL.test(t) || /\bhourly\b/.test(t)) return { kind: 'perHour', of }
  const hours = /\b(720|730|744|8,?760|8,?784) ?(h|hrs?|hours)\b/.exec(t)
  const h = hours ? Number(hours[1].replace(',', '')) : undefined
  if (/(per|\/) ?(month|mo)\b|\bmonthly\b/.test(t)) return { kind: 'month', of, hours: h }
  if (/(per|\/) ?(year|yr)\b|\byearly\b|\bannual\b|\bannually\b/.test(t)) return { kind: 'year', of, hours: h }
  if (PER_DAY_LABEL.test(t)) return { kind: 'day', of }
  return undefined
}

function tableClaims(tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>, stated: Map<Long, Set<number>>): MoneyPeriodClaim[] {
  const out: MoneyPeriodClaim[] = []
  const hourly = (rs: Array<Role | undefined>): boolean => rs.some((r) => r?.kind === 'perHour') || (rs.some((r) => r?.kind === 'perGpuHour') && rs.some((r) => r?.kind === 'gpus'))
  const wanted = (rs: Array<Role | undefined>): boolean => hourly(rs) && rs.some((r) => r?.kind === 'day' || r?.kind === 'month' || r?.kind === 'year')
  for (const { roles, configs } of configurationsOf(tables, numeric, factsOf, roleOf, wanted)) {
    const one = (kind: Kind, of?: string | null): number => {
      const lines = roles.flatMap((r, i) => (r?.kind === kind && (of === null || r.of === of) ? [i] : []))
      return lines.length === 1 ? lines[0] : -1
    }
    for (const period of ['day', 'month', 'year'] as const) {
      const p = one(period, null)
      if (p < 0) continue
      const of = roles[p]?.of
      const h = one('perHour', of)
      const g = h < 0 ? one('perGpuHour', null) : -1
      const n = g >= 0 ? one('gpus', of) : -1
      if (h < 0 && n < 0) continue
      const hours = hoursOf(period, stated, roles[p]?.hours)
      const hc = one('hours', null)
      for (const cell of configs) {
        const other = cell(p)
        // (`| 39.84 | 365 | 14,541.60 |`: the row's own hours, a written count of hours.)
        const rowHours = hc >= 0 ? cell(hc) : undefined
        const own = rowHours && rowHours.written.isInteger() && rowHours.written.gt(0) ? { hours: [rowHours.written.toNumber()], stated: true } : hours
        const perHour = h >= 0 ? cell(h) : cell(g)
        const gpus = n >= 0 ? cell(n) : undefined
        if (!other || !perHour || (h < 0 && !gpus)) continue
        if ((roles[p]?.bare && !signOf(other.seg.text)) || (h >= 0 && roles[h]?.bare && !signOf(perHour.seg.text))) continue
        out.push({ hourly: perHour, gpus, other, period, ...own, sign: signOf(other.seg.text) })
      }
    }
  }
  return out
}

/** The currency sign a table cell writes (`$57,232`), if any. */
function signOf(text: string): string {
  for (const ch of text) if (CURRENCY_SIGNS.has(ch)) return ch
  return ''
}

export function moneyPeriodsOf(segments: Segment[], tokensOf: Map<Segment, Token[]>, byToken: Map<NumToken, Fact>, tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>): MoneyPeriodClaim[] {
  const stated = statedHours(segments, tokensOf, byToken)
  return [...proseClaims(segments, tokensOf, byToken, stated), ...labelledItems(segments, tokensOf, byToken, stated), ...tableClaims(tables, numeric, factsOf, stated)]
}
