// Frequency tables of a coded variable under a stated base, with nets as extra rows.

import type { Diagnostic } from '../../core/diagnostic.ts';
import type { LocalizedText } from '../../core/text.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { MISSING_CODE, MISSING_INDEX, type MissingKind } from '../../instrument/missing.ts';
import type { CodedVariable, Dataset } from '../dataset.ts';
import { type BaseKind, checkWeights, findVariable, inBase, makeBase, SHOWN_MISSING, type TableBase, type TableOptions } from './base.ts';

export interface FrequencyRow {
  /** `value`: a code; `missing`: a typed missing kind; `net`: a named group of codes (not part of the 100 %). */
  readonly kind: 'value' | 'missing' | 'net';
  /** The value code, the reserved missing code (−99…−96), or NaN for a net. */
  readonly code: number;
  /** Value or net label; empty for missing rows (the report names missing kinds in its language). */
  readonly label: LocalizedText;
  readonly missing?: MissingKind;
  readonly net?: string;
  /** Unweighted count. */
  readonly n: number;
  /** Weighted count, when weighted. */
  readonly weighted?: number;
  /** Share of the base, 0…1 (weighted when weighted). */
  readonly share: number;
}

export interface FrequencyTable {
  readonly variable: string;
  readonly label: LocalizedText;
  readonly base: TableBase;
  readonly weighted: boolean;
  readonly rows: readonly FrequencyRow[];
}

/** Counts of a coded variable over the base (shared by frequencies and batteries). */
export function frequencyOf(v: CodedVariable, n: number, base: BaseKind, weights: ArrayLike<number> | undefined): FrequencyTable {
  const weighted = weights !== undefined;
  const byCode = new Map<number, { n: number; w: number }>();
  for (const c of v.valueLabels) byCode.set(c.code, { n: 0, w: 0 });
  const byMissing = new Map<MissingKind, { n: number; w: number }>(SHOWN_MISSING.map((k) => [k, { n: 0, w: 0 }]));
  let baseN = 0;
  let baseW = 0;
  for (let i = 0; i < n; i++) {
    if (!inBase(v.missing, i, base)) continue;
    const w = weights === undefined ? 1 : (weights[i] ?? 0);
    baseN++;
    baseW += w;
    const m = v.missing[i] ?? 0;
    let cell: { n: number; w: number } | undefined;
    if (m === 0) {
      const code = v.values[i] ?? Number.NaN;
      cell = byCode.get(code);
      if (cell === undefined) {
        cell = { n: 0, w: 0 };
        byCode.set(code, cell); // an unlabelled code still counts
      }
    } else {
      cell = byMissing.get(SHOWN_MISSING.find((k) => MISSING_INDEX[k] === m) ?? 'skipped');
    }
    if (cell !== undefined) {
      cell.n++;
      cell.w += w;
    }
  }
  const denom = weighted ? baseW : baseN;
  const row = (kind: FrequencyRow['kind'], code: number, label: LocalizedText, c: { n: number; w: number }, extra: { missing?: MissingKind; net?: string }): FrequencyRow => ({
    kind, code, label, ...extra, n: c.n, ...(weighted ? { weighted: c.w } : {}), share: denom > 0 ? (weighted ? c.w : c.n) / denom : Number.NaN,
  });
  const rows: FrequencyRow[] = [];
  const labelOf = new Map(v.valueLabels.map((c) => [c.code, c.label]));
  for (const [code, c] of byCode) rows.push(row('value', code, labelOf.get(code) ?? {}, c, {}));
  if (base === 'asked') {
    for (const k of SHOWN_MISSING) {
      if (k === 'skipped' || v.missingKinds.includes(k) || (byMissing.get(k)?.n ?? 0) > 0) rows.push(row('missing', MISSING_CODE[k], {}, byMissing.get(k) ?? { n: 0, w: 0 }, { missing: k }));
    }
  }
  for (const net of v.nets) {
    const c = { n: 0, w: 0 };
    for (const code of net.codes) {
      const x = byCode.get(code);
      if (x !== undefined) {
        c.n += x.n;
        c.w += x.w;
      }
    }
    rows.push(row('net', Number.NaN, net.label, c, { net: net.name }));
  }
  return { variable: v.name, label: v.label, base: makeBase(base, baseN, baseW, weighted), weighted, rows };
}

/** The frequency table of a coded variable (R-free; shares are descriptive, without variance). */
export function frequencies(dataset: Dataset, name: string, options: TableOptions = {}): Result<FrequencyTable, Diagnostic> {
  const bad = checkWeights(dataset, options.weights);
  if (bad !== undefined) return err(bad);
  const v = findVariable(dataset, name, ['coded'] as const);
  if (!v.ok) return v;
  return ok(frequencyOf(v.value, dataset.n, options.base ?? 'asked', options.weights));
}
