// The sampling domain's diagnostic codes (recruitment trees, RDS estimators, population size) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const SAMPLING_CODES = catalogue({
  en: {
    'rds.empty-id': 'a respondent id is empty',
    'rds.duplicate-id': 'a respondent id appears twice',
    'rds.self-recruited': 'a respondent is listed as their own recruiter',
    'rds.unknown-recruiter': 'a recruiter is not in the data',
    'rds.bad-degree': 'a network size is not a non-negative number',
    'rds.cycle': 'recruitment links form a cycle that no seed starts',
    'rds.no-degrees': 'no respondent reported a positive network size',
    'rds.estimate-undefined': 'the RDS estimate is not defined for this sample',
    'rds.population-too-small': 'the population size must exceed the sample size',
    'rds.bootstrap': 'the RDS bootstrap cannot run on this sample',
    'popsize.benchmarks-not-list': 'the benchmarks file is not a list of benchmarks',
    'popsize.benchmark-field': 'a field of {subject} is not valid',
  },
  ru: {
    'rds.empty-id': 'идентификатор респондента пуст',
    'rds.duplicate-id': 'идентификатор респондента встречается дважды',
    'rds.self-recruited': 'респондент указан как собственный рекрутер',
    'rds.unknown-recruiter': 'рекрутера нет в данных',
    'rds.bad-degree': 'размер сети не является неотрицательным числом',
    'rds.cycle': 'связи рекрутирования образуют цикл без исходного респондента',
    'rds.no-degrees': 'ни один респондент не указал положительный размер сети',
    'rds.estimate-undefined': 'RDS-оценка для этой выборки не определена',
    'rds.population-too-small': 'численность генеральной совокупности должна превышать объём выборки',
    'rds.bootstrap': 'RDS-бутстреп невозможен на этой выборке',
    'popsize.benchmarks-not-list': 'файл с контрольными данными не является списком',
    'popsize.benchmark-field': 'поле в {subject} некорректно',
  },
});

export type SamplingCode = keyof typeof SAMPLING_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly sampling: typeof SAMPLING_CODES;
  }
}
