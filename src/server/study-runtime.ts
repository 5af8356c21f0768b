// A study as the server runs it: its instrument, public key and collection settings, loaded once at boot.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { studySealedPlainSize } from '../crypto/sealed-size.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import type { Instrument } from '../instrument/model.ts';
import { MAX_SEALED_BYTES } from '../store/store.ts';
import { catalogueProblems } from '../collect/messages.ts';

export interface CollectionSettings {
  /** Coupons each respondent receives to pass on (respondent-driven sampling). */
  readonly couponsPerRespondent: number;
  /** Whether someone may take part without a coupon (then they count as a seed). */
  readonly entryWithoutCoupon: boolean;
  /** How finely the collection period is stored: ISO week by default, never finer than a day. */
  readonly period: 'week' | 'month' | 'day';
  /** How long an unfinished questionnaire stays valid in the respondent's browser. */
  readonly maxFormAgeMinutes: number;
  /** Coupons handed out expire after the period this many days ahead falls in; undefined = no expiry. */
  readonly couponValidDays?: number;
  /** Where respondents reach the survey, shown on the thank-you page beside the codes they pass on. */
  readonly publicAddress?: string;
  readonly onionAddress?: string;
}

export const DEFAULT_SETTINGS: CollectionSettings = { couponsPerRespondent: 3, entryWithoutCoupon: false, period: 'week', maxFormAgeMinutes: 180 };

export interface StudyRuntime {
  readonly instrument: Instrument;
  /** The study's public age recipient (study.pub). The private key is never on the server. */
  readonly recipient: string;
  readonly settings: CollectionSettings;
  /** True for replica/test deployments: pages say so. */
  readonly synthetic: boolean;
  /** Every sealed response of the study is padded to this many plaintext bytes: its length says nothing. */
  readonly sealedPlainSize: number;
}

/** Reads STUDY_DIR/instrument.yaml, study.pub and (optional) study.yaml; every problem is named with its file. */
export function loadStudyRuntime(dir: string): { ok: true; study: StudyRuntime } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const read = (name: string, optional = false): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      if (!optional || (e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${join(dir, name)}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})${name === 'study.pub' ? " — run 'portas keygen' first" : ''}`);
      return undefined;
    }
  };
  const instrumentText = read('instrument.yaml');
  const pub = read('study.pub');
  const settingsText = read('study.yaml', true);
  let instrument: Instrument | undefined;
  if (instrumentText !== undefined) {
    const loaded = loadInstrumentYaml(instrumentText, join(dir, 'instrument.yaml'));
    problems.push(...loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
    instrument = loaded.instrument;
    if (instrument !== undefined) problems.push(...catalogueProblems(instrument.languages).map((p) => `${join(dir, 'instrument.yaml')}: ${p}`));
  }
  const recipient = pub?.split('\n').map((l) => l.trim()).find((l) => l.startsWith('age1'));
  if (pub !== undefined && recipient === undefined) problems.push(`${join(dir, 'study.pub')}: no age recipient (a line starting with age1) found`);
  const settings = settingsText === undefined ? { settings: DEFAULT_SETTINGS, synthetic: false } : parseSettings(settingsText, join(dir, 'study.yaml'), problems);
  const padded = instrument === undefined ? undefined : studySealedPlainSize(instrument);
  // Room for the age header and the chunk tags within what the store accepts.
  const sealedPlainSize = padded !== undefined && padded <= MAX_SEALED_BYTES - 8192 ? padded : undefined;
  if (instrument !== undefined && sealedPlainSize === undefined) problems.push(`${join(dir, 'instrument.yaml')}: the largest possible response does not fit the ${MAX_SEALED_BYTES} bytes a sealed record may hold: lower the text items' max_length`);
  if (problems.length > 0 || instrument === undefined || recipient === undefined || sealedPlainSize === undefined) return { ok: false, problems };
  return { ok: true, study: { instrument, recipient, settings: settings.settings, synthetic: settings.synthetic, sealedPlainSize } };
}

function parseSettings(text: string, file: string, problems: string[]): { settings: CollectionSettings; synthetic: boolean } {
  const raw = parse(text) as Record<string, unknown> | null;
  const s: { -readonly [K in keyof CollectionSettings]: CollectionSettings[K] } = { ...DEFAULT_SETTINGS };
  const known = ['coupons_per_respondent', 'entry_without_coupon', 'period', 'max_form_age_minutes', 'coupon_valid_days', 'public_address', 'onion_address', 'synthetic'];
  for (const key of Object.keys(raw ?? {})) if (!known.includes(key)) problems.push(`${file}: unknown setting '${key}' (known: ${known.join(', ')})`);
  const get = (k: string): unknown => raw?.[k];
  /** A whole-number setting in [min, max]; `unit` words the message (e.g. "of days"). */
  const whole = (key: string, min: number, max: number, set: (v: number) => void, unit = ''): void => {
    const v = get(key);
    if (v === undefined) return;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) set(v);
    else problems.push(`${file}: ${key} must be a whole number${unit} from ${String(min)} to ${String(max)}`);
  };
  whole('coupons_per_respondent', 0, 20, (v) => (s.couponsPerRespondent = v));
  const entry = get('entry_without_coupon');
  if (entry !== undefined) {
    if (typeof entry === 'boolean') s.entryWithoutCoupon = entry;
    else problems.push(`${file}: entry_without_coupon must be true or false`);
  }
  const period = get('period');
  if (period !== undefined) {
    if (period === 'week' || period === 'month' || period === 'day') s.period = period;
    else problems.push(`${file}: period must be week, month or day (never finer than a day)`);
  }
  whole('max_form_age_minutes', 10, 1440, (v) => (s.maxFormAgeMinutes = v));
  whole('coupon_valid_days', 1, 3650, (v) => (s.couponValidDays = v), ' of days');
  const address = (key: string, pattern: RegExp, what: string): string | undefined => {
    const v = get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && pattern.test(v)) return v;
    problems.push(`${file}: ${key} must be ${what}`);
    return undefined;
  };
  const publicAddress = address('public_address', /^https:\/\/[^\s/]+(\/\S*)?$/, 'an https:// address, e.g. https://survey.example.org/s/my-study');
  const onionAddress = address('onion_address', /^http:\/\/[a-z2-7]{56}\.onion(\/\S*)?$/, 'an http:// address of a v3 onion service (56 letters and digits, then .onion)');
  if (publicAddress !== undefined) s.publicAddress = publicAddress;
  if (onionAddress !== undefined) s.onionAddress = onionAddress;
  return { settings: s, synthetic: get('synthetic') === true };
}
