// `remark --use <plugin>=fix:true -o` (remark-cli, unified-engine's writer)
// changes only the wrong numbers, thanks to the byte-preserving compiler.
import {execFile} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ensureBuilt, root} from './helpers/build.js'
import {removeScratch, scratch} from './helpers/io.js'
import {realPlugin, skipping} from './helpers/real.js'

const remarkBin = path.join(root, 'node_modules', 'remark-cli', 'cli.js')
const testPlugin = path.join(root, 'test', 'helpers', 'cli-plugin.mjs')

async function remark(cwd: string, ...args: string[]) {
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [remarkBin, ...args], {cwd})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failure = error as {code: number; stdout: string; stderr: string}
    return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr}
  }
}

const input = [
  '---',
  'title: plan',
  '---',
  '',
  '* __Sum__: 2 + 2 = 5, doubled 10   ',
  '* Other: 1 + 1 = 2',
  '',
  '| a | b |',
  '|---|:-:|',
  '| 3 + 3 = 7 | x |',
  ''
].join('\r\n')

const real = await realPlugin()

afterAll(removeScratch)

describe('remark-cli with fix:true', () => {
  beforeAll(ensureBuilt, 120_000)

  it('writes only the corrected numbers with -o', async () => {
    const directory = await scratch({'doc.md': input})
    const result = await remark(directory, 'doc.md', '--use', `${testPlugin}=fix:true`, '-o', '--no-color')

    expect(result.code).toBe(0)
    expect(await fs.readFile(path.join(directory, 'doc.md'), 'utf8')).toBe(
      input.replace('2 + 2 = 5, doubled 10', '2 + 2 = 4, doubled 8').replace('3 + 3 = 7', '3 + 3 = 6')
    )
    expect(result.stderr).toContain('doc.md: written')
    expect(result.stderr).toMatch(/info\s+Fixed: Unexpected `5`, expected `4`\s+deployment-test/)
  })

  it('without fix:true, -o reformats (why the fix compiler exists)', async () => {
    const directory = await scratch({'doc.md': input})
    await remark(directory, 'doc.md', '--use', testPlugin, '-o', '--no-color')
    expect(await fs.readFile(path.join(directory, 'doc.md'), 'utf8')).not.toContain('__Sum__')
  })

  it.skipIf(skipping(real.reason, 'remark --use lint-deployment=fix:true'))(
    'remark --use lint-deployment=fix:true -o fixes with the real rules',
    async () => {
      // Inside the project folder so `lint-deployment` resolves to this package.
      const directory = await scratch({'doc.md': '# Heads\n\nAttention heads per GPU: 32 ÷ 4 = 16.\n'}, true)
      const result = await remark(directory, 'doc.md', '--use', 'lint-deployment=fix:true', '-o', '--no-color')
      expect(result.stderr).toContain('written')
      expect(await fs.readFile(path.join(directory, 'doc.md'), 'utf8')).toBe(
        '# Heads\n\nAttention heads per GPU: 32 ÷ 4 = 8.\n'
      )
    }
  )
})
