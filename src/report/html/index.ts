/**
 * `deployment-lint --format html`: one self-contained page (no script, no
 * font, no network) for every file of a run: for each, its inputs, the GPU
 * grid, the memory of each kind of GPU and the claims, built as a hast tree
 * (hastscript; `s()` for SVG) and serialized with hast-util-to-html.
 *
 * The CLI imports this module only when `--format html` is given.
 */
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import type { Element, Root } from 'hast'
import type { VFileMessage } from 'vfile-message'
import type { Analysis } from '../../analysis.js'
import { claimsSection } from './claims.js'
import { gridSection } from './grid.js'
import { inputsSection } from './inputs.js'
import { memorySection } from './memory.js'
import { sourceSection } from './source.js'
import { CSS } from './style.js'

export interface HtmlFile {
  /** Path as shown (relative to the working directory). */
  path: string
  /** The analysis, when the file was linted by this plugin. */
  analysis?: Analysis
  messages: readonly VFileMessage[]
}

export interface HtmlOptions {
  toolName: string
  version: string
}

function fileSection(file: HtmlFile, index: number): Element {
  const id = `f${index + 1}`
  const findings = file.messages.filter((m) => m.fatal !== undefined).length
  const head = h('h2', { id }, file.path)
  const summary = h('p', { className: ['summary'] }, `${findings === 0 ? 'No findings' : `${findings} finding${findings === 1 ? '' : 's'}`}.`)
  if (!file.analysis) return h('section', { className: ['file'], dataFile: file.path }, [head, summary, h('p', 'Not analysed (no deployment-lint plugin ran on it).')])
  const a = file.analysis
  const toc = h('nav', { ariaLabel: `Sections of ${file.path}` }, h('ul', [['inputs', 'Inputs'], ['grid', 'GPU grid'], ['memory', 'Memory per GPU'], ['claims', 'Claims'], ['source', 'The document']].map(([k, t]) => h('li', h('a', { href: `#${id}-${k}` }, t)))))
  return h('section', { className: ['file'], dataFile: file.path }, [head, summary, toc, inputsSection(a, id), gridSection(a, id), memorySection(a, id), claimsSection(a, file.messages, id), sourceSection(id, a.x.source)])
}

/** The page, as hast. */
export function htmlTree(files: readonly HtmlFile[], options: HtmlOptions): Root {
  const several = files.length > 1
  const title = several ? `Deployment plans (${files.length} files)` : `Deployment plan report: ${files[0]?.path ?? ''}`
  const body: Array<Element | string> = [
    h('header', [h('h1', title), h('p', { className: ['note'] }, `Recomputed by ${options.toolName} ${options.version}. Colours repeat what the labels say; every picture has a text table under it.`)]),
  ]
  if (several) body.push(h('nav', { ariaLabel: 'Files' }, h('ul', files.map((f, i) => h('li', h('a', { href: `#f${i + 1}` }, f.path))))))
  body.push(h('main', files.map((f, i) => fileSection(f, i))))
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [h('meta', { charSet: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', title), h('style', CSS)]),
        h('body', body),
      ]),
    ],
  }
}

/** The page, as HTML. */
export function htmlReport(files: readonly HtmlFile[], options: HtmlOptions): string {
  return toHtml(htmlTree(files, options), { upperDoctype: true }) + '\n'
}
