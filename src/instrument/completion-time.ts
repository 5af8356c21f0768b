// How long a respondent took, kept only as a coarse band: the sealed response never holds a clock time.

/** A band of whole minutes [from, to); the last band is open-ended. Codes are what is sealed and exported. */
export interface CompletionBand {
  readonly code: number;
  readonly from: number;
  readonly to?: number;
  readonly label: string;
}

export const COMPLETION_BANDS: readonly CompletionBand[] = [
  { code: 1, from: 0, to: 5, label: '0–4 min' },
  { code: 2, from: 5, to: 10, label: '5–9 min' },
  { code: 3, from: 10, to: 15, label: '10–14 min' },
  { code: 4, from: 15, to: 20, label: '15–19 min' },
  { code: 5, from: 20, to: 30, label: '20–29 min' },
  { code: 6, from: 30, to: 60, label: '30–59 min' },
  { code: 7, from: 60, label: '60 min or more' },
];

/** The band of a duration in whole minutes (a negative one, from a clock step back, counts as the first band). */
export function completionBand(minutes: number): CompletionBand {
  const m = Math.max(0, minutes);
  const band = COMPLETION_BANDS.find((b) => m >= b.from && (b.to === undefined || m < b.to));
  if (band === undefined) throw new Error(`no completion band for ${minutes} minutes`);
  return band;
}

export const isCompletionBandCode = (x: unknown): x is number => COMPLETION_BANDS.some((b) => b.code === x);

/**
 * The mean completion time estimated from bands: each band counts at its midpoint, the open top band
 * at its lower edge (so the mean is a slight underestimate when anyone took an hour or more).
 */
export function meanFromBands(codes: readonly number[]): { readonly mean: number; readonly n: number; readonly openTop: number } | undefined {
  let sum = 0;
  let n = 0;
  let openTop = 0;
  for (const code of codes) {
    const band = COMPLETION_BANDS.find((b) => b.code === code);
    if (band === undefined) continue;
    if (band.to === undefined) openTop += 1;
    sum += band.to === undefined ? band.from : (band.from + band.to) / 2;
    n += 1;
  }
  return n === 0 ? undefined : { mean: sum / n, n, openTop };
}
