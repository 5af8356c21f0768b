// measureRisk as it was at 94e99cb (before #20): the reference the faster one must equal.
import type { Dataset } from '../../../src/analysis/dataset.ts';
import { individualRisk, type RiskMethod } from '../../../src/disclosure/individual-risk.ts';
import { keyMatrix, numericValues, quasiIdentifierNames, sensitiveNames, type MissingInKeys } from '../../../src/disclosure/keys.ts';
import { matchingRows } from './matching-rows-before.ts';

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
  const rows = matchingRows(keys, missingInKeys);
  const fk = new Float64Array(n);
  const Fk = new Float64Array(n);
  const risk = new Float64Array(n);
  let expected = 0;
  let maxRisk = 0;
  let kViolations = 0;
  let sampleUniques = 0;
  let kAchieved = n === 0 ? 0 : Infinity;
  const violatingKeys = new Set<readonly number[]>();
  for (let i = 0; i < n; i++) {
    const m = rows[i] ?? [];
    fk[i] = m.length;
    let F = 0;
    for (const r of m) F += weights === undefined ? 1 : (weights[r] ?? 0);
    Fk[i] = F;
    const ri = weights === undefined ? 1 / m.length : individualRisk(m.length, F, method);
    risk[i] = ri;
    expected += ri;
    maxRisk = Math.max(maxRisk, ri);
    kAchieved = Math.min(kAchieved, m.length);
    if (m.length === 1) sampleUniques++;
    if (m.length < k) {
      kViolations++;
      violatingKeys.add(m);
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
      const cache = new Map<readonly number[], number>();
      for (let i = 0; i < n; i++) {
        const m = rows[i] ?? [];
        let distinct = cache.get(m);
        if (distinct === undefined) {
          const seen = new Set<number>();
          for (const r of m) if (!Number.isNaN(values[r] ?? NaN)) seen.add(values[r] ?? NaN);
          distinct = seen.size;
          cache.set(m, distinct);
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
    kViolatingKeys: violatingKeys.size,
    sampleUniques,
    expectedReidentifications: expected,
    globalRisk: n === 0 ? 0 : expected / n,
    maxRisk,
    lDiversity,
  };
}
