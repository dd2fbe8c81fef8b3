/** A fact for each number token: its place, value in base units, column unit, table scope, and approximation. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import { CLUSTER_COLUMN, EXPLAIN_COLUMN, perColumnScope } from '../lexicon/columns.js'
import { APPROX_WORDS, CURRENCY_SIGNS } from '../lexicon/words.js'
import type { Segment } from '../text/segments.js'
import type { NumToken, Token } from '../text/tokens.js'
import { type Unit, keySuffixUnit, matchUnit, toBase } from '../units.js'
import { gridHeader } from './labels.js'

/** `| Item | GB |`, `| Memory (GiB) |`, `| TTFT (ms) |`: the unit of a column's bare numbers. */
function headerUnit(seg: Segment, ctx: Ctx): Unit | undefined {
  const t = seg.table
  if (!t || t.row === 0) return undefined
  let units = ctx.headerUnits.get(t.header)
  if (!units) {
    units = t.header.map((h) => {
      const text = (/\(([^()]{1,20})\)\s*$/.exec(h)?.[1] ?? h).replace(/[*_`]/g, '').trim()
      // `KV/token (B)` is bytes; `Params (B)` is billions (no unit).
      const u = text === 'B' ? (/param/i.test(h) ? undefined : matchUnit(text, 0, false)) : matchUnit(text, 0, true)
      return u && u.text.length === text.length && u.unit.dim !== 'ratio' ? u.unit : undefined
    })
    ctx.headerUnits.set(t.header, units)
  }
  return units[t.col]
}

export function makeFact(t: NumToken, seg: Segment, clause: number, ctx: Ctx, quoted: boolean): Fact {
  const fact = makeFactBase(t, seg, clause, ctx, quoted)
  // `gpus: -8`: a negative number is not a count (nor its absolute value).
  const before = seg.text[t.start - 1]
  if ((before === '-' || before === '−') && !/[\w.)]/.test(seg.text[t.start - 2] ?? '')) fact.negated = true
  if (CURRENCY_SIGNS.has(before ?? '')) fact.money = true
  return fact
}

/** `gpu_memory_gb: 141`, `--kv-cache-gib=20`, `hbm-gb = 80`: a key that ends in a unit gives its bare number that unit. */
const KEY_UNIT = /[A-Za-z][_-]([A-Za-z]{1,3})["']?\s*[:=]\s*["']?$/

function keyUnit(seg: Segment, t: NumToken): Unit | undefined {
  // Most numbers follow no `key:` or `key=`: look back past spaces and a quote before any pattern.
  let k = t.start - 1
  while (k >= 0 && (seg.text[k] === ' ' || seg.text[k] === '"' || seg.text[k] === "'")) k--
  if (seg.text[k] !== ':' && seg.text[k] !== '=') return undefined
  const m = KEY_UNIT.exec(seg.text.slice(Math.max(0, t.start - 24), t.start))
  const suffix = m ? keySuffixUnit(m[1]) : undefined
  if (suffix) return suffix
  // `decode_tokens_per_s_per_gpu: 300`, `output-tok-per-sec = 950`: a key that names a token rate anywhere in it.
  return keyNamesTokenRate(seg.text.slice(Math.max(0, t.start - 48), k)) ? TOKENS_PER_S : undefined
}

/** A key's token-rate words: `tokens_per_s`, `tok_per_sec`, `tokens-per-second` (the key's last word before `:`). */
function keyNamesTokenRate(before: string): boolean {
  let from = before.length
  while (from > 0 && !/[\s"']/.test(before[from - 1])) from--
  const key = before.slice(from)
  const words = key.toLowerCase().split(/[_-]/)
  for (let i = 0; i + 2 < words.length; i++) {
    if (RATE_KEY_TOKEN.has(words[i]) && words[i + 1] === 'per' && RATE_KEY_SECOND.has(words[i + 2])) return true
  }
  return false
}
const RATE_KEY_TOKEN = new Set(['token', 'tokens', 'tok', 'toks'])
const RATE_KEY_SECOND = new Set(['s', 'sec', 'second'])
const TOKENS_PER_S = matchUnit('tokens/s', 0, true)!.unit

function makeFactBase(t: NumToken, seg: Segment, clause: number, ctx: Ctx, quoted: boolean): Fact {
  if (!t.unit && !t.lit.style.suffix) {
    const u = headerUnit(seg, ctx) ?? keyUnit(seg, t)
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
    // (A number of several words may wrap: `sixty-eight\nthousand` reads as one line in messages.)
    text: oneLine(ctx.source.slice(start, end)),
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
    // `| Metric | Per replica | Fleet (3 replicas) |`: a column of one node's or one replica's figures.
    else if (table.col > 0) {
      const scope = perColumnScope(head)
      if (scope) fact.scopes.add(scope)
    }
    if (EXPLAIN_COLUMN.test(head)) {
      fact.definitional = false
      fact.factor = true
    }
  }
  return fact
}

export function isApprox(tokens: Token[], i: number, from: number): boolean {
  const p = tokens[i - 1]
  if (!p || i - 1 < from) return false
  if (p.kind === 'op' && p.op === '≈') return true
  if (p.kind === 'word' && APPROX_WORDS.has(p.lower)) return true
  return false
}

/** A text's lines joined by one space (split and trimmed: linear, no regular expression). */
function oneLine(text: string): string {
  return text.includes('\n') ? text.split('\n').map((l) => l.trim()).join(' ') : text
}

/** A value the text states as its own: not quoted, an example, a bound, code, or an operand of a written calculation. */
export function statedValue(f: Fact): boolean {
  return !f.quoted && !f.example && f.bound === undefined && !f.inCode && f.expr?.role !== 'operand'
}
