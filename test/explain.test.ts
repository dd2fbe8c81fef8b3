/**
 * `deployment-lint --explain`: the resolved model, derived quantities and
 * claims of moe-16x16-plan.md, compared with a golden file. Regenerate with
 * UPDATE_GOLDEN=1 after an intended change, and read the diff.  Every table
 * (of that example and of a small plan in this file) has one row per label,
 * each derived value is the number its derivation ends with, and counts of
 * one are singular (`1 GPU`).
 */
import { afterAll, describe, it, expect } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { root } from './helpers/build.js'
import { removeScratch, scratch } from './helpers/io.js'
import { skipping } from './helpers/real.js'
import { missing, shared, titled } from './helpers/shared.js'

const examples = shared('examples')
const golden = path.join(root, 'fixtures/explain/moe-16x16-plan.md')
const cli = path.join(root, 'dist/src/cli/main.js')
const reason = missing(path.join(examples, 'moe-16x16-plan.md'), cli)
const title = 'prints the model, the derivations and the claims of moe-16x16-plan.md'

function explain(cwd: string, name: string): string {
  try {
    return execFileSync(process.execPath, [cli, '--explain', '--quiet', name], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch (error) {
    return (error as { stdout: string }).stdout
  }
}

/** The rows of each `## ` table: [first cell, second cell, third cell]. */
function tables(out: string): Map<string, string[][]> {
  const result = new Map<string, string[][]>()
  let heading = ''
  for (const line of out.split('\n')) {
    if (line.startsWith('## ')) heading = line.slice(3)
    else if (line.startsWith('| ') && !line.startsWith('| quantity |') && !line.startsWith('| line |')) {
      const rows = result.get(heading) ?? []
      rows.push(line.slice(2, -2).split(' | '))
      result.set(heading, rows)
    }
  }
  return result
}

const scale: Record<string, number> = { GB: 1e9, MB: 1e6, KB: 1e3, B: 1e9, M: 1e6, K: 1e3, '': 1 }
const number = String.raw`(\d[\d,]*(?:\.\d+)?) ?(GB|MB|KB|B|M|K)?`

/** A number as printed and half a unit of its last digit (the rounding it allows). */
function parse(digits: string, unit = ''): { value: number; slack: number } {
  const plain = digits.replaceAll(',', '')
  const decimals = plain.split('.')[1]?.length ?? 0
  return { value: Number(plain) * scale[unit], slack: 0.5 * 10 ** -decimals * scale[unit] }
}

/** Derived rows whose value is not the number their derivation ends with ('' each when all agree). */
function disagreements(out: string): string[] {
  const wrong: string[] = []
  for (const [label, value, derivation] of tables(out).get('Derived') ?? []) {
    const shown = new RegExp('^' + number).exec(value)
    if (!shown) continue
    const unit = shown[2] === 'B' && !/B\b/.test(derivation.split('=').at(-1) ?? '') ? '' : shown[2]
    const row = parse(shown[1], unit)
    const ends = [...derivation.matchAll(new RegExp('= ~?' + number + '(?![\\d.])', 'g'))]
    const last = ends.at(-1)
    // A derivation that states several conventions (`6.57B with …; 6.44B without …`) lists the row's value among them.
    const several = label.includes('(') && derivation.includes(';')
    const candidates = several ? [...derivation.matchAll(new RegExp('(?:= |; )~?' + number + '(?![\\d.])', 'g'))] : last ? [last] : []
    const ok = candidates.some((end) => {
      const stated = parse(end[1], end[2])
      return Math.abs(stated.value - row.value) <= stated.slack + row.slack
    })
    if (!ok) wrong.push(`${label}: ${value} ≠ ${last?.[0] ?? '(no final number)'} in ${derivation}`)
  }
  return wrong
}

function duplicatedLabels(out: string): string[] {
  const result: string[] = []
  for (const [heading, rows] of tables(out)) {
    if (heading === 'Claims') continue
    const labels = rows.map((row) => row[0])
    for (const label of new Set(labels)) if (labels.filter((other) => other === label).length > 1) result.push(`${heading}: ${label}`)
  }
  return result
}

afterAll(removeScratch)

describe('deployment-lint --explain', () => {
  it.skipIf(skipping(reason, title))(titled(title, reason), () => {
    const out = explain(examples, 'moe-16x16-plan.md')
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, out)
    expect(out).toContain('| 39 | `12` | GPUs per replica | 16 | ✗ |')
    expect(out).toContain('| 45 | `8` | experts per GPU | 2 or 8 | ✓ |')
    expect(duplicatedLabels(out)).toEqual([])
    expect(disagreements(out)).toEqual([])
    expect(out).toContain('| EP groups (per stage) | 1 | 32 GPUs ÷ (EP 8 × PP 4) = 1 EP group per stage |')
    expect(out).toBe(readFileSync(golden, 'utf8'))
  })

  it('a plan of one GPU per replica: one row per quantity, each value the end of its derivation, `1 GPU` singular', async () => {
    const plan = [
      '# Plan', '', 'Model: 16 layers, hidden size 4096, 32 attention heads, 8 KV heads, 16 experts (top-2), expert FFN 14336, vocabulary 32000, bf16.', '',
      '- TP: 1', '- PP: 1', '- DP: 8', '- EP: 8', '- Total GPUs: 8', '',
      'Each replica has 1 GPU; weights per GPU: 12 GB.', '',
    ].join('\n')
    const directory = await scratch({ 'plan.md': plan })
    const out = explain(directory, 'plan.md')
    expect(out).toContain('## Derived')
    expect(out).toMatch(/= 1 GPU per replica \|/)
    expect(out).not.toMatch(/(?<![\d.])1 (GPU|replica|group|EP group)s\b/)
    expect(duplicatedLabels(out)).toEqual([])
    expect(disagreements(out)).toEqual([])
  })
})
