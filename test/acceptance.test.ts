/**
 * The shared acceptance checks: every finding of ../shared/examples found
 * with the right fix and nothing extra, and no false alarm on the real
 * documents of ../shared/corpus/real. Runs the shared tools against the build.
 */
import { describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { root } from './helpers/build.js'
import { skipping } from './helpers/real.js'
import { missing, shared, titled } from './helpers/shared.js'

const tools = shared('tools')
const examplesReason = missing(path.join(tools, 'check-examples.mjs'), shared('examples', 'EXPECTED.json'), path.join(root, 'dist/src/index.js'))
const corpusReason = missing(path.join(tools, 'check-corpus.mjs'), shared('corpus', 'real'), path.join(root, 'dist/src/index.js'))

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
  const examplesTitle = 'finds every example finding with the right fix and nothing extra'
  it.skipIf(skipping(examplesReason, examplesTitle))(titled(examplesTitle, examplesReason), () => {
    const { code, out } = run('check-examples.mjs')
    expect(out).toMatch(/examples: found 14\/14, fixes 11\/11, extra 0/)
    expect(code).toBe(0)
  })
  const corpusTitle = 'raises no false alarm and no crash on the real corpus'
  it.skipIf(skipping(corpusReason, corpusTitle))(titled(corpusTitle, corpusReason), () => {
    const { code, out } = run('check-corpus.mjs')
    const m = /false alarms (\d+), known errors found (\d+)\/(\d+), crashes (\d+)/.exec(out)
    expect(m, out).not.toBeNull()
    expect(Number(m![1]), out).toBe(0)
    expect(Number(m![4]), out).toBe(0)
    expect(Number(m![2])).toBeGreaterThanOrEqual(5)
    expect(code).toBe(0)
  })
})
