/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium`,
 * driven by playwright-core; installed with apt when missing and this runs
 * as root, as the pre-commit test installs pre-commit; skipped with the
 * reason when it cannot be) opens the page of each example plan and of
 * ../shared/examples/moe-16x16-plan.md: no console error and no request
 * leaves the page; the 16×16 plan draws 32 GPUs in 4 stage fills and 4 EP
 * groups of 8 outlined; its expert bars are marked as differing from the
 * stated 4.38 GB (2.82 GB recomputed); a screenshot is written and is not
 * blank.
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { launch, prepareChromium, type Session } from '../scripts/chromium.js'
import { root } from './helpers/build.js'
import { capture, removeScratch, scratch } from './helpers/io.js'
import { skipping } from './helpers/real.js'
import { missing, shared, titled } from './helpers/shared.js'

const reason = prepareChromium()
const plan16 = shared('examples', 'moe-16x16-plan.md')
const reason16 = reason || missing(plan16)

let session: Session | undefined
let pages: string

beforeAll(async () => {
  if (reason) return
  session = await launch()
  pages = await scratch()
}, 120_000)

afterAll(async () => {
  await session?.close()
  await removeScratch()
})

/** The report of `file` opened in Chromium, with what the page logged and requested. */
async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const stdout = capture()
  const code = await run(['--format', 'html', file], { cwd: root, stdout, stderr: capture() })
  expect(code).toBeLessThan(2)
  const html = path.join(pages, path.basename(file, '.md') + '.html')
  writeFileSync(html, stdout.text)
  const page = await session!.context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url())
  })
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
  return { page, errors, requests }
}

/** Distinct colours of a PNG, counted by the browser (a canvas) so no image library is needed. */
async function colours(page: Page, png: Buffer): Promise<number> {
  const count = await page.evaluate(`(async () => {
    const img = new Image()
    img.src = 'data:image/png;base64,${png.toString('base64')}'
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const ctx = canvas.getContext('2d')
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, img.width, img.height).data
    const seen = new Set()
    for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])
    return seen.size
  })()`)
  return Number(count)
}

interface Grid {
  gpus: number
  ranks: number[]
  stages: string[]
  fills: string[]
  /** Per EP group outline: its group number and how many GPU boxes lie inside it. */
  outlines: Array<{ group: string; inside: number; ofGroup: number }>
  title18: string
}

const readGrid = `(() => {
  const gpus = [...document.querySelectorAll('svg.grid g.gpu')]
  const boxes = gpus.map((g) => ({ g, b: g.querySelector('rect.stage-fill').getBBox() }))
  const outlines = [...document.querySelectorAll('svg.grid rect.ep-group')].map((r) => {
    const o = r.getBBox()
    const inside = boxes.filter(({ b }) => b.x >= o.x && b.y >= o.y && b.x + b.width <= o.x + o.width && b.y + b.height <= o.y + o.height)
    const group = r.getAttribute('data-ep-group')
    return { group, inside: inside.length, ofGroup: inside.filter(({ g }) => g.getAttribute('data-ep-group') === group).length }
  })
  return {
    gpus: gpus.length,
    ranks: gpus.map((g) => Number(g.getAttribute('data-rank'))),
    stages: [...new Set(gpus.map((g) => g.getAttribute('data-stage')))],
    fills: [...new Set(gpus.map((g) => getComputedStyle(g.querySelector('rect.stage-fill')).fill))],
    outlines,
    title18: gpus.find((g) => g.getAttribute('data-rank') === '18')?.querySelector('title')?.textContent ?? '',
  }
})()`

describe('the HTML report in Chromium', () => {
  for (const name of ['moe-serving-plan.md', 'plan-review.md', 'training-plan.md']) {
    it.skipIf(skipping(reason, 'the browser test'))(titled(`renders examples/${name} without console errors or requests`, reason), async () => {
      const { page, errors, requests } = await open(path.join('examples', name))
      expect(errors).toEqual([])
      expect(requests).toEqual([])
      expect(await page.title()).toBe(`Deployment plan report: examples/${name}`)
      await page.close()
    })
  }

  it.skipIf(skipping(reason16, 'the 16×16 browser test'))(titled('draws moe-16x16-plan.md: 32 GPUs, 4 stage fills, 4 EP groups of 8, the expert bars marked 4.38 GB stated vs 2.82 GB, a screenshot that is not blank', reason16), async () => {
    const { page, errors, requests } = await open(plan16)
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    const grid = (await page.evaluate(readGrid)) as Grid
    expect(grid.gpus).toBe(32)
    expect(grid.ranks).toEqual(Array.from({ length: 32 }, (_, i) => i))
    expect(grid.stages).toEqual(['1', '2', '3', '4'])
    expect(grid.fills).toHaveLength(4)
    expect(grid.outlines.map((o) => o.group)).toEqual(['0', '1', '2', '3'])
    for (const o of grid.outlines) expect(o).toMatchObject({ inside: 8, ofGroup: 8 })
    expect(grid.title18).toBe('GPU rank 18 · node 2 · stage 3 of 4 (layers 9–12) · TP rank 2 of 4 · DP replica 0 · EP group 2 (EP rank 2 of 8): experts 4–5 of each MoE layer, layers 9–12')

    // Every kind of GPU (first, middle, last stage) has its expert segment marked.
    const experts = (await page.evaluate(`[...document.querySelectorAll('svg.memory g.bar')].map((bar) => {
      const seg = bar.querySelector('g.seg[data-part="experts"]')
      return { kind: bar.getAttribute('data-kind'), differs: seg.getAttribute('data-differs'), stated: seg.getAttribute('data-stated'), recomputed: seg.getAttribute('data-recomputed'), mark: seg.querySelector('text.differs-mark')?.textContent ?? '' }
    })`)) as Array<Record<string, string>>
    expect(experts).toEqual(['stage 1 (first)', 'stages 2–3', 'stage 4 (last)'].map((kind) => ({ kind, differs: 'true', stated: '4.38 GB', recomputed: '2.82 GB', mark: '✗ stated 4.38 GB' })))
    // The mark is drawn: the segment's outline is wider than the others'.
    expect(await page.locator('svg.memory g.seg[data-part="experts"] rect').first().getAttribute('stroke-width')).toBe('2.5')

    const file = path.join(os.tmpdir(), 'deployment-lint-report-moe-16x16-plan.png')
    const png = await page.screenshot({ path: file, fullPage: true })
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(await colours(page, png)).toBeGreaterThan(50)
    console.info(`screenshot: ${file}`)
    await page.close()
  })
})
