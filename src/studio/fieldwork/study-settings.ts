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
  /** The caps; empty: no cap. */
  readonly maxResponses: string;
  readonly maxWave: string;
  readonly maxChainSize: string;
  /** Caps that cannot work together as set, per form field (warnings: the settings are saved). */
  readonly capWarnings: Readonly<Record<string, string>>;
}

/** The form's field names and the settings they edit. */
const FIELDS = { coupons: 'coupons_per_respondent', valid_days: 'coupon_valid_days', entry: 'entry_without_coupon', period: 'period', public: 'public_address', onion: 'onion_address', max_responses: 'max_responses', max_wave: 'max_wave', max_chain: 'max_chain_size' } as const;

const fieldOf = (key: string | undefined): string => Object.entries(FIELDS).find(([, k]) => k === key)?.[0] ?? 'coupons';
const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

export function readSettings(ws: string, id: string): FieldworkSettings {
  const view = getStudySettings(studyDir(ws, id));
  const s = view.settings;
  const capWarnings: Record<string, string> = {};
  for (const p of view.problems) if (p.kind === 'cap-conflict') capWarnings[fieldOf(p.key)] = p.message;
  return {
    couponsPerRespondent: s.couponsPerRespondent,
    entryWithoutCoupon: s.entryWithoutCoupon,
    period: s.period,
    couponValidDays: text(s.couponValidDays),
    publicAddress: s.publicAddress ?? '',
    onionAddress: s.onionAddress ?? '',
    maxResponses: text(s.caps.maxResponses),
    maxWave: text(s.caps.maxWave),
    maxChainSize: text(s.caps.maxChainSize),
    capWarnings,
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
    problems[fieldOf(d.subject)] = d.message;
  }
  return { ok: false, problems };
}
