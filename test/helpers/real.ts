// Whether the lead's plugin (src/index.ts) is there and its rules report: the
// tests that need the real rules skip themselves, with a printed reason, until
// then.
import {remark} from 'remark'
import type {Plugin} from 'unified'

export interface RealPlugin {
  plugin: Plugin | undefined
  /** Why tests that need the real rules are skipped ('' when they can run). */
  reason: string
}

const probe = 'Attention heads per GPU: 32 ÷ 4 = 16.\n'

export async function realPlugin(): Promise<RealPlugin> {
  let plugin: Plugin | undefined
  try {
    const entry = (await import('../../src/index.js')) as unknown as {default?: unknown}
    if (typeof entry.default === 'function') plugin = entry.default as Plugin
  } catch (error) {
    return {plugin: undefined, reason: 'src/index.ts cannot be loaded: ' + (error as Error).message}
  }
  if (!plugin) return {plugin, reason: 'src/index.ts has no default export (the plugin) yet'}
  try {
    const file = await remark().use(plugin).process(probe)
    const found = file.messages.some(
      (message) => message.ruleId?.startsWith('deployment-') && message.expected?.[0] === '8'
    )
    if (!found) return {plugin, reason: 'the plugin does not report `32 ÷ 4 = 16` (deployment-arithmetic) yet'}
  } catch (error) {
    return {plugin, reason: 'the plugin throws: ' + (error as Error).message}
  }
  return {plugin, reason: ''}
}

/** `it.skipIf` helper that prints why a test is skipped. */
export function skipping(reason: string, what: string): boolean {
  if (reason) console.warn(`skipped ${what}: ${reason}`)
  return Boolean(reason)
}
