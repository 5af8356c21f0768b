// A per-respondent order of a choice list: a Fisher–Yates shuffle seeded from the respondent's secret and the item.

import { xoshiro128ss } from '../core/rng.ts';

/** FNV-1a over the UTF-16 code units: spreads the seed text into 32 bits for the generator. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The same seed always gives the same order, so a page shown again (back, an error) does not reshuffle. */
export function shuffled<T>(list: readonly T[], seed: string): readonly T[] {
  const rng = xoshiro128ss(hash32(seed));
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
