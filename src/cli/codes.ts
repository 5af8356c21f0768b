// The CLI's own diagnostic codes (reading researchers' files) with their messages in every UI language.

import { catalogue } from '../core/diagnostic.ts';

export const CLI_CODES = catalogue({
  en: {
    'dataset.unreadable': 'the data package folder cannot be read',
  },
  ru: {
    'dataset.unreadable': 'папку с пакетом данных не удаётся прочитать',
  },
});

export type CliCode = keyof typeof CLI_CODES;

declare module '../core/diagnostic.ts' {
  interface DiagnosticCodes {
    readonly cli: typeof CLI_CODES;
  }
}
