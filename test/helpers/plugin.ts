// A stand-in for the main plugin, built the way the lead's plugin is
// specified: remark-frontmatter, remark-gfm, remark-lint (message control), the
// rules, and, with `fix: true`, the fix engine.  `severity` configures the
// test rule like a `.remarkrc` severity tuple.
import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkLint from 'remark-lint'
import type {Plugin} from 'unified'
import remarkDeploymentFix from '../../src/fix.js'
import testRule from './test-rule.mjs'

export interface TestPluginOptions {
  fix?: boolean
  severity?: 'warn' | 'error'
}

const testPlugin: Plugin<[TestPluginOptions?], Root> = function (options = {}) {
  this.use(remarkFrontmatter)
  this.use(remarkGfm)
  this.use(remarkLint)
  if (options.severity) this.use(testRule, [options.severity])
  else this.use(testRule)
  if (options.fix) this.use(remarkDeploymentFix)
}

export default testPlugin
export {testRule}
