// `npm run bench`: what the rules cost next to parsing, and the CLI next to
// markdownlint-cli2 (DESIGN §8 "Cost"; issues 5 and 12).
//
//   node dist/scripts/bench.js [--repeat N] [--corpus DIR] [--full]
//
// One run, the same files (../shared/corpus/real/*.md and ../shared/examples/*.md):
//   In one process, interleaved file by file, median of the passes:
//   - parse-only (unified + remark-parse + remark-gfm + remark-frontmatter)
//   - parse + this plugin                       (target: ÷ parse ≤ 1.15)
//   - parse + remark-preset-lint-recommended    (for comparison)
//   As whole processes, interleaved run by run, medians:
//   - `deployment-lint` over the files ÷ `markdownlint-cli2` over them (target ≤ 0.7),
//     also with `--concurrency off`
//   - the same on one 3 KB plan (../shared/examples/seed-review.md; target ≤ 1.0)
//   - importing the CLI module (`dist/src/cli/run.js`, which the bin loads) in a fresh
//     process (target: with node's own start-up ≤ 100 ms, i.e. ≤ 49 ms over bare node),
//     and `deployment-lint --version` as a process
//   - scaling of one plan ×1, ×10, ×100, rules shown apart from parse
//   - 200 KB single lines of numbers and operators: rules ≤ 1.5 × parse
//     (`--full` adds the 1 MB lines of DESIGN §8: under a second each)
//
// Timings on a shared machine are noisy: compare the ratios, which are measured
// side by side in one run.  Prints a table and writes bench/results.json.
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import type {Root} from 'mdast'
import {remark} from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkPresetLintRecommended from 'remark-preset-lint-recommended'
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
const examplesDirectory = path.join(sharedRoot, 'examples')
const planPath = path.join(examplesDirectory, 'moe-16x16-plan.md')
const smallPlanPath = path.join(examplesDirectory, 'seed-review.md')
const cli = path.join(root, 'dist/src/cli/main.js')
const cliModule = path.join(root, 'dist/src/cli/run.js')
const markdownlint = path.join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs')
const repeat = Number(argument('repeat') ?? 5)
const full = process.argv.includes('--full')

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`
const ratio = (value: number) => value.toFixed(2)

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze()
const linter = remark().use(lintDeployment).freeze()
const recommended = remark().use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkPresetLintRecommended).freeze()

function parseOnly(value: string): number {
  const started = performance.now()
  parser.parse(new VFile({value}))
  return performance.now() - started
}

async function parseAndRun(processor: typeof linter, value: string): Promise<{parse: number; rules: number; total: number}> {
  const file = new VFile({path: 'bench.md', value})
  const started = performance.now()
  const tree = processor.parse(file) as Root
  const parsed = performance.now()
  await processor.run(tree, file)
  const ended = performance.now()
  return {parse: parsed - started, rules: ended - parsed, total: ended - started}
}

async function spawnTime(program: string, args: string[], cwd: string): Promise<{ms: number; code: number; stdout: string}> {
  const started = performance.now()
  let code = 0
  let stdout = ''
  try {
    stdout = (await promisify(execFile)(process.execPath, [program, ...args], {cwd, maxBuffer: 256 * 1024 * 1024})).stdout
  } catch (error) {
    code = (error as {code?: number}).code ?? -1
    stdout = String((error as {stdout?: string}).stdout ?? '')
  }
  return {ms: performance.now() - started, code, stdout}
}

// ---------------------------------------------------------------------------

for (const [file, fix] of [[cli, 'run `npm run build` first'], [markdownlint, 'run `npm ci` first']]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${fix}`)
}
const listMarkdown = (directory: string) =>
  fs.existsSync(directory)
    ? fs.readdirSync(directory).filter((name) => name.endsWith('.md')).sort().map((name) => path.join(directory, name))
    : []
const paths = [...listMarkdown(corpusDirectory), ...listMarkdown(examplesDirectory)]
const corpus = paths.map((file) => ({name: path.basename(file), value: fs.readFileSync(file, 'utf8')}))
if (corpus.length === 0) throw new Error(`no .md files in ${corpusDirectory}`)
const corpusBytes = corpus.reduce((sum, file) => sum + Buffer.byteLength(file.value), 0)
const relativePaths = paths.map((file) => path.relative(root, file))
console.log(
  `bench: ${corpus.length} files, ${(corpusBytes / 1024).toFixed(0)} KB (${path.relative(process.cwd(), corpusDirectory) || '.'} and the examples); ` +
    `${repeat} timed passes after 2 warm-up passes; node ${process.version}, ${os.availableParallelism()} cores (nproc), load average ${os.loadavg()[0].toFixed(1)}`
)

// 1. In one process: parse alone, the plugin, remark-preset-lint-recommended, interleaved file by file.
const passes = {parse: [] as number[], plugin: [] as number[], pluginRules: [] as number[], recommended: [] as number[]}
const perFile = new Map<string, {parse: number[]; rules: number[]}>()
for (let pass = -2; pass < repeat; pass++) {
  let parseTotal = 0
  let pluginTotal = 0
  let pluginRules = 0
  let recommendedTotal = 0
  for (const file of corpus) {
    const parse = parseOnly(file.value)
    const lint = await parseAndRun(linter, file.value)
    const other = await parseAndRun(recommended, file.value)
    parseTotal += parse
    pluginTotal += lint.total
    pluginRules += lint.rules
    recommendedTotal += other.total
    if (pass < 0) continue
    const entry = perFile.get(file.name) ?? {parse: [], rules: []}
    entry.parse.push(parse)
    entry.rules.push(lint.rules)
    perFile.set(file.name, entry)
  }
  if (pass < 0) continue
  passes.parse.push(parseTotal)
  passes.plugin.push(pluginTotal)
  passes.pluginRules.push(pluginRules)
  passes.recommended.push(recommendedTotal)
}
const parseMs = median(passes.parse)
const pluginMs = median(passes.plugin)
const rulesMs = median(passes.pluginRules)
const recommendedMs = median(passes.recommended)
// The ratio of each pass, then the median: both sides of a ratio share a pass's load.
const pluginRatio = median(passes.plugin.map((value, index) => value / passes.parse[index]))
const recommendedRatio = median(passes.recommended.map((value, index) => value / passes.parse[index]))

// 2. Whole processes: deployment-lint vs markdownlint-cli2 on the same files, interleaved.
interface Pair {
  ours: number[]
  theirs: number[]
  ratios: number[]
  codes: {ours: number; theirs: number}
}
async function compare(ourArgs: string[], theirArgs: string[], runs: number): Promise<Pair> {
  const pair: Pair = {ours: [], theirs: [], ratios: [], codes: {ours: 0, theirs: 0}}
  for (let run = -1; run < runs; run++) {
    const ours = await spawnTime(cli, ourArgs, root)
    const theirs = await spawnTime(markdownlint, theirArgs, root)
    pair.codes = {ours: ours.code, theirs: theirs.code}
    if (run < 0) continue
    pair.ours.push(ours.ms)
    pair.theirs.push(theirs.ms)
    pair.ratios.push(ours.ms / theirs.ms)
  }
  return pair
}
const processRuns = Math.max(3, repeat)
const wholeCorpus = await compare([...relativePaths, '--quiet'], relativePaths, processRuns)
const wholeCorpusOff = await compare([...relativePaths, '--quiet', '--concurrency', 'off'], relativePaths, processRuns)
const smallPlan = path.relative(root, smallPlanPath)
const onePlan = await compare([smallPlan, '--quiet'], [smallPlan], processRuns + 2)

// 3. Start-up: importing the CLI module in a fresh process, next to bare node.
const importSamples: number[] = []
const pluginImportSamples: number[] = []
const bareNode: number[] = []
const versionSamples: number[] = []
const timeImport = async (file: string) => {
  const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t))`
  const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {cwd: root})
  return Number(stdout)
}
for (let run = -1; run < processRuns + 2; run++) {
  const started = performance.now()
  await promisify(execFile)(process.execPath, ['-e', '0'])
  const bare = performance.now() - started
  const imported = await timeImport(cliModule)
  const plugin = await timeImport(path.join(root, 'dist/src/index.js'))
  const version = await spawnTime(cli, ['--version'], root)
  if (run < 0) continue
  bareNode.push(bare)
  importSamples.push(imported)
  pluginImportSamples.push(plugin)
  versionSamples.push(version.ms)
}
const importMs = median(importSamples)
const bareMs = median(bareNode)

// 4. Scaling.
const plan = fs.readFileSync(planPath, 'utf8') + '\n\n'
const scaling: Array<{copies: number; kb: number; parse: number; rules: number; total: number; perKb: number}> = []
for (const copies of [1, 10, 100]) {
  const value = plan.repeat(copies)
  const runs = copies === 1 ? 30 : copies === 10 ? 10 : 3
  await parseAndRun(linter, value)
  const samples: Array<{parse: number; rules: number; total: number}> = []
  for (let run = 0; run < runs; run++) samples.push(await parseAndRun(linter, value))
  const kb = Buffer.byteLength(value) / 1024
  const total = median(samples.map((sample) => sample.total))
  scaling.push({copies, kb, parse: median(samples.map((sample) => sample.parse)), rules: median(samples.map((sample) => sample.rules)), total, perKb: total / kb})
}
const scale = scaling[2].total / scaling[0].total

// 5. Hostile single lines of numbers and operators.
const KB = 1024
const repeatTo = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)))
const lines: Array<[string, string, number]> = [
  ['200 KB line `4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s …`', repeatTo('4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s ', 200 * KB), 200],
  ['200 KB line `4x4x…x4 = 4`', repeatTo('4x', 200 * KB) + '4 = 4\n', 200],
  ['200 KB line `1 + 2 - 3 * 4 / 5 = …`', repeatTo('1 + 2 - 3 * 4 / 5 = 6.5 × 7 ', 200 * KB), 200]
]
if (full) {
  lines.push(
    ['1 MB line `4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s …`', repeatTo('4x4x2 = 32 GB ÷ 8 × 1,024 tokens/s ', 1024 * KB), 1024],
    ['1 MB line `1111…`', '1'.repeat(1024 * KB) + '\n', 1024],
    ['1 MB line `4x4x…x4 = 4`', repeatTo('4x', 1024 * KB) + '4 = 4\n', 1024]
  )
}
const hostile: Array<{name: string; kb: number; parse: number; rules: number; total: number; rulesOverParse: number}> = []
for (const [name, value, kb] of lines) {
  const samples: Array<{parse: number; rules: number; total: number}> = []
  for (let run = 0; run < 3; run++) samples.push(await parseAndRun(linter, value))
  const parse = median(samples.map((sample) => sample.parse))
  const rules = median(samples.map((sample) => sample.rules))
  hostile.push({name, kb, parse, rules, total: median(samples.map((sample) => sample.total)), rulesOverParse: rules / parse})
}

// ---------------------------------------------------------------------------
// Report

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')
const oursOverTheirs = median(wholeCorpus.ratios)
const oursOverTheirsOff = median(wholeCorpusOff.ratios)
const onePlanRatio = median(onePlan.ratios)
const importOverBare = importMs
const rows: Array<[string, string, string, string]> = [
  ['measure', 'value', 'target', ''],
  ['in process, corpus pass (median): parse-only', ms(parseMs), '', ''],
  ['  parse + remark-lint-deployment', ms(pluginMs), '', ''],
  ['    of which the plugin (transformers)', ms(rulesMs), '', ''],
  ['  parse + remark-preset-lint-recommended', ms(recommendedMs), '', ''],
  ['plugin ÷ parse-only (median of per-pass ratios)', ratio(pluginRatio), '≤ 1.15', verdict(pluginRatio <= 1.15)],
  ['remark-preset-lint-recommended ÷ parse-only', ratio(recommendedRatio), '', ''],
  [`deployment-lint, all files (process, exit ${wholeCorpus.codes.ours})`, ms(median(wholeCorpus.ours)), '', ''],
  [`markdownlint-cli2, same files (process, exit ${wholeCorpus.codes.theirs})`, ms(median(wholeCorpus.theirs)), '', ''],
  ['deployment-lint ÷ markdownlint-cli2, all files', ratio(oursOverTheirs), '≤ 0.70', verdict(oursOverTheirs <= 0.7)],
  ['  the same with --concurrency off', `${ratio(oursOverTheirsOff)} (${ms(median(wholeCorpusOff.ours))})`, '', ''],
  [`deployment-lint, one 3 KB plan (process)`, ms(median(onePlan.ours)), '', ''],
  ['markdownlint-cli2, the same plan (process)', ms(median(onePlan.theirs)), '', ''],
  ['deployment-lint ÷ markdownlint-cli2, one plan', ratio(onePlanRatio), '≤ 1.00', verdict(onePlanRatio <= 1)],
  ['bare node start-up (`node -e 0`, process)', ms(bareMs), '', ''],
  ['importing the CLI module (dist/src/cli/run.js, in a fresh process)', ms(importMs), '≤ 49 ms', verdict(importOverBare <= 49)],
  ['  start-up + import (issue 12 counts it as one: ≤ 100 ms)', ms(bareMs + importMs), '', ''],
  ['importing the plugin (dist/src/index.js, in a fresh process)', ms(median(pluginImportSamples)), '', ''],
  ['deployment-lint --version (process)', ms(median(versionSamples)), '', ''],
  ...scaling.map((row): [string, string, string, string] => [
    `plan ×${row.copies} (${row.kb.toFixed(0)} KB): parse ${ms(row.parse)} + plugin ${ms(row.rules)}`,
    `${ms(row.total)} (${row.perKb.toFixed(2)} ms/KB)`,
    '',
    ''
  ]),
  ['plan ×100 ÷ ×1, parse + plugin', `×${scale.toFixed(1)}`, '≤ ×110', verdict(scale <= 110)],
  ...hostile.map((row): [string, string, string, string] => [
    `${row.name}: parse ${ms(row.parse)} + plugin ${ms(row.rules)}`,
    `plugin ÷ parse ${ratio(row.rulesOverParse)}`,
    row.kb > 200 ? '< 1000 ms' : '≤ 1.50',
    verdict(row.kb > 200 ? row.total < 1000 : row.rulesOverParse <= 1.5)
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
console.log('\nfiles where the plugin costs most relative to parsing:')
for (const file of slowest) console.log(`  ${file.name}: parse ${ms(file.parse)}, plugin ${ms(file.rules)} (+${((file.rules / file.parse) * 100).toFixed(0)}%)`)

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: os.availableParallelism(),
  loadAverage: os.loadavg()[0],
  files: {count: corpus.length, bytes: corpusBytes, passes: repeat, paths: relativePaths},
  inProcess: {
    parseMs,
    pluginMs,
    pluginTransformersMs: rulesMs,
    recommendedMs,
    pluginOverParse: pluginRatio,
    recommendedOverParse: recommendedRatio,
    passes
  },
  process: {
    corpus: {...wholeCorpus, ratio: oursOverTheirs},
    corpusConcurrencyOff: {...wholeCorpusOff, ratio: oursOverTheirsOff},
    onePlan: {file: smallPlan, ...onePlan, ratio: onePlanRatio},
    bareNodeMs: bareMs,
    importCliMs: importMs,
    importPluginMs: median(pluginImportSamples),
    versionMs: median(versionSamples),
    samples: {bareNode, importSamples, pluginImportSamples, versionSamples}
  },
  scaling,
  scalingRatio: scale,
  hostile,
  slowestFiles: slowest,
  targets: {
    pluginOverParse: {target: 1.15, value: pluginRatio, met: pluginRatio <= 1.15},
    corpusOverMarkdownlint: {target: 0.7, value: oursOverTheirs, met: oursOverTheirs <= 0.7},
    onePlanOverMarkdownlint: {target: 1, value: onePlanRatio, met: onePlanRatio <= 1},
    importCliMs: {target: 49, value: importMs, met: importMs <= 49},
    hostileRulesOverParse: {target: 1.5, value: Math.max(...hostile.filter((row) => row.kb <= 200).map((row) => row.rulesOverParse)), met: hostile.every((row) => row.kb > 200 || row.rulesOverParse <= 1.5)},
    scaling100x: {target: 110, value: scale, met: scale <= 110}
  }
}
fs.mkdirSync(path.join(root, 'bench'), {recursive: true})
fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')
console.log(`\nwrote ${path.relative(process.cwd(), path.join(root, 'bench', 'results.json'))}`)
