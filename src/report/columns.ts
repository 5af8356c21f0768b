// A report's view of a dataset column: per respondent, the missing kind or the codes held, and who is in a base, a filter, a category.

import type { Dataset, IndicatorVariable, Variable } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { MISSING_INDEX, missingKindOfIndex } from '../instrument/missing.ts';
import type { BaseSpec, CategorySpec, FilterSpec, GroupSpec, SourceSpec } from './spec.ts';

/** One source read from the dataset. `missing[i]` is 0 or MISSING_INDEX; `codes[i]` the codes held (empty when missing). */
export interface Column {
  readonly source: SourceSpec;
  readonly missing: Uint8Array;
  readonly codes: readonly (readonly number[])[];
  /** The integer value (before any recode); NaN when missing or not an integer item. */
  readonly values: Float64Array;
}

const NA = MISSING_INDEX.not_applicable;
const SKIPPED = MISSING_INDEX.skipped;

const noVariable = (name: string): Diagnostic => ({ code: 'report.no-variable', severity: 'error', message: `the dataset has no variable '${name}'`, subject: name, hint: 'the dataset and the report spec come from different instruments' });

/** Reads a source: a coded or numeric variable, a multiple-choice set, or a battery row. */
export function readColumn(dataset: Dataset, source: SourceSpec): Result<Column, Diagnostic> {
  const byName = (name: string): Variable | undefined => dataset.variables.find((v) => v.name === name);
  const n = dataset.n;
  const set = dataset.sets.find((s) => s.name === source.item && s.kind === 'multiple');
  if (set !== undefined && source.row === undefined) {
    const all = set.variables.map(byName);
    if (all.some((v) => v === undefined)) return err(noVariable(set.variables[all.indexOf(undefined)] ?? source.item));
    // The set also holds the "specify other" text, which is not one of the codes counted.
    const vars = all.filter((v): v is IndicatorVariable => v?.type === 'indicator');
    const first = vars[0];
    if (first === undefined) return err(noVariable(set.variables[0] ?? source.item));
    const codes = Array.from({ length: n }, (_, i) => ((first.missing[i] ?? 0) !== 0 ? [] : vars.flatMap((v) => (v.values[i] === 1 ? [v.option.code] : []))));
    return ok({ source, missing: first.missing, codes, values: new Float64Array(n).fill(Number.NaN) });
  }
  const name = source.row === undefined ? source.item : `${source.item}_${source.row}`;
  const v = byName(name);
  if (v === undefined || (v.type !== 'coded' && v.type !== 'numeric')) return err(noVariable(name));
  const map = source.recodeMap === undefined ? undefined : new Map(source.recodeMap);
  const codes = Array.from({ length: n }, (_, i) => {
    if ((v.missing[i] ?? 0) !== 0) return [];
    const x = v.values[i] ?? Number.NaN;
    const c = map === undefined ? x : map.get(x);
    return c === undefined || Number.isNaN(c) ? [] : [c];
  });
  return ok({ source, missing: v.missing, codes, values: v.type === 'numeric' ? v.values : new Float64Array(n).fill(Number.NaN) });
}

/** Reads every source once. */
export class Columns {
  private readonly cache = new Map<string, Column>();
  constructor(readonly dataset: Dataset) {}

  get(source: SourceSpec): Result<Column, Diagnostic> {
    const key = `${source.item}|${source.recode ?? ''}|${source.row ?? ''}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return ok(hit);
    const c = readColumn(this.dataset, source);
    if (c.ok) this.cache.set(key, c.value);
    return c;
  }
}

/** Whether respondent i is in the category (a code held, or a listed missing kind). */
export function inCategory(col: Column, category: Pick<CategorySpec, 'codes' | 'missing'>, i: number): boolean {
  const m = col.missing[i] ?? 0;
  if (m !== 0) {
    const kind = missingKindOfIndex(m);
    return kind !== undefined && category.missing.includes(kind);
  }
  return (col.codes[i] ?? []).some((c) => category.codes.includes(c));
}

export function holds(col: Column, filter: FilterSpec, i: number): boolean {
  const m = col.missing[i] ?? 0;
  if (m !== 0) {
    const kind = missingKindOfIndex(m);
    return !filter.exclude && kind !== undefined && filter.missing.includes(kind);
  }
  let hit: boolean;
  if (filter.range !== undefined) {
    const x = col.values[i] ?? Number.NaN;
    hit = x >= filter.range[0] && x <= filter.range[1];
  } else hit = (col.codes[i] ?? []).some((c) => filter.codes.includes(c));
  return filter.exclude ? !hit : hit;
}

/** Per respondent: in the base of `source` (its kind, and every filter). */
export function baseMask(columns: Columns, source: SourceSpec, base: BaseSpec): Result<boolean[], Diagnostic> {
  const col = columns.get(source);
  if (!col.ok) return col;
  const mask = Array.from({ length: columns.dataset.n }, (_, i) => {
    const m = col.value.missing[i] ?? 0;
    return base.kind === 'all' || (base.kind === 'asked' ? m !== NA : m !== NA && m !== SKIPPED);
  });
  return andFilters(columns, mask, base.filters);
}

export function andFilters(columns: Columns, mask: readonly boolean[], filters: readonly FilterSpec[]): Result<boolean[], Diagnostic> {
  const out = [...mask];
  for (const f of filters) {
    const c = columns.get(f.source);
    if (!c.ok) return c;
    for (let i = 0; i < out.length; i++) if (out[i] === true && !holds(c.value, f, i)) out[i] = false;
  }
  return ok(out);
}

/** Membership of the two groups of an association; the second may be "everyone else whose first-group items are answered". */
export function groupMasks(columns: Columns, groups: readonly [GroupSpec, GroupSpec]): Result<[boolean[], boolean[]], Diagnostic> {
  const all = Array.from({ length: columns.dataset.n }, () => true);
  const first = andFilters(columns, all, groups[0].filters);
  if (!first.ok) return first;
  if (!groups[1].otherwise) {
    const second = andFilters(columns, all, groups[1].filters);
    return second.ok ? ok([first.value, second.value]) : second;
  }
  const answered = [...all];
  for (const f of groups[0].filters) {
    const c = columns.get(f.source);
    if (!c.ok) return c;
    for (let i = 0; i < answered.length; i++) if ((c.value.missing[i] ?? 0) !== 0) answered[i] = false;
  }
  return ok([first.value, answered.map((a, i) => a && first.value[i] !== true)]);
}
