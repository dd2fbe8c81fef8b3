/**
 * `--concurrency`: lint files on several threads (node:worker_threads), each
 * running ./worker.ts on its share.  The files are shared out by size
 * (largest first, each to the least loaded thread); the results come back as
 * plain data and are rebuilt into VFiles in the engine's order, so reports,
 * exit codes and fixes are byte for byte those of one thread.
 */
import fs from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {availableParallelism, loadavg} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {FixResult} from '../fix.js'
import type {Linted} from './lint.js'
import type {PlainFile, PlainMessage, WorkerInput, WorkerOutput} from './worker.js'

/** With `--concurrency auto`, a thread is worth starting for about this much text. */
export const BYTES_PER_THREAD = 96 * 1024

const workerUrl = new URL('./worker.js', import.meta.url)

/** Whether threads can run here (the worker is built: not so when run from the TypeScript sources). */
export function threadsAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl))
}

/** The number of threads for `files` (paths relative to `cwd`): 1 means the main thread alone. */
export async function threadCount(setting: 'auto' | number, cwd: string, files: string[]): Promise<{threads: number; sizes: number[]}> {
  const sizes = await Promise.all(files.map((file) => fs.stat(path.resolve(cwd, file)).then((stats) => stats.size, () => 0)))
  if (files.length < 2 || new Set(files).size !== files.length) return {threads: 1, sizes}
  if (setting !== 'auto') return {threads: Math.min(setting, files.length), sizes}
  const total = sizes.reduce((sum, size) => sum + size, 0)
  // Only cores that are idle help: on a machine busy with other work, threads add their start-up and
  // compete for the same cores (the load average counts this process once).
  const idle = Math.floor(availableParallelism() - loadavg()[0] + 1)
  return {threads: Math.max(1, Math.min(availableParallelism(), idle, files.length, Math.floor(total / BYTES_PER_THREAD))), sizes}
}

function fromPlain(plain: PlainMessage): VFileMessage {
  const message = new VFileMessage(String(plain.reason ?? ''))
  const {cause, ...rest} = plain
  Object.assign(message, rest)
  if (cause) {
    const {message: text, stack, code} = cause as {message: string; stack?: string; code?: unknown}
    const error = Object.assign(new Error(text), code === undefined ? {} : {code})
    error.stack = stack
    message.cause = error
  }
  return message
}

function fromPlainFile(plain: PlainFile, cwd: string): VFile {
  const file = new VFile({path: plain.path, cwd, value: plain.value})
  file.data.unifiedEngineGiven = true
  file.messages = plain.messages.map(fromPlain)
  return file
}

/** Lint `files` on `threads` threads; `sizes` are their sizes in bytes. */
export async function lintInThreads(
  files: string[],
  sizes: number[],
  options: {cwd: string; threads: number; fix: boolean; progress?: (actual: number, expected: number) => void}
): Promise<Linted> {
  const shares: string[][] = Array.from({length: options.threads}, () => [])
  const loads = new Array<number>(options.threads).fill(0)
  const order = files.map((_, index) => index).sort((a, b) => sizes[b] - sizes[a] || a - b)
  for (const index of order) {
    const least = loads.indexOf(Math.min(...loads))
    shares[least].push(files[index])
    loads[least] += sizes[index] + 1024
  }
  let actual = 0
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<PlainFile[]>((resolve, reject) => {
          const worker = new Worker(workerUrl, {workerData: {cwd: options.cwd, files: share, fix: options.fix} satisfies WorkerInput})
          let settled = false
          worker.on('message', (output: WorkerOutput) => {
            if (output.type === 'one') options.progress?.(++actual, files.length)
            else if (output.type === 'done') {
              settled = true
              resolve(output.files)
            } else {
              settled = true
              reject(Object.assign(new Error(output.message), {stack: output.stack}))
            }
          })
          worker.on('error', (error) => {
            settled = true
            reject(error)
          })
          worker.on('exit', (code) => {
            if (!settled) reject(new Error(`a lint thread stopped (exit code ${code})`))
          })
        })
    )
  )
  // The engine's order: alphabetical by path (each thread's files are, too).
  const plain = results.flat().sort((a, b) => (a.path < b.path ? -1 : 1))
  const fixed = new Map<VFile, PlainFile['fixed']>()
  const linted = plain.map((entry) => {
    const file = fromPlainFile(entry, options.cwd)
    fixed.set(file, entry.fixed)
    return file
  })
  return {
    files: linted,
    async fix(file): Promise<FixResult> {
      const done = fixed.get(file)
      if (!done) return {value: String(file), changed: false, applied: 0, rounds: 0, converged: true}
      if ('error' in done) throw new Error(done.error)
      file.messages = done.messages.map(fromPlain)
      return done.result
    }
  }
}
