/**
 * Atomic writes for `--fix`: every new text first goes to a temporary file in
 * the target's own folder (same file system, same mode), and only when all of
 * them were written are they renamed over their targets.  A failure before
 * the renames writes nothing; a failed rename puts back the files already
 * renamed.  The file system is injectable so tests can make a step fail
 * (tests run as root, where permissions alone do not block writes).
 */
import {randomBytes} from 'node:crypto'
import fsPromises from 'node:fs/promises'
import path from 'node:path'

export interface WriterFs {
  writeFile(file: string, data: string, options: {mode: number; flag: string}): Promise<void>
  rename(from: string, to: string): Promise<void>
  unlink(file: string): Promise<void>
  stat(file: string): Promise<{mode: number}>
}

export const nodeWriterFs: WriterFs = fsPromises

export interface WriteTarget {
  /** Absolute path of the file to replace (symlinks already resolved). */
  path: string
  /** New content. */
  value: string
  /** Current content, to put back if a later rename fails. */
  previous: string
}

/** An error naming the file it concerns. */
export class WriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: unknown
  ) {
    super(reason instanceof Error ? reason.message : String(reason))
    this.name = 'WriteError'
  }
}

function temporaryPath(target: string): string {
  const name = `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.deployment-lint.tmp`
  return path.join(path.dirname(target), name)
}

async function removeQuietly(fs: WriterFs, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => fs.unlink(file).catch(() => undefined)))
}

/** Write all targets or none; throws a `WriteError` naming the failing file. */
export async function writeAtomically(
  targets: readonly WriteTarget[],
  fs: WriterFs = nodeWriterFs
): Promise<void> {
  const staged: Array<{target: WriteTarget; temporary: string; mode: number}> = []
  for (const target of targets) {
    try {
      const mode = (await fs.stat(target.path)).mode & 0o7777
      const temporary = temporaryPath(target.path)
      // Recorded before writing so a half-written temporary file is removed too.
      staged.push({target, temporary, mode})
      await fs.writeFile(temporary, target.value, {mode, flag: 'wx'})
    } catch (error) {
      await removeQuietly(fs, staged.map((entry) => entry.temporary))
      throw new WriteError(target.path, error)
    }
  }

  const renamed: typeof staged = []
  for (const [index, entry] of staged.entries()) {
    try {
      await fs.rename(entry.temporary, entry.target.path)
      renamed.push(entry)
    } catch (error) {
      await removeQuietly(fs, staged.slice(index).map((other) => other.temporary))
      // Put back what was already replaced, atomically as well.
      for (const done of renamed) {
        const back = temporaryPath(done.target.path)
        try {
          await fs.writeFile(back, done.target.previous, {mode: done.mode, flag: 'wx'})
          await fs.rename(back, done.target.path)
        } catch {
          await removeQuietly(fs, [back])
        }
      }
      throw new WriteError(entry.target.path, error)
    }
  }
}
