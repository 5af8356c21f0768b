// Writes codebook.html: a self-contained, human-readable codebook (no scripts, no external resources).

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import type { LocalizedText } from '../../core/text.ts';
import { MISSING_CODE, MISSING_KINDS, type MissingKind } from '../../instrument/missing.ts';
import type { Treatments, VariableTreatment } from '../variable-labels.ts';

/** What the codebook describes besides the dataset: the file it sits beside and what the release gate did. */
export interface CodebookOptions {
  /** The data file(s), as the sentence "Data: …" names them; default the data package's. */
  readonly dataFiles?: string;
  /** Names the file gives variables, keyed by portas name (a format with shorter names); default the portas names. */
  readonly names?: ReadonlyMap<string, string>;
  readonly treatments?: Treatments;
  /** Who was asked each item (its relevance in words), keyed by item name. */
  readonly universes?: ReadonlyMap<string, LocalizedText>;
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const MISSING_WORDS: Readonly<Record<MissingKind, string>> = {
  skipped: 'skipped (shown, not answered)',
  not_applicable: 'not applicable (not shown: relevance false)',
  dont_know: "don't know",
  refused: 'prefer not to answer',
  suppressed: 'suppressed (answered, withheld by disclosure control; see disclosure-log.md)',
};

function texts(t: LocalizedText, languages: readonly string[]): string {
  return languages
    .filter((l) => t[l] !== undefined)
    .map((l) => `<div lang="${escapeHtml(l)}"><span class="lang">${escapeHtml(l)}</span> ${escapeHtml(t[l] ?? '')}</div>`)
    .join('');
}

function valueRows(v: Variable, languages: readonly string[]): string {
  const rows: string[] = [];
  if (v.type === 'coded') for (const c of v.valueLabels) rows.push(`<tr><td>${c.code}</td><td>${texts(c.label, languages)}</td></tr>`);
  if (v.type === 'indicator') rows.push('<tr><td>0</td><td>not chosen</td></tr>', `<tr><td>1</td><td>chosen: ${texts(v.option.label, languages)}</td></tr>`);
  for (const k of v.missingKinds) rows.push(`<tr class="missing"><td>${MISSING_CODE[k]}</td><td>missing: ${escapeHtml(MISSING_WORDS[k])}</td></tr>`);
  return rows.length === 0 ? '' : `<table><thead><tr><th>code</th><th>label</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function flags(v: Variable): string {
  const out: string[] = [];
  if (v.quasiIdentifier) out.push('<span class="flag qi">quasi-identifier</span>');
  if (v.sensitive) out.push('<span class="flag sensitive">sensitive</span>');
  if (v.role === 'system') out.push('<span class="flag">system variable</span>');
  return out.join(' ');
}

/** Consecutive integers as ranges: 18, 19, 20, 25 → "18–20, 25". */
function ranges(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] ?? 0) === (sorted[j] ?? 0) + 1) j++;
    out.push(j > i ? `${String(sorted[i])}–${String(sorted[j])}` : String(sorted[i]));
    i = j + 1;
  }
  return out.join(', ');
}

function treatmentSection(t: VariableTreatment | undefined, languages: readonly string[]): string {
  if (t === undefined || (t.recode === undefined && t.suppressed === 0)) return '';
  const parts: string[] = [];
  const recode = t.recode;
  if (recode !== undefined) {
    const rows = recode.to
      .map((target) => {
        const sources = [...recode.map].filter(([, to]) => to === target.code).map(([from]) => from);
        const from = recode.from === 'numeric' ? ranges(sources) : sources.map((c) => `${String(c)} ${texts(recode.from === 'numeric' ? {} : (recode.from.find((x) => x.code === c)?.label ?? {}), languages)}`).join('');
        return `<tr><td>${String(target.code)}</td><td>${texts(target.label, languages)}</td><td>${from}</td></tr>`;
      })
      .join('');
    parts.push(`<p>Recoded by disclosure control with <code>${escapeHtml(recode.name)}</code>: the released codes and the original ${recode.from === 'numeric' ? 'values' : 'codes'} each stands for.</p>
<table><thead><tr><th>released</th><th>label</th><th>from</th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  if (t.suppressed > 0) parts.push(`<p>${String(t.suppressed)} value(s) suppressed by disclosure control (missing code ${String(MISSING_CODE.suppressed)}).</p>`);
  return `<div class="treatment">${parts.join('\n')}</div>`;
}

function universeSection(v: Variable, options: CodebookOptions, languages: readonly string[]): string {
  const u = v.item === '' ? undefined : options.universes?.get(v.item);
  return u === undefined ? '' : `<div class="universe"><p>Universe (who was asked):</p>${texts(u, languages)}</div>`;
}

function variableSection(v: Variable, d: Dataset, options: CodebookOptions): string {
  const nameOf = (n: string): string => options.names?.get(n) ?? n;
  const sets = d.sets.filter((s) => s.variables.includes(v.name)).map((s) => `${s.kind} set <code>${escapeHtml(s.name)}</code>`);
  const nets = v.type === 'coded' && v.nets.length > 0 ? `<p>Nets: ${v.nets.map((n) => `<code>${escapeHtml(n.name)}</code> = ${n.codes.join(', ')}`).join('; ')}</p>` : '';
  const renamed = nameOf(v.name) === v.name ? '' : ` <span class="meta">(portas name <code>${escapeHtml(v.name)}</code>)</span>`;
  return `<section id="var-${escapeHtml(nameOf(v.name))}"><h3><code>${escapeHtml(nameOf(v.name))}</code>${renamed} ${flags(v)}</h3>
${texts(v.label, d.languages)}
<p class="meta">${v.type}, ${v.measure}${v.item === '' ? '' : `, item <code>${escapeHtml(v.item)}</code>`}${sets.length > 0 ? `, ${sets.join(', ')}` : ''}</p>
${universeSection(v, options, d.languages)}${treatmentSection(options.treatments?.get(v.name), d.languages)}${nets}${valueRows(v, d.languages)}</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left;vertical-align:top}
.lang{font-size:.75em;color:#555;border:1px solid #999;border-radius:3px;padding:0 .2rem}.flag{font-size:.75em;border-radius:3px;padding:0 .3rem;background:#eee}
.qi{background:#ffe0a0}.sensitive{background:#ffc0c0}.missing td{color:#555}.synthetic{background:#ffc0c0;padding:.5rem;font-weight:bold}
section{border-top:1px solid #ddd;margin-top:1rem}`;

/** The codebook as one HTML document. */
export function codebookHtml(d: Dataset, options: CodebookOptions = {}): string {
  const nameOf = (n: string): string => options.names?.get(n) ?? n;
  const qi = d.variables.filter((v) => v.quasiIdentifier);
  const missing = MISSING_KINDS.map((k) => `<tr><td>${MISSING_CODE[k]}</td><td>${escapeHtml(MISSING_WORDS[k])}</td></tr>`).join('');
  const sets = d.sets
    .map((s) => `<li><code>${escapeHtml(s.name)}</code> (${s.kind}): ${texts(s.label, d.languages)} ${s.variables.map((v) => `<a href="#var-${escapeHtml(nameOf(v))}"><code>${escapeHtml(nameOf(v))}</code></a>`).join(', ')}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(d.languages[0] ?? 'en')}"><head><meta charset="utf-8"><title>Codebook: ${escapeHtml(d.study)} ${escapeHtml(d.instrumentVersion)}</title>
<style>${STYLE}</style></head><body>
<h1>Codebook: ${escapeHtml(d.study)}</h1>
${d.synthetic ? '<p class="synthetic">SYNTHETIC DATA: generated replica, not real responses.</p>' : ''}
<p>Instrument version <code>${escapeHtml(d.instrumentVersion)}</code>; languages ${d.languages.map(escapeHtml).join(', ')}; ${d.n} rows; ${d.variables.length} variables. Data: ${options.dataFiles ?? '<code>data.csv</code> (UTF-8, RFC 4180); machine-readable description: <code>datapackage.json</code>'}.</p>
<h2>Missing values</h2><p>Every variable writes a missing value as one of these reserved codes (never a choice code):</p>
<table><thead><tr><th>code</th><th>meaning</th></tr></thead><tbody>${missing}</tbody></table>
<h2>Quasi-identifiers</h2><p>${qi.length === 0 ? 'None declared.' : `These variables could, combined, single out a person; handle and publish with care: ${qi.map((v) => `<a href="#var-${escapeHtml(nameOf(v.name))}"><code>${escapeHtml(nameOf(v.name))}</code></a>`).join(', ')}.`}</p>
<h2>Sets</h2>${sets === '' ? '<p>None.</p>' : `<ul>${sets}</ul>`}
<h2>Variables</h2>
${d.variables.map((v) => variableSection(v, d, options)).join('\n')}
</body></html>
`;
}
