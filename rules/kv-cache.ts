/** deployment-kv-cache: KV cache per GPU from batch, sequence length, layers per stage, KV heads per GPU and precision (±5%). */
import { lineOf } from '../src/lines.js'
import { check as arithmetic } from './arithmetic.js'
import { perGpuInputsKnown } from '../src/derive.js'
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'
import { checkAgainst, checkUnscoped, clausePrecisions, otherScope } from '../src/claims.js'
import type { Fact, KvForTokens } from '../src/facts.js'
import { knownModel, knownShape } from '../src/model/catalog.js'
import type { DeploymentModel, Precision } from '../src/model/types.js'
import type { Reading } from '../src/derive.js'
import { kvPerToken, kvPrecisionOf } from '../src/model/kv.js'
import { bytesPerParam } from '../src/model/precision.js'
import { TOL, kiloTokenReadings, matches, replacement, inUnit } from '../src/compare.js'
import { dec, type Dec } from '../src/num.js'
import { memo } from '../src/analysis.js'
import { registerCorrector } from '../src/corrections.js'

function check(a: Analysis): Finding[] {
  // The document names latent attention (MLA) but its latent rank was not read: the KV shape is not the heads'.
  // (Known models' own rows are checked against their published configs still.)
  if (a.resolved.model.shape?.kvLoraRank === undefined && a.x.clauses.some((c) => c.cues.has('latentKv'))) return memo(a, 'kv-cache', () => forTokens(a, true))
  return memo(a, 'kv-cache', () => [
    ...checkAgainst(a, 'memKv', {
      tol: TOL.memory,
      what: 'KV cache per GPU',
      // `KV cache, sliding layers`: a part of the cache.
      // `KV cache available: 59 GB`: the pool left for the cache, which no workload figure gives.
      skip: (f) => !f.perGpuContext || otherScope(f) || a.x.clauses[f.clause].cues.has('kvPart') || a.x.clauses[f.clause].cues.has('pool') || f.labelCues?.has('pool') === true,
    }),
    ...unscopedKv(a),
    ...perToken(a),
    ...forTokens(a),
  ])
}

/** `- **KV cache**: 2.68 GB` where nothing says per GPU: per GPU or the whole model's for the same tokens (src/claims.ts). */
function unscopedKv(a: Analysis): Finding[] {
  const kv = a.derived.kv
  const per = kvPerToken(a.resolved.model)
  if (!kv || !per || kv.slidingLayersOnGpu > 0) return []
  const whole = per.perLayerWhole.map((v) => ({ value: v * per.layers * kv.tokens, derivation: `the whole model: ${v.toLocaleString('en-US')} B per token per layer × ${per.layers} layers × ${kv.tokens.toLocaleString('en-US')} tokens` }))
  return checkUnscoped(a, 'memKv', 'KV cache', whole, (f) => a.x.clauses[f.clause].cues.has('kvPart'))
}

/**
 * `KV: 12,032 B per token per rank`, `2 × 1 × 128 × 2 B = 512 B per token per layer`: bytes per token, per layer or over
 * the GPU's layers. Stated per GPU (rank, device, card): the per-GPU readings only (KV heads ÷ TP, at least one; MLA not
 * divided); otherwise the whole model's too.
 */
function perToken(a: Analysis): Finding[] {
  const kv0 = kvPerToken(a.resolved.model)
  if (!kv0) return []
  // An unread TP or PP leaves the per-GPU readings unknown: only the whole model's are checked then.
  const kv = perGpuInputsKnown(a.resolved, false) ? kv0 : { ...kv0, perLayerGpu: [], layersOnGpu: [] }
  const show = (n: number): string => n.toLocaleString('en-US')
  const gpuLayer: Reading[] = kv.perLayerGpu.map((v) => ({ value: v, derivation: kv.derivationLayer, convention: 'per GPU' }))
  const wholeLayer: Reading[] = kv.perLayerWhole.map((v) => ({ value: v, derivation: `all KV heads: ${show(v)} B per token per layer`, convention: 'whole model' }))
  const gpuAll: Reading[] = []
  for (const v of kv.perLayerGpu) for (const n of kv.layersOnGpu) gpuAll.push({ value: v * n, derivation: kv.derivationGpu, convention: `${n} layers on a GPU` })
  const wholeAll: Reading[] = kv.perLayerWhole.map((v) => ({ value: v * kv.layers, derivation: `all KV heads × ${kv.layers} layers = ${show(v * kv.layers)} B per token`, convention: 'whole model' }))
  // `each KV head is stored twice: 188 KiB per token across the node`: the GPUs' copies summed over the TP group, KV
  // heads replicated when there are fewer than TP.
  const tpAll = a.resolved.inputs.get('tp')?.value
  // (Each layer lives on TP GPUs whatever PP is: per GPU per layer × layers × TP.)
  const groupAll: Reading[] = tpAll && tpAll > 1 ? kv0.perLayerGpu.map((v) => ({ value: v * kv.layers * tpAll, derivation: `${show(v)} B per token per layer on each GPU × ${kv.layers} layers × TP ${tpAll} GPUs (each GPU's copy counted) = ${show(v * kv.layers * tpAll)} B`, convention: `summed over TP ${tpAll}` })) : []
  // Only the claim's own words make it per GPU: in a per-GPU section, `KV per token for the whole model` is still the model's.
  const perGpu = (f: Fact): boolean => f.scopes.has('gpu')
  // `98,304 B/token in bf16` beside an fp8 plan: a value in a precision its own clause names is another setup's.
  const kvp = kvPrecisionOf(a.resolved.model.shape)
  const accepted = new Set(kvp ? [bytesPerParam(kvp.kvp), ...kvp.alt] : [])
  const otherPrecision = (f: Fact): boolean => [...clausePrecisions(a, f)].some((p) => !accepted.has(bytesPerParam(p as Precision)))
  // TP splits the KV heads but the per-GPU readings are unknown (PP or the GPUs unread): a figure its words do not call
  // the whole model's may be one GPU's share.
  const tp = a.resolved.inputs.get('tp')?.value
  const share = (f: Fact): boolean => kv.perLayerGpu.length === 0 && tp !== undefined && tp > 1 && !a.x.clauses[f.clause].cues.has('wholeModel')
  const skip = (f: Fact): boolean => f.approx || f.quoted || (kv.perLayerGpu.length === 0 && (perGpu(f) || f.perGpuContext)) || share(f) || otherPrecision(f)
  const out: Finding[] = [
    ...checkAgainst(a, 'kvPerTokenLayer', { tol: TOL.exact, what: 'KV cache per token per layer', readings: gpuLayer, skip: (f) => skip(f) || !perGpu(f) || f.value.gte(1e6) }),
    ...checkAgainst(a, 'kvPerTokenLayer', { tol: TOL.exact, what: 'KV cache per token per layer', readings: [...gpuLayer, ...wholeLayer], skip: (f) => skip(f) || perGpu(f) || f.value.gte(1e6) }),
  ]
  if (!kv.sliding) {
    // `per layer a token costs … = 2,048 bytes`: a clause that speaks of one layer may mean either.
    const layerWord = (f: Fact): boolean => a.x.clauses[f.clause].words.has('layer')
    for (const lw of [false, true]) {
      const extraGpu = lw ? gpuLayer : []
      const extraWhole = lw ? wholeLayer : []
      out.push(
        ...checkAgainst(a, 'kvPerToken', { tol: TOL.exact, what: 'KV cache per token', readings: [...gpuAll, ...extraGpu], skip: (f) => skip(f) || !perGpu(f) || layerWord(f) !== lw }),
        ...checkAgainst(a, 'kvPerToken', { tol: TOL.exact, what: 'KV cache per token', readings: [...gpuAll, ...wholeAll, ...extraGpu, ...extraWhole, ...groupAll], skip: (f) => skip(f) || perGpu(f) || layerWord(f) !== lw }),
      )
    }
  }
  // A per-token total that is the document's own per-layer figure × its layers follows that figure: report the root only.
  const layerFacts = (a.x.byQuantity.get('kvPerTokenLayer') ?? []).filter((f) => !f.quoted)
  const flaggedLayer = new Set(out.filter((m) => m.fact?.quantity === 'kvPerTokenLayer').map((m) => m.fact!.value.toNumber()))
  return out.filter((m) => {
    if (m.fact?.quantity !== 'kvPerToken') return true
    const v = m.fact.value.toNumber()
    return !layerFacts.some((l) => flaggedLayer.has(l.value.toNumber()) && kv.layersOnGpu.some((n) => Math.abs(l.value.toNumber() * n - v) <= 0.01 * v))
  })
}

/**
 * `At 128K tokens the KV cache takes 40 GiB`: the whole model's KV cache for a stated token count (× a stated batch)
 * is tokens × KV bytes per token over all layers and KV heads (MLA: the latent and the rope key), within 5% under the
 * GB or the GiB reading, `K` read as 1,000 or 1,024.
 */
function forTokens(a: Analysis, knownModelsOnly = false): Finding[] {
  const claims = knownModelsOnly ? a.x.kvForTokens.filter((c) => c.model !== undefined) : a.x.kvForTokens
  if (claims.length === 0) return []
  const docPer = wholePerToken(a)
  const byModel = new Map<string, WholeKv | undefined>()
  const perOf = (claim: KvForTokens): WholeKv | undefined => {
    // The paragraph's own figure per token (`… = 57,344 bytes per token.`): what its next size multiplies; a size that the
    // model's own reading gives instead still holds (the per-token figure may be the wrong one).
    // (Nor does a per-token figure its own calculation gets wrong: deployment-arithmetic's, one blame.)
    if (claim.perToken && claim.model === undefined && !(docPer && fitsKv(claim, docPer)) && !wrongResult(a, claim.perToken)) return { perLayer: claim.perToken.value, layers: 1, stated: claim.perToken }
    if (claim.model === undefined) return docPer
    const key = `${claim.model} ${claim.precision ?? ''}`
    if (!byModel.has(key)) byModel.set(key, catalogPerToken(a, claim.model, claim.precision))
    return byModel.get(key)
  }
  // `8K` read as 8,000 or 8,192: the reading the document's right values use (first the same column's) gives the fix.
  const fits = claims.map((claim) => {
    const kv = perOf(claim)
    return kv ? closestFit(claim, tokenReadings(claim).map((t) => bytesFor(kv, t, claim))) : -1
  })
  // The reading each right claim with a `K` (two readings) used.
  const kReading = claims.map((c, i) => (fits[i] >= 0 && tokenReadings(c).length > 1 ? fits[i] : undefined))
  const usedFor = (text?: string): number | undefined => {
    const used = new Set(claims.flatMap((c, i) => (kReading[i] !== undefined && (text === undefined || c.tokens?.text === text) ? [kReading[i]!] : [])))
    return used.size === 1 ? [...used][0] : undefined
  }
  const out: Finding[] = []
  claims.forEach((claim, i) => {
    const kv = perOf(claim)
    if (!kv || fits[i] >= 0) return
    // KV precision defaulted (FP8 weights: an FP8 or a BF16 cache): a size that fits the other reading holds.
    const others = (kv.alt ?? []).map((perLayer) => ({ ...kv, perLayer, alt: undefined }))
    if (others.some((o) => closestFit(claim, tokenReadings(claim).map((t) => bytesFor(o, t, claim))) >= 0)) return
    out.push(forTokensClaim(a, claim, kv, usedFor(claim.tokens?.text) ?? usedFor() ?? 0, others.length === 0))
  })
  return out
}

function wrongResult(a: Analysis, f: Fact): boolean {
  return f.expr !== undefined && arithmetic(a).some((m) => m.place.start === f.place.start)
}

function fitsKv(claim: KvForTokens, kv: WholeKv): boolean {
  return [kv.perLayer, ...(kv.alt ?? [])].some((perLayer) => closestFit(claim, tokenReadings(claim).map((t) => bytesFor({ ...kv, perLayer }, t, claim))) >= 0)
}

/** The reading whose bytes are nearest the stated size, among those it matches; -1 when it matches none. */
function closestFit(claim: KvForTokens, readings: Dec[]): number {
  let best = -1
  let gap: Dec | undefined
  readings.forEach((r, i) => {
    if (!matches(claim.size, r, TOL.memory)) return
    const d = claim.size.value.minus(r).abs()
    if (gap === undefined || d.lt(gap)) [best, gap] = [i, d]
  })
  return best
}

function bytesFor(kv: WholeKv, tokens: Dec, claim: KvForTokens): Dec {
  return kv.perLayer.times(kv.layers).times(tokens).times(claim.batch ? claim.batch.value : 1)
}

/** The whole model's KV bytes per token (all layers, all KV heads) and its per-layer part, when one reading is left. */
interface WholeKv {
  perLayer: Dec
  /** Other per-layer readings when the KV precision is a default (the weight precision's, or BF16). */
  alt?: Dec[]
  layers: number
  of?: string
  /** The document's own KV bytes per token, stated before the size. */
  stated?: Fact
}

function wholeOf(model: DeploymentModel, of?: string): WholeKv | undefined {
  const kv = kvPerToken(model)
  // Readings of the bytes per token: one for a KV precision that is stated (or the config's), two for a default.
  if (!kv || kv.sliding || kv.perLayerWhole.length === 0) return undefined
  const [first, ...rest] = kv.perLayerWhole
  return { perLayer: dec(first), ...(rest.length > 0 ? { alt: rest.map((v) => dec(v)) } : {}), layers: kv.layers, of }
}

function wholePerToken(a: Analysis): WholeKv | undefined {
  // The whole model's KV needs its shape read, not defaulted: a config, a known model, or layers, KV heads and head size stated.
  const shape = a.resolved.model.shape
  const input = (q: string): boolean => a.resolved.inputs.has(q as never)
  const shaped = a.options.model !== undefined || a.named !== undefined || shape.kvLoraRank !== undefined || (input('layers') && input('kvHeads') && input('headDim'))
  return shaped ? wholeOf(a.resolved.model) : undefined
}

/** A known model's KV per token from its published config, in the precision its column names, else the document's KV precision. */
function catalogPerToken(a: Analysis, id: string, precision: Precision | undefined): WholeKv | undefined {
  const m = knownModel(id)
  if (!m) return undefined
  const shape = knownShape(id)!
  const kvp = precision ?? (a.resolved.inputs.has('kvPrecision' as never) ? a.resolved.model.shape.kvPrecision : undefined)
  if (kvp) shape.kvPrecision = kvp
  return wholeOf({ shape, plan: {}, hardware: {}, workload: {} }, m.aliases[0])
}

/** The token counts a claim may mean (`8K`: 8,000 or 8,192), one for a size per token. */
function tokenReadings(claim: KvForTokens): Dec[] {
  return claim.tokens ? kiloTokenReadings(claim.tokens) : [dec(1)]
}

function forTokensClaim(a: Analysis, claim: KvForTokens, kv: WholeKv, reading: number, sure = true): Finding {
  const { size, tokens, batch } = claim
  const per = kv.perLayer.times(kv.layers)
  const grouped = (d: Dec): string => d.toNumber().toLocaleString('en-US')
  const ts = tokenReadings(claim)
  const correct = bytesFor(kv, ts[Math.min(reading, ts.length - 1)], claim)
  const tokensText = tokens ? `${tokens.text} tokens` : 'one token'
  const count = batch ? `${batch.text} × ${tokensText}` : tokensText
  // With the KV precision a default, which reading is meant is not known: the message, not a fix.
  if (!sure) {
    return {
      place: size.place,
      reason: `Unexpected KV cache \`${size.text}\` for ${count}: ${count} × ${grouped(per)} B per token (KV precision not stated; the other precision's reading does not fit either)`,
      note: `KV per token for the whole model (all KV heads): ${grouped(kv.perLayer)} B per layer × ${kv.layers} layers = ${grouped(per)} B; × ${count} = ${inUnit(size, correct)}; no reading of the KV precision gives ${size.text}`,
      fact: size,
    }
  }
  const expected = replacement(size, correct, a.x.source)
  if (kv.stated) {
    const line = lineOf(a.x.source, kv.stated.place.start)
    return {
      place: size.place,
      reason: `Unexpected KV cache \`${size.text}\` for ${count}, expected \`${expected}\`: ${count} × ${grouped(per)} B per token (line ${line})`,
      expected,
      note: `line ${line} states ${kv.stated.text} of KV per token; × ${count} = ${inUnit(size, correct)}, not ${size.text}`,
      fact: size,
      correct,
    }
  }
  const whose = kv.of ? `, ${kv.of}'s published config` : ''
  return {
    place: size.place,
    reason: `Unexpected KV cache \`${size.text}\` for ${count}${kv.of ? ` of ${kv.of}` : ''}, expected \`${expected}\`: ${count} × ${grouped(per)} B per token`,
    expected,
    note: `KV per token for the whole model (all KV heads)${whose}: ${grouped(kv.perLayer)} B per layer × ${kv.layers} layers = ${grouped(per)} B; × ${count} = ${inUnit(size, correct)}, not ${size.text}`,
    fact: size,
    correct,
  }
}

registerCorrector(check)

export const docs = {
  summary: 'KV cache per GPU must follow from batch × sequence length × layers per stage × bytes per token per layer.',
  description: [
    'GQA/MHA: 2 × max(1, KV heads ÷ TP) × head dim × bytes per element per token per layer (engines replicate KV heads',
    'when there are fewer than TP). MLA (DeepSeek): (kv_lora_rank + rope dim) × bytes, not divided by TP. Sliding-window',
    'layers hold at most the window. The KV precision defaults to the weight precision. Matches within 5% under either',
    'the GB or the GiB reading; only values stated per GPU are checked.',
    'KV bytes per token are checked too: per layer (`Per layer per rank: … = 512 B`) or summed over the GPU’s layers',
    '(`24,064 B per token per rank`), exactly. A value stated per GPU (rank, card, device) must match the per-GPU reading;',
    'otherwise the whole model’s (all KV heads, all layers) is accepted as well. A per-token total that is the document’s',
    'own wrong per-layer figure times its layers is not reported again.',
    'A size for a token count after the paragraph’s own KV bytes per token (`… = 57,344 bytes (56 KiB) per token. A',
    '32,768-token sequence therefore needs 3.5 GiB of cache`) must be that figure times the tokens, unless the model’s',
    'reading gives it or deployment-arithmetic finds the per-token figure’s own calculation wrong (one blame).',
    'A whole model’s KV cache stated for a token count (`At 128K tokens the KV cache takes 40 GiB`, `a 32K-token sequence',
    'needs 10 GiB of KV cache`, `for a batch of 8 sequences of 8K tokens the KV cache is 20 GiB`) must be tokens (× batch) ×',
    'the KV bytes per token over all layers and KV heads, within 5% under the GB or the GiB reading (`K` tokens read as',
    '1,000 or 1,024); only a clause with no other number, scope or condition is read, only when the model’s shape is',
    'known (a config, a known model, or layers, KV heads and head size stated), and models with sliding-window layers are',
    'left out. When the KV precision is not stated (a default: the weights’ precision or BF16), a size is reported only',
    'when it fits no reading, and without a fix.',
    'A table of known models by context length (`| Model | 8K | 32K |` or `| Model | Context | KV cache (GiB) |`, KV named in',
    'a header or the section title) is read row by row: each size is checked against the published config of the one',
    'catalog model its row names, in the precision its column names or the document’s KV precision; the fix takes the',
    '`K` reading (1,000 or 1,024) that the table’s right cells use. Tables with a batch, GPU, layer or parallel-degree',
    'column are left out. A column of KV bytes per token (`| Model | … | Layers | KV/token, BF16 |`) in a table of model facts',
    'is read the same way for one token, whatever its other columns name, unless a column names GPUs or a parallel degree.',
    'A size of a known model’s own row is checked even where the document names latent attention without its rank.',
    'A KV cache size that nothing says is per GPU (`- **KV cache**: 2.68 GB`) is checked against the per-GPU reading and the whole',
    "model's for the same tokens, and reported without a fix only when it fits neither.",
  ].join('\n'),
}

export default defineRule('kv-cache', docs, check)
export { check }
