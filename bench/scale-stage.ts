// One measured stage of `npm run bench -- scale`, run in a child process so that its peak memory is its own.
// Usage: node --import tsx bench/scale-stage.ts STAGE N [PULL_DIR]; prints one JSON line.
// The same file runs inside a snapshot of the code before #20 (see scale.bench.ts), so it only calls
// APIs both have: computeReport, writeReport, bootstrapProportions, measureRisk, localSuppression, openPulled, loadDataset.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { datasetFromResponses } from '../src/analysis/from-responses.ts';
import { loadDataset } from '../src/study/load-dataset.ts';
import { openPulled } from '../src/study/open-pulled.ts';
import { writeReport } from '../src/study/report.ts';
import { generateReplica } from '../studies/russians-in-serbia/replica/generate-replica.ts';
import { xoshiro128ss } from '../src/core/rng.ts';
import { DEFAULT_POLICY } from '../src/disclosure/index.ts';
import { localSuppression } from '../src/disclosure/local-suppression.ts';
import { measureRisk } from '../src/disclosure/measure-risk.ts';
import { computeReport } from '../src/report/compute.ts';
import { loadReportSpec } from '../src/report/spec.ts';
import { parseBenchmarks } from '../src/sampling/popsize/multiplier.ts';
import { bootstrapProportions } from '../src/sampling/rds/bootstrap.ts';
import { prepareRds } from '../src/sampling/rds/prepare.ts';
import { FLAGSHIP_DIR, flagshipInstrument, syntheticDataset } from './synthetic-study.ts';

export interface StageResult {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakMiB: number;
}

const [stage, size, pullDir] = process.argv.slice(2);
const n = Number(size);
const replicates = Number(process.env['PORTAS_BENCH_SCALE_REPLICATES'] ?? '1000');

const textColumn = (values: readonly string[] | Float64Array): readonly string[] => (values instanceof Float64Array ? [] : values);
const numericColumn = (values: readonly string[] | Float64Array): Float64Array => (values instanceof Float64Array ? values : new Float64Array(0));

function prepare(): () => unknown {
  switch (stage) {
    case 'report': {
      const dataset = syntheticDataset(n);
      const spec = loadReportSpec(readFileSync(join(FLAGSHIP_DIR, 'report.yaml'), 'utf8'), 'report.yaml', flagshipInstrument());
      const benchmarks = parseBenchmarks(JSON.parse(readFileSync(join(FLAGSHIP_DIR, 'population-benchmarks.json'), 'utf8')));
      if (!spec.ok || !benchmarks.ok) throw new Error('the flagship report spec does not load');
      return () => {
        const model = computeReport(spec.value, dataset, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates, benchmarks: benchmarks.value });
        if (!model.ok) throw new Error('the report does not compute');
      };
    }
    case 'flagship-report': {
      // The main job's report stage on the replica: compute, HTML in both languages, report.json (no PDF).
      const instrument = flagshipInstrument();
      const { responses, meta } = generateReplica(instrument, 20240401);
      const dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });
      const out = mkdtempSync(join(tmpdir(), 'portas-bench-scale-report-'));
      return async () => {
        const files = await writeReport({ studyDir: FLAGSHIP_DIR, dataset, out, seed: 20240401, replicates });
        if (!files.ok) throw new Error(files.error.map((d) => d.message).join('\n'));
      };
    }
    case 'bootstrap': {
      const dataset = syntheticDataset(n);
      const col = (name: string) => dataset.variables.find((v) => v.name === name);
      const ids = textColumn(col('response_id')?.values ?? []);
      const recruiters = textColumn(col('recruiter')?.values ?? []);
      const degree = numericColumn(col('net_size')?.values ?? []);
      const sex = numericColumn(col('sex')?.values ?? []);
      const rows = ids.map((id, i) => ({ id, recruiter: recruiters[i] === '' ? null : (recruiters[i] ?? null), degree: Number.isNaN(degree[i] ?? NaN) ? null : (degree[i] ?? null) }));
      const prepared = prepareRds(rows, ids.map((_, i) => (Number.isNaN(sex[i] ?? NaN) ? null : String(sex[i]))));
      if (!prepared.ok) throw new Error('the synthetic tree does not build');
      return () => bootstrapProportions(prepared.value.sample, { method: 'tree', estimator: 'rds2', replicates, rng: xoshiro128ss(2) });
    }
    case 'risk': {
      const dataset = syntheticDataset(n);
      return () => measureRisk(dataset, { k: 5 });
    }
    case 'suppression': {
      const dataset = syntheticDataset(n);
      return () => localSuppression(dataset, { k: 5 });
    }
    case 'open': {
      if (pullDir === undefined) throw new Error('open needs the pull folder');
      return async () => {
        const opened = await openPulled({ pulled: pullDir, studyDir: join(pullDir, 'study'), keyFile: join(pullDir, 'key.age'), passphrase: readFileSync(join(pullDir, 'passphrase.txt'), 'utf8').trim(), out: join(pullDir, 'dataset') });
        if (typeof opened === 'string') throw new Error(opened);
      };
    }
    case 'opened-report': {
      // From the data package `open` wrote (opened first, untimed, when missing) to the HTML report and report.json.
      if (pullDir === undefined) throw new Error('opened-report needs the pull folder');
      const out = mkdtempSync(join(tmpdir(), 'portas-bench-scale-opened-report-'));
      return async () => {
        if (!existsSync(join(pullDir, 'dataset', 'data.csv'))) throw new Error(`${pullDir}/dataset: run the open stage first`);
        const dataset = await loadDataset(join(pullDir, 'dataset'));
        if (!dataset.ok) throw new Error('the opened dataset does not load');
        const files = await writeReport({ studyDir: FLAGSHIP_DIR, dataset: dataset.value, out, seed: 20240401, replicates });
        if (Array.isArray(files)) throw new Error(files.join('\n'));
      };
    }
    default:
      throw new Error(`unknown stage ${String(stage)}`);
  }
}

const run = prepare();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run();
const cpu = process.cpuUsage(cpu0);
const result: StageResult = { cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(result)}\n`);
