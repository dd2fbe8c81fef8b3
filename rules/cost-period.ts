/**
 * deployment-cost-period: a cost per hour restated for a day, a month or a year is the cost per hour times the hours
 * of that period (`$59.76 / hour, and over a 730-hour month that's $43,624.80 / month`; `| $/hour | $/month |`).
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import { withoutFix, type Finding } from '../src/report.js'
import type { MoneyPeriodClaim } from '../src/facts.js'
import { halfUnitBase, replacement } from '../src/compare.js'
import { dec, show, type Dec } from '../src/num.js'

/** An amount of money as written in prices: cents when it has them (`$14,342.40`), none when whole (`$105,120`). */
function money(d: Dec): string {
  const text = show(d.toDecimalPlaces(2), 12)
  return /\.\d$/.test(text) ? `${text}0` : text
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const seen = new Set<number>()
  for (const c of a.x.moneyPeriods) {
    if (seen.has(c.other.id)) continue
    seen.add(c.other.id)
    const finding = checkOne(a, c)
    if (finding) out.push(finding)
  }
  return out
}

function checkOne(a: Analysis, c: MoneyPeriodClaim): Finding | undefined {
  const perHour = c.gpus ? c.hourly.value.times(c.gpus.value) : c.hourly.value
  if (perHour.lte(0) || c.other.value.lte(0)) return undefined
  // The rounding of both written amounts (and of the GPU count's product), plus 0.1% for an hourly cost rounded to cents.
  const rel = halfUnitBase(c.other).div(c.other.value).plus(halfUnitBase(c.hourly).div(c.hourly.value)).plus(0.001)
  const fits = (h: number): boolean => {
    const right = perHour.times(h)
    return c.other.value.minus(right).abs().lte(right.times(rel))
  }
  if (c.hours.some(fits)) return undefined
  const $ = c.sign
  const hourText = c.gpus ? `${$}${c.hourly.text} per GPU-hour × ${c.gpus.text} GPUs` : `${$}${c.hourly.text} per hour`
  const periods = c.hours.map((h) => show(dec(h), 6)).join(', ').replace(/, ([^,]*)$/, ' or $1')
  if (!c.stated) {
    return withoutFix({
      place: c.other.place,
      reason: `Unexpected cost per ${c.period} \`${c.other.text}\`: ${hourText} gives ${c.hours.map((h) => $ + money(perHour.times(h))).join(', ')} for a ${c.period} of ${periods} hours`,
      note: `${$}${c.other.text} ÷ ${$}${money(perHour)} per hour = ${show(c.other.value.div(perHour), 4)} hours, which is no ${c.period} of ${periods} hours`,
      fact: c.other,
    })
  }
  const h = c.hours[0]
  const right = perHour.times(h)
  const expected = replacement(c.other, right, a.x.source)
  if (expected === c.other.text) return undefined
  return {
    place: c.other.place,
    reason: `Unexpected cost per ${c.period} \`${c.other.text}\`, expected \`${expected}\`: ${hourText} × ${show(dec(h), 6)} hours per ${c.period} = ${$}${money(right)}`,
    expected,
    note: `${hourText} × ${show(dec(h), 6)} hours per ${c.period} (as the document states) = ${$}${money(right)}, not ${$}${c.other.text}`,
    fact: c.other,
    correct: right,
  }
}

export const docs = {
  summary: 'A cost per hour restated for a day, a month or a year must be the cost per hour times the hours of that period.',
  description: [
    'In a sentence, a cost per hour (`$59.76 / hour`, `$3 an hour`) followed by a cost per day, month or year joined to',
    'it as its restatement (`that is`, `i.e.`, `=`, `so`, `over a 730-hour month that\'s`) must be the cost per hour',
    'times the hours of the period. In a table, a column (or, in a table of quantities by configuration, a row) of',
    'cost per hour, or of cost per GPU-hour with a GPU count, is compared in the same way with a column of cost per',
    'day, month or year. Two prices set side by side (`vs`, `reserved`, `spot`, `than`) and amounts with another',
    'count between them (`$2.49/hour, so 24 GPUs cost …`) are not read. The hours of a month are the ones the document',
    'states (`Month = 730 hours`, `730 hours per month`, `Monthly cost (730 h)`); the message then has a fix. When the',
    'document does not say, the cost must fit a month of 720, 730 or 744 hours (a year of 8,760 or 8,784, a day of 24)',
    'and a cost that fits none is reported without a fix. Each written amount is taken within its rounding, plus 0.1%.',
    'A row or column labelled with a period only (`Hourly`, `Monthly (730 h)`) counts when its cells are amounts of money.',
  ].join('\n'),
}

export default defineRule('cost-period', docs, check)
export { check }
