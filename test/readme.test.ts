// The README's example is generated (scripts/build-readme.ts): its input is
// examples/moe-serving-plan.md and its output is what the linter prints on it.
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {beforeAll, describe, expect, it} from 'vitest'
import {END, EXAMPLE, START, exampleBlock, exampleReport} from '../scripts/build-readme.js'
import {ensureBuilt, root} from './helpers/build.js'

const regenerate = 'README.md example is out of date: run `npm run build && node dist/scripts/build-readme.js`'

describe('README example', () => {
  beforeAll(ensureBuilt, 120_000)

  it('is generated from examples/moe-serving-plan.md and the linter output', async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    expect(start, 'README.md has no generated example block').toBeGreaterThanOrEqual(0)
    expect(readme.slice(start, end + END.length) === (await exampleBlock(root)), regenerate).toBe(true)
  })

  it('shows what remark-cli prints on the example', async () => {
    const remark = path.join(root, 'node_modules', '.bin', 'remark')
    const {stderr} = await promisify(execFile)(remark, ['--use', 'lint-deployment', EXAMPLE, '--no-color', '--no-stdout'], {cwd: root})
    expect(stderr).toBe(await exampleReport(root))
    expect(stderr).toMatch(/^19:39-19:40 warning Unexpected experts per GPU per layer `8`, expected `2`/m)
  }, 60_000)
})
