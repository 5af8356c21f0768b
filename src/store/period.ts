// Collection periods: the coarsest date the store keeps (ISO week by default, or month, never finer than a day).

/** `2024-W17` (ISO 8601 week), `2024-05` (calendar month) or `2024-05-03` (day, the finest allowed). */
export type Period = string;
export type PeriodGranularity = 'week' | 'month' | 'day';

const DAY_MS = 86_400_000;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 (UTC) of a calendar date. */
const dayNumber = (year: number, month1: number, day: number): number => Date.UTC(year, month1 - 1, day) / DAY_MS;

/** ISO weekday, Monday = 1 … Sunday = 7, of a day number. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday

/** Day number of the Monday of ISO week 1 of `isoYear` (the week holding 4 January). */
const week1Monday = (isoYear: number): number => {
  const jan4 = dayNumber(isoYear, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
};

/** Number of ISO weeks (52 or 53) in `isoYear`. */
const weeksInYear = (isoYear: number): number => (week1Monday(isoYear + 1) - week1Monday(isoYear)) / 7;

/**
 * The collection period of an instant, in UTC. The caller supplies the Date (the store keeps no clock);
 * only the period is ever stored, so the instant itself never reaches the disk.
 */
export function periodOf(at: Date, granularity: PeriodGranularity = 'week'): Period {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('periodOf: invalid Date');
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + 1;
  if (granularity === 'month') return `${pad(y, 4)}-${pad(m, 2)}`;
  if (granularity === 'day') return `${pad(y, 4)}-${pad(m, 2)}-${pad(at.getUTCDate(), 2)}`;
  const day = Math.floor(ms / DAY_MS);
  const thursday = day + (4 - isoWeekday(day)); // the ISO year is the year of the week's Thursday
  const isoYear = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - week1Monday(isoYear)) / 7) + 1;
  return `${pad(isoYear, 4)}-W${pad(week, 2)}`;
}

/** First and last day (days since 1970-01-01 UTC, inclusive) of a period; undefined when malformed. */
export function periodDays(period: string): { readonly first: number; readonly last: number } | undefined {
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (week < 1 || week > weeksInYear(year)) return undefined;
    const first = week1Monday(year) + (week - 1) * 7;
    return { first, last: first + 6 };
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return { first: dayNumber(year, month, 1), last: dayNumber(year, month + 1, 1) - 1 };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const d = dayNumber(year, month, day);
    if (month < 1 || month > 12 || periodOf(new Date(d * DAY_MS), 'day') !== period) return undefined;
    return { first: d, last: d };
  }
  return undefined;
}

export const isPeriod = (value: string): boolean => periodDays(value) !== undefined;

/**
 * Whether a coupon whose expiry period is `expiry` is expired for a submission in period `at`:
 * it stays valid through the whole of its expiry period, whatever the two granularities.
 */
export function isExpired(expiry: Period, at: Period): boolean {
  const e = periodDays(expiry);
  const a = periodDays(at);
  if (e === undefined || a === undefined) throw new RangeError('isExpired: malformed period');
  return a.first > e.last;
}
