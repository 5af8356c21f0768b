// STROBE-RDS (White et al. 2015, J Clin Epidemiol 68:1463–71): what an RDS report must state, item by item,
// each answered from the study's own data and settings, by a part of this report, or by the researcher in the spec.

import type { LocalizedText } from '../core/text.ts';

/** An item of the checklist: its number in STROBE-RDS and what it asks for. */
export interface StrobeItem {
  readonly id: string;
  /** The checklist's number, e.g. "6a". */
  readonly number: string;
  readonly topic: { readonly ru: string; readonly en: string };
}

/**
 * The items STROBE-RDS adds to or changes in STROBE for RDS, plus the general ones a reader of an
 * RDS report looks for first. Ids are what a report spec's `strobe:` section is keyed by.
 */
export const STROBE_ITEMS: readonly StrobeItem[] = [
  { id: 'design', number: '1a, 4', topic: { en: 'RDS named as the design in the title or abstract and the methods', ru: 'RDS названа как метод выборки в заголовке или аннотации и в методах' } },
  { id: 'setting', number: '5', topic: { en: 'Setting, locations and dates of recruitment', ru: 'Место, площадки и даты рекрутирования' } },
  { id: 'eligibility', number: '6a', topic: { en: 'Eligibility criteria', ru: 'Критерии включения' } },
  { id: 'seeds', number: '6a', topic: { en: 'How seeds were chosen, how many at the start and added later', ru: 'Как выбирались «семена», сколько их было в начале и сколько добавлено позже' } },
  { id: 'coupons', number: '6a', topic: { en: 'Coupons per respondent; whether the number changed', ru: 'Сколько купонов получал каждый; менялось ли это число' } },
  { id: 'incentives', number: '6a', topic: { en: 'Incentives for taking part and for recruiting', ru: 'Вознаграждение за участие и за рекрутирование' } },
  { id: 'network_question', number: '7', topic: { en: 'The exact network-size question', ru: 'Точная формулировка вопроса о размере сети' } },
  { id: 'links', number: '8', topic: { en: 'How recruiter–recruit links were recorded', ru: 'Как фиксировались связи «пригласивший — приглашённый»' } },
  { id: 'repeat', number: '8', topic: { en: 'Measures against repeat enrolment', ru: 'Меры против повторного участия' } },
  { id: 'size', number: '10', topic: { en: 'How the sample size was decided; when recruitment stopped', ru: 'Как определялся объём выборки; когда остановлено рекрутирование' } },
  { id: 'estimator', number: '12a', topic: { en: 'Estimator, software and version', ru: 'Оценщик, программа и её версия' } },
  { id: 'degree_missing', number: '12c', topic: { en: 'Missing and zero network sizes', ru: 'Пропущенные и нулевые размеры сети' } },
  { id: 'equilibrium', number: '12f', topic: { en: 'How equilibrium / convergence was assessed', ru: 'Как оценивались равновесие и сходимость' } },
  { id: 'variance', number: '12', topic: { en: 'Variance estimation and design effect', ru: 'Оценка дисперсии и эффект дизайна' } },
  { id: 'stages', number: '13a', topic: { en: 'Numbers at each stage: coupons issued and returned, eligible, ineligible, duplicates', ru: 'Число участников на каждом этапе: купоны выданы и возвращены, подходят, не подходят, повторы' } },
  { id: 'recruitment', number: '13c', topic: { en: 'Seeds, waves, recruits per seed (chain sizes)', ru: '«Семена», волны, число приглашённых от каждого «семени» (размеры цепочек)' } },
  { id: 'homophily', number: '14', topic: { en: 'Recruitment and population homophily; network sizes', ru: 'Гомофилия рекрутирования и гомофилия в совокупности; размеры сетей' } },
  { id: 'estimates', number: '16', topic: { en: 'Unweighted and RDS-weighted estimates with intervals', ru: 'Невзвешенные и взвешенные по RDS оценки с интервалами' } },
  { id: 'limitations', number: '19', topic: { en: 'Limitations, including the RDS assumptions', ru: 'Ограничения, в том числе допущения RDS' } },
  { id: 'funding', number: '22', topic: { en: 'Funding', ru: 'Финансирование' } },
];

export const STROBE_IDS: readonly string[] = STROBE_ITEMS.map((i) => i.id);

/** One item as the report states it: where it is answered, or that the researcher must still supply it. */
export interface StrobeEntry {
  readonly id: string;
  readonly number: string;
  readonly topic: LocalizedText;
  /** `data`: stated from the study's data and settings; `report`: a part of this report answers it; `spec`: the researcher's text; `missing`: to be supplied in the report spec's `strobe:` section. */
  readonly source: 'data' | 'report' | 'spec' | 'missing';
  readonly text: LocalizedText | null;
}
