/**
 * Conventions of holding the model states of mixed-precision Adam in training
 * (which of weights, gradients, optimizer states are sharded over DP, and the
 * gradient bytes), and the bytes per parameter and formula text of each.
 */
import type { QuantityId } from '../lexicon/quantities.js'
import { type OptimizerSharding, stateBytesPerParam } from './training.js'

/** A way to hold the model states: which of weights, gradients, optimizer states are sharded over DP, and the gradient bytes. */
export interface Convention {
  id: string
  name: string
  /** The sharding in src/model/training.ts terms. */
  zero: OptimizerSharding | 'zero2-fp32' | 'zero3-fp32'
  /** Bytes per parameter of the gradients (bf16 2, fp32 main grads 4). */
  grads: 2 | 4
  shard: { weights: boolean; grads: boolean; optimizer: boolean }
}

const WEIGHTS = 2

/** fp32 master weights, momentum and variance. */
export const OPTIMIZER = 12

/** Momentum and variance alone (the master copy counted with the weights). */
export const OPTIMIZER_NO_MASTER = 8

export const CONVENTIONS: readonly Convention[] = [
  { id: 'zero0', name: 'no ZeRO', zero: 0, grads: 2, shard: { weights: false, grads: false, optimizer: false } },
  { id: 'zero1', name: 'ZeRO-1', zero: 1, grads: 2, shard: { weights: false, grads: false, optimizer: true } },
  { id: 'zero2', name: 'ZeRO-2', zero: 2, grads: 2, shard: { weights: false, grads: true, optimizer: true } },
  { id: 'zero3', name: 'ZeRO-3', zero: 3, grads: 2, shard: { weights: true, grads: true, optimizer: true } },
  { id: 'megatron', name: 'Megatron (fp32 main grads)', zero: 'megatron', grads: 4, shard: { weights: false, grads: false, optimizer: false } },
  { id: 'megatron-distopt', name: 'Megatron distributed optimizer', zero: 'megatron-distopt', grads: 4, shard: { weights: false, grads: false, optimizer: true } },
  { id: 'zero2-fp32', name: 'ZeRO-2 with fp32 gradients', zero: 'zero2-fp32', grads: 4, shard: { weights: false, grads: true, optimizer: true } },
  { id: 'zero3-fp32', name: 'ZeRO-3 with fp32 gradients', zero: 'zero3-fp32', grads: 4, shard: { weights: true, grads: true, optimizer: true } },
]

export const CONV = Object.fromEntries(CONVENTIONS.map((c) => [c.id, c])) as Record<string, Convention>

/** Model-state bytes per parameter under a convention over d data-parallel ranks. */
export function conventionBytes(c: Convention, d: number): number {
  if (typeof c.zero === 'number' || c.zero === 'megatron' || c.zero === 'megatron-distopt') return stateBytesPerParam(c.zero, d)
  return (c.shard.weights ? WEIGHTS / d : WEIGHTS) + (c.shard.grads ? c.grads / d : c.grads) + (c.shard.optimizer ? OPTIMIZER / d : OPTIMIZER)
}

/** Bytes per parameter of one part (gradients, optimizer states) under a convention. */
export function partBytes(c: Convention, q: QuantityId, d: number, optimizer = OPTIMIZER): number {
  if (q === 'memGrads') return c.shard.grads ? c.grads / d : c.grads
  if (q === 'memOptimizer') return c.shard.optimizer ? optimizer / d : optimizer
  return conventionBytes(c, d)
}

export function formula(c: Convention, q: QuantityId, d: number, optimizer = OPTIMIZER): string {
  const div = (x: number, s: boolean): string => (s ? `${x}/${d}` : String(x))
  if (q === 'memGrads') return div(c.grads, c.shard.grads)
  if (q === 'memOptimizer') return div(optimizer, c.shard.optimizer)
  const w = c.shard.weights
  const g = c.shard.grads
  const o = c.shard.optimizer
  if (w && g && o) return `(${WEIGHTS} + ${c.grads} + ${OPTIMIZER})/${d}`
  if (g && o) return `${WEIGHTS} + (${c.grads} + ${OPTIMIZER})/${d}`
  if (o) return `${WEIGHTS} + ${c.grads} + ${OPTIMIZER}/${d}`
  return `${WEIGHTS} + ${c.grads} + ${OPTIMIZER}`
}
