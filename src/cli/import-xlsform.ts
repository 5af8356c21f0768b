// `portas import xlsform FORM.xlsx --out studies/NAME/`: an XLSForm as instrument.yaml, with every problem located by cell.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasErrors } from '../core/diagnostic.ts';
import { importXlsform } from '../instrument/xlsform/import.ts';
import { formatSheetDiagnostic } from '../instrument/xlsform/workbook.ts';
import type { Command } from './command.ts';
import { readWorkbook } from '../study/xlsx-io.ts';

const HELP = `usage: portas import xlsform FORM.xlsx --out studies/NAME/ [--missing-codes] [--force]

Reads an XLSForm (ODK / KoboToolbox: sheets survey, choices, settings) and writes
studies/NAME/instrument.yaml. Everything that cannot be carried over is reported as
form.xlsx:survey:R14:C3 with the item and what to do instead; nothing is dropped silently.
Exit 0: imported completely; 1: written, but some parts were not carried over; 2: not written.

  --missing-codes   map choices named dont_know, dk, dnk, refused, prefer_not, pnta, -88, -99, 98, 99…
                    to portas' typed missing values ("don't know", "prefer not to answer"); the
                    mapping is printed
  --force           replace an existing instrument.yaml
See docs/xlsform.md.`;

export const importCommand: Command = {
  name: 'import',
  usage: 'import xlsform FORM.xlsx --out DIR',
  summary: 'turn an XLSForm (ODK/Kobo spreadsheet) into instrument.yaml, reporting what cannot be carried over',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], allowPositionals: true, options: { out: { type: 'string' }, 'missing-codes': { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
    } catch (e) {
      console.error(`portas import: ${(e as Error).message}\n${HELP}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const [format, form] = positionals;
    if (format !== 'xlsform' || form === undefined || values.out === undefined) {
      console.error(HELP);
      return 2;
    }
    const target = join(values.out, 'instrument.yaml');
    if (existsSync(target) && !values.force) {
      console.error(`${target}: error: already exists; pass --force to replace it`);
      return 2;
    }
    let book;
    try {
      book = await readWorkbook(form);
    } catch (e) {
      console.error(`${form}: error: cannot read it as an .xlsx workbook (${(e as Error).message})`);
      return 2;
    }
    const result = importXlsform(book, { mapMissing: values['missing-codes'] });
    for (const d of result.diagnostics) console.error(formatSheetDiagnostic(d));
    if (result.yaml === '') return 2;
    if (result.missingMapping.length > 0) {
      console.log('typed missing values (--missing-codes):');
      for (const line of result.missingMapping) console.log(`  ${line}`);
    }
    mkdirSync(values.out, { recursive: true });
    writeFileSync(target, `# Imported from ${book.file} by portas import xlsform; see docs/xlsform.md.\n${result.yaml}`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    console.log(`${target}: written${errors > 0 ? ` — ${errors} part(s) not carried over` : ''}${warnings > 0 ? `, ${warnings} warning(s)` : ''}`);
    return hasErrors(result.diagnostics) ? 1 : 0;
  },
};
