/**
 * Property tests of the plugin over random markdown (issue 5: never crash,
 * never lose a byte). Shared by test/property.test.ts (a few hundred cases,
 * fixed seed, in `npm test`) and scripts/fuzz.ts (`npm run fuzz`, 100,000
 * cases).
 *
 * The documents are built from generators of the things plans are made of:
 * tables of numbers with units, `**Label**: value` lists, written arithmetic
 * (`a × b = c`, `x`, `÷`, `/`, `**`, `^`, parentheses, e-notation, thousands
 * separators), units, unicode and emoji, code fences, front matter, HTML,
 * nesting, BOM and CRLF/CR line endings.
 *
 * Properties (each returns normally or throws an Error saying what broke):
 *
 * - `neverThrows`: linting never throws and no rule crashes (a rule that
 *   throws becomes a message whose `cause` is the error, via
 *   unified-lint-rule); every message's place lies inside the document
 *   (1 ≤ line ≤ lines, 1 ≤ column ≤ length of the line + 1, start ≤ end);
 *   a deployment message's `actual` is the text at its place, and its place
 *   does not start or end inside a run of digits.
 * - `fixIsClean`: `remark().use(plugin, {fix: true})` keeps every byte outside
 *   the places of the messages it marks `Fixed: `; a second fix run changes
 *   nothing (idempotence) and reports nothing as fixed.
 * - `positionless`: a tree without positions (stripped after parsing, before
 *   the transformers run) crashes nothing.
 * - `lineEndings`: the same document with LF, CRLF or CR line endings gets
 *   the same messages (rule, line, column, reason).
 */
import fc from 'fast-check'
import type {Root} from 'mdast'
import {remark} from 'remark'
import type {Node, Point, Position} from 'unist'
import {VFile} from 'vfile'
import {location} from 'vfile-location'
import type {VFileMessage} from 'vfile-message'
import lintDeployment from '../src/index.js'
import {FIXED_PREFIX} from '../src/fix.js'

// ---------------------------------------------------------------------------
// Generators

const pick = <T>(...values: T[]) => fc.constantFrom(...values)

const integer = fc.integer({min: 0, max: 100_000})

/** A number as plans write it. */
export const numberLiteral: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: integer.map(String), weight: 6},
  {arbitrary: fc.integer({min: 1, max: 512}).map(String), weight: 6},
  {arbitrary: fc.integer({min: 1000, max: 99_999_999}).map((n) => n.toLocaleString('en-US')), weight: 2},
  {arbitrary: fc.tuple(fc.integer({min: 0, max: 999}), fc.integer({min: 0, max: 999})).map(([a, b]) => `${a}.${b}`), weight: 3},
  {arbitrary: fc.tuple(fc.integer({min: 1, max: 9}), fc.integer({min: 0, max: 9}), fc.integer({min: -20, max: 20})).map(([a, b, e]) => `${a}.${b}e${e}`), weight: 1},
  {arbitrary: fc.tuple(fc.integer({min: 1, max: 999}), pick('k', 'K', 'M', 'B', 'T')).map(([a, s]) => `${a}${s}`), weight: 1},
  {
    arbitrary: pick('0', '00012', '.5', '1e308', '1e-308', '2e308', 'NaN', 'Infinity', '-8', '−4', '1111111111111111111111111', '9'.repeat(60), '1,0,0', '1,000,00', '3.', '0.000', '~19.2', '≈ 0.6'),
    weight: 1
  }
)

export const unit: fc.Arbitrary<string> = pick(
  '', '', '', '', ' GB', 'GB', ' GiB', ' MB', ' TB', ' TB/s', ' GB/s', ' s', ' ms', ' tokens/s', ' tokens/ms', '%', ' GPUs', ' GPU',
  ' experts', ' layers', ' heads', ' TFLOPS', 'x', ' B', ' params', ' nodes', ' groups'
)

const quantity = fc.tuple(numberLiteral, unit).map(([n, u]) => n + u)

const operator = pick(' × ', 'x', ' x ', ' X ', ' * ', '*', ' ÷ ', ' / ', '/', ' ** ', '^', ' + ', ' - ', ' − ', ' · ', '×', ' \\times ', ' mod ')

/** `a op b op c` with optional parentheses. */
const operands: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(quantity, operator), {minLength: 1, maxLength: 4}), quantity, fc.nat(4))
  .map(([pairs, last, paren]) => {
    const parts = pairs.flatMap(([q, op]) => [q, op])
    parts.push(last)
    if (paren < parts.length - 2 && paren % 2 === 0) {
      parts[paren] = '(' + parts[paren]
      parts[paren + 2] = parts[paren + 2] + ')'
    }
    return parts.join('')
  })

/** A small exact expression with its right or a wrong result (so rules report and fix). */
const exactExpression: fc.Arbitrary<string> = fc
  .tuple(fc.integer({min: 1, max: 4096}), fc.integer({min: 1, max: 64}), pick('×', 'x', '*', '÷', '/', '+', '-'), fc.nat(4), unit)
  .map(([a, b, op, wrong, u]) => {
    const value = op === '+' ? a + b : op === '-' ? a - b : op === '÷' || op === '/' ? a / b : a * b
    const shown = wrong === 0 ? value * 2 + 1 : wrong === 1 ? value + 1 : value
    const result = Number.isInteger(shown) ? String(shown) : shown.toFixed(2)
    const spaced = op === 'x' ? `${a}x${b}` : `${a} ${op} ${b}`
    return `${spaced} = ${result}${u}`
  })

export const expression: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: exactExpression, weight: 3},
  {arbitrary: fc.tuple(operands, pick(' = ', ' ≈ ', ' → ', ' => ', ' = ~'), quantity).map(([l, eq, r]) => l + eq + r), weight: 2},
  {arbitrary: fc.tuple(quantity, operands).map(([q, o]) => `${q} (${o})`), weight: 1},
  {arbitrary: fc.tuple(quantity, fc.integer({min: 0, max: 120}), quantity).map(([a, p, b]) => `${a} (${p}% of ${b})`), weight: 2},
  {arbitrary: fc.tuple(fc.integer({min: 1, max: 64}), fc.integer({min: 1, max: 16})).map(([a, b]) => `${a * b} GPUs ÷ EP ${b} = ${a + (a % 2)} groups`), weight: 1},
  {arbitrary: fc.tuple(fc.integer({min: 0, max: 64}), fc.integer({min: 0, max: 8})).map(([a, b]) => `${a} ÷ ${b} = ${b === 0 ? 4 : Math.floor(a / b)}`), weight: 1}
)

export const label: fc.Arbitrary<string> = pick(
  'GPUs', 'Total GPUs', 'TP', 'PP', 'DP', 'EP', 'Tensor Parallelism (TP)', 'Expert Parallelism (EP)', 'Layers', 'Experts per layer',
  'Experts per GPU', 'Attention heads', 'Attention heads per GPU', 'KV heads', 'Hidden size', 'Memory per GPU', 'KV cache',
  'Expert Parameters', 'Attention Parameters', 'Total Used', 'Total', 'Expert Groups', 'Decode throughput', 'TTFT', 'Precision',
  'Vocabulary', 'Batch', 'Sequence length', 'Nodes', 'Memory', 'Total parameters', 'Active parameters', 'Layers per stage'
)

const word = pick(
  'the', 'plan', 'uses', 'each', 'GPU', 'holds', 'experts', 'per', 'layer', 'with', 'across', 'nodes', 'of', 'memory', 'meets',
  'exceeds', 'within', 'the', 'target', 'about', 'approximately', 'up to', 'e.g.', 'Claims', 'not', 'from', 'to', 'BF16', 'FP8',
  'H100', 'H200', '8xH200', 'EP8', 'TP=4', 'tp 8', 'top-2', '4-way', 'expert parallelism', 'replicas', 'stage', 'tokens',
  'é', 'naïve', '中文', 'עברית', 'Ω', 'µs', '✅', '❌', '⚠️', '👩‍💻', '🚀', '\u200b', '\u00a0', 'x', '×', '÷', '*', '**', '^', '~', '='
)

const inlineAtom: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: word, weight: 8},
  {arbitrary: expression, weight: 4},
  {arbitrary: quantity, weight: 3},
  {arbitrary: fc.tuple(label, quantity).map(([l, q]) => `${l}: ${q}`), weight: 2},
  {arbitrary: fc.tuple(pick('`', '``'), pick('--tp 8', '--ep-size 8', 'tensor_parallel_size=8', '32 ÷ 4 = 16', 'x'), fc.boolean()).map(([t, c, closed]) => t + c + (closed ? t : '')), weight: 1},
  {arbitrary: quantity.map((q) => `~~${q}~~`), weight: 1},
  {arbitrary: fc.tuple(pick('*', '**', '_', '__', '***'), expression).map(([m, e]) => m + e + m), weight: 1},
  {arbitrary: expression.map((e) => `[${e}](https://example.com/${encodeURIComponent(e).slice(0, 10)})`), weight: 1},
  {arbitrary: pick('<span>', '</span>', '<br>', '<!-- lint disable deployment-arithmetic -->', '<!-- lint enable deployment-arithmetic -->', '<!-- lint ignore -->', '&amp;', '&#x31;&#x36;', '\\*', '\\|', '[^1]', '$x$', '<https://x.y>'), weight: 1},
  {arbitrary: fc.string({maxLength: 6}), weight: 1},
  {arbitrary: fc.string({unit: 'grapheme', maxLength: 4}), weight: 1}
)

const inline: fc.Arbitrary<string> = fc.array(inlineAtom, {minLength: 1, maxLength: 10}).map((parts) => parts.join(' '))

const sentence = fc.tuple(inline, pick('.', '', '', '!', ':', ' ✅', ' ❌')).map(([s, end]) => s + end)

const paragraph = fc.array(sentence, {minLength: 1, maxLength: 3}).map((s) => s.join(' '))

const heading = fc.tuple(fc.integer({min: 1, max: 6}), inline, pick('', '', ' (Incorrect)', ' (Before)', ' Old')).map(([d, t, suffix]) => '#'.repeat(d) + ' ' + t + suffix)

const setextHeading = fc.tuple(inline, pick('===', '---')).map(([t, u]) => `${t}\n${u}`)

const listValue = fc.oneof(quantity, expression, inline)

const listItem = fc
  .tuple(pick('**', '__', '', '*'), label, pick(':', '', ' -', ' ='), listValue)
  .map(([m, l, colon, v]) => (m ? `${m}${l}${m}${colon} ${v}` : `${l}${colon} ${v}`))

const list = fc
  .tuple(pick('- ', '* ', '+ ', '1. ', '1) ', '- [ ] ', '- [x] '), fc.array(fc.tuple(listItem, fc.nat(2)), {minLength: 1, maxLength: 6}))
  .map(([marker, items]) => items.map(([item, depth]) => '  '.repeat(depth) + marker + item).join('\n'))

const cell = fc.oneof(quantity, expression, label, inline, pick('', '**9.26 GB**', '16 (all MoE)', '16 routed, top-2', '32 (4×4×2)'))

const table = fc
  .tuple(
    fc.integer({min: 1, max: 4}),
    fc.array(fc.tuple(label, fc.array(cell, {minLength: 1, maxLength: 4})), {minLength: 1, maxLength: 8}),
    fc.boolean(),
    pick('|---|', '|:--|--:|', '| --- | --- |', '|-|', '---|---')
  )
  .map(([cols, rows, total, separator]) => {
    const header = ['Parameter', 'Value', 'Notes', 'Memory'].slice(0, Math.max(1, cols))
    const lines = ['| ' + header.join(' | ') + ' |', separator.includes('--|--') || separator.includes('---|---') ? separator : '|' + header.map(() => '---').join('|') + '|']
    for (const [l, cells] of rows) lines.push('| ' + [l, ...cells].join(' | ') + ' |')
    if (total) lines.push('| **Total Used** | **' + rows.length + ' GB** |')
    return lines.join('\n')
  })

const codeFence = fc
  .tuple(
    pick('```', '~~~', '````'),
    pick('', 'yaml', 'json', 'bash', 'sh', 'python', 'text'),
    pick(
      'tensor_parallel_size: 8\npipeline_parallel_size: 4',
      '{"hidden_size": 4096, "num_hidden_layers": 16, "num_attention_heads": 32, "num_local_experts": 16}',
      '{"hidden_size": "x", "num_hidden_layers": -1, "num_local_experts": 1e308}',
      'vllm serve model --tp 8 --ep-size 8 --dp 2',
      '32 ÷ 4 = 16',
      'hidden_size: [1, 2',
      '{"num_attention_heads": 0, "num_key_value_heads": 0, "hidden_size": 0}'
    ),
    fc.boolean()
  )
  .map(([fence, lang, body, closed]) => `${fence}${lang}\n${body}\n${closed ? fence : ''}`)

const frontMatter = fc
  .tuple(
    pick('---', '+++'),
    pick(
      'title: Plan',
      'model_config: ./no-such-config.json',
      'model_config: ../../../etc/passwd.json',
      'model_config: ./no-such-config.txt',
      'model:\n  hidden_size: 4096\n  num_hidden_layers: 16\n  num_local_experts: 16',
      'deployment:\n  tp: 4\n  ep: 8\n  model:\n    num_attention_heads: 32',
      'a: &x [1, 2]\nb: *x',
      'bad: [unclosed',
      'tp: 8\nep: 0\ngpus: -8'
    )
  )
  .map(([fence, body]) => `${fence}\n${body}\n${fence}`)

const html = pick('<div>\n\n32 ÷ 4 = 16\n\n</div>', '<table><tr><td>32 ÷ 4 = 16</td></tr></table>', '<!--\n32 ÷ 4 = 16\n-->', '<details><summary>GPUs: 8</summary>\n\nTP: 4\n\n</details>')

const leaf: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: paragraph, weight: 6},
  {arbitrary: heading, weight: 2},
  {arbitrary: setextHeading, weight: 1},
  {arbitrary: list, weight: 4},
  {arbitrary: table, weight: 4},
  {arbitrary: codeFence, weight: 1},
  {arbitrary: html, weight: 1},
  {arbitrary: pick('---', '***', '', '[^1]: a footnote with 32 ÷ 4 = 16', '[ref]: https://example.com "8 GPUs"'), weight: 1}
)

/** A block, sometimes nested in blockquotes or list items (deep nesting now and then). */
const block: fc.Arbitrary<string> = fc
  .tuple(leaf, fc.oneof({arbitrary: fc.constant(0), weight: 6}, {arbitrary: fc.integer({min: 1, max: 3}), weight: 3}, {arbitrary: fc.integer({min: 4, max: 60}), weight: 1}), pick('> ', '- ', '> - ', '1. '))
  .map(([text, depth, prefix]) => {
    if (depth === 0) return text
    const lead = prefix.repeat(depth)
    const pad = prefix.startsWith('>') ? lead : ' '.repeat(lead.length)
    return text
      .split('\n')
      .map((line, index) => (index === 0 ? lead : prefix === '> ' ? lead : pad) + line)
      .join('\n')
  })

export interface DocumentShape {
  bom: boolean
  front: string | undefined
  blocks: string[]
  separator: string
  finalNewline: boolean
}

export const documentShape: fc.Arbitrary<DocumentShape> = fc.record({
  bom: fc.oneof({arbitrary: fc.constant(false), weight: 9}, {arbitrary: fc.constant(true), weight: 1}),
  front: fc.option(frontMatter, {freq: 4}).map((v) => v ?? undefined),
  blocks: fc.array(block, {minLength: 0, maxLength: 8}),
  separator: pick('\n\n', '\n\n', '\n', '\n\n\n'),
  finalNewline: fc.boolean()
})

export function render(shape: DocumentShape, eol: '\n' | '\r\n' | '\r' = '\n'): string {
  const parts = shape.front ? [shape.front, ...shape.blocks] : shape.blocks
  let text = parts.join(shape.separator) + (shape.finalNewline ? '\n' : '')
  if (eol !== '\n') text = text.replace(/\n/g, eol)
  return (shape.bom ? '\uFEFF' : '') + text
}

/** Markdown documents with LF, CRLF or CR line endings (mostly LF). */
export const markdown: fc.Arbitrary<string> = fc
  .tuple(documentShape, fc.oneof({arbitrary: fc.constant('\n' as const), weight: 6}, {arbitrary: fc.constant('\r\n' as const), weight: 3}, {arbitrary: fc.constant('\r' as const), weight: 1}))
  .map(([shape, eol]) => render(shape, eol))

// ---------------------------------------------------------------------------
// Running the plugin

const linter = remark().use(lintDeployment).freeze()
const fixer = remark().use(lintDeployment, {fix: true}).freeze()

/** Parse and run the transformers (no stringify: remark-stringify is not ours). */
export async function lint(value: string): Promise<VFile> {
  const file = new VFile({path: 'fuzz.md', value})
  const tree = linter.parse(file)
  await linter.run(tree, file)
  return file
}

/** Fix with the plugin's `fix: true` compiler; returns the file (String(file) is the output). */
export async function fix(value: string): Promise<VFile> {
  return fixer.process(new VFile({path: 'fuzz.md', value}))
}

const isDeployment = (message: VFileMessage) => typeof message.ruleId === 'string' && message.ruleId.startsWith('deployment-')

function describe(message: VFileMessage): string {
  const place = message.place && 'start' in message.place ? `${message.place.start.line}:${message.place.start.column}-${message.place.end.line}:${message.place.end.column}` : `${message.line ?? '?'}:${message.column ?? '?'}`
  return `${place} ${message.ruleId ?? ''} ${JSON.stringify(message.reason)}`
}

/** Messages that mean a rule (or the plugin) threw. */
function crashes(file: VFile): string[] {
  return file.messages.filter((message) => message.cause instanceof Error || /Maximum call stack|is not a function|Cannot read propert|undefined \(reading/.test(message.reason)).map((message) => {
    const cause = message.cause instanceof Error ? message.cause : undefined
    return `${describe(message)}${cause?.stack ? '\n' + cause.stack.split('\n').slice(0, 4).join('\n') : ''}`
  })
}

function fail(what: string, doc: string, details: string[]): never {
  throw new Error(`${what}\n  ${details.join('\n  ')}\n  document: ${JSON.stringify(doc)}`)
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'

/** Problems with the places of `messages` in `text` (empty when all hold). */
export function placeProblems(text: string, messages: readonly VFileMessage[]): string[] {
  const all = lines(text)
  const index = location(text)
  const problems: string[] = []
  const checkPoint = (message: VFileMessage, point: Point, which: string): boolean => {
    const line = all[point.line - 1]
    if (!Number.isInteger(point.line) || point.line < 1 || point.line > all.length || line === undefined) {
      problems.push(`${describe(message)}: ${which} line ${point.line} is outside 1..${all.length}`)
      return false
    }
    if (!Number.isInteger(point.column) || point.column < 1 || point.column > line.length + 1) {
      problems.push(`${describe(message)}: ${which} column ${point.column} is outside 1..${line.length + 1} of line ${point.line}`)
      return false
    }
    return true
  }
  for (const message of messages) {
    const place = message.place as Position | Point | undefined
    if (!place) continue
    if (!('start' in place)) {
      checkPoint(message, place, 'point')
      continue
    }
    if (!checkPoint(message, place.start, 'start') || !checkPoint(message, place.end, 'end')) continue
    if (place.start.line > place.end.line || (place.start.line === place.end.line && place.start.column > place.end.column)) {
      problems.push(`${describe(message)}: starts after it ends`)
      continue
    }
    if (!isDeployment(message) || message.reason.startsWith(FIXED_PREFIX)) continue
    const start = index.toOffset(place.start)
    const end = index.toOffset(place.end)
    if (start === undefined || end === undefined) continue
    if (typeof message.actual === 'string' && message.actual !== text.slice(start, end)) {
      problems.push(`${describe(message)}: actual ${JSON.stringify(message.actual)} is not the text at its place ${JSON.stringify(text.slice(start, end))}`)
    }
    if (end > start && ((isDigit(text[start - 1]) && isDigit(text[start])) || (isDigit(text[end - 1]) && isDigit(text[end])))) {
      problems.push(`${describe(message)}: place ${JSON.stringify(text.slice(start, end))} splits the number ${JSON.stringify(text.slice(Math.max(0, start - 8), end + 8))}`)
    }
  }
  return problems
}

// ---------------------------------------------------------------------------
// Properties

/** Linting never throws, no rule crashes, every place lies inside the document. */
export async function neverThrows(doc: string): Promise<void> {
  let file: VFile
  try {
    file = await lint(doc)
  } catch (error) {
    fail('linting threw', doc, [String((error as Error).stack ?? error)])
  }
  const crashed = crashes(file)
  if (crashed.length > 0) fail('a rule crashed', doc, crashed)
  const problems = placeProblems(doc, file.messages)
  if (problems.length > 0) fail('a message is placed outside the document or at the wrong text', doc, problems)
}

/**
 * Applying every fix keeps the bytes outside the fixed places; fixing the
 * output again changes nothing and reports nothing as fixed.
 */
export async function fixIsClean(doc: string): Promise<void> {
  let first: VFile
  try {
    first = await fix(doc)
  } catch (error) {
    fail('fixing threw', doc, [String((error as Error).stack ?? error)])
  }
  const output = String(first)
  const crashed = crashes(first)
  if (crashed.length > 0) fail('a rule crashed while fixing', doc, crashed)

  // The fixed places, in the input's coordinates, merged.
  const index = location(doc)
  const ranges: Array<[number, number]> = []
  for (const message of first.messages) {
    if (!isDeployment(message) || !message.reason.startsWith(FIXED_PREFIX)) continue
    const place = message.place as Position | undefined
    if (!place || !('start' in place)) fail('a fixed message has no place', doc, [describe(message)])
    const start = index.toOffset(place.start)
    const end = index.toOffset(place.end)
    if (start === undefined || end === undefined) fail('a fixed message is placed outside the input', doc, [describe(message)])
    ranges.push([start, end])
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: Array<[number, number]> = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  if (merged.length === 0 && output !== doc) fail('the output changed without a fixed message', doc, [`output: ${JSON.stringify(output)}`])

  // Every byte outside the fixed places is there, in order.
  const gaps: string[] = []
  let cursor = 0
  for (const [start, end] of merged) {
    gaps.push(doc.slice(cursor, start))
    cursor = end
  }
  gaps.push(doc.slice(cursor))
  let at = 0
  for (const [gapIndex, gap] of gaps.entries()) {
    const found = gapIndex === 0 ? (output.startsWith(gap) ? 0 : -1) : gapIndex === gaps.length - 1 ? (output.endsWith(gap) && output.length - gap.length >= at ? output.length - gap.length : -1) : output.indexOf(gap, at)
    if (found < 0) fail('a byte outside the fixed places changed', doc, [`missing ${JSON.stringify(gap)}`, `output: ${JSON.stringify(output)}`])
    at = found + gap.length
  }

  // Idempotence: a second run changes nothing and fixes nothing.
  const second = await fix(output)
  if (String(second) !== output) {
    fail('a second fix run changed the output', doc, [`first:  ${JSON.stringify(output)}`, `second: ${JSON.stringify(String(second))}`, ...second.messages.filter((m) => m.reason.startsWith(FIXED_PREFIX)).map(describe)])
  }
  const refixed = second.messages.filter((message) => isDeployment(message) && message.reason.startsWith(FIXED_PREFIX))
  if (refixed.length > 0) fail('a second fix run reports fixes', doc, refixed.map(describe))
}

function stripPositions(node: Node): void {
  delete node.position
  const children = (node as {children?: Node[]}).children
  if (children) for (const child of children) stripPositions(child)
}

/** A tree without positions crashes nothing. */
export async function positionless(doc: string): Promise<void> {
  const file = new VFile({path: 'fuzz.md', value: doc})
  const tree = linter.parse(file) as Root
  stripPositions(tree)
  try {
    await linter.run(tree, file)
  } catch (error) {
    fail('linting a positionless tree threw', doc, [String((error as Error).stack ?? error)])
  }
  const crashed = crashes(file)
  if (crashed.length > 0) fail('a rule crashed on a positionless tree', doc, crashed)
  const problems = placeProblems(doc, file.messages)
  if (problems.length > 0) fail('a message on a positionless tree is placed outside the document', doc, problems)
}

/** LF, CRLF and CR versions of a document get the same messages. */
export async function lineEndings(shape: DocumentShape): Promise<void> {
  const summary = async (eol: '\n' | '\r\n' | '\r') =>
    (await lint(render(shape, eol))).messages.map((m) => `${m.line}:${m.column}-${m.place && 'start' in m.place ? `${m.place.end.line}:${m.place.end.column}` : ''} ${m.ruleId} ${m.reason.replace(/\r\n?/g, '\n')}`)
  const lf = await summary('\n')
  for (const eol of ['\r\n', '\r'] as const) {
    const other = await summary(eol)
    if (JSON.stringify(other) !== JSON.stringify(lf)) {
      fail(`${JSON.stringify(eol)} line endings change the messages`, render(shape, eol), [`LF:   ${JSON.stringify(lf)}`, `${JSON.stringify(eol)}: ${JSON.stringify(other)}`])
    }
  }
}

export interface PropertyRun {
  name: string
  property: fc.IAsyncPropertyWithHooks<any>
  /** Share of the runs this property gets. */
  weight: number
}

export function properties(): PropertyRun[] {
  return [
    {name: 'linting never throws and places every message inside the document', property: fc.asyncProperty(markdown, neverThrows), weight: 0.35},
    {name: 'fixing keeps every other byte and is idempotent', property: fc.asyncProperty(markdown, fixIsClean), weight: 0.3},
    {name: 'a positionless tree crashes nothing', property: fc.asyncProperty(markdown, positionless), weight: 0.2},
    {name: 'LF, CRLF and CR line endings give the same messages', property: fc.asyncProperty(documentShape, lineEndings), weight: 0.15}
  ]
}
