// `portas check PATH...`: validates questionnaires and prints every problem at once.

import { readFileSync } from 'node:fs';
import { formatDiagnostic, hasErrors } from '../core/diagnostic.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import { itemsOf } from '../instrument/model.ts';
import type { Command } from './command.ts';

export const checkCommand: Command = {
  name: 'check',
  usage: 'check PATH...',
  summary: 'validate questionnaire files (instrument.yaml); exit 1 if any has an error',
  run(args) {
    if (args.length === 0) {
      console.error('portas check: name at least one instrument file, e.g. studies/russians-in-serbia/instrument.yaml');
      return Promise.resolve(2);
    }
    let failed = false;
    for (const path of args) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        console.error(`${path}: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
        failed = true;
        continue;
      }
      const { instrument, diagnostics } = loadInstrumentYaml(text, path);
      for (const d of diagnostics) console.error(formatDiagnostic(d));
      if (instrument === undefined || hasErrors(diagnostics)) {
        failed = true;
        const n = diagnostics.filter((d) => d.severity === 'error').length;
        console.error(`${path}: ${n} error${n === 1 ? '' : 's'}`);
      } else {
        const items = [...itemsOf(instrument)];
        const warnings = diagnostics.length;
        console.log(`${path}: ok — study '${instrument.study}' version ${instrument.version}, ${instrument.sections.length} pages, ${items.length} items, languages ${instrument.languages.join(', ')}${warnings > 0 ? `, ${warnings} warning(s)` : ''}`);
      }
    }
    return Promise.resolve(failed ? 1 : 0);
  },
};
