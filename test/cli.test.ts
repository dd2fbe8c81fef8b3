// The `deployment-lint` CLI, run in-process with the test rule standing in for
// the real rules: exit codes, formats, --fix / --dry-run, atomic writes,
// failures.  test/cli-bin.test.ts runs the built bin as a process.
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Root} from 'mdast'
import type {PluggableList, Plugin} from 'unified'
import type {VFile} from 'vfile'
import {afterAll, describe, expect, it} from 'vitest'
import {run, type CliIo} from '../src/cli/run.js'
import {nodeWriterFs, type WriterFs} from '../src/cli/write.js'
import testPlugin from './helpers/plugin.js'
import {capture, read, removeScratch, scratch} from './helpers/io.js'

interface Result {
  code: number
  stdout: string
  stderr: string
}

async function cli(cwd: string, argv: string[], io: Partial<CliIo> & {tty?: boolean} = {}): Promise<Result> {
  const stdout = capture()
  const stderr = capture(io.tty ?? false)
  const code = await run(argv, {cwd, stdout, stderr, env: {}, plugins: io.plugins ?? [testPlugin], fs: io.fs})
  return {code, stdout: stdout.text, stderr: stderr.text}
}

const wrong = '# Plan\n\nHeads: 2 + 2 = 5.\n'
const right = '# Plan\n\nHeads: 2 + 2 = 4.\n'

afterAll(removeScratch)

describe('exit codes', () => {
  it('0 when clean, with a text report on stderr and nothing on stdout', async () => {
    const directory = await scratch({'doc.md': right})
    const result = await cli(directory, ['doc.md'])
    expect(result).toEqual({code: 0, stdout: '', stderr: 'doc.md: no issues found\n'})
  })

  it('0 on warnings without --frail, 1 with --frail', async () => {
    const directory = await scratch({'doc.md': wrong})
    const lenient = await cli(directory, ['doc.md', '--no-color'])
    expect(lenient.code).toBe(0)
    expect(lenient.stderr).toBe(
      'doc.md\n' +
        '3:16-3:17  warning  deployment-test  Unexpected `5`, expected `4`\n' +
        '\n' +
        '⚠ 1 warning\n'
    )
    expect((await cli(directory, ['--frail', 'doc.md'])).code).toBe(1)
    expect((await cli(directory, ['-f', 'doc.md'])).code).toBe(1)
  })

  it('1 on errors (a rule configured as error) even without --frail', async () => {
    const directory = await scratch({'doc.md': wrong})
    const result = await cli(directory, ['doc.md'], {plugins: [[testPlugin, {severity: 'error'}]]})
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('3:16-3:17  error  deployment-test  Unexpected `5`, expected `4`\n')
  })

  it('2 on an unknown option, with a suggestion and nothing else', async () => {
    const directory = await scratch({'doc.md': wrong})
    expect(await cli(directory, ['--fxi', 'doc.md'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deployment-lint: unknown option --fxi (did you mean --fix?)\n'
    })
    expect((await cli(directory, ['--formt=json', 'doc.md'])).stderr).toBe(
      'deployment-lint: unknown option --formt (did you mean --format?)\n'
    )
    expect((await cli(directory, ['--format', 'markdown', 'doc.md'])).stderr).toBe(
      'deployment-lint: unknown value "markdown" for --format (expected one of text, json, github, sarif, html)\n'
    )
    expect((await cli(directory, ['--format', 'xml', 'doc.md'])).stderr).toBe(
      'deployment-lint: unknown value "xml" for --format (did you mean html?)\n'
    )
    expect((await cli(directory, ['--format'])).stderr).toBe(
      'deployment-lint: option --format needs a value: text, json, github, sarif, html\n'
    )
    expect((await cli(directory, ['-x', 'doc.md'])).stderr).toBe('deployment-lint: unknown option -x (see --help)\n')
  })

  it('2 without files', async () => {
    const result = await cli(await scratch(), [])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^deployment-lint: no files given \(usage: /)
  })

  it('2 when a file does not exist: one line naming it, nothing written', async () => {
    const directory = await scratch({'docs/a.md': wrong})
    const result = await cli(directory, ['--fix', 'docs/a.md', 'docs/x.md', '--quiet'])
    expect(result).toEqual({code: 2, stdout: '', stderr: 'deployment-lint: cannot read docs/x.md: no such file\n'})
    // The other file had a fix; nothing is written when anything fails.
    expect(await read(directory, 'docs/a.md')).toBe(wrong)
  })

  it('2 when a file cannot be read', async () => {
    const directory = await scratch()
    await fs.symlink('loop.md', path.join(directory, 'loop.md'))
    const result = await cli(directory, ['loop.md'])
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deployment-lint: cannot read loop.md: too many levels of symbolic links\n'
    })
  })

  it('2 when a directory is given where a file is expected', async () => {
    const directory = await scratch({'plan.md/inner.txt': 'not markdown'})
    expect(await cli(directory, ['plan.md'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deployment-lint: cannot read plan.md: is a directory\n'
    })
  })

  it('2 when folders and globs match no markdown file', async () => {
    const directory = await scratch({'empty/readme.txt': 'x'})
    const result = await cli(directory, ['empty', 'nothing/*.md'])
    expect(result).toEqual({code: 2, stdout: '', stderr: 'deployment-lint: no markdown files found in empty, nothing/*.md\n'})
  })

  it('2 on a crash in a plugin: one line, the stack only with --verbose', async () => {
    const directory = await scratch({'doc.md': wrong})
    const crash: Plugin<[], Root> = () => () => {
      throw new TypeError('boom\nsecond line')
    }
    const plugins: PluggableList = [testPlugin, crash]

    const quiet = await cli(directory, ['doc.md'], {plugins})
    expect(quiet).toEqual({code: 2, stdout: '', stderr: 'deployment-lint: cannot lint doc.md: boom: second line\n'})

    const verbose = await cli(directory, ['doc.md', '--verbose'], {plugins})
    expect(verbose.code).toBe(2)
    expect(verbose.stderr.split('\n')[0]).toBe('deployment-lint: cannot lint doc.md: boom: second line')
    expect(verbose.stderr).toMatch(/TypeError: boom\n.*\n\s+at /)
  })

  it('2 on a broken config file', async () => {
    const directory = await scratch({'doc.md': wrong, '.remarkrc.json': '{"plugins": ["remark-no-such-plugin"]}'})
    const result = await cli(directory, ['doc.md'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^deployment-lint: cannot lint doc.md: .*Cannot find module `remark-no-such-plugin`/)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says only what failed, on any format, when a file fails', async () => {
    const directory = await scratch({'a.md': wrong})
    for (const format of ['text', 'json', 'github', 'sarif']) {
      expect(await cli(directory, ['a.md', 'b.md', '--format', format])).toEqual({
        code: 2,
        stdout: '',
        stderr: 'deployment-lint: cannot read b.md: no such file\n'
      })
    }
  })
})

describe('files, folders, globs and config files', () => {
  it('lints folders and globs, honours .remarkignore and loads .remarkrc* like remark', async () => {
    const directory = await scratch({
      'docs/a.md': wrong,
      'docs/sub/b.markdown': wrong,
      'docs/skip.md': wrong,
      'docs/notes.txt': wrong,
      '.remarkignore': 'docs/skip.md\n',
      '.remarkrc.mjs':
        "export default {plugins: [() => (tree, file) => { file.message('from .remarkrc', {ruleId: 'rc', source: 'rc-test'}) }]}\n"
    })
    const result = await cli(directory, ['docs', '--format', 'json'])
    const report = JSON.parse(result.stdout) as Array<{path: string; messages: Array<{reason: string}>}>
    expect(report.map((file) => file.path)).toEqual(['docs/a.md', 'docs/sub/b.markdown'])
    expect(report[0].messages.map((message) => message.reason)).toEqual(['from .remarkrc', 'Unexpected `5`, expected `4`'])

    // An ignored file given explicitly is skipped silently (pre-commit passes every staged file).
    const given = await cli(directory, ['docs/skip.md', 'docs/a.md', '--format', 'json'])
    expect((JSON.parse(given.stdout) as Array<{path: string}>).map((file) => file.path)).toEqual(['docs/a.md'])
    const globbed = await cli(directory, ['docs/**/*.md', '--format', 'json'])
    expect((JSON.parse(globbed.stdout) as Array<{path: string}>).map((file) => file.path)).toEqual(['docs/a.md'])
  })

  it('reads package.json#remarkConfig', async () => {
    const directory = await scratch({
      'doc.md': right,
      'package.json': JSON.stringify({remarkConfig: {plugins: ['./rc-plugin.mjs']}}),
      'rc-plugin.mjs': "export default () => (tree, file) => { file.message('from package.json', {ruleId: 'pkg'}) }\n"
    })
    const result = await cli(directory, ['doc.md', '--no-color'])
    expect(result.stderr).toContain('  warning  pkg  from package.json\n')
  })
})

describe('--fix', () => {
  it('writes only the corrected numbers, reports them as fixed, exits 0 when nothing is left', async () => {
    const input = '---\ntitle: x\n---\r\n\r\n* __A__ 2 + 2 = 5, doubled 10  \r\n* B 1 + 1 = 2\r\n'
    const directory = await scratch({'doc.md': input})
    await fs.chmod(path.join(directory, 'doc.md'), 0o640)

    const result = await cli(directory, ['--fix', '--frail', '--no-color', 'doc.md'])

    expect(await read(directory, 'doc.md')).toBe(input.replace('= 5, doubled 10', '= 4, doubled 8'))
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      'doc.md: written\n' +
        '5:17-5:18  info  deployment-test  Fixed: Unexpected `5`, expected `4`\n' +
        '5:28-5:30  info  deployment-test  Fixed: Unexpected `10`, expected `8`\n'
    )
    expect((await fs.stat(path.join(directory, 'doc.md'))).mode & 0o777).toBe(0o640)
    // No temporary files left behind.
    expect(await fs.readdir(directory)).toEqual(['doc.md'])

    // Idempotent.
    const again = await cli(directory, ['--fix', '--frail', '--quiet', 'doc.md'])
    expect(again).toEqual({code: 0, stdout: '', stderr: ''})
    expect(await read(directory, 'doc.md')).toBe(input.replace('= 5, doubled 10', '= 4, doubled 8'))
  })

  it('keeps unfixable findings as warnings (exit 1 with --frail) and --quiet hides the fixed notes', async () => {
    const directory = await scratch({'doc.md': 'A 1 + 1 = 3.\n\nB 2 + 2 = 5 (no fix).\n'})
    const result = await cli(directory, ['--fix', '--frail', '--quiet', '--no-color', 'doc.md'])
    expect(result.code).toBe(1)
    expect(await read(directory, 'doc.md')).toBe('A 1 + 1 = 2.\n\nB 2 + 2 = 5 (no fix).\n')
    expect(result.stderr).toBe(
      'doc.md: written\n3:11-3:12  warning  deployment-test  Unexpected `5`, expected `4`\n\n⚠ 1 warning\n'
    )
  })

  it('fixes findings of rules configured as errors (remark -o cannot)', async () => {
    const directory = await scratch({'doc.md': wrong})
    const result = await cli(directory, ['--fix', 'doc.md'], {plugins: [[testPlugin, {severity: 'error'}]]})
    expect(result.code).toBe(0)
    expect(await read(directory, 'doc.md')).toBe(right)
  })

  it('respects <!-- lint disable --> for both the message and the fix', async () => {
    const input = '<!-- lint disable deployment-test -->\n\nA 2 + 2 = 5.\n\n<!-- lint enable deployment-test -->\n\nB 2 + 2 = 5.\n'
    const directory = await scratch({'doc.md': input})
    const result = await cli(directory, ['--fix', '--format', 'json', 'doc.md'])
    expect(await read(directory, 'doc.md')).toBe(input.replace('B 2 + 2 = 5', 'B 2 + 2 = 4'))
    const [file] = JSON.parse(result.stdout) as Array<{messages: Array<{line: number; reason: string}>}>
    expect(file.messages.map((message) => [message.line, message.reason])).toEqual([
      [7, 'Fixed: Unexpected `5`, expected `4`']
    ])
  })

  it('writes nothing when a write fails: the original survives and no temporary file is left', async () => {
    const directory = await scratch({'a.md': wrong, 'b.md': wrong})
    const failingRename: WriterFs = {
      ...nodeWriterFs,
      rename: async (from, to) => {
        if (to.endsWith('b.md')) throw Object.assign(new Error('EXDEV: injected'), {code: 'EXDEV'})
        return nodeWriterFs.rename(from, to)
      }
    }

    const result = await cli(directory, ['--fix', 'a.md', 'b.md'], {fs: failingRename})

    expect(result).toEqual({code: 2, stdout: '', stderr: 'deployment-lint: cannot write b.md: EXDEV: injected\n'})
    // a.md had been renamed already: it was put back.
    expect(await read(directory, 'a.md')).toBe(wrong)
    expect(await read(directory, 'b.md')).toBe(wrong)
    expect((await fs.readdir(directory)).sort()).toEqual(['a.md', 'b.md'])
  })

  it('writes nothing when writing a temporary file fails', async () => {
    const directory = await scratch({'a.md': wrong, 'b.md': wrong})
    let writes = 0
    const failingWrite: WriterFs = {
      ...nodeWriterFs,
      writeFile: async (file, data, options) => {
        if (++writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'})
        return nodeWriterFs.writeFile(file, data, options)
      }
    }
    const result = await cli(directory, ['--fix', 'a.md', 'b.md'], {fs: failingWrite})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('deployment-lint: cannot write b.md: ENOSPC: no space left on device\n')
    expect(await read(directory, 'a.md')).toBe(wrong)
    expect((await fs.readdir(directory)).sort()).toEqual(['a.md', 'b.md'])
  })

  it('never writes outside the working directory', async () => {
    const outside = await scratch({'outside.md': wrong})
    const directory = await scratch({'inside.md': wrong})
    await fs.symlink(path.join(outside, 'outside.md'), path.join(directory, 'link.md'))

    const result = await cli(directory, ['--fix', 'inside.md', 'link.md', path.join(outside, 'outside.md')])

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('deployment-lint: cannot fix link.md: outside the working directory\n')
    expect(result.stderr).toContain(`cannot fix ${path.relative(directory, path.join(outside, 'outside.md'))}: outside the working directory`)
    expect(await read(outside, 'outside.md')).toBe(wrong)
    expect(await read(directory, 'inside.md')).toBe(wrong)
  })

  it('never writes a file that is not valid UTF-8', async () => {
    const directory = await scratch()
    await fs.writeFile(path.join(directory, 'doc.md'), Buffer.concat([Buffer.from('2 + 2 = 5 '), Buffer.from([0xff, 0x0a])]))
    const result = await cli(directory, ['--fix', 'doc.md'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('deployment-lint: cannot fix doc.md: not valid UTF-8, or changed while linting\n')
    expect(await fs.readFile(path.join(directory, 'doc.md'))).toEqual(Buffer.from([...Buffer.from('2 + 2 = 5 '), 0xff, 0x0a]))
  })
})

describe('--dry-run', () => {
  it('prints a unified diff of the fixes and writes nothing', async () => {
    const input = 'line 1\nline 2\nA 2 + 2 = 5, doubled 10\nline 4\n'
    const directory = await scratch({'docs/doc.md': input, 'docs/ok.md': right})
    const result = await cli(directory, ['--dry-run', '--quiet', 'docs'])
    expect(result.stdout).toBe(
      [
        '--- a/docs/doc.md',
        '+++ b/docs/doc.md',
        '@@ -1,4 +1,4 @@',
        ' line 1',
        ' line 2',
        '-A 2 + 2 = 5, doubled 10',
        '+A 2 + 2 = 4, doubled 8',
        ' line 4',
        ''
      ].join('\n')
    )
    expect(result.code).toBe(0)
    expect(await read(directory, 'docs/doc.md')).toBe(input)
  })

  it('cannot be combined with a format that also writes to stdout', async () => {
    const directory = await scratch({'doc.md': wrong})
    expect(await cli(directory, ['--dry-run', '--format', 'sarif', 'doc.md'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'deployment-lint: --dry-run prints a diff on stdout and cannot be combined with --format sarif\n'
    })
  })
})

describe('--format', () => {
  it('json: one entry per file with exact ranges, actual, expected, note and url', async () => {
    const directory = await scratch({'doc.md': wrong})
    const result = await cli(directory, ['--format', 'json', 'doc.md'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual([
      {
        path: 'doc.md',
        written: false,
        messages: [
          {
            ruleId: 'deployment-test',
            source: 'remark-lint',
            severity: 'warning',
            fatal: false,
            reason: 'Unexpected `5`, expected `4`',
            line: 3,
            column: 16,
            endLine: 3,
            endColumn: 17,
            place: {start: {line: 3, column: 16, offset: 23}, end: {line: 3, column: 17, offset: 24}},
            actual: '5',
            expected: ['4'],
            note: '2 + 2 = 4',
            url: 'https://example.com/deployment-test'
          }
        ]
      }
    ])
  })

  it('github: workflow commands on stdout, escaped', async () => {
    const directory = await scratch({'my, docs/doc.md': wrong})
    const result = await cli(directory, ['--format=github', 'my, docs/doc.md'])
    expect(result.stdout).toBe(
      '::warning file=my%2C docs/doc.md,line=3,col=16,endLine=3,endColumn=17,title=deployment-test::' +
        'Unexpected `5`, expected `4`%0ASuggested: `4`%0A2 + 2 = 4\n'
    )
    expect(result.stderr).toBe('')
  })

  it('github: at most 10 annotations, errors first, then a summary line with totals per rule', async () => {
    const lines = Array.from({length: 12}, (_, index) => `Line ${index}: 1 + 1 = ${index + 3}.`)
    const directory = await scratch({'a.md': lines.join('\n\n') + '\n'})
    const extra: Plugin<[], Root> = () => (_tree, file) => {
      const message = file.message('extra finding', {place: {line: 23, column: 1}, ruleId: 'other-rule', source: 'x'})
      message.fatal = true
    }
    const result = await cli(directory, ['--format', 'github', 'a.md'], {plugins: [testPlugin, extra]})
    const output = result.stdout.trimEnd().split('\n')
    expect(output).toHaveLength(11)
    expect(output[0]).toBe('::error file=a.md,line=23,col=1,title=other-rule::extra finding')
    expect(output.slice(1, 10).every((line) => line.startsWith('::warning file=a.md,'))).toBe(true)
    expect(output[10]).toBe(
      'deployment-lint: 13 findings, 10 shown as annotations (GitHub shows at most 10 per step); per rule: other-rule 1, deployment-test 12'
    )
    expect(result.code).toBe(1)
  })

  it('sarif: 2.1.0 with rules, results, regions and fixes from expected', async () => {
    const directory = await scratch({'docs/doc.md': wrong + '\nOther: 3 + 3 = 7 (no fix).\n'})
    const result = await cli(directory, ['--format', 'sarif', 'docs/doc.md'])
    const log = JSON.parse(result.stdout)
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toMatch(/sarif-2\.1\.0/)
    const [sarifRun] = log.runs
    expect(sarifRun.tool.driver).toMatchObject({
      name: 'deployment-lint',
      rules: [{id: 'deployment-test', shortDescription: {text: 'Deployment test'}, helpUri: 'https://example.com/deployment-test'}]
    })
    const location = {artifactLocation: {uri: 'docs/doc.md', uriBaseId: '%SRCROOT%'}}
    expect(sarifRun.results).toEqual([
      {
        ruleId: 'deployment-test',
        ruleIndex: 0,
        level: 'warning',
        message: {text: 'Unexpected `5`, expected `4`\n2 + 2 = 4'},
        locations: [{physicalLocation: {...location, region: {startLine: 3, startColumn: 16, endLine: 3, endColumn: 17}}}],
        fixes: [
          {
            description: {text: 'Replace `5` with `4`'},
            artifactChanges: [
              {
                ...location,
                replacements: [
                  {deletedRegion: {startLine: 3, startColumn: 16, endLine: 3, endColumn: 17}, insertedContent: {text: '4'}}
                ]
              }
            ]
          }
        ]
      },
      {
        ruleId: 'deployment-test',
        ruleIndex: 0,
        level: 'warning',
        message: {text: 'Unexpected `7`, expected `6`\n3 + 3 = 6'},
        locations: [{physicalLocation: {...location, region: {startLine: 5, startColumn: 16, endLine: 5, endColumn: 17}}}]
      }
    ])
  })

  it('text: place, severity and rule id aligned; the message last and never padded', async () => {
    const directory = await scratch({'doc.md': 'x\n', 'other.md': 'y\n'})
    const plugin = () => (_tree: unknown, file: VFile) => {
      file.message('short', {place: {line: 1, column: 1}, ruleId: 'a'})
      file.message('a much longer message than the other one, '.repeat(4).trim(), {
        place: {start: {line: 10, column: 12}, end: {line: 10, column: 140}},
        ruleId: 'a-longer-rule'
      })
    }
    const result = await cli(directory, ['--no-color', '.'], {plugins: [plugin]})
    const lines = result.stderr.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'doc.md',
      '1:1           warning  a              short',
      '10:12-10:140  warning  a-longer-rule  ' + 'a much longer message than the other one, '.repeat(4).trim()
    ])
    expect(lines[4]).toBe('other.md')
    for (const line of lines) expect(line).toBe(line.trimEnd())
  })

  it('text with --verbose shows notes and urls', async () => {
    const directory = await scratch({'doc.md': wrong})
    const result = await cli(directory, ['--verbose', '--no-color', 'doc.md'])
    expect(result.stderr).toContain('[note]:')
    expect(result.stderr).toContain('2 + 2 = 4')
    expect(result.stderr).toContain('https://example.com/deployment-test')
  })

  it('colours the text report only when asked or on a terminal', async () => {
    const directory = await scratch({'doc.md': wrong})
    expect((await cli(directory, ['doc.md'])).stderr).not.toContain('\u001B[')
    expect((await cli(directory, ['--color', 'doc.md'])).stderr).toContain('\u001B[')
    expect((await cli(directory, ['doc.md'], {tty: true})).stderr).toContain('\u001B[')
    expect((await cli(directory, ['--no-color', 'doc.md'], {tty: true})).stderr).not.toContain('\u001B[')
  })
})

describe('progress', () => {
  it('shows a progress line on a terminal when more than 50 files are linted', async () => {
    const files = Object.fromEntries(Array.from({length: 51}, (_, index) => [`docs/${index}.md`, right]))
    const directory = await scratch(files)

    const tty = await cli(directory, ['--quiet', 'docs'], {tty: true})
    expect(tty.stderr).toContain('\r\u001B[2Kdeployment-lint: linted 51/51 files')
    expect(tty.stderr.endsWith('\r\u001B[2K')).toBe(true)

    const pipe = await cli(directory, ['--quiet', 'docs'])
    expect(pipe.stderr).toBe('')

    await fs.rm(path.join(directory, 'docs/50.md'))
    const few = await cli(directory, ['--quiet', 'docs'], {tty: true})
    expect(few.stderr).toBe('')
  })
})

describe('--help and --version', () => {
  it('prints help and version on stdout', async () => {
    const directory = await scratch()
    const help = await cli(directory, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: deployment-lint \[options\] <file\|folder\|glob \.\.\.>/)
    expect(help.stdout).toContain('--dry-run')
    const version = await cli(directory, ['-v'])
    const manifest = JSON.parse(await fs.readFile(new URL('../package.json', import.meta.url), 'utf8'))
    expect(version).toEqual({code: 0, stdout: manifest.version + '\n', stderr: ''})
  })
})
