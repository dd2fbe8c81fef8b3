// Makes sure dist/ is built from the current sources before a test spawns a
// bin or loads dist/ natively: rebuilds with tsc when any source is newer
// (tsc emits even when another file has type errors), one build at a time
// across vitest workers.
import {execFile} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const dist = (...parts: string[]) => path.join(root, 'dist', ...parts)

const outputs = ['src/cli/main.js', 'src/cli/server.js', 'src/fix.js', 'src/index.js']

async function newest(directory: string): Promise<number> {
  let result = 0
  const entries = await fs.readdir(directory, {withFileTypes: true}).catch(() => [])
  for (const entry of entries) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) result = Math.max(result, await newest(full))
    else if (entry.name.endsWith('.ts')) result = Math.max(result, (await fs.stat(full)).mtimeMs)
  }
  return result
}

async function fresh(): Promise<boolean> {
  const source = Math.max(await newest(path.join(root, 'src')), await newest(path.join(root, 'rules')))
  for (const output of outputs) {
    const stats = await fs.stat(dist(output)).catch(() => undefined)
    if (!stats || stats.mtimeMs < source) return false
  }
  return true
}

export async function ensureBuilt(): Promise<void> {
  if (await fresh()) return
  const lock = path.join(root, '.tmp', 'build.lock')
  await fs.mkdir(path.dirname(lock), {recursive: true})
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      await fs.mkdir(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for another build (' + lock + ')')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (await fresh()) return
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json'], {cwd: root}).catch(() => undefined)
    for (const output of outputs.slice(0, 3)) await fs.access(dist(output))
  } finally {
    await fs.rmdir(lock).catch(() => undefined)
  }
}
