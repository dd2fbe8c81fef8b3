import {remark} from 'remark'
import type {Root} from 'mdast'
import type {Plugin} from 'unified'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {describe, expect, it} from 'vitest'
import remarkDeploymentFix, {applyEdits, collectEdits, fixFile, FIXED_PREFIX} from '../src/fix.js'
import testPlugin, {type TestPluginOptions} from './helpers/plugin.js'

function fixer(options: TestPluginOptions = {}) {
  return remark().use(testPlugin, {...options, fix: true})
}

const summary = (file: VFile) =>
  file.messages.map((message) => ({
    severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
    reason: message.reason,
    at: message.place && 'start' in message.place ? `${message.place.start.line}:${message.place.start.column}-${message.place.end.line}:${message.place.end.column}` : ''
  }))

describe('fix engine (compiler)', () => {
  it('replaces only the wrong number and keeps every other byte', async () => {
    const input = [
      '---',
      'title: Plan  ',
      'note: "2 + 2 = 4"',
      '---',
      '',
      'Heading',
      '=======',
      '',
      '| Item | Value |',
      '|:-----|------:|',
      '| Sum  | 3 + 4 = 8 |',
      '',
      '* __strong__ and _emphasis_: 2 + 2 = 5.   ',
      '* escaped \\* star, &amp; entity, trailing tab\t',
      ''
    ].join('\r\n')
    const expected = input.replace('3 + 4 = 8', '3 + 4 = 7').replace('2 + 2 = 5', '2 + 2 = 4')

    const file = await fixer().process(input)

    expect(String(file)).toBe(expected)
    // Exactly two bytes differ.
    const changed = [...input].filter((character, index) => character !== String(file)[index])
    expect(changed).toEqual(['8', '5'])
  })

  it('marks applied messages as info prefixed with "Fixed: " and leaves unfixable ones as warnings', async () => {
    const file = await fixer().process('One 1 + 1 = 3.\n\nTwo 2 + 2 = 5 (no fix).\n')

    expect(String(file)).toBe('One 1 + 1 = 2.\n\nTwo 2 + 2 = 5 (no fix).\n')
    expect(summary(file)).toEqual([
      {severity: 'info', reason: FIXED_PREFIX + 'Unexpected `3`, expected `2`', at: '1:13-1:14'},
      {severity: 'warning', reason: 'Unexpected `5`, expected `4`', at: '3:13-3:14'}
    ])
  })

  it('fixes values that depended on a fixed value in the same run (convergence)', async () => {
    const file = await fixer().process('We have 2 + 2 = 5, doubled 10 here.\n')

    expect(String(file)).toBe('We have 2 + 2 = 4, doubled 8 here.\n')
    // Round 1 fixed `5`; round 2 found `10` (2 × 4 = 8), reported at its place in the input.
    expect(summary(file)).toEqual([
      {severity: 'info', reason: 'Fixed: Unexpected `5`, expected `4`', at: '1:17-1:18'},
      {severity: 'info', reason: 'Fixed: Unexpected `10`, expected `8`', at: '1:28-1:30'}
    ])
  })

  it('is idempotent: a second run over the output changes nothing and reports nothing', async () => {
    const input = '# Plan\n\nA 2 + 2 = 5, doubled 10.\n\n| x | 3 + 3 = 7 |\n|---|---|\n'
    const first = await fixer().process(input)
    const second = await fixer().process(String(first))

    expect(String(first)).not.toBe(input)
    expect(String(second)).toBe(String(first))
    expect(second.messages).toEqual([])
  })

  it('<!-- lint disable --> suppresses both the message and its fix', async () => {
    const input = [
      'Checked: 1 + 1 = 3.',
      '',
      '<!-- lint disable deployment-test -->',
      '',
      'Quoted from the old plan: 2 + 2 = 5.',
      '',
      '<!-- lint enable deployment-test -->',
      '',
      'Checked again: 3 + 3 = 7.',
      ''
    ].join('\n')

    const file = await fixer().process(input)

    expect(String(file)).toBe(input.replace('1 + 1 = 3', '1 + 1 = 2').replace('3 + 3 = 7', '3 + 3 = 6'))
    expect(file.messages.map((message) => message.reason)).toEqual([
      'Fixed: Unexpected `3`, expected `2`',
      'Fixed: Unexpected `7`, expected `6`'
    ])
  })

  it('<!-- lint ignore --> suppresses the fix of the next node only', async () => {
    const input = '<!-- lint ignore deployment-test -->\n\nA 2 + 2 = 5.\n\nB 2 + 2 = 5.\n'
    const file = await fixer().process(input)
    expect(String(file)).toBe('<!-- lint ignore deployment-test -->\n\nA 2 + 2 = 5.\n\nB 2 + 2 = 4.\n')
  })

  it('fixes messages of rules configured as errors and downgrades them', async () => {
    const file = await fixer({severity: 'error'}).process('2 + 2 = 5\n')
    expect(String(file)).toBe('2 + 2 = 4\n')
    expect(summary(file)).toEqual([{severity: 'info', reason: 'Fixed: Unexpected `5`, expected `4`', at: '1:9-1:10'}])
  })

  it('returns the input unchanged (not re-serialized) when there is nothing to fix', async () => {
    const input = '__not normalized__\n* bullet\n\n\n\nend   \n'
    const file = await fixer().process(input)
    expect(String(file)).toBe(input)
  })

  it('applies one round and says so when a plugin is asynchronous', async () => {
    const slow: Plugin<[], Root> = () => async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    const file = await remark().use(testPlugin, {fix: true}).use(slow).process('2 + 2 = 5, doubled 10\n')

    expect(String(file)).toBe('2 + 2 = 4, doubled 10\n')
    expect(summary(file).at(-1)).toMatchObject({severity: 'info'})
    expect(file.messages.at(-1)?.reason).toMatch(/^Cannot check the fixed text again: `runSync` finished async/)
  })

  it('fixFile (async, used by the CLI) converges too', async () => {
    const processor = remark().use(testPlugin).freeze()
    const file = new VFile({path: 'doc.md', value: 'x 2 + 2 = 5, doubled 10\n'})
    await processor.run(processor.parse(file), file)

    const result = await fixFile(file, processor)

    expect(result).toEqual({value: 'x 2 + 2 = 4, doubled 8\n', changed: true, applied: 2, rounds: 2, converged: true})
    expect(file.messages.every((message) => message.fatal === undefined)).toBe(true)
  })
})

describe('collectEdits', () => {
  const message = (reason: string, place: VFileMessage['place'], expected?: string[], actual?: string) => {
    const result = new VFileMessage(reason, {place, ruleId: 'deployment-x', source: 'remark-lint'})
    result.fatal = false
    result.expected = expected
    result.actual = actual
    return result
  }
  const text = 'ab\ncdef\n'

  it('computes offsets from line/column when the place has none', () => {
    const edits = collectEdits([message('m', {start: {line: 2, column: 2}, end: {line: 2, column: 4}}, ['XY'])], text)
    expect(edits.map(({start, end, text}) => ({start, end, text}))).toEqual([{start: 4, end: 6, text: 'XY'}])
    expect(applyEdits(text, edits)).toBe('ab\ncXYf\n')
  })

  it('drops an edit that overlaps an earlier one, and insertions at one point that disagree', () => {
    const first = message('first', {start: {line: 2, column: 1, offset: 3}, end: {line: 2, column: 3, offset: 5}}, ['1'])
    const overlapping = message('overlap', {start: {line: 2, column: 2, offset: 4}, end: {line: 2, column: 4, offset: 6}}, ['2'])
    const adjacent = message('adjacent', {start: {line: 2, column: 3, offset: 5}, end: {line: 2, column: 4, offset: 6}}, ['3'])
    const insert = message('insert', {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}, ['<'])
    const insertAgain = message('insert again', {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}, ['>'])

    const edits = collectEdits([overlapping, first, adjacent, insert, insertAgain], text)

    // Sorted by start; `overlapping` comes first in the message list but starts later than `first`.
    // `insert` and `insert again` want different text at one point: neither is sure.
    expect(edits.map((edit) => edit.message.reason)).toEqual(['first', 'adjacent'])
    expect(applyEdits(text, edits)).toBe('ab\n13f\n')
  })

  it('applies one of two edits that agree, none of two that disagree', () => {
    const place = {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 3, offset: 2}}
    const agree = collectEdits([message('a', place, ['X']), message('b', place, ['X'])], text)
    expect(applyEdits(text, agree)).toBe('X\ncdef\n')
    const disagree = collectEdits([message('a', place, ['X']), message('b', place, ['Y'])], text)
    expect(disagree).toEqual([])
  })

  it('drops an edit whose digits would run into neighbouring digits', () => {
    const list = '1,0,0 layers'
    const last = message('last', {start: {line: 1, column: 5, offset: 4}, end: {line: 1, column: 6, offset: 5}}, ['1000'])
    expect(collectEdits([last], list)).toEqual([])
    const free = '0 layers'
    const alone = message('alone', {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 2, offset: 1}}, ['1000'])
    expect(applyEdits(free, collectEdits([alone], free))).toBe('1000 layers')
  })

  it('ignores messages that are info, of other rules, without expected, or whose actual does not match', () => {
    const place = {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 3, offset: 2}}
    const info = message('info', place, ['X'])
    info.fatal = undefined
    const other = message('other', place, ['X'])
    other.ruleId = 'no-undefined-references'
    const noExpected = message('none', place)
    const mismatch = message('mismatch', place, ['X'], 'zz')
    const point = message('point only', {line: 1, column: 1}, ['X'])
    const same = message('no change', place, ['ab'], 'ab')

    expect(collectEdits([info, other, noExpected, mismatch, point, same], text)).toEqual([])
  })
})

describe('the plugin', () => {
  it('is a unified plugin that sets a compiler', () => {
    const processor = remark().use(remarkDeploymentFix).freeze()
    const file = new VFile('text *unchanged*  \n')
    expect(processor.stringify(processor.parse(file), file)).toBe('text *unchanged*  \n')
  })
})

describe('one broken relation, one blame (real rules)', () => {
  // fuzz seed 1237965277: deployment-gpu-count fixed 128 → 64 while
  // deployment-batch fixed DP 2 → 4, and every further run flipped both back.
  const input = '> - ```\n> - vllm serve model --tp 8 --ep-size 8 --dp 2\n> - \n\n128 GPUs ÷ EP 2 = 64 groups `--tp 8` the\n===\n\n1. 1. 1. 1. ```\n            tensor_parallel_size: 8\n            pipeline_parallel_size: 4\n            '

  it('fixes neither number of a relation two rules blame differently, and a second run changes nothing', async () => {
    const {default: plugin} = await import('../src/index.js')
    const first = await remark().use(plugin, {fix: true}).process(input)
    const second = await remark().use(plugin, {fix: true}).process(String(first))
    expect(String(first)).toBe(input)
    expect(String(second)).toBe(String(first))
    const grid = first.messages.filter((m) => m.ruleId === 'deployment-gpu-count' || m.ruleId === 'deployment-batch')
    expect(grid.map((m) => [m.ruleId, m.actual, m.expected])).toEqual([['deployment-gpu-count', '128', undefined]])
  })
})
