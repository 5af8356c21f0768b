// The report's one stylesheet, inlined: screen and phone layout, and A4 print with the synthetic-data band on every page.

import { FONT } from './charts/chart-style.ts';

export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #4d4d4d; --rule: #cfcfcf; --soft: #f3f3f1; --accent: #1f5c99; --stamp: #a3001b; }
* { box-sizing: border-box; }
[id] { scroll-margin-top: 3rem; }
html { font-family: ${FONT}; color: var(--ink); background: #ffffff; line-height: 1.5; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 0 1rem 3rem; font-size: 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.85rem; line-height: 1.2; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 2.5rem 0 0.75rem; padding-top: 0.75rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.1rem; line-height: 1.3; margin: 1.75rem 0 0.5rem; }
p { margin: 0.5rem 0; }
a { color: var(--accent); }
.subtitle { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
.meta { color: var(--muted); font-size: 0.875rem; }
.stamp-bar { position: sticky; top: 0; z-index: 10; margin: 0 -1rem; padding: 0.4rem 1rem; background: var(--stamp); color: #ffffff; text-align: center; font-weight: bold; letter-spacing: 0.06em; }
.stamp-side { display: none; }
.stamp-note { border: 2px solid var(--stamp); padding: 0.6rem 0.8rem; margin: 1rem 0; }
.stamp-note strong { color: var(--stamp); letter-spacing: 0.06em; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, 15rem) minmax(0, 1fr); gap: 0.2rem 1.25rem; margin: 0.75rem 0; max-width: 40rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
dl.facts.numbers { grid-template-columns: minmax(8rem, 1fr) minmax(0, max-content); max-width: 34rem; }
dl.facts.numbers dd { text-align: right; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
nav.contents ol { padding-left: 1.4rem; margin: 0.25rem 0; }
figure.figure { margin: 2rem 0; }
figure.figure figcaption { font-weight: bold; font-size: 1.05rem; line-height: 1.35; margin-bottom: 0.35rem; }
.base { color: var(--muted); font-size: 0.875rem; margin: 0.15rem 0 0.5rem; }
.chart { overflow-x: auto; margin: 0.5rem 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart .narrow { display: none; }
ul.key { list-style: none; padding: 0; margin: 0.25rem 0 0.75rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; font-size: 0.875rem; }
ul.key li { display: flex; align-items: center; gap: 0.4rem; }
ul.key svg { flex: none; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-size: 0.875rem; color: var(--muted); padding-bottom: 0.25rem; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: bold; vertical-align: bottom; }
thead th.num { white-space: normal; }
tbody th[scope="row"] { font-weight: normal; min-width: 9rem; }
tbody th[colspan] { background: var(--soft); font-weight: bold; }
.num { text-align: right; white-space: nowrap; }
tr.net td, tr.net th { font-style: italic; }
tr.missing td, tr.missing th { color: var(--muted); }
.suppressed { font-style: italic; color: var(--muted); }
.narrative .suppressed { font-style: normal; border: 1px dashed var(--muted); padding: 0 .25em; border-radius: 2px; }
ul.notes { font-size: 0.875rem; color: var(--muted); padding-left: 1.2rem; margin: 0.25rem 0; }
.statement { border-left: 4px solid var(--accent); padding: 0.5rem 0 0.5rem 1rem; margin: 1.5rem 0; }
.statement .value { font-size: 1.9rem; font-weight: bold; line-height: 1.1; margin: 0; font-variant-numeric: tabular-nums; }
.association { border: 1px solid var(--rule); padding: 0.75rem 1rem; margin: 1.5rem 0; }
.association h3 { margin-top: 0.25rem; }
.verdict { display: inline-block; font-weight: bold; padding: 0.1rem 0.5rem; border: 2px solid currentColor; }
.verdict.holds { color: #1b6e3a; }
.verdict.weak { color: #7a5a00; }
.verdict.fails { color: #a3001b; }
blockquote { margin: 1rem 0; padding: 0.25rem 0 0.25rem 1rem; border-left: 3px solid var(--rule); font-size: 1.05rem; }
blockquote footer { font-size: 0.875rem; color: var(--muted); margin-top: 0.25rem; }
.narrative p { margin: 0.6rem 0; }
.summary .narrative { border-left: 4px solid var(--accent); padding-left: 1rem; }
.claim { margin: 0.9rem 0; }
.claim-text { font-style: italic; }
.verdict-holds { color: #1b6e3a; }
.verdict-weak { color: #7a5a00; }
.verdict-fails { color: #a3001b; }
.strobe-missing { color: var(--stamp); font-weight: bold; }
table.strobe td, table.strobe th { white-space: normal; }
figure.diag { margin: 1.25rem 0; }
footer.colophon { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: 0.5rem; font-size: 0.8rem; color: var(--muted); }
@media (max-width: 40rem) {
  body { padding: 0 0.6rem 2rem; }
  .stamp-bar { margin: 0 -0.6rem; font-size: 0.875rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  .chart .wide { display: none; }
  .chart .narrow { display: block; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0 1rem; }
  dl.facts dd { margin-bottom: 0.4rem; }
  dl.facts.numbers { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  /* Phones: each data row becomes a card, every value beside its column's name; nothing scrolls sideways. */
  table.data thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.data, table.data tbody, table.data tr, table.data th, table.data td { display: block; width: 100%; }
  table.data tr { border-bottom: 1px solid var(--rule); padding: 0.3rem 0; }
  table.data th[scope="row"] { font-weight: bold; border: none; padding: 0 0 0.1rem; min-width: 0; }
  table.data td { display: flex; justify-content: space-between; gap: 1rem; border: none; padding: 0.05rem 0 0.05rem 0.75rem; text-align: right; white-space: normal; }
  table.data td::before { content: attr(data-label); color: var(--muted); text-align: left; }
  table.data tbody th[colspan] { padding: 0.3rem 0.4rem; }
  table.data caption { display: block; width: 100%; }
  table.data td.empty { display: none; }
  .ci { display: block; }
  /* The checklist is prose: on a phone each answer reads left-aligned under its label. */
  table.data.strobe td { display: block; text-align: left; padding-left: 0.75rem; }
  table.data.strobe td::before { display: block; font-size: 0.8rem; }
  th, td { padding: 0.25rem 0.3rem; }
}
@media print {
  @page { size: A4; margin: 15mm 14mm 16mm 14mm; }
  html { font-size: 10pt; }
  body { max-width: none; margin: 0; padding: 0 0 0 9mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .stamp-bar { position: static; margin: 0 0 0.5rem; }
  .stamp-side { display: block; position: fixed; left: 0; top: 0; bottom: 0; width: 6mm; overflow: hidden; background: var(--stamp); color: #ffffff; font-size: 7.5pt; font-weight: bold; letter-spacing: 0.08em; line-height: 6mm; white-space: nowrap; writing-mode: vertical-rl; transform: rotate(180deg); display: flex; justify-content: center; align-items: center; }
  section.section > h2 { margin-top: 1.5rem; }
  h2, h3, h4, figcaption, caption { break-after: avoid; }
  /* A figure may run onto the next page between its chart and its table, never inside the chart:
     holding a whole figure together left pages half empty. */
  .chart, .statement, .association, .claim, blockquote, tr, dl.facts, ul.key { break-inside: avoid; }
  figure.figure figcaption, figure.figure .base, figure.figure .chart { break-after: avoid; }
  table { font-size: 8.5pt; }
  th, td { padding: 0.15rem 0.4rem; }
  .chart, .table-wrap { overflow: visible; }
  .chart .wide { display: block; }
  .chart .narrow { display: none; }
  a { color: inherit; text-decoration: none; }
  nav.contents { break-after: page; }
}
`;
