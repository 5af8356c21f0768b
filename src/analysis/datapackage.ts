// The portas data package (Frictionless Tabular Data Package): its descriptor types and the reader back to a Dataset.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { readCsvRecords } from '../core/csv.ts';
import type { LanguageCode, LocalizedText } from '../core/text.ts';
import type { Choice, Net } from '../instrument/model.ts';
import { MISSING_CODE, MISSING_INDEX, MISSING_KINDS, type MissingKind } from '../instrument/missing.ts';
import type { Dataset, MeasureLevel, Variable, VariableSet } from './dataset.ts';

/** Bumped when the meaning of a `portas:` property changes; readers refuse versions they do not know. */
export const PORTAS_PACKAGE_FORMAT = 1;
export const DATAPACKAGE_JSON = 'datapackage.json';
export const DATA_CSV = 'data.csv';
export const CODEBOOK_HTML = 'codebook.html';

/** Data Package v2 profiles (v2 brings `categories`, the value labels of Table Schema). */
export const PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';
export const RESOURCE_PROFILE = 'https://datapackage.org/profiles/2.0/dataresource.json';
export const TABLE_SCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';

/** Table Schema v2 `categories` entry: a value label in the default language. */
export interface PackageCategory {
  readonly value: number;
  readonly label: string;
}

/** One column of data.csv. Standard Table Schema properties first, then everything portas needs to rebuild the variable. */
export interface PackageField {
  readonly name: string;
  readonly title: string;
  readonly type: 'integer' | 'number' | 'string';
  readonly constraints?: { readonly enum: readonly number[] };
  readonly categories?: readonly PackageCategory[];
  readonly categoriesOrdered?: boolean;
  readonly 'portas:variableType': Variable['type'];
  readonly 'portas:measure': MeasureLevel;
  readonly 'portas:label': LocalizedText;
  readonly 'portas:item': string;
  readonly 'portas:role': Variable['role'];
  readonly 'portas:quasiIdentifier': boolean;
  readonly 'portas:sensitive': boolean;
  readonly 'portas:missingKinds': readonly MissingKind[];
  /** Coded variables: every value label in every language. */
  readonly 'portas:valueLabels'?: readonly Choice[];
  readonly 'portas:nets'?: readonly Net[];
  /** Indicator variables: the option this column stands for. */
  readonly 'portas:option'?: Choice;
  /**
   * 0-based rows whose present value happens to be spelled like a reserved missing code (a text answer "-97",
   * an integer −99): without this list a reader could not tell them from missing values.
   */
  readonly 'portas:presentReserved'?: readonly number[];
}

export interface PackageSchema {
  readonly $schema: typeof TABLE_SCHEMA_PROFILE;
  readonly fields: readonly PackageField[];
  /** The reserved codes, as spelled in data.csv. */
  readonly missingValues: readonly string[];
}

export interface PackageResource {
  readonly $schema: typeof RESOURCE_PROFILE;
  readonly name: 'data';
  readonly type: 'table';
  readonly path: typeof DATA_CSV;
  readonly format: 'csv';
  readonly mediatype: 'text/csv';
  readonly encoding: 'utf-8';
  readonly dialect: { readonly delimiter: ','; readonly lineTerminator: '\r\n'; readonly quoteChar: '"'; readonly doubleQuote: true; readonly header: true };
  readonly schema: PackageSchema;
}

export interface PackageDescriptor {
  readonly $schema: typeof PACKAGE_PROFILE;
  readonly name: string;
  readonly title: string;
  readonly 'portas:format': number;
  readonly 'portas:study': string;
  readonly 'portas:instrumentVersion': string;
  readonly 'portas:languages': readonly LanguageCode[];
  readonly 'portas:synthetic': boolean;
  readonly 'portas:rows': number;
  /** Which reserved code stands for which missing kind. */
  readonly 'portas:missingCodes': Readonly<Record<MissingKind, number>>;
  readonly 'portas:sets': readonly VariableSet[];
  readonly resources: readonly [PackageResource];
}

/** How a number is spelled in data.csv: shortest round-trip form, keeping the sign of zero. */
export const formatCsvNumber = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

// ---- reading ---------------------------------------------------------------------------------

type Problems = Diagnostic[];

const problem = (code: Diagnostic['code'], file: string, line: number, column: number, message: string, subject?: string): Diagnostic => ({
  code,
  severity: 'error',
  message,
  position: { file, line, column },
  ...(subject === undefined ? {} : { subject }),
});

/** 1-based line of the first occurrence of `needle` in `text` after `from` (1 when absent). */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isLocalized = (x: unknown): x is LocalizedText => isRecord(x) && Object.values(x).every((v) => typeof v === 'string');
const isChoice = (x: unknown): x is Choice => isRecord(x) && Number.isFinite(x['code']) && isLocalized(x['label']);
const isNet = (x: unknown): x is Net =>
  isRecord(x) && typeof x['name'] === 'string' && isLocalized(x['label']) && Array.isArray(x['codes']) && x['codes'].every((c) => Number.isFinite(c));
const isSet = (x: unknown): x is VariableSet =>
  isRecord(x) &&
  typeof x['name'] === 'string' &&
  (x['kind'] === 'multiple' || x['kind'] === 'battery') &&
  isLocalized(x['label']) &&
  Array.isArray(x['variables']) &&
  x['variables'].every((v) => typeof v === 'string');
const isMissingKind = (x: unknown): x is MissingKind => typeof x === 'string' && (MISSING_KINDS as readonly string[]).includes(x);

const MEASURES: Readonly<Record<Variable['type'], readonly MeasureLevel[]>> = {
  coded: ['nominal', 'ordinal'],
  indicator: ['nominal'],
  numeric: ['scale'],
  text: ['nominal'],
};

/** Checks one field of the descriptor; returns the problems found, each naming the field. */
function checkField(f: unknown, index: number, text: string): { field?: PackageField; problems: Problems } {
  const at = (line: number, message: string, subject?: string): Diagnostic =>
    problem('datapackage.field', DATAPACKAGE_JSON, line, 1, message, subject);
  if (!isRecord(f) || typeof f['name'] !== 'string') {
    return { problems: [at(1, `resources[0].schema.fields[${index}] must be an object with a string 'name'`)] };
  }
  const name = f['name'];
  const line = lineOf(text, `"name": ${JSON.stringify(name)}`, Math.max(0, text.indexOf('"fields"')));
  const problems: Problems = [];
  const need = (ok: boolean, property: string, what: string): void => {
    if (!ok) problems.push(at(line, `field '${name}': '${property}' ${what}`, name));
  };
  const type = f['portas:variableType'];
  need(type === 'coded' || type === 'indicator' || type === 'numeric' || type === 'text', 'portas:variableType', 'must be coded, indicator, numeric or text');
  if (problems.length > 0) return { problems };
  const vt = type as Variable['type'];
  need(/^[a-z][a-z0-9_]{0,63}$/.test(name), 'name', 'must match [a-z][a-z0-9_]* and have at most 64 characters');
  need(vt === 'text' ? f['type'] === 'string' : f['type'] === 'integer' || f['type'] === 'number', 'type', `does not suit a ${vt} variable`);
  need(MEASURES[vt].includes(f['portas:measure'] as MeasureLevel), 'portas:measure', `must be one of ${MEASURES[vt].join(', ')}`);
  need(isLocalized(f['portas:label']), 'portas:label', 'must map language codes to texts');
  need(typeof f['portas:item'] === 'string', 'portas:item', 'must be a string');
  need(f['portas:role'] === 'answer' || f['portas:role'] === 'system', 'portas:role', 'must be answer or system');
  need(typeof f['portas:quasiIdentifier'] === 'boolean', 'portas:quasiIdentifier', 'must be true or false');
  need(typeof f['portas:sensitive'] === 'boolean', 'portas:sensitive', 'must be true or false');
  const kinds = f['portas:missingKinds'];
  need(Array.isArray(kinds) && kinds.every(isMissingKind), 'portas:missingKinds', `must list missing kinds (${MISSING_KINDS.join(', ')})`);
  if (vt === 'coded') {
    const labels = f['portas:valueLabels'];
    need(Array.isArray(labels) && labels.every(isChoice), 'portas:valueLabels', 'must list {code, label} choices');
    const nets = f['portas:nets'];
    need(Array.isArray(nets) && nets.every(isNet), 'portas:nets', 'must list {name, label, codes} nets');
  }
  if (vt === 'indicator') need(isChoice(f['portas:option']), 'portas:option', 'must be a {code, label} choice');
  const reserved = f['portas:presentReserved'];
  need(reserved === undefined || (Array.isArray(reserved) && reserved.every((r) => Number.isInteger(r) && (r as number) >= 0)), 'portas:presentReserved', 'must list row numbers');
  return problems.length > 0 ? { problems } : { field: f as unknown as PackageField, problems };
}

/** Checks the package-level properties and every field. */
function checkDescriptor(json: unknown, text: string): Result<PackageDescriptor, Problems> {
  const at = (key: string, message: string): Diagnostic => problem('datapackage.descriptor', DATAPACKAGE_JSON, lineOf(text, `"${key}"`), 1, message);
  if (!isRecord(json)) return err([at('', 'the descriptor must be a JSON object')]);
  const problems: Problems = [];
  const need = (ok: boolean, key: string, what: string): void => {
    if (!ok) problems.push(at(key, `'${key}' ${what}`));
  };
  need(json['portas:format'] === PORTAS_PACKAGE_FORMAT, 'portas:format', `must be ${PORTAS_PACKAGE_FORMAT} (this package was written by another portas version or by hand)`);
  need(typeof json['portas:study'] === 'string', 'portas:study', 'must be a string');
  need(typeof json['portas:instrumentVersion'] === 'string', 'portas:instrumentVersion', 'must be a string');
  const langs = json['portas:languages'];
  need(Array.isArray(langs) && langs.every((l) => typeof l === 'string'), 'portas:languages', 'must list language codes');
  need(typeof json['portas:synthetic'] === 'boolean', 'portas:synthetic', 'must be true or false');
  need(Number.isSafeInteger(json['portas:rows']) && (json['portas:rows'] as number) >= 0, 'portas:rows', 'must be a row count');
  const codes = json['portas:missingCodes'];
  // Packages written before `suppressed` existed lack its code; every code they list must still mean the same.
  const sameCodes =
    isRecord(codes) &&
    Object.keys(codes).every((k) => isMissingKind(k) && codes[k] === MISSING_CODE[k]) &&
    MISSING_KINDS.every((k) => k === 'suppressed' || codes[k] === MISSING_CODE[k]);
  need(sameCodes, 'portas:missingCodes', `must be ${JSON.stringify(MISSING_CODE)} (the codes this portas version reserves)`);
  const sets = json['portas:sets'];
  need(Array.isArray(sets) && sets.every(isSet), 'portas:sets', 'must list {name, kind, label, variables} sets');
  const resources = json['resources'];
  const resource: unknown = Array.isArray(resources) ? resources[0] : undefined;
  const schema = isRecord(resource) ? resource['schema'] : undefined;
  const fields = isRecord(schema) ? schema['fields'] : undefined;
  need(Array.isArray(resources) && resources.length === 1 && isRecord(resource) && resource['path'] === DATA_CSV, 'resources', `must hold exactly one resource with path '${DATA_CSV}'`);
  need(Array.isArray(fields), 'fields', 'must be the list of fields of resources[0].schema');
  if (problems.length > 0) return err(problems);
  const checked = (fields as unknown[]).map((f, i) => checkField(f, i, text));
  problems.push(...checked.flatMap((c) => c.problems));
  const names = new Set<string>();
  for (const c of checked) {
    if (c.field === undefined) continue;
    if (names.has(c.field.name)) problems.push(at(c.field.name, `field '${c.field.name}' is declared twice`));
    names.add(c.field.name);
  }
  for (const s of sets as VariableSet[]) {
    for (const v of s.variables) if (!names.has(v)) problems.push(at('portas:sets', `set '${s.name}' names '${v}', which is not a field`));
  }
  return problems.length > 0 ? err(problems) : ok(json as unknown as PackageDescriptor);
}

/** RFC 4180 records with the 1-based line each starts on; `null` cells never occur (an empty cell is ''). */
export function parseCsv(text: string, file: string): Result<{ rows: string[][]; lines: number[] }, Problems> {
  const read = readCsvRecords(text);
  if (!read.ok) return err([problem('datapackage.csv-syntax', file, read.error.line, read.error.cell, read.error.message)]);
  return ok({ rows: read.value.map((r) => r.cells), lines: read.value.map((r) => r.line) });
}

/** Rebuilds one variable from its field and its column of cells. */
function readColumn(field: PackageField, cells: (r: number) => string, n: number, lines: readonly number[], col: number, problems: Problems): Variable {
  const missing = new Uint8Array(n);
  const codeToIndex = new Map<string, number>(MISSING_KINDS.map((k) => [formatCsvNumber(MISSING_CODE[k]), MISSING_INDEX[k]]));
  const literal = new Set(field['portas:presentReserved'] ?? []);
  const base = {
    name: field.name,
    label: field['portas:label'],
    item: field['portas:item'],
    role: field['portas:role'],
    quasiIdentifier: field['portas:quasiIdentifier'],
    sensitive: field['portas:sensitive'],
    missing,
    missingKinds: field['portas:missingKinds'],
  };
  const bad = (r: number, message: string): void => {
    if (problems.length < 50) problems.push(problem('datapackage.csv-value', DATA_CSV, lines[r + 1] ?? 0, col + 1, message, field.name));
  };
  if (field['portas:variableType'] === 'text') {
    const values = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const cell = cells(r);
      const m = literal.has(r) ? undefined : codeToIndex.get(cell);
      if (m === undefined) values[r] = cell;
      else {
        values[r] = '';
        missing[r] = m;
      }
    }
    return { ...base, type: 'text', measure: 'nominal', values };
  }
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const cell = cells(r);
    const m = literal.has(r) ? undefined : codeToIndex.get(cell);
    if (m !== undefined) {
      values[r] = Number.NaN;
      missing[r] = m;
      continue;
    }
    const x = cell.trim() === '' ? Number.NaN : Number(cell);
    if (!Number.isFinite(x) || (field.type === 'integer' && !Number.isInteger(x))) bad(r, `field '${field.name}': '${cell.slice(0, 40)}' is not ${field.type === 'integer' ? 'an integer' : 'a number'} nor a missing code`);
    else if (field['portas:variableType'] === 'indicator' && x !== 0 && x !== 1) bad(r, `field '${field.name}': an indicator is 0 or 1 (or a missing code), not '${cell.slice(0, 40)}'`);
    values[r] = x;
  }
  switch (field['portas:variableType']) {
    case 'coded':
      return { ...base, type: 'coded', measure: field['portas:measure'] === 'ordinal' ? 'ordinal' : 'nominal', values, valueLabels: field['portas:valueLabels'] ?? [], nets: field['portas:nets'] ?? [] };
    case 'indicator':
      return { ...base, type: 'indicator', measure: 'nominal', values, option: field['portas:option'] ?? { code: 0, label: {} } };
    default:
      return { ...base, type: 'numeric', measure: 'scale', values };
  }
}

/** Reads a portas data package (datapackage.json + data.csv) back into the Dataset it was written from. */
export function readDataPackage(files: { readonly datapackageJson: string; readonly dataCsv: string }): Result<Dataset, Diagnostic[]> {
  let json: unknown;
  try {
    json = JSON.parse(files.datapackageJson);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const offset = pos === null ? 0 : Number(pos[1]);
    const before = files.datapackageJson.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return err([problem('datapackage.json-syntax', DATAPACKAGE_JSON, line, column, `not valid JSON: ${message}`)]);
  }
  const checked = checkDescriptor(json, files.datapackageJson);
  if (!checked.ok) return checked;
  const d = checked.value;
  const fields = d.resources[0].schema.fields;
  // A byte-order mark (written for Excel, `portas export --excel`) is not part of the header.
  const parsed = parseCsv(files.dataCsv.startsWith('\uFEFF') ? files.dataCsv.slice(1) : files.dataCsv, DATA_CSV);
  if (!parsed.ok) return parsed;
  const { rows, lines } = parsed.value;
  const n = d['portas:rows'];
  const problems: Problems = [];
  if (fields.length > 0) {
    const header = rows[0] ?? [];
    fields.forEach((f, c) => {
      if (header[c] !== f.name) problems.push(problem('datapackage.csv-header', DATA_CSV, 1, c + 1, `column ${c + 1} is '${header[c] ?? '(none)'}', the descriptor expects '${f.name}'`, f.name));
    });
    if (header.length !== fields.length) problems.push(problem('datapackage.csv-header', DATA_CSV, 1, 1, `the header has ${header.length} columns, the descriptor declares ${fields.length}`));
    if (rows.length - 1 !== n) problems.push(problem('datapackage.csv-rows', DATA_CSV, lines[rows.length - 1] ?? 1, 1, `${rows.length - 1} data rows, the descriptor declares ${n} ('portas:rows')`));
    rows.forEach((row, r) => {
      if (r > 0 && row.length !== fields.length && problems.length < 50) {
        problems.push(problem('datapackage.csv-row', DATA_CSV, lines[r] ?? 0, 1, `row has ${row.length} cells, expected ${fields.length}`));
      }
    });
    if (problems.length > 0) return err(problems);
  } else if (rows.length > 1) {
    return err([problem('datapackage.csv-rows', DATA_CSV, 2, 1, 'data rows but no fields declared')]);
  }
  const variables = fields.map((f, c) => readColumn(f, (r) => rows[r + 1]?.[c] ?? '', n, lines, c, problems));
  if (problems.length > 0) return err(problems);
  return ok({
    study: d['portas:study'],
    instrumentVersion: d['portas:instrumentVersion'],
    languages: d['portas:languages'],
    n,
    variables,
    sets: d['portas:sets'],
    synthetic: d['portas:synthetic'],
  });
}
