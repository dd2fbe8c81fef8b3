/**
 * A lint thread of `deployment-lint` (see ./pool.ts): lints the files it is
 * given with unified-engine exactly as the main thread would, fixes them
 * (without writing) when asked, and posts plain copies of the results.
 */
import path from 'node:path'
import {parentPort, workerData} from 'node:worker_threads'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {collectEdits, type FixResult} from '../fix.js'
import {defaultPlugins, lintDirect, lintWithEngine} from './lint.js'

export interface WorkerInput {
  cwd: string
  /** Paths relative to `cwd`. */
  files: string[]
  fix: boolean
}

/** A message as plain data (`ancestors` dropped, `cause` as its message, stack and code). */
export type PlainMessage = Record<string, unknown>

export interface PlainFile {
  path: string
  value: string
  messages: PlainMessage[]
  /** With `fix`, for a file with edits: the fix result and the messages after it, or why fixing failed. */
  fixed?: {result: FixResult; messages: PlainMessage[]} | {error: string}
}

export type WorkerOutput = {type: 'one'} | {type: 'done'; files: PlainFile[]} | {type: 'error'; message: string; stack?: string}

export function toPlain(message: VFileMessage): PlainMessage {
  const plain: PlainMessage = {}
  for (const [key, value] of Object.entries(message)) {
    if (key === 'ancestors') continue
    if (key === 'cause' && value !== undefined) {
      const cause = value as {message?: unknown; stack?: unknown; code?: unknown}
      plain.cause = {message: String(cause.message ?? value), stack: cause.stack, code: cause.code}
      continue
    }
    plain[key] = value
  }
  // `stack` and `message` may be inherited or non-enumerable on an Error.
  plain.message = message.message
  plain.stack = message.stack
  return plain
}

async function main(input: WorkerInput): Promise<PlainFile[]> {
  const settings = {cwd: input.cwd, plugins: await defaultPlugins(), progress: () => parentPort!.postMessage({type: 'one'} satisfies WorkerOutput)}
  const files = input.files.map((file) => path.resolve(input.cwd, file))
  // Without a remark config or ignore file above them, the files need no engine (./lint.ts).
  const linted = (await lintDirect(files, settings)) ?? (await lintWithEngine(files.map((file) => new VFile({path: file})), settings))
  const results: PlainFile[] = []
  for (const file of linted.files) {
    const plain: PlainFile = {path: file.path, value: String(file), messages: file.messages.map(toPlain)}
    if (input.fix && !file.messages.some((message) => message.fatal === true && !message.ruleId) && collectEdits(file.messages, String(file)).length > 0) {
      try {
        const result = await linted.fix(file)
        plain.fixed = {result, messages: file.messages.map(toPlain)}
      } catch (error) {
        plain.fixed = {error: error instanceof Error ? error.message : String(error)}
      }
    }
    results.push(plain)
  }
  return results
}

if (parentPort) {
  main(workerData as WorkerInput).then(
    (files) => parentPort!.postMessage({type: 'done', files} satisfies WorkerOutput),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error))
      parentPort!.postMessage({type: 'error', message: failure.message, stack: failure.stack} satisfies WorkerOutput)
    }
  )
}
