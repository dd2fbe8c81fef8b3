import type {Root} from 'mdast'
import type {Plugin} from 'unified'
declare const testRule: Plugin<[unknown?], Root>
export default testRule
