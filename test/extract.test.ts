/**
 * The fact extractor on the phrasings the lexicon promises: one quantity,
 * many forms; scopes; quoted values; numbers in every written form.
 */
import { describe, it, expect } from 'vitest'
import { facts, q } from './helpers/extract.js'


describe('one quantity, many forms: EP = 8', () => {
  const forms = [
    'The plan uses EP=8.',
    'We run EP8 on the cluster.',
    'We use EP 8 for the experts.',
    'Experts use 8-way expert parallelism.',
    'The expert parallel size of 8 keeps groups in a node.',
    '```yaml\nexpert_model_parallel_size: 8\n```',
    '```bash\nsglang serve --ep 8\n```',
    '```bash\ntorchrun pretrain.py --expert-model-parallel-size 8\n```',
    '| Dimension | Degree |\n|---|---|\n| EP | 8 |',
    '| Axis | Size |\n|---|---|\n| Expert Parallelism (EP) | 8 |',
    '- **Expert parallelism**: 8',
    'The expert-parallel degree is 8.',
  ]
  for (const md of forms) {
    it(JSON.stringify(md), () => {
      expect(q(md)).toContainEqual(['ep', '8'])
    })
  }
})

describe('degrees in other forms', () => {
  it.each([
    ['`--tensor-parallel-size 8`', 'tp', '8'],
    ['`--tp 16 --dp 2`', 'dp', '2'],
    ['Pipeline parallelism of 4 stages: PP = 4.', 'pp', '4'],
    ['`tensor_parallel_size=4`', 'tp', '4'],
    ['We shard with TP4-EP4.', 'tp', '4'],
    ['Context parallel size: 2', 'cp', '2'],
  ])('%s', (md, quantity, value) => {
    expect(q(md)).toContainEqual([quantity, value])
  })
})

describe('scopes', () => {
  it.each([
    ['Each GPU holds 8 experts per layer.', 'expertsPerGpuLayer', '8'],
    ['Every GPU stores 2 experts per MoE layer.', 'expertsPerGpuLayer', '2'],
    ['8 experts per GPU', 'expertsPerGpu', '8'],
    ['2 experts per GPU per layer', 'expertsPerGpuLayer', '2'],
    ['The model has 16 experts per layer.', 'experts', '16'],
    ['4 layers per stage', 'layersPerStage', '4'],
    ['Each pipeline stage spans 8 GPUs.', 'gpusPerStage', '8'],
    ['each of the 2 replicas uses 16 GPUs', 'gpusPerReplica', '16'],
    ['8 GPUs per node', 'gpusPerNode', '8'],
    ['12 nodes, each with 8 H100 GPUs', 'gpusPerNode', '8'],
    ['within the 8-GPU group', 'epGroupSize', '8'],
    ['Each EP group has 8 GPUs', 'epGroupSize', '8'],
    ['the 32 GPUs form 4 EP groups', 'epGroups', '4'],
    ['Attention heads per GPU: 8', 'headsPerGpu', '8'],
    ['32 accelerators, 64GB HBM each', 'gpuMemory', '64000000000'],
    ['top-2 routing', 'topK', '2'],
  ])('%s', (md, quantity, value) => {
    expect(q(md)).toContainEqual([quantity, value])
  })

  it('`across 4 GPUs` is a sharding degree, not the GPU count', () => {
    expect(q('attention heads split across 4 GPUs').some(([k]) => k === 'gpus')).toBe(false)
  })
})

describe('numbers in every written form', () => {
  it.each([
    ['Vocabulary: 32,000', 'vocab', '32000'],
    ['Total parameters: 46.0B', 'paramsTotal', '46000000000'],
    ['KV cache: ~19.2GB', 'memKv', '19200000000'],
    ['KV cache: 4.29 GiB', 'memKv', String(4.29 * 2 ** 30)],
    ['Decode throughput: 1.2e3 tokens/s', 'throughput', '1200'],
    ['Decode throughput: 85 tokens/ms', 'throughput', '85000'],
  ])('%s', (md, quantity, value) => {
    const got = q(md).find(([k]) => k === quantity)
    expect(got).toBeDefined()
    expect(Number(got![1])).toBeCloseTo(Number(value), 0)
  })

  it('reads products, powers and e-notation as expressions', () => {
    const x = facts('`4096 * 2 * 2550^2 / (8192 * 4) = 1.6e10` and `2 * 28 * 32768 * 4096 / 2**30 = 7GiB` and 32 (4×4×2)')
    expect(x.expressions).toHaveLength(3)
  })

  it('does not read ranges, versions or names as arithmetic', () => {
    const x = facts('Qwen2/2.5 (0.5B-1.5B) on 2025-05-05 with v0.8.5 and 20–22 tokens per second')
    expect(x.expressions).toHaveLength(0)
  })
})

describe('quoted values are not claims', () => {
  it.each([
    ['Claims "8 experts per GPU" but it is 2 experts per GPU', '8'],
    ['Change "8 experts per GPU" to "2 experts per GPU"', '8'],
    ['Update expert memory from 4.38GB to 0.62GB', '4.38'],
    ['2 experts per GPU (corrected from 8)', '8'],
    ['it has ~~8~~ 2 experts per GPU', '8'],
    ['each group has 8 GPUs, not 4 GPUs', '4'],
  ])('%s', (md, wrong) => {
    const x = facts(md)
    const f = x.facts.find((g) => g.text.startsWith(wrong))
    expect(f?.quoted).toBe(true)
    expect(x.facts.some((g) => !g.quoted)).toBe(true)
  })

  it('a section titled Current (Incorrect) Configuration quotes everything in it', () => {
    const x = facts('## Current (Incorrect) Configuration\n\n- 8 experts per GPU\n\n## Corrected\n\n- 2 experts per GPU\n')
    expect(x.facts.map((f) => f.quoted)).toEqual([true, false])
  })
})

describe('places', () => {
  it('a fact keeps the exact range of its number and unit', () => {
    const md = '| Component | Memory |\n|---|---|\n| **Expert Parameters** | **4.38 GB** |\n'
    const f = facts(md).facts.find((g) => g.quantity === 'memExperts')!
    expect(md.slice(f.place.start, f.place.end)).toBe('4.38 GB')
    expect(md.slice(f.numPlace.start, f.numPlace.end)).toBe('4.38')
  })
})

describe('lexicon rows added from the reading bench and blind rounds', () => {
  const cases: Array<[string, string, string]> = [
    ['| Setting | Value |\n|---|---|\n| d_head | 128 |', 'headDim', '128'],
    ['- **Key-value heads per GPU**: 2', 'kvHeadsPerGpu', '2'],
    ['- 2 key-value heads per rank', 'kvHeadsPerGpu', '2'],
    ['- 6 heads land on each GPU', 'headsPerGpu', '6'],
    ['- **GPUs per model instance**: 8', 'gpusPerReplica', '8'],
    ['- 8 GPUs hold one full copy of the model', 'gpusPerReplica', '8'],
    ['- **FFN width per expert**: 1408', 'expertFfn', '1408'],
  ]
  for (const [md, quantity, value] of cases) {
    it(JSON.stringify(md), () => {
      expect(q(md)).toContainEqual([quantity, value])
    })
  }

  it('a quotient of the model\'s count is a share, not the model\'s count', () => {
    expect(q('- Heads: 48 ÷ 8 = 6 query heads and 8 ÷ 8 = 1 KV head per GPU')).not.toContainEqual(['heads', '6'])
  })

  it('values of another setup are examples', () => {
    for (const md of ['A smaller staging deployment (e.g. 16 GPUs with TP=2) is described elsewhere.', '> Reviewer note: "Why not TP=2?"', '(For reference, last quarter\'s plan had EP=16 on 32 GPUs.)']) {
      const read = facts(md).facts.filter((x) => x.quantity === 'tp' || x.quantity === 'ep')
      expect(read.length, md).toBeGreaterThan(0)
      expect(read.every((x) => x.example), md).toBe(true)
    }
  })
})

describe('classes from blind round 8', () => {
  it('numbers written as words are read, with no fix offered for them', () => {
    expect(q('- two-way tensor parallelism on eight GPUs')).toEqual(expect.arrayContaining([['tp', '2'], ['gpus', '8']]))
    expect(facts('The cache is sixteen kibibytes per token per GPU.').facts.map((f) => [f.value.toString(), f.unit?.dim])).toEqual([['16384', 'bytes']])
    expect(facts('- eight GPUs').facts[0].tok.lit.style.inWords).toBe(true)
  })

  it('`one` stays a word, and a share `three layers in four` is not a count of layers', () => {
    expect(q('- one GPU holds the model')).toEqual([])
    expect(q('- local attention on three layers in four')).not.toContainEqual(['layers', '3'])
  })

  it('GPU names in the plural count GPUs', () => {
    expect(q('- Mixtral on 2 H100s')).toContainEqual(['gpus', '2'])
  })

  it('layers of one stage: `on each of two pipeline stages`, `stage 0 takes layers 0–30 (31 layers)`, `34,560 (30 layers)`', () => {
    expect(q('- D puts 47 layers on each of two pipeline stages')).toContainEqual(['layersPerStage', '47'])
    expect(q('- stage 0 takes layers 0–30 (31 layers: the 3 dense ones plus 28 MoE)')).toContainEqual(['layersPerStage', '31'])
    expect(q('| KV bytes | 34,560 (30 layers) |\n|---|---|\n| x | 1 |')).not.toContainEqual(['layers', '30'])
  })

  it('a product of degrees is not a degree: `TP·PP = 48`', () => {
    expect(q('- Megatron needs 192 to divide by TP·PP = 48')).not.toContainEqual(['pp', '48'])
  })

  it('degrees written inside a word take the stance of their clause', () => {
    const read = facts('## Rejected alternatives\n\n- Pure ZeRO-2 on DP32 would need 119.7 GB per GPU.').facts.filter((x) => x.quantity === 'dp')
    expect(read.length).toBe(1)
    expect(read[0].example).toBe(true)
  })

  it('a factor of a product of parameters is not the model\'s count', () => {
    expect(q('- BF16 for the embedding and LM head (2 × 0.622B params)')).not.toContainEqual(['paramsTotal', '622000000'])
  })
})

describe('construction families added from the reading bench (round 8)', () => {
  const cases: Array<[string, string, string]> = [
    ['- The model has L = 61, E = 256, k = 8.', 'layers', '61'],
    ['- The model has L = 61, E = 256, k = 8.', 'experts', '256'],
    ['- The model has L = 61, E = 256, k = 8.', 'topK', '8'],
    ['- V = 151,936 and n_kv = 8 and I_e = 2048', 'vocab', '151936'],
    ['- V = 151,936 and n_kv = 8 and I_e = 2048', 'kvHeads', '8'],
    ['- V = 151,936 and n_kv = 8 and I_e = 2048', 'expertFfn', '2048'],
    ['- The model uses 8-expert MoE layers.', 'experts', '8'],
    ['- a 151,936-token vocabulary', 'vocab', '151936'],
    ['- 128-dim heads', 'headDim', '128'],
    ['- 2048-wide SwiGLU experts', 'expertFfn', '2048'],
    ['- a 7168-dimensional residual stream', 'hidden', '7168'],
    ['- experts sharded 8 ways', 'ep', '8'],
    ['- weights sharded 4 ways with tensor parallelism', 'tp', '4'],
    ['- 128 dimensions per head', 'headDim', '128'],
    ['- 151,936 tokens in the vocabulary', 'vocab', '151936'],
    ['| Setting | Value |\n|---|---|\n| Tokens per sequence | 4096 |', 'seqLen', '4096'],
    ['| Setting | Value |\n|---|---|\n| MoE FFN width | 2048 |', 'expertFfn', '2048'],
    ['| Setting | Value |\n|---|---|\n| Transformer blocks | 61 |', 'layers', '61'],
  ]
  for (const [md, quantity, value] of cases) {
    it(`${JSON.stringify(md)} → ${quantity}`, () => {
      expect(q(md)).toContainEqual([quantity, value])
    })
  }

  it('a count\'s name does not name a result in bytes', () => {
    expect(q('- kv/token/GPU, full layers: 18 × 2 × 4 × 64 × 2 B = 18,432 B')).not.toContainEqual(['layers', '18432'])
  })

  it('`4 model replicas` is the DP degree when no DP is stated', async () => {
    const { resolve } = await import('../src/resolve.js')
    expect(resolve(facts('- We run 4 model replicas of TP 8.')).inputs.get('dp')?.value).toBe(4)
  })
})

describe('classes from blind round 9', () => {
  it('a sentence about one stage gives that stage\'s counts', () => {
    const read = facts('Option D splits the layers 31/30. Stage 0 holds the 3 dense layers, 28 MoE layers and the embedding:\n≈ 324.9B parameters, 40.6 GB per GPU.').facts
    for (const text of ['28', '324.9B']) expect(read.find((f) => f.text === text)?.scopes.has('stage'), text).toBe(true)
  })

  it('an N-GPU count of a part is not the GPU total', () => {
    expect(q('Split the box into a 4-GPU prefill pool and a 4-GPU decode pool.')).not.toContainEqual(['gpus', '4'])
    expect(q('We run a 64-GPU cluster.')).toContainEqual(['gpus', '64'])
  })

  it('a conjunction starts another statement, not a restatement', () => {
    expect(facts('TPOT p99 is 31 ms and TTFT p50 is 0.41 s.').facts.find((f) => f.text === '0.41 s')?.restates).toBeUndefined()
  })

  it('a setting written as code is no result of the parenthesis after it', () => {
    expect(facts('| usable at `--gpu-memory-utilization 0.90` (0.90 × 80) | 72.0 |\n|---|---|\n| a | 1 |').expressions.filter((e) => e.provenance)).toEqual([])
  })

  it('a parenthesis of words annotates an operand', () => {
    const read = facts('Per token: 2 (K, V) × 48 layers × 4 KV heads × 128 × 2 bytes (BF16 cache) = 98,304 B.').facts
    expect(read.find((f) => f.text === '2 bytes')?.expr?.role).toBe('operand')
    expect(read.find((f) => f.text === '98,304 B')?.expr?.role).toBe('result')
  })
})

describe('classes from blind round 9 (second pass)', () => {
  it('the whole of `Six of the 48 routed experts fire` is the layer\'s experts', () => {
    expect(q('Six of the 48 routed experts fire in each MoE layer.')).toContainEqual(['experts', '48'])
  })

  it('a *Fallbacks* section holds other setups', () => {
    const read = facts('## 5. Fallbacks\n\n- **8-GPU pod:** `tp=8` gives 2 experts per GPU per layer.').facts.filter((f) => f.quantity === 'expertsPerGpuLayer')
    expect(read.length).toBe(1)
    expect(read[0].example).toBe(true)
  })
})

describe('lists of counts', () => {
  it('`24, 24, 23 and 23 layers` gives several stages, not the model\'s layers', () => {
    expect(q('We pin 24, 24, 23 and 23 layers.')).not.toContainEqual(['layers', '23'])
  })
})

describe('scale words', () => {
  it('`1.5 million tokens`, `2 billion parameters` are read with their scale', () => {
    expect(facts('roughly 1.5 million tokens of cache').facts[0].value.toString()).toBe('1500000')
    expect(q('a model of 2 billion parameters')).toContainEqual(['paramsTotal', '2000000000'])
  })
})

describe('KV capacity claims', () => {
  it('a token count after a KV size per token and a memory, in a clause about holding, is a capacity', () => {
    const x = facts('After overhead, 33.0 GB per card is left for KV. At 28,672 bytes a token that is roughly 1.5 million tokens of cache, more than the 48 users × 8K context (about 393K tokens) we plan for.')
    expect(x.capacities.map((c) => [c.pool?.text, c.perToken?.text, c.tokens.text])).toEqual([['33.0 GB', '28,672 bytes', '1.5 million']])
  })

  it('a calculation of the tokens and the full sequences after it', () => {
    const x = facts('Pool capacity: 15.1 GB ÷ 49,152 B ≈ 307K tokens, which is room for 6 full 65,536-token sequences.')
    expect(x.capacities.map((c) => [c.tokens.text, c.sequences?.count.text, c.sequences?.length.text])).toEqual([['307K', '6', '65,536']])
  })
})

describe('parallelism names', () => {
  it('`expert parallelism of 8` names EP, with no expert scope (and TP after `and` takes none)', () => {
    const read = facts('- We use expert parallelism of 8 and TP 2.').facts
    expect(read.map((f) => [f.quantity, f.value.toString(), [...f.scopes]])).toEqual([['ep', '8', []], ['tp', '2', []]])
  })
})
