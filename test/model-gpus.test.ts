import { describe, expect, it } from 'vitest'
import { GPU_TABLE, findGpu, findGpuMatch, gpuById, gpuMemoryBytes, normalizeGpuText } from '../src/model/gpus.js'
import { describeGrowth, growth } from './helpers/scaling.js'

describe('findGpu', () => {
  const cases: [string, string | undefined][] = [
    ['8×H200', 'H200'],
    ['8xH200', 'H200'],
    ['8x H100', 'H100-SXM'],
    ['H100 80GB HBM3', 'H100-SXM'],
    ['H100-SXM5', 'H100-SXM'],
    ['H100 SXM', 'H100-SXM'],
    ['NVIDIA H100 Tensor Core GPU', 'H100-SXM'],
    ['H100 PCIe', 'H100-PCIe'],
    ['h100-pcie-80gb', 'H100-PCIe'],
    ['H100 NVL', 'H100-NVL'],
    ['H200 NVL', 'H200-NVL'],
    ['H20', 'H20'],
    ['16 H20 GPUs', 'H20'],
    ['H800', 'H800'],
    ['A100', 'A100-80GB'],
    ['4 A100s', 'A100-80GB'],
    ['A100-40GB', 'A100-40GB'],
    ['A100 40 GB', 'A100-40GB'],
    ['A100 (40GB)', 'A100-40GB'],
    ['A100-SXM4-80GB', 'A100-80GB'],
    ['A100 80GB PCIe', 'A100-80GB-PCIe'],
    ['B200', 'B200'],
    ['DGX B200', 'B200'],
    ['GB200 NVL72', 'GB200'],
    ['B300', 'B300'],
    ['GB300', 'GB300'],
    ['MI300X', 'MI300X'],
    ['AMD Instinct MI300X', 'MI300X'],
    ['8× MI325X', 'MI325X'],
    ['L40S', 'L40S'],
    ['L40', 'L40'],
    ['L4', 'L4'],
    ['A10G', 'A10G'],
    ['A10', 'A10'],
    ['g5.12xlarge with 4 A10G', 'A10G'],
    // not GPUs / no word boundary
    ['AH100', undefined],
    ['H1000', undefined],
    ['L400', undefined],
    ['XL4', undefined],
    ['', undefined],
    ['plain text without a gpu', undefined],
  ]
  for (const [text, id] of cases) {
    it(`${JSON.stringify(text)} → ${id}`, () => {
      expect(findGpu(text)?.id).toBe(id)
    })
  }

  it('longest alias wins over an earlier shorter one', () => {
    expect(findGpu('H100 nodes: H100 PCIe cards')?.id).toBe('H100-PCIe')
    expect(findGpuMatch('two H100 80GB HBM3 GPUs')?.alias).toBe('H100 80GB HBM3')
  })

  it('earliest mention on ties', () => {
    expect(findGpu('H200 or B200')?.id).toBe('H200')
  })

  it('linear on long adversarial input (4× the text, less than 8× the time)', async () => {
    const small = 'H1'.repeat(100_000) + ' A100'
    const large = 'H1'.repeat(400_000) + ' A100'
    expect(findGpu(large)?.id).toBe('A100-80GB')
    const result = await growth(findGpu, small, large)
    expect(result.ratio, describeGrowth('findGpu', result)).toBeLessThan(8)
  })

  it('never throws on odd input', () => {
    for (const x of [null, undefined, 42, {}] as unknown as string[]) expect(() => findGpu(x)).not.toThrow()
  })
})

describe('GPU table', () => {
  it('normalises separators and sizes', () => {
    expect(normalizeGpuText('A100-SXM4 _80 GB')).toBe('a100 sxm4 80gb')
  })

  it('unique ids and aliases; every entry has figures and a source', () => {
    const ids = new Set<string>()
    const aliases = new Map<string, string>()
    for (const g of GPU_TABLE) {
      expect(ids.has(g.id)).toBe(false)
      ids.add(g.id)
      for (const a of g.aliases) {
        const n = normalizeGpuText(a)
        expect(aliases.get(n) ?? g.id, `alias ${a}`).toBe(g.id)
        aliases.set(n, g.id)
      }
      expect(g.memoryGB).toBeGreaterThan(0)
      expect(g.hbmTBps).toBeGreaterThan(0)
      expect(g.bf16Tflops).toBeGreaterThan(0)
      expect(g.source.length).toBeGreaterThan(10)
      if (g.fp8Tflops !== null) expect(g.fp8Tflops).toBeGreaterThanOrEqual(g.bf16Tflops)
    }
  })

  it('reference §6.1 figures (dense)', () => {
    expect(gpuById('H100-SXM')).toMatchObject({ memoryGB: 80, hbmTBps: 3.35, bf16Tflops: 989, fp8Tflops: 1979 })
    expect(gpuById('H200')).toMatchObject({ memoryGB: 141, hbmTBps: 4.8, bf16Tflops: 989, fp8Tflops: 1979 })
    expect(gpuById('a100-80gb')).toMatchObject({ memoryGB: 80, hbmTBps: 2.039, bf16Tflops: 312, fp8Tflops: null })
    expect(gpuById('B200')).toMatchObject({ memoryGB: 180, hbmTBps: 7.7, bf16Tflops: 2250, fp8Tflops: 4500 })
    expect(gpuById('MI300X')).toMatchObject({ memoryGB: 192, hbmTBps: 5.3, bf16Tflops: 1307.4, fp8Tflops: 2614.9 })
    expect(gpuMemoryBytes(gpuById('H100-SXM')!)).toBe(80e9)
  })
})
