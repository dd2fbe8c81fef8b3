// Remove from fixtures/KNOWN-GAPS.md the entries whose fixtures now pass
// (reads the "[known gap now passes]" lines of a vitest run on stdin).
import { readFileSync, writeFileSync } from 'node:fs'
const input = readFileSync(0, 'utf8')
const passing = new Set([...input.matchAll(/\[known gap now passes\] fixtures\/([^:]+):/g)].map((m) => m[1]))
const text = readFileSync('fixtures/KNOWN-GAPS.md', 'utf8')
const parts = text.split(/(?=^### )/m)
const kept = parts.filter((p) => {
  const m = /^### `([^`]+)`/.exec(p)
  return !m || !passing.has(m[1])
})
writeFileSync('fixtures/KNOWN-GAPS.md', kept.join(''))
console.log(`removed ${parts.length - kept.length} entries: ${[...passing].join(', ')}`)
