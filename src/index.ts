/**
 * remark-lint-deployment: recompute the arithmetic of LLM deployment plans.
 *
 * `remark().use(lintDeployment)` works alone: it parses GFM tables and YAML
 * front matter (remark-gfm and remark-frontmatter, deduplicated by unified
 * when a config lists them too), attaches remark-lint (so `<!-- lint disable
 * deployment-… -->` comments work) and every rule, each a unified-lint-rule
 * plugin with origin `remark-lint:deployment-<id>`.
 */
import type { Processor } from 'unified'
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkLint from 'remark-lint'
import { rules } from '../rules/index.js'
import { setOptions } from './analysis.js'
import { checkOptions, type Options } from './options.js'
import remarkDeploymentFix from './fix.js'
import { rejectNonText } from './text/non-text.js'

export type { Options } from './options.js'
export { rules }

export default function remarkLintDeployment(this: Processor, options?: Options | null) {
  this.use(remarkGfm)
  this.use(remarkFrontmatter, ['yaml', 'toml'])
  this.use(remarkLint)
  for (const rule of rules) this.use(rule)
  const problem = checkOptions(options)
  const opts: Options = problem ? {} : (options ?? {})
  if (opts.fix) this.use(remarkDeploymentFix)
  return function (_tree: Root, file: VFile): void {
    if (problem) {
      const m = file.message(`Invalid remark-lint-deployment options: ${problem}`, { ruleId: 'options', source: 'remark-lint-deployment' })
      m.fatal = true
      return
    }
    setOptions(file, opts)
    // Runs before the rules (their transformers come after this one).
    rejectNonText(file)
  }
}
