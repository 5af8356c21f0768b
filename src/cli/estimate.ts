// `portas estimate`: design-based estimates from a numeric CSV and a JSON spec, as JSON or a text table.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { parseEstimateSpec } from '../analysis/estimate-spec.ts';
import { numericCsvFromDataset } from '../analysis/numeric-from-dataset.ts';
import { parseNumericCsv } from '../analysis/numeric-csv.ts';
import { loadDataset } from '../study/load-dataset.ts';
import { terminalBar } from './progress.ts';
import { type EstimateReport, runEstimates } from '../analysis/run-estimates.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import type { Command } from './command.ts';
import type { WorkerInput, WorkerOutput } from './estimate-worker.ts';

const USAGE = `usage: portas estimate --data FILE.csv|DATA_DIR --spec SPEC.json [--json]

  --data FILE.csv   header row, numeric cells, empty cell = missing
  --data DATA_DIR   a data package (what portas open writes): codes and numbers, every missing kind empty
  --spec SPEC.json  design, calibration, variance method and estimates (see docs/analysis.md)
  --json            print the machine-readable result (stable format, docs/analysis.md)
  --threads N       worker threads for bootstrap replicates (default: the number of cores; 1 = none)`;

/** Runs blocks of bootstrap replicates in worker threads; the numbers do not depend on the split. */
async function thetasInWorkers(csv: string, file: string, spec: unknown, replicates: number, estimates: number, threads: number, onProgress?: (done: number, total: number) => void): Promise<Float64Array> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const size = Math.ceil(replicates / threads);
  const thetas = new Float64Array(replicates * estimates);
  let done = 0;
  const blocks = Array.from({ length: threads }, (_, t) => [t * size, Math.min(replicates, (t + 1) * size)] as const).filter(([from, to]) => to > from);
  await Promise.all(blocks.map(([from, to]) => new Promise<void>((resolve, reject) => {
    const input: WorkerInput = { csv, file, spec, from, to };
    // Node 20 does not apply `--import tsx` hooks to a worker's entry module, so the entry registers tsx itself.
    const entry = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./estimate-worker.ts', import.meta.url).href)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: input });
    worker.once('message', (out: WorkerOutput) => {
      if (!out.ok) {
        reject(new Error(out.message));
        return;
      }
      thetas.set(out.thetas, from * estimates);
      done += to - from;
      onProgress?.(done, replicates);
      resolve();
    });
    worker.once('error', reject);
  })));
  return thetas;
}


const fmt = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(4)) : String(x));

function textReport(r: EstimateReport): string {
  const lines = [
    `${r.rows} rows; ${r.design.strata} strata, ${r.design.psus} PSUs, design df ${r.design.df}; weights sum ${fmt(r.weights.sum)}, Kish effective n ${fmt(r.weights.effectiveN)}, design effect ${fmt(r.weights.designEffect)}`,
    `variance: ${r.variance.description}${r.variance.seed === undefined ? '' : `, seed ${r.variance.seed}`}; ${Math.round(r.level * 100)}% intervals`,
  ];
  if (r.calibration !== undefined) lines.push(`calibration: ${r.calibration.method}, ${r.calibration.iterations} iterations, ${r.calibration.converged ? 'converged' : 'NOT converged'}, largest margin error ${fmt(r.calibration.maxMarginError)}`);
  const rows = r.estimates.map((e) => [e.name, fmt(e.estimate), fmt(e.se), `[${fmt(e.ci.lower)}, ${fmt(e.ci.upper)}]`, String(e.n)]);
  const header = ['estimate', 'value', 'SE', 'CI', 'n'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j] ?? '').length)));
  for (const row of [header, ...rows]) lines.push(row.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  '));
  return lines.join('\n');
}

export const estimateCommand: Command = {
  name: 'estimate',
  usage: 'estimate --data F.csv --spec S.json [--json]',
  summary: 'Weighted estimates with standard errors and confidence intervals',
  async run(args) {
    let values: { data?: string | undefined; spec?: string | undefined; json?: boolean | undefined; threads?: string | undefined; help?: boolean | undefined };
    try {
      values = parseArgs({ args: [...args], options: { data: { type: 'string' }, spec: { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
    } catch (e) {
      console.error(`portas estimate: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
      return 2;
    }
    if (values.help === true) {
      console.log(USAGE);
      return 0;
    }
    if (values.spec === undefined) {
      console.error(`portas estimate: --spec is required\n${USAGE}`);
      return 2;
    }
    let specJson: unknown;
    try {
      specJson = JSON.parse(readFileSync(values.spec, 'utf8'));
    } catch (e) {
      console.error(`portas estimate: cannot read ${values.spec}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    const spec = parseEstimateSpec(specJson, values.spec);
    if (!spec.ok) {
      for (const d of spec.error) console.error(formatDiagnostic(d));
      return 1;
    }
    const dataPath = values.data ?? spec.value.data?.path;
    if (dataPath === undefined) {
      console.error(`portas estimate: give the data with --data (a numeric CSV, or a data package folder as portas open writes)\n${USAGE}`);
      return 2;
    }
    let text: string;
    const isFolder = existsSync(dataPath) && statSync(dataPath).isDirectory();
    if (isFolder || spec.value.data?.format === 'dataset') {
      const dataset = await loadDataset(dataPath);
      if (!dataset.ok) {
        for (const d of dataset.error) console.error(formatDiagnostic(d));
        return 1;
      }
      text = numericCsvFromDataset(dataset.value);
    } else {
      try {
        text = readFileSync(dataPath, 'utf8');
      } catch (e) {
        console.error(`portas estimate: cannot read ${dataPath}: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
    }
    const table = parseNumericCsv(text, dataPath);
    if (!table.ok) {
      console.error(formatDiagnostic(table.error));
      return 1;
    }
    const onProgress = terminalBar('bootstrap');
    const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1) {
      console.error('portas estimate: --threads must be a positive integer');
      return 2;
    }
    const variance = spec.value.variance;
    let thetas: Float64Array | undefined;
    if (variance?.method === 'bootstrap' && threads > 1 && variance.replicates >= 2 * threads) {
      try {
        thetas = await thetasInWorkers(text, dataPath, specJson, variance.replicates, spec.value.estimates.length, threads, onProgress);
      } catch (e) {
        console.error(`portas estimate: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }
    }
    const report = runEstimates(table.value, spec.value, { ...(onProgress === undefined ? {} : { onProgress }), ...(thetas === undefined ? {} : { thetas }) });
    if (!report.ok) {
      console.error(formatDiagnostic(report.error));
      return 1;
    }
    console.log(values.json === true ? JSON.stringify({ format: 'portas.estimate/1', ...report.value }, null, 2) : textReport(report.value));
    return 0;
  },
};
