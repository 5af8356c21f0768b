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
import { reportJson } from '../report/report-json.ts';
import { loadReportSpec } from '../report/spec.ts';
import { parseBenchmarks } from '../sampling/popsize/multiplier.ts';
import type { Command } from './command.ts';
import { loadDataset } from './load-dataset.ts';
import { loadInstrumentFile } from './preview.ts';
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
}

/** Computes the report and writes report.json; problems are returned as printable lines naming the file. */
export function writeReportData(request: ReportRequest): ReportFiles | string[] {
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
  let benchmarks;
  if (existsSync(benchmarksFile)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(benchmarksFile, 'utf8'));
    } catch (e) {
      return [`${benchmarksFile}: not valid JSON (${e instanceof Error ? e.message : String(e)})`];
    }
    const parsed = parseBenchmarks(raw, benchmarksFile);
    if (!parsed.ok) return parsed.error.map((d) => formatDiagnostic(d));
    benchmarks = parsed.value;
  }
  const model = computeReport(spec.value, request.dataset, { rng: xoshiro128ss(request.seed), policy: disclosure.policy, replicates: request.replicates, ...(benchmarks === undefined ? {} : { benchmarks }) });
  if (!model.ok) return model.error.map((d) => formatDiagnostic(d));
  mkdirSync(request.out, { recursive: true });
  const json = join(request.out, 'report.json');
  writeFileSync(json, `${JSON.stringify(reportJson(model.value), null, 1)}\n`);
  return { model: model.value, json };
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
    const written = writeReportData({ studyDir: values.study, dataset: dataset.value, out: values.out, seed, replicates });
    if (Array.isArray(written)) {
      for (const p of written) console.error(p);
      return 1;
    }
    console.log(written.json);
    return 0;
  },
};
