// `portas export-form --xlsform STUDY --out FORM.xlsx`: a study's questionnaire as an XLSForm for ODK/Kobo and colleagues.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportXlsform } from '../instrument/xlsform/export.ts';
import type { Command } from './command.ts';
import { loadInstrumentFile } from './preview.ts';
import { writeWorkbook } from '../study/xlsx-io.ts';

const HELP = `usage: portas export-form --xlsform STUDY_DIR|instrument.yaml --out FORM.xlsx [--force]

Writes the questionnaire as an XLSForm (sheets survey, choices, settings) in ODK and
KoboToolbox conventions: one field-list group per page, choice names are the codes,
"don't know" and "prefer not to answer" as choices. A 'portas' column keeps what XLSForm
cannot say (flags, nets, recodes, ranges), so 'portas import xlsform' gives back the same
instrument. For showing colleagues or a non-sensitive pilot elsewhere: other tools do not
seal answers the way portas does. See docs/xlsform.md.`;

export const exportFormCommand: Command = {
  name: 'export-form',
  usage: 'export-form --xlsform STUDY --out FORM.xlsx',
  summary: 'write a study questionnaire as an XLSForm (ODK/Kobo spreadsheet)',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], allowPositionals: true, options: { xlsform: { type: 'boolean', default: false }, out: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
    } catch (e) {
      console.error(`portas export-form: ${(e as Error).message}\n${HELP}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const [source] = positionals;
    if (!values.xlsform || source === undefined || values.out === undefined) {
      console.error(HELP);
      return 2;
    }
    if (existsSync(values.out) && !values.force) {
      console.error(`${values.out}: error: already exists; pass --force to replace it`);
      return 2;
    }
    const path = existsSync(source) && statSync(source).isDirectory() ? join(source, 'instrument.yaml') : source;
    const instrument = loadInstrumentFile(path);
    if (instrument === undefined) return 1;
    await writeWorkbook(values.out, exportXlsform(instrument));
    console.log(`${values.out}: written — ${instrument.sections.length} pages, languages ${instrument.languages.join(', ')}`);
    return 0;
  },
};
