#!/usr/bin/env node
// Entry of the `deployment-lint` bin (package.json "bin" → dist/src/cli/main.js).
import {NAME, run} from './run.js'

const verbose = process.argv.includes('--verbose')

try {
  process.exitCode = await run(process.argv.slice(2))
} catch (error) {
  // A crash: one line, the stack only with --verbose.
  const failure = error instanceof Error ? error : new Error(String(error))
  process.stderr.write(`${NAME}: ${failure.message.split('\n')[0]}\n`)
  if (verbose && failure.stack) process.stderr.write(failure.stack + '\n')
  process.exitCode = 2
}
