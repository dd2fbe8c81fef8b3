/**
 * A deployment spec in a code block (Ray Serve's `ray_actor_options`, a Kubernetes pod's `nvidia.com/gpu`) sizes
 * each replica: beside replica counts (`min_replicas: 2`, `max_replicas: 8`), its GPU count key (`num_gpus: 1`) is one
 * replica's, not the plan's. Whether it is per replica, per actor or per pod cannot be told from the block alone, so
 * it is left unread: neither an input nor a claim.
 */
import type { Ctx } from '../context.js'
import { TOTAL_KEY } from '../lexicon/words.js'

export function replicaSpecGpus(ctx: Ctx): void {
  for (const [seg, facts] of ctx.factsOf) {
    if (seg.kind !== 'code' && seg.kind !== 'frontmatter') continue
    if (!facts.some((f) => f.quantity === 'replicas')) continue
    for (const f of facts) {
      if (f.quantity !== 'gpus' || f.how !== 'label-colon') continue
      // (`gpus_total: 8` says whose it is.)
      const line = seg.text.slice(seg.text.lastIndexOf('\n', f.tok.start) + 1, f.tok.start)
      if (TOTAL_KEY.test(line)) continue
      f.quantity = undefined
      f.how = 'replica-spec'
    }
  }
}
