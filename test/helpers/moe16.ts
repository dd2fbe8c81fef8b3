// The MoE-16x16 model of ../shared/examples/moe-16x16-plan.md (16 layers,
// 16 experts top-2, h 4096) on its TP 4 × PP 4 × DP 2, EP 8 plan: the one
// shape the model tests check by hand.
import type { ModelShape, ParallelPlan } from '../../src/model/types.js'

export const MOE16_SHAPE: ModelShape = {
  layers: 16,
  experts: 16,
  topK: 2,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  expertFfn: 14336,
  gatedFfn: true,
  vocab: 32000,
  tiedEmbeddings: false,
  weightPrecision: 'bf16',
}

export const MOE16_PLAN: ParallelPlan = { tp: 4, pp: 4, dp: 2, ep: 8 }
