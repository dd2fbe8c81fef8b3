// The pre-commit hooks of .pre-commit-hooks.yaml, end to end: a scratch git
// repository uses a commit of THIS working tree as its hook repository
// (pre-commit clones it and installs it with npm, whose `prepare` builds
// dist/), commits a wrong document, and the check hook fails while the fix
// hook rewrites only the wrong number; the fix hook fails too when a warning
// without a fix is left.  Installs Debian's `pre-commit` with
// apt when it is missing (root only); skips with a printed reason when it
// cannot.
import {execFile, execFileSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, describe, expect, it} from 'vitest'
import {root} from './helpers/build.js'
import {realPlugin, skipping} from './helpers/real.js'

const run = promisify(execFile)

function which(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

/** Why pre-commit cannot be used ('' when it can), installing it with apt if needed. */
function preparePreCommit(): string {
  if (which('pre-commit')) return ''
  if (process.getuid?.() !== 0) return 'pre-commit is not installed and installing it with apt needs root'
  try {
    const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
    execFileSync('apt-get', ['update'], {stdio: 'ignore', env, timeout: 120_000})
    execFileSync('apt-get', ['install', '-y', 'pre-commit'], {stdio: 'ignore', env, timeout: 180_000})
  } catch (error) {
    return 'cannot install pre-commit with apt-get: ' + (error as Error).message.split('\n')[0]
  }
  return which('pre-commit') ? '' : 'apt-get installed pre-commit but it is not on PATH'
}

const real = await realPlugin()
const reason = real.plugin ? preparePreCommit() : 'src/index.ts has no default export (the plugin) yet: the hook cannot run'

// A rule in the consumer's .remarkrc.mjs (no dependencies, so pre-commit's
// environment needs nothing else): `2 + 2 = 5` → place on `5`, expected `4`.
const remarkrc = `export default {plugins: [() => (tree, file) => {
  const text = String(file)
  // A warning without a fix where \`NO-FIX\` is written.
  if (text.includes('NO-FIX')) file.message('Unexpected NO-FIX (no fix)', {ruleId: 'deployment-precommit', source: 'remark-lint'})
  const at = text.indexOf('2 + 2 = 5')
  if (at < 0) return
  const start = at + 8
  const before = text.slice(0, start).split('\\n')
  const line = before.length
  const column = before[before.length - 1].length + 1
  const message = file.message('Unexpected \`5\`, expected \`4\`', {
    place: {start: {line, column, offset: start}, end: {line, column: column + 1, offset: start + 1}},
    ruleId: 'deployment-precommit', source: 'remark-lint'
  })
  message.actual = '5'
  message.expected = ['4']
}]}
`

const scratchDirectories: string[] = []
afterAll(async () => {
  for (const directory of scratchDirectories) await fs.rm(directory, {recursive: true, force: true})
})

describe('pre-commit hooks', () => {
  it.skipIf(skipping(reason, 'the pre-commit test'))(
    'the check hook fails on a wrong number and the fix hook rewrites only that number',
    async () => {
      const base = await fs.mkdtemp(path.join(os.tmpdir(), 'deployment-lint-pre-commit-'))
      scratchDirectories.push(base)
      const hookRepo = path.join(base, 'hooks')
      const repo = path.join(base, 'repo')
      const env = {
        ...process.env,
        PRE_COMMIT_HOME: path.join(base, 'cache'),
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        // The hook must install from what the repository says, not from this shell.
        npm_config_foreground_scripts: undefined,
        NPM_CONFIG_FOREGROUND_SCRIPTS: undefined
      }
      const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'init.defaultBranch=main', ...args], {cwd, env})
      const preCommit = async (...args: string[]) => {
        try {
          const {stdout, stderr} = await run('pre-commit', args, {cwd: repo, env, timeout: 150_000})
          return {code: 0, output: stdout + stderr}
        } catch (error) {
          const failure = error as {code: number; stdout: string; stderr: string}
          return {code: failure.code, output: failure.stdout + failure.stderr}
        }
      }

      // pre-commit before 4 (Debian 12 ships 3.0.4) installs a node hook with
      // `npm pack` and reads the tarball name from its stdout, which npm 7+
      // pollutes with the `prepare` script's banner unless scripts run in the
      // background.
      const version = (await run('pre-commit', ['--version'])).stdout.trim()
      const major = Number(/(\d+)\./.exec(version)?.[1] ?? 0)
      const npmrc = existsSync(path.join(root, '.npmrc')) ? readFileSync(path.join(root, '.npmrc'), 'utf8') : ''
      if (major < 4) {
        expect(npmrc, `${version} needs foreground-scripts=false in the repository's .npmrc`).toMatch(
          /^foreground-scripts\s*=\s*false$/m
        )
      }

      // The hook repository: a commit of the current working tree (tracked and
      // untracked files, without ignored ones such as node_modules and dist).
      const {stdout: listing} = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: root})
      for (const file of listing.split('\0').filter(Boolean)) {
        const stats = await fs.lstat(path.join(root, file)).catch(() => undefined)
        if (!stats?.isFile()) continue
        await fs.mkdir(path.dirname(path.join(hookRepo, file)), {recursive: true})
        await fs.copyFile(path.join(root, file), path.join(hookRepo, file))
      }
      await git(hookRepo, 'init', '-q')
      await git(hookRepo, 'add', '-A')
      await git(hookRepo, 'commit', '-q', '--no-verify', '-m', 'hooks under test')
      const rev = (await git(hookRepo, 'rev-parse', 'HEAD')).stdout.trim()

      // The consumer repository.
      await fs.mkdir(repo)
      await git(repo, 'init', '-q')
      await fs.writeFile(
        path.join(repo, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: deployment-lint\n      - id: deployment-lint-fix\n`
      )
      await fs.writeFile(path.join(repo, '.remarkrc.mjs'), remarkrc)
      const wrong = '---\ntitle: plan\n---\n\n# Plan\r\n\r\n| Item | Value |\r\n|---|---|\r\n| __Sum__ | 2 + 2 = 5 |  \r\n'
      await fs.writeFile(path.join(repo, 'plan.md'), wrong)
      await fs.writeFile(path.join(repo, 'notes.txt'), '2 + 2 = 5\n')
      expect((await preCommit('install')).code).toBe(0)
      await git(repo, 'add', '-A')

      // The commit is refused: the check hook fails, the fix hook rewrites.
      let commit
      try {
        commit = {code: 0, output: Object.values(await git(repo, 'commit', '-m', 'plan')).join('')}
      } catch (error) {
        const failure = error as {code: number; stdout: string; stderr: string}
        commit = {code: failure.code, output: failure.stdout + failure.stderr}
      }
      expect(commit.code, commit.output).toBe(1)
      expect(commit.output).toMatch(/deployment-lint\.+Failed/)
      expect(commit.output).toMatch(/9:21-9:22  warning  deployment-precommit +Unexpected `5`, expected `4`\n/)
      expect(commit.output).toMatch(/deployment-lint \(fix\)\.+Failed[\s\S]*files were modified by this hook/)
      // Only the wrong number changed; not markdown files are not touched.
      expect(await fs.readFile(path.join(repo, 'plan.md'), 'utf8')).toBe(wrong.replace('2 + 2 = 5', '2 + 2 = 4'))
      expect(await fs.readFile(path.join(repo, 'notes.txt'), 'utf8')).toBe('2 + 2 = 5\n')

      // With the fix staged, both hooks pass and the commit goes through.
      await git(repo, 'add', '-A')
      const second = await git(repo, 'commit', '-m', 'plan')
      expect(second.stdout + second.stderr).toMatch(/deployment-lint\.+Passed/)

      // Each hook on its own, through `pre-commit run`.
      await fs.writeFile(path.join(repo, 'plan.md'), wrong)
      const check = await preCommit('run', 'deployment-lint', '--files', 'plan.md')
      expect(check.code, check.output).toBe(1)
      expect(await fs.readFile(path.join(repo, 'plan.md'), 'utf8')).toBe(wrong)
      const fix = await preCommit('run', 'deployment-lint-fix', '--files', 'plan.md')
      expect(fix.code, fix.output).toBe(1)
      expect(await fs.readFile(path.join(repo, 'plan.md'), 'utf8')).toBe(wrong.replace('2 + 2 = 5', '2 + 2 = 4'))

      // A warning that has no fix: the fix hook fails without modifying
      // anything (--frail), and prints the warning.
      const unfixable = wrong.replace('2 + 2 = 5', '2 + 2 = 5, NO-FIX')
      await fs.writeFile(path.join(repo, 'plan.md'), unfixable)
      const fixed = unfixable.replace('2 + 2 = 5', '2 + 2 = 4')
      const first = await preCommit('run', 'deployment-lint-fix', '--files', 'plan.md')
      expect(first.code, first.output).toBe(1)
      expect(await fs.readFile(path.join(repo, 'plan.md'), 'utf8')).toBe(fixed)
      const left = await preCommit('run', 'deployment-lint-fix', '--files', 'plan.md')
      expect(left.code, left.output).toBe(1)
      expect(left.output).toMatch(/deployment-lint \(fix\)\.+Failed/)
      expect(left.output).not.toContain('files were modified by this hook')
      expect(left.output).toMatch(/warning +deployment-precommit +Unexpected NO-FIX \(no fix\)/)
      expect(await fs.readFile(path.join(repo, 'plan.md'), 'utf8')).toBe(fixed)
    },
    240_000
  )
})
