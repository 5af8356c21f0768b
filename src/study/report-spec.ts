// report.yaml through the Study API: read it, check a text against the study (nothing written), save a text only when
// it is valid (the previous file kept otherwise), and write or reset the default report. The CLI and the studio both use it.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFromResponses } from '../analysis/from-responses.ts';
import { hasErrors, type Diagnostic } from '../core/diagnostic.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { computeReport } from '../report/compute.ts';
import { loadReportSpec, type ReportSpec } from '../report/spec.ts';
import { REPORT_SPEC_FILE } from './files.ts';
import { loadStudy, type Study } from './load.ts';
import { studyDiagnostic } from './located.ts';
import { defaultReportYaml, isUntouchedDefault } from './report-default.ts';

/** Where a reset keeps the report spec it replaced, beside it. */
export const PREVIOUS_REPORT_SPEC_FILE = 'report.previous.yaml';

export interface ReportSpecCheck {
  /** No errors: the text can be saved and used. */
  readonly ok: boolean;
  /** The text's problems, located in report.yaml (file:line:col). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface SavedReportSpec extends ReportSpecCheck {
  readonly saved: boolean;
  readonly file: string;
}

/** The text of the study's report.yaml, or undefined when it has none. */
export function readReportSpecText(studyDir: string): string | undefined {
  const file = join(studyDir, REPORT_SPEC_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * An untouched default report.yaml made again from the questionnaire as it is now (its languages or items may have
 * changed since); an edited one is never touched. Returns whether the file was rewritten.
 */
export async function refreshDefaultReportSpec(studyDir: string): Promise<boolean> {
  const text = readReportSpecText(studyDir);
  if (text === undefined || !isUntouchedDefault(text)) return false;
  const made = await defaultReportSpecText(studyDir);
  if (made.text === undefined || made.text === text) return false;
  const file = join(studyDir, REPORT_SPEC_FILE);
  writeFileSync(`${file}.tmp`, made.text);
  renameSync(`${file}.tmp`, file);
  return true;
}

async function studyOf(studyDir: string): Promise<{ study?: Study; diagnostics: Diagnostic[] }> {
  const loaded = await loadStudy(studyDir);
  if (loaded.study !== undefined) return { study: loaded.study, diagnostics: [] };
  return { diagnostics: loaded.diagnostics.filter((d) => d.severity === 'error') };
}

/**
 * Checks `text` as the study's report.yaml without writing anything: the spec against the questionnaire, then its
 * texts' references against a report of no responses (a reference to nothing, a number typed by hand).
 */
export function checkReportText(study: Study, text: string): ReportSpecCheck & { readonly spec?: ReportSpec } {
  const file = join(study.dir, REPORT_SPEC_FILE);
  const spec = loadReportSpec(text, file, study.instrument);
  if (!spec.ok) return { ok: false, diagnostics: spec.error };
  const empty = datasetFromResponses(study.instrument, [], { synthetic: study.synthetic });
  const dry = computeReport(spec.value, empty, { rng: xoshiro128ss(1), policy: study.disclosure.policy, replicates: 2, ...(study.benchmarks === undefined ? {} : { benchmarks: study.benchmarks }) });
  // Only the text's own faults: what data would hide or cannot compute is for the real report to say.
  const faults = dry.ok ? [] : dry.error.filter((d) => d.code === 'report.typed-number' || d.code === 'report.unknown-reference');
  return faults.length > 0 ? { ok: false, diagnostics: faults } : { ok: true, diagnostics: [], spec: spec.value };
}

/** Checks the study's report.yaml as it is (or `text` instead), writing nothing. */
export async function checkReportSpec(studyDir: string, text?: string): Promise<ReportSpecCheck> {
  if (text === undefined) await refreshDefaultReportSpec(studyDir);
  const { study, diagnostics } = await studyOf(studyDir);
  if (study === undefined) return { ok: false, diagnostics };
  const current = text ?? readReportSpecText(study.dir);
  if (current === undefined) return { ok: false, diagnostics: [{ code: 'report.no-spec', severity: 'error', message: '', position: { file: join(study.dir, REPORT_SPEC_FILE), line: 1, column: 1 }, hint: 'portas report init writes the default report (a figure for every question)' }] };
  const checked = checkReportText(study, current);
  return { ok: checked.ok, diagnostics: checked.diagnostics };
}

/** Writes `text` as report.yaml only when it checks without errors; otherwise the file stays as it was. */
export async function saveReportSpec(studyDir: string, text: string): Promise<SavedReportSpec> {
  const file = join(studyDir, REPORT_SPEC_FILE);
  const checked = await checkReportSpec(studyDir, text);
  if (!checked.ok || hasErrors(checked.diagnostics)) return { ...checked, ok: false, saved: false, file };
  // Written whole or not at all: a crash mid-write must not leave half a report spec.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return { ...checked, saved: true, file };
}

/** The default report spec of the study's questionnaire, as YAML. */
export async function defaultReportSpecText(studyDir: string): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const { study, diagnostics } = await studyOf(studyDir);
  return study === undefined ? { diagnostics } : { text: defaultReportYaml(study.instrument), diagnostics: [] };
}

/**
 * Writes the default report.yaml. An existing one is refused unless `replace`; then it is kept as
 * report.previous.yaml, so one click cannot lose a researcher's edits.
 */
export async function writeDefaultReportSpec(studyDir: string, options: { readonly replace?: boolean } = {}): Promise<SavedReportSpec & { readonly previous?: string }> {
  const file = join(studyDir, REPORT_SPEC_FILE);
  const made = await defaultReportSpecText(studyDir);
  if (made.text === undefined) return { ok: false, saved: false, file, diagnostics: made.diagnostics };
  const exists = existsSync(file);
  if (exists && options.replace !== true) return { ok: false, saved: false, file, diagnostics: [studyDiagnostic('study.exists', file, 'the study has a report.yaml', { hint: 'portas report init --replace writes the default over it (the old one is kept as report.previous.yaml)' })] };
  let previous: string | undefined;
  if (exists) {
    previous = join(studyDir, PREVIOUS_REPORT_SPEC_FILE);
    writeFileSync(previous, readFileSync(file));
  }
  writeFileSync(`${file}.tmp`, made.text);
  renameSync(`${file}.tmp`, file);
  return { ok: true, saved: true, file, diagnostics: [], ...(previous === undefined ? {} : { previous }) };
}
