/** Attributes named by single words: precision, GPU type, sharding, tied embeddings, framework, flags, the grid formula. */
import type { Ctx } from '../context.js'
import { ATTENTION_DP_FIRST, ATTENTION_DP_WORDS, ATTR_WORD, GPU_TOTAL_WORDS, shardingWord } from '../lexicon/words.js'
import { cuesOf, type Cue } from '../lexicon/cues.js'
import type { Fact } from '../facts.js'
import { findGpu } from '../model/gpus.js'
import { parsePrecision } from '../model/precision.js'
import { DEGREE_ABBR } from '../lexicon/phrases.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'

export function attributesOf(t: Token & { kind: 'word' }, tokens: Token[], i: number, seg: Segment, quoted: boolean, ctx: Ctx): void {
  const place = { start: seg.start + t.start, end: seg.start + t.end }
  // `ZeRO-3`, `--use-distributed-optimizer`, `distributed optimizer` (lexicon/words.ts shardingWord).
  const sharding = shardingWord(t.text, tokens[i + 1]?.kind === 'word' ? (tokens[i + 1] as { lower: string }).lower : undefined, tokens[i - 1]?.kind === 'word' ? (tokens[i - 1] as { lower: string }).lower : undefined)
  if (sharding) ctx.attributes.push({ attr: sharding.attr, value: sharding.value, place, seg, quoted })
  if (ATTR_WORD.test(t.text) || /^torch\.(bfloat16|float16|float32)$/i.test(t.text)) {
    const p = parsePrecision(t.text)
    if (p) {
      // `KV cache in FP8` vs weights.
      // `KV cache in FP8`, `FP8 KV cache`, `kv_cache_dtype: fp8` — not `8 KV heads, BF16`.
      let kv = false
      for (let k = Math.max(0, i - 4); k < i; k++) {
        const w = tokens[k]
        if (w.kind === 'word' && (w.lower === 'cache' || w.lower === 'kv_cache_dtype' || w.lower === 'kv-cache-dtype' || w.lower === '--kv-cache-dtype' || w.lower === 'kv-cache' || w.lower === 'kvcache')) kv = true
        if (w.kind === 'punct' && /^[,;(]$/.test(w.text)) kv = false
      }
      const n1 = tokens[i + 1]
      const n2 = tokens[i + 2]
      if (n1?.kind === 'word' && (n1.lower === 'cache' || n1.lower === 'kv-cache')) kv = true
      if (n2?.kind === 'word' && n1?.kind === 'word' && n1.lower === 'kv' && n2.lower === 'cache') kv = true
      // `400 TFLOPS BF16` names a compute format, not the weights.
      const prev = tokens[i - 1]
      const flops = prev?.kind === 'num' && prev.unit?.dim === 'flopRate'
      // `embedding and LM head … stay in BF16`: the format of another part, not of the weights.
      let other = false
      const otherWord = (w: Token): boolean => w.kind === 'word' && /^(embedding|embeddings|head|norm|norms|router|activation|activations|accumulation|accumulate|compute|math|optimizer|gradients?|master|lm)$/.test(w.lower)
      const stop = (w: Token): boolean => (w.kind === 'punct' && /^[,;.:|]$/.test(w.text)) || (w.kind === 'op' && (w.op === '(' || w.op === ')'))
      // `Embedding + LM head (BF16, …)`: a parenthesized format annotates the words before it.
      const back0 = tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '(' ? i - 2 : i - 1
      for (let k = back0; k >= Math.max(0, i - 8) && !stop(tokens[k]); k--) if (otherWord(tokens[k])) other = true
      for (let k = i + 1; k < Math.min(tokens.length, i + 4) && !stop(tokens[k]); k++) if (otherWord(tokens[k])) other = true
      // `--cache-type-k q8_0`: a GGUF block format carries a scale per block (8.5 bits for q8_0), no plain integer
      // width for the KV cache; it names a precision for its clause only.
      if (kv && /^q\d/i.test(t.text)) kv = false
      if (!flops && (kv || !other)) ctx.attributes.push({ attr: kv ? 'kvPrecision' : 'precision', value: p, place, seg, quoted })
    }
  }
  const gpu = /\d/.test(t.text) && /^[A-Za-z]/.test(t.text) ? findGpu(t.text) : undefined
  if (gpu) ctx.attributes.push({ attr: 'gpuType', value: gpu.id, place, seg, quoted })
  if (t.lower === 'untied') ctx.attributes.push({ attr: 'untied', value: 'true', place, seg, quoted })
  if (t.lower === 'tied' || t.lower === 'tie_word_embeddings') {
    const prev = tokens[i - 1]
    const neg = prev?.kind === 'word' && (prev.lower === 'not' || prev.lower === 'un')
    const next = tokens[i + 2]
    // `tied=False`, `tied: true` (a config's key and its value) as `tie_word_embeddings`.
    const keyed = next?.kind === 'word' && /^(true|false)$/.test(next.lower) && ['=', ':'].includes((tokens[i + 1] as { text?: string } | undefined)?.text ?? '')
    if (t.lower === 'tie_word_embeddings' || keyed) {
      if (next?.kind === 'word') ctx.attributes.push({ attr: next.lower === 'true' ? 'tied' : 'untied', value: 'true', place, seg, quoted })
    } else ctx.attributes.push({ attr: neg ? 'untied' : 'tied', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'moe' && i >= 1) {
    const prev = tokens[i - 1]
    if (prev?.kind === 'word' && prev.lower === 'all') ctx.attributes.push({ attr: 'allMoe', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'folded' || t.lower === 'folding') ctx.attributes.push({ attr: 'epFolded', value: 'true', place, seg, quoted })
  if (t.lower === 'enable-dp-attention' || t.lower === 'enable_attention_dp' || t.lower === 'enable-attention-dp') ctx.attributes.push({ attr: 'attentionDp', value: 'true', place, seg, quoted })
  if (t.lower === 'enable-expert-parallel' || t.lower === 'enable_expert_parallel') ctx.attributes.push({ attr: 'expertParallelFlag', value: 'true', place, seg, quoted })
  // `vLLM TP2 + EP`, `with EP`, `EP on`: expert parallelism switched on without a size.
  if (t.text === 'EP') {
    const p = tokens[i - 1]
    const n = tokens[i + 1]
    const sized = n?.kind === 'num' || (n?.kind === 'op' && n.op === '=') || (n?.kind === 'punct' && n.text === ':')
    const on = (p?.kind === 'op' && p.op === '+') || (n?.kind === 'word' && /^(on|enabled)$/.test(n.lower))
    if (on && !sized) ctx.attributes.push({ attr: 'expertParallelFlag', value: 'true', place, seg, quoted })
  }
  // `TP4 + expert parallel`, `TP8 + expert parallelism`: the same, in words.
  if (t.lower === 'expert' && tokens[i - 1]?.kind === 'op' && (tokens[i - 1] as { op: string }).op === '+') {
    const n = tokens[i + 1]
    if (n?.kind === 'word' && (n.lower === 'parallel' || n.lower === 'parallelism') && tokens[i + 2]?.kind !== 'num') ctx.attributes.push({ attr: 'expertParallelFlag', value: 'true', place, seg, quoted })
  }
  if (t.lower === 'swiglu' || t.lower === 'geglu' || t.lower === 'gated') ctx.attributes.push({ attr: 'gated', value: 'true', place, seg, quoted })
  if (/^(vllm|sglang|megatron|tensorrt-llm|trt-llm|deepspeed)$/i.test(t.text)) ctx.attributes.push({ attr: 'framework', value: t.lower, place, seg, quoted })
  const formula = GPU_TOTAL_WORDS.has(t.lower) ? gpuFormulaAt(tokens, i) : undefined
  if (formula) ctx.attributes.push({ attr: 'gpuFormula', value: formula.value, place: { start: seg.start + t.start, end: seg.start + formula.end }, seg, quoted })
}

/**
 * `Total GPUs = TP × PP × CP × EP × DP`, `world_size = tp * pp * dp`: the document's own grid formula,
 * written in degree symbols only. Value: the degrees in written order, joined by `·`.
 */
function gpuFormulaAt(tokens: Token[], i: number): { value: string; end: number } | undefined {
  const eq = tokens[i + 1]
  if (eq?.kind !== 'op' || eq.op !== '=') return undefined
  const ids: string[] = []
  let j = i + 2
  let end = 0
  for (;;) {
    const s = tokens[j]
    const id = s?.kind === 'word' ? DEGREE_ABBR.get(s.lower) : undefined
    if (!id || ids.includes(id)) return undefined
    ids.push(id)
    end = s.end
    const op = tokens[j + 1]
    const times = (op?.kind === 'op' && op.op === '×') || (op?.kind === 'word' && op.lower === 'x') || (op?.kind === 'punct' && (op.text === '·' || op.text === '*'))
    if (!times) break
    j += 2
  }
  // A product of at least two degrees, not followed by more arithmetic (`= TP × PP / 2`).
  const after = tokens[j + 1]
  if (ids.length < 2 || (after?.kind === 'op' && /^[÷+\-^(]$/.test(after.op)) || after?.kind === 'num') return undefined
  return { value: ids.join('·'), end }
}

/**
 * `tp_size=16, dp_size=16 with DP-attention`: attention data parallelism named in prose sets the plan's mode only in a
 * clause that states the plan's TP and DP beside it (DP dividing TP) and considers nothing (no `would`, `option`, `vs`).
 */
export function proseAttentionDp(tokens: Token[], from: number, to: number, facts: readonly Fact[], cues: ReadonlySet<Cue>, seg: Segment, ctx: Ctx): void {
  if (cues.has('hypothetical') || cues.has('asideSetup')) return
  // SGLang's mode runs attention DP inside the TP group (DP divides TP); `attention DP 64, TP 1` is replicas of attention.
  const tp = facts.find((f) => f.quantity === 'tp' && !f.quoted)
  const dp = facts.find((f) => f.quantity === 'dp' && !f.quoted)
  if (!tp || !dp || dp.value.gt(tp.value) || !tp.value.mod(dp.value).isZero()) return
  for (let i = from; i < to; i++) {
    if (!attentionDpAt(tokens, i)) continue
    const t = tokens[i]
    ctx.attributes.push({ attr: 'attentionDp', value: 'true', place: { start: seg.start + t.start, end: seg.start + t.end }, seg, quoted: false })
    return
  }
}

/** `DP-attention`, `DP attention`, `attention DP`, `data-parallel attention` at token i, not after a negation. */
function attentionDpAt(tokens: Token[], i: number): boolean {
  const t = tokens[i]
  if (t.kind !== 'word') return false
  const next = tokens[i + 1]
  const nextWord = next?.kind === 'word' && next.start <= t.end + 1 ? next.lower : undefined
  const named = ATTENTION_DP_WORDS.has(t.lower) || (ATTENTION_DP_FIRST.has(t.lower) && nextWord === 'attention') || (t.lower === 'attention' && (nextWord === 'dp' || nextWord === 'data-parallel'))
  if (!named) return false
  const prev = tokens[i - 1]
  return !(prev?.kind === 'word' && cuesOf([prev.lower]).has('negation'))
}
