/** The readings issue 13's rules rely on: tables as numbers, weights of a count, KV for a token count, rates, utilization. */
import { describe, expect, it } from 'vitest'
import { facts } from './helpers/extract.js'

describe('numeric view of tables', () => {
  it('keeps cells that hold one number (with a sign or a unit) and leaves the rest as text', () => {
    const t = facts(`| Row | A (GB) | B | C |
|---|---:|---:|---|
| x | 1.5 | -2 | 3 GPUs |
| y | 80 GB | +0.25 | ~4 |
`).numericTables[0]
    const cell = (r: number, c: number) => t.cells[r][c]?.value.toString()
    expect([cell(0, 1), cell(0, 2), cell(0, 3), cell(1, 1), cell(1, 2), cell(1, 3)]).toEqual(['1500000000', '-2', undefined, '80000000000', '0.25', undefined])
    expect(t.texts[0][0]).toBe('x')
    expect(t.mixedRowUnits).toBe(false)
  })

  it('marks rows whose labels name different units', () => {
    const t = facts(`| Metric | A | B |
|---|---|---|
| Rate (req/s) | 1 | 2 |
| TTFT (sec) | 3 | 4 |
`).numericTables[0]
    expect(t.mixedRowUnits).toBe(true)
  })
})

describe('weights of a parameter count', () => {
  const read = (md: string) => facts(md).paramWeights.map((p) => [p.params.text, p.precision.value, p.size.text])
  it('reads the count, the format and the size after a verb', () => {
    expect(read('The 70B parameters in BF16 take 140 GB.\n')).toEqual([['70B', 'bf16', '140 GB']])
    expect(read('The 405B parameters need about 405 GB in FP8.\n')).toEqual([['405B', 'fp8', '405 GB']])
  })
  it('does not read a share, a part, training states or a condition', () => {
    expect(read('The 70B parameters in BF16 take 17.5 GB per GPU.\n')).toEqual([])
    expect(read('The 70B parameters in BF16 take 35 GB on each of 4 GPUs.\n')).toEqual([])
    expect(read('The expert parameters, 600B in FP8, take 600 GB.\n')).toEqual([])
    expect(read('The 7B parameters in BF16 with Adam states take 112 GB.\n')).toEqual([])
    expect(read('If we used FP32, the 70B parameters would take 280 GB.\n')).toEqual([])
  })
})

describe('KV cache for a token count', () => {
  const read = (md: string) => facts(md).kvForTokens.map((k) => [k.tokens?.text, k.batch?.text, k.size.text])
  it('reads the tokens, a batch and the size', () => {
    expect(read('At 32K tokens, the KV cache takes 4 GiB.\n')).toEqual([['32K', undefined, '4 GiB']])
    expect(read('For a batch of 8 sequences of 8K tokens, the KV cache is 8 GiB.\n')).toEqual([['8K', '8', '8 GiB']])
  })
  it('does not read a per-GPU or per-layer figure', () => {
    expect(read('At 32K tokens, the KV cache per GPU takes 1 GiB.\n')).toEqual([])
    expect(read('At 32K tokens, the KV cache of each layer takes 64 MiB.\n')).toEqual([])
  })
})

describe('request rates and utilization', () => {
  it('reads a request rate, the tokens per request and the token rate of the same kind', () => {
    const r = facts('At 4.2 req/s with 256 output tokens per request, the output throughput is 1,075 tok/s.\n').requestRates
    expect(r.map((x) => [x.rate.text, x.perRequest.text, x.tokenRate.text, x.kind])).toEqual([['4.2 req/s', '256', '1,075 tok/s', 'output']])
  })
  it('does not read an offered load', () => {
    expect(facts('With --request-rate 10 req/s and 256 output tokens per request, the output throughput is 1,500 tok/s.\n').requestRates).toEqual([])
  })
  it('reads achieved TFLOPS per GPU with its MFU, rate and parameter count', () => {
    const u = facts('# Training\n\nWe measured 1,000 tokens/s per GPU for the 70B-parameter model, which is 420 TFLOPS per GPU and 42.5% MFU.\n').utilization
    expect(u.map((x) => [x.achieved.text, x.mfu?.text, x.tokensPerGpu?.text, x.params?.text, x.mode])).toEqual([['420 TFLOPS', '42.5%', '1,000 tokens/s', '70B', 'training']])
  })
})
