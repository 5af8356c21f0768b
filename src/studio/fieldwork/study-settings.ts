// A study's collection settings as the Fieldwork form shows them, read and written through the Study API (study.yaml).

import { getStudySettings, setStudySettings } from '../../study/index.ts';
import { studyDir } from '../workspace.ts';

export interface FieldworkSettings {
  readonly couponsPerRespondent: number;
  readonly entryWithoutCoupon: boolean;
  readonly period: 'week' | 'month' | 'day';
  /** Empty: coupons never expire. */
  readonly couponValidDays: string;
  readonly publicAddress: string;
  readonly onionAddress: string;
}

/** The form's field names and the settings they edit. */
const FIELDS = { coupons: 'coupons_per_respondent', valid_days: 'coupon_valid_days', entry: 'entry_without_coupon', period: 'period', public: 'public_address', onion: 'onion_address' } as const;

export function readSettings(ws: string, id: string): FieldworkSettings {
  const s = getStudySettings(studyDir(ws, id)).settings;
  return {
    couponsPerRespondent: s.couponsPerRespondent,
    entryWithoutCoupon: s.entryWithoutCoupon,
    period: s.period,
    couponValidDays: s.couponValidDays === undefined ? '' : String(s.couponValidDays),
    publicAddress: s.publicAddress ?? '',
    onionAddress: s.onionAddress ?? '',
  };
}

/** Saves what the form says; nothing is written when any value is refused, and each refusal names its form field. */
export function saveSettings(ws: string, id: string, form: ReadonlyMap<string, string>): { ok: true } | { ok: false; problems: Record<string, string> } {
  const changes: Record<string, string> = {};
  for (const [field, key] of Object.entries(FIELDS)) changes[key] = field === 'entry' ? (form.get('entry') === '1' ? 'true' : 'false') : (form.get(field) ?? '');
  const saved = setStudySettings(studyDir(ws, id), changes);
  if (saved.written) return { ok: true };
  const problems: Record<string, string> = {};
  for (const d of saved.diagnostics) {
    const field = Object.entries(FIELDS).find(([, key]) => key === d.subject)?.[0] ?? 'coupons';
    problems[field] = d.message;
  }
  return { ok: false, problems };
}
