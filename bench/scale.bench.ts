// `npm run bench -- scale` (#20): the researcher's side at 1k and 10k synthetic respondents (the flagship's
// instrument, with recruitment trees: bench/synthetic-study.ts); `--full` adds 100k and the end-to-end stage
// (the 100,000 opened responses' data package to the HTML report). Each stage (bench/scale-stages.ts and any
// bench/scale-stages-*.ts) runs in a child process per size: CPU seconds, wall seconds, the load average, the peak
// resident memory of the child's whole process tree, the growth exponent between sizes (from CPU time), and the same
// stage run by the code before #20 (commit 94e99cb, from git into a temp folder) side by side.
// Knobs: PORTAS_BENCH_SCALE_SIZES (default 1000,10000; with --full also 100000), PORTAS_BENCH_SCALE_STAGES (names,
// default all; the disclosure stages run only when it names risk or suppression, or is unset), PORTAS_BENCH_SCALE_BEFORE_BUDGET (CPU seconds an old-code run may be projected to take; default 120),
// PORTAS_BENCH_SCALE_OPEN_MAX (largest pull opened; default the largest size), PORTAS_BENCH_SCALE_BEFORE=0 (only
// today's code), PORTAS_BENCH_SCALE_REPLICATES (default 1000).

import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fmt } from './measure.ts';
import { runSampled } from './scale-memory.ts';
import { pullFolder } from './scale-pull.ts';
import { codeSnapshot } from './code-snapshot.ts';
import { run as disclosureStages } from './scale-disclosure.ts';
import { allStages, type StageResult } from './scale-stage.ts';
import type { ScaleStage } from './scale-stages.ts';

const BEFORE_COMMIT = '94e99cb';
const DISCLOSURE_STAGE_NAMES = ['risk', 'suppression'];
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const FULL = process.argv.includes('--full');
const SIZES = (process.env['PORTAS_BENCH_SCALE_SIZES'] ?? (FULL ? '1000,10000,100000' : '1000,10000')).split(',').map(Number);
const BEFORE_BUDGET = Number(process.env['PORTAS_BENCH_SCALE_BEFORE_BUDGET'] ?? '120');
const OPEN_MAX = Number(process.env['PORTAS_BENCH_SCALE_OPEN_MAX'] ?? String(Math.max(...SIZES)));
/** The machine the targets are set for. */
const CORES = 2;

/** The code before #20 with this bench's stage files, or why it cannot be had. */
function beforeSnapshot(): string | { why: string } {
  const stageFiles = readdirSync(join(ROOT, 'bench')).filter((f) => /^scale-stages?(-[a-z0-9-]+)?\.ts$/.test(f) || f === 'synthetic-study.ts');
  return codeSnapshot(ROOT, BEFORE_COMMIT, 'portas-bench-scale', stageFiles);
}

interface Measured extends StageResult {
  /** The higher of the tree's sampled peak and the child's own high-water mark. */
  readonly treePeakMiB: number;
  readonly load: number;
}

async function measure(cwd: string, stage: string, n: number, pull?: string): Promise<Measured | string> {
  const run = await runSampled(process.execPath, ['--import', 'tsx', 'bench/scale-stage.ts', stage, String(n), ...(pull === undefined ? [] : [pull])], cwd);
  if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
  const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as StageResult;
  return { ...r, treePeakMiB: Math.max(run.treePeakMiB, r.peakMiB), load: loadavg()[0] ?? Number.NaN };
}

const describe = (stage: ScaleStage, r: Measured): string =>
  `${fmt(r.cpuSeconds, 2)} s CPU, ${fmt(r.wallSeconds, 2)} s wall at load ${fmt(r.load, 1)}; quiet ${String(CORES)}-core wall ≈ ${fmt(r.cpuSeconds / Math.min(stage.threads, CORES), 1)} s; peak ${fmt(r.treePeakMiB, 0)} MiB (process tree)`;
const exponent = (a: { n: number; r: Measured }, b: { n: number; r: Measured }): string => fmt(Math.log(b.r.cpuSeconds / a.r.cpuSeconds) / Math.log(b.n / a.n), 2);
const growth = (xs: readonly { n: number; r: Measured }[]): string =>
  xs.slice(1).map((b, i) => `${(xs[i]?.n ?? 0).toLocaleString('en')}→${b.n.toLocaleString('en')} n^${exponent(xs[i] ?? b, b)}`).join(', ');

function sizesOf(stage: ScaleStage): number[] {
  if (stage.sizes === 'flagship') return [222];
  if (stage.sizes === 'largest-open') return FULL || process.env['PORTAS_BENCH_SCALE_SIZES'] !== undefined ? [Math.min(OPEN_MAX, Math.max(...SIZES))] : [];
  return SIZES;
}

export async function run(say: (line: string) => void): Promise<void> {
  const wanted = process.env['PORTAS_BENCH_SCALE_STAGES']?.split(',');
  const stages = (await allStages()).filter((s) => wanted === undefined || wanted.includes(s.name));
  const before = process.env['PORTAS_BENCH_SCALE_BEFORE'] === '0' ? { why: 'PORTAS_BENCH_SCALE_BEFORE=0' } : beforeSnapshot();
  if (typeof before !== 'string') say(`the code before #20 is not measured: ${before.why}`);
  say(`stages: ${stages.map((s) => s.name).join(', ')}; report: ${process.env['PORTAS_BENCH_SCALE_REPLICATES'] ?? '1000'} replicates.`);
  say(`CPU time (every thread) is the steady figure on a shared machine; growth exponents are from it. A quiet ${String(CORES)}-core machine's wall time is about CPU / min(threads, ${String(CORES)}): a stage waits on nothing but the CPU (files are in the page cache).`);
  for (const stage of stages) {
    const now: { n: number; r: Measured }[] = [];
    const old: { n: number; r: Measured }[] = [];
    for (const n of sizesOf(stage)) {
      if (stage.pull === true && n > OPEN_MAX) {
        say(`${stage.name} ${n.toLocaleString('en')}: not run (PORTAS_BENCH_SCALE_OPEN_MAX=${String(OPEN_MAX)})`);
        continue;
      }
      const pull = stage.pull === true ? await pullFolder(n) : undefined;
      const r = await measure(ROOT, stage.name, n, pull);
      if (typeof r === 'string') {
        say(`${stage.name} ${n.toLocaleString('en')}: ${r}`);
        continue;
      }
      now.push({ n, r });
      let line = `${stage.name} ${n.toLocaleString('en')}: ${describe(stage, r)}`;
      if (stage.noBefore !== undefined) line += `; before #20: not run (${stage.noBefore})`;
      else if (typeof before === 'string') {
        const last = old[old.length - 1];
        // Projected from the last old run at n^1.5 growth; skipped when it would exceed the budget.
        const projected = last === undefined ? 0 : last.r.cpuSeconds * (n / last.n) ** 1.5;
        if (projected > BEFORE_BUDGET) line += `; before #20: not run (projected ≥ ${fmt(projected, 0)} s CPU)`;
        else {
          const o = await measure(before, stage.name, n, pull);
          if (typeof o === 'string') line += `; before #20: ${o}`;
          else {
            old.push({ n, r: o });
            line += `; before #20: ${fmt(o.cpuSeconds, 2)} s CPU, peak ${fmt(o.treePeakMiB, 0)} MiB: ${fmt(o.cpuSeconds / r.cpuSeconds, 1)}× the CPU time now`;
          }
        }
      }
      say(line);
    }
    if (now.length > 1) say(`${stage.name} growth now: ${growth(now)}${old.length > 1 ? `; before #20: ${growth(old)}` : ''}`);
  }
  // The disclosure stages (risk, suppression) have their own knobs; a stage list that names neither leaves them out.
  if (wanted === undefined || wanted.some((name) => DISCLOSURE_STAGE_NAMES.includes(name))) await disclosureStages(say);
  else say('disclosure stages (risk, suppression): not run (PORTAS_BENCH_SCALE_STAGES names neither)');
}
