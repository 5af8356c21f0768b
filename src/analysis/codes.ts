// The analysis domain's diagnostic codes (estimates, tables, weighting, data packages) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const ANALYSIS_CODES = catalogue({
  en: {
    'analysis.bad-spec': 'the estimate spec is not valid',
    'analysis.bad-weight': 'a weight is not a finite non-negative number',
    'analysis.bad-population-total': 'a population total is not a finite non-negative number',
    'analysis.cell-not-in-population': 'a sample cell has no population total',
    'analysis.duplicate-population-cell': 'a population cell is listed twice',
    'analysis.empty-sample-cell': 'a population cell has no respondents in the sample',
    'analysis.missing-calibration-variable': 'a calibration variable is missing in a row',
    'analysis.missing-design-variable': 'a design variable is missing in a row',
    'analysis.csv-syntax': 'the CSV file does not parse',
    'analysis.csv-empty': 'the CSV file is empty',
    'analysis.csv-bad-header': 'a CSV column name is empty or repeated',
    'analysis.csv-ragged': 'a CSV row has a different number of cells than the header',
    'analysis.csv-not-a-number': 'a CSV cell is not a number',
    'analysis.design-length': 'the design and the dataset have different numbers of rows',
    'analysis.empty-set': 'the question set {subject} has no variables',
    'analysis.unknown-set': 'there is no question set {subject}',
    'analysis.unknown-variable': 'there is no variable {subject}',
    'analysis.unknown-column': 'there is no column {subject}',
    'analysis.wrong-variable-type': 'the variable {subject} has the wrong type for this table',
    'analysis.lonely-psu': 'a stratum has only one primary sampling unit',
    'analysis.not-bootstrap': 'the spec does not ask for bootstrap variances',
    'analysis.rake-no-margins': 'raking needs at least one margin',
    'analysis.rake-inconsistent-margins': 'the raking margins do not sum to the same total',
    'analysis.table-too-small': 'a test of association needs at least two rows and two columns',
    'datapackage.json-syntax': 'datapackage.json is not valid JSON',
    'datapackage.descriptor': 'datapackage.json is not a portas data package descriptor',
    'datapackage.field': 'a field of datapackage.json is not valid',
    'datapackage.csv-syntax': 'data.csv does not parse',
    'datapackage.csv-header': 'the header of data.csv does not match the descriptor',
    'datapackage.csv-rows': 'data.csv does not have the number of rows the descriptor declares',
    'datapackage.csv-row': 'a row of data.csv has the wrong number of cells',
    'datapackage.csv-value': 'a value in data.csv does not fit its field',
  },
  ru: {
    'analysis.bad-spec': 'спецификация оценок некорректна',
    'analysis.bad-weight': 'вес не является конечным неотрицательным числом',
    'analysis.bad-population-total': 'численность в генеральной совокупности не является конечным неотрицательным числом',
    'analysis.cell-not-in-population': 'для ячейки выборки нет численности в генеральной совокупности',
    'analysis.duplicate-population-cell': 'ячейка генеральной совокупности указана дважды',
    'analysis.empty-sample-cell': 'в ячейке генеральной совокупности нет ни одного респондента выборки',
    'analysis.missing-calibration-variable': 'в строке нет значения калибровочной переменной',
    'analysis.missing-design-variable': 'в строке нет значения переменной дизайна выборки',
    'analysis.csv-syntax': 'CSV-файл не удаётся разобрать',
    'analysis.csv-empty': 'CSV-файл пуст',
    'analysis.csv-bad-header': 'имя столбца CSV пустое или повторяется',
    'analysis.csv-ragged': 'в строке CSV другое число ячеек, чем в заголовке',
    'analysis.csv-not-a-number': 'ячейка CSV не является числом',
    'analysis.design-length': 'в дизайне выборки и в данных разное число строк',
    'analysis.empty-set': 'в наборе вопросов {subject} нет переменных',
    'analysis.unknown-set': 'набора вопросов {subject} нет',
    'analysis.unknown-variable': 'переменной {subject} нет',
    'analysis.unknown-column': 'столбца {subject} нет',
    'analysis.wrong-variable-type': 'переменная {subject} не того типа для этой таблицы',
    'analysis.lonely-psu': 'в страте только одна первичная единица отбора',
    'analysis.not-bootstrap': 'спецификация не запрашивает бутстреп-оценки дисперсии',
    'analysis.rake-no-margins': 'для рейкинга нужно хотя бы одно маргинальное распределение',
    'analysis.rake-inconsistent-margins': 'маргинальные распределения для рейкинга дают разные итоги',
    'analysis.table-too-small': 'для проверки связи нужны хотя бы две строки и два столбца',
    'datapackage.json-syntax': 'datapackage.json не является корректным JSON',
    'datapackage.descriptor': 'datapackage.json не является описанием пакета данных portas',
    'datapackage.field': 'поле в datapackage.json некорректно',
    'datapackage.csv-syntax': 'data.csv не удаётся разобрать',
    'datapackage.csv-header': 'заголовок data.csv не совпадает с описанием',
    'datapackage.csv-rows': 'в data.csv не то число строк, что указано в описании',
    'datapackage.csv-row': 'в строке data.csv неверное число ячеек',
    'datapackage.csv-value': 'значение в data.csv не соответствует своему полю',
  },
});

export type AnalysisCode = keyof typeof ANALYSIS_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly analysis: typeof ANALYSIS_CODES;
  }
}
