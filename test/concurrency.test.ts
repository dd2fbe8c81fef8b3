// `--concurrency`: the built bin on several threads and on one gives the same
// bytes (stdout, stderr), the same exit code and the same fixed files, on the
// shared corpus and examples; and a one-file run (no engine, ./lint.ts
// lintDirect) equals the engine's.
import {execFile} from 'node:child_process'
import {readdirSync} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {dist, ensureBuilt} from './helpers/build.js'
import {removeScratch, scratch} from './helpers/io.js'
import {missing, shared, titled} from './helpers/shared.js'

const corpus = shared('corpus', 'real')
const examples = shared('examples')
const reason = missing(corpus, examples)
const LONG = 300_000

async function bin(cwd: string, ...args: string[]) {
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [dist('src/cli/main.js'), ...args], {cwd, maxBuffer: 64 * 1024 * 1024})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failure = error as {code: number; stdout: string; stderr: string}
    return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr}
  }
}

/** A scratch copy of the corpus and the examples (markdown only). */
async function copy(): Promise<string> {
  const files: Record<string, string> = {}
  for (const [folder, from] of [['corpus', corpus], ['examples', examples]] as const) {
    for (const name of readdirSync(from).filter((entry) => entry.endsWith('.md'))) {
      files[`${folder}/${name}`] = await fs.readFile(path.join(from, name), 'utf8')
    }
  }
  return scratch(files)
}

async function contents(directory: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {}
  for (const folder of ['corpus', 'examples']) {
    for (const name of (await fs.readdir(path.join(directory, folder))).sort()) result[`${folder}/${name}`] = await fs.readFile(path.join(directory, folder, name), 'utf8')
  }
  return result
}

afterAll(removeScratch)

describe.skipIf(reason)(titled('--concurrency: threads give the bytes of one thread', reason), () => {
  let directory = ''
  beforeAll(async () => {
    await ensureBuilt()
    directory = await copy()
  }, 120_000)

  for (const args of [['--format', 'json', '--frail'], ['--no-color', '--verbose'], ['--dry-run', '--quiet']]) {
    it(`deployment-lint ${args.join(' ')} corpus examples`, async () => {
      const threads = await bin(directory, ...args, '--concurrency', '2', 'corpus', 'examples')
      const one = await bin(directory, ...args, '--concurrency', 'off', 'corpus', 'examples')
      expect(threads.stdout.length + threads.stderr.length).toBeGreaterThan(1000)
      expect(threads).toEqual(one)
    }, LONG)
  }

  it('--fix writes the same bytes and reports the same', async () => {
    const [threaded, single] = [await copy(), await copy()]
    const threads = await bin(threaded, '--fix', '--no-color', '--concurrency', '2', 'corpus', 'examples/*.md')
    const one = await bin(single, '--fix', '--no-color', '--concurrency', 'off', 'corpus', 'examples/*.md')
    expect(threads).toEqual(one)
    expect(threads.stderr).toMatch(/: written/)
    expect(await contents(threaded)).toEqual(await contents(single))
  }, LONG)

  it('a file that cannot be read: the same one line and exit 2', async () => {
    const threads = await bin(directory, '--concurrency', '2', 'examples', 'missing.md')
    expect(threads).toEqual(await bin(directory, '--concurrency', 'off', 'examples', 'missing.md'))
    expect(threads).toEqual({code: 2, stdout: '', stderr: 'deployment-lint: cannot read missing.md: no such file\n'})
  }, LONG)

  it('one plain file without the engine equals the engine (a glob forces it)', async () => {
    for (const name of ['moe-16x16-plan.md', 'seed-review.md']) {
      const direct = await bin(path.join(directory, 'examples'), '--format', 'json', name)
      const engine = await bin(path.join(directory, 'examples'), '--format', 'json', name.replace('.md', '*.md'))
      expect(direct.stdout).toContain('"ruleId"')
      expect(direct).toEqual(engine)
    }
  }, LONG)
})

describe('--concurrency values', () => {
  beforeAll(ensureBuilt, 120_000)

  it('rejects a value that is not auto, off or a number, in one line', async () => {
    expect(await bin(process.cwd(), '--concurrency', 'many', 'x.md')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deployment-lint: option --concurrency expects auto, off or a number of threads, not "many"\n'
    })
  })
})
