// `portas multiplier`: population size N = M / p from official counts (benchmarks JSON) and an RDS sample.

import { formatDiagnostic } from '../core/diagnostic.ts';
import { xoshiro128ss } from '../core/rng.ts';
import { multiplierEstimate, type MultiplierEstimate } from '../sampling/popsize/multiplier.ts';
import { BOOTSTRAP_METHODS, type BootstrapMethod } from '../sampling/rds/bootstrap.ts';
import { RDS_ESTIMATORS, type RdsEstimator } from '../sampling/rds/estimate.ts';
import { prepareRds } from '../sampling/rds/prepare.ts';
import { readArgs, type Command } from './command.ts';
import { RDS_TABLE_OPTIONS } from './rds-options.ts';
import { readRdsInput } from '../study/rds-input.ts';
import { readBenchmarksFile } from '../study/benchmarks-file.ts';
import { terminalBar } from './progress.ts';

const USAGE = `usage: portas multiplier --data FILE.csv --id COL --recruiter COL --degree COL --benchmarks FILE.json
         [--estimator rds2|rds1|rds1-smoothed|ss] [--population N] [--bootstrap B (default 1000)]
         [--bootstrap-method tree|salganik|ss] [--seed S] [--level 0.95] [--json]`;

export const multiplierCommand: Command = {
  name: 'multiplier',
  usage: 'multiplier --data F --id C --recruiter C --degree C --benchmarks F.json',
  summary: 'population size from official counts by the multiplier method',
  run(args) {
    return Promise.resolve(runMultiplier(args));
  },
};

function runMultiplier(args: readonly string[]): number {
  const v = readArgs(args, { ...RDS_TABLE_OPTIONS, benchmarks: { type: 'string' }, bootstrap: { type: 'string', default: '1000' }, 'bootstrap-method': { type: 'string', default: 'tree' }, level: { type: 'string', default: '0.95' } }).values;
  const { data, id, recruiter, degree, benchmarks } = v;
  if (data === undefined || id === undefined || recruiter === undefined || degree === undefined || benchmarks === undefined) {
    console.error(`portas multiplier: --data, --id, --recruiter, --degree and --benchmarks are required\n${USAGE}`);
    return 2;
  }
  const replicates = Number(v.bootstrap);
  const seed = Number(v.seed);
  const level = Number(v.level);
  const populationSize = v.population === undefined ? undefined : Number(v.population);
  if (!(RDS_ESTIMATORS as readonly string[]).includes(v.estimator) || !(BOOTSTRAP_METHODS as readonly string[]).includes(v['bootstrap-method'])) {
    console.error(`portas multiplier: --estimator is one of ${RDS_ESTIMATORS.join(', ')}; --bootstrap-method one of ${BOOTSTRAP_METHODS.join(', ')}`);
    return 2;
  }
  if (!Number.isInteger(replicates) || replicates < 2 || !Number.isInteger(seed) || !(level > 0 && level < 1) || (populationSize !== undefined && !(populationSize > 0))) {
    console.error('portas multiplier: --bootstrap must be an integer ≥ 2, --seed an integer, --level in (0, 1), --population positive');
    return 2;
  }
  const list = readBenchmarksFile(benchmarks);
  if (!list.ok) {
    for (const d of list.error) console.error(formatDiagnostic(d));
    return 1;
  }
  const input = readRdsInput(data, { id, recruiter, degree });
  if (Array.isArray(input)) {
    for (const m of input) console.error(m);
    return 1;
  }
  const results: MultiplierEstimate[] = [];
  let note = '';
  for (const b of list.value) {
    const values = input.column(b.variable);
    if (values === undefined) {
      console.error(`${data}: benchmark '${b.name}' needs column '${b.variable}', which is not in the data`);
      return 1;
    }
    const prep = prepareRds(input.rows, values);
    if (!prep.ok) {
      for (const d of prep.error) console.error(`${data}: ${formatDiagnostic(d)}`);
      return 1;
    }
    note = prep.value.imputation.note;
    const onProgress = terminalBar(b.name);
    const r = multiplierEstimate(prep.value.sample, b, {
      estimator: v.estimator as RdsEstimator,
      level,
      ...(populationSize === undefined ? {} : { populationSize }),
      bootstrap: { method: v['bootstrap-method'] as BootstrapMethod, replicates, rng: xoshiro128ss(seed), ...(onProgress === undefined ? {} : { onProgress }) },
    });
    if (!r.ok) {
      console.error(`${data}: benchmark '${b.name}': ${formatDiagnostic(r.error)}`);
      return 1;
    }
    results.push(r.value);
  }
  if (v.json) {
    const out = { estimator: v.estimator, bootstrap: { method: v['bootstrap-method'], replicates, seed }, level, degreeImputation: note, benchmarks: results };
    console.log(JSON.stringify(out, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2));
    return 0;
  }
  const f = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '∞');
  console.log(`multiplier estimates of the population size (p by ${v.estimator}; ${Math.round(level * 100)}% intervals; ${v['bootstrap-method']} bootstrap, ${replicates} replicates, seed ${seed})`);
  console.log(`network sizes: ${note}\n`);
  for (const r of results) {
    console.log(`${r.benchmark.name}: M = ${f(r.benchmark.count)}, p = ${(r.share * 100).toFixed(1)}% (${r.holders} of ${r.n}; se ${(r.shareStandardError * 100).toFixed(1)}%, design effect ${r.designEffect.toFixed(2)})`);
    console.log(`  N = ${f(r.size)}   delta [${f(r.deltaInterval[0])}, ${f(r.deltaInterval[1])}]   bootstrap [${f(r.bootstrapInterval[0])}, ${f(r.bootstrapInterval[1])}]`);
    console.log(`  source: ${r.benchmark.source}`);
    console.log(`  assumes: ${r.benchmark.assumptions}\n`);
  }
  return 0;
}
