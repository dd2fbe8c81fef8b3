/** The page's only style sheet (inline: the page loads nothing). */
export const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #222; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 2rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #bbb; padding: .2rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
td.derivation { font-size: .82rem; max-width: 38rem; }
tr.bad td, tr[data-differs="true"] td { background: #fdecea; }
strong.bad { color: #a00000; }
span.ok { color: #1a6b1a; }
td.mark { font-weight: 700; text-align: center; }
tr.bad td.mark { color: #a00000; }
tr.ok td.mark { color: #1a6b1a; }
.note { color: #444; font-size: .9rem; margin: .3rem 0; }
.conflict { color: #a00000; }
.summary { font-size: 1rem; }
figure { margin: .5rem 0; overflow-x: auto; }
figcaption { font-size: .85rem; color: #333; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #111; }
svg .gpu-rank { font-size: 13px; font-weight: 700; text-anchor: middle; }
svg .gpu-label { font-size: 11px; text-anchor: middle; }
svg .node-label { font-size: 11px; fill: #333; }
svg .bar-label, svg .bar-total, svg .capacity-label { font-size: 12px; }
svg .capacity-label { text-anchor: end; fill: #a00000; }
svg .seg-label { font-size: 11px; text-anchor: middle; }
svg .seg-label.on-fill { fill: #fff; font-weight: 600; }
svg .seg-label.on-hatch { fill: #111; font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .differs-mark { font-size: 11px; font-weight: 700; text-anchor: middle; fill: #a00000; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .85rem; }
ul.legend svg { vertical-align: -2px; }
table.gpus { font-size: .8rem; }
ol.source-lines { font-size: .82rem; padding-left: 3.2rem; }
ol.source-lines li { white-space: pre-wrap; }
ol.source-lines li:target { background: #fff3b0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
nav ul { padding-left: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; }
.input-groups { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-start; }
.input-group table { margin-top: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
  section, figure, table { break-inside: auto; }
  figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`
