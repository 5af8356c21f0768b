// The report as one self-contained HTML file in one language: inline CSS and SVG, nothing fetched, stamped when the data are synthetic.

import { pick, type LanguageCode } from '../core/text.ts';
import type { ChartSvgs } from './charts/render-charts.ts';
import type { AssociationModel, ReportBlock, ReportModel, ReportSection } from './model.ts';
import { renderAppendix, renderDiagnostics, renderNarrative, renderStrobe } from './render-publication.ts';
import { say } from './messages.ts';
import { renderAssociation, renderPopulation, renderQuotes, renderStatement } from './render-blocks.ts';
import { REPORT_CSS } from './render-css.ts';
import { renderFigure } from './render-figure.ts';
import { esc, formatNumber } from './render-format.ts';

/** No script, no style, no image, font or frame from anywhere: the page may load nothing at all. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function renderBlock(block: ReportBlock, lang: LanguageCode, charts: ChartSvgs, sampleN: number): string {
  switch (block.kind) {
    case 'figure':
      return renderFigure(block, lang, charts[block.key]);
    case 'statement':
      return renderStatement(block, lang);
    case 'association':
      return renderAssociation(block, lang);
    case 'population':
      return renderPopulation(block, lang, sampleN);
    case 'quotes':
      return renderQuotes(block, lang);
  }
}

const sectionId = (section: ReportSection): string => `s-${section.key}`;

/** A section: the researcher's narrative, then its figures and numbers. Claims of association go to the appendix. */
function renderSection(section: ReportSection, lang: LanguageCode, charts: ChartSvgs, sampleN: number): string {
  const intro = section.intro === undefined ? '' : `<p>${esc(pick(section.intro, lang))}</p>`;
  return `<section class="section" id="${esc(sectionId(section))}">
<h2>${esc(pick(section.title, lang))}</h2>
${intro}
${renderNarrative(section.narrative, lang)}
${section.blocks
  .filter((b) => b.kind !== 'association')
  .map((b) => renderBlock(b, lang, charts, sampleN))
  .join('\n')}
</section>`;
}

const associationsOf = (model: ReportModel): AssociationModel[] => model.sections.flatMap((s) => s.blocks).filter((b): b is AssociationModel => b.kind === 'association');

function titlePage(model: ReportModel, lang: LanguageCode): string {
  const s = model.sample;
  const facts: [string, string][] = [
    [say('respondents', lang), formatNumber(s.n, 0, lang)],
    [say('period', lang), s.statedPeriod === undefined ? (s.firstPeriod === s.lastPeriod ? s.firstPeriod : `${s.firstPeriod} – ${s.lastPeriod}`) : pick(s.statedPeriod, lang)],
    [say('seeds', lang), formatNumber(s.seeds, 0, lang)],
    [say('waves', lang), formatNumber(s.waves, 0, lang)],
  ];
  const note = model.synthetic ? `<p class="stamp-note"><strong>${esc(say('stamp', lang))}.</strong> ${esc(say('stampNote', lang))}</p>` : '';
  const contents = [
    ...(model.summary === undefined ? [] : [['s-summary', say('summary', lang)] as const]),
    ...model.sections.map((sec) => [sectionId(sec), pick(sec.title, lang)] as const),
    ['s-methods', say('methods', lang)] as const,
    ...(model.diagnostics === undefined ? [] : [['s-diagnostics', say('diagnostics', lang)] as const]),
    ...(model.strobe.length === 0 ? [] : [['s-strobe', say('strobe', lang)] as const]),
    ['s-disclosure', say('disclosure', lang)] as const,
    ...(associationsOf(model).length === 0 ? [] : [['s-appendix', say('appendix', lang)] as const]),
  ];
  return `<header>
<h1>${esc(pick(model.title, lang))}</h1>
<p class="subtitle">${esc(pick(model.subtitle, lang))}</p>
<p class="meta">${esc(say('study', lang))}: ${esc(model.study)} · ${esc(say('instrumentVersion', lang))}: ${esc(model.instrumentVersion)}</p>
${note}
<h2 class="sample" id="s-sample">${esc(say('sampleTitle', lang))}</h2>
<dl class="facts numbers">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
</header>
<nav class="contents" aria-labelledby="contents-title"><h2 id="contents-title" class="contents-title">${esc(say('contents', lang))}</h2><ol>${contents
    .map(([id, title]) => `<li><a href="#${esc(id)}">${esc(title)}</a></li>`)
    .join('')}</ol></nav>`;
}

/** Methods, then `between` (diagnostics and the STROBE-RDS checklist), then disclosure control. */
function methodsAndDisclosure(model: ReportModel, lang: LanguageCode, between: string): string {
  // "n_eff" in the generated text is the effective sample size, set as in the tables.
  const sub = (html: string): string => html.replace(/n_(eff|эфф)/g, 'n<sub>$1</sub>');
  const methods = model.methods.paragraphs.map((p) => `<h3>${esc(pick(p.heading, lang))}</h3><p>${sub(esc(pick(p.text, lang)))}</p>`).join('\n');
  const d = model.disclosure;
  const lines = d.lines.map((l) => `<li>${esc(pick(l, lang))}</li>`).join('');
  return `<section class="section" id="s-methods">
<h2>${esc(say('methods', lang))}</h2>
${methods}
</section>
${between}
<section class="section" id="s-disclosure">
<h2>${esc(say('disclosure', lang))}</h2>
<p>${esc(say('kAnonymity', lang))} ${esc(formatNumber(d.k, 0, lang))} ${esc(say('respondentsWord', lang))} (k\u00a0=\u00a0${esc(formatNumber(d.k, 0, lang))}).</p>
<p>${esc(say('minCell', lang).replace('{m}', formatNumber(d.minCell - 1, 0, lang)))}</p>
${lines === '' ? '' : `<ul>${lines}</ul>`}
</section>`;
}

/**
 * The whole report in `lang` as one HTML document. `charts` holds each figure's SVG in the same
 * language (renderCharts); a figure without one is shown by its table alone.
 */
export function renderReportHtml(model: ReportModel, lang: LanguageCode, charts: ChartSvgs): string {
  const stamp = say('stamp', lang);
  // The side band is fixed, so print repeats it on every page; the bar stays on top of the screen.
  const banner = model.synthetic
    ? `<div class="stamp-bar" role="note">${esc(stamp)}</div>
<div class="stamp-side" aria-hidden="true">${esc(Array.from({ length: 5 }, () => stamp).join(' · '))}</div>`
    : '';
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(`${model.synthetic ? `[${stamp}] ` : ''}${pick(model.title, lang)}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${banner}
${titlePage(model, lang)}
<main>
${model.summary === undefined ? '' : `<section class="section summary" id="s-summary"><h2>${esc(say('summary', lang))}</h2>${renderNarrative(model.summary, lang)}</section>`}
${model.sections.map((s) => renderSection(s, lang, charts, model.sample.n)).join('\n')}
${methodsAndDisclosure(model, lang, `${renderDiagnostics(model.diagnostics, lang, charts)}\n${renderStrobe(model.strobe, lang)}`)}
${renderAppendix(associationsOf(model), lang)}
</main>
<footer class="colophon"><p>${esc(say('madeWith', lang))}</p></footer>
</body>
</html>
`;
}
