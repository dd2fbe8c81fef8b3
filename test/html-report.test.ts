/**
 * `deployment-lint --format html`: one self-contained page on stdout (no
 * script, no external resource), valid HTML (html-validate's recommended
 * rules), a section per file, the GPU grid's data attributes and titles, the
 * inputs not stated, one replica of a large cluster, and docs/report-example.html
 * (the page the README's screenshot shows) current.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { HtmlValidate } from 'html-validate'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { exampleHtml, SCREENSHOT_HTML } from '../scripts/build-screenshot.js'
import { root } from './helpers/build.js'
import { capture, removeScratch, scratch } from './helpers/io.js'
import { missing, shared, titled } from './helpers/shared.js'

afterAll(removeScratch)

const plan16 = shared('examples', 'moe-16x16-plan.md')
const reason16 = missing(plan16)

async function html(args: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  const stdout = capture()
  const stderr = capture()
  const code = await run(['--format', 'html', ...args], { cwd, stdout, stderr })
  return { code, out: stdout.text, err: stderr.text }
}

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] })

async function valid(page: string): Promise<string[]> {
  const report = await validator.validateString(page)
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))
}

/** Attributes of every element with `class="gpu"`. */
function gpus(page: string): Array<Record<string, string>> {
  return [...page.matchAll(/<g class="gpu"([^>]*)>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])))
}

describe('--format html', () => {
  it('prints one self-contained page that html-validate accepts, for each example', async () => {
    for (const name of ['examples/moe-serving-plan.md', 'examples/plan-review.md', 'examples/training-plan.md']) {
      const { code, out, err } = await html([name])
      expect(code, err).toBeLessThan(2)
      expect(err).toBe('')
      expect(out.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true)
      expect(out).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i)
      // The only URL is the SVG namespace (a name, never fetched).
      expect([...new Set(out.match(/https?:\/\/[^\s"'<>)]+/g) ?? [])]).toEqual(['http://www.w3.org/2000/svg'])
      expect(await valid(out), name).toEqual([])
    }
  })

  it('puts several files on one page, a section each, and stays valid', async () => {
    const { out } = await html(['examples/'])
    expect(out.match(/<section class="file"/g)).toHaveLength(3)
    expect(out).toContain('<title>Deployment plans (3 files)</title>')
    for (const n of [1, 2, 3]) expect(out).toContain(`<a href="#f${n}">`)
    expect(await valid(out)).toEqual([])
  })

  it('draws the serving example: 32 GPUs, 4 stages, 4 EP groups, each GPU titled with its experts', async () => {
    const { out } = await html(['examples/moe-serving-plan.md'])
    const all = gpus(out)
    expect(all).toHaveLength(32)
    expect(new Set(all.map((g) => g['data-stage']))).toEqual(new Set(['1', '2', '3', '4']))
    expect(new Set(all.map((g) => g['data-ep-group']))).toEqual(new Set(['0', '1', '2', '3']))
    expect(all.map((g) => g['data-rank'])).toEqual(Array.from({ length: 32 }, (_, i) => String(i)))
    expect(out).toContain('<title>GPU rank 18 · stage 3 of 4 (layers 9–12) · TP rank 2 of 4 · DP replica 0 · EP group 2 (EP rank 2 of 8): experts 4–5 of each MoE layer, layers 9–12</title>')
    expect(out).toContain('Convention: the document\'s 32 GPUs = TP 4 × PP 4 × DP 2: it uses folded (EP inside TP × DP).')
    expect(out.match(/<rect[^>]*class="ep-group"[^>]*data-gpus="8"/g)).toHaveLength(4)
    // Inputs link to their lines; the inputs it lacks are named.
    expect(out).toMatch(/<th scope="row">EP<\/th><td>8<\/td><td><a href="#f1-L14">line 14<\/a>/)
    expect(out).toContain('<li id="f1-L14"><code>| EP | 8 |</code></li>')
    expect(out).toContain('<li>weight precision not stated: memory in bytes not checked</li>')
    // A claim that does not hold, with its line and recomputed value.
    expect(out).toMatch(/<tr class="bad" data-ok="false" data-line="19">.*?<td>experts per GPU per layer<\/td><td>2<\/td>/)
  })

  it.skipIf(reason16)(titled('marks the stated expert memory of moe-16x16-plan.md as differing (4.38 GB stated, 2.82 GB recomputed)', reason16), async () => {
    const { out } = await html([plan16])
    expect(await valid(out)).toEqual([])
    const bars = [...out.matchAll(/<g class="bar" data-kind="([^"]+)"/g)].map((m) => m[1])
    expect(bars).toEqual(['stage 1 (first)', 'stages 2–3', 'stage 4 (last)'])
    const experts = [...out.matchAll(/<g class="seg" data-part="experts"([^>]*)>/g)].map((m) => m[1])
    expect(experts).toEqual(Array(3).fill(' data-recomputed="2.82 GB" data-stated="4.38 GB" data-differs="true"'))
    expect(out).toContain('data-capacity="64.00 GB"')
    expect(out).toMatch(/<tr data-part="experts" data-differs="true"><th scope="row">routed experts<\/th><td>4.38 GB \(<a href="#f1-L56">line 56<\/a>\)<strong class="bad"> ✗ differs<\/strong><\/td><td>2.82 GB<\/td>/)
    // Attention is stated right: no mark.
    expect(out).toMatch(/<g class="seg" data-part="attention" data-recomputed="83.9 MB" data-stated="0.08 GB">/)
  })

  it('names the inputs a document does not state', async () => {
    const dir = await scratch({ 'plan.md': '# Plan\n\n| Setting | Value |\n|---|---|\n| Experts per layer | 64 |\n| Layers | 24 |\n| TP | 8 |\n| PP | 2 |\n| GPUs | 16 |\n' })
    const { out } = await html(['plan.md'], dir)
    expect(out).toContain('<li>EP not stated: experts per GPU not checked</li>')
    expect(out).toContain('EP not stated: experts per GPU not known')
    expect(gpus(out)).toHaveLength(16)
    expect(gpus(out).every((g) => g['data-ep-group'] === undefined)).toBe(true)
  })

  it('draws one replica of a cluster over 256 GPUs and says how many there are', async () => {
    const dir = await scratch({ 'plan.md': '# Plan\n\n| Setting | Value |\n|---|---|\n| Layers | 32 |\n| TP | 8 |\n| PP | 4 |\n| DP | 16 |\n| GPUs | 512 |\n| GPUs per node | 8 |\n' })
    const { out } = await html(['plan.md'], dir)
    expect(gpus(out)).toHaveLength(32)
    expect(out).toContain('512 GPUs: one replica of 32 drawn; there are 16 replicas like it.')
    expect(out.match(/<g class="node"/g)).toHaveLength(4)
    expect(await valid(out)).toEqual([])
  })

  it('tells the separate EP axis when the GPU count is TP × PP × DP × EP', async () => {
    const dir = await scratch({ 'plan.md': '# Plan\n\n| Setting | Value |\n|---|---|\n| Experts per layer | 8 |\n| Layers | 4 |\n| TP | 2 |\n| PP | 1 |\n| DP | 2 |\n| EP | 4 |\n| GPUs | 16 |\n' })
    const { out } = await html(['plan.md'], dir)
    expect(out).toContain('it uses separate EP axis.')
    const all = gpus(out)
    expect(all).toHaveLength(16)
    // An EP group: the 4 GPUs that differ only in their EP coordinate.
    const groups = new Map<string, number>()
    for (const g of all) groups.set(g['data-ep-group'], (groups.get(g['data-ep-group']) ?? 0) + 1)
    expect([...groups.values()]).toEqual([4, 4, 4, 4])
  })

  it('refuses --dry-run and --explain with --format html, and --help lists it', async () => {
    expect((await html(['--dry-run', 'examples/moe-serving-plan.md'])).err).toBe('deployment-lint: --dry-run prints a diff on stdout and cannot be combined with --format html\n')
    expect((await html(['--explain', 'examples/moe-serving-plan.md'])).err).toBe('deployment-lint: --explain prints markdown on stdout and cannot be combined with --format html\n')
    const help = capture()
    await run(['--help'], { stdout: help })
    expect(help.text).toContain('<text|json|github|sarif|html>')
    expect(help.text).toContain('--format html plan.md > plan-report.html')
  })
})

describe('docs/report-example.html', () => {
  it('is what --format html prints on the example (the README screenshot was taken of it)', async () => {
    const committed = readFileSync(path.join(root, SCREENSHOT_HTML), 'utf8')
    expect(committed === (await exampleHtml(root)), 'docs/report-example.html is out of date: run `npm run build:screenshot` (it retakes docs/report-example.png)').toBe(true)
  })

  it('is shown in the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
    expect(readme).toContain('](docs/report-example.png)')
    expect(readme).toContain('--format html')
  })
})
