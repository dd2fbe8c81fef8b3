// `npm run bench`: what the rules cost (DESIGN §8 "Cost"; issue 5 targets).
//
//   node dist/scripts/bench.js [--repeat N] [--corpus DIR]
//
// In one process, on ../shared/corpus/real/*.md:
//   - remark parse alone (unified + remark-parse + remark-gfm + remark-frontmatter)
//   - parse + this plugin (the transformers: remark-lint's message control and
//     every rule), and the ratio (target: the plugin adds ≤ 15% to parse time)
// As processes:
//   - `node dist/src/cli/main.js <corpus>` (whole process, all files)
//   - `node dist/src/cli/main.js <one file>` (start-up; target < 0.5 s)
// Scaling, in one process: ../shared/examples/moe-16x16-plan.md repeated 1×,
// 10×, 100× (target: 100× the document takes ≤ 110× the time), with parse and
// rules shown apart (remark-parse itself is superlinear on plans).
//
// Adversarial lines, in one process: 1 MB single lines (`4x4x2 = 32 GB ÷ 8 ×
// 1,024 tokens/s ` repeated, `1111…`, `4x4x…x4 = 4`; DESIGN §8 target: under
// a second each).  The tests assert only that these grow linearly.
//
// Prints a table and writes bench/results.json.
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import type {Root} from 'mdast'
import {remark} from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import lintDeployment from '../src/index.js'

/** The package root: the nearest folder up from this script with our package.json. */
function packageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(directory, 'package.json')
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'remark-lint-deployment') return directory
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error('cannot find the remark-lint-deployment package root')
    directory = parent
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}

const root = packageRoot()
// The shared folder beside the clone, or the one DEPLOYMENT_LINT_SHARED names (as in the tests).
const sharedRoot = path.resolve(root, process.env.DEPLOYMENT_LINT_SHARED ?? '../shared')
const corpusDirectory = path.resolve(root, argument('corpus') ?? path.join(sharedRoot, 'corpus/real'))
const planPath = path.join(sharedRoot, 'examples/moe-16x16-plan.md')
const cli = path.join(root, 'dist/src/cli/main.js')
const repeat = Number(argument('repeat') ?? 7)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze()
const linter = remark().use(lintDeployment).freeze()

function parseOnly(value: string): number {
  const started = performance.now()
  parser.parse(new VFile({value}))
  return performance.now() - started
}

async function parseAndLint(value: string): Promise<{parse: number; rules: number; total: number}> {
  const file = new VFile({path: 'bench.md', value})
  const started = performance.now()
  const tree = linter.parse(file) as Root
  const parsed = performance.now()
  await linter.run(tree, file)
  const ended = performance.now()
  return {parse: parsed - started, rules: ended - parsed, total: ended - started}
}

async function spawnTime(args: string[], cwd: string): Promise<{ms: number; code: number}> {
  const started = performance.now()
  let code = 0
  try {
    await promisify(execFile)(process.execPath, [cli, ...args], {cwd, maxBuffer: 256 * 1024 * 1024})
  } catch (error) {
    code = (error as {code?: number}).code ?? -1
  }
  return {ms: performance.now() - started, code}
}

// ---------------------------------------------------------------------------

if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`)
const corpus = fs
  .readdirSync(corpusDirectory)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => ({name, value: fs.readFileSync(path.join(corpusDirectory, name), 'utf8')}))
if (corpus.length === 0) throw new Error(`no .md files in ${corpusDirectory}`)
const corpusBytes = corpus.reduce((sum, file) => sum + Buffer.byteLength(file.value), 0)
console.log(`bench: ${corpus.length} files, ${(corpusBytes / 1024).toFixed(0)} KB in ${path.relative(process.cwd(), corpusDirectory) || '.'}; ${repeat} timed passes after 3 warm-up passes; node ${process.version}, ${os.cpus().length} CPUs`)

// 1. Parse alone vs parse + plugin, interleaved pass by pass.
for (let pass = 0; pass < 3; pass++) {
  for (const file of corpus) {
    parseOnly(file.value)
    await parseAndLint(file.value)
  }
}
const parsePasses: number[] = []
const lintPasses: number[] = []
const lintParsePasses: number[] = []
const rulesPasses: number[] = []
const perFile = new Map<string, {parse: number[]; rules: number[]}>()
for (let pass = 0; pass < repeat; pass++) {
  let parseTotal = 0
  let lintTotal = 0
  let lintParse = 0
  let rules = 0
  for (const file of corpus) {
    const parse = parseOnly(file.value)
    const lint = await parseAndLint(file.value)
    parseTotal += parse
    lintTotal += lint.total
    lintParse += lint.parse
    rules += lint.rules
    const entry = perFile.get(file.name) ?? {parse: [], rules: []}
    entry.parse.push(parse)
    entry.rules.push(lint.rules)
    perFile.set(file.name, entry)
  }
  parsePasses.push(parseTotal)
  lintPasses.push(lintTotal)
  lintParsePasses.push(lintParse)
  rulesPasses.push(rules)
}
const parseMs = median(parsePasses)
const lintMs = median(lintPasses)
const rulesMs = median(rulesPasses)
const overhead = lintMs / parseMs - 1

// 2. The CLI as a process.
const cliCorpus: number[] = []
let cliCode = 0
for (let run = 0; run < 3; run++) {
  const result = await spawnTime([corpusDirectory, '--quiet', '--format', 'json'], root)
  cliCorpus.push(result.ms)
  cliCode = result.code
}
const single = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-bench-')), 'plan.md')
fs.copyFileSync(planPath, single)
const cliSingle: number[] = []
for (let run = 0; run < 5; run++) cliSingle.push((await spawnTime([path.basename(single), '--quiet'], path.dirname(single))).ms)
const cliVersion: number[] = []
for (let run = 0; run < 3; run++) cliVersion.push((await spawnTime(['--version'], root)).ms)
fs.rmSync(path.dirname(single), {recursive: true, force: true})

// 3. Scaling.
const plan = fs.readFileSync(planPath, 'utf8') + '\n\n'
const scaling: Array<{copies: number; kb: number; parse: number; rules: number; total: number; perKb: number}> = []
for (const copies of [1, 10, 100]) {
  const value = plan.repeat(copies)
  const runs = copies === 1 ? 30 : copies === 10 ? 10 : 3
  await parseAndLint(value)
  const samples: Array<{parse: number; rules: number; total: number}> = []
  for (let run = 0; run < runs; run++) samples.push(await parseAndLint(value))
  const kb = Buffer.byteLength(value) / 1024
  const total = median(samples.map((sample) => sample.total))
  scaling.push({
    copies,
    kb,
    parse: median(samples.map((sample) => sample.parse)),
    rules: median(samples.map((sample) => sample.rules)),
    total,
    perKb: total / kb
  })
}
// 4. Adversarial 1 MB lines.
const MB = 1024 * 1024
const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)))
const adversarial: Array<{name: string; parse: number; rules: number; total: number}> = []
for (const [name, value] of [
  ['1 MB line `4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s …`', repeatTo('4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s ', MB)],
  ['1 MB line `1111…`', '1'.repeat(MB) + '\n'],
  ['1 MB line `4x4x…x4 = 4`', repeatTo('4x', MB) + '4 = 4\n']
] as const) {
  const samples: Array<{parse: number; rules: number; total: number}> = []
  for (let run = 0; run < 3; run++) samples.push(await parseAndLint(value))
  adversarial.push({
    name,
    parse: median(samples.map((sample) => sample.parse)),
    rules: median(samples.map((sample) => sample.rules)),
    total: median(samples.map((sample) => sample.total))
  })
}

const one = scaling[0]
const hundred = scaling[2]
const scale = hundred.total / one.total
const rulesScale = hundred.rules / one.rules

// ---------------------------------------------------------------------------
// Report

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')
const rows: Array<[string, string, string, string]> = [
  ['measure', 'value', 'target', ''],
  ['remark parse alone, corpus (median pass)', ms(parseMs), '', ''],
  ['parse + plugin, corpus (median pass)', ms(lintMs), '', ''],
  ['  of which rules (transformers)', ms(rulesMs), '', ''],
  ['plugin overhead on parse', `+${(overhead * 100).toFixed(1)}%`, '≤ +15%', verdict(overhead <= 0.15)],
  [`CLI over the corpus (process, median of 3; exit ${cliCode})`, ms(median(cliCorpus)), '', ''],
  ['CLI on one file (process, median of 5)', ms(median(cliSingle)), '< 500 ms', verdict(median(cliSingle) < 500)],
  ['CLI --version (process start-up, median of 3)', ms(median(cliVersion)), '', ''],
  ...scaling.map((row): [string, string, string, string] => [
    `plan ×${row.copies} (${row.kb.toFixed(0)} KB): parse ${ms(row.parse)} + rules ${ms(row.rules)}`,
    `${ms(row.total)} (${row.perKb.toFixed(2)} ms/KB)`,
    '',
    ''
  ]),
  ['plan ×100 / ×1, parse + rules', `×${scale.toFixed(1)}`, '≤ ×110', verdict(scale <= 110)],
  ['plan ×100 / ×1, rules alone', `×${rulesScale.toFixed(1)}`, '≤ ×110', verdict(rulesScale <= 110)],
  ...adversarial.map((row): [string, string, string, string] => [
    `${row.name}: parse ${ms(row.parse)} + rules ${ms(row.rules)} (median of 3)`,
    ms(row.total),
    '< 1000 ms',
    verdict(row.total < 1000)
  ])
]
const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length)))
for (const [index, row] of rows.entries()) {
  console.log(row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
  if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '))
}

const slowest = [...perFile.entries()]
  .map(([name, entry]) => ({name, parse: median(entry.parse), rules: median(entry.rules)}))
  .sort((a, b) => b.rules / b.parse - a.rules / a.parse)
  .slice(0, 5)
console.log('\nfiles where the rules cost most relative to parsing:')
for (const file of slowest) console.log(`  ${file.name}: parse ${ms(file.parse)}, rules ${ms(file.rules)} (+${((file.rules / file.parse) * 100).toFixed(0)}%)`)

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  corpus: {directory: path.relative(root, corpusDirectory), files: corpus.length, bytes: corpusBytes, passes: repeat},
  parseMs,
  parsePlusPluginMs: lintMs,
  rulesMs,
  lintParseMs: median(lintParsePasses),
  pluginOverhead: overhead,
  cli: {corpusMs: median(cliCorpus), corpusExitCode: cliCode, singleFileMs: median(cliSingle), versionMs: median(cliVersion), samples: {corpus: cliCorpus, single: cliSingle}},
  scaling,
  adversarial,
  scalingRatio: scale,
  rulesScalingRatio: rulesScale,
  slowestFiles: slowest,
  targets: {
    pluginOverhead: {target: 0.15, met: overhead <= 0.15},
    cliSingleFileMs: {target: 500, met: median(cliSingle) < 500},
    scaling100x: {target: 110, met: scale <= 110}
  }
}
fs.mkdirSync(path.join(root, 'bench'), {recursive: true})
fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')
console.log(`\nwrote ${path.relative(process.cwd(), path.join(root, 'bench', 'results.json'))}`)
