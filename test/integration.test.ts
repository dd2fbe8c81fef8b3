/**
 * The plugin inside the remark ecosystem, as users configure it: remark-lint
 * comments, `.remarkrc`-style severities, remark-gfm / remark-frontmatter
 * listed by the user too, bad options, and the package entry points that
 * `remark --use lint-deployment` loads.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { remark } from 'remark'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { Root } from 'mdast'
import type { Processor } from 'unified'
import lintDeployment from '../src/index.js'
import arithmeticRule from '../rules/arithmetic.js'
import { ruleUrl } from '../src/rule.js'

const run = promisify(execFile)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

interface Seen {
  ruleId: string
  place: string
  actual?: string
  expected?: string[]
  fatal: boolean | null | undefined
}

function seen(m: VFileMessage): Seen {
  const p = m.place && 'start' in m.place ? `${m.place.start.line}:${m.place.start.column}-${m.place.end.line}:${m.place.end.column}` : `${m.line}:${m.column}`
  return { ruleId: String(m.ruleId), place: p, actual: m.actual, expected: m.expected, fatal: m.fatal }
}

// Any remark processor (the plugin list changes its type parameters).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Build = () => Processor<any, any, any, any, any>

async function lint(build: Build, value: string): Promise<{ messages: Seen[]; tree: Root }> {
  const processor = build()
  const file = new VFile({ path: path.join(root, 'integration-check.md'), value })
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return { messages: file.messages.map(seen), tree }
}

describe('remark-lint comments', () => {
  const doc = [
    '# Sizing checks',
    '',
    '<!-- lint disable deployment-arithmetic -->',
    '',
    'First check: 32 ÷ 4 = 16.',
    '',
    '<!-- lint enable deployment-arithmetic -->',
    '',
    'Second check: 64 ÷ 8 = 16.',
    '',
    '<!-- lint ignore deployment-arithmetic -->',
    '',
    'Third check: 48 ÷ 4 = 16.',
    '',
    'Fourth check: 96 ÷ 4 = 16.',
    '',
  ].join('\n')

  it('the wrong `32 ÷ 4 = 16` is reported without comments', async () => {
    const { messages } = await lint(() => remark().use(lintDeployment), 'First check: 32 ÷ 4 = 16.\n')
    expect(messages).toEqual([{ ruleId: 'deployment-arithmetic', place: '1:23-1:25', actual: '16', expected: ['8'], fatal: false }])
  })

  it('`lint disable` suppresses, `lint enable` brings it back, `lint ignore` covers only the next block', async () => {
    const { messages } = await lint(() => remark().use(lintDeployment), doc)
    expect(messages).toEqual([
      { ruleId: 'deployment-arithmetic', place: '9:24-9:26', actual: '16', expected: ['8'], fatal: false },
      { ruleId: 'deployment-arithmetic', place: '15:24-15:26', actual: '16', expected: ['24'], fatal: false },
    ])
  })

  it('disabling another rule leaves deployment-arithmetic on', async () => {
    const { messages } = await lint(() => remark().use(lintDeployment), '<!-- lint disable deployment-total -->\n\nFirst check: 32 ÷ 4 = 16.\n')
    expect(messages.map((m) => m.ruleId)).toEqual(['deployment-arithmetic'])
  })
})

describe('severity configuration (.remarkrc style)', () => {
  const value = 'Attention heads per GPU: 32 ÷ 4 = 16.\n'

  it("`.use(arithmeticRule, ['off'])` after the preset turns the rule off", async () => {
    const { messages } = await lint(() => remark().use(lintDeployment).use(arithmeticRule, ['off']), value)
    expect(messages.filter((m) => m.ruleId === 'deployment-arithmetic')).toEqual([])
  })

  it("`.use(arithmeticRule, ['off'])` before the preset turns the rule off too", async () => {
    const { messages } = await lint(() => remark().use(arithmeticRule, ['off']).use(lintDeployment), value)
    expect(messages.filter((m) => m.ruleId === 'deployment-arithmetic')).toEqual([])
  })

  for (const level of [[2], ['error']] as const) {
    it(`\`.use(arithmeticRule, ${JSON.stringify(level)})\` makes its messages fatal`, async () => {
      const processor = remark().use(lintDeployment).use(arithmeticRule, [...level])
      const file = new VFile({ path: path.join(root, 'integration-check.md'), value })
      await processor.run(processor.parse(file), file)
      const mine = file.messages.filter((m) => m.ruleId === 'deployment-arithmetic')
      expect(mine.map(seen)).toEqual([{ ruleId: 'deployment-arithmetic', place: '1:35-1:37', actual: '16', expected: ['8'], fatal: true }])
      expect(mine[0].url).toBe(ruleUrl('arithmetic'))
    })
  }

  it("`['warn']` keeps them warnings", async () => {
    const { messages } = await lint(() => remark().use(lintDeployment).use(arithmeticRule, ['warn']), value)
    expect(messages.filter((m) => m.ruleId === 'deployment-arithmetic').map((m) => m.fatal)).toEqual([false])
  })
})

describe('remark-gfm and remark-frontmatter listed by the user as well', () => {
  const value = [
    '---',
    'title: Memory plan',
    'owner: inference-platform',
    '---',
    '',
    '# Memory per GPU',
    '',
    '| Component | Memory |',
    '|-----------|--------|',
    '| Model weights | 23.40 GB |',
    '| KV cache | 41.00 GB |',
    '| Activations and workspace | 4.00 GB |',
    '| **Total** | **64.40 GB** |',
    '',
  ].join('\n')
  const expected: Seen[] = [{ ruleId: 'deployment-total', place: '13:17-13:25', actual: '64.40 GB', expected: ['68.40 GB'], fatal: false }]

  const orders: Array<[string, Build]> = [
    ['lintDeployment alone', () => remark().use(lintDeployment)],
    ['remarkGfm then lintDeployment', () => remark().use(remarkGfm).use(lintDeployment)],
    ['lintDeployment then remarkGfm', () => remark().use(lintDeployment).use(remarkGfm)],
    ['remarkFrontmatter + remarkGfm then lintDeployment', () => remark().use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(lintDeployment)],
    ['lintDeployment then remarkFrontmatter + remarkGfm', () => remark().use(lintDeployment).use(remarkFrontmatter, ['yaml']).use(remarkGfm)],
  ]

  for (const [name, build] of orders) {
    it(`${name}: the wrong total in the table is reported once, at the same place; the front matter is YAML`, async () => {
      const { messages, tree } = await lint(build, value)
      expect(messages).toEqual(expected)
      expect(tree.children[0].type).toBe('yaml')
      expect(tree.children.some((n) => n.type === 'table')).toBe(true)
      // Misparsed front matter would turn `owner: …` into a setext heading.
      expect(tree.children.filter((n) => n.type === 'heading').length).toBe(1)
    })
  }

  it('the plugin attaches remark-gfm and remark-frontmatter only once', () => {
    const processor = remark().use(remarkGfm).use(lintDeployment).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm)
    processor.freeze()
    const attached = processor.attachers.map(([plugin]) => plugin)
    expect(attached.filter((p) => p === remarkGfm).length).toBe(1)
    expect(attached.filter((p) => p === remarkFrontmatter).length).toBe(1)
  })
})

describe('options', () => {
  it('an unknown option yields one fatal message naming it, and no throw', async () => {
    const processor = remark().use(lintDeployment, { nope: 1 } as never)
    const file = new VFile({ path: path.join(root, 'integration-check.md'), value: '# Plan\n\nNothing to check here.\n' })
    await expect(processor.process(file)).resolves.toBeDefined()
    expect(file.messages.length).toBe(1)
    expect(file.messages[0].fatal).toBe(true)
    expect(file.messages[0].reason).toContain('nope')
  })

  it('a wrongly typed option yields one fatal message naming it', async () => {
    const processor = remark().use(lintDeployment, { fix: 'yes' } as never)
    const file = new VFile({ path: path.join(root, 'integration-check.md'), value: '# Plan\n\nNothing to check here.\n' })
    await processor.process(file)
    expect(file.messages.map((m) => m.fatal)).toEqual([true])
    expect(file.messages[0].reason).toContain('fix')
  })
})

describe('package entry points (what `remark --use lint-deployment` loads)', () => {
  const built = existsSync(path.join(root, 'dist', 'src', 'index.js'))

  it('dist/ is built (run `npm run build` first)', () => {
    expect(built).toBe(true)
  })

  it.runIf(built)("`import('remark-lint-deployment')` and `remark-lint-deployment/rules/<id>` resolve from the project root", async () => {
    const script = [
      "const m = await import('remark-lint-deployment')",
      "const r = await import('remark-lint-deployment/rules/arithmetic')",
      'console.log(JSON.stringify({ plugin: typeof m.default, rules: m.rules.map((x) => x.ruleId), rule: r.default.ruleId, same: m.rules.includes(r.default) }))',
    ].join('\n')
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root })
    const out = JSON.parse(stdout) as { plugin: string; rules: string[]; rule: string; same: boolean }
    expect(out.plugin).toBe('function')
    expect(out.rules).toContain('deployment-arithmetic')
    expect(out.rule).toBe('deployment-arithmetic')
    expect(out.same).toBe(true)
  })

  const cli = path.join(root, 'node_modules', 'remark-cli', 'cli.js')
  const hasCli = existsSync(cli)
  const dir = mkdtempSync(path.join(tmpdir(), 'remark-lint-deployment-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.runIf(built && hasCli)('`remark --use lint-deployment` reports the table total once, with or without `--use gfm`, in any order', async () => {
    const file = path.join(dir, 'plan.md')
    writeFileSync(
      file,
      ['# Memory per GPU', '', '| Component | Memory |', '|---|---|', '| Model weights | 23.40 GB |', '| KV cache | 41.00 GB |', '| **Total** | **60.40 GB** |', ''].join('\n'),
    )
    const reports: string[] = []
    for (const uses of [['lint-deployment'], ['gfm', 'lint-deployment'], ['lint-deployment', 'gfm']]) {
      const args = [cli, '--no-config', '--no-ignore', '--no-color', '--no-stdout', '--frail', ...uses.flatMap((u) => ['--use', u]), file]
      const result = await run(process.execPath, args, { cwd: root }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
      )
      // --frail: warnings fail the run.
      expect(result.code, result.stderr).toBe(1)
      const lines = result.stderr.split('\n').filter((l) => /^\s*\d+:\d+/.test(l))
      expect(lines.length, result.stderr).toBe(1)
      expect(lines[0]).toMatch(/7:17-7:25\s+warning\s+.*deployment-total/)
      reports.push(lines[0].trim())
    }
    expect(new Set(reports).size).toBe(1)
  })
})
