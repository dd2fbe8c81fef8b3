// Small helpers for CLI tests: scratch folders and captured output streams.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {root} from './build.js'

const created: string[] = []

/** Remove every scratch folder made so far (call from `afterAll`). */
export async function removeScratch(): Promise<void> {
  for (const directory of created.splice(0)) await fs.rm(directory, {recursive: true, force: true})
}

/** A scratch folder with `files` (path → content); in /tmp unless `inProject`. */
export async function scratch(files: Record<string, string> = {}, inProject = false): Promise<string> {
  const base = inProject ? path.join(root, '.tmp') : os.tmpdir()
  await fs.mkdir(base, {recursive: true})
  const directory = await fs.realpath(await fs.mkdtemp(path.join(base, 'deployment-lint-')))
  created.push(directory)
  for (const [name, value] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(directory, name)), {recursive: true})
    await fs.writeFile(path.join(directory, name), value)
  }
  return directory
}

export interface Capture {
  write(chunk: string): boolean
  isTTY: boolean
  text: string
}

export function capture(isTTY = false): Capture {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk
      return true
    }
  }
}

export const read = (directory: string, name: string) => fs.readFile(path.join(directory, name), 'utf8')
