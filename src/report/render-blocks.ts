// The report's other blocks as HTML: single statements, associations with their test, population multipliers, quotes.

import { pick, type LanguageCode } from '../core/text.ts';
import type { AssociationModel, PopulationModel, QuotesModel, StatementModel } from './model.ts';
import { say } from './messages.ts';
import { baseLine, cellCount, cellPercent, cellWeighted, comparisonText, publishedText } from './render-figure.ts';
import { td, th } from './render-table.ts';
import { cellNumbers, esc, formatN, formatNumber, formatP, formatPercent, quoted, sharedDecimals } from './render-format.ts';

export function renderStatement(block: StatementModel, lang: LanguageCode): string {
  // A mean (e.g. mean age) is a number, not a share: its cell only counts who had a value.
  const mean = block.mean;
  const facts: string[] = [];
  if (mean === undefined && block.cell.weighted !== undefined && block.cell.weighted !== null) facts.push(`<dt>${esc(say('weighted', lang))}</dt><dd>${cellWeighted(block.cell, lang, sharedDecimals(cellNumbers([block.cell])))}</dd>`);
  if (block.published.length > 0) facts.push(`<dt>${esc(say('published', lang))}</dt><dd>${block.published.map((p) => publishedText(p, lang, mean === undefined ? 'percent' : 'number')).join('; ')}</dd>`);
  for (const c of block.comparisons) facts.push(`<dt>${esc(say('comparison', lang))}</dt><dd>${comparisonText(c, lang)}</dd>`);
  const count = block.cell.count === null ? '' : ` · ${esc(say(mean === undefined ? 'count' : 'withValue', lang))}: ${cellCount(block.cell, lang)}`;
  const value = mean === undefined ? cellPercent(block.cell, lang, sharedDecimals(cellNumbers([block.cell]))) : esc(formatNumber(mean.value, mean.decimals, lang));
  return `<div class="statement" id="${esc(`st-${block.key}`)}">
<p class="value">${value}</p>
<p>${esc(pick(block.text, lang))}</p>
<p class="base">${esc(baseLine(block.base, lang))}${count}</p>
${facts.length === 0 ? '' : `<dl class="facts">${facts.join('')}</dl>`}
</div>`;
}

/**
 * "Rao–Scott F(1, 11) = 3.72, p = 0.08 (RDS-II weights; the 12 recruitment chains as clusters …)".
 * `brief`: the statistic alone, "F(1, 11) = 3.72, p = 0.08", for a list whose heading names the test once.
 */
export function testText(test: NonNullable<AssociationModel['test']>, lang: LanguageCode, brief = false): string {
  const df = (x: number): string => formatNumber(x, x % 1 === 0 ? 0 : 2, lang);
  const sep = lang === 'ru' ? '; ' : ', ';
  const symbol = test.design === 'unweighted' ? 'χ²' : 'F';
  const dfs = `(${df(test.ndf)}${test.ddf === null ? '' : `${sep}${df(test.ddf)}`})`;
  const value = `\u00a0=\u00a0${formatNumber(test.statistic, 2, lang)}, ${formatP(test.p, lang)}`;
  if (brief) return `${symbol}${dfs}${value}`;
  const name = test.design === 'unweighted' ? (lang === 'ru' ? 'χ² Пирсона' : 'Pearson χ²') : lang === 'ru' ? 'F Рао–Скотта ' : 'Rao–Scott F';
  return `${name}${dfs}${value} (${testDesign(test, lang)})`;
}

/** What a test's variance rests on, in words. */
export function testDesign(test: NonNullable<AssociationModel['test']>, lang: LanguageCode): string {
  if (test.design === 'chains') return say('testChains', lang).replace('{k}', formatNumber(test.clusters ?? 0, 0, lang));
  return say(test.design === 'respondents' ? 'testRespondents' : 'testUnweighted', lang);
}

export function renderAssociation(block: AssociationModel, lang: LanguageCode): string {
  const decimals = sharedDecimals(cellNumbers(block.groups.map((g) => g.cell)));
  const anyWeighted = block.groups.some((g) => g.cell.weighted !== undefined && g.cell.weighted !== null);
  const rows = block.groups
    .map(
      (g) =>
        `<tr><th scope="row">${esc(pick(g.label, lang))}</th>${td('n', esc(formatNumber(g.base.n, 0, lang)))}${td(say('count', lang), cellCount(g.cell, lang))}${td(say('percent', lang), cellPercent(g.cell, lang, decimals))}${
          anyWeighted ? td(say('weighted', lang), cellWeighted(g.cell, lang, decimals)) : ''
        }</tr>`,
    )
    .join('');
  const expected = say(block.expected === 'higher' ? 'expectedHigher' : block.expected === 'lower' ? 'expectedLower' : 'expectedNone', lang);
  const test = block.test === null ? esc(say('noTest', lang)) : `${esc(say('test', lang))}: ${esc(testText(block.test, lang))}`;
  // A direction without significance is said as such: a reader must not take it for a finding.
  const weak = block.holds && block.expected !== 'none' && block.significant === false;
  const verdict = !block.holds
    ? `<span class="verdict fails">✗ ${esc(say('doesNotHold', lang))}</span>`
    : weak
      ? `<span class="verdict weak">≈ ${esc(say('holdsNotSignificant', lang))}</span>`
      : `<span class="verdict holds">✓ ${esc(say('holds', lang))}</span>`;
  return `<section class="association" id="${esc(`as-${block.key}`)}">
<h3>${esc(quoted(pick(block.claim, lang), lang))}</h3>
<div class="table-wrap"><table class="data"><caption>${esc(say('measure', lang))}: ${esc(pick(block.measure, lang))}</caption><thead><tr>${th(say('group', lang), false)}${th('n')}${th(say('count', lang))}${th(
    say('percent', lang),
  )}${anyWeighted ? th(say('weighted', lang)) : ''}</tr></thead><tbody>${rows}</tbody></table></div>
<p>${esc(expected)}</p>
<p>${test}</p>
<p>${verdict}</p>
</section>`;
}

export function renderPopulation(block: PopulationModel, lang: LanguageCode, sampleN: number): string {
  const columns = (['source', 'officialCount', 'share', 'estimate', 'interval', 'caveat'] as const).map((k) => say(k, lang));
  const [, count = '', share = '', estimate = '', interval = '', caveat = ''] = columns;
  const rows = block.rows
    .map((r) => {
      const range = `${formatNumber(Math.round(r.low), 0, lang)}–${formatNumber(Math.round(r.high), 0, lang)}`;
      return `<tr><th scope="row">${esc(pick(r.source, lang))}</th>${td(count, esc(formatNumber(r.count, 0, lang)))}${td(share, esc(formatPercent(100 * r.share, 1, lang)))}${td(
        estimate,
        esc(formatNumber(Math.round(r.estimate), 0, lang)),
      )}${td(interval, esc(range))}${td(caveat, esc(pick(r.caveat, lang)), false)}</tr>`;
    })
    .join('');
  const context = block.context.map((c) => `<dt>${esc(pick(c.label, lang))}</dt><dd>${esc(pick(c.value, lang))}</dd>`).join('');
  const head = columns.map((c, i) => th(c, i > 0 && i < 5)).join('');
  return `<section class="population" id="${esc(`pop-${block.key}`)}">
<h3>${esc(pick(block.title, lang))}</h3>
<div class="table-wrap"><table class="data"><caption>${esc(`${say('sampleBase', lang)} ${formatN(sampleN, lang)}`)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
${context === '' ? '' : `<h4>${esc(say('context', lang))}</h4><dl class="facts">${context}</dl>`}
</section>`;
}

export function renderQuotes(block: QuotesModel, lang: LanguageCode): string {
  const quotes = block.quotes
    .map((q) => {
      // The researcher's translation when there is one (said so); otherwise the respondent's words, marked with their language.
      const own = q.translated?.[lang];
      const text = own ?? q.text;
      const qlang = /[\u0400-\u04ff]/.test(text) && !lang.startsWith('ru') ? ' lang="ru"' : '';
      const note = own !== undefined && own !== q.text ? ` <span class="meta">(${esc(say('translated', lang))})</span>` : '';
      return `<blockquote><p${qlang}>${esc(quoted(text, lang))}${note}</p><footer>— ${esc(pick(q.attribution, lang))}</footer></blockquote>`;
    })
    .join('');
  return `<section class="quotes" id="${esc(`q-${block.key}`)}">
<h3>${esc(pick(block.title, lang))}</h3>
${quotes}
<p class="meta">${esc(say('attribution', lang))}</p>
</section>`;
}

