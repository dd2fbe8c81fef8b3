// Debug aid: print the facts the extractor finds in a markdown file.
// Usage: npx tsx scripts/dump-facts.ts file.md   (or node after build: node dist/scripts/dump-facts.js)
import { readFileSync } from 'node:fs'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import { extract } from '../src/extract.js'
import { show } from '../src/num.js'

const file = process.argv[2]
const source = readFileSync(file, 'utf8')
const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(source)
const x = extract(tree, source)
const lineOf = (off: number): number => source.slice(0, off).split('\n').length
for (const f of x.facts) {
  console.log(
    `${lineOf(f.place.start)}\t${JSON.stringify(f.text)}\t${f.quantity ?? '-'}\t${f.how ?? ''}\t[${[...f.scopes].join(',')}]\t${f.noun ?? ''}\t${f.quoted ? 'QUOTED' : ''}${f.expr ? ' expr:' + f.expr.role : ''}${f.approx ? ' ~' : ''}${f.example ? ' EX' : ''}${f.alt ? ' ALT' : ''}${f.bound ? ' BOUND:' + f.bound : ''}${f.negated ? ' NEG' : ''}${f.perGpuContext ? ' pg' : ''}\t=${show(f.value)}`,
  )
}
for (const a of x.attributes) console.log(`attr ${lineOf(a.place.start)} ${a.attr}=${a.value}${a.quoted ? ' QUOTED' : ''}`)
for (const e of x.expressions) console.log(`expr ${lineOf(e.sides[0].start)} ${e.provenance ? 'prov' : ''} ${e.sides.map((s) => source.slice(s.start, s.end)).join(' = ')}`)
for (const p of x.percents) console.log(`pct ${lineOf(p.percent.place.start)} ${p.part?.text} is ${p.percent.text} of ${p.whole?.text ?? p.wholeQuantity}`)
for (const p of x.pairs) console.log(`pair ${lineOf(p.value.place.start)} ${p.value.text} for ${p.count.text} ${p.noun}`)
for (const r of x.requirements) console.log(`req ${lineOf(r.place.start)} ${r.a.text} ${r.verb} ${r.b?.text ?? ''} ${r.mark ?? ''}`)
