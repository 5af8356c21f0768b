// Runs an estimate spec on numeric columns: design → calibration → trimming → estimates with SEs and CIs.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { proportionInterval } from './ciprop.ts';
import { qt } from './dist/beta.ts';
import { designDf, type SurveyDesign, surveyDesign } from './design.ts';
import { type Estimate, indicator, surveyMean, surveyRatio, surveyTotal } from './estimate.ts';
import type { EstimateRequest, EstimateSpec } from './estimate-spec.ts';
import type { NumericTable } from './numeric-csv.ts';
import { postStratify } from './post-stratify.ts';
import { rake, type RakingMargin } from './rake.ts';
import { bootstrapDesign, rakeReplicates, type ReplicateDesign } from './replicates.ts';
import { type LinearStatistic, meanStatistic, ratioStatistic, replicateEstimates, replicateThetas, totalStatistic } from './replicate-estimate.ts';
import { trimWeightArray, trimWeights, type WeightSummary, weightSummary } from './trim-weights.ts';

export interface EstimateResult {
  readonly name: string;
  readonly kind: EstimateRequest['kind'];
  readonly estimate: number;
  readonly se: number;
  readonly ci: { readonly lower: number; readonly upper: number; readonly method: string };
  /** Unweighted rows used, their weighted total, and the design degrees of freedom. */
  readonly n: number;
  readonly weightedN: number;
  readonly df: number;
}

export interface EstimateReport {
  readonly rows: number;
  readonly design: { readonly strata: number; readonly psus: number; readonly df: number; readonly lonelyPsu: string };
  readonly weights: WeightSummary;
  readonly calibration?: { readonly method: string; readonly iterations: number; readonly converged: boolean; readonly maxMarginError: number };
  readonly variance: { readonly method: 'linearization' | 'bootstrap'; readonly description: string; readonly replicates?: number; readonly seed?: number };
  readonly level: number;
  readonly estimates: readonly EstimateResult[];
}

export interface RunOptions {
  /** Called as bootstrap replicates complete (the CLI draws a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Replicate values computed elsewhere (the CLI's worker threads, each running
   * `replicateThetasForSpec` on a block of replicates), replicate-major, one per estimate.
   */
  readonly thetas?: Float64Array;
}

interface PreparedRun {
  readonly design: SurveyDesign;
  readonly rep: ReplicateDesign | undefined;
  readonly calibration: EstimateReport['calibration'];
  readonly need: Need;
}

function nameOf(e: EstimateRequest): string {
  if (e.name !== undefined) return e.name;
  if (e.kind === 'ratio') return `${e.numerator}/${e.denominator}`;
  if ((e.kind === 'proportion' || e.kind === 'ciprop') && e.code !== undefined) return `${e.kind}(${e.variable}=${e.code})`;
  return `${e.kind}(${e.variable})`;
}

/** Design, calibration and trimming (of the full sample and, for the bootstrap, of every replicate). */
function prepareRun(table: NumericTable, spec: EstimateSpec): Result<PreparedRun, Diagnostic> {
  const column = (name: string | undefined): Result<Float64Array | undefined, Diagnostic> => {
    if (name === undefined) return ok(undefined);
    const c = table.columns.get(name);
    return c === undefined ? err({ code: 'analysis.unknown-column', severity: 'error', message: `the data have no column '${name}'`, subject: name, hint: `columns: ${table.names.join(', ')}` }) : ok(c);
  };
  const need = (name: string): Result<Float64Array, Diagnostic> => {
    const c = column(name);
    if (!c.ok) return c;
    return c.value === undefined ? err({ code: 'analysis.unknown-column', severity: 'error', message: `no column '${name}'` }) : ok(c.value);
  };
  const w = column(spec.design?.weights);
  const s = column(spec.design?.strata);
  const k = column(spec.design?.clusters);
  if (!w.ok) return w;
  if (!s.ok) return s;
  if (!k.ok) return k;
  const built = surveyDesign({
    n: table.n, lonelyPsu: spec.design?.lonelyPsu ?? 'fail',
    ...(w.value === undefined ? {} : { weights: w.value }), ...(s.value === undefined ? {} : { strata: s.value }), ...(k.value === undefined ? {} : { clusters: k.value }),
  });
  if (!built.ok) return built;
  let design: SurveyDesign = built.value;
  const margins: RakingMargin[] = [];
  for (const m of spec.calibration?.margins ?? []) {
    const c = need(m.variable);
    if (!c.ok) return c;
    margins.push({ name: m.variable, column: c.value, population: Object.entries(m.targets).map(([code, total]) => ({ code: Number(code), total })) });
  }
  const control = { ...(spec.calibration?.epsilon === undefined ? {} : { epsilon: spec.calibration.epsilon }), ...(spec.calibration?.maxit === undefined ? {} : { maxit: spec.calibration.maxit }) };
  const variance = spec.variance ?? { method: 'linearization' as const };
  let calibration: EstimateReport['calibration'];
  let rep: ReplicateDesign | undefined;
  if (variance.method === 'bootstrap') rep = bootstrapDesign(design, { replicates: variance.replicates, rng: xoshiro128ss(variance.seed) });
  if (spec.calibration !== undefined) {
    const r = rake(design, margins, spec.calibration.method === 'poststratify' ? {} : control);
    if (!r.ok) return r;
    if (spec.calibration.method === 'poststratify') {
      const ps = postStratify(design, margins[0]?.column ?? [], margins[0]?.population ?? [], margins[0]?.name);
      if (!ps.ok) return ps;
      design = ps.value;
    } else design = r.value.design;
    calibration = { method: spec.calibration.method, iterations: r.value.iterations, converged: r.value.converged, maxMarginError: r.value.maxMarginError };
    if (rep !== undefined) {
      const rr = rakeReplicates(rep, margins, spec.calibration.method === 'poststratify' ? { maxit: 1 } : control);
      if (!rr.ok) return rr;
      rep = rr.value.design;
    }
  }
  if (spec.trim !== undefined) {
    const opts = spec.trim;
    design = trimWeights(design, opts);
    if (rep !== undefined) {
      const inner = rep.fill;
      rep = { ...rep, weights: trimWeightArray(rep.weights, opts), fill: (r, out) => { inner(r, out); out.set(trimWeightArray(out, opts)); } };
    }
  }
  return ok({ design, rep, calibration, need });
}

/** The replicate values of a bootstrap spec's estimates for replicates [from, to) — one block of the work. */
export function replicateThetasForSpec(table: NumericTable, spec: EstimateSpec, from: number, to: number): Result<Float64Array, Diagnostic> {
  const prepared = prepareRun(table, spec);
  if (!prepared.ok) return prepared;
  const { rep, need } = prepared.value;
  if (rep === undefined) return err({ code: 'analysis.not-bootstrap', severity: 'error', message: 'the spec does not ask for bootstrap variances' });
  const stats = statisticsFor(spec.estimates, need);
  if (!stats.ok) return stats;
  return ok(replicateThetas(rep, stats.value, from, to));
}

export function runEstimates(table: NumericTable, spec: EstimateSpec, options: RunOptions = {}): Result<EstimateReport, Diagnostic> {
  const prepared = prepareRun(table, spec);
  if (!prepared.ok) return prepared;
  const { design, rep, calibration, need } = prepared.value;
  const variance = spec.variance ?? { method: 'linearization' as const };
  const level = spec.level ?? 0.95;
  const estimates = rep === undefined ? linearized(design, spec.estimates, need) : replicated(rep, spec.estimates, need, options);
  if (!estimates.ok) return estimates;
  const results = spec.estimates.map((e, i): EstimateResult => {
    const est = estimates.value[i] as Estimate;
    if (e.kind === 'ciprop') {
      const ci = proportionInterval(est, e.method ?? 'logit', level);
      return { name: nameOf(e), kind: e.kind, estimate: est.estimate, se: est.se, ci: { lower: ci.lower, upper: ci.upper, method: ci.method }, n: est.n, weightedN: est.weightedN, df: est.df };
    }
    const q = qt(1 - (1 - level) / 2, est.df);
    return { name: nameOf(e), kind: e.kind, estimate: est.estimate, se: est.se, ci: { lower: est.estimate - q * est.se, upper: est.estimate + q * est.se, method: 't (design df)' }, n: est.n, weightedN: est.weightedN, df: est.df };
  });
  return ok({
    rows: table.n,
    design: { strata: design.strataCount, psus: design.psuCount, df: designDf(design), lonelyPsu: design.lonelyPsu },
    weights: weightSummary(design.weights),
    ...(calibration === undefined ? {} : { calibration }),
    variance: rep === undefined || variance.method !== 'bootstrap' ? { method: 'linearization', description: 'Taylor linearisation (ultimate clusters, with replacement)' } : { method: 'bootstrap', description: rep.method, replicates: variance.replicates, seed: variance.seed },
    level,
    estimates: results,
  });
}

type Need = (name: string) => Result<Float64Array, Diagnostic>;

function valueColumn(e: EstimateRequest, need: Need): Result<Float64Array, Diagnostic> {
  if (e.kind === 'ratio') return need(e.numerator);
  const c = need(e.variable);
  if (!c.ok) return c;
  return e.kind === 'proportion' || e.kind === 'ciprop' ? ok(indicator(c.value, e.code ?? 1)) : c;
}

function linearized(design: SurveyDesign, requests: readonly EstimateRequest[], need: Need): Result<Estimate[], Diagnostic> {
  const out: Estimate[] = [];
  for (const e of requests) {
    const y = valueColumn(e, need);
    if (!y.ok) return y;
    let r: Result<Estimate, Diagnostic>;
    if (e.kind === 'ratio') {
      const x = need(e.denominator);
      if (!x.ok) return x;
      r = surveyRatio(design, y.value, x.value);
    } else r = e.kind === 'total' ? surveyTotal(design, y.value) : surveyMean(design, y.value);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

function statisticsFor(requests: readonly EstimateRequest[], need: Need): Result<LinearStatistic[], Diagnostic> {
  const stats: LinearStatistic[] = [];
  for (const e of requests) {
    const y = valueColumn(e, need);
    if (!y.ok) return y;
    if (e.kind === 'ratio') {
      const x = need(e.denominator);
      if (!x.ok) return x;
      stats.push(ratioStatistic(y.value, x.value));
    } else stats.push(e.kind === 'total' ? totalStatistic(y.value) : meanStatistic(y.value));
  }
  return ok(stats);
}

function replicated(rep: ReplicateDesign, requests: readonly EstimateRequest[], need: Need, options: RunOptions): Result<Estimate[], Diagnostic> {
  const built = statisticsFor(requests, need);
  if (!built.ok) return built;
  const stats = built.value;
  if (options.thetas !== undefined) {
    if (options.thetas.length !== rep.replicates * stats.length) throw new Error('replicate values of the wrong shape');
    return ok(replicateEstimates(rep, stats, options.thetas));
  }
  const thetas = new Float64Array(rep.replicates * stats.length);
  const block = 20;
  for (let from = 0; from < rep.replicates; from += block) {
    const to = Math.min(rep.replicates, from + block);
    thetas.set(replicateThetas(rep, stats, from, to), from * stats.length);
    options.onProgress?.(to, rep.replicates);
  }
  return ok(replicateEstimates(rep, stats, thetas));
}
