/**
 * `deployment-lint --explain`: the resolved model, derived quantities and
 * claims of moe-16x16-plan.md, compared with a golden file. Regenerate with
 * UPDATE_GOLDEN=1 after an intended change, and read the diff.
 */
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { root } from './helpers/build.js'
import { skipping } from './helpers/real.js'
import { missing, shared, titled } from './helpers/shared.js'

const examples = shared('examples')
const golden = path.join(root, 'fixtures/explain/moe-16x16-plan.md')
const reason = missing(path.join(examples, 'moe-16x16-plan.md'), path.join(root, 'dist/src/cli/main.js'))
const title = 'prints the model, the derivations and the claims of moe-16x16-plan.md'

describe('deployment-lint --explain', () => {
  it.skipIf(skipping(reason, title))(titled(title, reason), () => {
    let out = ''
    try {
      out = execFileSync(process.execPath, [path.join(root, 'dist/src/cli/main.js'), '--explain', '--quiet', 'moe-16x16-plan.md'], {
        cwd: examples,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
    } catch (error) {
      out = (error as { stdout: string }).stdout
    }
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, out)
    expect(out).toContain('| 39 | `12` | GPUs per replica | 16 | ✗ |')
    expect(out).toContain('| 45 | `8` | experts per GPU | 2 or 8 | ✓ |')
    expect(out).toBe(readFileSync(golden, 'utf8'))
  })
})
