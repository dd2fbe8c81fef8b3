/**
 * Rule definition: every rule is a unified-lint-rule plugin with origin
 * `remark-lint:deployment-<id>` (so remark-lint's disable comments and
 * severity tuples work), plus its pure `check` over the shared analysis.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { lintRule } from 'unified-lint-rule'
import { getAnalysis, type Analysis } from './analysis.js'
import type { VFileMessage } from 'vfile-message'
import { QUANTITY, type QuantityId } from './lexicon/quantities.js'
import { emit, reasonWithoutFix, withoutFix, type Finding } from './report.js'
import { isNotText } from './text/non-text.js'
import type { Section } from './text/segments.js'
import { owns, runsOf, type Run } from './configs.js'

interface Blame {
  finding: Finding
  message: VFileMessage
}

function blamesOf(a: Analysis): Blame[] {
  let list = a.memo.get('blames') as Blame[] | undefined
  if (!list) a.memo.set('blames', (list = []))
  return list
}

/**
 * One broken relation, one blame: when an earlier finding (of any rule) checks
 * the same relation but blames another of its numbers, each computed from the
 * other, which number is wrong is not known.  The relation stays reported
 * once (the earlier message, which loses its fix) and this one is dropped.
 */
function blamedElsewhere(a: Analysis, f: Finding): boolean {
  const r = f.relation!
  for (const b of blamesOf(a)) {
    const o = b.finding.relation!
    if (o.key !== r.key || b.finding.place.start === f.place.start) continue
    if (!o.uses.includes(r.blames) || !r.uses.includes(o.blames)) continue
    if (b.message.expected) {
      const name = QUANTITY[r.blames as QuantityId]?.name ?? r.blames
      b.message.expected = undefined
      b.message.reason = reasonWithoutFix(b.message.reason)
      b.message.message = b.message.reason
      b.message.note = `${b.message.note ?? ''}; the same relation computed the other way blames the ${name} instead, so either may be the wrong number (no fix)`
    }
    return true
  }
  return false
}

/** Starts of the numbers written as words (`sixteen`): a fix would have to write words, so none is offered there. */
function spelledAt(a: Analysis, start: number): boolean {
  let starts = a.memo.get('spelled') as Set<number> | undefined
  if (!starts) {
    starts = new Set(a.x.facts.filter((f) => f.tok.lit.style.inWords).map((f) => f.place.start))
    a.memo.set('spelled', starts)
  }
  return starts.has(start)
}

/**
 * Findings of a document with several configurations: each configuration's claims checked against its own model, the
 * rest against the whole document's. A claim in the last configuration's section that another configuration's model
 * accepts may be about that one (a closing remark after the last section, in a paragraph of its own): it is reported
 * only when every configuration finds it wrong. A claim in an earlier configuration's section is that configuration's.
 */
function configFindings(a: Analysis, runs: Run[], check: (a: Analysis) => Finding[]): Finding[] {
  const results = runs.map((run) => check(run.analysis))
  const configs = new Set(runs.map((r) => r.config).filter((c): c is Section => c !== undefined))
  // Configurations in document order: only the last one's section may run on into closing remarks about all of them.
  const last = runs[runs.length - 1]?.config
  const out: Finding[] = []
  runs.forEach((run, i) => {
    for (const f of results[i]) {
      if (!owns(run, sectionOf(a, f), configs)) continue
      if (run.config && run.config === last && closingRemark(a, f) && runs.some((other, j) => j > 0 && j !== i && !results[j].some((g) => g.place.start === f.place.start))) continue
      out.push(f)
    }
  })
  return out
}

/**
 * Whether a finding's number may be a closing remark about every configuration: a paragraph of the last section, not
 * a row of its tables or an item of its lists (`- **Expert groups**: 8` under `## Training` is the training's).
 */
function closingRemark(a: Analysis, f: Finding): boolean {
  const seg = f.fact?.seg ?? a.x.segments.find((s) => s.start <= f.place.start && f.place.start < s.start + s.text.length)
  return !seg || (!seg.table && !seg.listItem)
}

/** The section of a finding's number (its fact's, else that of the segment its place falls in). */
function sectionOf(a: Analysis, f: Finding): Section | undefined {
  if (f.fact) return f.fact.seg.section
  let best: Section | undefined
  for (const seg of a.x.segments) if (seg.start <= f.place.start && f.place.start < seg.start + seg.text.length) best = seg.section
  return best
}

export const DOCS_BASE = 'https://github.com/remark-lint-deployment/remark-lint-deployment/blob/main/docs/rules.md'

export interface RuleDocs {
  /** One sentence: what the rule checks. */
  summary: string
  /** Longer explanation (markdown): conventions, tolerance, when it stays silent. */
  description: string
}

export interface RuleModule {
  id: string
  docs: RuleDocs
  check: (a: Analysis) => Finding[]
}

export function ruleUrl(id: string): string {
  return `${DOCS_BASE}#deployment-${id}`
}

export function defineRule(id: string, docs: RuleDocs, check: (a: Analysis) => Finding[]) {
  const plugin = lintRule<Root, unknown>(
    { origin: `remark-lint:deployment-${id}`, url: ruleUrl(id) },
    (tree: Root, file: VFile) => {
      if (isNotText(file)) return
      const analysis = getAnalysis(tree, file)
      const runs = runsOf(analysis)
      const findings = runs.length === 1 ? check(analysis) : configFindings(analysis, runs, check)
      for (let finding of findings) {
        if (finding.relation && blamedElsewhere(analysis, finding)) continue
        if (finding.expected !== undefined && spelledAt(analysis, finding.place.start)) finding = withoutFix(finding)
        const message = emit(file, analysis.x.source, finding, analysis.bom)
        if (message && finding.relation) blamesOf(analysis).push({ finding, message })
      }
    },
  )
  return Object.assign(plugin, { ruleId: `deployment-${id}`, docs, check })
}
