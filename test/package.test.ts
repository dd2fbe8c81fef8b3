// What `npm pack` ships: the built plugin and CLI, the licence, and every file
// the README links to by relative path; not the development scripts.
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {beforeAll, describe, expect, it} from 'vitest'
import {ensureBuilt, root} from './helpers/build.js'

interface PackEntry {
  files: {path: string}[]
}

let packed: Set<string>

describe('npm pack', () => {
  beforeAll(async () => {
    await ensureBuilt()
    // --ignore-scripts: dist/ is already built; `prepare` would rebuild it.
    const {stdout} = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root})
    packed = new Set((JSON.parse(stdout) as PackEntry[])[0].files.map((file) => file.path))
  }, 180_000)

  it('ships LICENSE (MIT, as package.json says) and the repository behind the rule URLs', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      license: string
      repository: {url: string}
    }
    expect(packed.has('LICENSE')).toBe(true)
    expect(manifest.license).toBe('MIT')
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) remark-lint-deployment contributors\n/)
    expect(manifest.repository.url).toBe('git+https://github.com/remark-lint-deployment/remark-lint-deployment.git')
  })

  it('ships every file the README links to by relative path', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/.test(target))
    expect(targets).toContain('docs/rules.md')
    expect(targets).toContain('examples/moe-serving-plan.md')
    for (const target of new Set(targets)) expect(packed.has(path.posix.normalize(target)), target).toBe(true)
  })

  it('ships the plugin, the rules and both bins, and no dist/scripts', () => {
    for (const file of ['dist/src/index.js', 'dist/src/cli/main.js', 'dist/src/cli/server.js', 'dist/rules/index.js', 'README.md']) {
      expect(packed.has(file), file).toBe(true)
    }
    expect([...packed].filter((file) => file.startsWith('dist/scripts/'))).toEqual([])
  })

  it('every relative import of a shipped module is shipped too', () => {
    const missing: string[] = []
    for (const file of packed) {
      if (!file.endsWith('.js')) continue
      const text = readFileSync(path.join(root, file), 'utf8')
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.posix.join(path.posix.dirname(file), match[1])
        if (!packed.has(target)) missing.push(`${file} → ${target}`)
      }
    }
    expect(missing).toEqual([])
  })
})
