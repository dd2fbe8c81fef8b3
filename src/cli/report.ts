/**
 * Report formats of `deployment-lint`: text (./text.ts), json, github
 * (workflow commands) and sarif (SARIF 2.1.0).
 */
import type {Point, Position} from 'unist'
import type {VFileMessage} from 'vfile-message'
import type {Format} from './options.js'
import {textReport} from './text.js'

/** One linted file as the reporters see it. */
export interface ReportFile {
  /** Path relative to the working directory, with `/` separators. */
  path: string
  messages: VFileMessage[]
  /** Whether `--fix` wrote this file. */
  written: boolean
}

export interface ReportOptions {
  format: Format
  color: boolean
  verbose: boolean
  quiet: boolean
  toolName: string
  version: string
}

/** GitHub shows at most this many annotations of one step. */
export const GITHUB_ANNOTATION_LIMIT = 10

export function report(files: readonly ReportFile[], options: ReportOptions): string {
  const shown = files.map((file) => ({
    ...file,
    messages: (options.quiet ? file.messages.filter((message) => severity(message) !== 'info') : file.messages)
      .map((message, index) => ({message, index, start: rangeOf(message)?.start}))
      // In document order (messages without a place first); stable otherwise.
      .sort((a, b) => (a.start?.line ?? 0) - (b.start?.line ?? 0) || (a.start?.column ?? 0) - (b.start?.column ?? 0) || a.index - b.index)
      .map(({message}) => message)
  }))
  switch (options.format) {
    case 'json':
      return JSON.stringify(shown.map(toJson), undefined, 2) + '\n'
    case 'github':
      return github(shown, options)
    case 'sarif':
      return JSON.stringify(sarif(shown, options), undefined, 2) + '\n'
    default:
      return textReport(shown, options)
  }
}

export function severity(message: VFileMessage): 'error' | 'warning' | 'info' {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
}

interface Range {
  start: Point
  end: Point | undefined
}

function rangeOf(message: VFileMessage): Range | undefined {
  const place = message.place as Position | Point | undefined
  if (!place) return undefined
  if ('start' in place) return {start: place.start, end: place.end}
  return {start: place, end: undefined}
}

function toJson(file: ReportFile) {
  return {
    path: file.path,
    written: file.written,
    messages: file.messages.map((message) => {
      const range = rangeOf(message)
      return {
        ruleId: message.ruleId ?? null,
        source: message.source ?? null,
        severity: severity(message),
        fatal: message.fatal ?? null,
        reason: message.reason,
        line: range?.start.line ?? null,
        column: range?.start.column ?? null,
        endLine: range?.end?.line ?? null,
        endColumn: range?.end?.column ?? null,
        place: message.place ?? null,
        actual: message.actual ?? null,
        expected: message.expected ?? null,
        note: message.note ?? null,
        url: message.url ?? null
      }
    })
  }
}

// Workflow command escaping, as in @actions/core `command.js`.
function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C')
}

const githubCommand = {error: 'error', warning: 'warning', info: 'notice'} as const
const rank = {error: 0, warning: 1, info: 2} as const

function github(files: readonly ReportFile[], options: ReportOptions): string {
  const all = files.flatMap((file) => file.messages.map((message) => ({file, message})))
  // Errors first, so the annotations GitHub shows are the ones that fail the job.
  const ordered = all
    .map((entry, index) => ({...entry, index}))
    .sort((a, b) => rank[severity(a.message)] - rank[severity(b.message)] || a.index - b.index)
  const lines: string[] = []
  for (const {file, message} of ordered.slice(0, GITHUB_ANNOTATION_LIMIT)) {
    const range = rangeOf(message)
    const properties = [`file=${escapeProperty(file.path)}`]
    if (range) {
      properties.push(`line=${range.start.line}`, `col=${range.start.column}`)
      if (range.end) properties.push(`endLine=${range.end.line}`, `endColumn=${range.end.column}`)
    }
    properties.push(`title=${escapeProperty(message.ruleId ?? options.toolName)}`)
    let body = message.reason
    if (message.expected?.length && severity(message) !== 'info') {
      body += `\nSuggested: ${message.expected.map((value) => '`' + value + '`').join(' or ')}`
    }
    if (message.note) body += '\n' + message.note
    lines.push(`::${githubCommand[severity(message)]} ${properties.join(',')}::${escapeData(body)}`)
  }
  if (ordered.length > GITHUB_ANNOTATION_LIMIT) {
    const perRule = new Map<string, number>()
    for (const {message} of ordered) {
      const id = message.ruleId ?? options.toolName
      perRule.set(id, (perRule.get(id) ?? 0) + 1)
    }
    const totals = [...perRule].map(([id, count]) => `${id} ${count}`).join(', ')
    lines.push(
      `${options.toolName}: ${ordered.length} findings, ${GITHUB_ANNOTATION_LIMIT} shown as annotations ` +
        `(GitHub shows at most ${GITHUB_ANNOTATION_LIMIT} per step); per rule: ${totals}`
    )
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}

function sarifRegion(range: Range) {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    ...(range.end ? {endLine: range.end.line, endColumn: range.end.column} : {})
  }
}

function sarif(files: readonly ReportFile[], options: ReportOptions) {
  const rules: Array<{id: string; shortDescription: {text: string}; helpUri?: string}> = []
  const ruleIndex = new Map<string, number>()
  const results = []

  for (const file of files) {
    for (const message of file.messages) {
      const id = message.ruleId ?? options.toolName
      let index = ruleIndex.get(id)
      if (index === undefined) {
        index = rules.length
        ruleIndex.set(id, index)
        rules.push({id, shortDescription: {text: describe(id)}, ...(message.url ? {helpUri: message.url} : {})})
      } else if (message.url && !rules[index].helpUri) {
        rules[index].helpUri = message.url
      }
      const range = rangeOf(message)
      const artifactLocation = {uri: encodeURI(file.path), uriBaseId: '%SRCROOT%'}
      const level = {error: 'error', warning: 'warning', info: 'note'}[severity(message)]
      const fixes =
        range?.end && severity(message) !== 'info'
          ? (message.expected ?? []).map((value) => ({
              description: {text: `Replace \`${message.actual ?? ''}\` with \`${value}\``},
              artifactChanges: [
                {
                  artifactLocation,
                  replacements: [{deletedRegion: sarifRegion(range), insertedContent: {text: value}}]
                }
              ]
            }))
          : []
      results.push({
        ruleId: id,
        ruleIndex: index,
        level,
        message: {text: message.note ? `${message.reason}\n${message.note}` : message.reason},
        locations: [
          {physicalLocation: {artifactLocation, ...(range ? {region: sarifRegion(range)} : {})}}
        ],
        ...(fixes.length ? {fixes} : {})
      })
    }
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName,
            version: options.version,
            informationUri: 'https://www.npmjs.com/package/remark-lint-deployment',
            rules
          }
        },
        columnKind: 'utf16CodeUnits',
        results
      }
    ]
  }
}

/** `deployment-memory-total` → `Deployment memory total`. */
function describe(id: string): string {
  const words = id.replaceAll(/[-_:]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
