// The parts that make the report a publication: summary and narrative, RDS diagnostics, the STROBE-RDS checklist, the appendix of checked claims.

import { pick, type LanguageCode, type LocalizedText } from '../core/text.ts';
import { bottleneckCategory } from './charts/diagnostics-spec.ts';
import type { ChartSvg, ChartSvgs } from './charts/render-charts.ts';
import type { DiagnosticsModel, DiagnosticVariable } from './diagnostics-model.ts';
import type { AssociationModel, Cell } from './model.ts';
import { say } from './messages.ts';
import { testDesign, testText } from './render-blocks.ts';
import { NONE, td, th } from './render-table.ts';
import { PLACEHOLDER } from './hidden-numbers.ts';
import { esc, formatN, formatNumber, formatPercent, quoted } from './render-format.ts';
import type { StrobeEntry } from './strobe.ts';

/** Paragraphs of a researcher's text: blank lines separate them. */
export function renderNarrative(text: LocalizedText | undefined, lang: LanguageCode, className = 'narrative'): string {
  if (text === undefined) return '';
  const paragraphs = pick(text, lang)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  // A number disclosure control withheld stands out where it would have been.
  const marked = (p: string): string => esc(p).replace(PLACEHOLDER, (m) => `<span class="suppressed">${m}</span>`);
  return `<div class="${className}">${paragraphs.map((p) => `<p>${marked(p)}</p>`).join('\n')}</div>`;
}

const num = (x: number | null | undefined, decimals: number, lang: LanguageCode): string => (x === null || x === undefined ? NONE : esc(formatNumber(x, decimals, lang)));

function chart(svg: ChartSvg | undefined, caption: string, note: string): string {
  if (svg === undefined) return '';
  // A chart drawn as a summary of a large study says so (render-charts.ts), beside or instead of the usual note.
  const notes = svg.note === undefined ? [note] : svg.note.instead ? [svg.note.text] : [note, svg.note.text];
  return `<figure class="figure diag"><figcaption>${esc(caption)}</figcaption>
<div class="chart"><div class="wide">${svg.wide}</div><div class="narrow">${svg.narrow}</div></div>
<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></figure>`;
}

function variableTable(v: DiagnosticVariable, lang: LanguageCode): string {
  const cols = ['diagSample', 'diagEstimate', 'diagSe', 'diagDeff', 'diagNeff', 'diagPopHomophily', 'diagMeanDegree', 'diagActivity'] as const;
  const head = `<tr>${th(say('category', lang), false)}${cols.map((c) => th(say(c, lang))).join('')}</tr>`;
  const rows = v.categories
    .map((c, k) => {
      const e = v.estimates[k];
      const cells = [num(v.samplePercent[k], 1, lang), num(e?.percent, 1, lang), num(e?.se, 2, lang), num(e?.designEffect, 2, lang), num(e?.effectiveN, 0, lang), num(v.populationHomophily[k], 2, lang), num(v.meanDegree[k], 1, lang), num(v.activityRatio[k], 2, lang)];
      return `<tr><th scope="row">${esc(pick(c.label, lang))}</th>${cells.map((x, j) => td(say(cols[j] ?? 'category', lang), x)).join('')}</tr>`;
    })
    .join('');
  const note = say('diagTableNote', lang).replace('{h}', v.recruitmentHomophily === null ? NONE : formatNumber(v.recruitmentHomophily, 2, lang));
  return `<div class="table-wrap"><table class="data"><caption>${esc(`${say('diagTable', lang)}: ${pick(v.title, lang)} (${formatN(v.n, lang)})`)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>
<ul class="notes"><li>${esc(note)}</li></ul>`;
}

function transitionsTable(v: DiagnosticVariable, lang: LanguageCode): string {
  const labels = v.categories.map((c) => pick(c.label, lang));
  const head = `<tr>${th(say('diagRecruiter', lang), false)}${labels.map((l) => th(l)).join('')}</tr>`;
  const rows = v.transitions
    .map((row, i) => `<tr><th scope="row">${esc(labels[i] ?? '')}</th>${row.map((x, j) => td(labels[j] ?? '', x === null ? `<span class="suppressed">${esc(say('suppressed', lang))}</span>` : esc(formatNumber(x, 0, lang)))).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table class="data"><caption>${esc(`${say('diagTransitions', lang)}: ${pick(v.title, lang)}`)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

export function renderDiagnostics(d: DiagnosticsModel | undefined, lang: LanguageCode, charts: ChartSvgs): string {
  if (d === undefined) return '';
  const variables = d.variables
    .map((v) => {
      const name = pick(v.title, lang);
      return `<section class="diag-variable" id="${esc(`diag-${v.key}`)}"><h3>${esc(name)}</h3>
${variableTable(v, lang)}
${transitionsTable(v, lang)}
${chart(charts[`diag-conv-${v.key}`], `${say('diagConvergence', lang)}: ${name}`, say('diagConvergenceNote', lang))}
${chart(charts[`diag-bottle-${v.key}`], `${say('diagBottleneck', lang)} — ${name}: ${pick(v.categories[bottleneckCategory(v)]?.label ?? {}, lang)}`, say('diagBottleneckNote', lang).replace('{step}', formatNumber(d.step, 0, lang)))}
</section>`;
    })
    .join('\n');
  const chainRows = d.chains.map((c) => `<tr><th scope="row">${esc(`${say('diagChain', lang)} ${c.chain}`)}</th>${td(say('diagChainSize', lang), esc(formatNumber(c.size, 0, lang)))}${td(say('diagChainWaves', lang), esc(formatNumber(c.waves, 0, lang)))}</tr>`).join('');
  const chains = `<div class="table-wrap"><table class="data"><caption>${esc(say('diagChains', lang))}</caption><thead><tr>${th(say('diagChain', lang), false)}${th(say('diagChainSize', lang))}${th(say('diagChainWaves', lang))}</tr></thead><tbody>${chainRows}</tbody></table></div>`;
  const degreeNote = say('diagDegreeNote', lang).replace('{median}', formatNumber(d.degree.median, d.degree.median % 1 === 0 ? 0 : 1, lang)).replace('{imputed}', formatNumber(d.degree.imputed, 0, lang));
  return `<section class="section" id="s-diagnostics">
<h2>${esc(say('diagnostics', lang))}</h2>
<p>${esc(say('diagIntro', lang))}</p>
${variables}
<h3>${esc(say('diagChains', lang))}</h3>
${chains}
${chart(charts['diag-tree'], say('diagTree', lang), say('diagTreeNote', lang))}
${chart(charts['diag-degree'], say('diagDegree', lang), degreeNote)}
</section>`;
}

export function renderStrobe(entries: readonly StrobeEntry[], lang: LanguageCode): string {
  if (entries.length === 0) return '';
  const source = (e: StrobeEntry): string =>
    e.source === 'missing' ? `<span class="strobe-missing">${esc(say('strobeMissing', lang).replace('{id}', e.id))}</span>` : esc(say(e.source === 'data' ? 'strobeData' : e.source === 'report' ? 'strobeReport' : 'strobeSpec', lang));
  const rows = entries
    .map((e) => `<tr class="strobe-row-${e.source}"><th scope="row">${esc(e.number)}</th>${td(say('strobeTopic', lang), esc(pick(e.topic, lang)), false)}${td(say('strobeAnswer', lang), `${e.text === null ? '' : `${esc(pick(e.text, lang))}<br>`}<span class="meta">${source(e)}</span>`, false)}</tr>`)
    .join('');
  return `<section class="section" id="s-strobe">
<h2>${esc(say('strobe', lang))}</h2>
<p>${esc(say('strobeIntro', lang))}</p>
<div class="table-wrap"><table class="data strobe"><thead><tr>${th(say('strobeItem', lang), false)}${th(say('strobeTopic', lang), false)}${th(say('strobeAnswer', lang), false)}</tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

const share = (c: Cell, lang: LanguageCode, decimals: number): string => (c.percent === null ? say('suppressed', lang) : formatPercent(c.percent, decimals, lang));

/** One claim of the original report as a short paragraph: what it says, what these data give, the test, the verdict. */
export function associationSentence(a: AssociationModel, lang: LanguageCode): string {
  const decimals = a.groups.some((g) => (g.cell.percent ?? 0) % 1 !== 0) ? 1 : 0;
  const groups = a.groups.map((g) => `${uncapitalise(pick(g.label, lang))} — ${share(g.cell, lang, decimals)} (${formatN(g.base.n, lang)})`).join('; ');
  const weighted = a.groups.every((g) => g.cell.weighted !== undefined && g.cell.weighted !== null)
    ? (lang === 'ru' ? ' С весами RDS: ' : ' RDS-weighted: ') + a.groups.map((g) => (g.cell.weighted ? formatPercent(g.cell.weighted.percent, decimals, lang) : '')).join(lang === 'ru' ? ' против ' : ' vs ') + '.'
    : '';
  const measure = pick(a.measure, lang);
  const facts = `${capitalise(measure)}: ${groups}.${weighted}`;
  // The appendix's introduction names the test once; each claim gives its statistic.
  const test = a.test === null ? say('noTest', lang) : `${testText(a.test, lang, true)}.`;
  const v = verdict(a, lang);
  return `<div class="claim" id="${esc(`as-${a.key}`)}"><p><span class="claim-text">${esc(quoted(pick(a.claim, lang), lang))}</span> ${esc(facts)} ${esc(test)} <strong class="verdict-${v.kind}">${esc(v.text)}</strong></p></div>`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** A label set mid-sentence: lower-cased first letter, unless the word is an acronym ("IT", "EU"). */
const uncapitalise = (s: string): string => (/^\p{Lu}\p{Lu}/u.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/** The verdict as a sentence, with a class a stylesheet or a test can tell apart (never colour alone: the words differ). */
function verdict(a: AssociationModel, lang: LanguageCode): { readonly kind: 'holds' | 'weak' | 'fails'; readonly text: string } {
  if (!a.holds) return { kind: 'fails', text: say('claimFails', lang) };
  if (a.expected === 'none') return { kind: 'holds', text: say('claimNone', lang) };
  if (a.significant === false) return { kind: 'weak', text: say('claimWeak', lang) };
  return { kind: 'holds', text: say('claimHolds', lang) };
}

/** "Tests: Rao–Scott F on RDS-II weights, the 12 recruitment chains as clusters …" — once for all claims. */
function appendixTests(tests: readonly NonNullable<AssociationModel['test']>[], lang: LanguageCode): string {
  const designs = [...new Set(tests.map((t) => testDesign(t, lang)))];
  const names = [...new Set(tests.map((t) => (t.design === 'unweighted' ? (lang === 'ru' ? 'χ² Пирсона' : 'Pearson’s χ²') : lang === 'ru' ? 'F-критерий Рао–Скотта' : 'the Rao–Scott F')))];
  return `${say('appendixTests', lang)} ${names.join(lang === 'ru' ? ' и ' : ' and ')} (${designs.join('; ')}).`;
}

export function renderAppendix(associations: readonly AssociationModel[], lang: LanguageCode): string {
  if (associations.length === 0) return '';
  const tests = associations.flatMap((a) => (a.test === null ? [] : [a.test]));
  return `<section class="section appendix" id="s-appendix">
<h2>${esc(say('appendix', lang))}</h2>
<p>${esc(say('appendixIntro', lang))}${tests.length === 0 ? '' : ` ${esc(appendixTests(tests, lang))}`}</p>
${associations.map((a) => associationSentence(a, lang)).join('\n')}
</section>`;
}
