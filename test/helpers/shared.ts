// The project's shared folder beside the clone (DESIGN.md, the example
// documents with EXPECTED.json, the corpus of real documents, the scoring
// tools): `../shared` by default, or the folder DEPLOYMENT_LINT_SHARED names.
// CI has it; without it the tests that need it are skipped, each naming the
// exact path that is missing.
import {existsSync} from 'node:fs'
import path from 'node:path'
import {root} from './build.js'

export const sharedRoot = path.resolve(root, process.env.DEPLOYMENT_LINT_SHARED ?? path.join('..', 'shared'))

/** A path inside the shared folder. */
export const shared = (...parts: string[]) => path.join(sharedRoot, ...parts)

/** Why a test needing these paths cannot run: names the first missing one ('' when all exist). */
export function missing(...paths: string[]): string {
  const absent = paths.find((file) => !existsSync(file))
  if (!absent) return ''
  const relative = path.relative(root, absent)
  return `${relative.startsWith('..') ? absent : relative} is missing` + (absent.startsWith(sharedRoot) ? ' (the shared folder: ../shared beside the clone, or DEPLOYMENT_LINT_SHARED)' : ' (run npm run build)')
}

/** A test's title, with the reason appended when it is skipped (so the report says why). */
export const titled = (title: string, reason: string) => (reason ? `${title} [skipped: ${reason}]` : title)
