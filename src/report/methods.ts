// The generated methods section and sample summary: each paragraph states a fact of this study's design, taken from the data and the spec.

import { meanCompletionMinutes } from '../analysis/collection-variables.ts';
import type { Dataset } from '../analysis/dataset.ts';
import type { LocalizedText } from '../core/text.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import type { MethodsModel, SampleSummary } from './model.ts';
import type { ReportSpec } from './spec.ts';
import { ruPlural } from './ru-plural.ts';
import type { RdsWeighting } from './weighting.ts';
import { buildRecruitmentTree, type TreeSummary } from '../sampling/rds/recruitment-tree.ts';

const textValues = (dataset: Dataset, name: string): readonly string[] | undefined => {
  const v = dataset.variables.find((x) => x.name === name);
  return v?.type === 'text' ? v.values : undefined;
};

/**
 * The recruitment tree's shape when the report is unweighted (no network-size item named): the links are in the
 * data all the same, and a report that said "no recruitment links" or "0 seeds" there would state a wrong fact.
 * Undefined when the data carry no links, or links that do not form one valid tree.
 */
export function unweightedTree(dataset: Dataset): TreeSummary | undefined {
  const ids = textValues(dataset, 'response_id');
  const recruiters = textValues(dataset, 'recruiter');
  if (ids === undefined || recruiters === undefined || !recruiters.some((r) => r !== '')) return undefined;
  const tree = buildRecruitmentTree(ids.map((id, i) => ({ id, recruiter: recruiters[i] === '' || recruiters[i] === undefined ? null : recruiters[i] ?? null, degree: null })));
  return tree.ok ? tree.value.summary : undefined;
}

export function sampleSummary(dataset: Dataset, w: RdsWeighting | undefined): SampleSummary {
  const tree = w?.summary ?? unweightedTree(dataset);
  const period = dataset.variables.find((v) => v.name === 'period');
  const periods = period?.type === 'text' ? period.values.filter((p) => p !== '').sort() : [];
  return {
    n: dataset.n,
    firstPeriod: periods[0] ?? '',
    lastPeriod: periods[periods.length - 1] ?? '',
    seeds: tree?.seeds ?? 0,
    waves: tree?.maxWave ?? 0,
  };
}

type Para = MethodsModel['paragraphs'][number];

function para(languages: readonly string[], heading: { ru: string; en: string }, text: { ru: string; en: string }): Para {
  const pick = (t: { ru: string; en: string }): LocalizedText => Object.fromEntries(languages.map((l) => [l, l === 'ru' ? t.ru : t.en]));
  return { heading: pick(heading), text: pick(text) };
}

export interface MethodsInput {
  readonly spec: ReportSpec;
  readonly dataset: Dataset;
  readonly weighting: RdsWeighting | undefined;
  readonly policy: DisclosurePolicy;
  readonly replicates: number;
}

export function methods({ spec, dataset, weighting: w, policy, replicates }: MethodsInput): MethodsModel {
  const L = spec.languages;
  const s = sampleSummary(dataset, w);
  const out: Para[] = [];
  if (dataset.synthetic) {
    out.push(para(L, { ru: 'Синтетические данные', en: 'Synthetic data' }, {
      ru: `Ответы всех ${s.n} респондентов сгенерированы: это синтетическая реплика исследования, которая воспроизводит опубликованные доли, а не ответы реальных людей. Поэтому совпадение с опубликованными цифрами заложено при построении реплики и результатом не является; даты сбора тоже взяты из реплики.`,
      en: `All ${s.n} responses are generated: a synthetic replica built to reproduce the published shares, not answers given by people. Its agreement with the published numbers is therefore by construction, not a finding; the collection dates are the replica's too.`,
    }));
  }
  const links = w === undefined ? unweightedTree(dataset) : undefined;
  if (w === undefined && links !== undefined) {
    const recruited = links.respondents - links.seeds;
    out.push(para(L, { ru: 'Выборка', en: 'Sampling' }, {
      ru: `Выборка по цепочкам рекрутирования: ${links.seeds} ${ruPlural(links.seeds, 'стартовый респондент', 'стартовых респондента', 'стартовых респондентов')} («семена»); ещё ${recruited} ${ruPlural(recruited, 'человек пришёл', 'человека пришли', 'человек пришли')} по купонам от уже ответивших; самая длинная цепочка — ${links.maxWave} ${ruPlural(links.maxWave, 'волна', 'волны', 'волн')}. Доли не взвешены: в report.yaml не указан вопрос о размере сети (degree), без которого веса RDS не вычислить.`,
      en: `Sampling by recruitment chains: ${links.seeds} seeds; ${recruited} respondents came with a coupon from someone who had already answered; the longest chain has ${links.maxWave} waves. Shares are unweighted: report.yaml names no network-size question (degree), without which RDS weights cannot be computed.`,
    }));
  } else if (w === undefined) {
    out.push(para(L, { ru: 'Выборка', en: 'Sampling' }, {
      ru: `${s.n} ответов без данных о цепочках рекрутирования; доли не взвешены.`,
      en: `${s.n} responses without recruitment links; shares are unweighted.`,
    }));
  } else {
    const t = w.summary;
    const recruited = t.respondents - t.seeds;
    const maxRecruits = t.recruitsDistribution.length - 1;
    const stored = s.firstPeriod === s.lastPeriod ? s.firstPeriod : `${s.firstPeriod} – ${s.lastPeriod}`;
    const period = spec.period === undefined ? { ru: stored, en: stored } : { ru: `${spec.period['ru'] ?? stored} (в базе данных хранится период ${stored})`, en: `${spec.period['en'] ?? stored} (the stored period is ${stored})` };
    const chainSizes = w.tree.seeds.map((seed) => w.tree.seedOf.filter((x) => x === seed).length);
    const chainMin = Math.min(...chainSizes);
    const chainMax = Math.max(...chainSizes);
    out.push(para(L, { ru: 'Выборка', en: 'Sampling' }, {
      ru: `Выборка, управляемая респондентами (RDS): ${t.seeds} ${ruPlural(t.seeds, 'стартовый респондент', 'стартовых респондента', 'стартовых респондентов')} («семена»); ещё ${recruited} ${ruPlural(recruited, 'человек пришёл', 'человека пришли', 'человек пришли')} по купонам от уже ответивших. Самая длинная цепочка — ${t.maxWave} ${ruPlural(t.maxWave, 'волна', 'волны', 'волн')}; никто не пригласил больше ${maxRecruits} ${ruPlural(maxRecruits, 'человека', 'человек', 'человек')}. Период сбора: ${period.ru}.`,
      en: `Respondent-driven sampling (RDS): ${t.seeds} seeds; ${recruited} respondents came with a coupon from someone who had already answered; the longest chain has ${t.maxWave} waves. Nobody recruited more than ${maxRecruits}. Collection: ${period.en}.`,
    }));
    out.push(para(L, { ru: 'Взвешивание', en: 'Weighting' }, {
      ru: `Взвешенные оценки — RDS-II (Volz–Heckathorn): вес респондента обратно пропорционален размеру его сети (вопрос «${spec.degree}»). ${w.imputation.replaced} из ${w.imputation.of} размеров сети не указаны или равны нулю; для них принято наибольшее указанное значение (${w.imputation.value}), как в пакете R RDS. Для этой совокупности нет данных переписи по полу, возрасту и т. п., поэтому веса не калибруются (ни раскинга, ни постстратификации). Проценты в тексте и на рисунках не взвешены, как в исходном докладе; взвешенные оценки приведены рядом.`,
      en: `Weighted estimates are RDS-II (Volz–Heckathorn): each respondent's weight is inversely proportional to their network size (item '${spec.degree}'). ${w.imputation.replaced} of ${w.imputation.of} network sizes were missing or zero and are presumed to be the largest reported (${w.imputation.value}), as the R package RDS does. There are no census margins for this population, so the weights are not raked or post-stratified. Percentages in the text and figures are unweighted, as in the original report; weighted estimates are shown beside them.`,
    }));
    out.push(para(L, { ru: 'Точность', en: 'Variance' }, {
      ru: `95-процентные интервалы взвешенных оценок — перцентили ${w.replicates.length} бутстреп-повторений по дереву рекрутирования (Baraff, McCormick, Raftery 2016): с возвращением выбираются «семена», затем приглашённые каждым из них. Такие интервалы осторожны и потому широки: бутстреп по дереву скорее завышает неопределённость, чем занижает (в симуляциях portas 95-процентный интервал накрывал истинное значение в 99,5 % случаев), а другие бутстреп-методы для RDS при гомофилии её занижают. Ширину определяет прежде всего структура выборки: ${t.seeds} ${ruPlural(t.seeds, 'цепочка', 'цепочки', 'цепочек')} очень разного размера (от ${chainMin} до ${chainMax} человек), а внутри цепочки люди похожи друг на друга. Рядом с интервалом указан эффективный размер выборки n_эфф — объём простой случайной выборки, дающей ту же точность: n, делённое на эффект дизайна (дисперсия аналитической стандартной ошибки RDS-II по пакету R RDS, отнесённая к дисперсии простой случайной выборки). Связи проверяются F-критерием Рао–Скотта с весами RDS-II, где кластеры — цепочки рекрутирования; приводятся F, обе степени свободы и p. Интервал нулевой ширины (например, «100 % [100–100]») означает лишь, что во всех бутстреп-выборках доля была одной и той же — все или никто в группе, — а не отсутствие неопределённости. Численность оценена методом множителя, интервалы — по ${replicates} повторениям того же бутстрепа.`,
      en: `95 % intervals of weighted estimates are percentiles of ${w.replicates.length} tree-bootstrap replicates (Baraff, McCormick & Raftery 2016): seeds, then each one's recruits, drawn with replacement. These intervals are cautious and therefore wide: the tree bootstrap errs towards too much uncertainty rather than too little (in portas's simulations its 95 % intervals covered the true value 99.5 % of the time), while the other RDS bootstraps understate it under homophily. What makes them wide is the sample's structure: ${t.seeds} chains of very unequal size (from ${chainMin} to ${chainMax} people), and people within a chain resemble each other. Beside each interval, the effective sample size n_eff is the simple random sample that would be as precise: n divided by the design effect (the variance of the analytic RDS-II standard error as R's RDS package computes it, over that of a simple random sample). Associations are tested with the Rao–Scott F on the RDS-II weights with the recruitment chains as clusters; F, both degrees of freedom and p are shown. An interval of zero width (such as “100% [100–100]”) only means that every bootstrap sample gave the same share — all or none of the group — not that there is no uncertainty. Population sizes are by the multiplier method, with intervals from ${replicates} replicates of the same bootstrap.`,
    }));
  }
  // The original report's figures, by their numbers here.
  const figures = spec.sections.flatMap((sec) => sec.blocks).flatMap((b) => (b.kind === 'figure' ? [b] : []));
  const mapped = figures.flatMap((f, i) => (f.number === undefined ? [] : [[f.number, i + 1] as const]));
  if (mapped.length > 0) {
    const list = mapped.map(([orig, here]) => `${orig} → ${here}`).join(', ');
    out.push(para(L, { ru: 'Нумерация рисунков', en: 'Figure numbers' }, {
      ru: `Здесь пронумерованы все рисунки, по порядку. Рисунки исходного доклада соответствуют рисункам этого отчёта так: ${list}.`,
      en: `Every chart here is numbered, in reading order. The original report's figures are this report's as follows: ${list}.`,
    }));
  }
  const time = meanCompletionMinutes(dataset);
  if (time !== undefined) {
    const m = time.mean.toFixed(1);
    const top = time.openTop > 0;
    out.push(para(L, { ru: 'Время заполнения', en: 'Completion time' }, {
      ru: `В среднем анкету заполняли ${m.replace('.', ',')} мин (${time.n} ответов). Сервер не записывает время: с ответом хранится только интервал минут (0–4, 5–9, 10–14, 15–19, 20–29, 30–59, 60 и больше); среднее посчитано по серединам интервалов${top ? ', интервал «60 и больше» — по нижней границе' : ''}.`,
      en: `The mean completion time was ${m} minutes (${time.n} responses). The server records no times: only a band of minutes is kept with each response (0–4, 5–9, 10–14, 15–19, 20–29, 30–59, 60 or more); the mean counts each band at its midpoint${top ? ', the band "60 or more" at its lower edge' : ''}.`,
    }));
  }
  out.push(para(L, { ru: 'Защита респондентов', en: 'Disclosure control' }, {
    ru: `Каждая таблица проверяется перед публикацией: числа от 1 до ${policy.minCell - 1} скрыты, как и ячейки, по которым их можно было бы вычислить; нули показаны. Для микроданных требуется k-анонимность с k = ${policy.k}. Проценты округлены так, как в исходном докладе. Цитаты подписаны только полом и возрастом, округлённым до ${Math.max(5, policy.quote.ageRounding)} лет.`,
    en: `Every table passes disclosure control: counts from 1 to ${policy.minCell - 1} are suppressed, with the cells that would reveal them; zeros are shown. Microdata must be k-anonymous with k = ${policy.k}. Percentages are rounded as the original report printed them. Quotes carry only sex and age rounded to ${Math.max(5, policy.quote.ageRounding)} years.`,
  }));
  out.push(para(L, { ru: 'Пропуски и базы', en: 'Missing values and bases' }, {
    ru: 'У каждого процента указана база. «Кому задавался вопрос»: все, кому он был показан, включая пропустивших, «затрудняюсь ответить» и «предпочитаю не отвечать». «Ответившие»: без пропустивших (но с «затрудняюсь» и «не отвечать»). Подгруппа: только отвечающие условию. Не показанные по условию вопросы в базу не входят.',
    en: "Every percentage states its base. 'Asked': everyone shown the question, including those who skipped it, said they did not know or preferred not to answer. 'Answered': skips left out ('don't know' and 'prefer not' kept). Subgroups: those meeting the condition. Respondents not shown a question by its condition are never in its base.",
  }));
  return { paragraphs: out };
}
