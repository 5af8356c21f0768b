// Population size by the multiplier method: N = M / p, M an official count, p the weighted share of the sample it counts.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Rng } from '../../core/rng.ts';
import { bootstrapProportions, sd, type BootstrapMethod } from '../rds/bootstrap.ts';
import { estimateProportions, type RdsEstimator } from '../rds/estimate.ts';
import { normalQuantile, quantileType7 } from '../rds/quantile.ts';
import type { RdsSample } from '../rds/sample.ts';

/** One official count and the survey question that identifies the people it counts (data, not code). */
export interface Benchmark {
  readonly name: string;
  /** M: how many people the source counts. */
  readonly count: number;
  /** The survey variable that says whether a respondent is in the count … */
  readonly variable: string;
  /** … and the value (code) that means "yes". */
  readonly code: string;
  readonly source: string;
  /** The assumptions under which M / p estimates the population; printed with the result. */
  readonly assumptions: string;
}

export interface MultiplierOptions {
  /** RDS-II by default. */
  readonly estimator?: RdsEstimator;
  readonly populationSize?: number;
  readonly level?: number;
  /** Bootstrap for Var(p) (the RDS design effect) and for percentile intervals of N. */
  readonly bootstrap: { readonly method: BootstrapMethod; readonly replicates: number; readonly rng: Rng; readonly onProgress?: (done: number, total: number) => void };
}

export interface MultiplierEstimate {
  readonly benchmark: Benchmark;
  readonly estimator: RdsEstimator;
  /** p: weighted share holding the counted attribute, among respondents who answered. */
  readonly share: number;
  /** Respondents with an answer, and of them those with the attribute (unweighted). */
  readonly n: number;
  readonly holders: number;
  readonly shareStandardError: number;
  /** Var_bootstrap(p) / (p (1 - p) / n). */
  readonly designEffect: number;
  /** M / p; Infinity when nobody in the sample holds the attribute. */
  readonly size: number;
  readonly level: number;
  /** Delta method: se(N) = M se(p) / p^2, N ± z se. */
  readonly deltaStandardError: number;
  readonly deltaInterval: readonly [number, number];
  /** Percentiles of M / p over bootstrap replicates (Infinity where a replicate has p = 0). */
  readonly bootstrapInterval: readonly [number, number];
  readonly replicates: number;
}

/** p_b for every replicate, shared by all benchmarks that use the same variable. */
export function multiplierEstimate(sample: RdsSample, benchmark: Benchmark, options: MultiplierOptions): Result<MultiplierEstimate, Diagnostic> {
  const estimator = options.estimator ?? 'rds2';
  const level = options.level ?? 0.95;
  const withN = options.populationSize === undefined ? { estimator } : { estimator, populationSize: options.populationSize };
  const point = estimateProportions(sample, withN);
  if (!point.ok) return point;
  const k = point.value.categories.indexOf(benchmark.code);
  const share = k < 0 ? 0 : (point.value.proportions[k] ?? 0);
  const holders = k < 0 ? 0 : (point.value.counts[k] ?? 0);
  const boot = bootstrapProportions(sample, { ...withN, method: options.bootstrap.method, replicates: options.bootstrap.replicates, rng: options.bootstrap.rng, level, ...(options.bootstrap.onProgress === undefined ? {} : { onProgress: options.bootstrap.onProgress }) });
  if (!boot.ok) return boot;
  const shares = boot.value.draws.map((d) => (k < 0 ? 0 : (d[k] ?? 0)));
  const se = sd(shares);
  const n = point.value.n;
  const M = benchmark.count;
  const size = share > 0 ? M / share : Infinity;
  const z = normalQuantile(1 - (1 - level) / 2);
  const deltaSe = share > 0 ? (M * se) / share ** 2 : Infinity;
  const sizes = shares.map((p) => (p > 0 ? M / p : Infinity)).sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return ok({
    benchmark,
    estimator,
    share,
    n,
    holders,
    shareStandardError: se,
    designEffect: share > 0 && share < 1 ? se ** 2 / ((share * (1 - share)) / n) : Number.NaN,
    size,
    level,
    deltaStandardError: deltaSe,
    deltaInterval: [Math.max(size - z * deltaSe, M), size + z * deltaSe],
    bootstrapInterval: [quantileType7(sizes, alpha), quantileType7(sizes, 1 - alpha)],
    replicates: boot.value.replicates,
  });
}

/** Validates a benchmark list read from JSON; messages name the entry and field. */
export function parseBenchmarks(value: unknown, file = 'benchmarks'): Result<Benchmark[], Diagnostic[]> {
  const problems: Diagnostic[] = [];
  const list = Array.isArray(value) ? (value as unknown[]) : undefined;
  if (list === undefined) return err([{ code: 'popsize.benchmarks-not-list', severity: 'error', message: `${file}: expected a JSON array of benchmarks` }]);
  const out: Benchmark[] = [];
  list.forEach((entry, i) => {
    const o = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const text = (key: string): string => {
      const v = o[key];
      if (typeof v === 'string' && v.trim() !== '') return v;
      if (key === 'code' && typeof v === 'number') return String(v);
      problems.push({ code: 'popsize.benchmark-field', severity: 'error', message: `${file}: benchmark ${i + 1}: '${key}' must be a non-empty string`, subject: `benchmark ${i + 1}` });
      return '';
    };
    const count = o['count'];
    if (typeof count !== 'number' || !(count > 0)) {
      problems.push({ code: 'popsize.benchmark-field', severity: 'error', message: `${file}: benchmark ${i + 1}: 'count' must be a positive number`, subject: `benchmark ${i + 1}` });
    }
    out.push({ name: text('name'), count: typeof count === 'number' ? count : Number.NaN, variable: text('variable'), code: text('code'), source: text('source'), assumptions: text('assumptions') });
  });
  return problems.length > 0 ? err(problems) : ok(out);
}
