/**
 * deployment-total: a Total row of a table (or a Total item of a list) equals
 * the sum of its parts, within their rounding. Parts a model rule found wrong
 * are replaced by their right values first (root cause first).
 */
import { defineRule } from '../src/rule.js'
import { PER_UNIT_ROW } from '../src/lexicon/columns.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import { dec, show, type Dec } from '../src/num.js'
import { halfUnitBase, replacement } from '../src/compare.js'
import { corrections } from '../src/corrections.js'
import type { Segment } from '../src/text/segments.js'
import { cuesOfText, type LabelRole } from '../src/lexicon/cues.js'

function factsIn(a: Analysis, seg: Segment): Fact[] {
  return (a.x.factsOf.get(seg) ?? []).filter((f) => !(f.expr && f.expr.role === 'operand'))
}

interface Group {
  parts: Fact[]
  total: Fact
  /** A subtotal after another may be a running total: every part since the last total (`Weights subtotal`, then `Non-KV total`). */
  running?: Fact[]
  /** A subtotal (`Non-expert subtotal`): it may sum only the rows right above it. */
  subtotal?: boolean
}

/** A number written plainly (no unit or suffix): a count or an amount in the column's unit that can add up. */
function plain(f: Fact): boolean {
  return !f.unit && !f.tok.lit.style.suffix
}

/**
 * `| **Q3** | | | | **$1,290,160** |` as the last row: a bold label with bold values under some columns only (the others
 * empty) sums the rows above it.
 */
function boldSumRow(row: Segment[], source: string): boolean {
  // (Cell texts blank the emphasis marks out; the source keeps them.)
  const bold = (x: Segment): boolean => /^\s*(\*\*|__)[^*_]+(\*\*|__)\s*$/.test(source.slice(x.start, x.start + x.text.length).replace(/\|/g, ' '))
  const cells = row.slice(1)
  const filled = cells.filter((x) => x.text.replace(/\|/g, ' ').trim() !== '')
  return row.length >= 3 && bold(row[0]) && filled.length > 0 && filled.length < cells.length && filled.every(bold)
}

/** A row `X (per Y)` with another row of the same X (`Large (per replica)`, `Large (2 replicas)`). */
function unitRow(grid: Segment[][], k: number): boolean {
  const label = grid[k][0]?.text ?? ''
  const open = label.indexOf('(')
  if (open <= 0 || !PER_UNIT_ROW.test(label.slice(open))) return false
  const base = label.slice(0, open).trim().toLowerCase()
  return grid.some((row, m) => m !== k && m > 0 && (row[0]?.text ?? '').trim().toLowerCase().startsWith(base) && !PER_UNIT_ROW.test(row[0]?.text ?? ''))
}

function tableGroups(a: Analysis): Group[] {
  const groups: Group[] = []
  for (const [id, grid] of a.x.tables.entries()) {
    if (!grid || grid.length < 4) continue
    const cols = grid[0]?.length ?? 0
    let from = 1
    const kind = (r: number): LabelRole => {
      const role = a.x.rowRoles[id]?.[r] ?? 'part'
      return role === 'part' && r === grid.length - 1 && boldSumRow(grid[r], a.x.source) ? 'total' : role
    }
    let subFrom = 1
    for (let r = 1; r < grid.length; r++) {
      const k = kind(r)
      if (k === 'part') continue
      const start = k === 'subtotal' ? subFrom : from
      for (let c = 1; c < cols; c++) {
        const totalCell = grid[r][c]
        if (!totalCell) continue
        const tf = factsIn(a, totalCell)
        // A bare count adds up only in a column of counts that sum (`GPUs, N+1`, `Replicas`), not `Per-replica` or `Max`.
        const bareCount = tf.length === 1 && plain(tf[0]) && !cuesOfText(grid[0][c]?.text ?? '').has('notSummable')
        // `| **sum** | | | **34.4B** |`: counts written with a suffix (parameters) add up like amounts.
        const scaled = tf.length === 1 && !tf[0].unit && Boolean(tf[0].tok.lit.style.suffix)
        if (tf.length !== 1 || (!tf[0].unit && !bareCount && !scaled) || tf[0].unit?.dim === 'percent') continue
        const parts: Fact[] = []
        let ok = true
        for (let k = start; k < r; k++) {
          if (kind(k) !== 'part') continue
          // `| Large (per replica) | 8 |` above `| Large (2 replicas) | 16 |`: a row of one unit beside a row of the same
          // thing shows its rate, not an addend.
          if (unitRow(grid, k)) continue
          const cell = grid[k][c]
          const fs = cell ? factsIn(a, cell) : []
          // Counts of other things (`nodes 4`, `GPUs per node 8` above `GPUs in total 32`) are factors, not parts.
          const otherThing = bareCount && fs.length === 1 && fs[0].quantity !== undefined && fs[0].quantity !== tf[0].quantity
          // `| **Total** | **7** | **11 nodes** |` under `Nodes / instance`: a total that names its things over bare parts
          // counts another thing (instances × nodes each), no sum of the column.
          const named = !tf[0].unit && tf[0].noun !== undefined && fs.length === 1 && fs[0].noun === undefined
          // (`| GPUs | 32 |`, `| Rate per GPU-hour | $2.49 |` above `| 12-month total | $697,996.80 |`: amounts and counts
          // do not add up.)
          const otherKind = Boolean(fs[0]?.money) !== Boolean(tf[0].money)
          if (fs.length !== 1 || fs[0].unit?.dim !== tf[0].unit?.dim || (bareCount && !plain(fs[0])) || (scaled && !fs[0].tok.lit.style.suffix) || otherThing || named || otherKind) {
            ok = false
            break
          }
          parts.push(fs[0])
        }
        const running: Fact[] = []
        if (ok && k === 'subtotal' && start > from) {
          for (let m = from; m < r; m++) {
            const fs = kind(m) === 'part' && grid[m][c] ? factsIn(a, grid[m][c]) : []
            if (fs.length === 1 && fs[0].unit?.dim === tf[0].unit?.dim) running.push(fs[0])
          }
        }
        if (ok && parts.length >= 2) groups.push({ parts, total: tf[0], running: running.length > parts.length ? running : undefined, subtotal: k === 'subtotal' })
      }
      subFrom = r + 1
      if (k === 'total') from = r + 1
    }
  }
  return groups
}

function listGroups(a: Analysis): Group[] {
  // The valued items of each list, in order, each with its values.
  const byList = new Map<number, Fact[][]>()
  const ofItem = new Map<string, Fact[]>()
  for (const f of a.x.facts) {
    const li = f.seg.listItem
    if (!li || f.seg.kind !== 'paragraph' || !f.unit || f.unit.dim === 'percent' || f.expr?.role === 'operand') continue
    const key = `${li.list}:${li.item}`
    let items = ofItem.get(key)
    if (!items) {
      ofItem.set(key, (items = []))
      const list = byList.get(li.list) ?? []
      list.push(items)
      byList.set(li.list, list)
    }
    items.push(f)
  }
  const groups: Group[] = []
  for (const items of byList.values()) {
    const at = items.findIndex((vs) => vs.length === 1 && a.x.clauses[vs[0].clause].labelRole === 'total')
    if (at < 0 || items.some((vs, k) => k !== at && vs.length === 1 && a.x.clauses[vs[0].clause].labelRole === 'total')) continue
    const total = items[at][0]
    // An item before the total with two values (`32 GiB (34.4 GB)`, a result and a note) is not one part; items after
    // the total (`- Memory in use: 2.0% of 192 GB is 3.830 GB`) are remarks on it.
    const before = items.slice(0, at)
    if (before.some((vs) => vs.length > 1)) continue
    // (Parts per something the total is not, `65 tokens/s per GPU` above a `Total … 1,040 tokens/s`, are no parts.)
    const gpu = (f: Fact): boolean => f.scopes.has('gpu') || f.perGpuContext
    const others = (f: Fact): string => [...f.scopes].filter((x) => x !== 'gpu').sort().join(' ')
    const sameScopes = (f: Fact): boolean => gpu(f) === gpu(total) && others(f) === others(total)
    const parts = before.map((vs) => vs[0]).filter((f) => f.unit?.dim === total.unit?.dim && a.x.clauses[f.clause].label && sameScopes(f))
    if (parts.length >= 2 && parts.length === before.length) groups.push({ parts, total })
  }
  return groups
}

/**
 * The sums from each row equal to the sum of the rows above it (an unlabelled subtotal) to the end. Every such row is
 * tried: `3.81 + 3.81 ≈ 7.63` may be a coincidence of a part, and the subtotal a later row.
 */
function impliedSubtotals(parts: Fact[]): Array<{ sum: Dec; from: number }> {
  const out: Array<{ sum: Dec; from: number }> = []
  let above = dec(0)
  let slack = dec(0)
  for (let m = 0; m < parts.length; m++) {
    const p = parts[m]
    if (m >= 2 && p.value.minus(above).abs().lte(slack.plus(halfUnitBase(p)))) {
      let rest = dec(0)
      for (const q of parts.slice(m)) rest = rest.plus(q.value)
      out.push({ sum: rest, from: m })
    }
    above = above.plus(p.value)
    slack = slack.plus(halfUnitBase(p))
  }
  return out
}

/** Whether the last two parts or more (a run right above the total) add up to it within their rounding. */
function suffixFits(parts: Fact[], total: Fact): boolean {
  let sum = dec(0)
  let slack = halfUnitBase(total)
  for (let m = parts.length - 1; m >= 0; m--) {
    sum = sum.plus(parts[m].value)
    slack = slack.plus(halfUnitBase(parts[m]))
    if (m <= parts.length - 2 && sum.minus(total.value).abs().lte(slack)) return true
  }
  return false
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const fixed = corrections(a)
  for (const g of [...tableGroups(a), ...listGroups(a)]) {
    const { total } = g
    if (total.quoted || g.parts.some((p) => p.quoted)) continue
    let sum = dec(0)
    let corrected = dec(0)
    let slack = halfUnitBase(total)
    let anyFixed = false
    for (const p of g.parts) {
      sum = sum.plus(p.value)
      const c = fixed.get(p)
      if (c) anyFixed = true
      corrected = corrected.plus(c ?? p.value)
      slack = slack.plus(halfUnitBase(p))
    }
    const approx = total.approx || g.parts.some((p) => p.approx)
    const tol = approx ? slack.plus(total.value.times(0.05)) : slack
    const fits = (s: Dec): boolean => s.minus(total.value).abs().lte(tol)
    if (fits(sum) || (anyFixed && fits(corrected))) continue
    if (g.running) {
      let run = dec(0)
      let runSlack = halfUnitBase(total)
      for (const p of g.running) [run, runSlack] = [run.plus(p.value), runSlack.plus(halfUnitBase(p))]
      if (run.minus(total.value).abs().lte(approx ? runSlack.plus(total.value.times(0.05)) : runSlack)) continue
    }
    // `| Weights | | 29.44 |` after the rows it sums, unlabelled: a row equal to the sum of the rows above it is their
    // subtotal, and the total adds it and the rows after it.
    // `| **Non-expert subtotal** | 11.7 GB |` below the routed experts: a subtotal may sum the rows right above it only.
    if (g.subtotal && !anyFixed && suffixFits(g.parts, total)) continue
    const subs = anyFixed ? [] : impliedSubtotals(g.parts)
    if (subs.some((x) => fits(x.sum))) continue
    // A whole number equal to the two rows above it may be a part that happens to match them (`8, 4, 12` under a
    // total of 32, where 12 is wrong): which number is wrong cannot be told, so the total says nothing.
    if (subs.some((x) => x.from < 3 && g.parts[x.from].value.isInteger())) continue
    const sub = subs.at(-1)
    const target = anyFixed ? corrected : (sub?.sum ?? sum)
    const expected = replacement(total, target, a.x.source)
    // In the total's own unit or suffix (`32.37B`, not `32,370,000,000`).
    const lit = total.tok.lit
    const suffix = !total.unit && lit.style.suffix && !lit.digits.isZero() ? lit.style.suffix : ''
    const factor = total.unit ? total.unit.factor : suffix ? lit.value.div(lit.digits).toNumber() : 1
    const partsText = g.parts.slice(sub?.from ?? 0).map((p) => show(dec(fixed.get(p) ?? p.value).div(factor), 12) + suffix).join(' + ')
    out.push({
      place: total.place,
      reason: `Unexpected total \`${total.text}\`, expected \`${expected}\`: the parts add up to ${show(target.div(factor), 12)}${suffix}`,
      expected,
      note: `${partsText} = ${show(target.div(factor), 12)}${suffix}${anyFixed ? ' (with the corrected parts)' : ''}, not ${total.text}`,
    })
  }
  return out
}

export const docs = {
  summary: 'A Total row or item must equal the sum of the parts above it, within their rounding.',
  description: [
    'Tables: a row whose first cell starts with Total, Sum or Overall is compared, column by column, with the sum of the',
    'rows above it (since the previous total), when every one of those cells holds one number of the same kind.',
    'Lists: an item labelled Total… is compared with the labelled items before it in the same list, when each holds one',
    'value of the total’s scope (per GPU or not); items after the total are remarks on it.',
    'The tolerance is the rounding of every number involved. When a model rule finds a part wrong (for example the',
    'expert weights of a memory table), the total is checked against the corrected part, and only the part is reported.',
    'Bare counts add up too (`| **Total** | … | **19** | **82** |` under `Replicas` and `GPUs`) when every cell is a whole number written',
    'without a suffix and the column does not name an average, a maximum, a share or a per-item value.',
  ].join('\n'),
}

export default defineRule('total', docs, check)
export { check }
