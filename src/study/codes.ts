// The study folder's own diagnostic codes (its files, keys, coupons and bundles) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const STUDY_CODES = catalogue({
  en: {
    'study.unreadable': 'the file cannot be read',
    'study.not-a-study': 'this folder is not a study (it holds no instrument.yaml)',
    'study.syntax': 'the file cannot be parsed',
    'study.setting': 'a study setting is not valid',
    'study.cap': 'a cap is not valid',
    'study.cap-conflict': 'these caps cannot work together as set',
    'study.disclosure': 'a disclosure setting is not valid',
    'study.public-key': 'the study has no usable public key (study.pub)',
    'study.server-limits': 'the questionnaire does not fit what the server accepts',
    'study.secret': 'a file that goes to the server holds a private key',
    'study.exists': 'already exists, and portas never overwrites it',
    'study.key': 'the study key cannot be made, split or opened',
    'study.store': 'the response store refused',
    'study.option': 'an option is not valid',
  },
  ru: {
    'study.unreadable': 'файл не удаётся прочитать',
    'study.not-a-study': 'эта папка — не исследование (в ней нет instrument.yaml)',
    'study.syntax': 'файл не удаётся разобрать',
    'study.setting': 'настройка исследования неверна',
    'study.cap': 'ограничение задано неверно',
    'study.cap-conflict': 'эти ограничения не могут работать вместе так, как заданы',
    'study.disclosure': 'настройка контроля раскрытия неверна',
    'study.public-key': 'у исследования нет пригодного открытого ключа (study.pub)',
    'study.server-limits': 'анкета не укладывается в то, что принимает сервер',
    'study.secret': 'файл, который уходит на сервер, содержит закрытый ключ',
    'study.exists': 'уже существует, а portas никогда не перезаписывает',
    'study.key': 'ключ исследования не удаётся создать, разделить или открыть',
    'study.store': 'хранилище ответов отказало',
    'study.option': 'параметр неверен',
  },
});

export type StudyCode = keyof typeof STUDY_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly study: typeof STUDY_CODES;
  }
}
