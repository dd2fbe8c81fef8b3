/**
 * Tables of the KV cache of known models by context length: each row names a
 * model of the catalog, and each size cell is that model's whole KV cache for
 * the token count of its column header (`| Model | 8K | 32K | 128K |`) or of a
 * context column of its row (`| Model | Context | KV cache (GiB) |`). Read as
 * KV-for-tokens claims of the row's model, which the kv-cache rule checks
 * against the model's published config, not against the document's model.
 *
 * A table is read only when a header names the KV cache, no header names a
 * GPU, a layer, a batch or a parallel degree (values per GPU or per batch
 * follow from more than the config), every size cell is in bytes, and the
 * row's model is the only known model it names.
 */
import type { Fact, KvForTokens, NumericTable } from '../facts.js'
import { KV_WORD, LAYOUT_HEADER_WORDS, PER_TOKEN_HEADER_WORDS, RATE_SCOPE } from '../lexicon/words.js'
import { findModels } from '../model/catalog.js'
import { parsePrecision } from '../model/precision.js'
import type { Precision } from '../model/types.js'
import type { Segment } from '../text/segments.js'
import { tokenize } from '../text/tokens.js'

/** Header words that make a column's values depend on more than the model and the token count. */
const NOT_PER_SEQUENCE = new Set(['batch', 'batches', 'concurrency', 'concurrent', 'users', 'requests', 'layer', 'layers', 'tp', 'pp', 'ep', 'dp', 'stage', 'shard', 'per-gpu', 'per-layer', 'sliding', 'window'])

function headerWords(text: string): string[] {
  return tokenize(text).flatMap((t) => (t.kind === 'word' ? [t.lower] : []))
}

/** The one token count a header cell states (`8K`, `32K ctx`, `128K tokens`), or undefined. */
function headerTokens(facts: Fact[] | undefined): Fact | undefined {
  if (!facts || facts.length !== 1) return undefined
  const f = facts[0]
  if (f.unit || f.expr || f.bound || f.approx || !f.value.isInteger() || f.value.lt(512)) return undefined
  return f
}

/** The precision a header cell names (`KV (FP8)`, `BF16 KV`), if one. */
function headerPrecision(words: string[]): Precision | undefined {
  for (const w of words) {
    const p = parsePrecision(w)
    if (p) return p
  }
  return undefined
}

/** The rows of per-token KV columns whose row names one known model: its KV bytes for one token. */
function perTokenRows(t: NumericTable, cols: number[], words: string[][]): KvForTokens[] {
  const out: KvForTokens[] = []
  t.cells.forEach((row, r) => {
    const models = new Set(t.texts[r].flatMap((text) => findModels(text).map((m) => m.id)))
    if (models.size !== 1) return
    for (const c of cols) {
      const cell = row[c]
      const f = cell?.fact
      if (!f || f.unit?.dim !== 'bytes' || f.quoted || f.negated || f.expr || f.bound || f.example || f.alt || f.approx || cell.value.lte(0)) continue
      out.push({ size: f, model: [...models][0], precision: headerPrecision(words[c]) })
    }
  })
  return out
}

export function kvTablesOf(tables: Segment[][][], numeric: NumericTable[], factsOf: Map<Segment, Fact[]>): KvForTokens[] {
  const out: KvForTokens[] = []
  for (const t of numeric) {
    const grid = tables[t.id]
    const head = grid?.[0]
    if (!head || t.cells.length === 0) continue
    const words = t.header.map(headerWords)
    const section = head[0]?.section
    if (section?.quoted || section?.otherSetup) continue
    if (!t.header.some((h) => KV_WORD.test(h)) && !KV_WORD.test(section?.title ?? '')) continue
    const colTokens = head.map((seg) => headerTokens(factsOf.get(seg)))
    // `| Model | … | Layers | KV heads × dim | KV/token, BF16 |`: a column of each model's KV bytes per token (a table of
    // model facts, whose other columns may name layers or heads).
    const perTokenCols = t.header.flatMap((h, c) => (colTokens[c] === undefined && KV_WORD.test(h) && words[c].some((w) => PER_TOKEN_HEADER_WORDS.has(w)) && !words[c].some((w) => NOT_PER_SEQUENCE.has(w) || RATE_SCOPE[w] !== undefined) ? [c] : []))
    const perGpuTable = words.some((ws) => ws.some((w) => RATE_SCOPE[w] !== undefined || LAYOUT_HEADER_WORDS.has(w)))
    if (perTokenCols.length > 0 && !perGpuTable) out.push(...perTokenRows(t, perTokenCols, words))
    if (words.some((ws) => ws.some((w) => NOT_PER_SEQUENCE.has(w) || RATE_SCOPE[w] !== undefined))) continue
    // A context column: every cell a token count (read as a sequence length), no unit.
    const contextCol = t.header.findIndex((_, c) => colTokens[c] === undefined && t.cells.every((row) => row[c] !== undefined && row[c]!.fact.quantity === 'seqLen' && !row[c]!.fact.unit))
    t.cells.forEach((row, r) => {
      const models = new Set(t.texts[r].flatMap((text) => findModels(text).map((m) => m.id)))
      if (models.size !== 1) return
      const model = [...models][0]
      const sizes = row.filter((cell): cell is NonNullable<typeof cell> => cell !== undefined && cell.fact.unit?.dim === 'bytes')
      for (const cell of sizes) {
        const c = cell.col
        const tokens = colTokens[c] ?? (contextCol >= 0 && contextCol !== c && KV_WORD.test(t.header[c]) ? row[contextCol]!.fact : undefined)
        if (!tokens) continue
        const f = cell.fact
        if (f.quoted || f.negated || f.expr || f.bound || f.example || f.alt || f.approx) continue
        if (cell.value.lte(0)) continue
        out.push({ size: f, tokens, model, precision: headerPrecision(words[c]) })
      }
    })
  }
  return out
}
