// The charts' colours: colour-blind-safe blues and reds for answers, greys for non-answers, and marks that differ in shape as well as hue.

/** Bars of a one-row figure. Contrast with white ≥ 3:1 (WCAG non-text). */
export const BAR = '#4a7db3';
/** Bars and segments of "don't know", "prefer not to answer", "skipped", "not applicable", in that order. */
export const GREYS = ['#9a9a9a', '#c2c2c2', '#767676', '#dadada'] as const;
/** A suppressed stretch of a stacked bar (with a dashed outline). */
export const SUPPRESSED = '#ffffff';

/**
 * Each grey of GREYS also has a hatching, so the non-answers differ by pattern as well as shade:
 * don't know ╱, prefer not ╲, skipped ✕, not applicable ─ (line colour, angle).
 */
export const GREY_PATTERNS: readonly { readonly grey: string; readonly lines: readonly (readonly [number, number, number, number])[]; readonly ink: string }[] = [
  { grey: '#9a9a9a', lines: [[0, 6, 6, 0]], ink: '#ffffff' },
  { grey: '#c2c2c2', lines: [[0, 0, 6, 6]], ink: '#5c5c5c' },
  { grey: '#767676', lines: [[0, 0, 6, 6], [0, 6, 6, 0]], ink: '#d9d9d9' },
  { grey: '#dadada', lines: [[0, 3, 6, 3]], ink: '#767676' },
];

/** The RDS-weighted estimate and its interval. */
export const WEIGHTED = '#1b1b1b';
/** The value the seed report published (Okabe–Ito vermillion), drawn as a tick. */
export const PUBLISHED = '#d55e00';
/** An outside comparison (Okabe–Ito bluish green), drawn as a diamond. */
export const COMPARISON = '#009e73';

// ColorBrewer RdBu, which stays distinguishable under the common colour-vision deficiencies.
const BLUES = ['#2166ac', '#4393c3', '#92c5de', '#d1e5f0'] as const;
const REDS = ['#b2182b', '#d6604d', '#f4a582', '#fddbc7'] as const;
const MIDDLE = '#e8dfb8';

/**
 * `n` colours running from dark blue through light to dark red, for ordered answers (the first
 * category blue, the last red); an odd `n` gets a pale sand middle that no grey is mistaken for.
 */
export function diverging(n: number): string[] {
  const half = Math.floor(n / 2);
  const side = (ramp: readonly string[]): string[] => {
    if (half === 0) return [];
    if (half === 1) return [ramp[0] ?? ''];
    // Spread `half` picks over the ramp, darkest first, never the palest when the ramp allows.
    const span = Math.min(ramp.length - 1, half);
    return Array.from({ length: half }, (_, i) => ramp[Math.round((i * span) / Math.max(1, half - 1))] ?? ramp[ramp.length - 1] ?? '');
  };
  const blues = side(BLUES);
  const reds = side(REDS).reverse();
  return n % 2 === 1 ? [...blues, MIDDLE, ...reds] : [...blues, ...reds];
}

/** Black or white, whichever reads better on `hex` (relative luminance, WCAG). */
export function inkOn(hex: string): string {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? '#000000' : '#ffffff';
}
