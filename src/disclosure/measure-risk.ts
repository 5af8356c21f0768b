// Risk measures on the quasi-identifiers: key frequencies, k-anonymity, l-diversity, individual and global risk.

import type { Dataset } from '../analysis/dataset.ts';
import { individualRisk, type RiskMethod } from './individual-risk.ts';
import { keyMatches, partsSize, type RowParts } from './key-matches.ts';
import { keyMatrix, numericValues, quasiIdentifierNames, sensitiveNames, type MissingInKeys } from './keys.ts';

export interface RiskOptions {
  /** Quasi-identifiers; default: the variables flagged `quasiIdentifier`. */
  readonly quasiIdentifiers?: readonly string[];
  /** Sensitive variables for l-diversity; default: the variables flagged `sensitive`. */
  readonly sensitive?: readonly string[];
  /** The k of k-anonymity. Default 5. */
  readonly k?: number;
  /** The l of distinct l-diversity. Default 2. */
  readonly l?: number;
  /** Default `wildcard` (sdcMicro's rule). */
  readonly missingInKeys?: MissingInKeys;
  /** Sampling weights (one per record). Without them, `populationSize` gives every record N/n. */
  readonly weights?: Float64Array;
  /** Size of the population sampled; used for uniform weights when `weights` is absent. */
  readonly populationSize?: number;
  /** Default `approx`, as sdcMicro. */
  readonly method?: RiskMethod;
}

export interface LDiversity {
  readonly variable: string;
  /** Smallest distinct l over all records (substantive values only; missing values do not count). */
  readonly minimum: number;
  /** Records whose key group has fewer than `l` distinct substantive values. */
  readonly violations: number;
}

export interface RiskMeasures {
  readonly n: number;
  readonly quasiIdentifiers: readonly string[];
  readonly k: number;
  readonly l: number;
  readonly missingInKeys: MissingInKeys;
  /** How the risk accounts for sampling: `weights`, uniform `population` weights, or `none` (risk = 1/f_k). */
  readonly sampling: 'weights' | 'population' | 'none';
  readonly fk: Float64Array;
  readonly Fk: Float64Array;
  /** Individual risk of each record. */
  readonly risk: Float64Array;
  /** Smallest key frequency: the k the data achieve. */
  readonly kAchieved: number;
  /** Records in keys with f_k < k. */
  readonly kViolations: number;
  /** Distinct keys with f_k < k (among records without missing values in the key, plus each incomplete record). */
  readonly kViolatingKeys: number;
  /** Records whose key is unique in the sample (f_k = 1). */
  readonly sampleUniques: number;
  /** Σ risk: the expected number of re-identifications. */
  readonly expectedReidentifications: number;
  /** Expected re-identifications as a share of n. */
  readonly globalRisk: number;
  readonly maxRisk: number;
  readonly lDiversity: readonly LDiversity[];
}

export function measureRisk(dataset: Dataset, options: RiskOptions = {}): RiskMeasures {
  const qis = options.quasiIdentifiers ?? quasiIdentifierNames(dataset);
  const k = options.k ?? 5;
  const l = options.l ?? 2;
  const missingInKeys = options.missingInKeys ?? 'wildcard';
  const method = options.method ?? 'approx';
  const n = dataset.n;
  let weights = options.weights;
  let sampling: RiskMeasures['sampling'] = 'weights';
  if (weights === undefined && options.populationSize !== undefined) {
    weights = new Float64Array(n).fill(options.populationSize / n);
    sampling = 'population';
  } else if (weights === undefined) sampling = 'none';
  if (weights !== undefined && weights.length !== n) throw new Error(`measureRisk: ${weights.length} weights for ${n} records`);

  const keys = keyMatrix(dataset, qis);
  const matches = keyMatches(keys, missingInKeys);
  const sum = weightSum(weights);
  // Per distinct key: f, F and the risk (records sharing a key share its matches, so these are computed once).
  const keyF = new Float64Array(matches.count).fill(NaN);
  const keyFk = new Float64Array(matches.count);
  const keyRisk = new Float64Array(matches.count);
  const fk = new Float64Array(n);
  const Fk = new Float64Array(n);
  const risk = new Float64Array(n);
  let expected = 0;
  let maxRisk = 0;
  let kViolations = 0;
  let sampleUniques = 0;
  let kAchieved = n === 0 ? 0 : Infinity;
  // Distinct keys below k: a complete key counts once; under the wildcard rule each incomplete record has its own
  // set of matches and counts on its own (as sdcMicro's per-record keys do).
  const violatingKeys = new Set<number>();
  let violatingIncomplete = 0;
  for (let i = 0; i < n; i++) {
    const g = matches.keyOf[i] ?? 0;
    if (Number.isNaN(keyF[g] ?? NaN)) {
      const parts = matches.parts(g);
      const f = partsSize(parts);
      const F = sum(parts, f);
      keyF[g] = f;
      keyFk[g] = F;
      keyRisk[g] = weights === undefined ? 1 / f : individualRisk(f, F, method);
    }
    const f = keyF[g] ?? 0;
    const ri = keyRisk[g] ?? 0;
    fk[i] = f;
    Fk[i] = keyFk[g] ?? 0;
    risk[i] = ri;
    expected += ri;
    maxRisk = Math.max(maxRisk, ri);
    kAchieved = Math.min(kAchieved, f);
    if (f === 1) sampleUniques++;
    if (f < k) {
      kViolations++;
      if (missingInKeys === 'wildcard' && matches.complete[g] === 0) violatingIncomplete++;
      else violatingKeys.add(g);
    }
  }

  const lDiversity = (options.sensitive ?? sensitiveNames(dataset))
    .filter((name) => !qis.includes(name))
    .map((name): LDiversity => {
      const variable = dataset.variables.find((v) => v.name === name);
      if (variable === undefined) throw new Error(`measureRisk: no variable '${name}'`);
      const values = numericValues(variable, n);
      let minimum = n === 0 ? 0 : Infinity;
      let violations = 0;
      const distinctOf = new Float64Array(matches.count).fill(NaN);
      for (let i = 0; i < n; i++) {
        const g = matches.keyOf[i] ?? 0;
        let distinct = distinctOf[g] ?? NaN;
        if (Number.isNaN(distinct)) {
          // Counting stops at max(l, the smallest l so far): beyond it a key neither violates l nor lowers the
          // minimum, and the minimum only falls, so a count cut short stays conclusive for later records.
          distinct = distinctValues(matches.parts(g), values, Math.max(l, minimum));
          distinctOf[g] = distinct;
        }
        minimum = Math.min(minimum, distinct);
        if (distinct < l) violations++;
      }
      return { variable: name, minimum, violations };
    });

  return {
    n,
    quasiIdentifiers: qis,
    k,
    l,
    missingInKeys,
    sampling,
    fk,
    Fk,
    risk,
    kAchieved,
    kViolations,
    kViolatingKeys: violatingKeys.size + violatingIncomplete,
    sampleUniques,
    expectedReidentifications: expected,
    globalRisk: n === 0 ? 0 : expected / n,
    maxRisk,
    lDiversity,
  };
}

/**
 * F_k of a key from its matches: the sum of their weights added in row order, as the per-record sum always was,
 * so that every F_k is the same double. Equal weights need no rows: the sum of f equal terms is memoised by f.
 */
function weightSum(weights: Float64Array | undefined): (parts: RowParts, f: number) => number {
  if (weights === undefined) return (_, f) => f;
  const w0 = weights[0] ?? 0;
  if (weights.every((w) => w === w0)) {
    const prefix = [0];
    return (_, f) => {
      for (let t = prefix.length; t <= f; t++) prefix.push((prefix[t - 1] ?? 0) + w0);
      return prefix[f] ?? 0;
    };
  }
  return (parts) => {
    const rows = parts.length === 1 ? (parts[0] ?? []) : parts.flat().sort((a, b) => a - b);
    let F = 0;
    for (const r of rows) F += weights[r] ?? 0;
    return F;
  };
}

/** Distinct substantive values among the rows, counted up to `stop`. */
function distinctValues(parts: RowParts, values: Float64Array, stop: number): number {
  const seen = new Set<number>();
  for (const p of parts) {
    for (const r of p) {
      const v = values[r] ?? NaN;
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (seen.size >= stop) return seen.size;
    }
  }
  return seen.size;
}
