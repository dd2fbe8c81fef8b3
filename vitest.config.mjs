// Per-test and per-hook limits for a loaded 2-core machine: generous enough
// that a slow machine does not fail a test (CLI tests spawn node processes,
// recheck runs per regex), short enough that a hang still fails the run.
// No test asserts a wall-clock time; see test/helpers/scaling.ts.
import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
