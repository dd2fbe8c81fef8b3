/**
 * `deployment-lint`: lint (and fix) markdown deployment plans.
 *
 * Built on unified-engine directly (unified-args rejects unknown flags such as
 * `--fix`): files, folders and globs; `.remarkrc*`, `package.json#remarkConfig`
 * and `.remarkignore` exactly like remark, so one config serves remark, this
 * CLI and editors.  The engine only lints (no output, no report); this module
 * fixes, writes atomically, reports and chooses the exit code:
 *
 *   0  no findings (warnings allowed unless --frail)
 *   1  findings: errors, or warnings with --frail
 *   2  usage error, or a file that cannot be read, configured or linted,
 *      or a fix that cannot be written; then nothing is written at all.
 */
import {readFileSync} from 'node:fs'
import fsPromises from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {PluggableList} from 'unified'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Linted} from './lint.js'
import {helpText, parseOptions, UsageError, type Format} from './options.js'
import type {ReportFile} from './report.js'
import type {WriterFs, WriteTarget} from './write.js'

// Everything heavy (the engine, remark, the rules, diff, the reporters) is
// imported when it is used, so that `--version`, `--help` and a usage error
// load nothing, and one plain file in a pre-commit hook skips the engine
// (./lint.ts).

export const NAME = 'deployment-lint'

/** Lint more files than this and a TTY stderr shows a progress line. */
export const PROGRESS_THRESHOLD = 50

export interface Output {
  write(chunk: string): unknown
  isTTY?: boolean
}

export interface CliIo {
  /** Working directory (default: `process.cwd()`). */
  cwd?: string
  stdout?: Output
  stderr?: Output
  env?: Record<string, string | undefined>
  /** Plugins to lint with (default: this package's plugin). */
  plugins?: PluggableList
  /** File system used to write fixes (tests inject failures). */
  fs?: WriterFs
}

const errnoText: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error'
}

/** The problem of a file-level failure, in one line. */
function describeFailure(message: VFileMessage): {verb: string; problem: string; stack?: string} {
  const cause = message.cause as (Error & {code?: unknown}) | undefined
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  if (message.reason === 'No such file or folder') {
    return {verb: 'read', problem: 'no such file', stack: cause?.stack}
  }
  if (code && /^E[A-Z]+$/.test(code)) {
    return {verb: 'read', problem: errnoText[code] ?? oneLine(cause?.message ?? code), stack: cause?.stack}
  }
  const text = cause?.message ?? message.reason
  return {verb: 'lint', problem: oneLine(text), stack: cause?.stack ?? message.stack ?? undefined}
}

function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(': ')
}

/** Whether a message means the file could not be read, configured or linted. */
function isFailure(message: VFileMessage): boolean {
  return message.fatal === true && !message.ruleId
}

const globMagic = /[*?[\]{}!]/
const markdownExtension = /\.(md|markdown)$/i

let version: string | undefined

/** Version of the nearest `remark-lint-deployment` package.json (src/ or dist/src/). */
function packageVersion(): string {
  if (version) return version
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (manifest.name === 'remark-lint-deployment') return (version = manifest.version ?? '0.0.0')
    } catch {
      // Not here: go up.
    }
    const parent = path.dirname(directory)
    if (parent === directory) return (version = '0.0.0')
    directory = parent
  }
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** Run the CLI; resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const cwd = io.cwd ?? process.cwd()
  const stdout = io.stdout ?? process.stdout
  const stderr = io.stderr ?? process.stderr
  const env = io.env ?? process.env
  const fail = (text: string) => {
    stderr.write(`${NAME}: ${text}\n`)
    return 2
  }

  let options
  try {
    options = parseOptions(argv)
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message)
    throw error
  }
  const {flags, values, operands} = options

  // Informational options (add --explain here).
  if (flags.help) {
    stdout.write(helpText(NAME, packageVersion()))
    return 0
  }
  if (flags.version) {
    stdout.write(packageVersion() + '\n')
    return 0
  }

  const format = (values.format ?? 'text') as Format
  const dryRun = Boolean(flags['dry-run'])
  const fix = Boolean(flags.fix) || dryRun
  const verbose = Boolean(flags.verbose)
  if (operands.length === 0) {
    return fail(`no files given (usage: ${NAME} [options] <file|folder|glob ...>, see --help)`)
  }
  if (dryRun && (format === 'json' || format === 'sarif' || format === 'html')) {
    return fail(`--dry-run prints a diff on stdout and cannot be combined with --format ${format}`)
  }

  if (flags.explain && format === 'html') {
    return fail('--explain prints markdown on stdout and cannot be combined with --format html')
  }

  // A path named like a markdown file that is a folder is a mistake, not a
  // folder to search.
  for (const operand of operands) {
    if (globMagic.test(operand) || !markdownExtension.test(operand)) continue
    const stats = await fsPromises.stat(path.resolve(cwd, operand)).catch(() => undefined)
    if (stats?.isDirectory()) return fail(`cannot read ${operand}: is a directory`)
  }

  const concurrency = parseConcurrency(values.concurrency)
  if (typeof concurrency === 'string' && concurrency !== 'auto' && concurrency !== 'off') return fail(concurrency)

  let progressShown = false
  const progress = stderr.isTTY
    ? (actual: number, expected: number) => {
        if (expected <= PROGRESS_THRESHOLD) return
        progressShown = true
        stderr.write(`\r\u001B[2K${NAME}: linted ${actual}/${expected} files`)
      }
    : undefined

  let lint: Linted | undefined
  try {
    const lintModule = await import('./lint.js')
    let plugins: PluggableList
    try {
      plugins = io.plugins ?? (await lintModule.defaultPlugins())
    } catch (error) {
      return fail((error as Error).message)
    }
    // Threads run this package's own plugin only; --explain and --format html read the analysis kept in this thread.
    if (concurrency !== 'off' && !io.plugins && !flags.explain && format !== 'html') {
      lint = await lintOnThreads(operands, cwd, concurrency, fix, progress)
    }
    lint ??= (await lintModule.lintDirect(operands, {cwd, plugins, progress})) ?? (await lintModule.lintWithEngine(operands, {cwd, plugins, progress}))
  } catch (error) {
    if (progressShown) stderr.write('\r\u001B[2K')
    const failure = error as Error
    fail(`cannot lint: ${oneLine(failure.message)}`)
    if (verbose && failure.stack) stderr.write(failure.stack + '\n')
    return 2
  }
  if (progressShown) stderr.write('\r\u001B[2K')

  const linted = lint.files
  if (linted.length === 0) {
    return fail(`no markdown files found in ${operands.join(', ')}`)
  }

  const display = (file: VFile) =>
    path.relative(cwd, path.resolve(cwd, file.path)).split(path.sep).join('/') || file.path

  // Files that could not be read, configured or linted.
  const problems: string[] = []
  for (const file of linted) {
    for (const message of file.messages.filter(isFailure)) {
      const {verb, problem, stack} = describeFailure(message)
      problems.push(`${NAME}: cannot ${verb} ${display(file)}: ${problem}`)
      if (verbose && stack) problems.push(stack)
    }
  }
  // Failed files are neither fixed nor reported as clean.
  const files = linted.filter((file) => !file.messages.some(isFailure))

  const written = new Set<VFile>()
  const {collectEdits} = fix ? await import('../fix.js') : {collectEdits: undefined}
  if (collectEdits && problems.length === 0) {
    const candidates = files.filter((file) => collectEdits(file.messages, String(file)).length > 0)

    // Write only inside the working directory (after symlinks), and only a
    // file whose bytes are exactly what was linted (valid UTF-8, unchanged).
    const realPaths = new Map<VFile, string>()
    if (!dryRun) {
      const realCwd = await fsPromises.realpath(cwd)
      for (const file of candidates) {
        const real = await fsPromises.realpath(path.resolve(cwd, file.path)).catch(() => undefined)
        if (!real || !isInside(realCwd, real)) {
          problems.push(`${NAME}: cannot fix ${display(file)}: outside the working directory`)
          continue
        }
        const bytes = await fsPromises.readFile(real).catch(() => undefined)
        if (!bytes || !bytes.equals(Buffer.from(String(file), 'utf8'))) {
          problems.push(`${NAME}: cannot fix ${display(file)}: not valid UTF-8, or changed while linting`)
          continue
        }
        realPaths.set(file, real)
      }
    }

    const targets: Array<WriteTarget & {file: VFile}> = []
    const diffs: string[] = []
    const {createTwoFilesPatch, FILE_HEADERS_ONLY} = dryRun ? await import('diff') : ({} as typeof import('diff'))
    for (const file of problems.length === 0 ? candidates : []) {
      const original = String(file)
      let result
      try {
        result = await lint.fix(file)
      } catch (error) {
        problems.push(`${NAME}: cannot fix ${display(file)}: ${oneLine((error as Error).message)}`)
        continue
      }
      if (!result.changed) continue
      if (dryRun) {
        const name = display(file)
        diffs.push(
          createTwoFilesPatch('a/' + name, 'b/' + name, original, result.value, undefined, undefined, {
            headerOptions: FILE_HEADERS_ONLY
          })
        )
      } else {
        targets.push({file, path: realPaths.get(file)!, value: result.value, previous: original})
      }
    }

    if (problems.length === 0) {
      if (diffs.length > 0) stdout.write(diffs.join(''))
      const {nodeWriterFs, WriteError, writeAtomically} = await import('./write.js')
      try {
        await writeAtomically(targets, io.fs ?? nodeWriterFs)
      } catch (error) {
        if (!(error instanceof WriteError)) throw error
        const target = targets.find((candidate) => candidate.path === error.file)
        const reason = error.reason as {code?: unknown; stack?: unknown} | undefined
        const code = typeof reason?.code === 'string' ? reason.code : ''
        fail(`cannot write ${target ? display(target.file) : error.file}: ${errnoText[code] ?? oneLine(error.message)}`)
        if (verbose && typeof reason?.stack === 'string') stderr.write(reason.stack + '\n')
        return 2
      }
      for (const target of targets) written.add(target.file)
    }
  }

  if (problems.length > 0) {
    // Nothing was written; the problems are all that is said (exit 2 means
    // "fix the invocation or the file first", not "here are the findings").
    stderr.write(problems.join('\n') + '\n')
    return 2
  }

  if (flags.explain) {
    const [{analysisOf}, {explain}] = await Promise.all([import('../analysis.js'), import('../explain.js')])
    for (const file of files) {
      const analysis = analysisOf(file)
      stdout.write(analysis ? explain(analysis, file.messages, display(file)) + '\n' : `# ${display(file)}\n\n(not analysed)\n\n`)
    }
  }

  if (format === 'html') {
    // Loaded only here: the page builder and its dependencies cost the other formats nothing.
    const [{htmlReport}, {analysisOf}] = await Promise.all([import('../report/html/index.js'), import('../analysis.js')])
    stdout.write(
      htmlReport(
        files.map((file) => ({path: display(file), analysis: analysisOf(file), messages: file.messages})),
        {toolName: NAME, version: packageVersion()}
      )
    )
  }

  const reportFiles: ReportFile[] = files.map((file) => ({
    path: display(file),
    messages: file.messages,
    written: written.has(file)
  }))
  const {report, severity} = await import('./report.js')
  const output = format === 'html' ? '' : report(reportFiles, {
    format,
    color: flags.color ?? Boolean(stderr.isTTY && !env.NO_COLOR),
    verbose,
    quiet: Boolean(flags.quiet),
    toolName: NAME,
    version: packageVersion()
  })
  if (output) (format === 'text' ? stderr : stdout).write(output)

  const messages = files.flatMap((file) => file.messages)
  const errors = messages.some((message) => severity(message) === 'error')
  const warnings = messages.some((message) => severity(message) === 'warning')
  return errors || (flags.frail && warnings) ? 1 : 0
}

/** `--concurrency auto|off|N`: the setting, or what is wrong with the value. */
function parseConcurrency(value: string | undefined): 'auto' | 'off' | number | string {
  if (value === undefined || value === 'auto' || value === 'off') return value ?? 'auto'
  if (/^[1-9]\d{0,3}$/.test(value)) return Number(value)
  return `option --concurrency expects auto, off or a number of threads, not "${value}"`
}

/**
 * Lint on threads when that pays (several files, enough text, or a number of
 * threads given); undefined when one thread is enough.
 */
async function lintOnThreads(
  operands: string[],
  cwd: string,
  concurrency: 'auto' | number,
  fix: boolean,
  progress?: (actual: number, expected: number) => void
): Promise<Linted | undefined> {
  if (concurrency === 1) return undefined
  const pool = await import('./pool.js')
  if (!pool.threadsAvailable()) return undefined
  // Plain files need no search (one file: no thread); folders and globs are searched as the engine would.
  const plain = await Promise.all(
    operands.map(async (operand) => !globMagic.test(operand) && Boolean((await fsPromises.stat(path.resolve(cwd, operand)).catch(() => undefined))?.isFile()))
  )
  if (plain.every(Boolean) && operands.length < 2) return undefined
  const files = plain.every(Boolean) ? operands.map((operand) => path.relative(cwd, path.resolve(cwd, operand))) : await (await import('./lint.js')).discover(operands, cwd)
  const {threads, sizes} = await pool.threadCount(concurrency, cwd, files)
  if (threads < 2) return undefined
  return pool.lintInThreads(files, sizes, {cwd, threads, fix, progress})
}
