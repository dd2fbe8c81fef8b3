/** Line (1-based) of an offset, counting LF, CRLF and lone CR line endings. */
export function lineOf(source: string, offset: number): number {
  let n = 1
  const end = Math.min(offset, source.length)
  for (let i = 0; i < end; i++) {
    const c = source.charCodeAt(i)
    if (c === 10) n++
    else if (c === 13 && source.charCodeAt(i + 1) !== 10) n++
  }
  return n
}
