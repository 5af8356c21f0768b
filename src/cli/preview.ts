// `portas preview PATH [--lang ru|en]`: prints the questionnaire as a respondent would meet it, page by page.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { previewText } from '../collect/preview-text.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import type { Instrument } from '../instrument/model.ts';
import type { Command } from './command.ts';

/** Reads and validates an instrument file, printing problems; undefined when it has errors. */
export function loadInstrumentFile(path: string): Instrument | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    console.error(`${path}: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    return undefined;
  }
  const { instrument, diagnostics } = loadInstrumentYaml(text, path);
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  return instrument;
}

export const previewCommand: Command = {
  name: 'preview',
  usage: 'preview PATH [--lang CODE]',
  summary: 'print a questionnaire page by page, in one of its languages',
  run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { lang: { type: 'string' } }, allowPositionals: true });
    const [path] = positionals;
    if (path === undefined) {
      console.error('portas preview: name an instrument file');
      return Promise.resolve(2);
    }
    const instrument = loadInstrumentFile(path);
    if (instrument === undefined) return Promise.resolve(1);
    const lang = values.lang ?? instrument.languages[0];
    if (!instrument.languages.includes(lang)) {
      console.error(`portas preview: '${lang}' is not a language of this instrument (${instrument.languages.join(', ')})`);
      return Promise.resolve(2);
    }
    console.log(previewText(instrument, lang));
    return Promise.resolve(0);
  },
};
