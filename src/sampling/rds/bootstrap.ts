// Bootstrap variance for RDS estimates: tree, Salganik (2006) chain, and Gile (2011) successive-sampling resampling.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Rng } from '../../core/rng.ts';
import { estimateProportions, type RdsEstimator } from './estimate.ts';
import { quantileType7 } from './quantile.ts';
import { categoriesOf, subSample, type RdsSample } from './sample.ts';
import { successiveTreeSampler, syntheticPopulation } from './ss-population.ts';
import { countTransitions, markovMatrix } from './transitions.ts';
import { treePicker } from './tree-replicates.ts';

export const BOOTSTRAP_METHODS = ['tree', 'salganik', 'ss'] as const;
export type BootstrapMethod = (typeof BOOTSTRAP_METHODS)[number];

export interface BootstrapOptions {
  readonly method: BootstrapMethod;
  readonly estimator: RdsEstimator;
  readonly replicates: number;
  readonly rng: Rng;
  /** Required for the `ss` estimator and the `ss` method. */
  readonly populationSize?: number;
  /** Confidence level of the percentile intervals; 0.95 by default. */
  readonly level?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BootstrapResult {
  readonly method: BootstrapMethod;
  readonly estimator: RdsEstimator;
  readonly categories: readonly string[];
  readonly level: number;
  /** Replicates that gave an estimate (an RDS-I replicate without a unique equilibrium is dropped and counted in `failed`). */
  readonly replicates: number;
  readonly failed: number;
  /** Per category, in the order of `categories`: the standard deviation of the replicate estimates. */
  readonly standardErrors: readonly number[];
  /** Per category: the percentile interval at `level` (type-7 quantiles of the replicate estimates). */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Replicate estimates: one row per replicate, one column per category. */
  readonly draws: readonly (readonly number[])[];
}

/**
 * - `tree`: resample the seeds with replacement, then each drawn respondent's recruits with
 *   replacement, recursively (the tree bootstrap; Baraff, McCormick & Raftery 2016).
 * - `salganik`: Salganik (2006): a synthetic chain of n respondents; the first is drawn from the
 *   whole sample, each next one from the recruits of recruiters in the current respondent's category.
 * - `ss`: Gile (2011): a synthetic population of N built from the estimate; each replicate keeps
 *   the observed tree shape, draws each recruit's category from the recruiter's row of the
 *   transition matrix and the recruit by successive sampling (proportional to degree) within it.
 * Percentile intervals (R's quantile type 7) and the replicate standard deviation.
 */
export function bootstrapProportions(sample: RdsSample, options: BootstrapOptions): Result<BootstrapResult, Diagnostic> {
  const categories = categoriesOf(sample.outcome);
  const level = options.level ?? 0.95;
  const base = estimateProportions(sample, withN({ estimator: options.estimator, categories }, options.populationSize));
  if (!base.ok) return base;
  if (!(Number.isInteger(options.replicates) && options.replicates >= 2)) return err(bad(`bootstrap replicates must be an integer ≥ 2, got ${options.replicates}`));
  let draw: () => RdsSample;
  if (options.method === 'tree' && options.estimator === 'rds2') return finishBootstrap(options, categories, level, treeRds2Draws(sample, categories, options));
  if (options.method === 'ss') {
    if (options.populationSize === undefined) return err(bad('the successive-sampling bootstrap needs a population size N'));
    const pop = syntheticPopulation(sample, base.value.weights, options.populationSize);
    if (!pop.ok) return pop;
    // The tree is drawn over respondents with an answer (missing answers are not in the synthetic population).
    const answered = sample.outcome.flatMap((o, i) => (o === null ? [] : [i]));
    const template = subSample(sample, answered);
    const markov = markovMatrix(countTransitions(template, categories));
    draw = successiveTreeSampler(pop.value, template, categories, markov, options.rng);
  } else {
    draw = options.method === 'tree' ? treeResampler(sample, options.rng) : salganikResampler(sample, options.rng);
  }
  const draws: number[][] = [];
  let failed = 0;
  for (let b = 0; b < options.replicates; b++) {
    const r = estimateProportions(draw(), withN({ estimator: options.estimator, categories }, options.populationSize));
    if (r.ok) draws.push([...r.value.proportions]);
    else failed += 1;
    options.onProgress?.(b + 1, options.replicates);
  }
  return finishBootstrap(options, categories, level, { draws, failed });
}

function finishBootstrap(options: BootstrapOptions, categories: readonly string[], level: number, { draws, failed }: { draws: number[][]; failed: number }): Result<BootstrapResult, Diagnostic> {
  if (draws.length < 2) return err(bad(`only ${draws.length} of ${options.replicates} bootstrap replicates gave an estimate`));
  const columns = categories.map((_, k) => draws.map((d) => d[k] ?? Number.NaN).sort((a, b) => a - b));
  const alpha = (1 - level) / 2;
  return ok({
    method: options.method,
    estimator: options.estimator,
    categories: [...categories],
    level,
    replicates: draws.length,
    failed,
    standardErrors: columns.map(sd),
    lower: columns.map((c) => quantileType7(c, alpha)),
    upper: columns.map((c) => quantileType7(c, 1 - alpha)),
    draws,
  });
}

const bad = (message: string): Diagnostic => ({ code: 'rds.bootstrap', severity: 'error', message });

function withN<T extends object>(o: T, populationSize: number | undefined): T & { populationSize?: number } {
  return populationSize === undefined ? o : { ...o, populationSize };
}

export function sd(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * The tree bootstrap with RDS-II over category codes and one reused buffer of picks: the same draws,
 * summed in the same order, as `estimateProportions` over `treeResampler`'s samples.
 */
function treeRds2Draws(sample: RdsSample, categories: readonly string[], options: BootstrapOptions): { draws: number[][]; failed: number } {
  const at = new Map(categories.map((c, k) => [c, k]));
  const code = Int32Array.from(sample.outcome, (o) => (o === null ? -1 : (at.get(o) ?? -1)));
  const invDegree = Float64Array.from(sample.degree, (d) => 1 / d);
  const next = treePicker(sample.recruiter, options.rng);
  const draws: number[][] = [];
  let failed = 0;
  for (let b = 0; b < options.replicates; b++) {
    const picks = next();
    let total = 0;
    let observed = 0;
    for (let k = 0; k < picks.length; k++) {
      const i = picks[k] ?? 0;
      if ((code[i] ?? -1) >= 0) {
        total += invDegree[i] ?? 0;
        observed++;
      }
    }
    if (observed === 0) {
      failed += 1;
    } else {
      const shares = categories.map(() => 0);
      for (let k = 0; k < picks.length; k++) {
        const i = picks[k] ?? 0;
        const c = code[i] ?? -1;
        if (c >= 0) shares[c] = (shares[c] ?? 0) + (invDegree[i] ?? 0) / total;
      }
      draws.push(shares);
    }
    options.onProgress?.(b + 1, options.replicates);
  }
  return { draws, failed };
}

function build(sample: RdsSample, picks: readonly number[], recruiter: readonly number[]): RdsSample {
  return { outcome: picks.map((i) => sample.outcome[i] ?? null), degree: picks.map((i) => sample.degree[i] ?? 1), recruiter };
}

export function treeResampler(sample: RdsSample, rng: Rng): () => RdsSample {
  const recruits: number[][] = sample.degree.map(() => []);
  const seeds: number[] = [];
  sample.recruiter.forEach((p, i) => {
    if (p < 0) seeds.push(i);
    else recruits[p]?.push(i);
  });
  return () => {
    const picks: number[] = [];
    const parent: number[] = [];
    const stack: [number, number][] = seeds.map(() => [seeds[rng.nextInt(seeds.length)] ?? 0, -1]);
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [node, from] = top;
      const at = picks.length;
      picks.push(node);
      parent.push(from);
      const kids = recruits[node] ?? [];
      for (let j = 0; j < kids.length; j++) stack.push([kids[rng.nextInt(kids.length)] ?? 0, at]);
    }
    return build(sample, picks, parent);
  };
}

export function salganikResampler(sample: RdsSample, rng: Rng): () => RdsSample {
  const n = sample.outcome.length;
  // Pools: the recruits of recruiters in each category (missing outcomes form their own pool).
  const pools = new Map<string | null, number[]>();
  sample.recruiter.forEach((p, i) => {
    if (p < 0) return;
    const key = sample.outcome[p] ?? null;
    const pool = pools.get(key) ?? [];
    pool.push(i);
    pools.set(key, pool);
  });
  return () => {
    const picks = [rng.nextInt(n)];
    const parent = [-1];
    while (picks.length < n) {
      const last = picks[picks.length - 1] ?? 0;
      const pool = pools.get(sample.outcome[last] ?? null);
      if (pool === undefined || pool.length === 0) {
        picks.push(rng.nextInt(n)); // a category that recruited nobody restarts the chain, like a new seed
        parent.push(-1);
      } else {
        picks.push(pool[rng.nextInt(pool.length)] ?? 0);
        parent.push(picks.length - 2);
      }
    }
    return build(sample, picks, parent);
  };
}
