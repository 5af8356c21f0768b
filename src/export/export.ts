// One entry point for every export format: a released Dataset in, named files out.

import { CODEBOOK_HTML, DATA_CSV } from '../analysis/datapackage.ts';
import { rScript, spssSyntax } from './syntax.ts';
import { codebookHtml } from './datapackage/codebook.ts';
import { writeDataPackage } from './datapackage/write.ts';
import { stataSyntax } from './dta/do-file.ts';
import { dtaNames, writeDta } from './dta/write.ts';
import { utf8, type ExportFile } from './files.ts';
import type { ReleasedDataset } from './release.ts';
import { savNames, writeSav } from './sav/write.ts';
import { withTreatmentLabels } from './variable-labels.ts';
import { writeXlsx } from './xlsx/write.ts';

export const EXPORT_FORMATS = ['csv', 'sav', 'zsav', 'dta', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The R script beside data.csv. */
export const R_SCRIPT = 'load.R';

export interface ExportOptions {
  /** Label language of the files (a .dta holds the others too, as Stata label languages); default: the dataset's first. */
  readonly language?: string;
  /** Creation time written into the .sav header; default 1970-01-01 (pure modules read no clock). */
  readonly createdAt?: Date;
  /** zlib compression for `zsav` (node:zlib `deflateSync` in the CLI); required for that format. */
  readonly deflate?: (raw: Uint8Array) => Uint8Array;
  /** `csv`: start data.csv with a UTF-8 byte-order mark, so that Excel opens it as UTF-8. */
  readonly excel?: boolean;
}

/** A file-name stem from the study id: letters, digits, `-`, `_` only. */
const stem = (study: string): string => study.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';

/**
 * The files of one export. `csv` is the data package (datapackage.json, data.csv, codebook.html); `sav` (`zsav`:
 * the same, zlib-compressed) and `dta`
 * come with the same codebook.html, which carries all languages, flags and quasi-identifiers the binary formats cannot.
 */
export function exportDataset(released: ReleasedDataset, format: ExportFormat, options: ExportOptions = {}): ExportFile[] {
  const d = released.dataset;
  const treatments = released.treatments ?? new Map();
  const universes = released.universes === undefined ? {} : { universes: released.universes };
  const language = options.language === undefined ? {} : { language: options.language };
  const lang = options.language ?? d.languages[0] ?? 'en';
  const design = released.design;
  const file = `${stem(d.study)}.${format}`;
  const codebook = (names: ReadonlyMap<string, string>): ExportFile => ({
    name: CODEBOOK_HTML,
    bytes: utf8(codebookHtml(withTreatmentLabels(d, treatments), { names, treatments, dataFiles: `<code>${file}</code>`, ...universes })),
  });
  switch (format) {
    case 'csv':
      return [...writeDataPackage(withTreatmentLabels(d, treatments), { treatments, ...universes }, options.excel === true), { name: R_SCRIPT, bytes: utf8(rScript(d, DATA_CSV, lang, treatments, design)) }];
    case 'sav':
    case 'zsav': {
      if (format === 'zsav' && options.deflate === undefined) throw new Error('exportDataset: zsav needs options.deflate');
      const zlib = format === 'zsav' && options.deflate !== undefined ? { deflate: options.deflate } : {};
      return [
        { name: file, bytes: writeSav(d, { ...language, ...zlib, treatments, ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }) }) },
        codebook(savNames(d)),
        { name: `${stem(d.study)}.sps`, bytes: utf8(spssSyntax(d, file, savNames(d), lang, treatments, design)) },
      ];
    }
    case 'dta':
      return [{ name: file, bytes: writeDta(d, { ...language, treatments }) }, codebook(dtaNames(d)), { name: `${stem(d.study)}.do`, bytes: utf8(stataSyntax(d, file, lang, treatments, design)) }];
    case 'xlsx':
      return [{ name: file, bytes: writeXlsx(d, { ...language, treatments }) }, codebook(new Map())];
  }
}

/** Variables whose name the format could not keep (too long, or a reserved word there): [portas name, name in the file]. */
export function renamedVariables(released: ReleasedDataset, format: ExportFormat): [string, string][] {
  if (format === 'csv' || format === 'xlsx') return [];
  const names = format === 'sav' || format === 'zsav' ? savNames(released.dataset) : dtaNames(released.dataset);
  return [...names].filter(([from, to]) => from !== to);
}
