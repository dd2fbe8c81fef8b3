/** deployment-model-config: a model config the document or the options point at must be readable. */
import { defineRule } from '../src/rule.js'
import type { Analysis } from '../src/analysis.js'
import type { Finding } from '../src/report.js'

function check(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const issue of a.configIssues) {
    out.push({
      place: issue.place ?? { start: 0, end: 0 },
      reason: issue.message,
      note: 'Fix the path (relative to the document, inside the working directory, a .json or .yaml file under 1 MB) or remove it.',
    })
  }
  return out
}

export const docs = {
  summary: 'A `model_config:` path in front matter, or the `modelConfig` option, must name a readable JSON or YAML file.',
  description: [
    'Paths resolve relative to the document and must stay inside the working directory (after symlinks); only .json,',
    '.yaml and .yml files under 1 MB are read, and nothing of a refused file appears in a message.',
  ].join('\n'),
}

export default defineRule('model-config', docs, check)
export { check }
