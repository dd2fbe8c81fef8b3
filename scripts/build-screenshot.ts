/**
 * The README's screenshot of the HTML report: `deployment-lint --format html`
 * on examples/moe-serving-plan.md, saved as docs/report-example.html, and
 * that page in headless Chromium as docs/report-example.png.
 *
 *   npm run build:screenshot
 *
 * PNG bytes vary between browser versions, so test/html-report.test.ts
 * checks that docs/report-example.html is what the CLI prints now: the PNG
 * was made from it.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { run } from '../src/cli/run.js'
import { projectRoot } from './build-docs.js'
import { launch, prepareChromium } from './chromium.js'

export const SCREENSHOT_SOURCE = 'examples/moe-serving-plan.md'
export const SCREENSHOT_HTML = 'docs/report-example.html'
export const SCREENSHOT_PNG = 'docs/report-example.png'

/** What `deployment-lint --format html examples/moe-serving-plan.md` prints. */
export async function exampleHtml(root = projectRoot()): Promise<string> {
  let out = ''
  const code = await run(['--format', 'html', SCREENSHOT_SOURCE], { cwd: root, stdout: { write: (c: string) => (out += c) }, stderr: { write: () => true } })
  if (code === 2) throw new Error(`build-screenshot: deployment-lint failed on ${SCREENSHOT_SOURCE}`)
  return out
}

/** Screenshot of the top of a page, down to the memory picture (at most `height` CSS pixels). */
export async function screenshot(file: string, png: string, height = 2000): Promise<Buffer> {
  const session = await launch()
  try {
    const page = await session.context.newPage()
    await page.goto(pathToFileURL(file).href)
    const bottom = await page.evaluate('(() => { const f = document.querySelector(".memory-section figure"); return f ? f.getBoundingClientRect().bottom + window.scrollY + 12 : document.documentElement.scrollHeight })()')
    return await page.screenshot({ path: png, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.min(height, Math.ceil(Number(bottom))) } })
  } finally {
    await session.close()
  }
}

const invoked = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invoked) {
  const root = projectRoot()
  const html = await exampleHtml(root)
  writeFileSync(path.join(root, SCREENSHOT_HTML), html)
  const why = prepareChromium()
  if (why) {
    process.stderr.write(`build-screenshot: wrote ${SCREENSHOT_HTML}; cannot take the screenshot: ${why}\n`)
    process.exit(1)
  }
  await screenshot(path.join(root, SCREENSHOT_HTML), path.join(root, SCREENSHOT_PNG))
  process.stdout.write(`build-screenshot: wrote ${SCREENSHOT_HTML} and ${SCREENSHOT_PNG}\n`)
}
