/**
 * The text report of `deployment-lint`: per file, a header (`path`, with
 * `: written` or `: no issues found`), then one row per message:
 *
 *   39:95-39:97  warning  deployment-gpu-count  Unexpected GPUs per replica `12`, …
 *
 * Place, severity and rule id are padded to the widest of the report; the
 * message comes last and is never padded, so a long message does not widen
 * every other line (vfile-reporter puts the rule after the message and pads
 * each message to the longest one).  `--verbose` adds the url and note of
 * each message below it.  The closing summary is vfile-reporter's
 * (`✖ 1 error, ⚠ 2 warnings`).
 */
import type {Point, Position} from 'unist'
import type {VFileMessage} from 'vfile-message'

export interface TextFile {
  path: string
  messages: readonly VFileMessage[]
  written: boolean
}

export interface TextOptions {
  color: boolean
  verbose: boolean
  quiet: boolean
}

const label = (message: VFileMessage) => (message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info')

function placeText(message: VFileMessage): string {
  const place = message.place as Position | Point | undefined
  if (!place) return ''
  const point = (p: Point) => `${p.line}:${p.column}`
  return 'start' in place ? `${point(place.start)}${place.end ? '-' + point(place.end) : ''}` : point(place)
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

export function textReport(files: readonly TextFile[], options: TextOptions): string {
  const paint = (code: string, text: string, end = 39) => (options.color ? `\u001B[${code}m${text}\u001B[${end}m` : text)
  const shown = [...files]
    .filter((file) => !options.quiet || file.messages.length > 0)
    .sort((a, b) => a.path.localeCompare(b.path))
  const all = shown.flatMap((file) => file.messages)
  const width = (cell: (message: VFileMessage) => string) => Math.max(0, ...all.map((message) => cell(message).length))
  const rule = (message: VFileMessage) => message.ruleId ?? message.source ?? ''
  const widths = [width(placeText), width(label), width(rule)]

  const lines: string[] = []
  let lastHadMessages = false
  for (const file of shown) {
    const fatal = file.messages.some((message) => message.fatal)
    const name = paint('4', paint(fatal ? '31' : file.messages.length ? '33' : '32', file.path), 24)
    const status = file.written ? paint('33', 'written') : file.messages.length ? '' : 'no issues found'
    if (lastHadMessages) lines.push('')
    lines.push(status ? `${name}: ${status}` : name)
    for (const message of file.messages) {
      const severity = label(message)
      const [first, ...rest] = message.reason.split(/\r?\n|\r/)
      const reason = paint('1', first.replaceAll(/`[^`]*`/g, (code) => paint('36', code)), 22)
      const cells = [placeText(message).padEnd(widths[0]), paint(severity === 'error' ? '31' : '33', severity.padEnd(widths[1]))]
      if (widths[2] > 0) cells.push(rule(message).padEnd(widths[2]))
      lines.push([...cells, reason].join('  '), ...rest)
      if (options.verbose && message.url) lines.push(`  ${paint('1', '[url]', 22)}:`, `    ${message.url}`)
      if (options.verbose && message.note) lines.push(`  ${paint('1', '[note]', 22)}:`, ...message.note.split(/\r?\n|\r/).map((line) => `    ${line}`))
      const cause = message.cause as {stack?: unknown; message?: unknown} | undefined
      if (cause && typeof cause === 'object') {
        const stack = String(cause.stack ?? cause.message ?? cause)
        lines.push(`  ${paint('1', '[cause]', 22)}:`, ...stack.split(/\r?\n|\r/).map((line) => `    ${line}`))
      }
    }
    lastHadMessages = file.messages.length > 0
  }

  const errors = all.filter((message) => message.fatal === true).length
  const warnings = all.filter((message) => message.fatal === false).length
  if (errors || warnings) {
    const parts = [errors ? `${paint('31', '✖')} ${plural(errors, 'error')}` : '', warnings ? `${paint('33', '⚠')} ${plural(warnings, 'warning')}` : '']
    const summary = parts.filter(Boolean).join(', ')
    lines.push('', all.length !== errors && all.length !== warnings ? `${all.length} messages (${summary})` : summary)
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}
