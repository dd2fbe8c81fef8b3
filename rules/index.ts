/** Every rule of the preset, in documentation order. */
import arithmetic from './arithmetic.js'
import percentage from './percentage.js'
import total from './total.js'
import proportion from './proportion.js'
import consistentValue from './consistent-value.js'
import requirement from './requirement.js'
import gpuCount from './gpu-count.js'
import expertsPerGpu from './experts-per-gpu.js'
import expertGroups from './expert-groups.js'
import layersPerStage from './layers-per-stage.js'
import headsPerGpu from './heads-per-gpu.js'
import divisibility from './divisibility.js'
import parameterCount from './parameter-count.js'
import weightMemory from './weight-memory.js'
import kvCache from './kv-cache.js'
import memoryFit from './memory-fit.js'
import modelConfig from './model-config.js'
import benchmark from './benchmark.js'
import tableRelation from './table-relation.js'
import batch from './batch.js'
import trainingMemory from './training-memory.js'
import throughputBound from './throughput-bound.js'
import throughputTotal from './throughput-total.js'
import latencyBound from './latency-bound.js'
import utilization from './utilization.js'
import kvCapacity from './kv-capacity.js'
import tokenCost from './token-cost.js'
import costPeriod from './cost-period.js'
import ratePerGpu from './rate-per-gpu.js'

export const rules = [
  arithmetic,
  percentage,
  total,
  proportion,
  consistentValue,
  requirement,
  tableRelation,
  gpuCount,
  expertsPerGpu,
  expertGroups,
  layersPerStage,
  headsPerGpu,
  divisibility,
  parameterCount,
  weightMemory,
  kvCache,
  memoryFit,
  modelConfig,
  benchmark,
  batch,
  trainingMemory,
  throughputTotal,
  ratePerGpu,
  throughputBound,
  latencyBound,
  utilization,
  kvCapacity,
  tokenCost,
  costPeriod,
]
