// Design variables for a release, each through the gate: RDS-II, SS and raking weights, chain and wave, bootstrap replicates.

import type { CodedVariable, Dataset, NumericVariable, Variable } from '../analysis/dataset.ts';
import { rakeWeights, type RakingMargin } from '../analysis/rake.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import type { LocalizedText } from '../core/text.ts';
import { rdsWeighting, rdsWeights } from '../report/weighting.ts';
import { ssInclusion } from '../sampling/rds/ss-inclusion.ts';
import type { DesignDeclaration } from '../export/release.ts';
import { CHAIN, designBase, gateStructure, WAVE, type StructureOutcome } from './release-structure.ts';

export const RDS2_WEIGHT = 'rds2_weight';
export const SS_WEIGHT = 'ss_weight';
export const RAKE_WEIGHT = 'rake_weight';

/** Population margins to rake the RDS-II weights to (as `portas estimate` specs declare them: code → total). */
export interface RakeRequest {
  readonly margins: readonly { readonly variable: string; readonly targets: Readonly<Record<string, number>> }[];
  readonly epsilon?: number;
  readonly maxit?: number;
}

export interface DesignRequest {
  /** The network-size item: every RDS design variable starts from it. */
  readonly degreeItem: string;
  /** Population size N: adds `ss_weight` (Gile's successive-sampling weight 1/π). */
  readonly ssPopulation?: number;
  /** Adds `rake_weight`: the RDS-II weights raked to these margins. */
  readonly rake?: RakeRequest;
  /** Adds `chain` (relabelled per release) and `wave`, as far as the gate lets them out. */
  readonly structure?: boolean;
  /** Adds `rep_1`…`rep_R`: tree-bootstrap replicate counts × RDS-II weight. They reveal the recruitment tree. */
  readonly replicates?: number;
  /** The researcher accepts that chain, wave and replicate weights reveal the recruitment tree (said loudly). */
  readonly releaseTree?: boolean;
}

/** Design variables cleared for a release, row for row with the dataset; `chain` is relabelled by `forRelease`. */
export interface ClearedDesign {
  readonly declaration: DesignDeclaration;
  /** What the gate did, one line each, for the disclosure log. */
  readonly log: readonly string[];
  /** Risks the researcher accepted, printed by the command and in the log. */
  readonly risks: readonly string[];
  /** The variables with `chain` labelled afresh for one release, so that no two releases can be joined on it. */
  forRelease(rng: Rng): Variable[];
}

const problem = (subject: string, message: string, hint?: string): Diagnostic => ({ code: 'export.design', severity: 'error', message, subject, ...(hint === undefined ? {} : { hint }) });

const text = (dataset: Dataset, ru: string, en: string): LocalizedText => Object.fromEntries(dataset.languages.map((l) => [l, l === 'ru' ? ru : en]));

const weightVariable = (dataset: Dataset, name: string, label: LocalizedText, values: Float64Array): NumericVariable => ({ ...designBase(dataset, name, label), type: 'numeric', measure: 'scale', values });

/** A variable the release carries exactly as the dataset holds it: same values, nothing suppressed or recoded. */
function leavesAsIs(dataset: Dataset, released: Dataset, name: string): boolean {
  const before = dataset.variables.find((v) => v.name === name);
  const after = released.variables.find((v) => v.name === name);
  if (before === undefined || after === undefined || before.type !== after.type) return false;
  for (let r = 0; r < dataset.n; r++) {
    if ((before.missing[r] ?? 0) !== (after.missing[r] ?? 0)) return false;
    if (before.missing[r] === 0 && before.values[r] !== after.values[r]) return false;
  }
  return true;
}

/**
 * The design variables `request` asks for, computed on `dataset` (before release) and checked against `released`
 * (after the gate, row for row). A weight is a function of its inputs (network size; the margin variables), so it may
 * leave only when they leave as they are: else it would give back what the gate recoded or suppressed — refused.
 * Chain, wave and replicate weights carry the recruitment structure, a quasi-identifier: src/study/release-structure.ts.
 */
export function clearDesign(dataset: Dataset, released: Dataset, request: DesignRequest, k: number, rng: Rng): Result<ClearedDesign, Diagnostic[]> {
  const { degreeItem } = request;
  const degree = released.variables.find((v) => v.name === degreeItem);
  if (degree === undefined) return err([problem(RDS2_WEIGHT, `the network-size item '${degreeItem}' does not leave in this release, so weights derived from it may not either`)]);
  if (degree.quasiIdentifier || !leavesAsIs(dataset, released, degreeItem)) {
    return err([problem(RDS2_WEIGHT, `'${degreeItem}' is a quasi-identifier or was recoded or suppressed: a weight of 1/${degreeItem} would give it back`)]);
  }
  const replicates = request.replicates ?? 0;
  const w = rdsWeighting(dataset, degreeItem, rng, replicates);
  if (!w.ok) return err(w.error);
  if (w.value === undefined) return err([problem(RDS2_WEIGHT, 'the dataset carries no recruitment links (response_id, recruiter): no RDS weight can be computed', 'open the pulled responses with their coupon links')]);
  const weighting = w.value;
  const base = rdsWeights(weighting);
  const variables: Variable[] = [weightVariable(dataset, RDS2_WEIGHT, text(dataset, `Вес RDS-II (1 / размер сети, ${degreeItem})`, `RDS-II weight (1 / network size, ${degreeItem})`), base)];
  const log = [`\`${RDS2_WEIGHT}\`: released (a function of \`${degreeItem}\`, which leaves unchanged).`];
  let declaration: DesignDeclaration = { weight: RDS2_WEIGHT };
  if (request.ssPopulation !== undefined) {
    const ss = ssInclusion(weighting.degree, request.ssPopulation);
    if (!ss.ok) return err([{ ...ss.error, code: 'export.design', subject: SS_WEIGHT }]);
    variables.push(weightVariable(dataset, SS_WEIGHT, text(dataset, `Вес SS (1 / вероятность включения, N = ${String(request.ssPopulation)})`, `SS weight (1 / inclusion probability, N = ${String(request.ssPopulation)})`), Float64Array.from(ss.value.pi, (p) => 1 / p)));
    log.push(`\`${SS_WEIGHT}\`: released (a function of \`${degreeItem}\` and N).`);
    declaration = { ...declaration, ssWeight: SS_WEIGHT };
  }
  if (request.rake !== undefined) {
    const raked = rakedWeight(dataset, released, base, request.rake);
    if (!raked.ok) return raked;
    variables.push(weightVariable(dataset, RAKE_WEIGHT, text(dataset, `Вес RDS-II, откалиброванный по ${request.rake.margins.map((m) => m.variable).join(', ')}`, `RDS-II weight raked to ${request.rake.margins.map((m) => m.variable).join(', ')}`), raked.value));
    log.push(`\`${RAKE_WEIGHT}\`: released (margins ${request.rake.margins.map((m) => `\`${m.variable}\``).join(', ')} leave unchanged).`);
    declaration = { ...declaration, rakeWeight: RAKE_WEIGHT, rake: request.rake.margins };
  }
  let structure: StructureOutcome = { log: [], risks: [] };
  if (request.structure === true || replicates > 0) {
    structure = gateStructure(dataset, released, { tree: weighting.tree, request, k, base, replicates: weighting.replicates });
    log.push(...structure.log);
    if (structure.wave !== undefined) declaration = { ...declaration, wave: WAVE };
    if (structure.chainOf !== undefined) declaration = { ...declaration, chain: CHAIN };
    if (structure.replicates !== undefined) declaration = { ...declaration, replicates: structure.replicates.map((v) => v.name) };
  }
  const fixed = [...variables, ...(structure.wave === undefined ? [] : [structure.wave]), ...(structure.replicates ?? [])];
  const chainOf = structure.chainOf;
  return ok({
    declaration,
    log,
    risks: structure.risks,
    forRelease(releaseRng) {
      if (chainOf === undefined) return fixed;
      return [...fixed.slice(0, variables.length), relabelledChain(dataset, chainOf, releaseRng), ...fixed.slice(variables.length)];
    },
  });
}

function rakedWeight(dataset: Dataset, released: Dataset, base: Float64Array, rake: RakeRequest): Result<Float64Array, Diagnostic[]> {
  const margins: RakingMargin[] = [];
  for (const m of rake.margins) {
    const v = dataset.variables.find((x) => x.name === m.variable);
    if (v === undefined || v.type === 'text') return err([problem(RAKE_WEIGHT, `the margin variable '${m.variable}' is not a numeric variable of the dataset`)]);
    if (!leavesAsIs(dataset, released, m.variable)) {
      return err([problem(RAKE_WEIGHT, `the margin variable '${m.variable}' does not leave as it is (withheld, recoded or suppressed): the raking factor would give its values back`)]);
    }
    if (v.missing.some((x) => x !== 0)) return err([problem(RAKE_WEIGHT, `the margin variable '${m.variable}' has missing values: raking needs a cell for every row`)]);
    margins.push({ name: m.variable, column: v.values, population: Object.entries(m.targets).map(([code, total]) => ({ code: Number(code), total })) });
  }
  const raked = rakeWeights(Float64Array.from(base), margins, { ...(rake.epsilon === undefined ? {} : { epsilon: rake.epsilon }), ...(rake.maxit === undefined ? {} : { maxit: rake.maxit }) });
  if (!raked.ok) return err([{ ...raked.error, code: 'export.design', subject: RAKE_WEIGHT }]);
  return ok(raked.value.weights);
}

/** Chains numbered 1…C in an order drawn for this release, not the storage order of their seeds. */
function relabelledChain(dataset: Dataset, chainOf: Int32Array, rng: Rng): CodedVariable {
  const count = chainOf.reduce((m, c) => Math.max(m, c + 1), 0);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  return {
    ...designBase(dataset, CHAIN, text(dataset, 'Цепочка рекрутирования (номер только в этом выпуске)', 'Recruitment chain (numbered for this release only)')),
    type: 'coded',
    measure: 'nominal',
    values: Float64Array.from(chainOf, (c) => (order[c] ?? c) + 1),
    valueLabels: [],
    nets: [],
  };
}
