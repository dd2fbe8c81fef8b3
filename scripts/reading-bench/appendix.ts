// Claims of issue 13 appended to a plan (its own random stream, so the rest
// of the plan and its planted errors stay what they were): a whole model's
// weights for its parameter count, its KV cache for a token count, a serving
// rate, and a table whose columns follow from each other. Unlike the rest of
// the generator, this file was written knowing the linter's parsers.
import {format, GB, GIB} from './derive.js'
import type {Ctx} from './context.js'
import type {Rng} from './random.js'
import type {AppendixKind, Line, Slot, Tolerance} from './types.js'

function claim(kind: AppendixKind, text: string, value: number, unit: string, tolerance: Tolerance, phrasing: string): Slot {
  return {role: 'claim', kind, text, value, unit, tolerance, phrasing, alternatives: [], plantable: true, config: 0}
}

/** Under a `Staging` heading (another setup): `The staging box serves a dense draft model: its 7B parameters in BF16 take 14.0 GB.` */
function weights(rng: Rng, ctx: Ctx): Line[] {
  const billions = rng.pick([0.5, 1.5, 3, 7, 8, 13])
  const gb = billions * ctx.c.precision.bytes
  const slot = claim('weights-count', format(gb, 1), gb, 'GB', 'memory', 'its {N}B parameters in {PREC} take {v} GB')
  return [['## Staging'], [''], [`The staging box serves a dense draft model: its ${billions}B parameters in ${ctx.c.precision.name} take `, slot, ' GB.']]
}

/** KV bytes per token of the whole model (all layers and KV heads). */
function kvPerToken(ctx: Ctx): number {
  const m = ctx.c.model
  return 2 * m.kvHeads * m.headDim * m.layers * ctx.c.precision.bytes
}

/** `At 32,768 tokens, the KV cache of one sequence takes 4.3 GB.` */
function kvTokens(rng: Rng, ctx: Ctx): Line {
  const tokens = rng.pick([8192, 16384, 32768, 65536, 131072])
  const gb = (kvPerToken(ctx) * tokens) / GB
  const text = format(gb, gb >= 100 ? 0 : gb >= 10 ? 1 : 2)
  const slot = claim('kv-tokens', text, gb, 'GB', 'memory', 'At {T} tokens, the KV cache of one sequence takes {v} GB')
  return [`At ${format(tokens, 0, true)} tokens, the KV cache of one sequence takes `, slot, ' GB.']
}

/** `In the serving benchmark at 4.2 req/s with 256 output tokens per request, the output throughput is 1,075.2 tok/s.` */
function rate(rng: Rng): Line {
  const tenths = rng.int(5, 120)
  const perRequest = rng.pick([128, 256, 512, 1024])
  const value = (tenths * perRequest) / 10
  const text = format(value, Number.isInteger(value) ? 0 : 1, true)
  const slot = claim('rate-tokens', text, value, 'tok/s', 'ratio', 'at {R} req/s with {N} output tokens per request, the output throughput is {v} tok/s')
  return [`In the serving benchmark at ${format(tenths / 10, 1)} req/s with ${perRequest} output tokens per request, the output throughput is `, slot, ' tok/s.']
}

/** A table of KV cache per sequence at five context lengths, in GB and GiB. */
function kvTable(ctx: Ctx): Line[] {
  const per = kvPerToken(ctx)
  const lines: Line[] = [['| Context (tokens) | KV cache per sequence (GB) | KV cache per sequence (GiB) |'], ['|---:|---:|---:|']]
  for (const tokens of [4096, 8192, 16384, 32768, 65536]) {
    const bytes = per * tokens
    const gb = bytes / GB
    const gib = bytes / GIB
    const gbSlot = claim('table-relation', format(gb, 3), gb, 'GB', 'ratio', 'table: KV per sequence (GB)')
    const gibSlot = claim('table-relation', format(gib, 3), gib, 'GiB', 'ratio', 'table: KV per sequence (GiB)')
    lines.push([`| ${format(tokens, 0, true)} | `, gbSlot, ' | ', gibSlot, ' |'])
  }
  return lines
}

/**
 * `After weights and overhead, 31.4 GB per GPU is left for the KV cache. At 20,480 bytes a token that holds about
 * 1.53 million tokens.` (session 4, from the blind rounds' capacity sentences; written knowing the parser).
 */
function kvCapacity(rng: Rng, ctx: Ctx): Line {
  const perToken = ctx.d.kvBytesPerTokenGpu
  const pool = rng.int(100, 600) / 10
  const tokens = Math.floor((pool * GB) / perToken)
  const millions = tokens >= 1e6
  const text = millions ? format(tokens / 1e6, 2) : format(Math.round(tokens / 1000), 0)
  const unit = millions ? ' million tokens' : 'K tokens'
  const slot = claim('kv-capacity', text, millions ? tokens / 1e6 : tokens / 1000, unit.trim(), 'memory', 'At {B} bytes a token that holds about {v} tokens')
  const lead = rng.pick(['After weights and overhead, ', 'On each GPU, ', 'With the weights loaded, '])
  return [`${lead}${format(pool, 1)} GB per GPU is left for the KV cache. At ${format(perToken, 0, true)} bytes a token that holds about `, slot, `${unit}.`]
}

/**
 * Costs and changes from the blind rounds 19–22 (written knowing the parsers): `The reserved rate is $39.84 per hour for
 * the pool, i.e. $29,083.20 per month (730 hours).`, `At $39.84 per hour, a replica producing 12.5M output tokens per
 * hour costs about $3.19 per million output tokens.`, `The monthly bill went from $22,000 to $41,000, a 86.4% increase.`
 */
export function costs(rng: Rng): Line[] {
  const hourly = rng.int(800, 9000) / 100
  const month = hourly * 730
  const out: Line[] = []
  const monthSlot = claim('cost-month', format(month, 2, true), month, '$', 'ratio', '${h} per hour, i.e. ${v} per month (730 hours)')
  out.push([`The reserved rate is $${format(hourly, 2)} per hour for the pool, i.e. $`, monthSlot, ' per month (730 hours).'])
  const millions = rng.int(20, 400) / 10
  const perMillion = hourly / millions
  const tokenSlot = claim('cost-token', format(perMillion, 2), perMillion, '$', 'ratio', 'At ${h} per hour, … {T}M output tokens per hour costs about ${v} per million output tokens')
  out.push([`At $${format(hourly, 2)} per hour, a replica producing ${format(millions, 1)}M output tokens per hour costs about $`, tokenSlot, ' per million output tokens.'])
  const from = rng.int(10, 60) * 1000
  const to = from + rng.int(2, 40) * 1000
  const change = ((to - from) / from) * 100
  const changeSlot = claim('change-percent', format(change, 1), change, '%', 'ratio', 'went from ${A} to ${B}, a {v}% increase')
  out.push([`The monthly bill went from $${format(from, 0, true)} to $${format(to, 0, true)}, a `, changeSlot, '% increase.'])
  return [out[rng.int(0, out.length - 1)]]
}

/** One or two of the four blocks, each after a blank line. */
export function appendix(rng: Rng, ctx: Ctx, single: boolean): Line[] {
  if (process.env.NO_APPENDIX) return []
  const blocks: Line[][] = []
  const staging = rng.chance(0.5)
  if (single && rng.chance(0.5)) blocks.push([kvTokens(rng, ctx)])
  if (rng.chance(0.5)) blocks.push([rate(rng)])
  if (single && rng.chance(0.4)) blocks.push([['The KV cache of one sequence grows with its context:'], [''], ...kvTable(ctx)])
  // Drawn after the others so their random stream is unchanged; placed before the staging block.
  const staged = staging ? weights(rng, ctx) : undefined
  if (single && rng.chance(0.4)) blocks.push([kvCapacity(rng, ctx)])
  // Last: its heading makes what follows another setup.
  if (staged) blocks.push(staged)
  const out: Line[] = []
  for (const block of blocks) out.push([''], ...block)
  return out
}
