// Renderers, one per document style. Each takes one or two contexts and
// returns the document's lines.
import {claimBullets, claimSentences, claimTable, distractors, Doc, GRID_INPUTS, HARDWARE_INPUTS, inputBullets, inputSentences, inputTable, memoryLayout, MODEL_INPUTS, someClaims, WORKLOAD_INPUTS} from './blocks.js'
import {claimProse, fill, inputSlot, type Ctx} from './context.js'
import {INPUT_PHRASES, TITLES} from './phrases.js'
import type {InputKind, Line, Part, Style} from './types.js'

function title(doc: Doc, ctx: Ctx): void {
  doc.add(...fill(`# ${ctx.rng.pick(TITLES)}`, ctx.vars))
  doc.blank()
}

function modelLine(ctx: Ctx): Part[] {
  return [ctx.rng.pick(['Model: ', 'We deploy ', 'This plan serves ']), inputSlot(ctx, 'model', 'lead'), '.']
}

function tableStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  title(doc, ctx)
  doc.add(...modelLine(ctx))
  doc.heading(2, 'Model')
  inputTable(doc, ctx, MODEL_INPUTS(ctx))
  doc.heading(2, 'Hardware and workload')
  inputTable(doc, ctx, [...HARDWARE_INPUTS, ...WORKLOAD_INPUTS], ['Item', 'Value'])
  doc.heading(2, 'Parallelism')
  inputTable(doc, ctx, GRID_INPUTS, ['Dimension', 'Degree'])
  doc.heading(2, 'Derived layout')
  claimTable(doc, ctx, someClaims(ctx, 6))
  distractors(doc, ctx)
  return doc
}

function bulletStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  title(doc, ctx)
  doc.heading(2, 'Model')
  inputBullets(doc, ctx, ['model', ...MODEL_INPUTS(ctx)])
  doc.heading(2, 'Cluster')
  inputBullets(doc, ctx, [...HARDWARE_INPUTS, ...GRID_INPUTS])
  doc.heading(2, 'Workload')
  inputBullets(doc, ctx, WORKLOAD_INPUTS)
  doc.heading(2, 'Per-GPU layout')
  claimBullets(doc, ctx, someClaims(ctx, 6))
  distractors(doc, ctx)
  return doc
}

function proseStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  title(doc, ctx)
  doc.add(...modelLine(ctx))
  inputSentences(doc, ctx, MODEL_INPUTS(ctx))
  inputSentences(doc, ctx, [...HARDWARE_INPUTS, ...GRID_INPUTS], ['The cluster uses ', 'We run on ', 'The deployment has ', 'We plan for '])
  inputSentences(doc, ctx, WORKLOAD_INPUTS, ['The workload is ', 'We size for ', 'Serving assumes '])
  doc.heading(2, 'What follows')
  claimSentences(doc, ctx, someClaims(ctx, 6))
  distractors(doc, ctx)
  return doc
}

function frontMatterStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  doc.add('---')
  const kinds: InputKind[] = ['model', ...MODEL_INPUTS(ctx), ...HARDWARE_INPUTS, ...GRID_INPUTS, ...WORKLOAD_INPUTS]
  for (const kind of kinds) {
    const key = ctx.rng.pick(INPUT_PHRASES[kind].yaml)
    const slot = inputSlot(ctx, kind, `yaml: ${key}`)
    const quoted = kind === 'model' || kind === 'gpu'
    doc.add(`${key}: `, ...(quoted ? ['"', slot, '"'] : [slot]))
  }
  doc.add('---')
  doc.blank()
  title(doc, ctx)
  doc.add('The configuration is in the front matter; this page derives the per-GPU layout.')
  doc.heading(2, 'Layout')
  if (ctx.rng.chance(0.5)) claimBullets(doc, ctx, someClaims(ctx, 6))
  else claimSentences(doc, ctx, someClaims(ctx, 6))
  distractors(doc, ctx)
  return doc
}

const FLAGS: Record<string, Partial<Record<InputKind, string>>> = {
  vllm: {tp: '--tensor-parallel-size', pp: '--pipeline-parallel-size', dp: '--data-parallel-size', 'seq-len': '--max-model-len', batch: '--max-num-seqs'},
  sglang: {tp: '--tp-size', ep: '--ep-size', pp: '--pp-size', 'seq-len': '--context-length', batch: '--max-running-requests'},
  megatron: {tp: '--tensor-model-parallel-size', pp: '--pipeline-model-parallel-size', ep: '--expert-model-parallel-size', layers: '--num-layers', hidden: '--hidden-size', heads: '--num-attention-heads', 'kv-heads': '--num-query-groups', experts: '--num-experts', 'top-k': '--moe-router-topk', 'expert-ffn': '--moe-ffn-hidden-size', 'seq-len': '--seq-length'},
}

function runbookStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  const engine = ctx.c.engine === 'none' ? 'megatron' : ctx.c.engine
  title(doc, ctx)
  doc.add(...modelLine(ctx))
  doc.heading(2, 'Model')
  inputBullets(doc, ctx, MODEL_INPUTS(ctx))
  doc.heading(2, 'Launch')
  doc.add('Run on ', inputSlot(ctx, 'gpu', 'runbook'), ' (', inputSlot(ctx, 'gpu-memory', 'runbook: {v} GB'), ' GB each).')
  doc.blank()
  doc.add('```bash')
  const flags = FLAGS[engine]
  const equals = ctx.rng.chance(0.3)
  const flag = (kind: InputKind): Part[] => {
    const name = flags[kind]
    return name ? [`  ${name}${equals ? '=' : ' '}`, inputSlot(ctx, kind, `flag: ${name}`), ' \\'] : []
  }
  if (engine === 'vllm') doc.add(`vllm serve ${ctx.c.model.name} \\`)
  else if (engine === 'sglang') doc.add(`python -m sglang.launch_server --model-path ${ctx.c.model.name} \\`)
  else doc.add('torchrun --nproc-per-node 8 pretrain_gpt.py \\')
  for (const kind of ['tp', 'pp', 'dp', 'ep', 'layers', 'hidden', 'heads', 'kv-heads', 'experts', 'top-k', 'expert-ffn', 'seq-len', 'batch'] as InputKind[]) {
    const parts = flag(kind)
    if (parts.length > 0) doc.add(...parts)
  }
  if (engine === 'vllm') doc.add('  --enable-expert-parallel')
  else if (engine === 'megatron') doc.add('  --expert-tensor-parallel-size 1')
  else doc.add(`  --dtype ${ctx.c.precision.name === 'FP8' ? 'auto' : 'bfloat16'}`)
  doc.add('```')
  doc.blank()
  const notes: Part[][] = []
  if (engine === 'vllm') notes.push(['With expert parallelism on, vLLM sets EP = TP × DP = ', inputSlot(ctx, 'ep', 'vllm: EP = TP × DP = {v}'), '.'])
  if (engine === 'sglang') notes.push(['We run ', inputSlot(ctx, 'dp', 'sglang: {v} engine replicas'), ' engine replicas behind the router.'])
  if (engine === 'megatron') notes.push(['Data parallelism is ', inputSlot(ctx, 'dp', 'megatron: data parallelism is {v}'), ' (the rest of the world size).'])
  notes.push(['Weights are ', inputSlot(ctx, 'precision', 'runbook: weights are {v}'), '.'])
  for (const note of notes) doc.add(...note)
  doc.heading(2, 'Checks before launch')
  claimBullets(doc, ctx, someClaims(ctx, 5))
  distractors(doc, ctx)
  return doc
}

function reviewStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  doc.add(...fill(`# Review: ${ctx.rng.pick(['{MODEL} deployment plan', 'the {MODEL} plan on {GPU}'])}`, ctx.vars))
  doc.blank()
  doc.add('The plan under review:')
  inputBullets(doc, ctx, ['model', ...MODEL_INPUTS(ctx), ...HARDWARE_INPUTS, ...GRID_INPUTS, ...WORKLOAD_INPUTS])
  doc.heading(2, 'Findings')
  const kinds = someClaims(ctx, 4)
  kinds.forEach((kind, index) => {
    const prose = claimProse(ctx, kind)
    if (!prose) return
    doc.add(`${index + 1}. `, ctx.rng.pick(['Confirmed: ', 'Checked: ', 'Correct as written: ', 'Recomputed: ']), ...prose, '.')
  })
  doc.blank()
  if ('EOLD' in ctx.vars) {
    doc.add(...fill('> The draft said "each GPU holds {EOLD} experts per layer".', ctx.vars))
    doc.blank()
    const fix = claimProse(ctx, 'experts-per-gpu')
    if (fix) doc.add('Correction: ', ...fix, '.')
  }
  if ('TPOLD' in ctx.vars) {
    doc.blank()
    doc.add(...fill('> Reviewer note: "Why not TP={TPOLD}?"', ctx.vars))
    doc.blank()
    doc.add(...fill('Answer: TP={TP} keeps the KV heads per GPU whole; TP={TPOLD} was the old layout.', ctx.vars))
  }
  distractors(doc, ctx, 1)
  return doc
}

function twoConfigStyle(a: Ctx, b: Ctx): Doc {
  const doc = new Doc()
  title(doc, a)
  doc.add(...modelLine(a))
  doc.heading(2, 'Model')
  inputTable(doc, a, MODEL_INPUTS(a))
  const names = a.rng.pick([['Option A', 'Option B'], ['Serving', 'Training'], ['Plan 1', 'Plan 2'], ['Current', 'Proposed']])
  for (const [index, ctx] of [a, b].entries()) {
    doc.heading(2, `${names[index]}: ${ctx.c.hardware.name}`)
    inputTable(doc, ctx, [...GRID_INPUTS, 'gpu-memory', 'batch', 'seq-len', 'per-gpu-throughput'], ['Setting', 'Value'])
    if (names[index] === 'Training') {
      doc.add('Training batch: ', ...fill(a.rng.pick(INPUT_PHRASES['micro-batch'].prose), ctx.vars, inputSlot(ctx, 'micro-batch', 'two-configs')), ', ', ...fill(a.rng.pick(INPUT_PHRASES['grad-accum-input'].prose), ctx.vars, inputSlot(ctx, 'grad-accum-input', 'two-configs')), '.')
      doc.blank()
      claimBullets(doc, ctx, ['global-batch', ...someClaims(ctx, 3)])
    } else claimBullets(doc, ctx, someClaims(ctx, 4))
  }
  distractors(doc, a, 1)
  return doc
}

function memoryTableStyle(ctx: Ctx): Doc {
  const doc = new Doc()
  title(doc, ctx)
  doc.heading(2, 'Setup')
  inputBullets(doc, ctx, ['model', ...MODEL_INPUTS(ctx), ...HARDWARE_INPUTS, ...GRID_INPUTS])
  inputSentences(doc, ctx, ['batch', 'seq-len'], ['The KV cache is sized for ', 'Each replica serves '])
  doc.heading(2, 'Memory per GPU')
  memoryLayout(doc, ctx, ctx.rng.chance(0.75))
  doc.heading(2, 'Layout')
  claimBullets(doc, ctx, someClaims(ctx, 3, ['expert-memory', 'attention-memory', 'kv-cache']))
  distractors(doc, ctx, 1)
  return doc
}

export function renderStyle(style: Style, contexts: Ctx[]): Line[] {
  const [a, b] = contexts
  switch (style) {
    case 'table': return tableStyle(a).lines
    case 'bullets': return bulletStyle(a).lines
    case 'prose': return proseStyle(a).lines
    case 'front-matter': return frontMatterStyle(a).lines
    case 'runbook': return runbookStyle(a).lines
    case 'review': return reviewStyle(a).lines
    case 'two-configs': return twoConfigStyle(a, b).lines
    case 'memory-table': return memoryTableStyle(a).lines
  }
}
