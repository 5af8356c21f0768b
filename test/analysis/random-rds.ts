// Random recruitment trees with outcomes and degrees, for property tests of the RDS fast paths.

import type { Rng } from '../../src/core/rng.ts';
import type { RdsSample } from '../../src/sampling/rds/sample.ts';

/** n respondents; about one in `seedEvery` a seed; outcomes from `categories` with some missing. */
export function randomRdsSample(rng: Rng, n: number, categories: readonly string[], seedEvery = 12): RdsSample {
  const recruiter: number[] = [];
  const outcome: (string | null)[] = [];
  const degree: number[] = [];
  for (let i = 0; i < n; i++) {
    recruiter.push(i === 0 || rng.nextInt(seedEvery) === 0 ? -1 : rng.nextInt(i));
    outcome.push(rng.nextInt(7) === 0 ? null : (categories[rng.nextInt(categories.length)] ?? null));
    // Mostly whole numbers, as reported; some imputed ones are not.
    degree.push(rng.nextInt(5) === 0 ? 0.5 + rng.nextFloat() * 40 : 1 + rng.nextInt(60));
  }
  return { outcome, degree, recruiter };
}
