// The stages of `npm run bench -- scale` for the researcher's pipeline (#20): report compute, the flagship's report,
// tree bootstrap, open, and opened data to the HTML report. Other stages live in files named bench/scale-stages-*.ts
// (each exporting `STAGES`), which the bench finds by name: adding one needs no edit here or in scale.bench.ts.
// Every stage imports what it runs when it runs, so the same file also runs inside the code before #20 (94e99cb),
// where some modules lived elsewhere (`firstOf` tries each place).

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FLAGSHIP_DIR, flagshipInstrument, syntheticDataset } from './synthetic-study.ts';

/** One measured stage: `prepare` (untimed) returns the work that is timed, in a child process of its own. */
export interface ScaleStage {
  readonly name: string;
  /** Which sizes it runs at: every size, only the flagship's 222, or only the largest opened pull. */
  readonly sizes: 'each' | 'flagship' | 'largest-open';
  /** Needs a sealed pull folder of that size (bench/scale-pull.ts). */
  readonly pull?: boolean;
  /** How many threads do the work at once (a quiet machine's wall time is about CPU time / min(threads, cores)). */
  readonly threads: number;
  /** Why the code before #20 is not run for it, if it is not. */
  readonly noBefore?: string;
  readonly prepare: (n: number, pull: string | undefined) => Promise<() => unknown>;
}

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const replicates = (): number => Number(process.env['PORTAS_BENCH_SCALE_REPLICATES'] ?? '1000');

/** The first of `paths` (relative to the repository) that exists here, imported; the code before #20 kept some modules elsewhere. */
async function firstOf<T>(...paths: string[]): Promise<T> {
  const path = paths.find((p) => existsSync(join(ROOT, p)));
  if (path === undefined) throw new Error(`none of ${paths.join(', ')} exists`);
  return (await import(join(ROOT, path))) as T;
}

type ReportModule = typeof import('../src/study/report.ts');
type OpenModule = typeof import('../src/study/open-pulled.ts');
type LoadModule = typeof import('../src/study/load-dataset.ts');

/** writeReport returned a Result; before #20 it returned the files or a list of messages. */
function reportFailed(files: unknown): string | undefined {
  if (Array.isArray(files)) return files.join('\n');
  if (typeof files === 'object' && files !== null && 'ok' in files && files.ok === false) return JSON.stringify('error' in files ? files.error : files);
  return undefined;
}

/** The flagship study's report written from `dataset` into `out` (the modules loaded now, outside the timed work). */
async function flagshipReportWriter(out: string): Promise<(dataset: import('../src/analysis/dataset.ts').Dataset) => Promise<void>> {
  const { writeReport } = await firstOf<ReportModule>('src/study/report.ts', 'src/cli/report.ts');
  return async (dataset) => {
    const failed = reportFailed(await writeReport({ studyDir: FLAGSHIP_DIR, dataset, out, seed: 20240401, replicates: replicates() }));
    if (failed !== undefined) throw new Error(failed);
  };
}

/** The pull folder a stage with `pull: true` is given. */
function pullOf(folder: string | undefined): string {
  if (folder === undefined) throw new Error('this stage needs the pull folder');
  return folder;
}

export const STAGES: readonly ScaleStage[] = [
  {
    // The main job's report stage on the replica: compute, HTML in both languages, report.json (no PDF).
    name: 'flagship-report',
    sizes: 'flagship',
    threads: 1,
    prepare: async () => {
      const { datasetFromResponses } = await import('../src/analysis/from-responses.ts');
      const { generateReplica } = await import('../studies/russians-in-serbia/replica/generate-replica.ts');
      const instrument = flagshipInstrument();
      const { responses, meta } = generateReplica(instrument, 20240401);
      const dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });
      const write = await flagshipReportWriter(mkdtempSync(join(tmpdir(), 'portas-bench-scale-report-')));
      return () => write(dataset);
    },
  },
  {
    // The flagship's report.yaml computed over n synthetic respondents (1,000 tree-bootstrap replicates): the model only.
    name: 'report',
    sizes: 'each',
    threads: 1,
    prepare: async (n) => {
      const { computeReport } = await import('../src/report/compute.ts');
      const { loadReportSpec } = await import('../src/report/spec.ts');
      const { parseBenchmarks } = await import('../src/sampling/popsize/multiplier.ts');
      const { DEFAULT_POLICY } = await import('../src/disclosure/index.ts');
      const { xoshiro128ss } = await import('../src/core/rng.ts');
      const dataset = syntheticDataset(n);
      const spec = loadReportSpec(readFileSync(join(FLAGSHIP_DIR, 'report.yaml'), 'utf8'), 'report.yaml', flagshipInstrument());
      const benchmarks = parseBenchmarks(JSON.parse(readFileSync(join(FLAGSHIP_DIR, 'population-benchmarks.json'), 'utf8')));
      if (!spec.ok || !benchmarks.ok) throw new Error('the flagship report spec does not load');
      return () => {
        const model = computeReport(spec.value, dataset, { rng: xoshiro128ss(1), policy: DEFAULT_POLICY, replicates: replicates(), benchmarks: benchmarks.value });
        if (!model.ok) throw new Error('the report does not compute');
      };
    },
  },
  {
    name: 'bootstrap',
    sizes: 'each',
    threads: 1,
    prepare: async (n) => {
      const dataset = syntheticDataset(n);
      const [{ bootstrapProportions }, { prepareRds }, { xoshiro128ss }] = await Promise.all([import('../src/sampling/rds/bootstrap.ts'), import('../src/sampling/rds/prepare.ts'), import('../src/core/rng.ts')]);
      const column = (name: string): readonly string[] | Float64Array => dataset.variables.find((v) => v.name === name)?.values ?? [];
      const text = (name: string): readonly string[] => {
        const values = column(name);
        return values instanceof Float64Array ? [] : values;
      };
      const numeric = (name: string): Float64Array => {
        const values = column(name);
        return values instanceof Float64Array ? values : new Float64Array(0);
      };
      const ids = text('response_id');
      const recruiters = text('recruiter');
      const degree = numeric('net_size');
      const sex = numeric('sex');
      const rows = ids.map((id, i) => ({ id, recruiter: recruiters[i] === '' ? null : (recruiters[i] ?? null), degree: Number.isNaN(degree[i] ?? NaN) ? null : (degree[i] ?? null) }));
      const prepared = prepareRds(rows, ids.map((_, i) => (Number.isNaN(sex[i] ?? NaN) ? null : String(sex[i]))));
      if (!prepared.ok) throw new Error('the synthetic tree does not build');
      return () => bootstrapProportions(prepared.value.sample, { method: 'tree', estimator: 'rds2', replicates: replicates(), rng: xoshiro128ss(2) });
    },
  },
  {
    // `portas open`'s work: the key unlocked (scrypt, N = 2^18), every sealed file read and opened on two worker
    // threads, data.csv and the codebook written.
    name: 'open',
    threads: 2,
    sizes: 'each',
    pull: true,
    noBefore: "it cannot read today's flagship instrument (keys added since); the issue measured about 89 s for 100,000",
    prepare: async (_n, folder) => {
      const pull = pullOf(folder);
      const { openPulled } = await firstOf<OpenModule>('src/study/open-pulled.ts', 'src/cli/open.ts');
      return async () => {
        const opened = await openPulled({ pulled: pull, studyDir: join(pull, 'study'), keyFile: join(pull, 'key.age'), passphrase: readFileSync(join(pull, 'passphrase.txt'), 'utf8').trim(), out: join(pull, 'dataset') });
        if (typeof opened === 'string') throw new Error(opened);
      };
    },
  },
  {
    // From the data package `open` wrote to the HTML report in both languages and report.json, as `portas report` does.
    name: 'opened-report',
    sizes: 'largest-open',
    pull: true,
    threads: 1,
    noBefore: 'its report compute took 311 s at 22,200 rows with 100 replicates',
    prepare: async (_n, folder) => {
      const pull = pullOf(folder);
      if (!existsSync(join(pull, 'dataset', 'data.csv'))) throw new Error(`${pull}/dataset: run the open stage first`);
      const { loadDataset } = await firstOf<LoadModule>('src/study/load-dataset.ts', 'src/cli/load-dataset.ts');
      const write = await flagshipReportWriter(mkdtempSync(join(tmpdir(), 'portas-bench-scale-opened-report-')));
      return async () => {
        const dataset = await loadDataset(join(pull, 'dataset'));
        if (!dataset.ok) throw new Error('the opened dataset does not load');
        await write(dataset.value);
      };
    },
  },
];
