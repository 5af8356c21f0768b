// The fieldwork monitor in words, English and Russian: its warnings and a plain-text summary for the terminal.

import type { MonitorFigures, MonitorWarning } from '../sampling/monitor-figures.ts';

export type MonitorLang = 'en' | 'ru';

/** One warning as a coordinator reads it: what is happening and what to do about it. */
export function warningText(w: MonitorWarning, lang: MonitorLang): string {
  const ru = lang === 'ru';
  switch (w.code) {
    case 'monitor.chain-dominates':
      return ru
        ? `Одна цепочка (№${String(w.rank)}) даёт ${String(Math.round(w.share * 100))}% респондентов: выборка держится на одной сети. Подумайте о новых «семенах» в других кругах.`
        : `One chain (no. ${String(w.rank)}) holds ${String(Math.round(w.share * 100))}% of respondents: the sample rests on one network. Consider new seeds in other circles.`;
    case 'monitor.seeds-recruit-nobody':
      return ru
        ? `Семена, никого пока не пригласившие: ${String(w.seeds)}. Свяжитесь с ними: передали ли они купоны?`
        : `${String(w.seeds)} seed${w.seeds === 1 ? ' has' : 's have'} recruited nobody yet. Check with them that they passed their coupons on.`;
    case 'monitor.seed-coupons-unused':
      return ru
        ? `Купоны для семян, ещё не использованные: ${String(w.coupons)}.`
        : `${String(w.coupons)} seed coupon${w.coupons === 1 ? ' is' : 's are'} not used yet.`;
    case 'monitor.coupons-expiring':
      return ru
        ? `Купонов, срок которых истекает в ближайшие ${String(w.days)} дней: ${String(w.coupons)}. Напомните участникам передать их.`
        : `${String(w.coupons)} unused coupon${w.coupons === 1 ? '' : 's'} expire${w.coupons === 1 ? 's' : ''} within ${String(w.days)} days. Remind respondents to pass them on.`;
    case 'monitor.coupons-expired':
      return ru
        ? `Купонов с истёкшим сроком, так и не использованных: ${String(w.coupons)}.`
        : `${String(w.coupons)} coupon${w.coupons === 1 ? '' : 's'} expired unused.`;
  }
}

const T = {
  en: {
    responses: 'Responses', period: 'period', complete: 'complete', partial: 'partial', screenedOut: 'screened out', total: 'total',
    coupons: 'Coupons', issued: 'issued', redeemed: 'redeemed', seeds: 'of them seed coupons', outstanding: 'unused and valid', soon: 'expiring within 7 days', expired: 'expired unused',
    tree: 'Recruitment', respondents: 'respondents in chains', chains: 'chains (one per seed)', waves: 'deepest wave', perWave: 'respondents per wave',
    chain: 'chain', size: 'size', direct: 'recruited by the seed', warnings: 'Warnings', none: 'none',
  },
  ru: {
    responses: 'Ответы', period: 'период', complete: 'полные', partial: 'неполные', screenedOut: 'отсеяны', total: 'всего',
    coupons: 'Купоны', issued: 'выдано', redeemed: 'использовано', seeds: 'из них для семян', outstanding: 'не использованы, действуют', soon: 'истекают в ближайшие 7 дней', expired: 'истекли неиспользованными',
    tree: 'Рекрутирование', respondents: 'респондентов в цепочках', chains: 'цепочек (по одной на семя)', waves: 'самая глубокая волна', perWave: 'респондентов по волнам',
    chain: 'цепочка', size: 'размер', direct: 'приглашены семенем', warnings: 'Предупреждения', none: 'нет',
  },
} as const;

export const monitorLabels = (lang: MonitorLang): (typeof T)[MonitorLang] => T[lang];

/** The monitor as terminal text: the same figures the studio shows. */
export function monitorText(study: string, m: MonitorFigures, lang: MonitorLang): string {
  const t = T[lang];
  const lines = [`portas monitor: ${study}`, '', `${t.responses} (${t.total} ${String(m.responses.total)})`];
  lines.push(`  ${t.period.padEnd(12)} ${t.complete.padStart(10)} ${t.partial.padStart(10)} ${t.screenedOut.padStart(13)}`);
  for (const p of m.responses.byPeriod) lines.push(`  ${p.period.padEnd(12)} ${String(p.complete).padStart(10)} ${String(p.partial).padStart(10)} ${String(p.screenedOut).padStart(13)}`);
  const c = m.coupons;
  lines.push('', t.coupons, `  ${t.issued}: ${String(c.issued)} (${t.seeds}: ${String(c.seedIssued)})`, `  ${t.redeemed}: ${String(c.redeemed)}`);
  lines.push(`  ${t.outstanding}: ${String(c.outstanding)}`, `  ${t.soon}: ${String(c.expiringSoon)}`, `  ${t.expired}: ${String(c.expired)}`);
  const tr = m.tree;
  lines.push('', t.tree, `  ${t.respondents}: ${String(tr.respondents)}`, `  ${t.chains}: ${String(tr.seeds)}`, `  ${t.waves}: ${String(tr.maxWave)}`);
  if (tr.perWave.length > 0) lines.push(`  ${t.perWave}: ${tr.perWave.map((n, w) => `${String(w)}:${String(n)}`).join('  ')}`);
  for (const ch of tr.chains) lines.push(`  ${t.chain} ${String(ch.rank).padStart(3)}  ${t.size} ${String(ch.size).padStart(5)}  ${t.waves} ${String(ch.waves).padStart(3)}  ${t.direct} ${String(ch.direct)}`);
  lines.push('', t.warnings);
  if (m.warnings.length === 0) lines.push(`  ${t.none}`);
  for (const w of m.warnings) lines.push(`  ! ${warningText(w, lang)}`);
  return `${lines.join('\n')}\n`;
}
