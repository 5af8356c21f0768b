// A study's collection settings (study.yaml) as the Fieldwork form edits them, checked by the server's own rules.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../../server/study-runtime.ts';
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

const file = (ws: string, id: string): string => join(studyDir(ws, id), 'study.yaml');

function rawOf(ws: string, id: string): Record<string, unknown> {
  const f = file(ws, id);
  return existsSync(f) ? ((parse(readFileSync(f, 'utf8')) as Record<string, unknown> | null) ?? {}) : {};
}

export function readSettings(ws: string, id: string): FieldworkSettings {
  const raw = rawOf(ws, id);
  const str = (k: string): string => (typeof raw[k] === 'string' || typeof raw[k] === 'number' ? String(raw[k]) : '');
  return {
    couponsPerRespondent: typeof raw['coupons_per_respondent'] === 'number' ? raw['coupons_per_respondent'] : DEFAULT_SETTINGS.couponsPerRespondent,
    entryWithoutCoupon: raw['entry_without_coupon'] === true,
    period: raw['period'] === 'month' || raw['period'] === 'day' ? raw['period'] : 'week',
    couponValidDays: str('coupon_valid_days'),
    publicAddress: str('public_address'),
    onionAddress: str('onion_address'),
  };
}

/** The settings from the form, or the problems with them, each naming its field (as the server would refuse them). */
export function settingsFromForm(form: ReadonlyMap<string, string>): { ok: true; value: FieldworkSettings } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const coupons = Number(form.get('coupons') ?? '');
  if (!Number.isInteger(coupons) || coupons < 0 || coupons > 20) problems['coupons'] = 'a whole number from 0 to 20';
  const valid = (form.get('valid_days') ?? '').trim();
  if (valid !== '' && !(/^\d+$/.test(valid) && Number(valid) >= 1 && Number(valid) <= 3650)) problems['valid_days'] = 'a whole number of days from 1 to 3650, or empty for no expiry';
  const period = form.get('period') ?? 'week';
  if (period !== 'week' && period !== 'month' && period !== 'day') problems['period'] = 'week, month or day';
  const publicAddress = (form.get('public') ?? '').trim();
  if (publicAddress !== '' && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(publicAddress)) problems['public'] = 'an https:// address, e.g. https://survey.example.org/s/my-study';
  const onionAddress = (form.get('onion') ?? '').trim();
  if (onionAddress !== '' && !/^http:\/\/[a-z2-7]{56}\.onion(\/\S*)?$/.test(onionAddress)) problems['onion'] = 'an http:// address of a v3 onion service: 56 letters and digits, then .onion';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: { couponsPerRespondent: coupons, entryWithoutCoupon: form.get('entry') === '1', period: period as FieldworkSettings['period'], couponValidDays: valid, publicAddress, onionAddress } };
}

/** Writes study.yaml, keeping what the form does not edit (`synthetic: true` of a demo study, say). */
export function writeSettings(ws: string, id: string, s: FieldworkSettings): void {
  const edited = ['coupon_valid_days', 'public_address', 'onion_address'];
  const kept = Object.fromEntries(Object.entries(rawOf(ws, id)).filter(([k]) => !edited.includes(k)));
  const raw: Record<string, unknown> = {
    ...kept,
    coupons_per_respondent: s.couponsPerRespondent,
    entry_without_coupon: s.entryWithoutCoupon,
    period: s.period,
    ...(s.couponValidDays === '' ? {} : { coupon_valid_days: Number(s.couponValidDays) }),
    ...(s.publicAddress === '' ? {} : { public_address: s.publicAddress }),
    ...(s.onionAddress === '' ? {} : { onion_address: s.onionAddress }),
  };
  writeFileSync(file(ws, id), `# Collection settings, edited in the portas studio (Fieldwork).\n${stringify(raw)}`);
}
