/**
 * Headless Chromium for the HTML report: the system browser (Debian's
 * `chromium`) driven by playwright-core, which downloads nothing. Used by
 * scripts/build-screenshot.ts and test/html-browser.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags for a quiet, offline, sandbox-free run (CI runs as root). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Why Chromium cannot be used ('' when it can), installing Debian's `chromium` with apt when it is missing (root only). */
export function prepareChromium(): string {
  if (existsSync(CHROMIUM)) return ''
  if (process.getuid?.() !== 0) return `${CHROMIUM} is missing and installing chromium with apt needs root`
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 120_000 })
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env, timeout: 480_000 })
  } catch (error) {
    return 'cannot install chromium with apt-get: ' + (error as Error).message.split('\n')[0]
  }
  return existsSync(CHROMIUM) ? '' : `apt-get installed chromium but ${CHROMIUM} is missing`
}

export interface Session {
  browser: Browser
  context: BrowserContext
  close(): Promise<void>
}

/** A browser with a fresh profile and no network: every request but the page's own is refused. */
export async function launch(): Promise<Session> {
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(path.join(os.tmpdir(), 'deployment-lint-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    offline: true,
  })
  return {
    browser: context.browser() as Browser,
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
