// RDS diagnostics: transitions, homophily, equilibrium vs sample, convergence by recruitment order, bottlenecks by seed.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { ok, type Result } from '../../core/result.ts';
import { estimateProportions, type RdsEstimator } from './estimate.ts';
import { heckathornHomophily, recruitmentHomophily, type RecruitmentHomophily } from './homophily.ts';
import type { RecruitmentTree } from './recruitment-tree.ts';
import { categoriesOf, subSample, type RdsSample } from './sample.ts';
import { countTransitions, markovMatrix, stationaryDistribution } from './transitions.ts';

export interface RdsDiagnostics {
  readonly categories: readonly string[];
  /** Recruiter category (row) × recruit category (column), counts and row proportions. */
  readonly transitions: readonly (readonly number[])[];
  readonly transitionProportions: readonly (readonly number[])[];
  readonly recruitmentHomophily: RecruitmentHomophily;
  /** Heckathorn (2002) homophily per category, against the estimate's proportions. */
  readonly heckathornHomophily: readonly number[];
  /** Equilibrium of the recruitment chain (the sample composition it converges to) beside the sample's. */
  readonly equilibrium: readonly number[] | null;
  readonly sampleComposition: readonly number[];
  /** Waves for a chain started in each category to come within 0.02 of the equilibrium (Heckathorn 2002); null if never within 100. */
  readonly wavesToEquilibrium: readonly (number | null)[];
  /** The estimate on the first k respondents (input order = order of recruitment), at up to `points` values of k. */
  readonly convergence: { readonly sizes: readonly number[]; readonly proportions: readonly (readonly (number | null)[])[] };
  /** The estimate within each seed's chain (id of the seed, chain size, proportions or null when undefined). */
  readonly bottleneck: readonly { readonly seed: string; readonly size: number; readonly proportions: readonly number[] | null }[];
}

export interface DiagnosticsOptions {
  readonly estimator: RdsEstimator;
  readonly populationSize?: number;
  /** How many prefix sizes the convergence trace uses (default 50). */
  readonly points?: number;
}

export function rdsDiagnostics(tree: RecruitmentTree, sample: RdsSample, options: DiagnosticsOptions): Result<RdsDiagnostics, Diagnostic> {
  const categories = categoriesOf(sample.outcome);
  const opts = options.populationSize === undefined ? { estimator: options.estimator, categories } : { estimator: options.estimator, categories, populationSize: options.populationSize };
  const whole = estimateProportions(sample, opts);
  if (!whole.ok) return whole;
  const transitions = countTransitions(sample, categories);
  const markov = markovMatrix(transitions);
  const equilibrium = stationaryDistribution(markov) ?? null;
  const n = whole.value.n;
  const points = Math.min(options.points ?? 50, sample.outcome.length);
  const sizes = [...new Set(Array.from({ length: points }, (_, j) => Math.round(((j + 1) * sample.outcome.length) / points)))];
  const convergence = sizes.map((k) => {
    const idx = Array.from({ length: k }, (_, i) => i);
    const r = estimateProportions(subSample(sample, idx), { ...opts, ...(options.populationSize === undefined ? {} : { populationSize: Math.max(options.populationSize, k + 1) }) });
    return r.ok ? [...r.value.proportions] : categories.map(() => null);
  });
  const bottleneck = tree.seeds.map((s) => {
    const idx = tree.seedOf.flatMap((x, i) => (x === s ? [i] : []));
    const r = estimateProportions(subSample(sample, idx), { ...opts, ...(options.populationSize === undefined ? {} : { populationSize: Math.max(options.populationSize, idx.length + 1) }) });
    return { seed: tree.ids[s] ?? '', size: idx.length, proportions: r.ok ? r.value.proportions : null };
  });
  return ok({
    categories,
    transitions,
    transitionProportions: transitions.map((row) => {
      const t = row.reduce((a, b) => a + b, 0);
      return row.map((x) => (t === 0 ? Number.NaN : x / t));
    }),
    recruitmentHomophily: recruitmentHomophily(sample, categories),
    heckathornHomophily: heckathornHomophily(sample, categories, whole.value.proportions),
    equilibrium,
    sampleComposition: whole.value.counts.map((c) => c / n),
    wavesToEquilibrium: categories.map((_, k) => (equilibrium === null ? null : wavesTo(markov, equilibrium, k))),
    convergence: { sizes, proportions: convergence },
    bottleneck,
  });
}

function wavesTo(p: readonly (readonly number[])[], q: readonly number[], start: number): number | null {
  let dist: number[] = q.map((_, j) => (j === start ? 1 : 0));
  for (let w = 0; w <= 100; w++) {
    if (dist.every((x, j) => Math.abs(x - (q[j] ?? 0)) < 0.02)) return w;
    dist = q.map((_, j) => dist.reduce((a, x, i) => a + x * (p[i]?.[j] ?? 0), 0));
  }
  return null;
}
