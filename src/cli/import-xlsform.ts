// `portas import xlsform FORM.xlsx --out studies/NAME/`: an XLSForm as instrument.yaml, with every problem located by cell
// (src/study/create.ts makes the study; this reads the command line and prints).

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatDiagnostic, hasErrors } from '../core/diagnostic.ts';
import { formatSheetDiagnostic } from '../instrument/xlsform/workbook.ts';
import { createStudyFromXlsform } from '../study/create.ts';
import { readArgs, type Command } from './command.ts';
import { COMMAND_HELP } from './help.ts';

export const importCommand: Command = {
  name: 'import',
  usage: 'import xlsform FORM.xlsx --out DIR',
  summary: 'turn an XLSForm (ODK/Kobo spreadsheet) into instrument.yaml, reporting what cannot be carried over',
  async run(args) {
    const { values, positionals } = readArgs(args, { out: { type: 'string' }, 'missing-codes': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } });
    const [format, form] = positionals;
    if (format !== 'xlsform' || form === undefined || values.out === undefined) {
      console.error(`usage: portas ${this.usage} [--missing-codes] [--force]\n\n${COMMAND_HELP['import'] ?? ''}`);
      return 2;
    }
    const target = join(values.out, 'instrument.yaml');
    if (existsSync(target) && !values.force) {
      console.error(`${target}: error: already exists; pass --force to replace it`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(form);
    } catch (e) {
      console.error(`${form}: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return 2;
    }
    const created = await createStudyFromXlsform(bytes, values.out, { fileName: basename(form), mapMissing: values['missing-codes'], replace: values.force });
    for (const d of created.source) console.error(d.position === undefined ? `${form}: ${formatDiagnostic(d)}` : formatSheetDiagnostic(d));
    if (!created.written) return 2;
    // The written study's own errors (a language without respondent messages, say); its warnings are portas check's.
    for (const d of created.diagnostics.filter((x) => x.severity === 'error')) console.error(formatDiagnostic(d));
    if (created.missingMapping.length > 0) {
      console.log('typed missing values (--missing-codes):');
      for (const line of created.missingMapping) console.log(`  ${line}`);
    }
    const errors = created.source.filter((d) => d.severity === 'error').length;
    const warnings = created.source.length - errors;
    console.log(`${target}: written${errors > 0 ? ` — ${String(errors)} part(s) not carried over` : ''}${warnings > 0 ? `, ${String(warnings)} warning(s)` : ''}`);
    return hasErrors(created.source) ? 1 : 0;
  },
};
