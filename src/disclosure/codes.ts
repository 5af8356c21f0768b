// The disclosure domain's diagnostic codes (DisclosureCode in messages.ts) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';
import type { DisclosureCode } from './messages.ts';

export const DISCLOSURE_CODES = catalogue<DisclosureCode>({
  en: {
    'disclosure.recode-type': 'the variable {subject} cannot be recoded',
    'disclosure.recode-unmapped': 'the recode of {subject} leaves codes without a coarse code',
    'disclosure.topcode-type': 'the variable {subject} cannot be top- or bottom-coded',
    'disclosure.too-few-records': 'too few records to release microdata',
    'disclosure.k-not-reached': 'the release does not reach the policy’s k-anonymity',
    'disclosure.risk-too-high': 'the re-identification risk is above the policy’s limit',
    'disclosure.policy': 'the disclosure policy is not valid',
    'disclosure.table-shape': 'the table is not a table of counts the release gate can protect',
    'disclosure.release-line': 'the release does not follow its release line’s protected master',
  },
  ru: {
    'disclosure.recode-type': 'переменную {subject} нельзя перекодировать',
    'disclosure.recode-unmapped': 'перекодировка {subject} оставляет коды без укрупнённого кода',
    'disclosure.topcode-type': 'для переменной {subject} нельзя ограничить крайние значения',
    'disclosure.too-few-records': 'слишком мало записей, чтобы выпустить микроданные',
    'disclosure.k-not-reached': 'выпуск не достигает k-анонимности, требуемой политикой',
    'disclosure.risk-too-high': 'риск повторной идентификации выше предела политики',
    'disclosure.policy': 'политика защиты от раскрытия некорректна',
    'disclosure.table-shape': 'таблица не является таблицей частот, которую может защитить контроль выпуска',
    'disclosure.release-line': 'выпуск не следует защищённому мастер-файлу своей линии выпусков',
  },
});

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly disclosure: typeof DISCLOSURE_CODES;
  }
}
