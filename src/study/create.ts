// New study folders: from an XLSForm (an upload's bytes), from instrument YAML, or as a copy of the flagship study.
// Each returns the loaded study with every problem located; a folder that would be overwritten is refused.

import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors, type Diagnostic } from '../core/diagnostic.ts';
import { loadInstrumentYaml } from '../instrument/load-yaml.ts';
import { importXlsform } from '../instrument/xlsform/import.ts';
import { BENCHMARKS_FILE, DISCLOSURE_FILE, INSTRUMENT_FILE, REPORT_SPEC_FILE } from './files.ts';
import { loadStudy, type LoadedStudy } from './load.ts';
import { studyDiagnostic } from './located.ts';
import { readWorkbookBytes } from './xlsx-io.ts';
import { defaultReportYaml } from './report-default.ts';

/** The flagship study (Russians in Serbia, 2024) as shipped: its replica generator stays there, for the demo only. */
export const FLAGSHIP_DIR = fileURLToPath(new URL('../../studies/russians-in-serbia/', import.meta.url));

/** What a new study folder's creation says: the loaded study, and the problems of the source (XLSForm cells) and the study. */
export interface CreatedStudy extends LoadedStudy {
  /** Whether instrument.yaml was written (an XLSForm with parts not carried over is written, and says which). */
  readonly written: boolean;
  /**
   * Problems of the source: an XLSForm's, located by sheet, row and column (position.file `form.xlsx:survey`, line =
   * row, column = column: formatSheetDiagnostic prints them), or the YAML's. `diagnostics` are the written study's.
   */
  readonly source: readonly Diagnostic[];
  /** For an XLSForm with `mapMissing`: how choices were mapped to typed missing values, one line each. */
  readonly missingMapping: readonly string[];
}

function refuseExisting(targetDir: string, replace = false): Diagnostic[] {
  const file = join(targetDir, INSTRUMENT_FILE);
  return existsSync(file) && !replace ? [studyDiagnostic('study.exists', file, 'the folder holds a study already', { hint: 'choose a new folder' })] : [];
}

const notWritten = (diagnostics: Diagnostic[], source: readonly Diagnostic[] = []): CreatedStudy => ({ study: undefined, diagnostics, source, written: false, missingMapping: [] });

/**
 * A study from an XLSForm's bytes (`fileName` names it in diagnostics, which point at sheet, row and column:
 * position.file is `form.xlsx:survey`). Written even when some parts cannot be carried over; those are errors.
 */
export async function createStudyFromXlsform(bytes: Uint8Array, targetDir: string, options: { readonly fileName?: string; readonly mapMissing?: boolean; readonly replace?: boolean } = {}): Promise<CreatedStudy> {
  const refused = refuseExisting(targetDir, options.replace);
  if (refused.length > 0) return notWritten(refused);
  const fileName = options.fileName ?? 'form.xlsx';
  let book;
  try {
    book = await readWorkbookBytes(bytes, fileName);
  } catch (e) {
    return notWritten([], [studyDiagnostic('study.syntax', undefined, `cannot read it as an .xlsx workbook (${e instanceof Error ? e.message : String(e)})`, { hint: 'save the form as .xlsx (Excel 2007 or later)' })]);
  }
  const result = importXlsform(book, { mapMissing: options.mapMissing ?? false });
  if (result.yaml === '') return notWritten([], result.diagnostics);
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(join(targetDir, INSTRUMENT_FILE), `# Imported from ${book.file} by portas import xlsform; see docs/xlsform.md.\n${result.yaml}`);
  const loaded = await withDefaultReport(await loadStudy(targetDir));
  return { ...loaded, source: result.diagnostics, written: true, missingMapping: result.missingMapping };
}

/** A study from instrument YAML: written only when it has no errors (the diagnostics point into `fileName`). */
export async function createStudyFromYaml(text: string, targetDir: string, options: { readonly fileName?: string } = {}): Promise<CreatedStudy> {
  const refused = refuseExisting(targetDir);
  if (refused.length > 0) return notWritten(refused);
  const checked = loadInstrumentYaml(text, options.fileName ?? INSTRUMENT_FILE);
  if (checked.instrument === undefined || hasErrors(checked.diagnostics)) return notWritten([], checked.diagnostics);
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(join(targetDir, INSTRUMENT_FILE), text);
  const loaded = await withDefaultReport(await loadStudy(targetDir));
  return { ...loaded, source: checked.diagnostics, written: true, missingMapping: [] };
}

/** A new study's default report.yaml (a figure for every question), so that it reports out of the box; the study loaded again with it. */
async function withDefaultReport(loaded: LoadedStudy): Promise<LoadedStudy> {
  const study = loaded.study;
  if (study === undefined || existsSync(join(study.dir, REPORT_SPEC_FILE))) return loaded;
  writeFileSync(join(study.dir, REPORT_SPEC_FILE), defaultReportYaml(study.instrument));
  return loadStudy(study.dir);
}

/** A copy of the flagship's study files (questionnaire, disclosure policy, report spec, benchmarks) — never its replica. */
export async function copyFlagship(targetDir: string): Promise<CreatedStudy> {
  if (existsSync(targetDir) && readdirSync(targetDir).length > 0) return notWritten([studyDiagnostic('study.exists', targetDir, 'the folder is not empty', { hint: 'choose a new folder' })]);
  mkdirSync(targetDir, { recursive: true });
  for (const name of [INSTRUMENT_FILE, DISCLOSURE_FILE, REPORT_SPEC_FILE, BENCHMARKS_FILE]) copyFileSync(join(FLAGSHIP_DIR, name), join(targetDir, name));
  const loaded = await loadStudy(targetDir);
  return { ...loaded, source: [], written: true, missingMapping: [] };
}
