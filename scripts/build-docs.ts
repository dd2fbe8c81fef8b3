/**
 * Generate docs/rules.md from the rules (`docs.summary`, `docs.description`)
 * and their fixtures (`fixtures/<id>/valid*.md`, `fixtures/<id>/invalid-*.md`),
 * the way remark-lint documents its rules: every example shows the document
 * and the messages the plugin gives on it.
 *
 *   npm run build && node dist/scripts/build-docs.js    # writes docs/rules.md
 *
 * test/rules.test.ts regenerates the text in memory and requires docs/rules.md
 * to be byte-identical, so the docs always match what the plugin reports.
 * Fixtures listed in fixtures/KNOWN-GAPS.md (the plugin does not pass them
 * yet) are not shown as examples.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { remark } from 'remark'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import lintDeployment from '../src/index.js'
import { rules } from '../rules/index.js'

/** The project root: the nearest directory above this script holding package.json. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'fixtures'))) return dir
    const up = path.dirname(dir)
    if (up === dir) throw new Error('build-docs: cannot find the project root (package.json next to fixtures/)')
    dir = up
  }
}

export interface KnownGap {
  /** Fixture path relative to fixtures/, e.g. `gpu-count/valid-sglang-dp-attention.md`. */
  file: string
  /** The entry's text (snippet, expected, actual). */
  reason: string
}

/** Entries of fixtures/KNOWN-GAPS.md: one `### \`dir/file.md\`` heading each. */
export function readKnownGaps(root = projectRoot()): Map<string, KnownGap> {
  const out = new Map<string, KnownGap>()
  const p = path.join(root, 'fixtures', 'KNOWN-GAPS.md')
  if (!existsSync(p)) return out
  const lines = readFileSync(p, 'utf8').split('\n')
  let current: KnownGap | undefined
  for (const line of lines) {
    const m = /^###\s+`([^`]+\.md)`\s*$/.exec(line)
    if (m) {
      current = { file: m[1], reason: '' }
      out.set(m[1], current)
      continue
    }
    if (/^#{1,3}\s/.test(line)) {
      current = undefined
      continue
    }
    if (current) current.reason = (current.reason + '\n' + line).trim()
  }
  return out
}

/** Rule id without the `deployment-` prefix. */
export function shortId(ruleId: string): string {
  return ruleId.replace(/^deployment-/, '')
}

/** Fixture files of one rule, valid ones first (valid.md, then valid-*.md), then invalid-*.md. */
export function fixtureFiles(root: string, id: string): string[] {
  const dir = path.join(root, 'fixtures', id)
  if (!existsSync(dir)) return []
  const md = readdirSync(dir).filter((f) => f.endsWith('.md'))
  const rank = (f: string): number => (f === 'valid.md' ? 0 : f.startsWith('valid') ? 1 : f.startsWith('invalid') ? 2 : 3)
  return md.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
}

/** Messages in document order (line, column, end, rule). */
export function sortMessages(messages: readonly VFileMessage[]): VFileMessage[] {
  const key = (m: VFileMessage): number[] => [
    m.place && 'start' in m.place ? m.place.start.line : (m.line ?? 0),
    m.place && 'start' in m.place ? m.place.start.column : (m.column ?? 0),
    m.place && 'start' in m.place ? m.place.end.line : (m.line ?? 0),
    m.place && 'start' in m.place ? m.place.end.column : (m.column ?? 0),
  ]
  return [...messages].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i]
    return String(a.ruleId ?? '').localeCompare(String(b.ruleId ?? ''))
  })
}

/** Run the whole plugin over one file, as a user's `remark().use(lintDeployment)` does. */
export async function lintFile(filePath: string): Promise<VFileMessage[]> {
  const file = new VFile({ path: filePath, value: readFileSync(filePath, 'utf8') })
  await remark().use(lintDeployment).process(file)
  return sortMessages(file.messages)
}

function placeText(m: VFileMessage): string {
  if (m.place && 'start' in m.place) return `${m.place.start.line}:${m.place.start.column}-${m.place.end.line}:${m.place.end.column}`
  if (m.place) return `${m.place.line}:${m.place.column}`
  return '1:1'
}

function severity(m: VFileMessage): string {
  return m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info'
}

/** A fence longer than any backtick run inside the text. */
function fence(text: string): string {
  let longest = 0
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length)
  return '`'.repeat(Math.max(3, longest + 1))
}

export function codeBlock(lang: string, text: string): string {
  const f = fence(text)
  const body = text.endsWith('\n') ? text : text + '\n'
  return `${f}${lang}\n${body}${f}`
}

function inlineCode(text: string): string {
  const f = text.includes('`') ? '``' : '`'
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${f}${pad}${text}${pad}${f}`
}

async function example(root: string, id: string, name: string): Promise<string> {
  const filePath = path.join(root, 'fixtures', id, name)
  const source = readFileSync(filePath, 'utf8')
  const messages = await lintFile(filePath)
  const parts = [`#### ${inlineCode(name)}`, '', codeBlock('markdown', source), '']
  if (messages.length === 0) {
    parts.push('No messages.')
    return parts.join('\n')
  }
  const lines = messages.map((m) => `${placeText(m)}  ${severity(m)}  ${m.reason}  ${m.ruleId ?? ''}`.trimEnd())
  parts.push(codeBlock('text', lines.join('\n')), '', 'Fixes:', '')
  for (const m of messages) {
    const actual = m.actual ?? ''
    const fix = m.expected && m.expected.length > 0 ? `${inlineCode(actual)} → ${m.expected.map(inlineCode).join(' or ')}` : `${inlineCode(actual)}: no automatic fix`
    const note = m.note ? ` (${m.note.replace(/\s+/g, ' ').trim()})` : ''
    parts.push(`- ${placeText(m)} ${fix}${note}`)
  }
  return parts.join('\n')
}

/** The whole text of docs/rules.md. */
export async function buildDocs(root = projectRoot()): Promise<string> {
  const gaps = readKnownGaps(root)
  // Blocks are joined by one blank line; a block never ends with a newline.
  const blocks: string[] = [
    '<!-- lint disable -->',
    '# Rules',
    [
      'Generated by `scripts/build-docs.ts` from each rule’s documentation and from the fixtures in',
      '`fixtures/<rule>/`; do not edit by hand (`npm run build && node dist/scripts/build-docs.js`).',
      'Every example is run through `remark().use(lintDeployment)` with all rules on, and shows the',
      'messages it gives: place, severity, reason and rule id, then the fix (`actual → expected`) and the',
      'note. Turn a rule off or change its severity in `.remarkrc` (`["remark-lint-deployment/rules/<id>", "off"]`',
      'or the rule plugin with `[2]`), or with `<!-- lint disable deployment-<id> -->` in a document.',
    ].join('\n'),
    '## Rules',
    rules.map((rule) => `- [${inlineCode(rule.ruleId)}](#${rule.ruleId}): ${rule.docs.summary}`).join('\n'),
  ]
  for (const rule of rules) {
    const id = shortId(rule.ruleId)
    blocks.push(`## ${rule.ruleId}`, rule.docs.summary, rule.docs.description, '### Examples')
    const files = fixtureFiles(root, id)
    const shown = files.filter((f) => !gaps.has(`${id}/${f}`))
    const hidden = files.filter((f) => gaps.has(`${id}/${f}`))
    if (shown.length === 0) blocks.push('No examples yet.')
    for (const name of shown) blocks.push(await example(root, id, name))
    if (hidden.length > 0) {
      blocks.push(`Fixtures not shown, because the plugin does not pass them yet (see \`fixtures/KNOWN-GAPS.md\`): ${hidden.map(inlineCode).join(', ')}.`)
    }
  }
  return blocks.join('\n\n') + '\n'
}

const invoked = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invoked) {
  const root = projectRoot()
  // Model-config paths in fixtures resolve inside the working directory: run from the root.
  process.chdir(root)
  const text = await buildDocs(root)
  writeFileSync(path.join(root, 'docs', 'rules.md'), text)
  console.log(`docs/rules.md: ${rules.length} rules, ${text.length} characters`)
}
