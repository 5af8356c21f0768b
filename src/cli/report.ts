// `portas report DATA_DIR --study STUDY_DIR --out DIR`: the study's report (report.yaml) from an opened dataset,
// through disclosure control: report.json, and the HTML and PDF report.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Dataset } from '../analysis/dataset.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { computeReport } from '../report/compute.ts';
import type { ReportModel } from '../report/model.ts';
import { renderCharts } from '../report/charts/render-charts.ts';
import { renderReportHtml } from '../report/render-html.ts';
import { reportDisclosureLog } from '../report/report-disclosure-log.ts';
import { reportJson } from '../report/report-json.ts';
import { loadReportSpec } from '../report/spec.ts';
import type { Command } from './command.ts';
import { loadDataset } from './load-dataset.ts';
import { readBenchmarksFile } from './multiplier.ts';
import { loadInstrumentFile } from './preview.ts';
import { CHROMIUM, printPdf } from './report-pdf.ts';
import { readStudyDisclosure } from './study-disclosure.ts';

export const REPORT_SPEC = 'report.yaml';
export const BENCHMARKS = 'population-benchmarks.json';
/** Tree-bootstrap replicates behind every weighted interval: enough for stable 95 % percentile bounds. */
export const DEFAULT_REPLICATES = 1000;

export interface ReportRequest {
  readonly studyDir: string;
  readonly dataset: Dataset;
  readonly out: string;
  /** Seeds the bootstraps: the same data and seed give the same report. */
  readonly seed: number;
  readonly replicates: number;
}

export interface ReportFiles {
  readonly model: ReportModel;
  readonly json: string;
  /** One self-contained HTML file per language of the report, the default language first. */
  readonly html: readonly string[];
}

export interface PrintedReport {
  readonly pdf: readonly string[];
  /** Why no PDF was printed (no Chromium on this machine), if so. */
  readonly skipped?: string;
}

/** Computes the report, writes report.json and the HTML in each language; problems are returned as printable lines naming the file. */
export async function writeReport(request: ReportRequest): Promise<ReportFiles | string[]> {
  const instrumentFile = join(request.studyDir, 'instrument.yaml');
  const instrument = loadInstrumentFile(instrumentFile);
  if (instrument === undefined) return [`${instrumentFile}: the instrument has errors`];
  const specFile = join(request.studyDir, REPORT_SPEC);
  let specText: string;
  try {
    specText = readFileSync(specFile, 'utf8');
  } catch {
    return [`${specFile}: cannot read the report spec (docs/report-spec.md says how to write one)`];
  }
  const spec = loadReportSpec(specText, specFile, instrument);
  if (!spec.ok) return spec.error.map((d) => formatDiagnostic(d));
  const disclosure = readStudyDisclosure(request.studyDir, instrument);
  if (Array.isArray(disclosure)) return disclosure;
  const benchmarksFile = join(request.studyDir, BENCHMARKS);
  const benchmarks = existsSync(benchmarksFile) ? readBenchmarksFile(benchmarksFile) : undefined;
  if (benchmarks !== undefined && !benchmarks.ok) return benchmarks.error;
  const model = computeReport(spec.value, request.dataset, { rng: xoshiro128ss(request.seed), policy: disclosure.policy, replicates: request.replicates, ...(benchmarks === undefined ? {} : { benchmarks: benchmarks.value }) });
  if (!model.ok) return model.error.map((d) => formatDiagnostic(d));
  mkdirSync(request.out, { recursive: true });
  const json = join(request.out, 'report.json');
  writeFileSync(json, `${JSON.stringify(reportJson(model.value), null, 1)}\n`);
  writeFileSync(join(request.out, 'disclosure-log.md'), reportDisclosureLog(model.value));
  const html: string[] = [];
  for (const lang of model.value.languages) {
    const file = join(request.out, `report.${lang}.html`);
    writeFileSync(file, renderReportHtml(model.value, lang, await renderCharts(model.value, lang)));
    html.push(file);
  }
  return { model: model.value, json, html };
}

/** Prints each HTML report to a PDF beside it with Debian's Chromium, if this machine has it. */
export async function printReports(html: readonly string[]): Promise<PrintedReport | string[]> {
  if (!existsSync(CHROMIUM)) return { pdf: [], skipped: `no PDF: ${CHROMIUM} is not installed (Debian: apt-get install chromium); the HTML reports print from any browser` };
  const pdf: string[] = [];
  for (const file of html) {
    const out = file.replace(/\.html$/, '.pdf');
    const printed = await printPdf(file, out);
    // A self-contained report asks for nothing; if it did, the PDF may lack something: say so.
    if (printed.blocked.length > 0) return [`${file}: the report asked for ${String(printed.blocked.length)} outside resource(s), all refused: ${printed.blocked.join(', ')}`];
    pdf.push(out);
  }
  return { pdf };
}

const USAGE = 'report DATA_DIR --study STUDY_DIR --out DIR [--seed N] [--replicates N]';

export const reportCommand: Command = {
  name: 'report',
  usage: USAGE,
  summary: "the study's report (report.yaml) from an opened dataset, through disclosure control: report.json, HTML and PDF",
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], allowPositionals: true, options: { study: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, replicates: { type: 'string', default: String(DEFAULT_REPLICATES) } } });
    } catch (e) {
      console.error(`portas report: ${e instanceof Error ? e.message : String(e)}\nusage: portas ${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    const [dir] = positionals;
    const seed = Number(values.seed);
    const replicates = Number(values.replicates);
    if (dir === undefined || values.study === undefined || values.out === undefined || !Number.isInteger(seed) || !Number.isInteger(replicates) || replicates < 50) {
      console.error(`usage: portas ${USAGE}   (--replicates: at least 50)`);
      return 2;
    }
    const dataset = await loadDataset(dir);
    if (!dataset.ok) {
      for (const d of dataset.error) console.error(formatDiagnostic(d));
      return 1;
    }
    const written = await writeReport({ studyDir: values.study, dataset: dataset.value, out: values.out, seed, replicates });
    if (Array.isArray(written)) {
      for (const p of written) console.error(p);
      return 1;
    }
    const printed = await printReports(written.html);
    if (Array.isArray(printed)) {
      for (const p of printed) console.error(`portas report: ${p}`);
      return 1;
    }
    if (printed.skipped !== undefined) console.error(`portas report: ${printed.skipped}`);
    if (written.model.synthetic) console.error('note: SYNTHETIC data (a generated replica, not real responses); every page says so.');
    console.log([written.json, ...written.html, ...printed.pdf].join('\n'));
    return 0;
  },
};
