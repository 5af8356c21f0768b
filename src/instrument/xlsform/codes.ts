// The XLSForm importer's diagnostic codes with their messages in every UI language.

import { catalogue } from '../../core/diagnostic.ts';

export const XLSFORM_CATALOGUE = catalogue({
  en: {
    'xlsform.no-survey': 'the workbook has no survey sheet',
    'xlsform.portas-column': 'the portas cell of {subject} is not readable',
    'xlsform.unknown-language': 'a label column names a language portas cannot tell',
    'xlsform.incomplete-language': 'a language is left out: its column is incomplete',
    'xlsform.no-label': '{subject} has no label',
    'xlsform.texts': 'the standard texts are not translated',
    'xlsform.renamed': '{subject} is imported under another name',
    'xlsform.relevance': 'the condition of {subject} cannot be carried over',
    'xlsform.constraint': 'the constraint of {subject} cannot be carried over',
    'xlsform.page-split': 'a page is split before {subject}',
    'xlsform.piping': 'a text of {subject} pipes in an answer that is not carried over',
    'xlsform.repeat': '{subject} cannot be carried over',
    'xlsform.calculate': 'the calculation {subject} is not carried over',
    'xlsform.unsupported-type': 'the type of {subject} cannot be carried over',
    'xlsform.unknown-type': 'the type of {subject} is unknown',
    'xlsform.unknown-list': '{subject} names a choice list the form does not have',
    'xlsform.no-name': 'a question has no name',
    'xlsform.default': 'the default of {subject} is not carried over',
    'xlsform.choice-filter': 'the choice filter of {subject} is not carried over',
    'xlsform.repeat-count': 'the repeat count of {subject} is not carried over',
    'xlsform.metadata': 'device and time metadata are not collected',
    'xlsform.required': 'required questions are asked again once instead',
  },
  ru: {
    'xlsform.no-survey': 'в книге нет листа survey',
    'xlsform.portas-column': 'ячейку portas в {subject} не удаётся прочитать',
    'xlsform.unknown-language': 'столбец подписей называет язык, который portas не может определить',
    'xlsform.incomplete-language': 'язык пропущен: его столбец заполнен не полностью',
    'xlsform.no-label': 'у {subject} нет подписи',
    'xlsform.texts': 'стандартные тексты не переведены',
    'xlsform.renamed': '{subject} импортирован под другим именем',
    'xlsform.relevance': 'условие показа {subject} нельзя перенести',
    'xlsform.constraint': 'ограничение {subject} нельзя перенести',
    'xlsform.page-split': 'страница разделена перед {subject}',
    'xlsform.piping': 'текст {subject} подставляет ответ, который не переносится',
    'xlsform.repeat': '{subject} нельзя перенести',
    'xlsform.calculate': 'вычисление {subject} не переносится',
    'xlsform.unsupported-type': 'тип {subject} нельзя перенести',
    'xlsform.unknown-type': 'тип {subject} неизвестен',
    'xlsform.unknown-list': '{subject} ссылается на список вариантов, которого нет в форме',
    'xlsform.no-name': 'у вопроса нет имени',
    'xlsform.default': 'значение по умолчанию у {subject} не переносится',
    'xlsform.choice-filter': 'фильтр вариантов у {subject} не переносится',
    'xlsform.repeat-count': 'число повторов у {subject} не переносится',
    'xlsform.metadata': 'метаданные устройства и времени не собираются',
    'xlsform.required': 'обязательные вопросы вместо этого задаются повторно один раз',
  },
});

export type XlsformCode = keyof typeof XLSFORM_CATALOGUE;
/** The part after `xlsform.`, as the importer names its problems. */
export type XlsformProblem = XlsformCode extends `xlsform.${infer P}` ? P : never;

declare module '../../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly xlsform: typeof XLSFORM_CATALOGUE;
  }
}
