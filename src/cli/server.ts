#!/usr/bin/env node
// Entry of the `deployment-lint-server` bin: a language server (LSP over
// stdio) built on unified-language-server.  It reads the same
// `.remarkrc*` / `package.json#remarkConfig` / `.remarkignore` files as remark
// and `deployment-lint`, always adds this package's plugin, and turns each
// message's `expected` into a quick fix that replaces exactly its range.
import {remark} from 'remark'
import type {Plugin} from 'unified'
import {createUnifiedLanguageServer} from 'unified-language-server'
import * as entry from '../index.js'

const plugin = (entry as unknown as {default?: unknown}).default
if (typeof plugin !== 'function') {
  // Keep serving plugins from config files; say why ours is missing.
  process.stderr.write('deployment-lint-server: cannot load remark-lint-deployment: its entry has no default export\n')
}

process.title = 'deployment-lint-server'

createUnifiedLanguageServer({
  processorName: 'remark',
  processorSpecifier: 'remark',
  defaultProcessor: remark,
  configurationSection: 'remark',
  pluginPrefix: 'remark',
  rcName: '.remarkrc',
  packageField: 'remarkConfig',
  ignoreName: '.remarkignore',
  plugins: typeof plugin === 'function' ? [plugin as Plugin] : []
})
