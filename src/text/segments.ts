/**
 * One walk over the mdast tree: every block that holds text becomes a
 * Segment whose `text` has exactly the length of its source range, with
 * markdown syntax (emphasis markers, link targets, backticks, pipes, fences,
 * HTML) blanked to spaces. Offsets in `text` plus `start` are offsets in the
 * file, so every fact keeps its exact place.
 */
import type { Nodes, Root, RootContent, Table, Heading, ListItem, Code, PhrasingContent } from 'mdast'
import { toString } from 'mdast-util-to-string'

export type SegmentKind = 'paragraph' | 'heading' | 'cell' | 'code' | 'frontmatter'

export interface Section {
  title: string
  depth: number
  /** Titles like "Current (Incorrect) Configuration", "Before", "Old". */
  quoted: boolean
  /** Titles that discuss wrong values with their fixes ("Weight memory — wrong, needs fixing"): its blockquotes quote them. */
  reviewsWrong?: boolean
  /** Titles like "Fallback: one node only", "Staging", "Alternatives": another setup than the plan's. */
  otherSetup?: boolean
  parent?: Section
}

export interface TableInfo {
  /** Index of the table in the document. */
  id: number
  row: number
  col: number
  /** Clean texts of the header cells. */
  header: string[]
  /** Number of data rows. */
  rows: number
  /** Header row has this many columns. */
  cols: number
}

export interface Segment {
  index: number
  kind: SegmentKind
  /** Offset of text[0] in the file. */
  start: number
  text: string
  section?: Section
  /** For list items: index of the list item and its list. */
  listItem?: { list: number; item: number; depth: number }
  /** Lead texts of the list items this segment is nested in (`* KV cache` above `* Per token: 12 KB`), outermost first. */
  context?: string[]
  table?: TableInfo
  /** Fenced code language (`yaml`, `json`, `bash`). */
  lang?: string
  /** Inside a blockquote. */
  blockquote: boolean
  /** Ranges (segment-relative) inside ~~strikethrough~~. */
  struck: Array<[number, number]>
  /** Ranges (segment-relative) inside inline code. */
  code: Array<[number, number]>
  /** Line (1-based) of text[0]. */
  line: number
}

export interface Segments {
  segments: Segment[]
  /** Segments of each table, by table id: rows × cols. */
  tables: Segment[][][]
}

interface Ctx {
  source: string
  out: Segment[]
  tables: Segment[][][]
  section?: Section
  listCount: number
  tableCount: number
}

/** Section titles of another setup than the plan's (its values are neither inputs nor claims of the plan). */
const OTHER_SETUP_SECTION = /\b(?:why not|what about|fallbacks?|fall-backs?|alternatives?|staging|pilot|legacy|rejected|dropped|discarded|not considered|not (?:the )?default|not chosen|out of scope|non-goals?|future work|optional|hypothetical|what[- ]if|contingency|contingencies|rollback|roll-back|roll back)\b/i

const QUOTED_SECTION =
  /\b(?:incorrect|erroneous|(?<!\b(?:went|goes|go|gone|going) )wrong|mistaken|invalid)\b|^\W*(?:before|old|previous|original)\b(?!\s+you)|\((?:before|old|previous|original|as written)\)/i

const REVIEW_TITLE = /\breview\b/i

/**
 * The section a title opens under its parent. A title that says its section holds the wrong values (`Current
 * (Incorrect) Configuration`, `Before`) quotes all of it; one that discusses them with their fixes (`Weight memory —
 * wrong, needs fixing`, `Things that are wrong, with corrections`) quotes only its blockquotes: the reviewer's own
 * values there are claims.
 */
function sectionOf(title: string, depth: number, parent: Section | undefined): Section {
  const wrong = QUOTED_SECTION.test(title)
  return {
    title,
    depth,
    quoted: (wrong && !FIXING_SECTION.test(title)) || Boolean(parent?.quoted),
    // A review (`Review of "… plan v1"`) quotes the plan it reviews in its blockquotes, in every section under it.
    reviewsWrong: wrong || REVIEW_TITLE.test(title) || Boolean(parent?.reviewsWrong),
    // (The document's title names what the whole document is about: `… pilot: which layout?` is the plan itself.)
    otherSetup: (depth >= 2 && OTHER_SETUP_SECTION.test(title)) || Boolean(parent?.otherSetup),
    parent,
  }
}

const FIXING_SECTION = /\b(?:fix|fixes|fixing|fixed|corrections?|corrected|needs?)\b/i

/** The source range [a, b) blanked: every character a space, line breaks kept. */
function blank(source: string, a: number, b: number): string {
  if (b <= a) return ''
  const raw = source.slice(a, b)
  return raw.includes('\n') || raw.includes('\r') ? raw.replace(/[^\n\r]/g, ' ') : ' '.repeat(b - a)
}

/** Text as written, with backslash escapes (syntax) blanked. */
function textOf(source: string, a: number, b: number): string {
  const raw = source.slice(a, b)
  if (!raw.includes('\\')) return raw
  let out = ''
  for (let i = a; i < b; i++) {
    const ch = source[i]
    out += ch === '\\' && /[!-/:-@[-`{-~]/.test(source[i + 1] ?? '') ? ' ' : ch
  }
  return out
}

/** Source ranges [from, to) a segment keeps as written (`escapes`: with backslash escapes blanked). */
type Kept = Array<[number, number, boolean]>

function phrasing(
  nodes: PhrasingContent[] | undefined,
  ctx: Ctx,
  base: number,
  kept: Kept,
  struck: Array<[number, number]>,
  code: Array<[number, number]>,
): void {
  if (!nodes) return
  for (const node of nodes) {
    const s = node.position?.start.offset
    const e = node.position?.end.offset
    if (s === undefined || e === undefined) continue
    switch (node.type) {
      case 'text':
        kept.push([s, e, true])
        break
      case 'inlineCode': {
        let a = s
        let b = e
        while (a < b && ctx.source[a] === '`') a++
        while (b > a && ctx.source[b - 1] === '`') b--
        kept.push([a, b, false])
        code.push([a - base, b - base])
        break
      }
      case 'delete':
        struck.push([s - base, e - base])
        phrasing(node.children, ctx, base, kept, struck, code)
        break
      case 'emphasis':
      case 'strong':
      case 'link':
      case 'linkReference':
        phrasing(node.children as PhrasingContent[], ctx, base, kept, struck, code)
        break
      default:
        // html, images, breaks, footnote references: syntax only
        break
    }
  }
}

/** The clean text of [s, e): the kept ranges as written, everything else blanked. */
function cleanText(source: string, s: number, e: number, kept: Kept): string {
  let out = ''
  let at = s
  for (const [from, to, escapes] of kept) {
    const a = Math.max(from, s, at)
    const b = Math.min(to, e)
    if (b <= a) {
      // Out of order (not in mdast's trees): write range by range over an array instead.
      if (from < at && to > from) return cleanTextSlow(source, s, e, kept)
      continue
    }
    out += blank(source, at, a) + (escapes ? textOf(source, a, b) : source.slice(a, b))
    at = b
  }
  return out + blank(source, at, e)
}

function cleanTextSlow(source: string, s: number, e: number, kept: Kept): string {
  const arr = blank(source, s, e).split('')
  for (const [from, to, escapes] of kept) {
    const text = escapes ? textOf(source, from, to) : source.slice(from, to)
    for (let i = from; i < to; i++) if (i >= s && i < e) arr[i - s] = text[i - from]
  }
  return arr.join('')
}

function inlineSegment(
  node: { children?: PhrasingContent[]; position?: Nodes['position'] },
  kind: SegmentKind,
  ctx: Ctx,
  extra: Partial<Segment>,
): Segment | undefined {
  const s = node.position?.start.offset
  const e = node.position?.end.offset
  if (s === undefined || e === undefined) return undefined
  const kept: Kept = []
  const struck: Array<[number, number]> = []
  const code: Array<[number, number]> = []
  phrasing(node.children, ctx, s, kept, struck, code)
  const seg: Segment = {
    index: ctx.out.length,
    kind,
    start: s,
    text: cleanText(ctx.source, s, e, kept),
    section: ctx.section,
    blockquote: false,
    struck,
    code,
    line: node.position!.start.line,
    ...extra,
  }
  ctx.out.push(seg)
  return seg
}

function codeSegment(node: Code | { type: 'yaml'; value: string; position?: Nodes['position'] }, ctx: Ctx, extra: Partial<Segment>): void {
  const s = node.position?.start.offset
  const e = node.position?.end.offset
  if (s === undefined || e === undefined) return
  const raw = ctx.source.slice(s, e)
  // Blank the opening and closing fence lines of fenced code and front matter (LF, CRLF or CR endings).
  let text = raw
  const fence = /^\s*(```|~~~|---|\+\+\+)/
  const lf = raw.indexOf('\n')
  const cr = raw.indexOf('\r')
  const firstEnd = lf < 0 ? (cr < 0 ? raw.length : cr) : cr < 0 ? lf : Math.min(lf, cr)
  if (fence.test(raw.slice(0, firstEnd))) {
    const lastStart = Math.max(raw.lastIndexOf('\n'), raw.lastIndexOf('\r')) + 1
    if (lastStart === 0) text = ' '.repeat(raw.length)
    else {
      const last = raw.slice(lastStart)
      text = ' '.repeat(firstEnd) + raw.slice(firstEnd, lastStart) + (fence.test(last) ? ' '.repeat(last.length) : last)
    }
  }
  ctx.out.push({
    index: ctx.out.length,
    kind: node.type === 'yaml' ? 'frontmatter' : 'code',
    start: s,
    text,
    section: ctx.section,
    blockquote: false,
    struck: [],
    code: [[0, raw.length]],
    line: node.position!.start.line,
    lang: node.type === 'code' ? (node.lang ?? undefined) ?? undefined : 'yaml',
    ...extra,
  })
}

function walk(nodes: RootContent[], ctx: Ctx, extra: Partial<Segment>): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'heading': {
        const seg = inlineSegment(node as Heading, 'heading', ctx, extra)
        const title = seg ? seg.text.trim() : ''
        let parent = ctx.section
        while (parent && parent.depth >= node.depth) parent = parent.parent
        ctx.section = sectionOf(title, node.depth, parent)
        if (seg) seg.section = ctx.section
        break
      }
      case 'paragraph': {
        const seg = inlineSegment(node, 'paragraph', ctx, extra)
        // `**Step 15: alternatives considered.**` alone in a paragraph at the top level heads what follows, as a
        // heading one level below every real heading would.
        const strong = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''))
        // `**B — four L40S 48GB, FP8, TP4.** EP=4 gives …`: a bold lead that ends in a stop heads its paragraph and what
        // follows, as a run-in heading.
        if (seg && !extra.listItem && !extra.blockquote && (strong.length === 1 || runInHeading(strong)) && strong[0].type === 'strong') {
          let parent = ctx.section
          while (parent && parent.depth >= 7) parent = parent.parent
          const title = strong.length === 1 ? seg.text.trim() : toString(strong[0]).trim()
          ctx.section = sectionOf(title, 7, parent)
          seg.section = ctx.section
        }
        break
      }
      case 'list': {
        const list = ctx.listCount++
        const depth = (extra.listItem?.depth ?? -1) + 1
        node.children.forEach((item: ListItem, index: number) => {
          // A nested list reads its parent item's lead paragraph as context.
          const lead = item.children[0]
          const leadText = lead && lead.type === 'paragraph' ? toString(lead).slice(0, 200) : ''
          const context = leadText ? [...(extra.context ?? []), leadText] : extra.context
          walk(item.children as RootContent[], ctx, { ...extra, listItem: { list, item: index, depth }, context })
        })
        break
      }
      case 'blockquote':
        walk(node.children as RootContent[], ctx, { ...extra, blockquote: true })
        break
      case 'table':
        tableSegments(node as Table, ctx, extra)
        break
      case 'code':
        codeSegment(node, ctx, extra)
        break
      case 'yaml':
        codeSegment(node as unknown as { type: 'yaml'; value: string; position?: Nodes['position'] }, ctx, extra)
        break
      case 'html':
        htmlTableSegments(node as { value: string; position?: Nodes['position'] }, ctx, extra)
        break
      default:
        if ('children' in node && Array.isArray(node.children)) walk(node.children as RootContent[], ctx, extra)
        break
    }
  }
}

function tableSegments(node: Table, ctx: Ctx, extra: Partial<Segment>): void {
  const id = ctx.tableCount++
  const header: string[] = []
  const grid: Segment[][] = []
  const cols = node.children[0]?.children.length ?? 0
  node.children.forEach((row, r) => {
    const rowSegs: Segment[] = []
    row.children.forEach((cell, c) => {
      const seg = inlineSegment(cell, 'cell', ctx, {
        ...extra,
        table: { id, row: r, col: c, header, rows: node.children.length - 1, cols },
      })
      if (seg) {
        rowSegs.push(seg)
        if (r === 0) header[c] = seg.text.trim()
      }
    })
    grid.push(rowSegs)
  })
  ctx.tables[id] = grid
}

/** Tags in one left-to-right pass (indexOf, no backtracking): `<td colspan="2">`, `</tr>`. */
function* tags(raw: string): Generator<{ index: number; length: number; closing: boolean; name: string; attrs: string }> {
  let i = raw.indexOf('<')
  while (i >= 0) {
    const end = raw.indexOf('>', i + 1)
    if (end < 0) return
    // A `<` inside the tag starts over there (no nested scanning).
    const inner = raw.indexOf('<', i + 1)
    if (inner >= 0 && inner < end) {
      i = inner
      continue
    }
    const body = raw.slice(i + 1, end)
    const closing = body.startsWith('/')
    const rest = closing ? body.slice(1) : body
    let n = 0
    while (n < rest.length && /[A-Za-z]/.test(rest[n])) n++
    yield { index: i, length: end - i + 1, closing, name: rest.slice(0, n).toLowerCase(), attrs: rest.slice(n) }
    i = raw.indexOf('<', end + 1)
  }
}

function stripTags(text: string): string {
  let out = ''
  let depth = 0
  for (const c of text) {
    if (c === '<') depth = 1
    else if (c === '>' && depth) depth = 0
    else if (!depth) out += c
  }
  return out
}
const ROWSPAN = /rowspan\s*=\s*"?(\d{1,3})/i
const COLSPAN = /colspan\s*=\s*"?(\d{1,3})/i

/**
 * An HTML `<table>` inside markdown (NeMo's performance pages): one segment
 * per cell, with the header row(s) expanded over `rowspan`/`colspan`. Tags are
 * blanked; cell text keeps its offsets.
 */
function htmlTableSegments(node: { value: string; position?: Nodes['position'] }, ctx: Ctx, extra: Partial<Segment>): void {
  const s = node.position?.start.offset
  const e = node.position?.end.offset
  if (s === undefined || e === undefined) return
  const raw = ctx.source.slice(s, e)
  if (!/<table\b/i.test(raw)) return
  interface Cell { start: number; end: number; header: boolean; rowspan: number; colspan: number; text: string }
  const rows: Cell[][] = []
  let row: Cell[] | undefined
  let open: { start: number; header: boolean; rowspan: number; colspan: number } | undefined
  for (const m of tags(raw)) {
    const closing = m.closing
    const tag = m.name
    if (tag === 'tr') {
      if (!closing) rows.push((row = []))
      else row = undefined
    } else if (tag === 'th' || tag === 'td') {
      if (!closing) {
        const attrs = m.attrs
        const span = (re: RegExp): number => {
          const a = re.exec(attrs)
          return a ? Math.max(1, Number(a[1])) : 1
        }
        open = { start: m.index + m.length, header: tag === 'th', rowspan: span(ROWSPAN), colspan: span(COLSPAN) }
      } else if (open && row) {
        row.push({ ...open, end: m.index, text: stripTags(raw.slice(open.start, m.index)).trim() })
        open = undefined
      }
    }
  }
  const headerRows = rows.filter((r) => r.length > 0 && r.every((c) => c.header))
  const bodyRows = rows.filter((r) => r.length > 0 && !r.every((c) => c.header))
  if (bodyRows.length === 0) return
  // Expand the header rows over their spans; the last row that names a column wins.
  const cols = Math.max(...bodyRows.map((r) => r.length))
  const header: string[] = new Array(cols).fill('')
  const taken: number[] = new Array(cols).fill(0)
  for (const r of headerRows) {
    let c = 0
    for (const cell of r) {
      while (c < cols && taken[c] > 0) {
        taken[c]--
        c++
      }
      for (let k = 0; k < cell.colspan && c < cols; k++, c++) {
        header[c] = cell.colspan === 1 || !header[c] ? cell.text : header[c]
        if (cell.rowspan > 1) taken[c] = cell.rowspan - 1
      }
    }
    for (; c < cols; c++) if (taken[c] > 0) taken[c]--
  }
  const id = ctx.tableCount++
  const grid: Segment[][] = [[]]
  bodyRows.forEach((r, ri) => {
    const rowSegs: Segment[] = []
    r.forEach((cell, c) => {
      const start = s + cell.start
      const arr = ctx.source.slice(start, s + cell.end).split('')
      // Blank nested tags.
      let inTag = false
      for (let k = 0; k < arr.length; k++) {
        if (arr[k] === '<') inTag = true
        const was = inTag
        if (arr[k] === '>') inTag = false
        if (was && arr[k] !== '\n') arr[k] = ' '
      }
      const seg: Segment = {
        index: ctx.out.length,
        kind: 'cell',
        start,
        text: arr.join(''),
        section: ctx.section,
        blockquote: false,
        struck: [],
        code: [],
        line: node.position!.start.line,
        ...extra,
        table: { id, row: ri + 1, col: c, header, rows: bodyRows.length, cols },
      }
      ctx.out.push(seg)
      rowSegs.push(seg)
    })
    grid.push(rowSegs)
  })
  ctx.tables[id] = grid
}

export function segmentize(tree: Root, source: string): Segments {
  const ctx: Ctx = { source, out: [], tables: [], listCount: 0, tableCount: 0 }
  walk(tree.children, ctx, { blockquote: false })
  return { segments: ctx.out, tables: ctx.tables }
}

/** A paragraph's bold lead that ends in a stop (`**Option B — TP4.** …`, `**Fallback:** …`) and names a setup. */
function runInHeading(children: PhrasingContent[]): boolean {
  const lead = children[0]
  if (lead?.type !== 'strong') return false
  const text = toString(lead).trim()
  const words = text.split(/\s+/).length
  // `**Mixtral-8x7B** — 46.7B params, 32 layers, …`: a short bold name set off by a dash heads its paragraph.
  const next = children[1]
  if (next?.type === 'text' && /^\s*[—–]\s/.test(next.value) && words <= 6) return true
  return /[.:]$/.test(text) && words >= 3 && words <= 14
}
