/**
 * Fixtures: every `fixtures/<rule>/*.md` is linted with the whole plugin, as
 * a user runs it (`remark().use(lintDeployment)`), and the messages must be
 * exactly the ones its `.json` lists (none for `valid*.md`): rule, place,
 * actual, expected, severity, and a note containing the listed derivation.
 *
 * Fixtures listed in fixtures/KNOWN-GAPS.md are documents the plugin does
 * not pass yet; they are skipped here with their reason printed, and stay
 * in the list until the code is fixed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { remark } from 'remark'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { Node } from 'unist'
import lintDeployment from '../src/index.js'
import { rules } from '../rules/index.js'
import { ruleUrl } from '../src/rule.js'
import { buildDocs, readKnownGaps } from '../scripts/build-docs.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const fixturesDir = path.join(root, 'fixtures')

interface Expected {
  ruleId: string
  line: number
  column: number
  endLine: number
  endColumn: number
  actual: string
  expected: string[] | null
  note?: string
  /** Default `warning`. */
  severity?: 'warning' | 'error' | 'info'
}

const ids = rules.map((r) => r.ruleId.replace(/^deployment-/, ''))
const gaps = readKnownGaps(root)

function fixturesOf(id: string): string[] {
  const dir = path.join(fixturesDir, id)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
}

async function lint(filePath: string, value = readFileSync(filePath, 'utf8')): Promise<VFileMessage[]> {
  const file = new VFile({ path: filePath, value })
  await remark().use(lintDeployment).process(file)
  return sortMessages(file.messages)
}

function start(m: VFileMessage): { line: number; column: number } | undefined {
  return m.place && 'start' in m.place ? m.place.start : undefined
}
function end(m: VFileMessage): { line: number; column: number } | undefined {
  return m.place && 'end' in m.place ? m.place.end : undefined
}

function sortMessages(list: readonly VFileMessage[]): VFileMessage[] {
  const key = (m: VFileMessage): number[] => [start(m)?.line ?? 0, start(m)?.column ?? 0, end(m)?.line ?? 0, end(m)?.column ?? 0]
  return [...list].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i]
    return String(a.ruleId).localeCompare(String(b.ruleId))
  })
}

function severity(m: VFileMessage): 'warning' | 'error' | 'info' {
  return m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info'
}

/** What a user sees of a message, in the fixture .json shape (without the note). */
function seen(m: VFileMessage): Omit<Expected, 'note'> {
  return {
    ruleId: String(m.ruleId),
    line: start(m)?.line ?? -1,
    column: start(m)?.column ?? -1,
    endLine: end(m)?.line ?? -1,
    endColumn: end(m)?.column ?? -1,
    actual: m.actual ?? '',
    expected: m.expected ?? null,
    severity: severity(m),
  }
}

function wanted(e: Expected): Omit<Expected, 'note'> {
  return {
    ruleId: e.ruleId,
    line: e.line,
    column: e.column,
    endLine: e.endLine,
    endColumn: e.endColumn,
    actual: e.actual,
    expected: e.expected,
    severity: e.severity ?? 'warning',
  }
}

function readExpected(mdPath: string): Expected[] {
  const jsonPath = mdPath.replace(/\.md$/, '.json')
  if (!existsSync(jsonPath)) return []
  return JSON.parse(readFileSync(jsonPath, 'utf8')) as Expected[]
}

/** The message contract of DESIGN §6, for any message the plugin gives. */
function checkContract(m: VFileMessage, source: string): void {
  expect(m.source, `source of ${m.ruleId}`).toBe('remark-lint')
  expect(String(m.ruleId)).toMatch(/^deployment-[a-z][a-z-]*$/)
  expect(ids).toContain(String(m.ruleId).replace(/^deployment-/, ''))
  expect(m.url).toBe(ruleUrl(String(m.ruleId).replace(/^deployment-/, '')))
  expect(typeof m.reason === 'string' && m.reason.length > 0).toBe(true)
  expect(typeof m.note === 'string' && m.note.trim().length > 0, `note of ${m.ruleId} at ${m.line}:${m.column}`).toBe(true)
  // `actual` is the exact text of the place.
  const s = start(m)
  const e = end(m)
  expect(s && e, `place of ${m.ruleId}`).toBeTruthy()
  if (s && e) {
    const lines = source.split('\n')
    const offset = (p: { line: number; column: number }): number => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1
    expect(source.slice(offset(s), offset(e))).toBe(m.actual)
  }
  if (m.expected !== undefined) {
    expect(Array.isArray(m.expected) && m.expected.length > 0 && m.expected.every((x) => typeof x === 'string' && x.length > 0)).toBe(true)
  }
}

describe('fixtures: layout', () => {
  it('every rule has a fixtures directory with valid.md and at least one invalid-*.md', () => {
    const missing: string[] = []
    for (const id of ids) {
      const files = fixturesOf(id)
      if (!files.includes('valid.md')) missing.push(`fixtures/${id}/valid.md`)
      if (!files.some((f) => f.startsWith('invalid-'))) missing.push(`fixtures/${id}/invalid-*.md`)
    }
    expect(missing).toEqual([])
  })

  it('every rule is exported with its id, docs and check', () => {
    for (const rule of rules) {
      expect(rule.ruleId).toMatch(/^deployment-[a-z][a-z-]*$/)
      expect(rule.docs.summary.trim().length).toBeGreaterThan(0)
      expect(rule.docs.description.trim().length).toBeGreaterThan(0)
      expect(typeof rule.check).toBe('function')
    }
    expect(new Set(rules.map((r) => r.ruleId)).size).toBe(rules.length)
  })

  it('every invalid-*.md has a .json listing at least one message, and every .json has its .md', () => {
    const problems: string[] = []
    for (const id of ids) {
      const dir = path.join(fixturesDir, id)
      if (!existsSync(dir)) continue
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f)
        if (f.startsWith('invalid-') && f.endsWith('.md')) {
          const j = p.replace(/\.md$/, '.json')
          if (!existsSync(j)) problems.push(`${id}/${f}: no .json`)
          else if (readExpected(p).length === 0) problems.push(`${id}/${f}: .json lists no message`)
        }
        if (f.startsWith('valid') && f.endsWith('.md') && existsSync(p.replace(/\.md$/, '.json'))) problems.push(`${id}/${f}: a valid fixture has a .json`)
        if (f.startsWith('invalid-') && f.endsWith('.json') && !existsSync(p.replace(/\.json$/, '.md'))) problems.push(`${id}/${f}: no .md`)
      }
    }
    expect(problems).toEqual([])
  })

  it('every entry of fixtures/KNOWN-GAPS.md names an existing fixture and says why', () => {
    for (const [file, gap] of gaps) {
      expect(existsSync(path.join(fixturesDir, file)), `KNOWN-GAPS.md lists missing fixture ${file}`).toBe(true)
      expect(gap.reason).toMatch(/Should report/)
      expect(gap.reason).toMatch(/Reports/)
    }
  })
})

for (const id of ids) {
  describe(`fixtures/${id}`, () => {
    for (const name of fixturesOf(id)) {
      const rel = `${id}/${name}`
      const filePath = path.join(fixturesDir, id, name)
      const gap = gaps.get(rel)
      const expectedList = readExpected(filePath)
      const title = name.startsWith('valid')
        ? `${name}: no messages`
        : `${name}: ${expectedList.length} message${expectedList.length === 1 ? '' : 's'} (${[...new Set(expectedList.map((e) => e.ruleId))].join(', ')})`
      if (gap) {
        // The expectation is reported as skipped, with its reason; only the
        // message contract of what the plugin says today is asserted.
        const should = gap.reason.split('\n').find((l) => l.startsWith('- Should report')) ?? ''
        it.skip(`${title} [skipped: known gap in fixtures/KNOWN-GAPS.md: ${should.replace(/^- /, '')}]`, () => {})
        it(`${name}: known gap, its messages keep the message contract (the expected messages are not checked)`, async () => {
          const got = await lint(filePath)
          const passes = JSON.stringify(got.map(seen)) === JSON.stringify(expectedList.map(wanted))
          console.info(
            passes
              ? `[known gap now passes] fixtures/${rel}: remove it from fixtures/KNOWN-GAPS.md`
              : `[known gap] fixtures/${rel}: ${should}`,
          )
          // The plugin must still not crash on it, and keep the message contract.
          const source = readFileSync(filePath, 'utf8')
          for (const m of got) checkContract(m, source)
        })
        continue
      }
      it(title, async () => {
        const source = readFileSync(filePath, 'utf8')
        const got = await lint(filePath, source)
        expect(got.map(seen)).toEqual(expectedList.map(wanted))
        got.forEach((m, i) => {
          checkContract(m, source)
          const note = expectedList[i]?.note
          if (note) expect(m.note).toContain(note)
        })
      })
    }
  })
}

function stripPositions(node: Node): void {
  delete (node as { position?: unknown }).position
  const children = (node as { children?: Node[] }).children
  if (Array.isArray(children)) for (const child of children) stripPositions(child)
}

describe('positionless trees', () => {
  it('every fixture, with all positions removed from its tree, lints without throwing', async () => {
    let count = 0
    for (const id of ids) {
      for (const name of fixturesOf(id)) {
        const filePath = path.join(fixturesDir, id, name)
        const processor = remark().use(lintDeployment)
        const file = new VFile({ path: filePath, value: readFileSync(filePath, 'utf8') })
        const tree = processor.parse(file)
        stripPositions(tree)
        expect((tree as { position?: unknown }).position).toBeUndefined()
        await expect(processor.run(tree, file)).resolves.toBeDefined()
        for (const m of file.messages) {
          expect(m.fatal, `${id}/${name}: ${m.reason}`).not.toBe(true)
          expect(String(m.ruleId)).toMatch(/^deployment-/)
        }
        count++
      }
    }
    expect(count).toBeGreaterThan(ids.length)
  })
})

describe('docs/rules.md', () => {
  it('is generated from the rules and fixtures (run `npm run build && node dist/scripts/build-docs.js`)', async () => {
    const committed = readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8')
    const generated = await buildDocs(root)
    expect(generated === committed, 'docs/rules.md is out of date: run `npm run build && node dist/scripts/build-docs.js`').toBe(true)
  })

  it('documents every rule under its own anchor, with a link from the rule list and a url that points there', async () => {
    const text = readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8')
    for (const rule of rules) {
      expect(text).toContain(`\n## ${rule.ruleId}\n`)
      expect(text).toContain(`(#${rule.ruleId})`)
      expect(ruleUrl(rule.ruleId.replace(/^deployment-/, ''))).toMatch(new RegExp(`docs/rules\\.md#${rule.ruleId}$`))
    }
  })
})
