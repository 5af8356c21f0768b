// The release gate: every export and report passes microdata and tables through here, and nowhere else.

import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { informationLoss, snapshot, type DisclosureLog, type DroppedVariable, type MicrodataLog, type TableLog } from './disclosureLog.ts';
import { quasiIdentifierNames } from './keys.ts';
import { localSuppression } from './localSuppression.ts';
import { measureRisk, type RiskOptions } from './measureRisk.ts';
import { disclosureError } from './messages.ts';
import type { DisclosurePolicy } from './policy.ts';
import { mergeSmallCategories, type MergeRecord, type MergeRule } from './mergeSmallCategories.ts';
import { protectTable } from './protectTable.ts';
import { applyRecodes, type RecodeStep } from './recode.ts';
import { tableShapeProblem, type CountTable, type ProtectedTable } from './table.ts';
import { topBottomCode, type TopCodeStep } from './topCode.ts';

export interface MicrodataInput {
  readonly kind: 'microdata';
  readonly dataset: Dataset;
  /** Recodes declared on the instrument's items, chosen for this release. */
  readonly recodes?: readonly RecodeStep[];
  readonly topCodes?: readonly TopCodeStep[];
  /** Sampling weights for the individual risk (e.g. RDS weights), one per record. */
  readonly weights?: Float64Array;
}

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

/** Why a release was refused: diagnostics with stable codes; no data values. */
export type ReleaseRefusal = readonly Diagnostic[];

export function release(input: MicrodataInput, policy: DisclosurePolicy): Result<Released<Dataset, MicrodataLog>, ReleaseRefusal>;
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
 * Recode → top/bottom code → withhold free text and system variables → local suppression to k →
 * verify k on the quasi-identifiers (and the global-risk ceiling, if set). Withholding comes
 * before suppression so that no value is suppressed in a variable that does not leave.
 */
export function releaseMicrodata(input: MicrodataInput, policy: DisclosurePolicy): Result<Released<Dataset, MicrodataLog>, ReleaseRefusal> {
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

  const recoded = applyRecodes(original, input.recodes ?? []);
  if (!recoded.ok) return err([recoded.error]);
  const coded = topBottomCode(recoded.value.dataset, input.topCodes ?? []);
  if (!coded.ok) return err([coded.error]);

  const dropped: DroppedVariable[] = [];
  for (const v of coded.value.dataset.variables) {
    if (v.role === 'system' && !policy.keepSystemVariables.includes(v.name)) dropped.push({ variable: v.name, reason: 'system' });
    else if (v.role === 'answer' && v.type === 'text' && !policy.releaseFreeText) dropped.push({ variable: v.name, reason: 'free-text' });
  }
  const droppedNames = new Set(dropped.map((d) => d.variable));
  const kept: Dataset = {
    ...coded.value.dataset,
    variables: coded.value.dataset.variables.filter((v) => !droppedNames.has(v.name)),
    sets: coded.value.dataset.sets
      .map((s) => ({ ...s, variables: s.variables.filter((name) => !droppedNames.has(name)) }))
      .filter((s) => s.variables.length > 0),
  };
  const keptQis = qis.filter((q) => !droppedNames.has(q));

  if (policy.missingInKeys !== 'wildcard') {
    return err([disclosureError('disclosure.policy', 'local suppression needs missing values in keys to count as any value (missingInKeys: wildcard)', 'policy')]);
  }
  const suppression = localSuppression(kept, {
    k: policy.k,
    quasiIdentifiers: keptQis,
    ...(policy.importance === undefined ? {} : { importance: policy.importance }),
  });
  if (suppression === undefined) {
    return err([disclosureError('disclosure.too-few-records', `${kept.n} records cannot be ${policy.k}-anonymous`, original.study, 'release tables instead, or pool with more data')]);
  }
  const released = suppression.dataset;
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
    suppressed: suppression.suppressed,
    suppressedTotal: suppression.total,
    suppressionOptimal: suppression.optimal,
    suppressedAs: suppression.suppressedAs,
    before: snapshot(before),
    after: snapshot(after),
    informationLoss: informationLoss(original, released, keptQis),
  };
  return ok({ released, log });
}
