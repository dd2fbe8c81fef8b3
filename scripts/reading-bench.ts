// `npm run bench:reading`: how well the linter reads generated plans.
//
//   node dist/scripts/reading-bench.js [--seed N] [--plans N] [--json] [--verbose] [--out DIR]
//
// Generates seeded, internally consistent deployment plans in eight document
// styles (scripts/reading-bench/), a copy of each with one to three planted
// arithmetic errors, lints both in-process and prints recall, precision, fix
// accuracy, warnings on clean plans and the read rate of each input.
// --out DIR writes every plan and key.json (what was planted where).
import fs from 'node:fs'
import path from 'node:path'
import {DEFAULT_SEED, generate} from './reading-bench/generate.js'
import {printDetails, printSummary, summarize} from './reading-bench/report.js'
import {scorePair, type PlanScore} from './reading-bench/score.js'
import {render} from './reading-bench/types.js'

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}
const flag = (name: string) => process.argv.includes(`--${name}`)

const seed = Number(argument('seed') ?? DEFAULT_SEED)
const count = Number(argument('plans') ?? 300)
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('usage: reading-bench [--seed N] [--plans N] [--json] [--verbose] [--out DIR]')
  process.exit(2)
}

const pairs = generate(seed, count)
const out = argument('out')
if (out) {
  fs.mkdirSync(out, {recursive: true})
  for (const pair of pairs) {
    fs.writeFileSync(path.join(out, `${pair.clean.id}.md`), render(pair.clean))
    fs.writeFileSync(path.join(out, `${pair.errors.id}.md`), render(pair.errors))
  }
  const key = pairs.map((pair) => ({plan: pair.clean.id, style: pair.clean.style, errorPlan: pair.errors.id, planted: pair.planted}))
  fs.writeFileSync(path.join(out, 'key.json'), JSON.stringify({seed, plans: count, key}, null, 2) + '\n')
}

const scores: PlanScore[] = []
for (const pair of pairs) scores.push(await scorePair(pair))
const summary = summarize(scores, seed)
if (flag('verbose')) printDetails(scores)
if (flag('json')) console.log(JSON.stringify(summary, null, 2))
else printSummary(summary)
