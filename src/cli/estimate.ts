// `portas estimate`: design-based estimates from a numeric CSV and a JSON spec, as JSON or a text table.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseEstimateSpec } from '../analysis/estimateSpec.ts';
import { parseNumericCsv } from '../analysis/numericCsv.ts';
import { type EstimateReport, runEstimates } from '../analysis/runEstimates.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import type { Command } from './command.ts';

const USAGE = `usage: portas estimate --data FILE.csv --spec SPEC.json [--json]

  --data FILE.csv   header row, numeric cells, empty cell = missing
  --spec SPEC.json  design, calibration, variance method and estimates (see docs/analysis.md)
  --json            print the machine-readable result (stable format, docs/analysis.md)`;

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\rbootstrap [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
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
  run(args) {
    let values: { data?: string | undefined; spec?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
    try {
      values = parseArgs({ args: [...args], options: { data: { type: 'string' }, spec: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
    } catch (e) {
      console.error(`portas estimate: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
      return Promise.resolve(2);
    }
    if (values.help === true) {
      console.log(USAGE);
      return Promise.resolve(0);
    }
    if (values.spec === undefined) {
      console.error(`portas estimate: --spec is required\n${USAGE}`);
      return Promise.resolve(2);
    }
    let specJson: unknown;
    try {
      specJson = JSON.parse(readFileSync(values.spec, 'utf8'));
    } catch (e) {
      console.error(`portas estimate: cannot read ${values.spec}: ${e instanceof Error ? e.message : String(e)}`);
      return Promise.resolve(1);
    }
    const spec = parseEstimateSpec(specJson, values.spec);
    if (!spec.ok) {
      for (const d of spec.error) console.error(formatDiagnostic(d));
      return Promise.resolve(1);
    }
    const dataPath = values.data ?? spec.value.data?.path;
    if (dataPath === undefined || (values.data === undefined && spec.value.data?.format !== 'csv')) {
      console.error('portas estimate: give the data with --data FILE.csv (dataset files are not supported yet)');
      return Promise.resolve(2);
    }
    let text: string;
    try {
      text = readFileSync(dataPath, 'utf8');
    } catch (e) {
      console.error(`portas estimate: cannot read ${dataPath}: ${e instanceof Error ? e.message : String(e)}`);
      return Promise.resolve(1);
    }
    const table = parseNumericCsv(text, dataPath);
    if (!table.ok) {
      console.error(formatDiagnostic(table.error));
      return Promise.resolve(1);
    }
    const onProgress = progressBar();
    const report = runEstimates(table.value, spec.value, onProgress === undefined ? {} : { onProgress });
    if (!report.ok) {
      console.error(formatDiagnostic(report.error));
      return Promise.resolve(1);
    }
    console.log(values.json === true ? JSON.stringify({ format: 'portas.estimate/1', ...report.value }, null, 2) : textReport(report.value));
    return Promise.resolve(0);
  },
};
