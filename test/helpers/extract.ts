/** The markdown the plugin sees (GFM tables, YAML front matter), parsed and extracted, for extraction tests. */
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import type { Root } from 'mdast'
import { extract } from '../../src/extract.js'

export function parseMd(md: string): Root {
  return unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(md)
}

export function facts(md: string) {
  return extract(parseMd(md), md)
}

/** [quantity, value] of every fact that is not quoted. */
export function q(md: string): Array<[string | undefined, string]> {
  return facts(md).facts.filter((f) => !f.quoted).map((f) => [f.quantity, f.value.toString()])
}
