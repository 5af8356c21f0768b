// The report's diagnostic codes (the report spec and computing a report) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const REPORT_CODES = catalogue({
  en: {
    'report.wrong-study': 'the report spec is for another study',
    'report.wrong-type': '{subject} has the wrong type',
    'report.missing-field': '{subject} lacks a required field',
    'report.missing-label': '{subject} lacks a text in one of the report’s languages',
    'report.bad-key': 'the key {subject} is not valid',
    'report.duplicate-key': 'the block key {subject} is used twice',
    'report.unknown-block': '{subject} is not a known kind of block',
    'report.unknown-item': '{subject} names an item the instrument does not have',
    'report.wrong-item-kind': 'the item of {subject} is of the wrong kind',
    'report.unknown-recode': '{subject} names a recode the item does not have',
    'report.unknown-net': '{subject} names a net the item does not have',
    'report.unknown-code': '{subject} names a code the item does not have',
    'report.unknown-category': '{subject} names a category the block does not have',
    'report.unknown-row': '{subject} names a row the battery does not have',
    'report.bad-base': 'the base of {subject} is not valid',
    'report.bad-filter': 'a filter of {subject} is not valid',
    'report.bad-groups': 'the groups of {subject} are not valid',
    'report.bad-expected': 'the expected direction of {subject} is not valid',
    'report.bad-published': 'a published number of {subject} is not a printed percentage',
    'report.bad-option': 'a report option is not valid',
    'report.no-variable': 'the dataset has no variable {subject}',
    'report.unknown-benchmark': '{subject} names a population benchmark that does not exist',
    'report.typed-number': 'the text of {subject} types a number by hand instead of referring to report.json',
    'report.unknown-reference': 'the text of {subject} refers to a number the report does not have',
    'report.too-many-categories': '{subject} has too many categories to draw',
    'report.no-spec': 'the study has no report.yaml',
    'report.hidden-cells': 'some numbers of {subject} are hidden to protect respondents; the report shows “suppressed” in their place',
    'report.hidden-in-text': 'the text of {subject} quotes a number that is hidden to protect respondents; the report shows a placeholder instead',
  },
  ru: {
    'report.wrong-study': 'спецификация отчёта относится к другому исследованию',
    'report.wrong-type': 'у {subject} неверный тип',
    'report.missing-field': 'в {subject} нет обязательного поля',
    'report.missing-label': 'в {subject} нет текста на одном из языков отчёта',
    'report.bad-key': 'ключ {subject} недопустим',
    'report.duplicate-key': 'ключ блока {subject} использован дважды',
    'report.unknown-block': '{subject} — неизвестный вид блока',
    'report.unknown-item': '{subject} ссылается на вопрос, которого нет в анкете',
    'report.wrong-item-kind': 'вопрос в {subject} не того вида',
    'report.unknown-recode': '{subject} ссылается на перекодировку, которой у вопроса нет',
    'report.unknown-net': '{subject} ссылается на объединение категорий, которого у вопроса нет',
    'report.unknown-code': '{subject} ссылается на код, которого у вопроса нет',
    'report.unknown-category': '{subject} ссылается на категорию, которой в блоке нет',
    'report.unknown-row': '{subject} ссылается на строку, которой в батарее нет',
    'report.bad-base': 'база {subject} некорректна',
    'report.bad-filter': 'фильтр в {subject} некорректен',
    'report.bad-groups': 'группы в {subject} некорректны',
    'report.bad-expected': 'ожидаемое направление в {subject} некорректно',
    'report.bad-published': 'опубликованное число в {subject} не является напечатанным процентом',
    'report.bad-option': 'параметр отчёта некорректен',
    'report.no-variable': 'в данных нет переменной {subject}',
    'report.unknown-benchmark': '{subject} ссылается на несуществующие контрольные данные о генеральной совокупности',
    'report.typed-number': 'в тексте {subject} число набрано вручную, а не взято из report.json',
    'report.unknown-reference': 'текст {subject} ссылается на число, которого в отчёте нет',
    'report.too-many-categories': 'в {subject} слишком много категорий для графика',
    'report.no-spec': 'у исследования нет report.yaml',
    'report.hidden-cells': 'часть чисел в {subject} скрыта для защиты респондентов; в отчёте на их месте написано «скрыто»',
    'report.hidden-in-text': 'текст {subject} приводит число, скрытое для защиты респондентов; в отчёте вместо него стоит пометка',
  },
});

export type ReportCode = keyof typeof REPORT_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly report: typeof REPORT_CODES;
  }
}
