/**
 * The shared acceptance checks: every finding of ../shared/examples found
 * with the right fix and nothing extra, and no false alarm on the real
 * documents of ../shared/corpus/real. Runs the shared tools against the build.
 */
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tools = path.resolve(root, '../shared/tools')
const have = existsSync(path.join(tools, 'check-examples.mjs')) && existsSync(path.join(root, 'dist/src/index.js'))

function run(script: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [path.join(tools, script), root], { encoding: 'utf8', cwd: root })
    return { code: 0, out }
  } catch (error) {
    const e = error as { status: number; stdout: string }
    return { code: e.status, out: e.stdout }
  }
}

describe('shared acceptance tools', () => {
  if (!have) console.warn('skipping: ../shared/tools or dist/ missing (run npm run build)')
  it.skipIf(!have)('finds every example finding with the right fix and nothing extra', { timeout: 60_000 }, () => {
    const { code, out } = run('check-examples.mjs')
    expect(out).toMatch(/examples: found 14\/14, fixes 11\/11, extra 0/)
    expect(code).toBe(0)
  })
  it.skipIf(!have)('raises no false alarm and no crash on the real corpus', { timeout: 60_000 }, () => {
    const { code, out } = run('check-corpus.mjs')
    const m = /false alarms (\d+), known errors found (\d+)\/(\d+), crashes (\d+)/.exec(out)
    expect(m, out).not.toBeNull()
    expect(Number(m![1]), out).toBe(0)
    expect(Number(m![4]), out).toBe(0)
    expect(Number(m![2])).toBeGreaterThanOrEqual(5)
    expect(code).toBe(0)
  })
})
