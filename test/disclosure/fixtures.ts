// Small datasets for the disclosure tests, built from plain arrays (null = skipped).

import type { CodedVariable, Dataset, NumericVariable, TextVariable, Variable } from '../../src/analysis/dataset.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';

export interface ColumnSpec {
  readonly values: readonly (number | null)[];
  readonly qi?: boolean;
  readonly sensitive?: boolean;
  readonly numeric?: boolean;
  readonly labels?: readonly (readonly [number, string])[];
}

export function coded(name: string, spec: ColumnSpec): Variable {
  const n = spec.values.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  spec.values.forEach((v, i) => {
    values[i] = v ?? NaN;
    missing[i] = v === null ? MISSING_INDEX.skipped : 0;
  });
  const base = {
    name,
    label: { en: name },
    item: name,
    role: 'answer' as const,
    quasiIdentifier: spec.qi ?? false,
    sensitive: spec.sensitive ?? false,
    missing,
    missingKinds: ['skipped' as const],
    values,
  };
  if (spec.numeric === true) return { ...base, type: 'numeric', measure: 'scale' } satisfies NumericVariable;
  const codes = spec.labels ?? [...new Set(spec.values.filter((v): v is number => v !== null))].sort((a, b) => a - b).map((c) => [c, `${name}=${c}`] as const);
  return {
    ...base,
    type: 'coded',
    measure: 'nominal',
    valueLabels: codes.map(([code, label]) => ({ code, label: { en: label } })),
    nets: [],
  } satisfies CodedVariable;
}

export function text(name: string, values: readonly string[]): TextVariable {
  return {
    name,
    label: { en: name },
    item: name,
    role: 'answer',
    quasiIdentifier: false,
    sensitive: false,
    missing: new Uint8Array(values.length).map((_, i) => (values[i] === '' ? MISSING_INDEX.skipped : 0)),
    missingKinds: ['skipped'],
    type: 'text',
    measure: 'nominal',
    values,
  };
}

export function dataset(columns: Readonly<Record<string, ColumnSpec>>, extra: readonly Variable[] = []): Dataset {
  const variables = [...Object.entries(columns).map(([name, spec]) => coded(name, spec)), ...extra];
  return { study: 'test', instrumentVersion: '1', languages: ['en'], n: variables[0]?.missing.length ?? 0, variables, sets: [], synthetic: true };
}
