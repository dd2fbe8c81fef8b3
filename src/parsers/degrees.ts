/** Parallel degrees written compactly (`EP8`, `tp4pp1`, `top-2`) or as `N-way NAME`. */
import type { Ctx } from '../context.js'
import type { Fact } from '../facts.js'
import type { QuantityId } from '../lexicon/quantities.js'
import { NOUN_OF, WAY_PREPOSITIONS, SPLIT_VERBS, SPLIT_THINGS } from '../lexicon/words.js'
import { dec } from '../num.js'
import { DEGREE_ABBR, phraseStartingAt } from '../lexicon/phrases.js'
import type { Segment } from '../text/segments.js'
import type { Parts } from '../text/clauses.js'
import type { Token, NumToken } from '../text/tokens.js'
import { makeFact } from './numbers.js'

/** `top-4 groups`: the word after names something other than experts. */
export function nextIsOtherNoun(text: string, end: number): boolean {
  const m = /^\s+([A-Za-z]+)/.exec(text.slice(end, end + 40))
  if (!m) return false
  const c = NOUN_OF.get(m[1].toLowerCase())
  return c !== undefined && c !== 'expert'
}

const HAS_DIGIT = /\d/

export function compactDegrees(t: Token & { kind: 'word' }, seg: Segment, clause: number, quoted: boolean, ctx: Ctx, out: Fact[]): void {
  // Every form below holds digits: a word without one (most words) holds no degree.
  if (!HAS_DIGIT.test(t.text)) return
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
    ctx.factsOfWord.set(t, [fact])
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
        const inWord = ctx.factsOfWord.get(t) ?? []
        inWord.push(fact)
        ctx.factsOfWord.set(t, inWord)
      }
    }
    offset += piece.length
  }
}

export function wayDegree(tokens: Token[], i: number, to: number, parts: Parts): QuantityId | undefined {
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
  // `sharded 4 ways with tensor parallelism`: a preposition before the degree's name.
  const prep = tokens[j]
  if (prep?.kind === 'word' && WAY_PREPOSITIONS.has(prep.lower)) j++
  const idx = parts.firstFrom(j)
  // `experts sharded 8 ways`, `layers split 4 ways`: what is split names the degree.
  const split = splitThing(tokens, i)
  if (idx < 0) return split
  if (parts[idx].tok > j + 1) return split
  // The word itself may be `way-expert`: take parts from the word.
  const m = phraseStartingAt(parts, idx, (q) => q.kind === 'degree')
  if (m) return m.q.id
  const abbr = DEGREE_ABBR.get(parts[idx].text)
  if (abbr) return abbr
  return split
}

/** `experts sharded 8 ways`: the thing split (a word or two before the verb) names the degree. */
function splitThing(tokens: Token[], i: number): QuantityId | undefined {
  const verb = tokens[i - 1]
  if (verb?.kind !== 'word' || !SPLIT_VERBS.has(verb.lower)) return undefined
  for (let k = i - 2; k >= Math.max(0, i - 4); k--) {
    const u = tokens[k]
    if (u.kind !== 'word') return undefined
    const q = SPLIT_THINGS[u.lower]
    if (q) return q
  }
  return undefined
}
