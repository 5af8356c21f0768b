// The instrument loader's diagnostic codes (the constants in messages.ts) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';
import type { InstrumentCode } from './messages.ts';

export const INSTRUMENT_CATALOGUE = catalogue<InstrumentCode>({
  en: {
    'instrument.yaml-syntax': 'the file is not valid YAML',
    'instrument.yaml-alias': 'YAML aliases are not allowed in instrument files',
    'instrument.wrong-type': '{subject} has the wrong type',
    'instrument.missing-key': '{subject} lacks a required key',
    'instrument.unknown-key': '{subject} has a key portas does not know',
    'instrument.bad-name': '{subject} is not a valid name',
    'instrument.duplicate-name': 'the name {subject} is used twice',
    'instrument.duplicate-code': 'a choice code is used twice in {subject}',
    'instrument.reserved-code': 'a choice code in {subject} is reserved for missing values',
    'instrument.bad-code': 'a choice code in {subject} is not an integer',
    'instrument.unknown-choice-list': '{subject} names a choice list that does not exist',
    'instrument.missing-label': '{subject} lacks a text in a declared language',
    'instrument.unknown-language': '{subject} has a text in an undeclared language',
    'instrument.bad-range': 'the range of {subject} is not valid',
    'instrument.bad-expression': 'the expression in {subject} does not parse',
    'instrument.unknown-reference': '{subject} refers to an item that does not exist',
    'instrument.later-reference': '{subject} refers to an item asked later',
    'instrument.same-page-reference': '{subject} refers to an item on the same page',
    'instrument.cycle': 'the conditions of {subject} depend on each other in a cycle',
    'instrument.wrong-reference-type': '{subject} uses an item of the wrong kind',
    'instrument.bad-net': 'a net of {subject} is not valid',
    'instrument.bad-recode': 'a recode of {subject} is not valid',
    'instrument.bad-exclusive': 'an exclusive choice of {subject} is not valid',
    'instrument.empty': 'the instrument has no questions',
    'instrument.bad-other': 'the “other, please specify” of {subject} is not valid',
    'instrument.bad-date': 'the date settings of {subject} are not valid',
    'instrument.bad-constraint': 'the constraint of {subject} is not valid',
    'instrument.bad-piping': 'a text of {subject} pipes in an answer it cannot show',
  },
  ru: {
    'instrument.yaml-syntax': 'файл не является корректным YAML',
    'instrument.yaml-alias': 'псевдонимы YAML в файлах анкеты не допускаются',
    'instrument.wrong-type': 'у {subject} неверный тип',
    'instrument.missing-key': 'в {subject} нет обязательного ключа',
    'instrument.unknown-key': 'в {subject} есть ключ, неизвестный portas',
    'instrument.bad-name': '{subject} — недопустимое имя',
    'instrument.duplicate-name': 'имя {subject} использовано дважды',
    'instrument.duplicate-code': 'код варианта ответа в {subject} использован дважды',
    'instrument.reserved-code': 'код варианта ответа в {subject} зарезервирован для пропущенных значений',
    'instrument.bad-code': 'код варианта ответа в {subject} не является целым числом',
    'instrument.unknown-choice-list': '{subject} ссылается на несуществующий список вариантов',
    'instrument.missing-label': 'в {subject} нет текста на одном из объявленных языков',
    'instrument.unknown-language': 'в {subject} есть текст на необъявленном языке',
    'instrument.bad-range': 'диапазон {subject} некорректен',
    'instrument.bad-expression': 'выражение в {subject} не удаётся разобрать',
    'instrument.unknown-reference': '{subject} ссылается на несуществующий вопрос',
    'instrument.later-reference': '{subject} ссылается на вопрос, который задаётся позже',
    'instrument.same-page-reference': '{subject} ссылается на вопрос на той же странице',
    'instrument.cycle': 'условия {subject} циклически зависят друг от друга',
    'instrument.wrong-reference-type': '{subject} использует вопрос не того вида',
    'instrument.bad-net': 'объединение категорий в {subject} некорректно',
    'instrument.bad-recode': 'перекодировка в {subject} некорректна',
    'instrument.bad-exclusive': 'исключающий вариант в {subject} некорректен',
    'instrument.empty': 'в анкете нет вопросов',
    'instrument.bad-other': 'вариант «другое (уточните)» в {subject} некорректен',
    'instrument.bad-date': 'настройки даты в {subject} некорректны',
    'instrument.bad-constraint': 'ограничение в {subject} некорректно',
    'instrument.bad-piping': 'текст {subject} подставляет ответ, который нельзя показать',
  },
});

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly instrument: typeof INSTRUMENT_CATALOGUE;
  }
}
