/**
 * Linting for `deployment-lint`, the same on the main thread and in a worker
 * (./pool.ts): unified-engine over files, folders and globs, so that
 * `.remarkrc*`, `package.json#remarkConfig` and `.remarkignore` work exactly
 * as in remark; or, when every operand is a plain file and no such file is in
 * any folder above it, `remark().use(plugins)` on each file without loading
 * the engine (a pre-commit hook on one small file then pays for parsing and
 * rules, not for the engine).  Both give the same files, in the engine's
 * order (alphabetical), with the same messages.
 *
 * Heavy modules are imported here, on first use, never by ./run.ts itself.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {PassThrough} from 'node:stream'
import type {PluggableList, Plugin, Processor} from 'unified'
import type {Context, FileSet, Options as EngineOptions} from 'unified-engine'
import type {VFile} from 'vfile'
import type {FixResult} from '../fix.js'

type AnyProcessor = Processor<any, any, any, any, any>

export interface LintSettings {
  cwd: string
  plugins: PluggableList
  /** Called after each file (the engine path only shows progress for many files). */
  progress?: (actual: number, expected: number) => void
}

export interface Linted {
  /** Files given (or found) and not ignored, in the engine's order. */
  files: VFile[]
  /** Fix a file: lint fixed text again with the file's own configured processor. */
  fix(file: VFile): Promise<FixResult>
}

export const globMagic = /[*?[\]{}!]/

/** This package's plugin, with `{}` so that unified merges (not drops) options a `.remarkrc` gives it. */
export async function defaultPlugins(): Promise<PluggableList> {
  const entry = (await import('../index.js')) as unknown as {default?: unknown}
  if (typeof entry.default !== 'function') {
    throw new Error('cannot load remark-lint-deployment: its entry has no default export (is it built?)')
  }
  return [[entry.default as Plugin, {}]]
}

/** Settings shared by every engine run: remark's config and ignore files. */
function engineOptions(cwd: string, files: Array<string | VFile>): Omit<EngineOptions, 'processor'> {
  return {
    cwd,
    files,
    extensions: ['md', 'markdown'],
    rcName: '.remarkrc',
    packageField: 'remarkConfig',
    ignoreName: '.remarkignore',
    pluginPrefix: 'remark',
    silentlyIgnore: true,
    out: false,
    output: false,
    alwaysStringify: false,
    reporter: () => '',
    streamOut: new PassThrough(),
    streamError: new PassThrough(),
    streamIn: new PassThrough()
  }
}

function runEngine(options: EngineOptions): Promise<Context | undefined> {
  return import('unified-engine').then(
    ({engine}) =>
      new Promise<Context | undefined>((resolve, reject) => {
        engine(options, (error, _code, result) => (error ? reject(error) : resolve(result)))
      })
  )
}

const isLinted = (file: VFile) => Boolean(file.data.unifiedEngineGiven && !file.data.unifiedEngineIgnored)

/** Lint with unified-engine (files, folders, globs, configs, ignore files). */
export async function lintWithEngine(inputs: Array<string | VFile>, settings: LintSettings): Promise<Linted> {
  const [{remark}, {fixFile}] = await Promise.all([import('remark'), import('../fix.js')])
  // Remember each file's configured processor (to lint fixed text again) and report progress.
  const processors = new WeakMap<VFile, AnyProcessor>()
  const progressSets = new WeakSet<FileSet>()
  const {progress} = settings
  const capture = function (this: AnyProcessor, _options?: unknown, fileSet?: FileSet) {
    const self = this
    if (fileSet && progress && !progressSets.has(fileSet)) {
      progressSets.add(fileSet)
      fileSet.on('one', () => progress(fileSet.actual, fileSet.expected))
    }
    return function (_tree: unknown, file: VFile) {
      processors.set(file, self)
    }
  }
  const context = await runEngine({
    ...engineOptions(settings.cwd, inputs),
    processor: remark,
    plugins: [...settings.plugins, capture as unknown as Plugin]
  })
  return {
    files: (context?.files ?? []).filter(isLinted),
    fix(file) {
      const processor = processors.get(file)
      if (!processor) return Promise.resolve({value: String(file), changed: false, applied: 0, rounds: 0, converged: true})
      return fixFile(file, processor)
    }
  }
}

/**
 * The files found for `operands`, as paths relative to `cwd`, in the engine's
 * order (files that cannot be read are included: linting says why).  No
 * config is loaded and nothing is parsed.
 */
export async function discover(operands: string[], cwd: string): Promise<string[]> {
  const {unified} = await import('unified')
  const noParse = unified().use(function () {
    this.parser = () => ({type: 'root', children: []})
    this.compiler = () => ''
  })
  const context = await runEngine({...engineOptions(cwd, operands), processor: noParse, detectConfig: false})
  return (context?.files ?? []).filter(isLinted).map((file) => file.path)
}

/** Names unified-engine looks for in each folder above a file (remark's settings). */
const CONFIG_NAMES = ['.remarkrc', '.remarkrc.cjs', '.remarkrc.js', '.remarkrc.json', '.remarkrc.mjs', '.remarkrc.yaml', '.remarkrc.yml', '.remarkignore']

const exists = (file: string) => fs.access(file).then(() => true, () => false)

/** Whether a folder or any above it holds a remark config or ignore file. */
async function configured(folder: string, seen: Map<string, Promise<boolean>>): Promise<boolean> {
  let hit = seen.get(folder)
  if (hit === undefined) {
    hit = (async () => {
      const found = await Promise.all(CONFIG_NAMES.map((name) => exists(path.join(folder, name))))
      if (found.some(Boolean)) return true
      const manifest = await fs.readFile(path.join(folder, 'package.json'), 'utf8').catch(() => undefined)
      if (manifest !== undefined) {
        try {
          const data = JSON.parse(manifest) as unknown
          if (data === null || typeof data !== 'object' || 'remarkConfig' in data) return true
        } catch {
          return true
        }
      }
      const parent = path.dirname(folder)
      return parent === folder ? false : configured(parent, seen)
    })()
    seen.set(folder, hit)
  }
  return hit
}

/**
 * Lint plain files without the engine, when that gives what the engine would:
 * every operand a path (no glob) to a regular file, and no remark config or
 * ignore file in any folder above them.  Otherwise undefined.
 */
export async function lintDirect(operands: string[], settings: LintSettings): Promise<Linted | undefined> {
  const {cwd} = settings
  const seen = new Map<string, Promise<boolean>>()
  const unique = new Map<string, string>()
  for (const operand of operands) {
    if (globMagic.test(operand)) return undefined
    const absolute = path.resolve(cwd, operand)
    if (unique.has(path.relative(cwd, absolute))) return undefined
    const stats = await fs.stat(absolute).catch(() => undefined)
    if (!stats?.isFile()) return undefined
    if (await configured(path.dirname(absolute), seen)) return undefined
    unique.set(path.relative(cwd, absolute), absolute)
  }
  // remark without remark-stringify: linting and fixing parse and run only (the markdown writer is not loaded).
  const [{unified}, {default: remarkParse}, {VFile}, {fixFile}] = await Promise.all([import('unified'), import('remark-parse'), import('vfile'), import('../fix.js')])
  const processor = unified().use(remarkParse).use(settings.plugins).freeze()
  // The engine's order: by path, alphabetically.
  const names = [...unique.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const files: VFile[] = []
  for (const name of names) {
    const file = new VFile({path: name, cwd})
    file.data.unifiedEngineGiven = true
    try {
      file.value = await fs.readFile(unique.get(name)!, 'utf8')
    } catch {
      return undefined
    }
    try {
      await processor.run(processor.parse(file), file)
    } catch (error) {
      // As unified-engine: a thrown message is marked fatal, anything else becomes one.
      const index = file.messages.indexOf(error as never)
      if (index === -1) file.message('Cannot process file', {cause: error as Error}).fatal = true
      else file.messages[index].fatal = true
    }
    files.push(file)
    settings.progress?.(files.length, names.length)
  }
  return {files, fix: (file) => fixFile(file, processor)}
}
