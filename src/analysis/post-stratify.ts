// Post-stratification: scale weights so that each cell's weighted total equals its known population total.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { type PostStratumRecord, type SurveyDesign, withWeights } from './design.ts';

/** A known population total per cell code. */
export interface CellTotal {
  readonly code: number;
  readonly total: number;
}

/** A calibration variable resolved once: dense cell per row and the target of each cell. */
export interface PreparedCells {
  readonly name: string;
  /** Cell per row; the extra last cell holds rows whose code has no target (they must weigh 0). */
  readonly cell: Int32Array;
  readonly cells: number;
  readonly target: Float64Array;
}

const fail = (code: Diagnostic['code'], message: string, hint: string): { ok: false; error: Diagnostic } => err({ code, severity: 'error', message, hint });

/** Resolves a calibration variable against its population totals. */
export function prepareCells(cellColumn: ArrayLike<number>, population: readonly CellTotal[], name: string): Result<PreparedCells, Diagnostic> {
  const codes = new Map<number, number>();
  const target = new Float64Array(population.length + 1);
  for (const p of population) {
    if (!(p.total >= 0) || !Number.isFinite(p.total)) return fail('analysis.bad-population-total', `${name} = ${p.code}: population total ${p.total} is not a finite non-negative number`, 'fix the target');
    if (codes.has(p.code)) return fail('analysis.duplicate-population-cell', `${name} = ${p.code} appears twice in the population totals`, 'list each cell once');
    target[codes.size] = p.total;
    codes.set(p.code, codes.size);
  }
  const extra = codes.size;
  const cell = new Int32Array(cellColumn.length);
  for (let i = 0; i < cellColumn.length; i++) {
    const v = cellColumn[i] ?? Number.NaN;
    if (Number.isNaN(v)) return fail('analysis.missing-calibration-variable', `row ${i + 1}: ${name} is missing`, 'calibration variables must be present in every row');
    cell[i] = codes.get(v) ?? extra;
  }
  return ok({ name, cell, cells: extra + 1, target });
}

/**
 * Scales `weights` cell by cell to the targets (R's `postStratify(..., partial=FALSE)`): refuses a
 * weighted row in a cell without a target, or a positive target whose cell has no weight — unless
 * `allowEmpty` (bootstrap replicates, where R yields NaN and drops the replicate), which leaves it at 0.
 */
export function scaleToCells(weights: Float64Array, prepared: PreparedCells, allowEmpty = false): Result<Float64Array, Diagnostic> {
  const { cell, cells, target, name } = prepared;
  const n = weights.length;
  const sample = new Float64Array(cells);
  for (let i = 0; i < n; i++) sample[cell[i] ?? 0] = (sample[cell[i] ?? 0] ?? 0) + (weights[i] ?? 0);
  const extra = cells - 1;
  if (!allowEmpty) {
    if ((sample[extra] ?? 0) > 0) {
      const row = Array.from(cell).findIndex((c, i) => c === extra && (weights[i] ?? 0) > 0);
      return fail('analysis.cell-not-in-population', `row ${row + 1}: its ${name} code has no population total`, 'add the cell to the targets');
    }
    for (let c = 0; c < extra; c++) {
      const s = sample[c] ?? 0;
      const t = target[c] ?? 0;
      if (s === 0 && t > 0) return fail('analysis.empty-sample-cell', `${name}: a cell with population total ${t} has no sample weight`, 'collapse the cell with a neighbour or drop the target');
      if (s > 0 && t === 0) return fail('analysis.cell-not-in-population', `${name}: a cell with sample weight has a population total of 0`, 'fix the target');
    }
  }
  const factor = new Float64Array(cells);
  for (let c = 0; c < extra; c++) factor[c] = (sample[c] ?? 0) > 0 ? (target[c] ?? 0) / (sample[c] ?? 1) : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (weights[i] ?? 0) * (factor[cell[i] ?? 0] ?? 0);
  return ok(out);
}

/** One post-stratification step with its record for variance estimation. */
export function postStratifyWeights(weights: Float64Array, cellColumn: ArrayLike<number>, population: readonly CellTotal[], name: string): Result<PostStratumRecord, Diagnostic> {
  const prepared = prepareCells(cellColumn, population, name);
  if (!prepared.ok) return prepared;
  const scaled = scaleToCells(weights, prepared.value);
  if (!scaled.ok) return scaled;
  return ok({ kind: 'poststratify', cell: prepared.value.cell, cells: prepared.value.cells, oldWeights: weights, weights: scaled.value });
}

/** Post-stratifies a design; its variances then account for the calibration (as R's). */
export function postStratify(design: SurveyDesign, cellColumn: ArrayLike<number>, population: readonly CellTotal[], name = 'cell'): Result<SurveyDesign, Diagnostic> {
  const step = postStratifyWeights(design.weights, cellColumn, population, name);
  if (!step.ok) return step;
  return ok(withWeights(design, step.value.weights, step.value));
}
