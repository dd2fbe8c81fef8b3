/**
 * deployment-training-memory: the training quantities of the lexicon
 * (gradient memory, optimizer states, model states, bytes per parameter,
 * ZeRO stage) and the sharding attributes, and the conventions the rule
 * accepts (the math itself is tested in model-training.test.ts).
 */
import { describe, it, expect } from 'vitest'
import { facts, parseMd, q } from './helpers/extract.js'
import { shardingWord } from '../src/lexicon/words.js'
import { CONVENTIONS, conventionBytes } from '../rules/training-memory.js'
import { stateBytesPerParam } from '../src/model/training.js'
import { check as checkTraining } from '../rules/training-memory.js'
import { getAnalysis } from '../src/analysis.js'
import { VFile } from 'vfile'


describe('training quantities', () => {
  const cases: Array<[string, string, string]> = [
    ['- **Optimizer states**: 2.44 GB per GPU', 'memOptimizer', '2440000000'],
    ['The optimizer state memory per GPU is 2.44 GB.', 'memOptimizer', '2440000000'],
    ['| Component | Memory/GPU |\n|---|---|\n| Adam states | 2.44 GB |', 'memOptimizer', '2440000000'],
    ['- fp32 gradients: 8.75 GB per GPU', 'memGrads', '8750000000'],
    ['Gradient memory is 0.41 GB per GPU.', 'memGrads', '410000000'],
    ['Each GPU holds 3.25 GB of weights, gradients and optimizer states.', 'memModelStates', '3250000000'],
    ['| Item | Memory/GPU |\n|---|---|\n| Weights + grads + optimizer | 3.25 GB |', 'memModelStates', '3250000000'],
    ['- **Model states per GPU**: 23.4 GB', 'memModelStates', '23400000000'],
    ['Mixed-precision Adam needs 16 bytes per parameter.', 'bytesPerParam', '16'],
    ['Mixed-precision Adam needs 18 bytes/param.', 'bytesPerParam', '18'],
    ['- **ZeRO stage**: 3', 'zeroStage', '3'],
    ['```yaml\nzero_stage: 2\n```', 'zeroStage', '2'],
  ]
  for (const [md, quantity, value] of cases) {
    it(JSON.stringify(md), () => {
      expect(q(md)).toContainEqual([quantity, value])
    })
  }

  it('`optimizer states: 1.64 GB` is a claim, `the plan states 8 experts` quotes', () => {
    expect(facts('- optimizer states: 1.64 GB per GPU').facts[0].quoted).toBe(false)
    expect(facts('- model states: 14.8 GB per GPU').facts[0].quoted).toBe(false)
    expect(facts('The plan states 8 experts per GPU.').facts[0].quoted).toBe(true)
  })

  it('`gradient accumulation` stays a count', () => {
    expect(q('- **Gradient accumulation steps**: 8')).toContainEqual(['gradAccum', '8'])
  })
})

describe('sharding attributes', () => {
  it('ZeRO-n in one word', () => {
    expect(shardingWord('ZeRO-3', undefined, undefined)).toEqual({ attr: 'zeroStage', value: '3' })
    expect(shardingWord('zero1', undefined, undefined)).toEqual({ attr: 'zeroStage', value: '1' })
    expect(shardingWord('zero', undefined, undefined)).toBeUndefined()
    expect(shardingWord('ZeRO-4', undefined, undefined)).toBeUndefined()
  })
  it('distributed optimizer, on and off', () => {
    expect(shardingWord('--use-distributed-optimizer', undefined, undefined)).toEqual({ attr: 'distributedOptimizer', value: 'true' })
    expect(shardingWord('distributed', 'optimizer', 'the')).toEqual({ attr: 'distributedOptimizer', value: 'true' })
    expect(shardingWord('distributed', 'optimizer', 'without')).toEqual({ attr: 'distributedOptimizer', value: 'false' })
    expect(shardingWord('distributed', 'training', undefined)).toBeUndefined()
  })
  it('are extracted from prose and launch commands', () => {
    const x = facts('We train with ZeRO-2.\n\n```bash\ntorchrun pretrain_gpt.py --use-distributed-optimizer\n```\n')
    const attrs = x.attributes.map((a) => `${a.attr}=${a.value}`)
    expect(attrs).toContain('zeroStage=2')
    expect(attrs).toContain('distributedOptimizer=true')
  })
})

describe('conventions', () => {
  it('agree with stateBytesPerParam (ZeRO paper, Megatron)', () => {
    for (const c of CONVENTIONS) {
      if (typeof c.zero === 'number' || c.zero === 'megatron' || c.zero === 'megatron-distopt') expect(conventionBytes(c, 8)).toBe(stateBytesPerParam(c.zero, 8))
    }
  })
  it('fp32-gradient variants: ZeRO-2 2 + 16/d, ZeRO-3 18/d', () => {
    const by = Object.fromEntries(CONVENTIONS.map((c) => [c.id, c]))
    expect(conventionBytes(by['zero2-fp32'], 8)).toBe(4)
    expect(conventionBytes(by['zero3-fp32'], 9)).toBe(2)
    expect(conventionBytes(by.zero0, 64)).toBe(16)
    expect(conventionBytes(by.megatron, 64)).toBe(18)
  })
})

describe('activation memory per GPU', () => {
  const base = (extra: string, claim: string) =>
    [
      '# 13B continued pretraining',
      '',
      '- Model: 40 layers, hidden 5120, 40 attention heads',
      '- Training: seq len 4096, micro batch size 1, global batch size 512',
      `- Parallelism: TP = 4, PP = 1, 32 GPUs${extra}`,
      '',
      '## Memory per GPU',
      '',
      claim,
      '',
    ].join('\n')
  const SEL = ', sequence parallelism on\n- Recompute: selective'
  function run(md: string) {
    return checkTraining(getAnalysis(parseMd(md), new VFile({ value: md }))).filter((f) => f.reason.includes('activation memory'))
  }

  it('`activation memory per GPU is …` names activations, not the GPU memory', () => {
    expect(q('The activation memory per GPU is about 9 GB.')).toContainEqual(['memActivations', '9000000000'])
  })
  it('TP + SP + selective, PP 1: 34·sbh/t × L is the one reading, with a fix', () => {
    expect(run(base(SEL, '- Activations: 7.1 GB'))).toEqual([])
    const [m, ...rest] = run(base(SEL, '- Activations: 28.5 GB'))
    expect(rest).toEqual([])
    expect(m.expected).toBe('7.1 GB')
    expect(m.note).toContain('34·sbh/t')
  })
  it('GB or GiB: 7.13 GB is 6.64 GiB', () => {
    expect(run(base(SEL, '- Activations: 6.6 GiB'))).toEqual([])
  })
  it('an unstated recompute mode accepts every mode and gives no fix', () => {
    // none (with scores) 40.68 GB, FlashAttention / selective 7.13 GB, full 1.68 or 0.42 GB
    for (const v of ['40.7', '7.1', '1.7', '0.42']) expect(run(base(', sequence parallelism on', `- Activations: ${v} GB`))).toEqual([])
    const [m] = run(base(', sequence parallelism on', '- Activations: 20 GB'))
    expect(m.expected).toBeUndefined()
    expect(m.note).toContain('full recompute')
  })
  it('approximate figures only when more than 25% off', () => {
    expect(run(base(SEL, 'The activation memory per GPU is about 8.5 GB.'))).toEqual([])
    expect(run(base(SEL, 'The activation memory per GPU is about 12 GB.'))).toHaveLength(1)
  })
  it('with PP, the first stage holds 1 or PP micro-batches', () => {
    const md = (v: string) => base(SEL, `- Activations: ${v} GB`).replace('PP = 1, 32 GPUs', 'PP = 2, 32 GPUs')
    expect(run(md('3.6'))).toEqual([])
    expect(run(md('7.1'))).toEqual([])
    const [m] = run(md('14.3'))
    expect(m.expected).toBeUndefined()
  })
  it('says nothing without all inputs, for inference documents, measured or bundled figures', () => {
    expect(run(base(SEL, '- Activations: 28.5 GB').replace('micro batch size 1, ', ''))).toEqual([])
    expect(run(base(SEL, '- Activations: 28.5 GB').replace('40 attention heads', 'GQA'))).toEqual([])
    expect(run(base(SEL, '- Activations: 28.5 GB').replace('# 13B continued pretraining', '# Serving 13B with vLLM'))).toEqual([])
    expect(run(base(SEL, '- Activations (measured): 28.5 GB'))).toEqual([])
    expect(run(base(SEL, '- Activations and CUDA graphs: 28.5 GB'))).toEqual([])
    expect(run(base(SEL + ', context parallel size 2', '- Activations: 28.5 GB'))).toEqual([])
  })
  it('MoE layers are estimated within 30%', () => {
    const moe = (v: string) => base(SEL, `- Activations: ${v} GB`).replace('40 attention heads', '40 attention heads, 8 experts, top-2')
    expect(run(moe('9.0'))).toEqual([])
    const [m] = run(moe('28.5'))
    expect(m.expected).toBeUndefined()
  })
})
