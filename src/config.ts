/**
 * Model configs a document points at or carries: fenced `json`/`yaml` blocks
 * with Hugging Face config.json keys, a front-matter `model_config:` path
 * (read relative to the document, inside the working directory, `.json` or
 * `.yaml` under 1 MB), a front-matter `deployment:` block, and the plugin
 * options `model` and `modelConfig`. Nothing is executed or fetched.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { VFile } from 'vfile'
import type { Extraction, Place } from './facts.js'
import { shapeFromHfConfig } from './model/hf-config.js'
import type { ModelShape } from './model/types.js'
import type { Options } from './options.js'

export interface ConfigIssue {
  message: string
  place?: Place
}

const MAX_BYTES = 1024 * 1024

/** HF keys that make a code block a model config. */
const CONFIG_KEYS = /"?(hidden_size|num_hidden_layers|num_attention_heads|moe_intermediate_size|n_routed_experts|num_local_experts|num_experts|kv_lora_rank)"?\s*:/

/**
 * The YAML parser, loaded the first time a document carries front matter or a YAML config block: it costs more to
 * load than the rest of the plugin, and most documents (an editor's, a hook's) never need it.
 */
let yaml: typeof import('yaml') | undefined
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml')
  return yaml.parse(text, { maxAliasCount: 10, logLevel: 'silent' })
}

/** A key `model_config`, `model` or `deployment` (plain, quoted or in a flow mapping), the only ones read from front matter. */
const CONFIG_KEY = /(?:^|[\s{,[])["']?(?:model_config|model|deployment)["']?\s*:/m

/**
 * Whether front matter may set a key read below: a blog post's title, tags and dates are not parsed at all (nor is the
 * YAML parser loaded for them). Escapes and complex keys (`? key`) could spell a key otherwise: those are parsed.
 */
function mayNameConfig(text: string): boolean {
  return CONFIG_KEY.test(text) || text.includes('\\') || /^[ \t]*\?/m.test(text)
}

function parseConfigText(raw: string, lang: string | undefined): Record<string, unknown> | undefined {
  // Lone CR line endings (old Mac files) read as line feeds.
  const text = raw.includes('\r') ? raw.replace(/\r(?!\n)/g, '\n') : raw
  try {
    if (lang === 'json' || /^\s*\{/.test(text)) {
      const v = JSON.parse(text) as unknown
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
    }
    const v = parseYaml(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function readConfigFile(ref: string, baseDir: string, issues: ConfigIssue[], place?: Place): Record<string, unknown> | undefined {
  const cwd = process.cwd()
  const target = path.resolve(baseDir, ref)
  const ext = path.extname(target).toLowerCase()
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    issues.push({ message: `Cannot read model config \`${ref}\`: only .json and .yaml files are read`, place })
    return undefined
  }
  let real: string
  try {
    real = realpathSync(target)
  } catch {
    issues.push({ message: `Cannot read model config \`${ref}\`: no such file`, place })
    return undefined
  }
  const rel = path.relative(realpathSync(cwd), real)
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    issues.push({ message: `Cannot read model config \`${ref}\`: it is outside the working directory`, place })
    return undefined
  }
  try {
    const st = statSync(real)
    if (!st.isFile()) {
      issues.push({ message: `Cannot read model config \`${ref}\`: not a file`, place })
      return undefined
    }
    if (st.size > MAX_BYTES) {
      issues.push({ message: `Cannot read model config \`${ref}\`: larger than 1 MB`, place })
      return undefined
    }
    const text = readFileSync(real, 'utf8')
    const parsed = parseConfigText(text, ext === '.json' ? 'json' : 'yaml')
    if (!parsed) {
      issues.push({ message: `Cannot read model config \`${ref}\`: not valid ${ext === '.json' ? 'JSON' : 'YAML'} object`, place })
      return undefined
    }
    return parsed
  } catch {
    issues.push({ message: `Cannot read model config \`${ref}\`: unreadable`, place })
    return undefined
  }
}

export function loadConfigShape(x: Extraction, file: VFile, options: Options): { shape?: ModelShape; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = []
  let shape: ModelShape = {}
  let found = false
  const merge = (json: Record<string, unknown>): void => {
    const r = shapeFromHfConfig(json)
    shape = { ...shape, ...r.shape }
    found = true
  }
  const baseDir = file.path ? path.dirname(path.resolve(file.cwd ?? process.cwd(), file.path)) : process.cwd()
  if (options.modelConfig) {
    const json = readConfigFile(options.modelConfig, process.cwd(), issues)
    if (json) merge(json)
  }
  if (options.model && typeof options.model === 'object') merge(options.model as Record<string, unknown>)
  for (const seg of x.segments) {
    if (seg.kind === 'frontmatter') {
      if (!mayNameConfig(seg.text)) continue
      const data = parseConfigText(seg.text, 'yaml')
      if (!data) continue
      const ref = data.model_config ?? (typeof data.deployment === 'object' && data.deployment !== null ? (data.deployment as Record<string, unknown>).model_config : undefined)
      if (typeof ref === 'string') {
        const at = seg.text.indexOf(ref)
        const place = at >= 0 ? { start: seg.start + at, end: seg.start + at + ref.length } : undefined
        const json = readConfigFile(ref, baseDir, issues, place)
        if (json) merge(json)
      }
      if (typeof data.model === 'object' && data.model !== null) merge(data.model as Record<string, unknown>)
      if (typeof data.deployment === 'object' && data.deployment !== null) {
        const d = data.deployment as Record<string, unknown>
        if (typeof d.model === 'object' && d.model !== null) merge(d.model as Record<string, unknown>)
      }
    } else if (seg.kind === 'code' && (seg.lang === 'json' || seg.lang === 'yaml' || seg.lang === 'yml' || seg.lang === undefined)) {
      if (!CONFIG_KEYS.test(seg.text)) continue
      const data = parseConfigText(seg.text, seg.lang)
      if (data) merge(data)
    }
  }
  return { shape: found ? shape : undefined, issues }
}
