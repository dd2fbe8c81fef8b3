// A test-only lint rule (plain JS so a spawned CLI or language server can load
// it from a .remarkrc): reports every wrong sum in `A + B = C`, with `place`
// on `C` and `expected` `[A + B]`, and, in `A + B = C, doubled D`, a `D` that
// is not twice the stated `C` (so fixing `C` makes `D` wrong: a dependent
// value for the convergence tests).  `A + B = C (no fix)` is reported
// without `expected`.
import {lintRule} from 'unified-lint-rule'
import {location} from 'vfile-location'

const pattern = /(\d+) \+ (\d+) = (\d+)(?:, doubled (\d+))?( \(no fix\))?/g

const testRule = lintRule(
  {origin: 'remark-lint:deployment-test', url: 'https://example.com/deployment-test'},
  function (_tree, file) {
    const text = String(file)
    const index = location(text)
    for (const match of text.matchAll(pattern)) {
      const [whole, a, b, c, d, noFix] = match
      const sum = Number(a) + Number(b)
      const cStart = match.index + whole.indexOf(' = ') + 3
      report(c, cStart, String(sum), `${a} + ${b} = ${sum}`, Boolean(noFix))
      if (d !== undefined) {
        const dStart = match.index + whole.lastIndexOf(', doubled ') + 10
        report(d, dStart, String(2 * Number(c)), `2 × ${c} = ${2 * Number(c)}`)
      }
    }

    function report(actual, start, expected, note, noFix = false) {
      if (actual === expected) return
      const message = file.message(`Unexpected \`${actual}\`, expected \`${expected}\``, {
        place: {start: index.toPoint(start), end: index.toPoint(start + actual.length)}
      })
      message.actual = actual
      if (!noFix) message.expected = [expected]
      message.note = note
    }
  }
)

export default testRule
