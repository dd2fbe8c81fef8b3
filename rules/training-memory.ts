/**
 * deployment-training-memory: model-state memory per GPU in a training plan
 * (weights + gradients + optimizer states of mixed-precision Adam, and its
 * parts), and the bytes per parameter a document states for mixed-precision
 * Adam, and the activation memory per GPU (Korthikanti et al. 2022). The
 * math is src/model/training.ts (ZeRO paper, Megatron distributed optimizer,
 * activationBytesPerLayer; reference domain-math.md §4.5). The readings of
 * the document and the checks are src/checks/training-states.ts and
 * src/checks/training-activations.ts; the conventions of holding the model
 * states are src/model/training-conventions.ts.
 */
import { type Analysis, memo } from '../src/analysis.js'
import { checkActivations } from '../src/checks/training-activations.js'
import { checkBytesPerParam, setting, checkMemory } from '../src/checks/training-states.js'
import { registerCorrector } from '../src/corrections.js'
import type { Finding } from '../src/report.js'
import { defineRule } from '../src/rule.js'

export { CONVENTIONS, conventionBytes, type Convention } from '../src/model/training-conventions.js'

function check(a: Analysis): Finding[] {
  return memo(a, 'training-memory', () => {
    const out = checkBytesPerParam(a)
    const s = setting(a)
    if (s) out.push(...checkMemory(a, s))
    out.push(...checkActivations(a))
    return out.sort((x, y) => x.place.start - y.place.start)
  })
}
registerCorrector(check)

export const docs = {
  summary:
    'Training memory per GPU: weights + gradients + optimizer states (and each part) must follow from the parameters, the parallel plan and the ZeRO stage or distributed optimizer; mixed-precision Adam takes 16 or 18 bytes per parameter; activation memory must follow from sequence, micro batch, hidden size, layers per stage, heads, TP/SP and the recompute mode.',
  description: [
    'Model states of mixed-precision Adam per parameter: bf16 weights 2 B, gradients 2 B (4 B as Megatron’s fp32 main',
    'grads), fp32 master weights + momentum + variance 12 B, i.e. 16 B (ZeRO paper) or 18 B (Megatron). Parameters per GPU',
    'come from the model config (most loaded pipeline stage) or from the stated parameter count ÷ (TP × PP); the',
    'data-parallel degree from DP or GPUs ÷ (TP × PP × CP). ZeRO-1 shards the optimizer states over DP, ZeRO-2 also the',
    'gradients, ZeRO-3 also the weights; the Megatron distributed optimizer is 6 + 12/DP bytes per parameter. Routed',
    'experts of a MoE model are sharded over the expert-data-parallel degree (folded or DP). Every reading the document',
    'does not rule out is tried (no ZeRO, ZeRO-1/2/3, Megatron with and without the distributed optimizer, bf16 or fp32',
    'gradients, optimizer states with or without the fp32 master copy); a figure is reported only when none fits within 5%',
    '(GB or GiB), and a fix is given only when the document names the sharding (`ZeRO-3`, `ZeRO stage: 1`,',
    '`--use-distributed-optimizer`). A bytes-per-parameter figure for mixed-precision Adam must be 16 or 18 (20 with fp16',
    'Megatron). Documents that offload states to CPU/NVMe, use LoRA, FSDP or another optimizer are left alone.',
    '',
    'Activation memory per GPU (`Activations: 9.4 GB per GPU`, a per-GPU table row, `activation memory per GPU is about',
    '9 GB`) in a training plan is checked when the document states the sequence length, micro batch size, hidden size,',
    'layers, attention heads and TP: Korthikanti et al. 2022 (Table 2, 16-bit activations) per layer, sbh(34 + 5as/h)',
    'without parallelism, sbh(10 + 24/t + 5as/(ht)) with TP, sbh(34/t + 5as/(ht)) with TP + SP, sbh(10 + 24/t) and 34·sbh/t',
    'with selective recompute, 2sbh (or 2sbh/t with SP) with full recompute, times the layers of a pipeline stage (L ÷ PP)',
    'and 1 or PP micro-batches in flight (1F1B first stage; fewer with fewer micro-batches, interleaved with VP). The',
    'recompute mode and sequence parallelism are read from the document (`--recompute-granularity selective`,',
    '`--sequence-parallel`, `gradient checkpointing`); when it does not say, every mode is tried, and no recompute also',
    'without stored attention scores (FlashAttention). Bands cover a FFN other than 4h (Megatron 18 + 4f/h, gated 18 +',
    '8f/h), GQA, the embedding and output-layer terms and, with full recompute, the recomputed layer. A figure is reported',
    'only when no reading fits within 10% (GB or GiB; 25% for `~`/`about`; 30% for MoE models, whose expert activations',
    'are not modelled), and a fix is given only when one reading applies (recompute mode and SP stated, one layer count).',
    'Inference documents, measured or profiled figures, figures that bundle workspace, buffers or CUDA graphs, context',
    'parallelism, partial recompute and activation offloading are left alone.',
  ].join('\n'),
}

export default defineRule('training-memory', docs, check)

export { check }
