// Print the messages the built plugin gives on a fixture, in the fixtures' .json format.
// Usage: node scripts/fixture-json.mjs fixtures/<rule>/invalid-x.md > fixtures/<rule>/invalid-x.json
import { readFileSync } from 'node:fs'
import { remark } from 'remark'
import plugin from '../dist/src/index.js'

const path = process.argv[2]
const file = await remark().use(plugin).process({ path, value: readFileSync(path, 'utf8') })
const out = file.messages
  .filter((m) => m.fatal !== undefined)
  .map((m) => ({
    ruleId: m.ruleId,
    line: m.place.start.line,
    column: m.place.start.column,
    endLine: m.place.end.line,
    endColumn: m.place.end.column,
    actual: m.actual,
    expected: m.expected ?? null,
    note: m.note,
  }))
console.log(JSON.stringify(out, null, 2))
