// Blind rounds kept as a regression bench: documents written by helpers who had not read the code, each folder with a
// KEY.json of its planted errors. Prints, per round, planted errors found (a message on the key's line), messages and
// messages off the key's lines (false alarms). `-v` lists every FOUND / MISS / FALSE line.
//   npm run bench:blind [-- -v]
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const verbose = process.argv.includes('-v')
const base = join(root, 'bench/blind')
let [allFound, allPlanted, allMessages, allFalse] = [0, 0, 0, 0]
for (const round of readdirSync(base).sort()) {
  const dir = join(base, round)
  const key = JSON.parse(readFileSync(join(dir, 'KEY.json'), 'utf8'))
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => join(dir, f))
  let out
  try {
    out = execFileSync('node', [join(root, 'dist/src/cli/main.js'), '--format', 'json', '--concurrency', 'off', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 })
  } catch (e) {
    out = e.stdout
  }
  const byLine = new Map()
  for (const r of JSON.parse(out)) {
    const file = r.path.split('/').pop()
    for (const m of r.messages) byLine.set(`${file}:${m.line}`, [...(byLine.get(`${file}:${m.line}`) ?? []), m])
  }
  const planted = key.filter((k) => !k.clean)
  const keyLines = new Set(planted.map((k) => `${k.file}:${k.line}`))
  const lines = []
  let found = 0
  for (const k of planted) {
    const ms = byLine.get(`${k.file}:${k.line}`) ?? []
    if (ms.length > 0) found++
    lines.push(`${ms.length > 0 ? 'FOUND' : 'MISS '} ${k.file}:${k.line} ${k.wrong} → ${k.expected}${ms.map((m) => `  [${m.ruleId}] ${m.reason}`).join('')}`)
  }
  let messages = 0
  let falseAlarms = 0
  for (const [at, ms] of byLine) {
    messages += ms.length
    if (keyLines.has(at)) continue
    falseAlarms += ms.length
    for (const m of ms) lines.push(`FALSE ${at} [${m.ruleId}] ${m.reason}`)
  }
  console.log(`${round}: found ${found}/${planted.length}, messages ${messages}, false alarms ${falseAlarms}`)
  if (verbose) console.log(lines.sort().map((l) => `  ${l}`).join('\n'))
  allFound += found
  allPlanted += planted.length
  allMessages += messages
  allFalse += falseAlarms
}
const precision = allMessages ? (allMessages - allFalse) / allMessages : 1
console.log(`all rounds: found ${allFound}/${allPlanted} (recall ${(allFound / allPlanted).toFixed(2)}), messages ${allMessages}, false alarms ${allFalse} (precision ${precision.toFixed(2)})`)
