/**
 * Rule definition: every rule is a unified-lint-rule plugin with origin
 * `remark-lint:deployment-<id>` (so remark-lint's disable comments and
 * severity tuples work), plus its pure `check` over the shared analysis.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { lintRule } from 'unified-lint-rule'
import { getAnalysis, type Analysis } from './analysis.js'
import { emit, type Finding } from './report.js'
import { isNotText } from './text.js'

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
      for (const finding of check(analysis)) emit(file, analysis.x.source, finding, analysis.bom)
    },
  )
  return Object.assign(plugin, { ruleId: `deployment-${id}`, docs, check })
}
