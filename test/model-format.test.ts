import { describe, expect, it } from 'vitest'
import { grouped, show, showBytes, showBytesBinary, sig } from '../src/model/format.js'

describe('format', () => {
  it('counts with suffixes, no float noise', () => {
    expect(show(46_025_000_000)).toBe('46.03B')
    expect(show(176_160_768)).toBe('176.2M')
    expect(show(41_943_040)).toBe('41.9M')
    expect(show(65_536)).toBe('65.5K')
    expect(show(8192)).toBe('8192')
    expect(show(1.0950000000000002)).toBe('1.095')
    expect(show(0.1 + 0.2)).toBe('0.3')
    expect(show(-2_500_000_000)).toBe('-2.50B')
    expect(show(1.2e12)).toBe('1.20T')
    expect(show(Number.NaN)).toBe('NaN')
  })
  it('bytes', () => {
    expect(showBytes(2_818_572_288)).toBe('2.82 GB')
    expect(showBytes(83_886_080)).toBe('83.9 MB')
    expect(showBytes(1024)).toBe('1.0 KB')
    expect(showBytes(512)).toBe('512 B')
    expect(showBytesBinary(65_248_815_744)).toBe('60.77 GiB')
  })
  it('significant digits and grouping', () => {
    expect(sig(1.0950000000000002, 4)).toBe('1.095')
    expect(sig(0.30000000000000004, 3)).toBe('0.3')
    expect(sig(123456, 3)).toBe('123000')
    expect(grouped(2_818_572_288)).toBe('2,818,572,288')
    expect(grouped(-1000)).toBe('-1,000')
    expect(grouped(999)).toBe('999')
  })
})
