// The study's report (report.yaml) from an opened dataset, through disclosure control: report.json, the disclosure
// log, a self-contained HTML file per language, and (where Chromium is installed) a PDF of each.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { renderCharts } from '../report/charts/render-charts.ts';
import { computeReport } from '../report/compute.ts';
import type { ReportModel } from '../report/model.ts';
import { renderReportHtml } from '../report/render-html.ts';
import { reportDisclosureLog } from '../report/report-disclosure-log.ts';
import { reportJson } from '../report/report-json.ts';
import { BENCHMARKS_FILE, REPORT_SPEC_FILE } from './files.ts';
import { loadStudy, type Study } from './load.ts';
import { defaultReportYaml } from './report-default.ts';
import { refreshDefaultReportSpec } from './report-spec.ts';
import { loadReportSpec, type ReportSpec } from '../report/spec.ts';
import { studyDiagnostic } from './located.ts';
import { CHROMIUM, printPdf } from './report-pdf.ts';

/** Tree-bootstrap replicates behind every weighted interval: enough for stable 95 % percentile bounds. */
export const DEFAULT_REPLICATES = 1000;

export interface ReportRequest {
  readonly studyDir: string;
  readonly dataset: Dataset;
  readonly out: string;
  /** Seeds the bootstraps: the same data and seed give the same report. */
  readonly seed: number;
  readonly replicates: number;
  /** Called as each language's HTML is written. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReportFiles {
  readonly model: ReportModel;
  /** For the researcher: what disclosure control hid and where report.yaml asks for it, one warning each. */
  readonly warnings: readonly Diagnostic[];
  readonly json: string;
  /** One self-contained HTML file per language of the report, the default language first. */
  readonly html: readonly string[];
}

export interface PrintedReport {
  readonly pdf: readonly string[];
  /** Why no PDF was printed (no Chromium on this machine), if so. */
  readonly skipped?: string;
}

/** Computes the report and writes report.json, disclosure-log.md and the HTML in each language into `out`. */
export async function writeReport(request: ReportRequest): Promise<Result<ReportFiles, Diagnostic[]>> {
  // A default report nobody edited follows the questionnaire: made again if the questionnaire changed since.
  await refreshDefaultReportSpec(request.studyDir);
  const { study, diagnostics } = await loadStudy(request.studyDir);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (study === undefined) return err(errors);
  const spec = study.reportSpec ?? defaultSpec(study);
  if (spec === undefined) return err(errors.filter((d) => d.position?.file.endsWith(REPORT_SPEC_FILE) === true));
  if (study.benchmarks === undefined && existsSync(join(study.dir, BENCHMARKS_FILE))) return err(errors);
  const model = computeReport(spec, request.dataset, { rng: xoshiro128ss(request.seed), policy: study.disclosure.policy, replicates: request.replicates, ...(study.benchmarks === undefined ? {} : { benchmarks: study.benchmarks }) });
  if (!model.ok) return err(model.error);
  mkdirSync(request.out, { recursive: true });
  const json = join(request.out, 'report.json');
  writeFileSync(json, `${JSON.stringify(reportJson(model.value), null, 1)}\n`);
  writeFileSync(join(request.out, 'disclosure-log.md'), reportDisclosureLog(model.value));
  const html: string[] = [];
  for (const lang of model.value.languages) {
    const file = join(request.out, `report.${lang}.html`);
    writeFileSync(file, renderReportHtml(model.value, lang, await renderCharts(model.value, lang)));
    html.push(file);
    request.onProgress?.(html.length, model.value.languages.length);
  }
  const warnings = [...(study.reportSpec === undefined ? [DEFAULT_USED(study.dir)] : []), ...(model.value.warnings ?? [])];
  return ok({ model: model.value, json, html, warnings });
}

/** The default report (every question) for a study without report.yaml; undefined when report.yaml exists (and has errors). */
function defaultSpec(study: Study): ReportSpec | undefined {
  if (existsSync(join(study.dir, REPORT_SPEC_FILE))) return undefined;
  const spec = loadReportSpec(defaultReportYaml(study.instrument), join(study.dir, REPORT_SPEC_FILE), study.instrument);
  return spec.ok ? spec.value : undefined;
}

const DEFAULT_USED = (dir: string): Diagnostic => ({
  code: 'report.no-spec',
  severity: 'warning',
  message: 'the default report (a figure for every question) was made instead',
  position: { file: join(dir, REPORT_SPEC_FILE), line: 1, column: 1 },
  hint: 'portas report init writes it as report.yaml, to edit',
});

/** Prints each HTML report to a PDF beside it with Debian's Chromium, if this machine has it. */
export async function printReports(html: readonly string[]): Promise<Result<PrintedReport, Diagnostic[]>> {
  if (!existsSync(CHROMIUM)) return ok({ pdf: [], skipped: `no PDF: ${CHROMIUM} is not installed (Debian: apt-get install chromium); the HTML reports print from any browser` });
  const pdf: string[] = [];
  for (const file of html) {
    const out = file.replace(/\.html$/, '.pdf');
    const printed = await printPdf(file, out);
    // A self-contained report asks for nothing; if it did, the PDF may lack something: say so.
    if (printed.blocked.length > 0) return err([studyDiagnostic('study.unreadable', file, `the report asked for ${String(printed.blocked.length)} outside resource(s), all refused: ${printed.blocked.join(', ')}`)]);
    pdf.push(out);
  }
  return ok({ pdf });
}
