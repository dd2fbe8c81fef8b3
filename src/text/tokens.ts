/**
 * Tokenizer for the clean text of one segment: numbers (with glued suffix
 * and unit), words, operators and punctuation, each with its offsets in the
 * segment text. One left-to-right pass; every regular expression is anchored
 * (sticky) and linear.
 */
import { parseLiteral, type ParsedLiteral } from '../num.js'
import { matchUnit, type Unit } from '../units.js'
import { compoundNumberWord, leadingNumberWord } from '../lexicon/number-words.js'

export interface NumToken {
  kind: 'num'
  start: number
  end: number
  /** The literal digits (with suffix), e.g. `4.38`, `7B`, `4,096`. */
  numStart: number
  numEnd: number
  lit: ParsedLiteral
  unit?: Unit
  unitText?: string
  unitStart?: number
  /** A word between the number and a token-rate unit: `52.3k input tokens per second` → `input`. */
  qualifier?: string
}

/** `1.5 million`, `2 billion`: a scale word after the digits (one space), read as a suffix. */
const SCALE_WORD = / (thousand|million|billion|trillion)(?![A-Za-z])/iy

/** A scale letter after one space, before the noun of a count (`25.17 M parameters`). */
const SPACED_SCALE = / ([KMB])(?= (?:parameters|params|tokens)\b)/y

const TEX_UNIT = /(?:\\[,;!: ]|~| )?\\(?:text|mathrm|textrm|rm)\{([^{}\\]{1,12})\}/y

/** Words that say which tokens a rate counts, written between the number and the unit. */
const RATE_QUALIFIER = /(input|output|prefill|decode|generated|generation|prompt|total|completion) /iy
/** `10 more minutes`, `2 extra GB`: a word of amount between a number and its unit. */
const AMOUNT_WORD = /(more|extra|additional|further|fewer|less) /iy

export interface WordToken {
  kind: 'word'
  start: number
  end: number
  text: string
  lower: string
}

export type OpSymbol =
  | '×'
  | '÷'
  | '+'
  | '-'
  | '^'
  | '='
  | '≈'
  | '('
  | ')'
  | '<'
  | '>'
  | '≤'
  | '≥'
  | '→'

export interface OpToken {
  kind: 'op'
  start: number
  end: number
  op: OpSymbol
  text: string
}

export interface PunctToken {
  kind: 'punct'
  start: number
  end: number
  text: string
}

export type Token = NumToken | WordToken | OpToken | PunctToken

/** A word token's lower-case text; undefined for any other token or none. */
export function lowerWord(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.lower : undefined
}

const NUMBER = /(?:\d{1,3}(?:\{,\}\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+/y
const WORD = /[A-Za-zµμ_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F][A-Za-z0-9_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]*(?:[-.'][A-Za-z0-9_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+)*/y
const LATEX = /\\([A-Za-z]+)/y
const SPACE = /[ \t\u00A0]+/y

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c)
}

/** The match of a sticky pattern at `pos` (`test` and a slice: no match array for each token). */
function at(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos
  return re.test(text) ? text.slice(pos, re.lastIndex) : undefined
}

export function tokenize(text: string): Token[] {
  const out: Token[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (c === ' ' || c === '\t' || c === '\u00A0') {
      const s = at(SPACE, text, i)!
      i += s.length
      continue
    }
    if (c === '\n' || c === '\r') {
      out.push({ kind: 'punct', start: i, end: i + 1, text: '\n' })
      i++
      continue
    }
    // Numbers: not inside a word (`H100`, `fp8`, `v5e`).
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]) && !isDigit(text[i - 1]))) {
      const prev = text[i - 1]
      const last = out[out.length - 1]
      // `8x16`: the digit after a product `x` starts a number, not a word like `EP8`.
      const afterProductX = last !== undefined && last.kind === 'op' && last.op === '×' && last.end === i
      if (prev !== undefined && /[A-Za-z_]/.test(prev) && !afterProductX) {
        // Part of a word like EP8: handled as a word token below.
      } else {
        const lit = at(NUMBER, text, i)
        if (lit) {
          const tok = numberAt(text, i, lit)
          if (tok) {
            out.push(tok)
            i = tok.end
            continue
          }
        }
      }
    }
    // `x` between numbers, or before a GPU name (`8xH200`, `4x4x2`, `2 x 8`).
    if ((c === 'x' || c === 'X' || c === '×') && isProductX(text, i, out)) {
      out.push({ kind: 'op', start: i, end: i + 1, op: '×', text: c })
      i++
      continue
    }
    if (/[A-Za-zµμ_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/.test(c)) {
      // Words glued to digits (EP8, H100) start with a letter.
      const w = at(WORD, text, i)!
      const lower = w.toLowerCase()
      const spelled = spelledNumberAt(text, i, w, lower)
      if (spelled) {
        out.push(spelled)
        // `twenty-four percent`, `sixteen kibibytes`: the unit is the token's, as after digits.
        i = spelled.unit ? spelled.end : spelled.numEnd
        continue
      }
      out.push({ kind: 'word', start: i, end: i + w.length, text: w, lower })
      i += w.length
      continue
    }
    if (c === '\\') {
      const m = at(LATEX, text, i)
      if (m) {
        const name = m.slice(1)
        if (name === 'times' || name === 'cdot') out.push({ kind: 'op', start: i, end: i + m.length, op: '×', text: m })
        else if (name === 'div') out.push({ kind: 'op', start: i, end: i + m.length, op: '÷', text: m })
        else if (name === 'approx') out.push({ kind: 'op', start: i, end: i + m.length, op: '≈', text: m })
        else if (name === 'text' || name === 'mathrm' || name === 'left' || name === 'right' || name === ',' ) {
          // transparent
        } else out.push({ kind: 'punct', start: i, end: i + m.length, text: m })
        i += m.length
        continue
      }
    }
    const two = text.slice(i, i + 2)
    if (two === '**' && (isDigit(text[i + 2]) || text[i + 2] === '(' || text[i + 2] === ' ')) {
      out.push({ kind: 'op', start: i, end: i + 2, op: '^', text: two })
      i += 2
      continue
    }
    if (two === '->' || two === '=>') {
      out.push({ kind: 'op', start: i, end: i + 2, op: '→', text: two })
      i += 2
      continue
    }
    if (two === '<=' || two === '>=') {
      out.push({ kind: 'op', start: i, end: i + 2, op: two === '<=' ? '≤' : '≥', text: two })
      i += 2
      continue
    }
    // `a · b` multiplies numbers; `· hidden 4096 ·` separates list items.
    if (c === '·' || c === '•') {
      const prev = out[out.length - 1]
      let j = i + 1
      while (text[j] === ' ') j++
      // A spaced middle dot separates list items (`hidden 4096 · 32 heads`); a tight one multiplies (`2·3`).
      const spaced = text[i - 1] === ' ' && text[i + 1] === ' '
      // A spaced one multiplies too inside a sum or an equation (`18.87M + 8 · 4.72M + 0.27M ≈ 56.9M`).
      let after = j
      while (after < text.length && /[\d.,A-Za-z]/.test(text[after])) after++
      while (text[after] === ' ') after++
      const prevPrev = out[out.length - 2]
      // (`32 · (41.94M + 8 · 176.16M)`: before a parenthesis it multiplies too.)
      const inFormula = (prevPrev?.kind === 'op' && prevPrev.op !== '(' && prevPrev.op !== ')') || '+−×÷=≈*·'.includes(text[after] ?? ' ') || text[j] === '('
      const numeric = (!spaced || inFormula) && prev !== undefined && (prev.kind === 'num' || (prev.kind === 'op' && prev.op === ')')) && /[\d(]/.test(text[j] ?? '')
      // `TP·PP`, `ETP·EP·PP`: a tight dot between two words multiplies them too.
      const symbolic = text[i - 1] !== ' ' && text[i + 1] !== ' ' && prev?.kind === 'word' && prev.end === i && /[A-Za-z]/.test(text[i + 1] ?? '')
      if ((!numeric && !symbolic) || c === '•') {
        out.push({ kind: 'punct', start: i, end: i + 1, text: c })
        i++
        continue
      }
    }
    const op = OPS[c]
    if (op) {
      out.push({ kind: 'op', start: i, end: i + 1, op, text: c })
      i++
      continue
    }
    out.push({ kind: 'punct', start: i, end: i + 1, text: c })
    i++
  }
  return out
}

const OPS: Record<string, OpSymbol> = {
  '*': '×',
  '·': '×',
  '⋅': '×',
  '∙': '×',
  '×': '×',
  '÷': '÷',
  '/': '÷',
  '+': '+',
  '-': '-',
  '−': '-',
  '–': '-',
  '^': '^',
  '=': '=',
  '≈': '≈',
  '~': '≈',
  '∼': '≈',
  '≃': '≈',
  '(': '(',
  ')': ')',
  '<': '<',
  '>': '>',
  '≤': '≤',
  '≥': '≥',
  '→': '→',
}

function isProductX(text: string, i: number, out: Token[]): boolean {
  const c = text[i]
  const prev = out[out.length - 1]
  if (c === '×') return true
  // `115,200 tokens x 36 KiB`, `8 GPUs x 80 GB`: a lone x between a count's noun and a number.
  // (`8 kv heads x 128`: up to three words of the noun.)
  if (prev?.kind === 'word' && text[i - 1] === ' ' && text[i + 1] === ' ' && isDigit(text[i + 2])) {
    for (let k = out.length - 2; k >= Math.max(0, out.length - 4); k--) {
      const u = out[k]
      if (u.kind === 'num') return true
      if (u.kind !== 'word') break
    }
  }
  if (!prev || !(prev.kind === 'num' || (prev.kind === 'op' && prev.op === ')'))) return false
  if (prev.kind === 'num' && prev.unit) return false
  const glued = prev.end === i
  let j = i + 1
  while (text[j] === ' ') j++
  const next = text[j]
  if (isDigit(next) || next === '(') return true
  // `8 x $2.49 x 730`: an amount of money after the x.
  if ((next === '$' || next === '€' || next === '£') && isDigit(text[j + 1])) return true
  // `8xH200`, `2x8xH100`, `8 x H100`: a GPU name after the x.
  if (next !== undefined && /[A-Z]/.test(next) && (glued || j > i + 1)) {
    // The x must stand alone: `8xH200` or `8 x H200`, not a word `xyz`.
    return glued ? true : text[i + 1] === ' '
  }
  return false
}

/**
 * A number written as a word, read when a word follows it (`eight GPUs`,
 * `sixteen kibibytes`) or is joined to it (`two-way`, `eight-expert`). The
 * token ends after the unit when one follows, like a written number's.
 */
function spelledNumberAt(text: string, i: number, word: string, lower: string): NumToken | undefined {
  // `a hundred and twenty-eight GPUs`, `six hundred seventy-one gigabytes`: one number of several words.
  if ((text[i + word.length] === ' ' || text[i + word.length] === '\n') && (lower === 'a' || lower === 'an' || lower === 'one' || leadingNumberWord(lower)?.length === lower.length)) {
    const compound = compoundNumberWord(text, i)
    if (compound && /^\s+[A-Za-z]/.test(text.slice(i + compound.length, i + compound.length + 8))) return numberAt(text, i, text.slice(i, i + compound.length), String(compound.value))
  }
  const lead = leadingNumberWord(lower)
  if (!lead) return undefined
  const joined = lead.length < word.length
  if (!joined && !/^ [A-Za-z]/.test(text.slice(i + word.length, i + word.length + 2))) return undefined
  return numberAt(text, i, word.slice(0, lead.length), String(lead.value))
}

function numberAt(text: string, i: number, lit: string, spelled?: string): NumToken | undefined {
  let end = i + lit.length
  // A digit or letter glued after the literal that is not a suffix/unit: a name like 4o-mini.
  let suffix: string | undefined
  let unit: { text: string; unit: Unit } | undefined
  let unitStart: number | undefined
  let rateQualifier: string | undefined
  // LaTeX: `55.05\text{M}`, `80\,\mathrm{GB}`: the braces hold a suffix or a unit.
  TEX_UNIT.lastIndex = end
  const tex = TEX_UNIT.exec(text)
  if (tex) {
    const inner = tex[1].trim()
    const u = matchUnit(inner, 0, true)
    if (inner.length === 1 && 'kKMBGT'.includes(inner)) {
      const parsedTex = parseLiteral(lit, inner)
      if (parsedTex) return { kind: 'num', start: i, end: end + tex[0].length, numStart: i, numEnd: end + tex[0].length, lit: parsedTex }
    } else if (u && u.text.length === inner.length) {
      const parsedTex = parseLiteral(lit)
      if (parsedTex) return { kind: 'num', start: i, end: end + tex[0].length, numStart: i, numEnd: end, lit: parsedTex, unit: u.unit, unitText: u.text, unitStart: end }
    }
  }
  // Glued unit first (`4kB`, `64GB`, `36%`, `1.67x`).
  // `25.17 M parameters`, `1.2 B params`: a scale letter spaced from the digits before a count of parameters or tokens.
  SPACED_SCALE.lastIndex = end
  const spaced = spelled ? null : SPACED_SCALE.exec(text)
  unit = spelled || spaced ? undefined : matchUnit(text, end, true)
  if (spaced) {
    suffix = ' ' + spaced[1]
    end += 2
  } else if (unit) {
    unitStart = end
  } else {
    const s = spelled ? undefined : text[end]
    SCALE_WORD.lastIndex = end
    const scale = spelled ? null : SCALE_WORD.exec(text)
    if (scale) {
      suffix = ' ' + scale[1].toLowerCase()
      end += scale[0].length
    } else if (s !== undefined && 'kKMBGT'.includes(s) && !isWordChar(text[end + 1])) {
      if (s === 'G') {
        // `96G` is memory (96 GB) in the documents we read.
        unit = { text: 'G', unit: matchUnit('GB', 0, true)!.unit }
        unitStart = end
      } else {
        suffix = s
        end += 1
      }
    }
  }
  if (!unit) {
    // One space, then a unit (`64 GB`, `8.5 s`, `85 tokens/ms`).
    let j = end
    if (text[j] === ' ' || text[j] === '\u00A0') j++
    let u = j === end ? undefined : matchUnit(text, j, false)
    let qualifier: string | undefined
    if (!u && j > end) {
      // `52.3k input tokens per second`: a qualifier, then a token rate.
      RATE_QUALIFIER.lastIndex = j
      const q = RATE_QUALIFIER.exec(text)
      const r = q ? matchUnit(text, j + q[0].length, false) : undefined
      if (q && r?.unit.dim === 'tokenRate') {
        u = r
        qualifier = q[1].toLowerCase()
        j += q[0].length
      } else if (!q) {
        AMOUNT_WORD.lastIndex = j
        const m = AMOUNT_WORD.exec(text)
        const v = m ? matchUnit(text, j + m[0].length, false) : undefined
        if (m && v && v.unit.dim !== 'tokenRate') {
          u = v
          j += m[0].length
        }
      }
    }
    if (u) {
      unit = u
      unitStart = j
      rateQualifier = qualifier
    } else if (j === end) {
      // glued after a suffix (`52.3kB`)
      const g = matchUnit(text, j, true)
      if (g && suffix) {
        unit = g
        unitStart = j
      }
    }
  }
  const literal = spelled ? parseLiteral(spelled) : parseLiteral(lit, suffix)
  if (!literal) return undefined
  // parseLiteral's results are shared (frozen): a number written in words gets its own style.
  const parsed = spelled ? { ...literal, style: { ...literal.style, inWords: true } } : literal
  const numEnd = end
  if (unit && unitStart !== undefined) end = unitStart + unit.text.length
  // A number glued to a letter that is neither unit nor suffix is part of a
  // name (`4o`, `3rd`): not a number.
  if (!spelled && !unit && !suffix && /[A-Za-z_]/.test(text[numEnd] ?? '') && !/[xX]/.test(text[numEnd])) return undefined
  return {
    kind: 'num',
    start: i,
    end,
    numStart: i,
    numEnd,
    lit: parsed,
    unit: unit?.unit,
    unitText: unit?.text,
    unitStart,
    ...(rateQualifier ? { qualifier: rateQualifier } : {}),
  }
}
