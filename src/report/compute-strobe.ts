// The STROBE-RDS checklist filled from the study: what the data and settings state, what this report shows, what the researcher wrote.

import type { Dataset } from '../analysis/dataset.ts';
import type { LocalizedText } from '../core/text.ts';
import type { ReportSpec } from './spec.ts';
import { STROBE_ITEMS, type StrobeEntry } from './strobe.ts';
import type { RdsWeighting } from './weighting.ts';

type Both = { readonly ru: string; readonly en: string };

/**
 * Each item answered, in this order: the researcher's text from the spec (with the data's facts
 * before it where the data give some), else the data's facts alone where they answer the item in
 * full, else the part of this report that answers it, else marked missing.
 */
export function computeStrobe(spec: ReportSpec, dataset: Dataset, w: RdsWeighting | undefined, replicates: number): StrobeEntry[] {
  const L = spec.languages;
  const pick = (t: Both): LocalizedText => Object.fromEntries(L.map((l) => [l, l === 'ru' ? t.ru : t.en]));
  const facts = dataFacts(spec, dataset, w, replicates);
  return STROBE_ITEMS.map((item) => {
    const base = { id: item.id, number: item.number, topic: pick(item.topic) };
    const own = spec.strobe[item.id];
    const fact = facts[item.id];
    if (own !== undefined) return { ...base, source: 'spec', text: fact === undefined || fact.complete ? own : Object.fromEntries(L.map((l) => [l, `${l === 'ru' ? fact.text.ru : fact.text.en} ${own[l] ?? ''}`.trim()])) };
    if (fact !== undefined) return { ...base, source: fact.complete ? (fact.where === 'report' ? 'report' : 'data') : 'missing', text: pick(fact.text) };
    return { ...base, source: 'missing', text: null };
  });
}

interface Fact {
  readonly text: Both;
  /** The data answer the item in full; otherwise the researcher must add to it. */
  readonly complete: boolean;
  readonly where?: 'report';
}

function dataFacts(spec: ReportSpec, dataset: Dataset, w: RdsWeighting | undefined, replicates: number): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  if (w === undefined) return out;
  const t = w.summary;
  const period = dataset.variables.find((v) => v.name === 'period');
  const periods = period?.type === 'text' ? period.values.filter((p) => p !== '').sort() : [];
  const question = dataset.variables.find((v) => v.name === spec.degree)?.label;
  out['design'] = { complete: true, text: { en: 'Respondent-driven sampling, stated in the subtitle, the sample box and Methods.', ru: 'Выборка, управляемая респондентами (RDS): указано в подзаголовке, в блоке о выборке и в разделе «Методы».' } };
  if (spec.period !== undefined) {
    out['setting'] = { complete: false, text: { en: `Collection: ${spec.period['en'] ?? ''}.`, ru: `Период сбора: ${spec.period['ru'] ?? ''}.` } };
  } else if (periods.length > 0) {
    const first = periods[0] ?? '';
    const last = periods[periods.length - 1] ?? '';
    const range = first === last ? first : `${first} – ${last}`;
    out['setting'] = { complete: false, text: { en: `Responses recorded in ${range} (coarse periods, as stored).`, ru: `Ответы получены в период ${range} (периоды хранятся огрублёнными).` } };
  }
  out['seeds'] = { complete: false, text: { en: `${t.seeds} seeds; none added later is recorded separately.`, ru: `«Семян» — ${t.seeds}; отдельно добавленные позже не отмечены.` } };
  const maxRecruits = t.recruitsDistribution.length - 1;
  out['coupons'] =
    t.coupons === undefined
      ? { complete: false, text: { en: `Nobody recruited more than ${maxRecruits}.`, ru: `Никто не пригласил больше ${maxRecruits} человек.` } }
      : { complete: false, text: { en: `${t.coupons.issued} coupons issued, ${t.coupons.redeemed} redeemed; nobody recruited more than ${maxRecruits}.`, ru: `Выдано купонов: ${t.coupons.issued}, использовано: ${t.coupons.redeemed}; никто не пригласил больше ${maxRecruits} человек.` } };
  if (question !== undefined) {
    const q = (lang: string): string => question[lang] ?? Object.values(question)[0] ?? '';
    out['network_question'] = { complete: true, text: { en: `“${q('en')}” (item ${spec.degree}).`, ru: `«${q('ru')}» (вопрос ${spec.degree}).` } };
  }
  out['links'] = { complete: true, text: { en: 'Each respondent entered with a single-use coupon code from their recruiter; the server stores the link as the respondent’s recruiter, nothing else about either.', ru: 'Каждый входил по одноразовому коду купона от пригласившего; сервер хранит только связь «кто кого пригласил» и ничего больше о них.' } };
  out['repeat'] = { complete: false, text: { en: 'A coupon can be redeemed only once.', ru: 'Каждый купон можно использовать только один раз.' } };
  out['estimator'] = { complete: true, text: { en: 'RDS-II (Volz–Heckathorn), computed by portas; analytic standard errors and design effects as defined in the R package RDS 0.9-10, checked against a reference in R.', ru: 'RDS-II (Volz–Heckathorn), расчёт в portas; аналитические стандартные ошибки и эффекты дизайна — по определениям пакета R RDS 0.9-10, сверены с эталоном в R.' } };
  out['degree_missing'] = { complete: true, text: { en: w.imputation.note, ru: w.imputation.replaced === 0 ? `Все ${w.imputation.of} размеров сети указаны и положительны.` : `${w.imputation.replaced} из ${w.imputation.of} размеров сети не указаны или равны нулю; для них принято наибольшее указанное значение (${w.imputation.value}), как в пакете R RDS.` } };
  out['equilibrium'] = { complete: true, where: 'report', text: { en: 'Convergence and bottleneck plots for the key variables, in “RDS diagnostics”.', ru: 'Графики сходимости и «узких мест» по ключевым переменным — в разделе «Диагностика RDS».' } };
  out['variance'] = { complete: true, text: { en: `Tree bootstrap (${replicates} replicates) for the intervals; analytic standard error, design effect and effective sample size beside them; tests with the recruitment chains as clusters.`, ru: `Бутстреп по дереву рекрутирования (${replicates} повторений) для интервалов; рядом — аналитическая стандартная ошибка, эффект дизайна и эффективный размер выборки; критерии учитывают цепочки рекрутирования как кластеры.` } };
  out['stages'] = { complete: false, text: { en: `${t.respondents} respondents in the data set: ${t.seeds} seeds and ${t.respondents - t.seeds} recruits.`, ru: `В наборе данных ${t.respondents} респондентов: ${t.seeds} «семян» и ${t.respondents - t.seeds} приглашённых.` } };
  out['recruitment'] = { complete: true, where: 'report', text: { en: `${t.seeds} chains of ${Math.min(...t.chainSizes)} to ${Math.max(...t.chainSizes)} respondents, up to ${t.maxWave} waves: the table of chains and the recruitment tree in “RDS diagnostics”.`, ru: `${t.seeds} цепочек размером от ${Math.min(...t.chainSizes)} до ${Math.max(...t.chainSizes)} человек, до ${t.maxWave} волн: таблица цепочек и дерево рекрутирования в разделе «Диагностика RDS».` } };
  out['homophily'] = { complete: true, where: 'report', text: { en: 'Recruitment and population homophily, differential activity and the distribution of network sizes, in “RDS diagnostics”.', ru: 'Гомофилия рекрутирования и в совокупности, различия в активности и распределение размеров сетей — в разделе «Диагностика RDS».' } };
  out['estimates'] = { complete: true, where: 'report', text: { en: 'Every figure gives the unweighted share and the RDS-II estimate with its 95 % interval and effective sample size.', ru: 'На каждом рисунке — невзвешенная доля и оценка RDS-II с 95-процентным интервалом и эффективным размером выборки.' } };
  return out;
}
