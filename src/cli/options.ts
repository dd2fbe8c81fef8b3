/**
 * Command-line options of `deployment-lint`: a small table-driven parser (no
 * dependency) that rejects unknown options with a suggestion.
 *
 * To add an option (for example `--explain <rule-id>`), add a row to
 * `OPTIONS`; a `string` option's value arrives in `ParsedOptions.values`, and
 * `run` (src/cli/run.ts) handles informational options (`--help`,
 * `--version`) before linting: handle `--explain` there too.
 */

export const FORMATS = ['text', 'json', 'github', 'sarif', 'html'] as const
export type Format = (typeof FORMATS)[number]

export interface OptionSpec {
  name: string
  short?: string
  type: 'boolean' | 'string'
  /** Allowed values of a string option. */
  choices?: readonly string[]
  /** Placeholder shown in --help for a string option. */
  argument?: string
  /** Whether `--no-<name>` is accepted. */
  negatable?: boolean
  description: string
}

export const OPTIONS: readonly OptionSpec[] = [
  {name: 'fix', type: 'boolean', description: 'replace each wrong number in place (atomic write) and report what is left'},
  {name: 'dry-run', type: 'boolean', description: 'with or without --fix: print the fixes as a unified diff on stdout, write nothing'},
  {name: 'format', type: 'string', choices: FORMATS, argument: 'text|json|github|sarif|html', description: 'report format (default: text on stderr; json, github and sarif go to stdout; html prints one self-contained page on stdout: inputs, GPU grid, memory per GPU, claims)'},
  {name: 'quiet', short: 'q', type: 'boolean', description: 'report only warnings and errors (no fixed notes, no clean files)'},
  {name: 'frail', short: 'f', type: 'boolean', description: 'exit with 1 on warnings too, not only on errors'},
  {name: 'color', type: 'boolean', negatable: true, description: 'colour the text report (default: when stderr is a terminal and NO_COLOR is unset)'},
  {name: 'explain', type: 'boolean', description: 'print the resolved model, every derived quantity and each claim (✓/✗) as markdown on stdout'},
  {name: 'concurrency', type: 'string', argument: 'auto|off|N', description: 'lint on N threads, or one (off); auto (the default): one per idle core when there are several files and enough text'},
  {name: 'verbose', type: 'boolean', description: 'show notes and rule URLs in the text report, and stack traces of crashes'},
  {name: 'help', short: 'h', type: 'boolean', description: 'print this help'},
  {name: 'version', short: 'v', type: 'boolean', description: 'print the version'}
]

export interface ParsedOptions {
  /** Boolean options that were given (`--no-color` sets `color` to false). */
  flags: Record<string, boolean | undefined>
  /** Values of string options. */
  values: Record<string, string | undefined>
  /** Files, folders and globs. */
  operands: string[]
}

export class UsageError extends Error {
  override name = 'UsageError'
}

export function parseOptions(argv: readonly string[]): ParsedOptions {
  const result: ParsedOptions = {flags: {}, values: {}, operands: []}
  let index = 0

  while (index < argv.length) {
    const argument = argv[index++]

    if (argument === '--') {
      result.operands.push(...argv.slice(index))
      break
    }

    if (argument.startsWith('--')) {
      const equals = argument.indexOf('=')
      const name = argument.slice(2, equals === -1 ? undefined : equals)
      const inline = equals === -1 ? undefined : argument.slice(equals + 1)
      let spec = OPTIONS.find((option) => option.name === name)
      let negated = false
      if (!spec && name.startsWith('no-')) {
        spec = OPTIONS.find((option) => option.name === name.slice(3) && option.negatable)
        negated = Boolean(spec)
      }
      if (!spec) throw unknown('--' + name)
      if (spec.type === 'boolean') {
        if (inline !== undefined) throw new UsageError(`option --${name} takes no value`)
        result.flags[spec.name] = !negated
      } else {
        const value = inline ?? argv[index++]
        result.values[spec.name] = checkValue(spec, value)
      }
      continue
    }

    if (argument.startsWith('-') && argument.length > 1) {
      // One or more short flags: -q, -qf.
      for (const letter of argument.slice(1)) {
        const spec = OPTIONS.find((option) => option.short === letter)
        if (!spec) throw unknown('-' + letter)
        if (spec.type !== 'boolean') throw new UsageError(`option -${letter} needs a value`)
        result.flags[spec.name] = true
      }
      continue
    }

    result.operands.push(argument)
  }

  return result
}

function checkValue(spec: OptionSpec, value: string | undefined): string {
  const allowed = spec.choices ? ': ' + spec.choices.join(', ') : ''
  if (value === undefined || value === '' || value.startsWith('--')) {
    throw new UsageError(`option --${spec.name} needs a value${allowed}`)
  }
  if (spec.choices && !spec.choices.includes(value)) {
    const guess = closest(value, spec.choices)
    throw new UsageError(
      `unknown value "${value}" for --${spec.name}` +
        (guess ? ` (did you mean ${guess}?)` : ` (expected one of ${spec.choices.join(', ')})`)
    )
  }
  return value
}

function unknown(option: string): UsageError {
  const names = OPTIONS.flatMap((spec) => [
    '--' + spec.name,
    ...(spec.negatable ? ['--no-' + spec.name] : []),
    ...(spec.short ? ['-' + spec.short] : [])
  ])
  const guess = option.startsWith('--') ? closest(option, names) : undefined
  return new UsageError(
    `unknown option ${option}` + (guess ? ` (did you mean ${guess}?)` : ' (see --help)')
  )
}

/** The candidate within a small edit distance of `word`, if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Damerau–Levenshtein distance (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) {
    rows.push([i])
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[i].push(j)
        continue
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2][j - 2] + 1)
      }
      rows[i].push(value)
    }
  }
  return rows[a.length][b.length]
}

export function helpText(name: string, version: string): string {
  const rows = OPTIONS.map((spec) => {
    const flag =
      (spec.short ? `-${spec.short}, ` : '    ') +
      (spec.negatable ? `--[no-]${spec.name}` : `--${spec.name}`) +
      (spec.argument ? ` <${spec.argument}>` : '')
    return [flag, spec.description] as const
  })
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2
  return [
    `Usage: ${name} [options] <file|folder|glob ...>`,
    '',
    `Check the arithmetic of LLM deployment plans in markdown (remark-lint-deployment ${version}).`,
    'Reads .remarkrc* / package.json#remarkConfig / .remarkignore like remark.',
    '',
    'Options:',
    ...rows.map(([flag, description]) => '  ' + flag.padEnd(width) + description),
    '',
    'Exit status: 0 clean, 1 findings (errors; warnings too with --frail), 2 usage error or failure.',
    '',
    'Examples:',
    `  ${name} docs/`,
    `  ${name} --fix --quiet "docs/**/*.md"`,
    `  ${name} --dry-run plan.md`,
    `  ${name} --frail --format github docs/`,
    `  ${name} --format html plan.md > plan-report.html`,
    ''
  ].join('\n')
}
