// Reads a questionnaire file (instrument.yaml) with every problem located at file:line:col.

import type { Diagnostic } from '../core/diagnostic.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import type { Instrument } from '../instrument/model.ts';
import { readText } from './located.ts';

/** The instrument when it has no errors (warnings may remain), and every diagnostic. */
export function readInstrumentFile(path: string): { instrument?: Instrument; diagnostics: Diagnostic[] } {
  const read = readText(path);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const { instrument, diagnostics } = loadInstrumentYaml(read.text, path);
  return instrument === undefined ? { diagnostics: [...diagnostics] } : { instrument, diagnostics: [...diagnostics] };
}
