// The release gate: every export and report passes microdata and tables through here, and nowhere else.

import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import { complementarySuppression } from './complementary-suppression.ts';
import { relevanceSuppression, type RelevanceDependents } from './relevance-suppression.ts';
import { informationLoss, snapshot, type DisclosureLog, type DroppedVariable, type MicrodataLog, type TableLog } from './disclosure-log.ts';
import { quasiIdentifierNames } from './keys.ts';
import { localSuppression } from './local-suppression.ts';
import { measureRisk, type RiskOptions } from './measure-risk.ts';
import { disclosureError } from './messages.ts';
import type { DisclosurePolicy } from './policy.ts';
import { mergeSmallCategories, type MergeRecord, type MergeRule } from './merge-small-categories.ts';
import { protectTable } from './protect-table.ts';
import { applyRecodes, type RecodeStep } from './recode.ts';
import { tableShapeProblem, type CountTable, type ProtectedTable } from './table.ts';
import { topBottomCode, type TopCodeStep } from './top-code.ts';

export interface MicrodataInput {
  readonly kind: 'microdata';
  readonly dataset: Dataset;
  /** Recodes declared on the instrument's items, chosen for this release. */
  readonly recodes?: readonly RecodeStep[];
  readonly topCodes?: readonly TopCodeStep[];
  /** Sampling weights for the individual risk (e.g. RDS weights), one per record. */
  readonly weights?: Float64Array;
  /** Picks complementary suppressions; must be unpredictable to an attacker (seeded from a CSPRNG by the caller). */
  readonly rng: Rng;
  /**
   * The protected master of this release line (docs/disclosure.md): when given, this release is derived from it,
   * never from `dataset` itself, so that it holds every suppression and recode of the master (and maybe more) and
   * merging it with any other release of the line recovers nothing. `dataset` is still the source of truth for the
   * "before" measures and for what the attacker's published tables describe. Rows align with `dataset`.
   */
  readonly master?: ReleaseMaster;
  /** Per quasi-identifier, the variables whose being asked depends on it (from the instrument's relevance). */
  readonly dependents?: RelevanceDependents;
}

/** A line's protected master: the first release's gate output, rows in the dataset's order, and the recodes it applied. */
export interface ReleaseMaster {
  readonly dataset: Dataset;
  /** The recodes the master applied. */
  readonly recodes: readonly RecodeStep[];
  /** The k the master was made for. */
  readonly k: number;
}

export const recodeKey = (step: RecodeStep): string => `${step.variable}=${step.recode.name}`;

export interface TableInput {
  readonly kind: 'table';
  readonly table: CountTable;
  /** Merge small rows / columns before suppressing (ordered: with a neighbour; nominal: into "Other"). */
  readonly merge?: { readonly rows?: MergeRule; readonly cols?: MergeRule };
}

export type ReleaseInput = MicrodataInput | TableInput;

export interface Released<T, L extends DisclosureLog> {
  readonly released: T;
  readonly log: L;
}

/** A microdata release also returns its protected whole: every variable (none withheld), rows in the dataset's order. */
export interface ReleasedMicrodata extends Released<Dataset, MicrodataLog> {
  readonly master: Dataset;
}

/** Why a release was refused: diagnostics with stable codes; no data values. */
export type ReleaseRefusal = readonly Diagnostic[];

export function release(input: MicrodataInput, policy: DisclosurePolicy): Result<ReleasedMicrodata, ReleaseRefusal>;
export function release(input: TableInput, policy: DisclosurePolicy): Result<Released<ProtectedTable, TableLog>, ReleaseRefusal>;
export function release(input: ReleaseInput, policy: DisclosurePolicy): Result<Released<Dataset | ProtectedTable, DisclosureLog>, ReleaseRefusal>;
export function release(input: ReleaseInput, policy: DisclosurePolicy): Result<Released<Dataset | ProtectedTable, DisclosureLog>, ReleaseRefusal> {
  return input.kind === 'table' ? releaseTable(input.table, policy, input.merge) : releaseMicrodata(input, policy);
}

export function releaseTable(table: CountTable, policy: DisclosurePolicy, merge?: TableInput['merge']): Result<Released<ProtectedTable, TableLog>, ReleaseRefusal> {
  const problem = tableShapeProblem(table);
  if (problem !== undefined) return err([disclosureError('disclosure.table-shape', problem, table.title ?? 'table')]);
  let merged = table;
  const merges: MergeRecord[] = [];
  if (merge?.rows !== undefined) {
    const m = mergeSmallCategories(merged, 'rows', policy.minCell, merge.rows);
    merged = m.table;
    merges.push(...m.merges);
  }
  if (merge?.cols !== undefined) {
    const m = mergeSmallCategories(merged, 'cols', policy.minCell, merge.cols);
    merged = m.table;
    merges.push(...m.merges);
  }
  const r = protectTable(merged, policy.minCell);
  if (!r.ok) return err([r.error]);
  return ok({ released: r.value.table, log: { kind: 'table', policy, merges, summary: r.value.summary } });
}

/**
 * Recode → top/bottom code → local suppression to k → complementary suppression → withhold free
 * text and system variables → verify k on the quasi-identifiers (and the global-risk ceiling, if
 * set). From a line's master, only what the master has not done is done again.
 */
export function releaseMicrodata(input: MicrodataInput, policy: DisclosurePolicy): Result<ReleasedMicrodata, ReleaseRefusal> {
  const original = input.dataset;
  const qis = quasiIdentifierNames(original);
  const riskOptions = (d: Dataset): RiskOptions => ({
    quasiIdentifiers: qis.filter((q) => d.variables.some((v) => v.name === q)),
    k: policy.k,
    l: policy.l,
    missingInKeys: policy.missingInKeys,
    method: policy.riskMethod,
    ...(input.weights === undefined ? {} : { weights: input.weights }),
    ...(policy.populationSize === undefined ? {} : { populationSize: policy.populationSize }),
  });
  const before = measureRisk(original, riskOptions(original));

  const line = lineSteps(input, policy);
  if (!line.ok) return err([line.error]);
  const recoded = applyRecodes(input.master?.dataset ?? original, line.value.newRecodes);
  if (!recoded.ok) return err([recoded.error]);
  const coded = topBottomCode(recoded.value.dataset, input.topCodes ?? []);
  if (!coded.ok) return err([coded.error]);
  // What the attacker's tables describe: the dataset with every recode of the line, before any suppression.
  const referenceRecoded = input.master === undefined ? recoded : applyRecodes(original, line.value.allRecodes);
  if (!referenceRecoded.ok) return err([referenceRecoded.error]);
  const reference = topBottomCode(referenceRecoded.value.dataset, input.topCodes ?? []);
  if (!reference.ok) return err([reference.error]);

  if (policy.missingInKeys !== 'wildcard') {
    return err([disclosureError('disclosure.policy', 'local suppression needs missing values in keys to count as any value (missingInKeys: wildcard)', 'policy')]);
  }
  // Suppression covers every quasi-identifier, withheld or not, so that the protected whole (the line's master) can
  // serve any later release of the line, with or without the variables this one withholds.
  const suppression = localSuppression(coded.value.dataset, {
    k: policy.k,
    quasiIdentifiers: qis,
    ...(policy.importance === undefined ? {} : { importance: policy.importance }),
  });
  if (suppression === undefined) {
    return err([disclosureError('disclosure.too-few-records', `${coded.value.dataset.n} records cannot be ${policy.k}-anonymous`, original.study, 'release tables instead, or pool with more data')]);
  }
  const complement = complementarySuppression(reference.value.dataset, suppression.dataset, qis, input.rng);
  const hidden = relevanceSuppression(complement.dataset, input.dependents ?? new Map<string, readonly string[]>());
  const master = hidden.dataset;

  const dropped: DroppedVariable[] = [];
  for (const v of master.variables) {
    if (v.role === 'system' && !policy.keepSystemVariables.includes(v.name)) dropped.push({ variable: v.name, reason: 'system' });
    else if (v.role === 'answer' && v.type === 'text' && !policy.releaseFreeText) dropped.push({ variable: v.name, reason: 'free-text' });
  }
  const droppedNames = new Set(dropped.map((d) => d.variable));
  const released: Dataset = {
    ...master,
    variables: master.variables.filter((v) => !droppedNames.has(v.name)),
    sets: master.sets.map((s) => ({ ...s, variables: s.variables.filter((name) => !droppedNames.has(name)) })).filter((s) => s.variables.length > 0),
  };
  const keptQis = qis.filter((q) => !droppedNames.has(q));
  const after = measureRisk(released, riskOptions(released));
  if (released.n > 0 && after.kAchieved < policy.k) {
    return err([disclosureError('disclosure.k-not-reached', `k achieved is ${after.kAchieved}, below the policy's ${policy.k}`, original.study)]);
  }
  if (policy.maxGlobalRisk !== undefined && after.globalRisk > policy.maxGlobalRisk) {
    return err([
      disclosureError(
        'disclosure.risk-too-high',
        `global risk after treatment is ${(100 * after.globalRisk).toFixed(2)}% of records, above the policy's ${(100 * policy.maxGlobalRisk).toFixed(2)}%`,
        original.study,
        'recode the quasi-identifiers more coarsely',
      ),
    ]);
  }
  const log: MicrodataLog = {
    kind: 'microdata',
    study: original.study,
    synthetic: original.synthetic,
    policy,
    recoded: recoded.value.records,
    topCoded: coded.value.records,
    dropped,
    suppressed: suppression.suppressed.filter((x) => !droppedNames.has(x.variable)).map((x) => ({ variable: x.variable, count: x.count + (complement.added.find((c) => c.variable === x.variable)?.count ?? 0) })),
    suppressedTotal: suppression.suppressed.concat(complement.added).filter((x) => !droppedNames.has(x.variable)).reduce((sum, x) => sum + x.count, 0),
    complementaryTotal: complement.added.filter((x) => !droppedNames.has(x.variable)).reduce((sum, x) => sum + x.count, 0),
    relevanceSuppressed: hidden.total,
    relevanceChecked: input.dependents !== undefined,
    derivedFromMaster: input.master !== undefined,
    inheritedRecodes: line.value.inherited,
    suppressionOptimal: suppression.optimal && complement.total === 0,
    suppressedAs: suppression.suppressedAs,
    before: snapshot(before),
    after: snapshot(after),
    informationLoss: informationLoss(original, released, keptQis),
  };
  return ok({ released, log, master });
}

/**
 * Which recodes a release applies: all requested ones from the dataset itself; from a master, none. A release of a line
 * may be less strict than the master (the master's suppressions and recodes stay), never stricter: whatever more it
 * hid (a higher k, a coarser recode) would be given back by any earlier release of the line, so it is refused.
 */
function lineSteps(input: MicrodataInput, policy: DisclosurePolicy): Result<{ newRecodes: RecodeStep[]; allRecodes: RecodeStep[]; inherited: string[] }, Diagnostic> {
  const requested = input.recodes ?? [];
  const master = input.master;
  if (master === undefined) return ok({ newRecodes: [...requested], allRecodes: [...requested], inherited: [] });
  if (master.dataset.n !== input.dataset.n) {
    return err(disclosureError('disclosure.release-line', `the release line's master has ${master.dataset.n} records, the dataset ${input.dataset.n}`, input.dataset.study, 'start a new release line'));
  }
  const done = new Map(master.recodes.map((step) => [step.variable, recodeKey(step)]));
  const newRecodes: RecodeStep[] = [];
  for (const step of requested) {
    const had = done.get(step.variable);
    if (had === undefined) newRecodes.push(step);
    else if (had !== recodeKey(step)) {
      return err(disclosureError('disclosure.release-line', `the release line's master recoded '${step.variable}' as ${had}; this release asks for ${recodeKey(step)}`, step.variable, "keep the master's recode, or start a new release line (a merge risk)"));
    }
  }
  const stricter = newRecodes.length > 0 ? `recodes ${newRecodes.map(recodeKey).join(', ')}, which the master did not apply` : policy.k > master.k ? `k = ${policy.k}, above the master's k = ${master.k}` : undefined;
  if (stricter !== undefined) {
    return err(
      disclosureError(
        'disclosure.release-line',
        `this release asks for ${stricter}: whatever more it hid would be given back by the earlier releases of its line`,
        input.dataset.study,
        'start a new release line for it (a merge risk with the earlier releases: they must not reach the same people)',
      ),
    );
  }
  const asked = new Set(requested.map(recodeKey));
  const inherited = master.recodes.map(recodeKey).filter((k) => !asked.has(k));
  return ok({ newRecodes, allRecodes: [...master.recodes, ...newRecodes], inherited });
}
