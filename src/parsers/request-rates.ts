/**
 * `At 4.2 req/s with 256 output tokens per request, the output throughput is
 * 1,075 tok/s`: a request rate, a token count per request and a token rate of
 * the same kind (output or input) in one paragraph or list item, each stated
 * once. Read as a claim: token rate = request rate × tokens per request. A
 * paragraph that names an offered load (`--request-rate`, `Poisson`, `up
 * to`), or has a second rate or count of either kind, is not read.
 */
import type { Fact, RequestRateClaim } from '../facts.js'
import { OUTPUT_TOKEN_WORDS, INPUT_TOKEN_WORDS, REQUEST_WORDS, OFFERED_WORDS } from '../lexicon/weights.js'
import type { Segment } from '../text/segments.js'
import type { Token } from '../text/tokens.js'

type Kind = 'input' | 'output'

function kindOfWord(w: string | undefined): Kind | undefined {
  if (!w) return undefined
  if (OUTPUT_TOKEN_WORDS.has(w)) return 'output'
  if (INPUT_TOKEN_WORDS.has(w)) return 'input'
  return undefined
}

function isTokenWord(w: string | undefined): boolean {
  return w === 'token' || w === 'tokens'
}

function lower(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.lower : undefined
}

/** The kind named right before a number (up to three words, not across another number) or right after it. */
function kindNear(tokens: Token[], i: number, after: number): Kind | undefined {
  const kinds = new Set<Kind>()
  for (let k = i - 1; k >= Math.max(0, i - 3) && tokens[k].kind === 'word'; k--) {
    const c = kindOfWord(lower(tokens[k]))
    if (c) kinds.add(c)
  }
  for (let k = i + 1; k <= Math.min(tokens.length - 1, i + after) && tokens[k].kind === 'word'; k++) {
    const c = kindOfWord(lower(tokens[k]))
    if (c) kinds.add(c)
  }
  return kinds.size === 1 ? [...kinds][0] : undefined
}

export function requestRatesOf(factsOf: Map<Segment, Fact[]>, tokensOf: Map<Segment, Token[]>): RequestRateClaim[] {
  const out: RequestRateClaim[] = []
  for (const [seg, facts] of factsOf) {
    if (seg.table || seg.kind === 'code' || seg.kind === 'frontmatter') continue
    const tokens = tokensOf.get(seg)
    if (!tokens) continue
    const rates = facts.filter((f) => f.unit?.dim === 'requestRate')
    if (rates.length !== 1) continue
    if (tokens.some((t) => OFFERED_WORDS.has(lower(t) ?? ''))) continue
    if (facts.some((f) => f.quoted || f.example || f.bound || f.alt || f.negated)) continue
    const index = (f: Fact): number => tokens.findIndex((t) => t.kind === 'num' && seg.start + t.start === f.place.start)
    // Token counts per request: `256 output tokens per request`, `each request generates 512 tokens`.
    const counts: Array<{ fact: Fact; kind: Kind }> = []
    const tokenRates: Array<{ fact: Fact; kind: Kind }> = []
    let unclear = false
    for (const f of facts) {
      const i = index(f)
      if (i < 0) continue
      if (f.unit?.dim === 'tokenRate') {
        const kind = kindOfWord(f.tok.qualifier) ?? kindNear(tokens, i, 0)
        if (kind) tokenRates.push({ fact: f, kind })
        else unclear = true
      } else if (!f.unit && (f.noun === 'token' || isTokenWord(lower(tokens[i + 2])) && kindOfWord(lower(tokens[i + 1])) !== undefined)) {
        const window = tokens.slice(i + 1, i + 6).map(lower)
        const before = tokens.slice(Math.max(0, i - 4), i).map(lower)
        const perRequest =
          window.some((w, k) => (w === 'per' || w === 'each' || w === 'a' || w === 'every') && REQUEST_WORDS.has(window[k + 1] ?? '')) ||
          before.some((w, k) => (w === 'each' || w === 'every' || w === 'per') && REQUEST_WORDS.has(before[k + 1] ?? ''))
        const kind = kindNear(tokens, i, 2) ?? (before.some((w) => w === 'generates' || w === 'generate' || w === 'produces') ? 'output' : undefined)
        if (perRequest && kind) counts.push({ fact: f, kind })
        else if (perRequest) unclear = true
      }
    }
    if (unclear || counts.length !== 1) continue
    const same = tokenRates.filter((r) => r.kind === counts[0].kind)
    if (same.length !== 1) continue
    out.push({ rate: rates[0], perRequest: counts[0].fact, tokenRate: same[0].fact, kind: counts[0].kind })
  }
  return out
}
