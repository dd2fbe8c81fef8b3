// `npm run fuzz`: the properties of scripts/properties.ts (never crash, places
// inside the document, fixes keep every other byte and are idempotent,
// positionless trees, line endings) over 100,000 random documents in total.
//
//   node dist/scripts/fuzz.js [--runs 100000] [--seed N] [--only <substring of a property name>]
//
// Prints the seed first; a failure prints the shrunk document and how to
// replay it (FC_SEED / FC_PATH with test/property.test.ts, or --seed here).
// Exits 1 when a property fails.
import fc from 'fast-check'
import {properties} from './properties.js'

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}

const runs = Number(argument('runs') ?? process.env.FUZZ_RUNS ?? 100_000)
const seed = Number(argument('seed') ?? process.env.FC_SEED ?? Date.now() % 2 ** 31)
const only = argument('only')

console.log(`fuzz: ${runs} cases, seed ${seed}`)
let failed = 0
for (const {name, property, weight} of properties()) {
  if (only && !name.includes(only)) continue
  const numRuns = Math.max(1, Math.round(runs * weight))
  const started = performance.now()
  const result = await fc.check(property, {seed, numRuns})
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (result.failed) {
    failed++
    console.log(`✗ ${name}: failed after ${result.numRuns} of ${numRuns} cases (${seconds} s)`)
    console.log(`  replay: node dist/scripts/fuzz.js --seed ${seed} --runs ${runs}${only ? ` --only ${JSON.stringify(only)}` : ''}   or   FC_SEED=${result.seed} FC_PATH=${result.counterexamplePath} npx vitest run test/property.test.ts -t '${name}'`)
    console.log(`  counterexample: ${fc.stringify(result.counterexample)}`)
    const error = result.errorInstance
    console.log('  ' + String(error instanceof Error ? error.message : error).split('\n').join('\n  '))
  } else {
    console.log(`✓ ${name}: ${result.numRuns} cases (${seconds} s)`)
  }
}
console.log(failed ? `fuzz: ${failed} propert${failed === 1 ? 'y' : 'ies'} failed (seed ${seed})` : `fuzz: all properties hold (seed ${seed})`)
process.exitCode = failed ? 1 : 0
