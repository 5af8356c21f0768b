// A study's disclosure settings (`disclosure.yaml` beside its instrument): thresholds and the recodes every microdata release applies.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic.ts';
import { disclosurePolicy, type DisclosurePolicy, type RecodeStep } from '../disclosure/index.ts';
import { itemsOf, type Instrument } from '../instrument/model.ts';
import { parseYamlMapping, readText, studyDiagnostic } from './located.ts';

export const DISCLOSURE_FILE = 'disclosure.yaml';

export interface StudyDisclosure {
  readonly policy: DisclosurePolicy;
  /** Declared recodes applied before k-anonymity is sought (coarser bands cost less than suppression). */
  readonly recodes: readonly RecodeStep[];
}

const KNOWN = ['k', 'min_cell', 'recodes'];
const DEFAULTS: StudyDisclosure = { policy: disclosurePolicy(), recodes: [] };

/** The recode `name` the instrument declares on item `variable`, as a release step; undefined if it declares none. */
export function declaredRecode(instrument: Instrument, variable: string, name: string): RecodeStep | undefined {
  const item = [...itemsOf(instrument)].find((i) => i.name === variable);
  const recode = item !== undefined && 'recodes' in item ? item.recodes.find((r) => r.name === name) : undefined;
  return recode === undefined ? undefined : { variable, recode };
}

/** The study's settings, or the defaults (k = 5, cells below 5 suppressed, no recodes) when it has no file; every problem located at its key. */
export function loadStudyDisclosure(studyDir: string, instrument: Instrument): { disclosure?: StudyDisclosure; diagnostics: Diagnostic[] } {
  const file = join(studyDir, DISCLOSURE_FILE);
  if (!existsSync(file)) return { disclosure: DEFAULTS, diagnostics: [] };
  const read = readText(file);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const parsed = parseYamlMapping(read.text, file);
  if (parsed.mapping === undefined) return { diagnostics: parsed.diagnostics };
  const { values: settings, at } = parsed.mapping;
  const problems: Diagnostic[] = [];
  const problem = (path: string[], message: string): void => {
    problems.push(studyDiagnostic('study.disclosure', at(path), message));
  };
  for (const key of Object.keys(settings)) if (!KNOWN.includes(key)) problem([key], `unknown setting '${key}' (known: ${KNOWN.join(', ')})`);
  const whole = (key: string, min: number, fallback: number): number => {
    const v = settings[key];
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 100) return v;
    problem([key], `${key} must be a whole number from ${min} to 100`);
    return fallback;
  };
  const k = whole('k', 2, 5);
  const minCell = whole('min_cell', 1, 5);
  const recodes: RecodeStep[] = [];
  const declared = settings['recodes'] ?? {};
  if (typeof declared !== 'object' || Array.isArray(declared)) problem(['recodes'], 'recodes must map an item to one of its declared recodes, e.g. "age: age_band"');
  else {
    for (const [variable, name] of Object.entries(declared as Record<string, unknown>)) {
      const step = declaredRecode(instrument, variable, String(name));
      if (step === undefined) problem(['recodes', variable], `recodes.${variable}: the instrument declares no recode '${String(name)}' on item '${variable}'`);
      else recodes.push(step);
    }
  }
  return problems.length > 0 ? { diagnostics: problems } : { disclosure: { policy: disclosurePolicy({ k, minCell }), recodes }, diagnostics: [] };
}

/** The same, with problems as printable lines (file:line:col: error: …) for callers that print them. */
export function readStudyDisclosure(studyDir: string, instrument: Instrument): StudyDisclosure | string[] {
  const loaded = loadStudyDisclosure(studyDir, instrument);
  return loaded.disclosure ?? loaded.diagnostics.map(formatDiagnostic);
}
