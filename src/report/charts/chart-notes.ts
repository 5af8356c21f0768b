// What a diagnostics chart drawn for a large study says of itself (summarised tree, thinned traces), in English and Russian.

import type { LanguageCode } from '../../core/text.ts';
import { formatNumber } from '../render-format.ts';

const RU = (lang: LanguageCode): boolean => lang === 'ru' || lang.startsWith('ru-');
const num = (x: number, lang: LanguageCode): string => formatNumber(x, 0, lang);

/** The summary column holding the chains drawn together. */
export function othersLabel(chains: number, lang: LanguageCode): string {
  return RU(lang) ? `ещё ${num(chains, lang)}` : `${num(chains, lang)} more`;
}

/** Replaces the tree's note (which speaks of squares and dots) when the tree is summarised. */
export function treeSummaryNote(s: { readonly respondents: number; readonly widest: number; readonly lumped: number; readonly columns: readonly unknown[] }, lang: LanguageCode): string {
  const n = num(s.respondents, lang);
  const widest = num(s.widest, lang);
  const kept = num(s.columns.length - 1, lang);
  if (RU(lang)) {
    const others = s.lumped > 0 ? ` Цепочки сверх ${kept} крупнейших показаны вместе, в последнем столбце.` : '';
    return `При ${n} респондентах дерево показано в сводке, а не по одному человеку: такой рисунок рос бы с каждым респондентом и делал бы отчёт огромным. Каждый столбец — цепочка, каждая полоса — волна (0 — «семя»); ширина полосы пропорциональна числу респондентов в этой волне (самая широкая — ${widest}).${others} Диаграмма показывает только структуру, без ответов.`;
  }
  const others = s.lumped > 0 ? ` Chains beyond the ${kept} largest are drawn together in the last column.` : '';
  return `With ${n} respondents the tree is summarised rather than drawn person by person, which would grow with every respondent and make the report huge. Each column is a chain and each bar a wave (0 is the seed); a bar’s width is proportional to the respondents in that wave (the widest, ${widest}).${others} The chart shows structure only, no answers.`;
}

/** Added to a trace's note when its lines are drawn through fewer points than were computed. */
export function thinnedNote(points: number, longest: number, lang: LanguageCode): string {
  if (RU(lang)) return `Каждая линия проведена не более чем через ${num(points, lang)} равномерно расположенных точек из рассчитанных (до ${num(longest, lang)}), включая первую и последнюю — оценку по всем её респондентам; значения точек точные, все точки есть в report.json.`;
  return `Each line is drawn through at most ${num(points, lang)} evenly spaced points of those computed (up to ${num(longest, lang)}), the first and the last — the estimate on all its respondents — included; each drawn value is exact, and report.json has every point.`;
}
