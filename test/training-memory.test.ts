/**
 * deployment-training-memory: the training quantities of the lexicon
 * (gradient memory, optimizer states, model states, bytes per parameter,
 * ZeRO stage) and the sharding attributes, and the conventions the rule
 * accepts (the math itself is tested in model-training.test.ts).
 */
import { describe, it, expect } from 'vitest'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import { extract } from '../src/extract.js'
import { shardingWord } from '../src/lexicon.js'
import { CONVENTIONS, conventionBytes } from '../rules/training-memory.js'
import { stateBytesPerParam } from '../src/model/training.js'

function facts(md: string) {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(md)
  return extract(tree, md)
}

function q(md: string): Array<[string | undefined, string]> {
  return facts(md).facts.filter((f) => !f.quoted).map((f) => [f.quantity, f.value.toString()])
}

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
