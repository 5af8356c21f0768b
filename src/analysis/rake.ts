// Raking (iterative proportional fitting) of weights to known margins, with R's convergence rule.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { type PostStratumRecord, type SurveyDesign, withWeights } from './design.ts';
import { type CellTotal, type PreparedCells, prepareCells, scaleToCells } from './post-stratify.ts';

export interface RakingMargin {
  /** The variable's name, for messages. */
  readonly name: string;
  readonly column: ArrayLike<number>;
  readonly population: readonly CellTotal[];
}

export interface RakingControl {
  /**
   * Stop when the largest change of any cell of the full cross-classification of the margin
   * variables between two sweeps is below epsilon; epsilon < 1 is relative to the sum of weights
   * (R's `rake(control=list(epsilon=))`, default 1).
   */
  readonly epsilon?: number;
  /** At most this many sweeps (R's `maxit`, default 10). */
  readonly maxit?: number;
}

export interface RakingResult {
  readonly design: SurveyDesign;
  readonly iterations: number;
  /** R's criterion: the cross-table stopped changing by more than epsilon. */
  readonly converged: boolean;
  /**
   * Largest |achieved − target| over every margin cell. R does not report it; when the margins cannot
   * all be met (sparse cells), IPF can "converge" while this stays large — check it.
   */
  readonly maxMarginError: number;
}

/** Weighted counts of the cross-classification of all margins (R's `svytable` of all margin variables). */
function crossTable(weights: Float64Array, keys: Int32Array, size: number): Float64Array {
  const t = new Float64Array(size);
  for (let i = 0; i < weights.length; i++) t[keys[i] ?? 0] = (t[keys[i] ?? 0] ?? 0) + (weights[i] ?? 0);
  return t;
}

/** Raked weights and what it took. `sweeps` counts full passes over the margins. */
export interface RakedWeights {
  readonly weights: Float64Array;
  /** The post-stratification steps of the last sweep, one per margin (for variances). */
  readonly steps: readonly PostStratumRecord[];
  readonly iterations: number;
  readonly sweeps: number;
  readonly converged: boolean;
}

function checkMargins(margins: readonly RakingMargin[]): Diagnostic | undefined {
  if (margins.length === 0) return { code: 'analysis.rake-no-margins', severity: 'error', message: 'raking needs at least one margin' };
  const sums = margins.map((m) => m.population.reduce((s, p) => s + p.total, 0));
  const first = sums[0] ?? 0;
  for (let j = 1; j < margins.length; j++) {
    const s = sums[j] ?? 0;
    if (Math.abs(s - first) > 1e-9 * Math.max(Math.abs(first), 1)) {
      return { code: 'analysis.rake-inconsistent-margins', severity: 'error', message: `the targets of ${margins[j]?.name ?? ''} sum to ${s} but those of ${margins[0]?.name ?? ''} sum to ${first}`, hint: 'all margins must describe the same population total' };
    }
  }
  return undefined;
}

/** Joint cell key per row, mixed radix over each margin's distinct codes. */
function jointKeys(n: number, margins: readonly RakingMargin[]): { keys: Int32Array; size: number } {
  const keys = new Int32Array(n);
  let size = 1;
  for (const m of margins) {
    const codes = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = m.column[i] ?? Number.NaN;
      if (!codes.has(v)) codes.set(v, codes.size);
    }
    for (let i = 0; i < n; i++) keys[i] = (keys[i] ?? 0) * codes.size + (codes.get(m.column[i] ?? Number.NaN) ?? 0);
    size *= codes.size;
  }
  return { keys, size };
}

/** Resolves the margins once (for raking many replicate weight vectors). */
export function prepareMargins(margins: readonly RakingMargin[]): Result<readonly PreparedCells[], Diagnostic> {
  const bad = checkMargins(margins);
  if (bad !== undefined) return err(bad);
  const out: PreparedCells[] = [];
  for (const m of margins) {
    const p = prepareCells(m.column, m.population, m.name);
    if (!p.ok) return p;
    out.push(p.value);
  }
  return ok(out);
}

/** IPF on a weight vector with R's `rake` stopping rule. */
export function rakeWeights(start: Float64Array, margins: readonly RakingMargin[], control: RakingControl = {}): Result<RakedWeights, Diagnostic> {
  const prepared = prepareMargins(margins);
  if (!prepared.ok) return prepared;
  const maxit = control.maxit ?? 10;
  let epsilon = control.epsilon ?? 1;
  if (epsilon < 1) epsilon *= start.reduce((s, w) => s + w, 0);
  const { keys, size } = jointKeys(start.length, margins);
  let weights = start;
  let old = crossTable(weights, keys, size);
  let steps: PostStratumRecord[] = [];
  let iterations = 0;
  let sweeps = 0;
  let converged = false;
  while (iterations < maxit) {
    steps = [];
    for (const p of prepared.value) {
      const scaled = scaleToCells(weights, p);
      if (!scaled.ok) return scaled;
      steps.push({ kind: 'poststratify', cell: p.cell, cells: p.cells, oldWeights: weights, weights: scaled.value });
      weights = scaled.value;
    }
    sweeps++;
    const next = crossTable(weights, keys, size);
    let delta = 0;
    for (let c = 0; c < size; c++) delta = Math.max(delta, Math.abs((old[c] ?? 0) - (next[c] ?? 0)));
    if (delta < epsilon) {
      converged = true;
      break;
    }
    old = next;
    iterations++;
  }
  return ok({ weights, steps, iterations, sweeps, converged });
}

/** Rakes a design to the margins in turn (R's `rake`); refuses margins whose totals differ. */
export function rake(design: SurveyDesign, margins: readonly RakingMargin[], control: RakingControl = {}): Result<RakingResult, Diagnostic> {
  const r = rakeWeights(design.weights, margins, control);
  if (!r.ok) return r;
  const { weights, steps, iterations, converged } = r.value;
  let maxMarginError = 0;
  for (const m of margins) {
    const achieved = new Map<number, number>();
    for (let i = 0; i < weights.length; i++) achieved.set(m.column[i] ?? Number.NaN, (achieved.get(m.column[i] ?? Number.NaN) ?? 0) + (weights[i] ?? 0));
    for (const p of m.population) maxMarginError = Math.max(maxMarginError, Math.abs((achieved.get(p.code) ?? 0) - p.total));
  }
  return ok({ design: withWeights(design, weights, { kind: 'raking', margins: steps }), iterations, converged, maxMarginError });
}
