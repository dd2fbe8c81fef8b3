/**
 * The document itself, one numbered line each with an anchor, so that every
 * input and claim of the report links to the line it was read from.
 */
import { h } from 'hastscript'
import type { Element } from 'hast'
import type { Fact } from '../../facts.js'
import { lineOf } from '../../lines.js'

export const lineId = (id: string, line: number): string => `${id}-L${line}`

/** `line 56`, linking to the line in the listing. */
export function lineAnchor(id: string, line: number): Element {
  return h('a', { href: `#${lineId(id, line)}` }, `line ${line}`)
}

export function lineLink(id: string, source: string, f: Fact): Element {
  return lineAnchor(id, lineOf(source, f.place.start))
}

/** The numbered source. */
export function sourceSection(id: string, source: string): Element {
  const lines = source.split(/\r\n|\r|\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return h('section', { className: ['source'] }, [
    h('h3', { id: `${id}-source` }, 'The document'),
    h(
      'ol',
      { className: ['source-lines'] },
      lines.map((text, i) => h('li', { id: lineId(id, i + 1) }, h('code', text))),
    ),
  ])
}
