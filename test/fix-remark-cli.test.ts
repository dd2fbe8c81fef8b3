// `remark --use <plugin>=fix:true -o` (remark-cli, unified-engine's writer)
// changes only the wrong numbers, thanks to the byte-preserving compiler.
import {execFile, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
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

// The README's remark-cli fix commands, run as written (with the real
// `node_modules/.bin/remark`) on copies of examples/ in a scratch folder.
// stdin is /dev/null: empty and not a terminal, as in scripts, CI and hooks.
function remarkDotBin(cwd: string, args: readonly string[]): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'remark'), args, {cwd, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.resume()
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stderr}))
  })
}

/** The `npx remark … fix:true … -o` lines of the README's remark-cli section, as argument lists. */
function readmeFixCommands(): string[][] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### remark-cli'), readme.indexOf('### pre-commit'))
  return section
    .split('\n')
    .filter((line) => line.startsWith('npx remark ') && line.includes('fix:true'))
    .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/).slice(2))
}

const examples = ['moe-serving-plan.md', 'training-plan.md', 'plan-review.md']
const examplesText = Object.fromEntries(
  examples.map((name) => [name, readFileSync(path.join(root, 'examples', name), 'utf8')])
)
// Each wrong number of examples/ and its fix; nothing else may change.
const fixed: Record<string, string> = {
  'moe-serving-plan.md': examplesText['moe-serving-plan.md']
    .replace('holds 8 experts', 'holds 2 experts')
    .replace('32 ÷ 4 = 16', '32 ÷ 4 = 8')
    .replace('(20% of 80 GB)', '(15% of 80 GB)'),
  'training-plan.md': examplesText['training-plan.md']
    .replace('accumulation steps**: 32', 'accumulation steps**: 64')
    .replace('51.0 GB', '6.4 GB'),
  'plan-review.md': examplesText['plan-review.md'].replace('(25% of 80 GB)', '(15% of 80 GB)')
}

describe('the README remark-cli fix commands', () => {
  beforeAll(ensureBuilt, 120_000)

  it('the README names its inputs before -o', () => {
    const commands = readmeFixCommands()
    expect(commands.map((args) => args.join(' '))).toEqual([
      'docs/ --use lint-deployment=fix:true --quiet -o',
      'plan.md --use lint-deployment=fix:true --quiet -o'
    ])
  })

  it.skipIf(skipping(real.reason, 'the README remark-cli fix commands'))(
    'fix only the wrong numbers of examples/, and a second run changes nothing',
    async () => {
      const files = Object.fromEntries(examples.map((name) => [`docs/${name}`, examplesText[name]]))
      const directory = await scratch({...files, 'plan.md': examplesText['moe-serving-plan.md']}, true)
      for (const args of readmeFixCommands()) {
        for (let run = 1; run <= 2; run++) {
          const result = await remarkDotBin(directory, [...args, '--no-color'])
          expect(result.code, result.stderr).toBe(0)
        }
      }
      for (const name of examples) {
        expect(await fs.readFile(path.join(directory, 'docs', name), 'utf8'), name).toBe(fixed[name])
      }
      expect(await fs.readFile(path.join(directory, 'plan.md'), 'utf8')).toBe(fixed['moe-serving-plan.md'])
    },
    60_000
  )

  it.skipIf(skipping(real.reason, 'remark -o plan.md with empty stdin'))(
    '`-o plan.md` with empty stdin (no input named before -o) leaves plan.md as it was',
    async () => {
      const directory = await scratch({'plan.md': examplesText['moe-serving-plan.md']}, true)
      const result = await remarkDotBin(directory, ['--use', 'lint-deployment=fix:true', '--quiet', '-o', 'plan.md', '--no-color'])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^plan\.md\n.* error +Refusing to fix empty stdin .*; name the input before -o: remark plan\.md --use lint-deployment=fix:true -o +deployment-fix/m)
      expect(await fs.readFile(path.join(directory, 'plan.md'), 'utf8')).toBe(examplesText['moe-serving-plan.md'])

      // With --file-path the plugin sees the path and compares with the disk.
      const named = await remarkDotBin(directory, ['--use', 'lint-deployment=fix:true', '--file-path', 'plan.md', '-o', '--no-color'])
      expect(named.code).toBe(1)
      expect(named.stderr).toContain('Refusing to overwrite plan.md with empty stdin; name the input before -o')
      expect(await fs.readFile(path.join(directory, 'plan.md'), 'utf8')).toBe(examplesText['moe-serving-plan.md'])
    },
    60_000
  )
})
