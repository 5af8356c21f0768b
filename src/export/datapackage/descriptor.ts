// Builds datapackage.json (Frictionless Table Schema + `portas:` properties) from a Dataset.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import {
  DATA_CSV,
  formatCsvNumber,
  PACKAGE_PROFILE,
  PORTAS_PACKAGE_FORMAT,
  RESOURCE_PROFILE,
  TABLE_SCHEMA_PROFILE,
  type PackageDescriptor,
  type PackageField,
} from '../../analysis/datapackage.ts';
import { pick } from '../../core/text.ts';
import { chosenWord, notChosen } from '../labels.ts';
import { MISSING_CODE, MISSING_KINDS } from '../../instrument/missing.ts';
import { columnFacts, type ColumnFacts } from './column-facts.ts';

/** Two-valued labels for an indicator column, in the package's first language (as every `categories` label). */
const indicatorLabels = (lang: string) => [
  { value: 0, label: notChosen(lang) },
  { value: 1, label: chosenWord(lang) },
];

function fieldOf(v: Variable, lang: string, facts: ColumnFacts): PackageField {
  const reserved = facts.presentReserved;
  const numericType = facts.integer ? 'integer' : 'number';
  // Standard Table Schema properties first (what other tools read), then the portas ones.
  const head = { name: v.name, title: pick(v.label, lang) };
  const portas = {
    'portas:variableType': v.type,
    'portas:measure': v.measure,
    'portas:label': v.label,
    'portas:item': v.item,
    'portas:role': v.role,
    'portas:quasiIdentifier': v.quasiIdentifier,
    'portas:sensitive': v.sensitive,
    'portas:missingKinds': v.missingKinds,
    ...(reserved.length > 0 ? { 'portas:presentReserved': reserved } : {}),
  } as const;
  switch (v.type) {
    case 'coded':
      return {
        ...head,
        type: numericType,
        constraints: { enum: v.valueLabels.map((c) => c.code) },
        categories: v.valueLabels.map((c) => ({ value: c.code, label: pick(c.label, lang) })),
        categoriesOrdered: v.measure === 'ordinal',
        ...portas,
        'portas:valueLabels': v.valueLabels,
        'portas:nets': v.nets,
      };
    case 'indicator':
      return { ...head, type: numericType, constraints: { enum: [0, 1] }, categories: indicatorLabels(lang), ...portas, 'portas:option': v.option };
    case 'numeric':
      return { ...head, type: numericType, ...portas };
    case 'text':
      return { ...head, type: 'string', ...portas };
  }
}

/** A Frictionless package name: lower-case letters, digits, `-`, `_`, `.`. */
const packageName = (study: string): string => study.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'portas-dataset';

/** `facts` (one per variable) stand for the rows when they are not in `dataset` (data.csv written in pieces). */
export function dataPackageDescriptor(dataset: Dataset, facts?: readonly ColumnFacts[]): PackageDescriptor {
  const lang = dataset.languages[0] ?? 'en';
  return {
    $schema: PACKAGE_PROFILE,
    name: packageName(dataset.study),
    title: `${dataset.study} ${dataset.instrumentVersion}${dataset.synthetic ? ' (SYNTHETIC data, not real responses)' : ''}`,
    'portas:format': PORTAS_PACKAGE_FORMAT,
    'portas:study': dataset.study,
    'portas:instrumentVersion': dataset.instrumentVersion,
    'portas:languages': dataset.languages,
    'portas:synthetic': dataset.synthetic,
    'portas:rows': dataset.n,
    'portas:missingCodes': MISSING_CODE,
    'portas:sets': dataset.sets,
    resources: [
      {
        $schema: RESOURCE_PROFILE,
        name: 'data',
        type: 'table',
        path: DATA_CSV,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
        schema: {
          $schema: TABLE_SCHEMA_PROFILE,
          fields: dataset.variables.map((v, j) => fieldOf(v, lang, facts?.[j] ?? columnFacts(v))),
          missingValues: MISSING_KINDS.map((k) => formatCsvNumber(MISSING_CODE[k])),
        },
      },
    ],
  };
}
