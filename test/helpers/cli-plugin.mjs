// The test stand-in for the main plugin as plain JS (for remark-cli and the
// language server, which load plugins natively): remark-frontmatter,
// remark-gfm, remark-lint, the test rule, and with `fix: true` the BUILT fix
// engine (dist/src/fix.js; run `npm run build` first).
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkLint from 'remark-lint'
import remarkDeploymentFix from '../../dist/src/fix.js'
import testRule from './test-rule.mjs'

export default function cliTestPlugin(options = {}) {
  this.use(remarkFrontmatter)
  this.use(remarkGfm)
  this.use(remarkLint)
  this.use(testRule)
  if (options.fix) this.use(remarkDeploymentFix)
}
