// `portas export-form --xlsform STUDY --out FORM.xlsx`: a study's questionnaire as an XLSForm for ODK/Kobo and colleagues.

import { existsSync } from 'node:fs';
import { exportXlsform } from '../instrument/xlsform/export.ts';
import { writeWorkbook } from '../study/xlsx-io.ts';
import { readArgs, type Command } from './command.ts';
import { COMMAND_HELP } from './help.ts';
import { loadInstrumentFile } from './preview.ts';

export const exportFormCommand: Command = {
  name: 'export-form',
  usage: 'export-form --xlsform STUDY --out FORM.xlsx',
  summary: 'write a study questionnaire as an XLSForm (ODK/Kobo spreadsheet)',
  async run(args) {
    const { values, positionals } = readArgs(args, { xlsform: { type: 'boolean', default: false }, out: { type: 'string' }, force: { type: 'boolean', default: false } });
    const [source] = positionals;
    if (!values.xlsform || source === undefined || values.out === undefined) {
      console.error(`usage: portas ${this.usage} [--force]\n\n${COMMAND_HELP['export-form'] ?? ''}`);
      return 2;
    }
    if (existsSync(values.out) && !values.force) {
      console.error(`${values.out}: error: already exists; pass --force to replace it`);
      return 2;
    }
    const instrument = loadInstrumentFile(source);
    if (instrument === undefined) return 1;
    await writeWorkbook(values.out, exportXlsform(instrument));
    console.log(`${values.out}: written — ${String(instrument.sections.length)} pages, languages ${instrument.languages.join(', ')}`);
    return 0;
  },
};
