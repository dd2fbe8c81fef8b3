/**
 * The rules of issue 13 on text taken verbatim from documents of the real
 * corpus (`../shared/corpus/real/`) where the relation holds: the relation is
 * read, and no message is given. A planted error in the same text is reported.
 */
import { describe, expect, it } from 'vitest'
import { remark } from 'remark'
import { VFile } from 'vfile'
import lintDeployment from '../src/index.js'
import { facts } from './helpers/extract.js'
import { tableRelations } from '../src/checks/table-relations.js'

async function messages(md: string, rule: string) {
  const file = new VFile({ path: 'corpus.md', value: md })
  await remark().use(lintDeployment).process(file)
  return file.messages.filter((m) => m.ruleId === rule).map((m) => ({ line: m.line, actual: m.actual, expected: m.expected, note: m.note }))
}

/** Relations that hold in every row of each table, as `kind: header, header = k`. */
function holding(md: string): string[] {
  return facts(md).numericTables.flatMap((t) =>
    tableRelations(t)
      .filter((r) => r.fails === undefined)
      .map((r) => `${r.kind}: ${r.cols.map((c) => t.header[c]).join(', ')} = ${r.k.d.toString()}`),
  )
}

// stas00__ml-engineering__training__performance__README.md, lines 648-654.
const PER_SM = `| dtype | published | per SM (/148) | at 152 SMs |
| :---- | --------: | ------------: | ---------: |
| bf16  |      2250 |         15.20 |       2311 |
| fp8   |      4500 |         30.41 |       4622 |
| fp4   |     12600 |         85.14 |      12941 |
| nvfp4 |     15000 |        101.35 |      15405 |
`

// NVIDIA__NeMo__docs__source__performance__performance_summary.md, lines 12-24 (pre-training, the table's days column).
const NEMO_PRETRAIN = `| Model         | #-GPUs | GBS  | MBS | Sequence Length| TP | PP | CP | VP | Tokens / sec / GPU | Model TFLOP / sec / GPU | ***Est. time to train in days (10T tokens, 1K GPUs)*** |
| -----         | ------ | ---  | --- | ---------------| -- | -- | -- | -- | ------------------ | ----------------------- | ------------------------------------------------------ |
| GPT3-5B       | 64     | 2048 | 4   | 2048           | 1  | 1  | 1  | 1  | 23406              | 765                     | ***5***                                                |
| GPT3-20B      | 64     | 256  | 2   | 2048           | 2  | 1  | 1  | 1  | 5851               | 750                     | ***19***                                               |
| GPT3-175B     | 128    | 256  | 1   | 2048           | 4  | 8  | 1  | 6  | 716                | 771                     | **158**                                                |
| GPT3-175B     | 512    | 2048 | 2   | 2048           | 4  | 8  | 1  | 6  | 825                | [888](https://mlcommons.org/benchmarks/training/)                     | **137**                                                |
| LLAMA2-7B     | 8      | 128  | 1   | 4096           | 1  | 1  | 1  | 1  | 16934              | 780                     | ***7***                                                | 
| LLAMA2-13B    | 16     | 128  | 1   | 4096           | 1  | 4  | 1  | 10 | 8715               | 760                     | ***13***                                               |
| LLAMA2-70B    | 64     | 128  | 1   | 4096           | 4  | 4  | 1  | 20 | 1728               | 768                     | ***65***                                               |
| Nemotron-8B   | 64     | 256  | 4   | 4096           | 2  | 1  | 1  | 1  | 12507              | 643                     | ***9***                                                |
| Nemotron-22B  | 64     | 256  | 2   | 4096           | 2  | 4  | 1  | 10 | 4312               | 562                     | ***26***                                               |
| Nemotron-340B | 128    | 32   | 1   | 4096           | 8  | 8  | 1  | 12 | 326                | 686                     | ***347***                                              |
| LLAMA3-8B     | 8      | 128  | 1   | 8192           | 1  | 1  | 2  | 1  | 12273              | 711                     | ***9***                                                |
| LLAMA3-70B    | 64     | 128  | 1   | 8192           | 4  | 4  | 2  | 5  | 1524               | 734                     | ***74***                                               |
`

// vllm-project__recipes__moonshotai__Kimi-K2-Think.md, lines 183-188 (rows of different units; Change = TP8+DCP8 − TP8).
const DCP = `| Metric | TP8 | TP8+DCP8 | Change | Improvement(%) |
|--------|-------------|-------------|--------|---------------|
| Request Throughput(req/s) | 1.25 | 1.57 | +0.32 | +25.6% |
| Output Token Throughput(tok/s) | 485.78 | 695.13 | +209.35 | +43.1% |
| Mean TTFT (sec) | 271.2 | 227.8 | -43.4 | +16.0% |
| Median TTFT (sec) | 227.4 | 227.1 | -0.3 | +0.1% |
`

describe('deployment-table-relation on corpus tables', () => {
  it('says nothing on the per-SM table: its rows are different formats, so a fitted constant (÷ 148, × 152/148) is not a definition', async () => {
    expect(holding(PER_SM)).toEqual([])
    expect(await messages(PER_SM, 'deployment-table-relation')).toEqual([])
  })

  it('reads the signed Change column of the Kimi-K2 DCP table as a difference and says nothing', async () => {
    expect(holding(DCP)).toEqual(['plus: TP8+DCP8, TP8, Change = 0'])
    expect(await messages(DCP, 'deployment-table-relation')).toEqual([])
  })

  it('reports a signed cell planted in the Kimi-K2 DCP table, keeping its sign', async () => {
    const planted = DCP.replace('-43.4', '-34.4')
    expect((await messages(planted, 'deployment-table-relation')).map((m) => [m.line, m.actual, m.expected])).toEqual([[5, '34.4', ['43.4']]])
  })

  it('reads the days column of the NeMo pre-training table as a reciprocal of tokens/s/GPU and says nothing', async () => {
    expect(holding(NEMO_PRETRAIN)).toEqual(['recip: Est. time to train in days (10T tokens, 1K GPUs), Tokens / sec / GPU = 113000'])
    expect(await messages(NEMO_PRETRAIN, 'deployment-table-relation')).toEqual([])
  })

  it('reports a cell planted in the NeMo table, with the value the other rows give', async () => {
    const planted = NEMO_PRETRAIN.replace('***65***', '***56***')
    expect(await messages(planted, 'deployment-table-relation')).toEqual([
      {
        line: 9,
        actual: '56',
        expected: ['65'],
        note: expect.stringContaining('`Est. time to train in days (10T tokens, 1K GPUs)` = 113,000 ÷ `Tokens / sec / GPU` holds'),
      },
    ])
  })

  it('says nothing when a planted cell leaves too few rows to fix a constant that is not nice', async () => {
    expect(await messages(PER_SM.replace('30.41', '34.01'), 'deployment-table-relation')).toEqual([])
  })
})

// stas00__ml-engineering__training__model-parallelism__README.md, line 674 (the sentence about the default bucket size).
const BUCKET = `The default is 0.5B params, which is 1GB in half-precision (0.5B x 2 bytes), or 2GB (0.5B x 4 bytes) if you use fp32 precision.\n`

// jax-ml__scaling-book__applied-inference.md, lines 171-173 (the bf16 and int8 rows; the int4 row is a known error).
const FORMATS = `| dtype | param size | KV size / token (bytes) | min TPU v5es | actual min slice | remaining HBM for KV caches | num KV caches @ 8k |
| :---: | :--------: | :---------------------: | :----------: | :--------------: | :-------------------------: | :----------------: |
| bf16  |   140GB    |          324kB          |     8.75     |  4x4 = 16 chips  |             116             |         43         |
| int8  |    70GB    |          162kB          |     4.38     |  4x2 = 8 chips   |             68              |         52         |
`

describe('deployment-weight-memory on corpus text: weights of a parameter count', () => {
  it('reads 0.5B params as 1GB in half-precision and says nothing', async () => {
    expect(facts(BUCKET).paramWeights.map((p) => [p.params.text, p.precision.value, p.size.text])).toEqual([['0.5B', 'fp16', '1GB']])
    expect(await messages(BUCKET, 'deployment-weight-memory')).toEqual([])
  })

  it('reports the same sentence with a size off by the bytes per parameter', async () => {
    expect(await messages(BUCKET.replace('1GB', '2GB'), 'deployment-weight-memory')).toEqual([
      { line: 1, actual: '2GB', expected: ['1GB'], note: '0.5B parameters × 2 bytes per parameter in FP16 = 1 GB, not 2GB' },
    ])
  })

  it('says nothing on a table of one model in two formats whose sizes follow the bytes per parameter', async () => {
    expect(await messages(FORMATS, 'deployment-weight-memory')).toEqual([])
  })
})

// jax-ml__scaling-book__applied-inference.md, lines 107-111: KV per token and per 32k-token sequence of LLaMA 3-70B.
const LLAMA_KV = `LLaMA 3-70B has 8 KV heads, so the size per token is \`2 * K * H * L = 2 * 8 * 128 * 80 = 160kB\`.

**Note just how big this is!** If we have a sequence length of 32k tokens (as is common), this uses \`162e3 * 32,768 = 5.3GB / sequence\`. For BS=240, this is 1.3TB! Since TPU v5e only have 16GB a piece, we would need about \`(70e9 + 1.3e12) / 16e9 = 86\` TPU v5e chips to even fit this much memory. Also note how large this is compared to the 70GB of model parameters.
`

// The same model's KV per sequence, as a sentence the kv-cache rule reads (80 layers × 8 KV heads × 128 × 2 × 1 byte in int8).
const LLAMA_KV_READ = `# LLaMA 3-70B with an int8 KV cache

80 layers, 8 KV heads of dimension 128, 64 attention heads, hidden size 8192, KV cache in int8.

A single 32K-token sequence needs 5.3 GB of KV cache.
`

describe('deployment-kv-cache on corpus text: KV for a token count', () => {
  it('says nothing on the scaling book\'s KV sizes for LLaMA 3-70B', async () => {
    expect(await messages(LLAMA_KV, 'deployment-kv-cache')).toEqual([])
  })

  it('reads the same size for a 32K-token sequence as a sentence, says nothing, and reports it doubled', async () => {
    expect(facts(LLAMA_KV_READ).kvForTokens.map((k) => [k.tokens?.text, k.size.text])).toEqual([['32K', '5.3 GB']])
    expect(await messages(LLAMA_KV_READ, 'deployment-kv-cache')).toEqual([])
    const doubled = await messages(LLAMA_KV_READ.replace('5.3 GB', '10.6 GB'), 'deployment-kv-cache')
    expect(doubled.map((m) => [m.line, m.actual, m.expected])).toEqual([[5, '10.6 GB', ['5.2 GB']]])
  })
})

// vllm-project__recipes__moonshotai__Kimi-K2-Think.md, lines 118-130: 998 requests of 8,000 input tokens at 1.25 req/s.
const KIMI_BENCH = `\`\`\`shell
============ Serving Benchmark Result ============
Successful requests:                     998       
Failed requests:                         2         
Request rate configured (RPS):           100.00    
Benchmark duration (s):                  800.26    
Total input tokens:                      7984000   
Total generated tokens:                  388750    
Request throughput (req/s):              1.25      
Output token throughput (tok/s):         485.78    
Peak output token throughput (tok/s):    2100.00   
Peak concurrent requests:                988.00    
Total Token throughput (tok/s):          10462.57  
\`\`\`
`

// stas00__ml-engineering__training__performance__README.md, lines 142-146 and 66: achieved TFLOPS against the peak.
const STAS_MFU = `\`Theoretical_FLOPS\` is what you see on the official accelerator specs. So let's use H100 as an example. Its BF16 theoretical TFLOPS is 989TFLOPS.

Now, say, you measured your actual training loop's performance and it was 400TFLOPS as actual achieved FLOPS. Then your HFU is:
\`\`\`
HFU = 400/989 = 40%
\`\`\`

Practically though, due to disk IO, communications and copying data from the GPU's memory to its computing unit overhead and because we can't do everything in bf16 and at times we have to do math in fp32 (or tf32) we can really expect much less than that. The realistic value will vary from accelerator to accelerator, but for A100 in 2022 getting above 50% (155TFLOPS) was an amazing sustainable throughput for a complex 384 GPUs training setup.
`

describe('rates and utilization on corpus text', () => {
  it('says nothing on a benchmark block whose request rate × tokens per request gives its token rates', async () => {
    expect(await messages(KIMI_BENCH, 'deployment-benchmark')).toEqual([])
  })

  it('says nothing on achieved TFLOPS against the peak in the performance guide', async () => {
    expect(await messages(STAS_MFU, 'deployment-utilization')).toEqual([])
  })
})

// vllm-project__recipes__Qwen__Qwen3-Coder-480B-A35B.md, lines 93-101: 100 requests in 776.49 s.
const QWEN_CODER_BENCH = `\`\`\`shell
============ Serving Benchmark Result ============
Successful requests:                     100
Benchmark duration (s):                  776.49
Total input tokens:                      204169
Total generated tokens:                  102400
Request throughput (req/s):              0.13
Output token throughput (tok/s):         131.88
Total Token throughput (tok/s):          394.81
\`\`\`
`

// jax-ml__scaling-book__applied-training.md, line 138, and applied-inference.md, line 259: time at an MFU
// from the FLOPs, the chips and their peak, written as a formula.
const MFU_TRAINING = `**Answer**: We know that each TPU v5p can perform 4.59e14 FLOPs / second. At 40% MFU, this will take about \`T = 6.3e24 / (8960 * 4.59e14 * 0.4) = 3.8e6 seconds\`. **This is about 44 days!** That's fairly reasonable, assuming we can actually achieve 40% MFU.\n`
const MFU_PREFILL = `At 8k tokens, we are solidly compute bound, so we just need to reason about FLOPs. We know our model has \`70e9\` parameters so each forward pass uses \`2 * 70e9 * B\` FLOPs. Assuming 40% MFU (FLOPs utilization), this gives us a runtime of about \`2 * 70e9 * 8192 / (16 * 1.97e14 * 0.4) = 0.91s\`. Compared to the numbers we've been looking at before, that's actually quite a lot!\n`

async function all(md: string) {
  const file = new VFile({ path: 'corpus.md', value: md })
  await remark().use(lintDeployment).process(file)
  return file.messages.map((m) => [m.ruleId, m.line, m.actual, m.expected])
}

describe('rates and utilization on more corpus text', () => {
  it('reads the Qwen3-Coder benchmark block, says nothing, and reports a planted output rate', async () => {
    expect(facts(QWEN_CODER_BENCH).facts.filter((f) => f.quantity?.startsWith('bench')).length).toBeGreaterThanOrEqual(7)
    expect(await all(QWEN_CODER_BENCH)).toEqual([])
    expect(await all(QWEN_CODER_BENCH.replace('131.88', '113.88'))).toEqual([['deployment-benchmark', 8, '113.88', ['131.88']]])
  })

  it('reads the training time at 40% MFU as a formula, says nothing, and reports a planted result', async () => {
    expect(await all(MFU_TRAINING)).toEqual([])
    expect(await all(MFU_TRAINING.replace('3.8e6', '4.8e6'))).toEqual([['deployment-arithmetic', 1, '4.8e6 seconds', ['3.8e6 seconds']]])
  })

  it('reads the prefill time at 40% MFU as a formula, says nothing, and reports a planted result', async () => {
    expect(await all(MFU_PREFILL)).toEqual([])
    expect(await all(MFU_PREFILL.replace('0.91s', '1.91s'))).toEqual([['deployment-arithmetic', 1, '1.91s', ['0.91s']]])
  })
})

describe('KV per token on more corpus text', () => {
  it('reads the scaling book\'s KV bytes per token of LLaMA 3-70B as a formula in KiB, and reports a planted size', async () => {
    const line = LLAMA_KV.split('\n')[0] + '\n'
    expect(await all(line)).toEqual([])
    expect(await all(line.replace('160kB', '180kB'))).toEqual([['deployment-arithmetic', 1, '180kB', ['164kB']]])
  })
})
