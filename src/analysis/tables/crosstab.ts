// Cross-tabulations of two coded variables with row, column and total shares, and a test of association.

import type { Diagnostic } from '../../core/diagnostic.ts';
import type { LocalizedText } from '../../core/text.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { MISSING_CODE, MISSING_INDEX, type MissingKind } from '../../instrument/missing.ts';
import { cramersV, fisherExact2x2, pearsonChiSquare, raoScottF } from '../chi-square.ts';
import type { CodedVariable, Dataset } from '../dataset.ts';
import type { SurveyDesign } from '../design.ts';
import { checkWeights, findVariable, inBase, makeBase, SHOWN_MISSING, type TableBase, type TableOptions } from './base.ts';

export interface CrosstabCategory {
  readonly code: number;
  readonly label: LocalizedText;
  readonly missing?: MissingKind;
}

export interface CrosstabCell {
  readonly n: number;
  readonly weighted?: number;
  /** Share of its row, of its column, and of the whole base (weighted when weighted). */
  readonly rowShare: number;
  readonly columnShare: number;
  readonly totalShare: number;
}

export interface AssociationTest {
  /** `rao-scott-f` for a design, else `pearson` (unweighted counts); Fisher's p for unweighted 2×2 tables. */
  readonly method: 'rao-scott-f' | 'pearson';
  readonly statistic: number;
  readonly df: number;
  readonly ddf?: number;
  readonly pValue: number;
  /** Cramér's V of the (weighted) table of valid answers. */
  readonly cramersV: number;
  readonly fisherPValue?: number;
}

export interface Crosstab {
  readonly rowVariable: string;
  readonly columnVariable: string;
  readonly base: TableBase;
  readonly weighted: boolean;
  readonly rows: readonly CrosstabCategory[];
  readonly columns: readonly CrosstabCategory[];
  /** rows.length × columns.length, row-major. */
  readonly cells: readonly CrosstabCell[];
  /** On valid answers only; absent when the table has fewer than 2 rows or columns. */
  readonly test?: AssociationTest;
}

function categories(v: CodedVariable, withMissing: boolean): { list: CrosstabCategory[]; index: (i: number) => number } {
  const codes = new Set(v.valueLabels.map((c) => c.code));
  for (let i = 0; i < v.values.length; i++) if ((v.missing[i] ?? 0) === 0) codes.add(v.values[i] ?? Number.NaN);
  const labelOf = new Map(v.valueLabels.map((c) => [c.code, c.label]));
  const list: CrosstabCategory[] = [...codes].map((code) => ({ code, label: labelOf.get(code) ?? {} }));
  const pos = new Map([...codes].map((c, k) => [c, k]));
  const missingPos = new Map<number, number>();
  if (withMissing) {
    for (const k of SHOWN_MISSING) {
      missingPos.set(MISSING_INDEX[k], list.length);
      list.push({ code: MISSING_CODE[k], label: {}, missing: k });
    }
  }
  return { list, index: (i) => ((v.missing[i] ?? 0) === 0 ? (pos.get(v.values[i] ?? Number.NaN) ?? -1) : (missingPos.get(v.missing[i] ?? 0) ?? -1)) };
}

export interface CrosstabOptions extends TableOptions {
  /** When given, the test is the Rao–Scott F under this design (its weights are used for the table too). */
  readonly design?: SurveyDesign;
}

export function crosstab(dataset: Dataset, rowName: string, columnName: string, options: CrosstabOptions = {}): Result<Crosstab, Diagnostic> {
  const weights = options.design?.weights ?? options.weights;
  const bad = checkWeights(dataset, weights);
  if (bad !== undefined) return err(bad);
  const rv = findVariable(dataset, rowName, ['coded'] as const);
  if (!rv.ok) return rv;
  const cv = findVariable(dataset, columnName, ['coded'] as const);
  if (!cv.ok) return cv;
  const base = options.base ?? 'asked';
  const weighted = weights !== undefined;
  const r = categories(rv.value, base === 'asked');
  const c = categories(cv.value, base === 'asked');
  const nr = r.list.length;
  const nc = c.list.length;
  const n = new Float64Array(nr * nc);
  const w = new Float64Array(nr * nc);
  let baseN = 0;
  let baseW = 0;
  for (let i = 0; i < dataset.n; i++) {
    if (!inBase(rv.value.missing, i, base) || !inBase(cv.value.missing, i, base)) continue;
    const a = r.index(i);
    const b = c.index(i);
    if (a < 0 || b < 0) continue;
    const wi = weights === undefined ? 1 : (weights[i] ?? 0);
    n[a * nc + b] = (n[a * nc + b] ?? 0) + 1;
    w[a * nc + b] = (w[a * nc + b] ?? 0) + wi;
    baseN++;
    baseW += wi;
  }
  const t = weighted ? w : n;
  const rowSum = new Float64Array(nr);
  const colSum = new Float64Array(nc);
  for (let a = 0; a < nr; a++) for (let b = 0; b < nc; b++) {
    rowSum[a] = (rowSum[a] ?? 0) + (t[a * nc + b] ?? 0);
    colSum[b] = (colSum[b] ?? 0) + (t[a * nc + b] ?? 0);
  }
  const total = weighted ? baseW : baseN;
  const cells: CrosstabCell[] = [];
  for (let a = 0; a < nr; a++) for (let b = 0; b < nc; b++) {
    const x = t[a * nc + b] ?? 0;
    cells.push({ n: n[a * nc + b] ?? 0, ...(weighted ? { weighted: w[a * nc + b] ?? 0 } : {}), rowShare: x / (rowSum[a] ?? 0), columnShare: x / (colSum[b] ?? 0), totalShare: x / total });
  }
  const result: Crosstab = { rowVariable: rowName, columnVariable: columnName, base: makeBase(base, baseN, baseW, weighted), weighted, rows: r.list, columns: c.list, cells };
  // The test uses substantive categories that occur.
  const validRows = r.list.map((_, k) => k).filter((k) => r.list[k]?.missing === undefined && (rowSum[k] ?? 0) > 0);
  const validCols = c.list.map((_, k) => k).filter((k) => c.list[k]?.missing === undefined && (colSum[k] ?? 0) > 0);
  if (validRows.length < 2 || validCols.length < 2) return ok(result);
  const sub = (m: Float64Array): Float64Array => Float64Array.from(validRows.flatMap((a) => validCols.map((b) => m[a * nc + b] ?? 0)));
  const v = cramersV(sub(t), validRows.length, validCols.length);
  if (options.design !== undefined) {
    const rowValues = Float64Array.from(rv.value.values, (x, i) => ((rv.value.missing[i] ?? 0) === 0 ? x : Number.NaN));
    const colValues = Float64Array.from(cv.value.values, (x, i) => ((cv.value.missing[i] ?? 0) === 0 ? x : Number.NaN));
    const f = raoScottF(options.design, rowValues, colValues);
    if (!f.ok) return f;
    return ok({ ...result, test: { method: 'rao-scott-f', statistic: f.value.statistic, df: f.value.ndf, ddf: f.value.ddf, pValue: f.value.pValue, cramersV: v } });
  }
  const counts = sub(n);
  const p = pearsonChiSquare(counts, validRows.length, validCols.length);
  const fisher = !weighted && counts.length === 4 ? fisherExact2x2(counts[0] ?? 0, counts[1] ?? 0, counts[2] ?? 0, counts[3] ?? 0).pValue : undefined;
  return ok({ ...result, test: { method: 'pearson', statistic: p.statistic, df: p.df, pValue: p.pValue, cramersV: v, ...(fisher === undefined ? {} : { fisherPValue: fisher }) } });
}
