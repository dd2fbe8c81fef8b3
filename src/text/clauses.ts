/**
 * Clauses of a segment (token index ranges), and per-clause helpers: the
 * normalized parts of a clause, a token's index, whether a clause mentions a word.
 */
import type { Ctx } from '../context.js'
import { ABBREVIATIONS } from '../lexicon/words.js'
import { type Part, normalizeWord } from '../lexicon/phrases.js'
import type { Segment } from './segments.js'
import type { Token } from './tokens.js'

export function splitClauses(seg: Segment, tokens: Token[]): Array<[number, number]> {
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

/** Operators that continue a formula from the line before. */
const CONTINUING_OPS = new Set(['=', '≈', '×', '÷', '+'])

function nextLineStartsItem(tokens: Token[], i: number, seg: Segment): boolean {
  // A new line that starts with a mark, a list-like dash, or emphasis
  // (blanked to spaces) begins a new statement, not a wrapped sentence.
  const n = tokens[i + 1]
  if (!n) return false
  if (n.kind === 'punct' && n.text !== '(' && n.text !== '\n') return true
  // `= 196,608 bytes` on the next line goes on with the formula above it.
  if (n.kind === 'op' && n.op !== '(' && !CONTINUING_OPS.has(n.op)) return true
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

/** Index of a token in its segment's token list (one map per list). */
export function tokenIndex(tokens: Token[], t: Token, ctx: Ctx): number {
  let m = ctx.tokenIndexes.get(tokens)
  if (!m) {
    m = new Map()
    tokens.forEach((u, k) => m!.set(u, k))
    ctx.tokenIndexes.set(tokens, m)
  }
  return m.get(t) ?? -1
}

/** Parts of a clause with O(1) lookups from a token index. */
export type Parts = Part[] & {
  /** Index of the last part of token i, or -1. */
  lastOf: (i: number) => number
  /** Index of the first part whose token index is ≥ i, or -1. */
  firstFrom: (i: number) => number
}

export function partsOf(tokens: Token[], from: number, to: number): Parts {
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

export function clauseMentions(tokens: Token[], from: number, to: number, re: RegExp, ctx: Ctx): boolean {
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

/** Whether the token at `k` ends a sentence: `.`, `;`, `!` or `?`, but not the period of an abbreviation (`i.e.`). */
export function endsSentence(tokens: Token[], k: number): boolean {
  const t = tokens[k]
  if (t?.kind !== 'punct') return false
  if (t.text === ';' || t.text === '!' || t.text === '?') return true
  const prev = tokens[k - 1]
  return t.text === '.' && !(prev?.kind === 'word' && ABBREVIATIONS.has(prev.lower))
}
