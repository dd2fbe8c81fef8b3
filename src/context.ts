/**
 * The extraction context: everything one document's extraction writes, passed
 * along to every stage. Per-document memos live here too, so no module holds
 * state between documents.
 */
import type { Fact, Extraction, Scope } from './facts.js'
import type { Section, Segment } from './text/segments.js'
import type { NumToken, Token } from './text/tokens.js'
import type { Unit } from './units.js'

export interface Ctx extends Pick<Extraction, 'source' | 'facts' | 'attributes' | 'expressions' | 'percents' | 'pairs' | 'requirements' | 'capacities' | 'clauses' | 'stageLists'> {
  byToken: Map<NumToken, Fact>
  /** Facts read inside one word (`EP8`, `tp4pp1`, `top-2`), by the word's token. */
  factsOfWord: Map<Token, Fact[]>
  tokensOf: Map<Segment, Token[]>
  factsOf: Map<Segment, Fact[]>
  /** The paragraph ending in `:` that leads into each list item's list (`Per GPU, ignoring routers and norms:`). */
  leads: Map<Segment, string>
  /** The subject of the last number that had one (`Each GPU holds 4 experts …, and 16 heads`), per clause index. */
  lastSubject: { clause: number; scopes: Scope[] } | undefined
  /** A KV capacity whose count of sequences may follow in the next paragraph, with the sequence length read so far. */
  pendingCapacity?: { claim: Fact; length?: Fact; section: Section | undefined }
  /** Word scans of the clause being read (`clauseMentions`), one memo per clause. */
  mentionMemo: { tokens: Token[]; from: number; to: number; cache: Map<RegExp, boolean> } | undefined
  /** Normalized words of a table header with its label (`headerWords`). */
  headerWordCache: WeakMap<string[], Map<string, readonly string[]>>
  /** Index of each token in its segment's token list (`tokenIndex`). */
  tokenIndexes: WeakMap<Token[], Map<Token, number>>
  /** Units of a table's columns (`headerUnit`). */
  headerUnits: WeakMap<string[], Array<Unit | undefined>>
  /** Whether a table header lists one configuration per row (`gridHeader`). */
  gridCache: WeakMap<string[], boolean>
}
