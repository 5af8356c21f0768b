// `portas rds`: RDS estimates of a categorical outcome from a recruitment CSV, with bootstrap intervals and diagnostics.

import { writeFileSync } from 'node:fs';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { BOOTSTRAP_METHODS, bootstrapProportions, type BootstrapMethod, type BootstrapResult } from '../sampling/rds/bootstrap.ts';
import { rdsDiagnostics } from '../sampling/rds/diagnostics.ts';
import { RDS_ESTIMATORS, estimateProportions, type ProportionEstimate, type RdsEstimator } from '../sampling/rds/estimate.ts';
import { prepareRds } from '../sampling/rds/prepare.ts';
import { treeSvg } from '../sampling/rds/tree-svg.ts';
import { readArgs, type Command } from './command.ts';
import { RDS_TABLE_OPTIONS } from './rds-options.ts';
import { readRdsInput } from '../study/rds-input.ts';
import { terminalBar } from './progress.ts';

const USAGE = `usage: portas rds --data FILE.csv --id COL --recruiter COL --degree COL --outcome COL
         [--estimator rds1|rds1-smoothed|rds2|ss] [--population N[,N...]] [--coupons COL]
         [--bootstrap B [--bootstrap-method tree|salganik|ss] --seed S] [--svg FILE] [--json]`;

export const rdsCommand: Command = {
  name: 'rds',
  usage: 'rds --data F --id C --recruiter C --degree C --outcome C',
  summary: 'respondent-driven sampling estimates, intervals and diagnostics',
  run: (args) => Promise.resolve(runRds(args)),
};

function runRds(args: readonly string[]): number {
  const v = readArgs(args, { ...RDS_TABLE_OPTIONS, outcome: { type: 'string' }, coupons: { type: 'string' }, bootstrap: { type: 'string' }, 'bootstrap-method': { type: 'string' }, svg: { type: 'string' } }).values;
  const { data, id, recruiter, degree, outcome } = v;
  if (data === undefined || id === undefined || recruiter === undefined || degree === undefined || outcome === undefined) {
    console.error(`portas rds: --data, --id, --recruiter, --degree and --outcome are required\n${USAGE}`);
    return 2;
  }
  if (!(RDS_ESTIMATORS as readonly string[]).includes(v.estimator)) {
    console.error(`portas rds: --estimator must be one of ${RDS_ESTIMATORS.join(', ')}`);
    return 2;
  }
  const estimator = v.estimator as RdsEstimator;
  const sizes = v.population === undefined ? [] : v.population.split(',').map(Number);
  if (sizes.some((n) => !(Number.isFinite(n) && n > 0))) {
    console.error(`portas rds: --population must be a number or a comma-separated list of numbers, got '${v.population ?? ''}'`);
    return 2;
  }
  const method = (v['bootstrap-method'] ?? (estimator === 'ss' ? 'ss' : 'tree')) as BootstrapMethod;
  if (!BOOTSTRAP_METHODS.includes(method)) {
    console.error(`portas rds: --bootstrap-method must be one of ${BOOTSTRAP_METHODS.join(', ')}`);
    return 2;
  }
  const replicates = v.bootstrap === undefined ? 0 : Number(v.bootstrap);
  const seed = Number(v.seed);
  if (!Number.isInteger(replicates) || replicates < 0 || replicates === 1 || !Number.isInteger(seed)) {
    console.error('portas rds: --bootstrap must be an integer ≥ 2 and --seed an integer');
    return 2;
  }
  const input = readRdsInput(data, { id, recruiter, degree, coupons: v.coupons });
  if (Array.isArray(input)) {
    for (const m of input) console.error(m);
    return 1;
  }
  const values = input.column(outcome);
  if (values === undefined) {
    console.error(`${data}: no column '${outcome}' (columns: ${input.table.header.join(', ')})`);
    return 1;
  }
  const prep = prepareRds(input.rows, values);
  if (!prep.ok) {
    for (const d of prep.error) console.error(`${data}: ${formatDiagnostic(d)}`);
    return 1;
  }
  const { tree, sample, imputation } = prep.value;
  const populationSize = sizes[0];
  const withN = (n: number | undefined): { estimator: RdsEstimator; populationSize?: number } => (n === undefined ? { estimator } : { estimator, populationSize: n });
  const est = estimateProportions(sample, withN(populationSize));
  if (!est.ok) {
    console.error(`${data}: ${formatDiagnostic(est.error)}`);
    return 1;
  }
  let boot: BootstrapResult | undefined;
  if (replicates > 0) {
    const onProgress = terminalBar(`bootstrap (${method})`);
    const b = bootstrapProportions(sample, { ...withN(populationSize), method, replicates, rng: xoshiro128ss(seed), ...(onProgress === undefined ? {} : { onProgress }) });
    if (!b.ok) {
      console.error(`${data}: ${formatDiagnostic(b.error)}`);
      return 1;
    }
    boot = b.value;
  }
  const bySize = sizes.slice(1).map((n) => ({ populationSize: n, estimate: estimateProportions(sample, withN(n)) }));
  const failedSize = bySize.find((s) => !s.estimate.ok);
  if (failedSize !== undefined && !failedSize.estimate.ok) {
    console.error(`${data}: ${formatDiagnostic(failedSize.estimate.error)}`);
    return 1;
  }
  const diag = rdsDiagnostics(tree, sample, withN(populationSize));
  if (v.svg !== undefined) writeFileSync(v.svg, treeSvg(tree, values, { title: `Recruitment tree coloured by ${outcome}`, variable: outcome }));
  const rowsOf = (e: ProportionEstimate, b?: BootstrapResult) =>
    e.categories.map((category, k) => ({
      category,
      proportion: e.proportions[k] ?? 0,
      count: e.counts[k] ?? 0,
      ...(b === undefined ? {} : { standardError: b.standardErrors[k] ?? null, lower: b.lower[k] ?? null, upper: b.upper[k] ?? null }),
    }));
  const report = {
    estimator,
    outcome,
    respondents: tree.ids.length,
    n: est.value.n,
    ...(populationSize === undefined ? {} : { populationSize }),
    degreeImputation: imputation,
    tree: tree.summary,
    estimates: rowsOf(est.value, boot),
    ...(boot === undefined ? {} : { bootstrap: { method: boot.method, replicates: boot.replicates, failed: boot.failed, level: boot.level, seed } }),
    ...(bySize.length === 0 ? {} : { bySize: [{ populationSize, estimates: rowsOf(est.value) }, ...bySize.map((s) => ({ populationSize: s.populationSize, estimates: s.estimate.ok ? rowsOf(s.estimate.value) : [] }))] }),
    diagnostics: diag.ok ? diag.value : null,
  };
  if (v.json) {
    console.log(JSON.stringify(report, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2));
    return 0;
  }
  printText(report.estimates, est.value, imputation.note, boot, tree.summary.seeds, tree.summary.maxWave);
  return 0;
}

function printText(rows: readonly { category: string; proportion: number; count: number; lower?: number | null; upper?: number | null }[], e: ProportionEstimate, note: string, boot: BootstrapResult | undefined, seeds: number, waves: number): void {
  console.log(`${e.estimator} estimate, n = ${e.n} with an answer (${seeds} seeds, ${waves} waves)`);
  console.log(`network sizes: ${note}`);
  if (boot !== undefined) console.log(`intervals: ${Math.round(boot.level * 100)}% percentile, ${boot.method} bootstrap, ${boot.replicates} replicates${boot.failed > 0 ? ` (${boot.failed} failed)` : ''}`);
  const w = Math.max(8, ...rows.map((r) => r.category.length));
  for (const r of rows) {
    const ci = r.lower === undefined || r.lower === null || r.upper === undefined || r.upper === null ? '' : `  [${(r.lower * 100).toFixed(1)}, ${(r.upper * 100).toFixed(1)}]`;
    console.log(`  ${r.category.padEnd(w)} ${(r.proportion * 100).toFixed(1).padStart(5)}%  (n = ${r.count})${ci}`);
  }
}
