/** deployment-divisibility: the plan must be realizable: TP divides the heads, PP·TP·CP divides N, EP divides E (except vLLM). */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { QuantityId } from '../src/lexicon/quantities.js'
import { setupsApart } from '../src/claims.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const inp = a.resolved.inputs
  const at = (q: QuantityId) => {
    const i = inp.get(q)
    return i?.facts.find((f) => !f.quoted && !f.inCode) ?? i?.facts[0]
  }
  const v = (q: QuantityId): number | undefined => inp.get(q)?.value
  const heads = v('heads')
  const tp = v('tp')
  const tpFact = at('tp')
  if (heads && tp && heads % tp !== 0 && tpFact && !a.resolved.model.plan.attentionDp) {
    out.push({
      place: tpFact.place,
      reason: `Unexpected TP ${tp}: ${heads} attention heads do not divide across ${tp} GPUs`,
      note: `${heads} ÷ ${tp} = ${Math.round((heads / tp) * 1000) / 1000}: tensor parallelism needs TP to divide the number of attention heads`,
    })
  }
  const E = v('experts')
  const ep = v('ep')
  const epFact = at('ep')
  const vllm = (a.resolved.attributes.get('framework') ?? []).some((x) => x.value === 'vllm')
  // Redundant expert slots (EPLB) make E + R the number that is split, not E.
  const redundant = v('redundantExperts')
  if (E && ep && E % ep !== 0 && epFact && !vllm && ep <= E && !(redundant && (E + redundant) % ep === 0)) {
    out.push({
      place: epFact.place,
      reason: `Unexpected EP ${ep}: ${E} experts per layer do not split evenly over ${ep} GPUs`,
      note: `${E} ÷ ${ep} = ${Math.round((E / ep) * 1000) / 1000}: Megatron, DeepSpeed, SGLang and TensorRT-LLM require EP to divide the experts per layer (vLLM alone allows a remainder)`,
    })
  }
  const n = a.resolved.model.hardware.gpus
  const pp = v('pp')
  const cp = v('cp') ?? 1
  const nFact = at('gpus')
  if (n && tp && pp && n % (tp * pp * cp) !== 0 && nFact && !setupsApart(a, ['gpus', 'tp', 'pp', 'cp'])) {
    out.push({
      place: nFact.place,
      reason: `Unexpected GPU count ${n}: not a multiple of TP ${tp} × PP ${pp}${cp > 1 ? ` × CP ${cp}` : ''} = ${tp * pp * cp}`,
      note: `${n} ÷ ${tp * pp * cp} = ${Math.round((n / (tp * pp * cp)) * 1000) / 1000}: every framework needs N to be a whole number of TP × PP${cp > 1 ? ' × CP' : ''} replicas`,
    })
  }
  return out
}

export const docs = {
  summary: 'The plan must be realizable: TP divides the attention heads, TP × PP (× CP) divides the GPU count, EP divides the experts per layer.',
  description: [
    'These are the checks every framework makes at start-up (Megatron’s `initialize_model_parallel`, DeepSpeed’s',
    '`MoE.__init__`, SGLang’s server arguments, TensorRT-LLM’s `Mapping`). vLLM alone allows EP not to divide the experts,',
    'so the expert check is skipped when the document names vLLM. Redundant expert slots (EPLB: `EP=144 with 32 redundant',
    'experts`) split E + R experts, so EP must divide E + R when they are stated. An uneven layer split is not reported: frameworks',
    'support it (see deployment-layers-per-stage). Reports carry no fix: which degree to change is a design choice.',
  ].join('\n'),
}

export default defineRule('divisibility', docs, check)
export { check }
