// Variables about how each response was collected, from the facts sealed with it: completion-time band, unlinked coupon.

import type { LocalizedText } from '../core/text.ts';
import { COMPLETION_BANDS, meanFromBands } from '../instrument/completion-time.ts';
import { MISSING_INDEX } from '../instrument/missing.ts';
import type { Instrument, Response, UnlinkedReason } from '../instrument/model.ts';
import type { CodedVariable, Dataset } from './dataset.ts';

const UNLINKED_CODES: readonly { readonly code: number; readonly reason: UnlinkedReason; readonly label: string }[] = [
  { code: 1, reason: 'coupon-used', label: 'Coupon redeemed by someone else first' },
  { code: 2, reason: 'coupon-expired', label: 'Coupon expired during the questionnaire' },
  { code: 3, reason: 'coupon-unknown', label: 'Coupon no longer known' },
];

const every = (instrument: Instrument, text: string): LocalizedText => Object.fromEntries(instrument.languages.map((l) => [l, text]));

function coded(instrument: Instrument, name: string, label: string, role: 'answer' | 'system', measure: 'nominal' | 'ordinal', labels: readonly { code: number; label: string }[], codes: readonly (number | undefined)[]): CodedVariable {
  const values = new Float64Array(codes.map((c) => c ?? Number.NaN));
  const missing = new Uint8Array(codes.map((c) => (c === undefined ? MISSING_INDEX.not_applicable : 0)));
  const valueLabels = labels.map((l) => ({ code: l.code, label: every(instrument, l.label) }));
  return { type: 'coded', measure, name, label: every(instrument, label), item: '', role, quasiIdentifier: false, sensitive: false, missing, missingKinds: ['not_applicable'], values, valueLabels, nets: [] };
}

/**
 * `completion_time`: the band of minutes from the first page to sending (never a clock time); kept in
 * exports like an answer. `unlinked`: why a response has no recruiter although it came with a coupon
 * (the same-code race); a system variable, like `recruiter`, for the RDS analysis to decide what to do.
 */
export function collectionVariables(instrument: Instrument, responses: readonly Response[]): CodedVariable[] {
  return [
    coded(instrument, 'completion_time', 'Completion time (band of minutes)', 'answer', 'ordinal', COMPLETION_BANDS, responses.map((r) => r.collection?.completionBand)),
    coded(instrument, 'unlinked', 'Kept without its recruiter link (coupon)', 'system', 'nominal', UNLINKED_CODES, responses.map((r) => UNLINKED_CODES.find((u) => u.reason === r.collection?.unlinked)?.code)),
  ];
}

/** The mean completion time of a dataset from its `completion_time` bands; undefined when no response has one. */
export function meanCompletionMinutes(dataset: Pick<Dataset, 'variables'>): ReturnType<typeof meanFromBands> {
  const v = dataset.variables.find((x) => x.name === 'completion_time');
  if (v?.type !== 'coded') return undefined;
  return meanFromBands(Array.from(v.values).filter((c) => !Number.isNaN(c)));
}
