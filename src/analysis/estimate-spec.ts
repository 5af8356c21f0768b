// The `portas estimate` spec: which design, calibration, variance method and estimates — typed and validated.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { CiPropMethod } from './ciprop.ts';
import type { LonelyPsu } from './design.ts';

/** Where the data come from; the CLI's `--data FILE.csv` fills or overrides it. */
export type DataSource = { readonly format: 'csv'; readonly path: string } | { readonly format: 'dataset'; readonly path: string };

export interface DesignSpec {
  /** Column of sampling weights (all 1 when absent). */
  readonly weights?: string;
  readonly strata?: string;
  /** Column of PSU (cluster) ids, nested in strata; rows are their own PSUs when absent. */
  readonly clusters?: string;
  /** Default `fail`, as R. */
  readonly lonelyPsu?: LonelyPsu;
}

export interface MarginSpec {
  /** A column whose values are the cell codes. */
  readonly variable: string;
  /** Population total per code (JSON object keys are the codes). */
  readonly targets: Readonly<Record<string, number>>;
}

export interface CalibrationSpec {
  /** `poststratify` takes exactly one margin. */
  readonly method: 'rake' | 'poststratify';
  readonly margins: readonly MarginSpec[];
  /** Raking: R's `control = list(epsilon, maxit)`; defaults 1 and 10. */
  readonly epsilon?: number;
  readonly maxit?: number;
}

export interface TrimSpec {
  readonly upper?: number;
  readonly lower?: number;
  readonly strict?: boolean;
}

export type VarianceSpec = { readonly method: 'linearization' } | { readonly method: 'bootstrap'; readonly replicates: number; readonly seed: number };

export type EstimateRequest =
  | { readonly kind: 'mean' | 'total'; readonly variable: string; readonly name?: string }
  /** Share of rows (with the variable present) equal to `code` (default 1). */
  | { readonly kind: 'proportion'; readonly variable: string; readonly code?: number; readonly name?: string }
  | { readonly kind: 'ratio'; readonly numerator: string; readonly denominator: string; readonly name?: string }
  | { readonly kind: 'ciprop'; readonly variable: string; readonly code?: number; readonly method?: CiPropMethod; readonly name?: string };

export interface EstimateSpec {
  readonly version: 1;
  readonly data?: DataSource;
  readonly design?: DesignSpec;
  /** Applied to the design weights first; trimming (if any) comes after it. */
  readonly calibration?: CalibrationSpec;
  readonly trim?: TrimSpec;
  /** Default linearization. */
  readonly variance?: VarianceSpec;
  /** Confidence level, default 0.95. */
  readonly level?: number;
  readonly estimates: readonly EstimateRequest[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
/** One of `allowed`, compared without stringifying objects. */
const oneOf = (x: unknown, allowed: readonly string[]): boolean => typeof x === 'string' && allowed.includes(x);

/** Validates parsed JSON as a spec; every problem is reported with the JSON path it concerns. */
export function parseEstimateSpec(json: unknown, file: string): Result<EstimateSpec, Diagnostic[]> {
  const problems: Diagnostic[] = [];
  const bad = (path: string, message: string): void => {
    problems.push({ code: 'analysis.bad-spec', severity: 'error', message: `${file}: ${path}: ${message}`, subject: path });
  };
  const str = (o: Obj, key: string, path: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined) {
      if (required) bad(`${path}.${key}`, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v === '') bad(`${path}.${key}`, 'must be a non-empty string (a column name)');
    return typeof v === 'string' ? v : undefined;
  };
  const num = (o: Obj, key: string, path: string, test: (x: number) => boolean, rule: string): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !test(v)) bad(`${path}.${key}`, `must be ${rule}`);
    return typeof v === 'number' ? v : undefined;
  };
  if (!isObj(json)) return err([{ code: 'analysis.bad-spec', severity: 'error', message: `${file}: the spec must be a JSON object` }]);
  if (json['version'] !== 1) bad('version', 'must be 1');
  const design = json['design'];
  if (design !== undefined) {
    if (!isObj(design)) bad('design', 'must be an object');
    else {
      for (const k of ['weights', 'strata', 'clusters']) str(design, k, 'design', false);
      if (design['lonelyPsu'] !== undefined && !oneOf(design['lonelyPsu'], ['fail', 'adjust', 'certainty'])) bad('design.lonelyPsu', "must be 'fail', 'adjust' or 'certainty'");
    }
  }
  const cal = json['calibration'];
  if (cal !== undefined) {
    if (!isObj(cal) || !oneOf(cal['method'], ['rake', 'poststratify'])) bad('calibration.method', "must be 'rake' or 'poststratify'");
    else {
      const margins = cal['margins'];
      if (!Array.isArray(margins) || margins.length === 0) bad('calibration.margins', 'must be a non-empty array');
      else {
        if (cal['method'] === 'poststratify' && margins.length !== 1) bad('calibration.margins', 'poststratify takes exactly one margin (cross the variables into one column)');
        margins.forEach((m: unknown, i) => {
          const path = `calibration.margins[${i}]`;
          if (!isObj(m)) {
            bad(path, 'must be an object');
            return;
          }
          str(m, 'variable', path, true);
          const t = m['targets'];
          if (!isObj(t) || Object.keys(t).length === 0) {
            bad(`${path}.targets`, 'must map codes to population totals');
            return;
          }
          for (const [code, total] of Object.entries(t)) {
            if (!Number.isFinite(Number(code))) bad(`${path}.targets`, `'${code}' is not a numeric code`);
            if (typeof total !== 'number' || !(total >= 0)) bad(`${path}.targets.${code}`, 'must be a non-negative number');
          }
        });
      }
      num(cal, 'epsilon', 'calibration', (x) => x > 0, 'a positive number');
      num(cal, 'maxit', 'calibration', (x) => Number.isInteger(x) && x > 0, 'a positive integer');
    }
  }
  const trim = json['trim'];
  if (trim !== undefined) {
    if (!isObj(trim)) bad('trim', 'must be an object');
    else {
      num(trim, 'upper', 'trim', (x) => x > 0, 'a positive number');
      num(trim, 'lower', 'trim', (x) => x >= 0, 'a non-negative number');
    }
  }
  const variance = json['variance'];
  if (variance !== undefined) {
    if (!isObj(variance) || !oneOf(variance['method'], ['linearization', 'bootstrap'])) bad('variance.method', "must be 'linearization' or 'bootstrap'");
    else if (variance['method'] === 'bootstrap') {
      if (num(variance, 'replicates', 'variance', (x) => Number.isInteger(x) && x >= 2 && x <= 100000, 'an integer from 2 to 100000') === undefined) bad('variance.replicates', 'is required for bootstrap');
      if (num(variance, 'seed', 'variance', (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, 'an integer from 0 to 2^32 − 1') === undefined) bad('variance.seed', 'is required for bootstrap (results must be reproducible)');
    }
  }
  num(json, 'level', 'spec', (x) => x > 0 && x < 1, 'between 0 and 1');
  const estimates = json['estimates'];
  if (!Array.isArray(estimates) || estimates.length === 0) bad('estimates', 'must be a non-empty array');
  else {
    estimates.forEach((e: unknown, i) => {
      const path = `estimates[${i}]`;
      if (!isObj(e)) {
        bad(path, 'must be an object');
        return;
      }
      const kind = e['kind'];
      if (!oneOf(kind, ['mean', 'total', 'proportion', 'ratio', 'ciprop'])) {
        bad(`${path}.kind`, "must be 'mean', 'total', 'proportion', 'ratio' or 'ciprop'");
        return;
      }
      if (kind === 'ratio') {
        str(e, 'numerator', path, true);
        str(e, 'denominator', path, true);
      } else str(e, 'variable', path, true);
      num(e, 'code', path, Number.isFinite, 'a number');
      if (e['method'] !== undefined && !oneOf(e['method'], ['logit', 'beta', 'wilson'])) bad(`${path}.method`, "must be 'logit', 'beta' or 'wilson'");
      if (e['name'] !== undefined && typeof e['name'] !== 'string') bad(`${path}.name`, 'must be a string');
    });
  }
  return problems.length > 0 ? err(problems) : ok(json as unknown as EstimateSpec);
}
