// Writes an .xlsx workbook (Office Open XML, SpreadsheetML) for the team members who live in Excel: values, labels, variables.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { MISSING_CODE, missingKindOfIndex } from '../../instrument/missing.ts';
import { utf8 } from '../files.ts';
import { isLabelLanguage, missingLabel, substantiveLabels } from '../labels.ts';
import { fittedLabel, type Treatments } from '../variable-labels.ts';
import { zipStored } from './zip.ts';

export interface XlsxOptions {
  /** Language of labels and sheet names; default the dataset's first language. */
  readonly language?: string;
  readonly treatments?: Treatments;
}

type Cell = string | number;

const SHEETS = {
  ru: { values: 'значения', labels: 'метки', variables: 'переменные', head: ['переменная', 'вопрос', 'тип', 'коды'] },
  en: { values: 'values', labels: 'labels', variables: 'variables', head: ['variable', 'question', 'type', 'codes'] },
} as const;

/** Excel's limit on the characters of one cell. */
const MAX_CELL = 32_767;

// XML 1.0 allows tab, newline and carriage return among the control characters, nothing else below U+0020.
const xmlText = (s: string): string =>
  s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function cellXml(value: Cell, ref: string): string {
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${String(value)}</v></c>` : '';
  const text = Array.from(value).slice(0, MAX_CELL).join('');
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

function sheetXml(rows: readonly (readonly Cell[])[]): string {
  const body = rows.map((row, r) => `<row r="${String(r + 1)}">${row.map((v, c) => cellXml(v, `${columnLetters(c)}${String(r + 1)}`)).join('')}</row>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

/** Row r of a variable as a value (codes; missing as its reserved code) or as a label (in `lang`). */
function valueCell(v: Variable, r: number): Cell {
  const kind = missingKindOfIndex(v.missing[r] ?? 0);
  if (kind !== undefined) return MISSING_CODE[kind];
  return v.type === 'text' ? (v.values[r] ?? '') : (v.values[r] ?? Number.NaN);
}

function labelCell(v: Variable, r: number, lang: string, labels: ReadonlyMap<number, string>): Cell {
  const kind = missingKindOfIndex(v.missing[r] ?? 0);
  if (kind !== undefined) return missingLabel(kind, lang);
  if (v.type === 'text') return v.values[r] ?? '';
  const x = v.values[r] ?? Number.NaN;
  return labels.get(x) ?? x;
}

/** The workbook's bytes: a sheet of values (codes), one of labels, one describing the variables. */
export function writeXlsx(dataset: Dataset, options: XlsxOptions = {}): Uint8Array {
  const lang = options.language ?? dataset.languages[0] ?? 'en';
  const names = SHEETS[isLabelLanguage(lang) ? lang : 'en'];
  const vars = dataset.variables;
  const header = vars.map((v) => v.name);
  const labelMaps = vars.map((v) => new Map(substantiveLabels(v, lang)));
  const values: Cell[][] = [header];
  const labels: Cell[][] = [header];
  for (let r = 0; r < dataset.n; r++) {
    values.push(vars.map((v) => valueCell(v, r)));
    labels.push(vars.map((v, c) => labelCell(v, r, lang, labelMaps[c] ?? new Map())));
  }
  const described: Cell[][] = [
    [...names.head],
    ...vars.map((v, c) => [
      v.name,
      fittedLabel(v, dataset, lang, { chars: MAX_CELL }, options.treatments?.get(v.name)),
      `${v.type}, ${v.measure}`,
      [...(labelMaps[c] ?? new Map<number, string>())].map(([code, text]) => `${String(code)} = ${text}`).concat(v.missingKinds.map((k) => `${String(MISSING_CODE[k])} = ${missingLabel(k, lang)}`)).join('; '),
    ]),
  ];
  const sheets = [
    { name: names.values, rows: values },
    { name: names.labels, rows: labels },
    { name: names.variables, rows: described },
  ];
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  return zipStored([
    {
      name: '[Content_Types].xml',
      bytes: utf8(
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${String(i + 1)}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
      ),
    },
    { name: '_rels/.rels', bytes: utf8(`${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      bytes: utf8(`${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${String(i + 1)}" r:id="rId${String(i + 1)}"/>`).join('')}</sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      bytes: utf8(`${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${String(i + 1)}" Type="${rel}/worksheet" Target="worksheets/sheet${String(i + 1)}.xml"/>`).join('')}</Relationships>`),
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${String(i + 1)}.xml`, bytes: utf8(sheetXml(s.rows)) })),
  ]);
}
