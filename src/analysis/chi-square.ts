// Tests of association for two-way tables: Pearson's X², the Rao–Scott F (R's svychisq), Cramér's V, Fisher's exact 2×2.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { pf } from './dist/beta.ts';
import { lgamma, pchisq } from './dist/gamma.ts';
import type { SurveyDesign } from './design.ts';
import { linearizedCovariance } from './linearization.ts';
import { matmul, projectionResidual, solve, trace, transpose } from './linalg.ts';

export interface PearsonTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/** Pearson's X² (no continuity correction) on an nr×nc table stored row-major. */
export function pearsonChiSquare(table: ArrayLike<number>, nr: number, nc: number): PearsonTest {
  const rows = new Float64Array(nr);
  const cols = new Float64Array(nc);
  let total = 0;
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nc; j++) {
      const v = table[i * nc + j] ?? 0;
      rows[i] = (rows[i] ?? 0) + v;
      cols[j] = (cols[j] ?? 0) + v;
      total += v;
    }
  }
  let x2 = 0;
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nc; j++) {
      const e = ((rows[i] ?? 0) * (cols[j] ?? 0)) / total;
      const d = (table[i * nc + j] ?? 0) - e;
      x2 += (d * d) / e;
    }
  }
  const df = (nr - 1) * (nc - 1);
  return { statistic: x2, df, pValue: pchisq(x2, df, false) };
}

/** Cramér's V = √(X² / (N (min(r, c) − 1))). */
export function cramersV(table: ArrayLike<number>, nr: number, nc: number): number {
  let total = 0;
  for (let i = 0; i < nr * nc; i++) total += table[i] ?? 0;
  return Math.sqrt(pearsonChiSquare(table, nr, nc).statistic / (total * (Math.min(nr, nc) - 1)));
}

/** Fisher's exact test for [[a, b], [c, d]], two-sided as R's fisher.test (tables as likely or less, relative 1e-7). */
export function fisherExact2x2(a: number, b: number, c: number, d: number): { pValue: number } {
  const r1 = a + b;
  const c1 = a + c;
  const n = a + b + c + d;
  const lf = (k: number): number => lgamma(k + 1);
  const logP = (x: number): number => lf(r1) + lf(n - r1) + lf(c1) + lf(n - c1) - lf(n) - lf(x) - lf(r1 - x) - lf(c1 - x) - lf(n - r1 - c1 + x);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, r1 + c1 - n); x <= Math.min(r1, c1); x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  return { pValue: Math.min(1, p) };
}

export interface RaoScottTest {
  /** Pearson's X² on the weighted table rescaled to the number of rows. */
  readonly pearson: number;
  /** The F: `pearson` over the trace of the design-effect matrix Δ. */
  readonly statistic: number;
  /** Numerator degrees of freedom, tr(Δ)² / tr(Δ²): a real number, not the table's (r−1)(c−1). */
  readonly ndf: number;
  /** Denominator degrees of freedom: `ndf` × (PSUs − strata). */
  readonly ddf: number;
  readonly pValue: number;
  /** The distinct non-missing values of each variable, ascending: the table's rows and columns. */
  readonly rowLevels: readonly number[];
  readonly colLevels: readonly number[];
}

/** Rao–Scott second-order corrected F test of independence (R's `svychisq(~row+col, design, statistic="F")`). */
export function raoScottF(design: SurveyDesign, rowVar: ArrayLike<number>, colVar: ArrayLike<number>): Result<RaoScottTest, Diagnostic> {
  const n = design.n;
  const levels = (v: ArrayLike<number>): number[] => [...new Set(Array.from({ length: n }, (_, i) => v[i] ?? Number.NaN).filter((x) => !Number.isNaN(x)))].sort((x, y) => x - y);
  const rowLevels = levels(rowVar);
  const colLevels = levels(colVar);
  const nr = rowLevels.length;
  const nc = colLevels.length;
  if (nr < 2 || nc < 2) return err({ code: 'analysis.table-too-small', severity: 'error', message: `a test of association needs at least 2 rows and 2 columns (got ${nr}×${nc})` });
  const k = nr * nc;
  const rIndex = new Map(rowLevels.map((v, i) => [v, i]));
  const cIndex = new Map(colLevels.map((v, i) => [v, i]));
  // Cell per row, interaction order (row level fastest), −1 when either is missing.
  const cell = new Int32Array(n);
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const r = rIndex.get(rowVar[i] ?? Number.NaN);
    const c = cIndex.get(colVar[i] ?? Number.NaN);
    cell[i] = r === undefined || c === undefined ? -1 : c * nr + r;
    if (cell[i] !== -1) sw += design.weights[i] ?? 0;
  }
  const mean = new Float64Array(k);
  for (let i = 0; i < n; i++) if ((cell[i] ?? -1) >= 0) mean[cell[i] ?? 0] = (mean[cell[i] ?? 0] ?? 0) + (design.weights[i] ?? 0) / sw;
  const influences = Array.from({ length: k }, (_, j) => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = cell[i] ?? -1;
      if (c >= 0) x[i] = ((design.weights[i] ?? 0) * ((c === j ? 1 : 0) - (mean[j] ?? 0))) / sw;
    }
    return x;
  });
  const cov = linearizedCovariance(design, influences);
  if (!cov.ok) return cov;
  // Pearson on the weighted table scaled to N rows (R's svytable(Ntotal = N)); table is row-major nr×nc.
  const table = new Float64Array(k);
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) table[r * nc + c] = (mean[c * nr + r] ?? 0) * n;
  const pearson = pearsonChiSquare(table, nr, nc).statistic;
  // Design matrices over the k cells: main effects X1, interaction columns X12.
  const p1 = nr + nc - 1;
  const m = (nr - 1) * (nc - 1);
  const x1 = new Float64Array(k * p1);
  const x12 = new Float64Array(k * m);
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < nr; r++) {
      const row = c * nr + r;
      x1[row * p1] = 1;
      if (r > 0) x1[row * p1 + r] = 1;
      if (c > 0) x1[row * p1 + nr - 1 + c] = 1;
      if (r > 0 && c > 0) x12[row * m + (c - 1) * (nr - 1) + (r - 1)] = 1;
    }
  }
  const cmat = projectionResidual(x1, x12, k, p1, m);
  const iD = new Float64Array(k * k);
  for (let j = 0; j < k; j++) iD[j * k + j] = (mean[j] ?? 0) === 0 ? 0 : 1 / (mean[j] ?? 1);
  const ct = transpose(cmat, k, m);
  const denom = matmul(matmul(ct, iD.map((v) => v / n), m, k, k), cmat, m, k, m);
  const numr = matmul(matmul(matmul(matmul(ct, iD, m, k, k), cov.value, m, k, k), iD, m, k, k), cmat, m, k, m);
  const delta = solve(denom, numr, m, m);
  const tr = trace(delta, m);
  const tr2 = trace(matmul(delta, delta, m, m, m), m);
  const d0 = (tr * tr) / tr2;
  // Degrees of freedom: PSUs − strata over all rows of the design, as svychisq does.
  const nu = design.psuCount - design.strataCount;
  const statistic = pearson / tr;
  return ok({ pearson, statistic, ndf: d0, ddf: d0 * nu, pValue: pf(statistic, d0, d0 * nu, false), rowLevels, colLevels });
}
