/**
 * Numbers written as words (`two-way tensor parallelism`, `eight GPUs`,
 * `sixteen kibibytes`, `thirty-two layers`). `one` is left out: it is far more
 * often a pronoun or an article (`one of the experts`, `one GPU holds`) than a
 * count, and the plans that mean one GPU say so in other words the lexicon
 * reads.
 */
const UNITS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
}
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }
const ONES: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 }

const NUMBER_WORDS = [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(ONES)]
const NUMBER_WORD_START = new Set(NUMBER_WORDS.map((w) => w[0]))
/** The first three letters of every number word (`two`, `thi`, `for`): `the`, `to`, `size` are ruled out here. */
const NUMBER_WORD_PREFIX = new Set(NUMBER_WORDS.map((w) => w.slice(0, 3)))

/** The value of a number word (`eight`, `thirty-two`, `sixty four` is two words and not read), or undefined. */
export function numberWord(lower: string): number | undefined {
  if (lower in UNITS) return UNITS[lower]
  if (lower in TENS) return TENS[lower]
  const dash = lower.indexOf('-')
  if (dash > 0) {
    const tens = TENS[lower.slice(0, dash)]
    const ones = ONES[lower.slice(dash + 1)]
    if (tens !== undefined && ones !== undefined) return tens + ones
  }
  return undefined
}

/** The number word at the start of a hyphenated word (`two-way`, `eight-expert`, `thirty-two-layer`), with its length. */
export function leadingNumberWord(lower: string): { value: number; length: number } | undefined {
  // Every number word starts with one of these letters and prefixes: most words are ruled out before any lookup.
  if (!NUMBER_WORD_START.has(lower[0]) || !NUMBER_WORD_PREFIX.has(lower.slice(0, 3))) return undefined
  const whole = numberWord(lower)
  if (whole !== undefined) return { value: whole, length: lower.length }
  if (!lower.includes('-')) return undefined
  const parts = lower.split('-')
  const two = parts.length > 2 ? numberWord(`${parts[0]}-${parts[1]}`) : undefined
  if (two !== undefined) return { value: two, length: parts[0].length + 1 + parts[1].length }
  const one = numberWord(parts[0])
  return one !== undefined ? { value: one, length: parts[0].length } : undefined
}

const LARGE = new Map<string, number>([['million', 1e6], ['billion', 1e9], ['trillion', 1e12]])

/** One word of a compound at text[i] (letters and hyphens), lower case, or undefined. */
function wordAt(text: string, i: number): string | undefined {
  let j = i
  while (j < text.length) {
    const c = text.charCodeAt(j)
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
    if (!letter && !(c === 45 && j > i)) break
    j++
  }
  return j > i ? text.slice(i, j).toLowerCase() : undefined
}

/** Past one space, or a line break with its indent (`fifty-two\n  billion` in a wrapped list item), after a word; `at` if none. */
function gapAfter(text: string, at: number): number {
  let gap = at
  while (text[gap] === ' ') gap++
  if (text[gap] === '\n') for (gap++; text[gap] === ' '; ) gap++
  return gap - at > 12 ? at : gap
}

/**
 * A number of several words with `hundred` or `thousand` (`a hundred and twenty-eight`, `six hundred seventy-one`,
 * `eleven hundred`, `two thousand five hundred`), read left to right in one pass: its value and its length in the
 * text, or undefined when the words are no such number.
 */
export function compoundNumberWord(text: string, i: number): { value: number; length: number } | undefined {
  let total = 0
  let group = 0
  let pos = i
  let end = i
  let scaled = false
  let expectSmall = true
  for (let steps = 0; steps < 12; steps++) {
    const w = wordAt(text, pos)
    if (w === undefined) break
    const next = pos + w.length
    if (w === 'hundred' && group > 0 && group < 100) {
      group *= 100
      scaled = true
      end = next
      expectSmall = true
    } else if (w === 'thousand' && (group > 0 || total > 0) && total === 0) {
      total = (group || 1) * 1000
      group = 0
      scaled = true
      end = next
      expectSmall = true
    } else if (LARGE.has(w) && group > 0 && total === 0) {
      // `thirty-eight billion`: a large scale ends the number.
      total = group * LARGE.get(w)!
      group = 0
      scaled = true
      end = next
      break
    } else if (w === 'and' && scaled && group % 100 === 0) {
      // `a hundred and twenty`: `and` joins only when a number word follows.
      const after = wordAt(text, next + 1)
      if (after === undefined || numberWord(after) === undefined) break
    } else if (expectSmall && (w === 'a' || w === 'an' || w === 'one') && group === 0 && total === 0 && steps === 0) {
      group = 1
      expectSmall = false
      end = next
    } else if (expectSmall && numberWord(w) !== undefined && group % 100 === 0) {
      group += numberWord(w)!
      end = next
      expectSmall = false
      // `six hundred seventy-one` ends here unless a scale follows (`four hundred forty thousand`).
      const scale = wordAt(text, gapAfter(text, next))
      if (group % 100 !== 0 && scaled && !(scale === 'thousand' || (scale !== undefined && LARGE.has(scale)))) break
    } else break
    const gap = gapAfter(text, next)
    if (gap === next) break
    pos = gap
  }
  if (!scaled) return undefined
  return { value: total + group, length: end - i }
}
