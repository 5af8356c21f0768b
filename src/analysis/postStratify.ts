// Post-stratification: scale weights so that each cell's weighted total equals its known population total.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { type PostStratumRecord, type SurveyDesign, withWeights } from './design.ts';

/** A known population total per cell code. */
export interface CellTotal {
  readonly code: number;
  readonly total: number;
}

const fail = (code: string, message: string, hint: string): { ok: false; error: Diagnostic } => err({ code, severity: 'error', message, hint });

/**
 * One post-stratification step on `weights` (R's `postStratify(design, ~cell, population)` with
 * `partial=FALSE`): refuses a cell present in the sample but absent from the population, or a
 * population cell with no sample weight. `name` names the variable in messages.
 */
export function postStratifyWeights(weights: Float64Array, cellColumn: ArrayLike<number>, population: readonly CellTotal[], name: string): Result<PostStratumRecord, Diagnostic> {
  const n = weights.length;
  const codes = new Map<number, number>();
  for (const p of population) {
    if (!(p.total >= 0) || !Number.isFinite(p.total)) return fail('analysis.bad-population-total', `${name} = ${p.code}: population total ${p.total} is not a finite non-negative number`, 'fix the target');
    if (codes.has(p.code)) return fail('analysis.duplicate-population-cell', `${name} = ${p.code} appears twice in the population totals`, 'list each cell once');
    codes.set(p.code, codes.size);
  }
  const cell = new Int32Array(n);
  const sampleTotal = new Float64Array(codes.size);
  for (let i = 0; i < n; i++) {
    const v = cellColumn[i] ?? Number.NaN;
    if (Number.isNaN(v)) return fail('analysis.missing-calibration-variable', `row ${i + 1}: ${name} is missing`, 'calibration variables must be present in every row');
    const c = codes.get(v);
    if (c === undefined) {
      if ((weights[i] ?? 0) > 0) return fail('analysis.cell-not-in-population', `${name} = ${v} occurs in the sample (row ${i + 1}) but has no population total`, 'add the cell to the targets');
      cell[i] = -1;
      continue;
    }
    cell[i] = c;
    sampleTotal[c] = (sampleTotal[c] ?? 0) + (weights[i] ?? 0);
  }
  for (const p of population) {
    const c = codes.get(p.code) ?? 0;
    const s = sampleTotal[c] ?? 0;
    if (s === 0 && p.total > 0) return fail('analysis.empty-sample-cell', `${name} = ${p.code} has a population total of ${p.total} but no sample weight`, 'collapse the cell with a neighbour or drop the target');
    if (s > 0 && p.total === 0) return fail('analysis.cell-not-in-population', `${name} = ${p.code} occurs in the sample but its population total is 0`, 'fix the target');
  }
  const out = new Float64Array(n);
  // Rows of cells outside the population (weight 0) go into an extra cell of their own.
  const extra = codes.size;
  for (let i = 0; i < n; i++) {
    const c = cell[i] ?? -1;
    if (c < 0) {
      cell[i] = extra;
      continue;
    }
    const s = sampleTotal[c] ?? 0;
    const target = population[c]?.total ?? 0;
    out[i] = s > 0 ? ((weights[i] ?? 0) * target) / s : 0;
  }
  return ok({ kind: 'poststratify', cell, cells: extra + 1, oldWeights: weights, weights: out });
}

/** Post-stratifies a design; its variances then account for the calibration (as R's). */
export function postStratify(design: SurveyDesign, cellColumn: ArrayLike<number>, population: readonly CellTotal[], name = 'cell'): Result<SurveyDesign, Diagnostic> {
  const step = postStratifyWeights(design.weights, cellColumn, population, name);
  if (!step.ok) return step;
  return ok(withWeights(design, step.value.weights, step.value));
}
