// The data package exporter: datapackage.json + data.csv + codebook.html, also portas's own dataset file format.

import type { Dataset } from '../../analysis/dataset.ts';
import { CODEBOOK_HTML, DATA_CSV, DATAPACKAGE_JSON } from '../../analysis/datapackage.ts';
import { concatBytes, utf8, type ExportFile } from '../files.ts';
import { codebookHtml, type CodebookOptions } from './codebook.ts';
import { dataCsvLines } from './csv.ts';
import { dataPackageDescriptor } from './descriptor.ts';

/** Encodes row chunks piecewise so that no single giant string is built for large datasets. */
function encodeChunks(lines: readonly string[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const step = 4096;
  for (let i = 0; i < lines.length; i += step) chunks.push(utf8(lines.slice(i, i + step).join('')));
  return concatBytes(chunks);
}

/** UTF-8 byte-order mark: Excel reads a CSV as UTF-8 only when it starts with one (else Cyrillic comes out garbled). */
const BOM = '\uFEFF';

/** The three files of a portas data package, in the order a reader needs them; `bom` starts data.csv with a BOM for Excel. */
export function writeDataPackage(dataset: Dataset, codebook: CodebookOptions = {}, bom = false): ExportFile[] {
  const lines = dataCsvLines(dataset);
  return [
    { name: DATAPACKAGE_JSON, bytes: utf8(JSON.stringify(dataPackageDescriptor(dataset), null, 2) + '\n') },
    { name: DATA_CSV, bytes: encodeChunks(bom ? [BOM + (lines[0] ?? ''), ...lines.slice(1)] : lines) },
    { name: CODEBOOK_HTML, bytes: utf8(codebookHtml(dataset, codebook)) },
  ];
}
