// Weight trimming and the Kish effective sample size and design effect.

import type { SurveyDesign } from './design.ts';
import { withWeights } from './design.ts';

export interface TrimOptions {
  readonly upper?: number;
  readonly lower?: number;
  /** Repeat until no weight lies outside the bounds (redistribution can push others past them). */
  readonly strict?: boolean;
}

/**
 * Caps weights to [lower, upper] and shares the trimmed amount equally (additively) among the
 * weights that were inside the bounds, keeping the sum (R's `trimWeights`).
 */
export function trimWeights(design: SurveyDesign, options: TrimOptions): SurveyDesign {
  const out = trimWeightArray(design.weights, options);
  return out === design.weights ? design : withWeights(design, out);
}

/** `trimWeights` on a bare weight vector (returns the same array when nothing is outside the bounds). */
export function trimWeightArray(w: Float64Array, options: TrimOptions): Float64Array {
  const upper = options.upper ?? Infinity;
  const lower = options.lower ?? -Infinity;
  let trimmed = 0;
  let inside = 0;
  let any = false;
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const x = w[i] ?? 0;
    const y = Math.max(lower, Math.min(x, upper));
    out[i] = y;
    if (x < lower || x > upper) {
      any = true;
      trimmed += x - y;
    } else inside++;
  }
  if (!any) return w;
  const share = trimmed / inside;
  for (let i = 0; i < w.length; i++) {
    const x = w[i] ?? 0;
    if (!(x < lower || x > upper)) out[i] = (out[i] ?? 0) + share;
  }
  return options.strict === true ? trimWeightArray(out, options) : out;
}

export interface WeightSummary {
  readonly n: number;
  readonly sum: number;
  /** Kish's effective sample size (Σw)² / Σw². */
  readonly effectiveN: number;
  /** Kish's design effect due to unequal weighting, n Σw² / (Σw)². */
  readonly designEffect: number;
  readonly min: number;
  readonly max: number;
}

/** Summary of the positive weights. */
export function weightSummary(weights: ArrayLike<number>): WeightSummary {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (!(w > 0)) continue;
    n++;
    sum += w;
    sum2 += w * w;
    min = Math.min(min, w);
    max = Math.max(max, w);
  }
  return { n, sum, effectiveN: (sum * sum) / sum2, designEffect: (n * sum2) / (sum * sum), min, max };
}
