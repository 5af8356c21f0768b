// The dataset overview: for every item, its frequencies (or a numeric summary) with each missing kind counted apart.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { pick } from '../../core/text.ts';
import { MISSING_KINDS } from '../../instrument/missing.ts';
import { escapeHtml, tr } from '../layout.ts';
import type { StudioContext } from '../route.ts';

const MISSING_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  skipped: ['skipped', 'пропущено'],
  not_applicable: ['not asked', 'не задавался'],
  dont_know: ["don't know", 'затрудняюсь ответить'],
  refused: ['prefer not to say', 'предпочли не отвечать'],
  suppressed: ['suppressed', 'скрыто'],
};

/** Largest number of distinct text or numeric values listed one by one before a summary takes over. */
const MAX_LISTED = 15;

function valueRows(ctx: StudioContext, v: Variable, lang: string): [string, number][] {
  const present = (i: number): boolean => (v.missing[i] ?? 0) === 0;
  const counts = new Map<string, number>();
  const add = (k: string): void => {
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  if (v.type === 'coded') {
    for (const c of v.valueLabels) counts.set(`${String(c.code)} ${pick(c.label, lang)}`, 0);
    v.values.forEach((x, i) => {
      if (!present(i)) return;
      const c = v.valueLabels.find((l) => l.code === x);
      add(c === undefined ? String(x) : `${String(c.code)} ${pick(c.label, lang)}`);
    });
    return [...counts];
  }
  if (v.type === 'indicator') {
    v.values.forEach((x, i) => {
      if (present(i)) add(x === 1 ? tr(ctx, 'chosen', 'выбрано') : tr(ctx, 'not chosen', 'не выбрано'));
    });
    return [...counts];
  }
  if (v.type === 'numeric') {
    const xs = [...v.values].filter((_, i) => present(i)).sort((a, b) => a - b);
    if (new Set(xs).size <= MAX_LISTED) {
      for (const x of xs) add(String(x));
      return [...counts];
    }
    const q = (p: number): string => String(xs[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1)))] ?? '');
    return [[`${tr(ctx, 'min', 'мин.')} ${q(0)} · ${tr(ctx, 'median', 'медиана')} ${q(0.5)} · ${tr(ctx, 'max', 'макс.')} ${q(1)}`, xs.length]];
  }
  // Free text is never listed here: one rare answer can name a person. Only how many wrote something.
  const written = v.values.filter((s, i) => present(i) && s !== '').length;
  return [[tr(ctx, 'answered (text not shown)', 'ответили (текст не показан)'), written]];
}

export function overviewHtml(ctx: StudioContext, ds: Dataset): string {
  const lang = ds.languages.includes(ctx.lang) ? ctx.lang : (ds.languages[0] ?? 'en');
  const pct = (k: number): string => (ds.n === 0 ? '' : `${(Math.round((k / ds.n) * 1000) / 10).toFixed(1)} %`);
  const blocks = ds.variables
    .filter((v) => v.role === 'answer')
    .map((v) => {
      const rows = valueRows(ctx, v, lang).map(([label, k]) => `<tr><td>${escapeHtml(label)}</td><td>${String(k)}</td><td>${pct(k)}</td></tr>`);
      const missing = MISSING_KINDS.map((kind, idx) => {
        const k = Array.from(v.missing).filter((m) => m === idx + 1).length;
        const words = MISSING_WORDS[kind] ?? [kind, kind];
        return k === 0 && !v.missingKinds.includes(kind) ? '' : `<tr class="missing"><td><i>${escapeHtml(tr(ctx, words[0], words[1]))}</i></td><td>${String(k)}</td><td>${pct(k)}</td></tr>`;
      });
      return `<h3><span class="mono">${escapeHtml(v.name)}</span> ${escapeHtml(pick(v.label, lang))}</h3><table><tbody>${rows.join('')}${missing.join('')}</tbody></table>`;
    });
  return `<p>${tr(ctx, 'Responses', 'Ответов')}: <b>${String(ds.n)}</b>${ds.synthetic ? ` · <b>${tr(ctx, 'synthetic data', 'синтетические данные')}</b>` : ''}</p>${blocks.join('')}`;
}
