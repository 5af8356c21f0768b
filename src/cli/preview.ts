// `portas preview PATH [--lang ru|en]`: prints the questionnaire as a respondent would meet it, page by page.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../core/diagnostic.ts';
import type { Instrument } from '../instrument/model.ts';
import { INSTRUMENT_FILE } from '../study/files.ts';
import { readInstrumentFile } from '../study/instrument-file.ts';
import { previewAsText } from '../study/preview.ts';
import { readArgs, type Command } from './command.ts';
import { printOptionProblems } from './problems.ts';

/** Reads and validates an instrument file (or a study folder's), printing problems; undefined when it has errors. */
export function loadInstrumentFile(path: string): Instrument | undefined {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, INSTRUMENT_FILE) : path;
  const { instrument, diagnostics } = readInstrumentFile(file);
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  return instrument;
}

export const previewCommand: Command = {
  name: 'preview',
  usage: 'preview PATH [--lang CODE]',
  summary: 'print a questionnaire page by page, in one of its languages',
  run(args) {
    const { values, positionals } = readArgs(args, { lang: { type: 'string' } });
    const [path] = positionals;
    if (path === undefined) {
      console.error('portas preview: name an instrument file or a study folder');
      return Promise.resolve(2);
    }
    const instrument = loadInstrumentFile(path);
    if (instrument === undefined) return Promise.resolve(1);
    const text = previewAsText(instrument, values.lang);
    if (!text.ok) return Promise.resolve(printOptionProblems('preview', text.error));
    console.log(text.value);
    return Promise.resolve(0);
  },
};
