// A study's collection settings (study.yaml): what each one means, its bounds, and checking a value against them.
// One table for the server (which reads them at boot) and for the study folder's editors (CLI and studio), caps included.

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
  /** Caps (src/server/caps.ts enforces them); undefined = no cap. */
  readonly caps: SurveyCaps;
}

/**
 * What fieldwork stops at. A total cap closes the survey to new paths (paths already started may finish, and every
 * finished one is stored); the recruitment caps stop handing out coupons (coupons already out may still be used).
 */
export interface SurveyCaps {
  /** Responses stored before the survey closes to new respondents. */
  readonly maxResponses?: number;
  /** The deepest wave recruited: respondents of this wave (seeds are wave 0) receive no coupons to pass on. */
  readonly maxWave?: number;
  /** Respondents in one seed's chain after which that chain receives no more coupons. */
  readonly maxChainSize?: number;
}

export const DEFAULT_SETTINGS: CollectionSettings = { couponsPerRespondent: 3, entryWithoutCoupon: false, period: 'week', maxFormAgeMinutes: 180, caps: {} };

/** One setting as study.yaml spells it; `check` returns the value or why it is refused. */
export interface SettingField {
  readonly key: string;
  readonly label: string;
  readonly kind: 'whole' | 'yes-no' | 'choice' | 'address';
  readonly choices?: readonly string[];
  /** A cap: refusing it is `study.cap`, not `study.setting`. */
  readonly cap?: true;
  /** Shown when the setting is absent. */
  readonly fallback: string;
  check(value: unknown): { ok: true; value: number | boolean | string } | { ok: false; why: string };
}

const whole = (min: number, max: number, what: string) => (v: unknown): ReturnType<SettingField['check']> =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? { ok: true, value: v } : { ok: false, why: `must be a whole number${what === '' ? '' : ` ${what}`} from ${String(min)} to ${String(max)}` };
const address = (pattern: RegExp, what: string) => (v: unknown): ReturnType<SettingField['check']> =>
  typeof v === 'string' && pattern.test(v) ? { ok: true, value: v } : { ok: false, why: `must be ${what}` };

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'coupons_per_respondent', label: 'Coupons each respondent passes on', kind: 'whole', fallback: '3', check: whole(0, 20, '') },
  { key: 'coupon_valid_days', label: 'Days a passed-on coupon stays valid', kind: 'whole', fallback: 'no expiry', check: whole(1, 3650, 'of days') },
  { key: 'entry_without_coupon', label: 'Anyone may start without a coupon (counts as a seed)', kind: 'yes-no', fallback: 'false', check: (v) => (typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, why: 'must be true or false' }) },
  { key: 'period', label: 'How finely the time of a response is kept', kind: 'choice', choices: ['week', 'month', 'day'], fallback: 'week', check: (v) => (v === 'week' || v === 'month' || v === 'day' ? { ok: true, value: v } : { ok: false, why: 'must be week, month or day (never finer than a day)' }) },
  { key: 'max_form_age_minutes', label: 'Minutes an unfinished questionnaire stays valid', kind: 'whole', fallback: '180', check: whole(10, 1440, '') },
  { key: 'public_address', label: 'Survey address on the web', kind: 'address', fallback: 'none', check: address(/^https:\/\/[^\s/]+(\/\S*)?$/, 'an https:// address, e.g. https://survey.example.org/s/my-study') },
  { key: 'onion_address', label: 'Survey address as a Tor onion service', kind: 'address', fallback: 'none', check: address(/^http:\/\/[a-z2-7]{56}\.onion(\/\S*)?$/, 'an http:// address of a v3 onion service (56 letters and digits, then .onion)') },
  { key: 'max_responses', label: 'Close the survey after this many responses', kind: 'whole', cap: true, fallback: 'no cap', check: whole(1, 10_000_000, 'of responses') },
  { key: 'max_wave', label: 'Deepest wave recruited (its respondents get no coupons; seeds are wave 0)', kind: 'whole', cap: true, fallback: 'no cap', check: whole(0, 1000, 'of waves') },
  { key: 'max_chain_size', label: "Most respondents in one seed's chain (then it gets no more coupons)", kind: 'whole', cap: true, fallback: 'no cap', check: whole(2, 10_000_000, 'of respondents') },
  { key: 'synthetic', label: 'Test or demo data only (every page says SYNTHETIC)', kind: 'yes-no', fallback: 'false', check: (v) => (typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, why: 'must be true or false' }) },
];

export interface SettingProblem {
  readonly key: string;
  readonly message: string;
  /** `cap`: a cap's value is refused; `cap-conflict`: caps that cannot work together as set (a warning). */
  readonly kind: 'setting' | 'cap' | 'cap-conflict';
  readonly severity: 'error' | 'warning';
}

/** Caps that are valid one by one but cannot work as the researcher means them; warnings, so the server still starts. */
export function capConflicts(s: CollectionSettings): SettingProblem[] {
  const out: SettingProblem[] = [];
  const warn = (key: string, message: string): void => {
    out.push({ key, message, kind: 'cap-conflict', severity: 'warning' });
  };
  const { maxResponses, maxWave, maxChainSize } = s.caps;
  if (s.couponsPerRespondent === 0) {
    if (maxWave !== undefined) warn('max_wave', 'max_wave has no effect: coupons_per_respondent is 0, so nobody passes coupons on');
    if (maxChainSize !== undefined) warn('max_chain_size', 'max_chain_size has no effect: coupons_per_respondent is 0, so nobody passes coupons on');
  }
  if (maxChainSize !== undefined && maxResponses !== undefined && maxChainSize >= maxResponses) {
    warn('max_chain_size', `max_chain_size (${String(maxChainSize)}) is not below max_responses (${String(maxResponses)}): the survey closes before any chain reaches it`);
  }
  return out;
}

/** The settings from study.yaml's mapping (defaults for what it leaves out), and a problem per refused or unknown key. */
export function collectionSettings(raw: Readonly<Record<string, unknown>>): { settings: CollectionSettings; synthetic: boolean; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const known = SETTING_FIELDS.map((f) => f.key);
  for (const key of Object.keys(raw)) if (!known.includes(key)) problems.push({ key, message: `unknown setting '${key}' (known: ${known.join(', ')})`, kind: 'setting', severity: 'error' });
  const got = new Map<string, number | boolean | string>();
  for (const field of SETTING_FIELDS) {
    if (raw[field.key] === undefined) continue;
    const checked = field.check(raw[field.key]);
    if (checked.ok) got.set(field.key, checked.value);
    else problems.push({ key: field.key, message: `${field.key} ${checked.why}`, kind: field.cap === true ? 'cap' : 'setting', severity: 'error' });
  }
  const num = (k: string): number | undefined => (typeof got.get(k) === 'number' ? (got.get(k) as number) : undefined);
  const str = (k: string): string | undefined => (typeof got.get(k) === 'string' ? (got.get(k) as string) : undefined);
  const couponValidDays = num('coupon_valid_days');
  const publicAddress = str('public_address');
  const onionAddress = str('onion_address');
  const maxResponses = num('max_responses');
  const maxWave = num('max_wave');
  const maxChainSize = num('max_chain_size');
  const settings: CollectionSettings = {
    couponsPerRespondent: num('coupons_per_respondent') ?? DEFAULT_SETTINGS.couponsPerRespondent,
    entryWithoutCoupon: got.get('entry_without_coupon') === true,
    period: (str('period') as CollectionSettings['period'] | undefined) ?? DEFAULT_SETTINGS.period,
    maxFormAgeMinutes: num('max_form_age_minutes') ?? DEFAULT_SETTINGS.maxFormAgeMinutes,
    ...(couponValidDays === undefined ? {} : { couponValidDays }),
    ...(publicAddress === undefined ? {} : { publicAddress }),
    ...(onionAddress === undefined ? {} : { onionAddress }),
    caps: {
      ...(maxResponses === undefined ? {} : { maxResponses }),
      ...(maxWave === undefined ? {} : { maxWave }),
      ...(maxChainSize === undefined ? {} : { maxChainSize }),
    },
  };
  return { settings, synthetic: got.get('synthetic') === true, problems: [...problems, ...capConflicts(settings)] };
}
