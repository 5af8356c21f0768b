// Variable labels as each file can hold them: what the gate did to the variable, and long texts shortened at a word.

import type { Dataset, Variable } from '../analysis/dataset.ts';
import { pick, type LocalizedText } from '../core/text.ts';
import { isLabelLanguage, type LabelLanguage } from './labels.ts';

/** What the release gate did to one variable, for its label and codebook entry. */
export interface VariableTreatment {
  /** The declared recode applied: its name, the codes before (with labels, or 'numeric') and the map. */
  readonly recode?: {
    readonly name: string;
    readonly from: readonly { readonly code: number; readonly label: LocalizedText }[] | 'numeric';
    readonly to: readonly { readonly code: number; readonly label: LocalizedText }[];
    readonly map: ReadonlyMap<number, number>;
  };
  /** Values suppressed by disclosure control in this variable. */
  readonly suppressed: number;
}

export type Treatments = ReadonlyMap<string, VariableTreatment>;

const WORDS: Readonly<Record<LabelLanguage, { recoded: string; suppressed: string }>> = {
  ru: { recoded: 'перекодировано', suppressed: 'скрыто значений' },
  en: { recoded: 'recoded', suppressed: 'values suppressed' },
};

/** ` [recoded: age_band; 12 values suppressed]`, or '' when the gate left the variable alone. */
export function treatmentSuffix(t: VariableTreatment | undefined, lang: string): string {
  if (t === undefined) return '';
  const w = WORDS[isLabelLanguage(lang) ? lang : 'en'];
  const parts: string[] = [];
  if (t.recode !== undefined) parts.push(`${w.recoded}: ${t.recode.name}`);
  if (t.suppressed > 0) parts.push(lang === 'ru' ? `${w.suppressed}: ${String(t.suppressed)}` : `${String(t.suppressed)} ${w.suppressed}`);
  return parts.length === 0 ? '' : ` [${parts.join('; ')}]`;
}

/** The dataset with every treated variable's label saying what was done, in each of its languages (full texts). */
export function withTreatmentLabels(dataset: Dataset, treatments: Treatments): Dataset {
  if (treatments.size === 0) return dataset;
  const variables = dataset.variables.map((v): Variable => {
    const t = treatments.get(v.name);
    const suffix = (lang: string): string => treatmentSuffix(t, lang);
    if (t === undefined || suffix('en') === '') return v;
    const label: LocalizedText = Object.fromEntries(Object.entries(v.label).map(([lang, text]) => [lang, text + suffix(lang)]));
    return { ...v, label };
  });
  return { ...dataset, variables };
}

/** A limit a file puts on a label: characters (Stata) and/or UTF-8 bytes (SPSS). */
export interface LabelLimit {
  readonly chars?: number;
  readonly bytes?: number;
}

const encoder = new TextEncoder();
const fits = (s: string, limit: LabelLimit): boolean => (limit.chars === undefined || Array.from(s).length <= limit.chars) && (limit.bytes === undefined || encoder.encode(s).length <= limit.bytes);

/** `text` cut at the last word boundary that fits with an ellipsis; a single overlong word is cut at a character. */
export function shortenAtWord(text: string, limit: LabelLimit): string {
  if (fits(text, limit)) return text;
  const chars = Array.from(text);
  let end = chars.length;
  while (end > 0 && !fits(`${chars.slice(0, end).join('').trimEnd()}…`, limit)) end--;
  const hard = chars.slice(0, end).join('');
  const space = hard.search(/\s\S*$/);
  const cut = space > 0 ? hard.slice(0, space) : hard;
  return `${cut.trimEnd().replace(/[\s,;:.—–-]+$/u, '')}…`;
}

/**
 * A variable's label for a file with a length limit, in `lang`. A member of a set (a multiple-choice option, a
 * battery row) is labelled `question: part`; the question is shortened first, so members keep distinct labels; the
 * treatment suffix is never cut. The full text stays in the codebook.
 */
export function fittedLabel(v: Variable, dataset: Dataset, lang: string, limit: LabelLimit, treatment?: VariableTreatment): string {
  const suffix = treatmentSuffix(treatment, lang);
  const full = pick(v.label, lang);
  const set = dataset.sets.find((s) => s.variables.includes(v.name));
  const question = set === undefined ? undefined : pick(set.label, lang);
  const room = (s: string): LabelLimit => ({
    ...(limit.chars === undefined ? {} : { chars: limit.chars - Array.from(s).length }),
    ...(limit.bytes === undefined ? {} : { bytes: limit.bytes - encoder.encode(s).length }),
  });
  if (fits(full + suffix, limit)) return full + suffix;
  if (question !== undefined && full.startsWith(`${question}: `)) {
    const part = full.slice(question.length + 2);
    const tail = `: ${part}${suffix}`;
    const r = room(tail);
    if ((r.chars ?? Infinity) > 8 && (r.bytes ?? Infinity) > 16) return shortenAtWord(question, r) + tail;
    // No room for the question at all: its place is marked, the part is kept (shortened if it must be).
    return `…: ${shortenAtWord(part, room(`…: ${suffix}`))}${suffix}`;
  }
  return shortenAtWord(full, room(suffix)) + suffix;
}
