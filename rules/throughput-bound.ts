/**
 * deployment-throughput-bound: a stated throughput above what the hardware
 * can deliver at 100% of its peak (memory bandwidth for decode, compute for
 * prefill) is impossible.
 */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import type { Fact } from '../src/facts.js'
import { throughputCheck, type ThroughputClaim, type ThroughputOptions } from '../src/model/throughput.js'
import type { Cue } from '../src/lexicon/cues.js'

function scopeOf(f: Fact, cues: Set<Cue>): ThroughputClaim['scope'] | undefined {
  if (f.scopes.has('gpu')) return 'gpu'
  if (f.scopes.has('node')) return 'node'
  if (f.scopes.has('sequence')) return 'user'
  if (f.scopes.size > 0) return undefined
  return cues.has('clusterRate') ? 'cluster' : undefined
}

function kindOf(cues: Set<Cue>): ThroughputClaim['kind'] | undefined {
  const decode = cues.has('outputRate')
  const prefill = cues.has('inputRate')
  if (decode === prefill) return undefined
  return decode ? 'decode' : 'prefill'
}

export function hardwareOptions(a: Analysis): { peakTflops?: number; hbmTBps?: number } {
  const peak = a.resolved.inputs.get('peakFlops' as never) as { value: number } | undefined
  const out: { peakTflops?: number; hbmTBps?: number } = {}
  const peakFacts = a.x.facts.filter((f) => f.quantity === 'peakFlops' && !f.quoted && f.unit?.dim === 'flopRate')
  const peaks = new Set(peakFacts.map((f) => f.value.toString()))
  if (peaks.size === 1) out.peakTflops = peakFacts[0].value.toNumber() / 1e12
  const bwFacts = a.x.facts.filter((f) => f.quantity === 'hbmBandwidth' && !f.quoted && f.unit?.dim === 'byteRate')
  const bws = new Set(bwFacts.map((f) => f.value.toString()))
  if (bws.size === 1) out.hbmTBps = bwFacts[0].value.toNumber() / 1e12
  void peak
  return out
}

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  const hw = hardwareOptions(a)
  for (const f of a.x.facts) {
    if (f.quoted || f.example || f.bound !== undefined || f.inCode || f.unit?.dim !== 'tokenRate') continue
    const cues = a.x.clauses[f.clause].cues
    const scope = scopeOf(f, cues)
    const kind = kindOf(cues)
    if (!scope || !kind) continue
    // The claim at its most generous reading (rounding, `~`).
    const half = f.tok.lit.halfUnit.times(f.unit.factor)
    const low = f.value.minus(half).times(f.approx ? 0.95 : 1).toNumber()
    // (A bound the model cannot compute is no verdict.)
    const verdictAt = (opts: ThroughputOptions): ReturnType<typeof throughputCheck> => {
      try {
        return throughputCheck({ tokensPerSecond: low, scope, kind }, a.resolved.model, opts)
      } catch {
        return undefined
      }
    }
    const r = verdictAt(hw)
    if (!r || r.verdict !== 'impossible') continue
    // The batch may count one attention group's sequences or the deployment's (`3,000 sequences in flight`), and a
    // context may be the window (`128K context`) rather than what the sequences hold: a sequence's rate is also read
    // at one sequence per GPU and no cache, the most generous reading, and reported only when it is above that too.
    if (scope === 'user' && kind === 'decode' && verdictAt({ ...hw, batch: 1, contextLen: 0 })?.verdict !== 'impossible') continue
    out.push({
      place: f.place,
      reason: `Unexpected ${kind} throughput \`${f.text}\` per ${scope}: above what the hardware can deliver at 100% of its peak`,
      note: r.derivation,
    })
  }
  return out
}

export const docs = {
  summary: 'A stated decode or prefill throughput must be below what the stated hardware can deliver at 100% of its peak.',
  description: [
    'Decode: every step reads the GPU’s resident weights, the experts the step’s tokens touch (uniform routing) and the KV',
    'cache of the batch, so tokens/s ≤ batch ÷ (bytes read ÷ HBM bandwidth), and also ≤ peak FLOP/s ÷ (2 × active parameters).',
    'Prefill: tokens/s ≤ GPUs × peak ÷ (2 × active parameters + attention FLOPs per token).',
    'The claim is compared at its own scope (per GPU, per node, per user, or the cluster) and only when the document says',
    'which, and whether it counts decode (output) or prefill (input) tokens. Peaks come from the document (`400 TFLOPS`,',
    '`3.35 TB/s`) or the GPU it names. Only claims above the 100% bound are reported; the note gives the bound and its',
    'derivation, and the plausible bound (MBU 0.9, MFU 0.6).',
  ].join('\n'),
}

export default defineRule('throughput-bound', docs, check)
export { check }
