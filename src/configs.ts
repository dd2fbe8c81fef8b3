/**
 * Configurations side by side: a document whose sibling sections each state
 * a parallel layout of their own (`## Plan 1: B200` with TP 4 × PP 2 × DP 8,
 * `## Plan 2: H200` with TP 4 × PP 4 × DP 4; `## Training` and `## Serving`)
 * describes several configurations. Each is resolved on its own: its own
 * facts plus those outside every configuration section (the model, the
 * shared hardware). A rule then checks each configuration's claims against
 * that configuration's model, and the claims outside them against the whole
 * document's, so that no claim is checked against another configuration's
 * inputs.
 */
import { memo, type Analysis } from './analysis.js'
import type { Attribute, Extraction, Fact } from './facts.js'
import type { QuantityId } from './lexicon/quantities.js'
import { optionTitle } from './lexicon/cues.js'
import { resolve } from './resolve.js'
import { derive } from './derive.js'
import type { Section } from './text/segments.js'

/** The quantities that make a section a configuration of its own. */
const LAYOUT: readonly QuantityId[] = ['tp', 'pp', 'dp', 'ep', 'gpus']
/** Attributes of a parallel layout, which an option section takes from itself only. */
const LAYOUT_ATTRIBUTES = new Set<Attribute['attr']>(['attentionDp', 'epFolded', 'expertParallelFlag', 'gpuFormula'])

export interface Run {
  analysis: Analysis
  /** The configuration's sections (and their subsections); undefined for the run over the whole document. */
  config?: Section
}

/** A stated layout value (not quoted, no example, bound or table row of several layouts). */
function layoutFact(f: Fact): boolean {
  return f.quantity !== undefined && LAYOUT.includes(f.quantity) && !f.quoted && !f.negated && !f.example && f.bound === undefined && !(f.grid && (f.seg.table?.rows ?? 0) >= 2)
}

function chain(s: Section | undefined): Section[] {
  const out: Section[] = []
  for (let c = s; c; c = c.parent) out.push(c)
  return out
}

/** The configuration sections, and whether each takes its layout only from itself (option sections). */
interface Configurations {
  sections: Set<Section>
  ownLayout: boolean
}

/** The sections that hold configurations of their own (outermost sibling level where layouts differ), or none. */
export function configSections(x: Extraction): Set<Section> {
  return configurations(x).sections
}

function configurations(x: Extraction): Configurations {
  // Layout values stated under each section (its own text and its subsections').
  const values = new Map<Section, Map<QuantityId, Set<string>>>()
  for (const f of x.facts) {
    if (!layoutFact(f)) continue
    for (const s of chain(f.seg.section)) {
      let m = values.get(s)
      if (!m) values.set(s, (m = new Map()))
      let v = m.get(f.quantity!)
      if (!v) m.set(f.quantity!, (v = new Set()))
      v.add(f.value.toString())
    }
  }
  // Siblings (same parent) that each state two layout quantities or more.
  const byParent = new Map<Section | undefined, Section[]>()
  for (const [s, m] of values) {
    if (m.size < 2 || s.quoted || s.otherSetup) continue
    const list = byParent.get(s.parent) ?? []
    list.push(s)
    byParent.set(s.parent, list)
  }
  let best: Section[] | undefined
  let bestDepth = Infinity
  for (const [parent, list] of byParent) {
    if (list.length < 2) continue
    // Each states one value per degree (a GPU count stated twice is a claim for the rules to check), and two of them
    // state different values of one quantity.
    if (list.some((s) => [...values.get(s)!].some(([q, v]) => q !== 'gpus' && v.size > 1))) continue
    const differ = LAYOUT.some((q) => new Set(list.flatMap((s) => { const v = values.get(s)!.get(q); return v && v.size === 1 ? [...v] : [] })).size > 1)
    if (!differ) continue
    const depth = chain(parent).length
    if (depth < bestDepth) {
      best = list
      bestDepth = depth
    }
  }
  if (!best) {
    const options = optionSections(x, values)
    if (options.size > 0) return { sections: options, ownLayout: true }
    const titled = layoutTitleSections(x)
    return titled.size > 0 ? { sections: titled, ownLayout: true } : { sections: modelSections(x), ownLayout: false }
  }
  // A sibling that states one layout value of its own (`### Option 3 — EP32`) is a configuration too: shared, its
  // value would conflict with the others'.
  const parent = best[0].parent
  const out = new Set(best)
  for (const [s, m] of values) {
    if (s.parent !== parent || out.has(s) || s.quoted || s.otherSetup) continue
    if ([...m].some(([q, v]) => q !== 'gpus' && v.size > 1)) continue
    out.add(s)
  }
  // (Sections titled as enumerated options take their layout from themselves, whichever way they were found.)
  return { sections: out, ownLayout: [...out].every((s) => optionTitle(s.title, s.parent?.title)) }
}

/**
 * `### Option A: full fine-tune`, `### Option B: LoRA … on 16 GPUs`: sibling sections titled as enumerated options, one of
 * which states a layout value, are configurations even with one value. Their
 * layout is their own: the chosen option restated elsewhere (`## Decision … TP 2 × PP 4 × DP 8`) is not shared with them.
 */
function optionSections(x: Extraction, values: Map<Section, Map<QuantityId, Set<string>>>): Set<Section> {
  const byParent = new Map<Section | undefined, Section[]>()
  const seen = new Set<Section>()
  for (const seg of x.segments) {
    const s = seg.section
    if (!s || seen.has(s) || s.quoted || !optionTitle(s.title, s.parent?.title)) continue
    seen.add(s)
    byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s])
  }
  for (const list of byParent.values()) {
    // Two options or more, one of which states a layout value: the rest of the document may restate only the chosen one.
    if (list.length >= 2 && list.some((s) => values.has(s))) return new Set(list)
  }
  return new Set()
}

/**
 * `## 2. Tensor parallelism (TP4)`, `## 3. Pipeline parallelism (PP4)`, `## 4. Expert parallelism (EP4)`: sibling
 * sections whose titles each state a layout of their own (a degree and its value), different ones, walk through
 * alternatives: each is a configuration that takes its layout from itself.
 */
function layoutTitleSections(x: Extraction): Set<Section> {
  const titled = new Map<Section, string>()
  for (const f of x.facts) {
    if (f.seg.kind !== 'heading' || !f.seg.section || !layoutFact(f) || f.quantity === 'gpus') continue
    const s = f.seg.section
    titled.set(s, `${titled.get(s) ?? ''} ${f.quantity}=${f.value.toString()}`)
  }
  const byParent = new Map<Section | undefined, Section[]>()
  for (const s of titled.keys()) if (!s.quoted) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s])
  for (const list of byParent.values()) {
    if (list.length >= 2 && new Set(list.map((s) => titled.get(s))).size === list.length) return new Set(list)
  }
  return new Set()
}

/**
 * `### gpt-oss-120b` … `### gpt-oss-20b`: sibling sections whose titles each name one known model, different ones,
 * describe one model each: each is a configuration of its own.
 */
function modelSections(x: Extraction): Set<Section> {
  const named = new Map<Section, Set<string>>()
  for (const t of x.attributes) {
    if (t.attr !== 'modelName' || t.quoted || t.seg.kind !== 'heading' || !t.seg.section) continue
    named.set(t.seg.section, (named.get(t.seg.section) ?? new Set()).add(String(t.value)))
  }
  const byParent = new Map<Section | undefined, Section[]>()
  for (const [s, models] of named) if (models.size === 1) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s])
  for (const list of byParent.values()) {
    if (list.length >= 2 && new Set(list.map((s) => [...named.get(s)!][0])).size === list.length) return new Set(list)
  }
  return new Set()
}

/** The configurations of an analysis's document, computed once. */
function configurationsOf(a: Analysis): Configurations {
  return memo(a, 'config-sections', () => configurations(a.x))
}

/** The configuration sections of an analysis's document, computed once. */
export function configSectionsOf(a: Analysis): Set<Section> {
  return configurationsOf(a).sections
}

/** The configuration section a segment's section belongs to, if any. */
export function configOf(s: Section | undefined, configs: Set<Section>): Section | undefined {
  for (let c = s; c; c = c.parent) if (configs.has(c)) return c
  return undefined
}

/** The runs a rule checks: one per configuration and one for the rest; just the whole document when it has one. */
export function runsOf(a: Analysis): Run[] {
  const hit = a.memo.get('runs') as Run[] | undefined
  if (hit) return hit
  // (Option sections take no layout value from outside them: the chosen option restated elsewhere is not theirs.)
  const { sections: configs, ownLayout: own } = configurationsOf(a)
  const runs: Run[] = [{ analysis: a }]
  for (const config of configs) {
    const keep = (s: Section | undefined): boolean => {
      const c = configOf(s, configs)
      return c === undefined || c === config
    }
    const facts = a.x.facts.filter((f) => keep(f.seg.section) && !(own && f.quantity !== undefined && LAYOUT.includes(f.quantity) && configOf(f.seg.section, configs) === undefined))
    // (Nor a layout attribute: `DP attention` of the chosen option restated in the decision is not every option's.)
    const attributes = a.x.attributes.filter((t: Attribute) => keep(t.seg.section) && !(own && LAYOUT_ATTRIBUTES.has(t.attr) && configOf(t.seg.section, configs) === undefined))
    // The configuration's model comes from its own facts and the shared ones; its rules still see every claim, so
    // that a claim of another configuration's section can be tried against this configuration too.
    const x: Extraction = { ...a.x, facts, attributes }
    const resolved = resolve(x, { model: a.options.model }, a.resolved.configShape)
    runs.push({ analysis: { ...a, resolved, derived: derive(resolved), memo: new Map() }, config })
  }
  a.memo.set('runs', runs)
  return runs
}

/** Whether a run reports a finding at this segment's section: each configuration its own, the whole-document run the rest. */
export function owns(run: Run, section: Section | undefined, configs: Set<Section>): boolean {
  return configOf(section, configs) === run.config
}
