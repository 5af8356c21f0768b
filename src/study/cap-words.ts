// Progress towards the study's caps in words, English and Russian: one line per cap, and a warning near or at it.

import { capProgress, type CapLimits, type CapStatus } from '../sampling/cap-progress.ts';
import type { MonitorFigures } from '../sampling/monitor-figures.ts';
import type { MonitorLang } from './monitor-words.ts';

const n = (x: number): string => String(x);

/** What the cap is, and where fieldwork stands against it. */
export function capLine(c: CapStatus, lang: MonitorLang): string {
  const ru = lang === 'ru';
  switch (c.cap) {
    case 'max_responses':
      return ru ? `Ответов: ${n(c.value)} из ${n(c.limit)} (max_responses)` : `Responses: ${n(c.value)} of ${n(c.limit)} (max_responses)`;
    case 'max_wave':
      return ru ? `Самая глубокая волна: ${n(c.value)} из ${n(c.limit)} (max_wave)` : `Deepest wave: ${n(c.value)} of ${n(c.limit)} (max_wave)`;
    case 'max_chain_size':
      return ru
        ? `Самая большая цепочка: ${n(c.value)} из ${n(c.limit)} (max_chain_size); цепочек на пределе: ${n(c.chainsAtCap ?? 0)}`
        : `Largest chain: ${n(c.value)} of ${n(c.limit)} (max_chain_size); chains at the cap: ${n(c.chainsAtCap ?? 0)}`;
  }
}

/** A coordinator's warning when a cap is near or reached, with what follows from it; undefined while far off. */
export function capWarning(c: CapStatus, lang: MonitorLang): string | undefined {
  if (c.state === 'ok') return undefined;
  const ru = lang === 'ru';
  const reached = c.state === 'reached';
  switch (c.cap) {
    case 'max_responses':
      return reached
        ? ru ? 'Опрос закрыт для новых участников: достигнуто ограничение ответов. Начатые анкеты ещё можно закончить.' : 'The survey is closed to new respondents: the response cap is reached. Questionnaires already started may still be finished.'
        : ru ? `До ограничения ответов осталось ${n(c.limit - c.value)}: скоро опрос закроется для новых участников.` : `${n(c.limit - c.value)} responses to the cap: the survey will soon close to new respondents.`;
    case 'max_wave':
      return reached
        ? ru ? 'Достигнута последняя волна: её респонденты не получают купонов.' : 'The last wave is reached: its respondents receive no coupons.'
        : ru ? 'Следующая волна — последняя: её респонденты не получат купонов.' : 'The next wave is the last: its respondents will receive no coupons.';
    case 'max_chain_size':
      return reached
        ? ru ? `Цепочек на пределе размера: ${n(c.chainsAtCap ?? 0)}; в них больше не выдаются купоны.` : `${n(c.chainsAtCap ?? 0)} chain(s) at the size cap: they receive no more coupons.`
        : ru ? 'Самая большая цепочка близка к пределу размера.' : 'The largest chain is close to the size cap.';
  }
}

/** The caps as terminal lines (`portas monitor --study-dir`): nothing when no cap is set. */
export function capsText(m: MonitorFigures, caps: CapLimits, lang: MonitorLang): string {
  const progress = capProgress(m, caps);
  if (progress.length === 0) return '';
  const lines = ['', lang === 'ru' ? 'Ограничения' : 'Caps'];
  for (const c of progress) {
    lines.push(`  ${capLine(c, lang)}`);
    const w = capWarning(c, lang);
    if (w !== undefined) lines.push(`  ! ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
