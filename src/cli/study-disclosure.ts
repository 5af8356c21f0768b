// A study's disclosure settings (`disclosure.yaml` beside its instrument): thresholds and the recodes every microdata release applies.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { disclosurePolicy, type DisclosurePolicy, type RecodeStep } from '../disclosure/index.ts';
import { itemsOf, type Instrument } from '../instrument/model.ts';

export const DISCLOSURE_FILE = 'disclosure.yaml';

export interface StudyDisclosure {
  readonly policy: DisclosurePolicy;
  /** Declared recodes applied before k-anonymity is sought (coarser bands cost less than suppression). */
  readonly recodes: readonly RecodeStep[];
}

const KNOWN = ['k', 'min_cell', 'recodes'];

/** The recode `name` the instrument declares on item `variable`, as a release step; undefined if it declares none. */
export function declaredRecode(instrument: Instrument, variable: string, name: string): RecodeStep | undefined {
  const item = [...itemsOf(instrument)].find((i) => i.name === variable);
  const recode = item !== undefined && 'recodes' in item ? item.recodes.find((r) => r.name === name) : undefined;
  return recode === undefined ? undefined : { variable, recode };
}

/** The study's settings, or the defaults (k = 5, cells below 5 suppressed, no recodes) when it has no file. Problems name the file and field. */
export function readStudyDisclosure(studyDir: string, instrument: Instrument): StudyDisclosure | string[] {
  const file = join(studyDir, DISCLOSURE_FILE);
  if (!existsSync(file)) return { policy: disclosurePolicy(), recodes: [] };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [`${file}: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)})`];
  }
  if (raw === null || raw === undefined) return { policy: disclosurePolicy(), recodes: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) return [`${file}: expected a mapping with ${KNOWN.join(', ')}`];
  const settings = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(settings)) if (!KNOWN.includes(key)) problems.push(`${file}: unknown setting '${key}' (known: ${KNOWN.join(', ')})`);
  const whole = (key: string, min: number, fallback: number): number => {
    const v = settings[key];
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 100) return v;
    problems.push(`${file}: ${key} must be a whole number from ${min} to 100`);
    return fallback;
  };
  const k = whole('k', 2, 5);
  const minCell = whole('min_cell', 1, 5);
  const recodes: RecodeStep[] = [];
  const declared = settings['recodes'] ?? {};
  if (typeof declared !== 'object' || Array.isArray(declared)) problems.push(`${file}: recodes must map an item to one of its declared recodes, e.g. "age: age_band"`);
  else {
    for (const [variable, name] of Object.entries(declared as Record<string, unknown>)) {
      const step = declaredRecode(instrument, variable, String(name));
      if (step === undefined) problems.push(`${file}: recodes.${variable}: the instrument declares no recode '${String(name)}' on item '${variable}'`);
      else recodes.push(step);
    }
  }
  return problems.length > 0 ? problems : { policy: disclosurePolicy({ k, minCell }), recodes };
}
