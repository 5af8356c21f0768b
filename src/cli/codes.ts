// The CLI's own diagnostic codes (reading researchers' files) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const CLI_CODES = catalogue({
  en: {
    'dataset.unreadable': 'the data package folder cannot be read',
    'export.design': 'a design variable cannot be added to the release',
    'export.language': 'the release cannot be written in {subject}',
    'export.register': 'the release register does not allow this release',
  },
  ru: {
    'dataset.unreadable': 'папку с пакетом данных не удаётся прочитать',
    'export.design': 'переменную дизайна выборки нельзя добавить в выпуск',
    'export.language': 'выпуск нельзя записать на языке {subject}',
    'export.register': 'реестр выпусков не допускает этот выпуск',
  },
});

export type CliCode = keyof typeof CLI_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly cli: typeof CLI_CODES;
  }
}
