// `portas check PATH...`: validates questionnaires (or whole study folders) and prints every problem at once.

import { existsSync, statSync } from 'node:fs';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../core/diagnostic.ts';
import { itemsOf, type Instrument } from '../instrument/model.ts';
import { readInstrumentFile } from '../study/instrument-file.ts';
import { loadStudy } from '../study/load.ts';
import type { Command } from './command.ts';

export const checkCommand: Command = {
  name: 'check',
  usage: 'check PATH...',
  summary: 'validate questionnaire files (instrument.yaml) or study folders; exit 1 if any has an error',
  async run(args) {
    if (args.length === 0) {
      console.error('portas check: name at least one instrument file or study folder, e.g. studies/russians-in-serbia');
      return 2;
    }
    let failed = false;
    for (const path of args) {
      // A folder is checked whole (settings, disclosure, report spec too); a file as a questionnaire.
      const folder = existsSync(path) && statSync(path).isDirectory();
      const loaded: { instrument?: Instrument | undefined; diagnostics: Diagnostic[] } = folder ? await loadStudy(path).then((l) => ({ instrument: l.study?.instrument, diagnostics: l.diagnostics })) : readInstrumentFile(path);
      const { instrument, diagnostics } = loaded;
      for (const d of diagnostics) console.error(formatDiagnostic(d));
      if (instrument === undefined || hasErrors(diagnostics)) {
        failed = true;
        const n = diagnostics.filter((d) => d.severity === 'error').length;
        console.error(`${path}: ${String(n)} error${n === 1 ? '' : 's'}`);
      } else {
        const items = [...itemsOf(instrument)];
        const warnings = diagnostics.length;
        console.log(`${path}: ok — study '${instrument.study}' version ${instrument.version}, ${String(instrument.sections.length)} pages, ${String(items.length)} items, languages ${instrument.languages.join(', ')}${warnings > 0 ? `, ${String(warnings)} warning(s)` : ''}`);
      }
    }
    return failed ? 1 : 0;
  },
};
