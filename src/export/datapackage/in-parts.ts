// The data package written in parts: data.csv's header, then each part's rows as they are built, then
// datapackage.json and codebook.html from the columns' facts; byte for byte what writeDataPackage writes whole.

import { CODEBOOK_HTML, DATAPACKAGE_JSON } from '../../analysis/datapackage.ts';
import type { Dataset } from '../../analysis/dataset.ts';
import { utf8, type ExportFile } from '../files.ts';
import { codebookHtml } from './codebook.ts';
import { columnFacts, type ColumnFacts } from './column-facts.ts';
import { dataCsvLines } from './csv.ts';
import { dataPackageDescriptor } from './descriptor.ts';

/** data.csv's first line, from the dataset's shape (its rows are not read). */
export const csvHeader = (shape: Dataset): string => dataCsvLines({ ...shape, n: 0 })[0] ?? '';

/** One part's rows of data.csv, and the facts of its columns (row numbers from 0 within the part). */
export function csvPart(part: Dataset): { readonly text: string; readonly facts: ColumnFacts[] } {
  return { text: dataCsvLines(part).slice(1).join(''), facts: part.variables.map(columnFacts) };
}

/**
 * datapackage.json and codebook.html of a dataset of `n` rows shaped as `shape` (its variables, no rows read)
 * whose columns have `facts` (appendColumnFacts over the parts, in order).
 */
export function closingFiles(shape: Dataset, n: number, facts: readonly ColumnFacts[]): ExportFile[] {
  const whole = { ...shape, n };
  return [
    { name: DATAPACKAGE_JSON, bytes: utf8(JSON.stringify(dataPackageDescriptor(whole, facts), null, 2) + '\n') },
    { name: CODEBOOK_HTML, bytes: utf8(codebookHtml(whole, {})) },
  ];
}
