// `npm run bench -- scale` (#20): the researcher's side at 1k, 10k and 100k synthetic respondents (the
// flagship's instrument, with recruitment trees: bench/synthetic-study.ts). For each stage — report compute
// (1,000 tree-bootstrap replicates; and the flagship's whole report stage), tree bootstrap, open, risk measures, local suppression — CPU seconds,
// wall seconds and peak memory of a child process per measurement; the growth exponent between sizes; and
// the same stage run by the code before #20 (commit 94e99cb, from git into a temp folder) side by side.
// `--full` (`npm run bench -- scale --full`) adds the 100,000-respondent points (open included: sealing the pull
// once takes minutes) and the end-to-end stage: the 100,000 opened responses' data package to the HTML report.
// Knobs: PORTAS_BENCH_SCALE_SIZES (default 1000,10000; with --full also 100000), PORTAS_BENCH_SCALE_STAGES,
// PORTAS_BENCH_SCALE_BEFORE_BUDGET (CPU seconds an old-code run may be projected to take; default 120),
// PORTAS_BENCH_SCALE_OPEN_MAX (largest open; default the largest size),
// PORTAS_BENCH_SCALE_BEFORE=0 (only today's code).

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fmt } from './measure.ts';
import type { StageResult } from './scale-stage.ts';
import { pullFolder } from './scale-pull.ts';
import { codeSnapshot } from './code-snapshot.ts';
import { run as disclosureStages } from './scale-disclosure.ts';

const BEFORE_COMMIT = '94e99cb';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const FULL = process.argv.includes('--full');
const STAGES = (process.env['PORTAS_BENCH_SCALE_STAGES'] ?? `flagship-report,report,bootstrap,open,risk,suppression${FULL ? ',opened-report' : ''}`).split(',');
const SIZES = (process.env['PORTAS_BENCH_SCALE_SIZES'] ?? (FULL ? '1000,10000,100000' : '1000,10000')).split(',').map(Number);
const BEFORE_BUDGET = Number(process.env['PORTAS_BENCH_SCALE_BEFORE_BUDGET'] ?? '120');
const OPEN_MAX = Number(process.env['PORTAS_BENCH_SCALE_OPEN_MAX'] ?? String(Math.max(...SIZES)));

/** The code before #20 with this bench's stage runner, or why it cannot be had. */
function beforeSnapshot(): string | { why: string } {
  return codeSnapshot(ROOT, BEFORE_COMMIT, 'portas-bench-scale', ['scale-stage.ts', 'synthetic-study.ts']);
}

function measure(cwd: string, stage: string, n: number, pull?: string): StageResult | string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scale-stage.ts', stage, String(n), ...(pull === undefined ? [] : [pull])], { cwd, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as StageResult;
}

const describe = (r: StageResult): string => `${fmt(r.cpuSeconds, 2)} s CPU (${fmt(r.wallSeconds, 2)} s wall), peak ${fmt(r.peakMiB, 0)} MiB`;
const exponent = (a: { n: number; r: StageResult }, b: { n: number; r: StageResult }): string =>
  fmt(Math.log(b.r.cpuSeconds / a.r.cpuSeconds) / Math.log(b.n / a.n), 2);

export async function run(say: (line: string) => void): Promise<void> {
  const before = process.env['PORTAS_BENCH_SCALE_BEFORE'] === '0' ? { why: 'PORTAS_BENCH_SCALE_BEFORE=0' } : beforeSnapshot();
  if (typeof before !== 'string') say(`the code before #20 is not measured: ${before.why}`);
  say(`CPU time is the steadier figure on a shared machine; growth exponents are from CPU time. Report: ${process.env['PORTAS_BENCH_SCALE_REPLICATES'] ?? '1000'} replicates.`);
  for (const stage of STAGES) {
    const now: { n: number; r: StageResult }[] = [];
    const old: { n: number; r: StageResult }[] = [];
    // The flagship's own report stage (222 respondents, HTML + report.json) is measured once; the rest at every size.
    // The end-to-end stage runs on the largest pull that was opened (its data package is the open stage's output).
    const sizes = stage === 'flagship-report' ? [222] : stage === 'opened-report' ? [Math.min(OPEN_MAX, Math.max(...SIZES))] : SIZES;
    for (const n of sizes) {
      if ((stage === 'open' || stage === 'opened-report') && n > OPEN_MAX) {
        say(`${stage} ${n.toLocaleString('en')}: not run (PORTAS_BENCH_SCALE_OPEN_MAX=${String(OPEN_MAX)})`);
        continue;
      }
      const pull = stage === 'open' || stage === 'opened-report' ? await pullFolder(n) : undefined;
      const r = measure(ROOT, stage, n, pull);
      if (typeof r === 'string') {
        say(`${stage} ${n.toLocaleString('en')}: ${r}`);
        continue;
      }
      now.push({ n, r });
      let line = `${stage} ${n.toLocaleString('en')}: ${describe(r)}`;
      if (stage === 'opened-report') line += '; before #20: not run (its report compute took 311 s at 22,200 rows with 100 replicates)';
      else if (typeof before === 'string') {
        const last = old[old.length - 1];
        // Projected from the last old run at n^1.5 growth; skip when it would exceed the budget.
        const projected = last === undefined ? 0 : last.r.cpuSeconds * (n / last.n) ** 1.5;
        if (projected > BEFORE_BUDGET) line += `; before #20: not run (projected ≥ ${fmt(projected, 0)} s CPU)`;
        else {
          const o = measure(before, stage, n, pull);
          if (typeof o === 'string') line += `; before #20: ${o}`;
          else {
            old.push({ n, r: o });
            line += `; before #20: ${describe(o)}; ${fmt(o.cpuSeconds / r.cpuSeconds, 1)}× the CPU time now`;
          }
        }
      }
      say(line);
    }
    const growth = (xs: { n: number; r: StageResult }[]): string => xs.slice(1).map((b, i) => `${(xs[i]?.n ?? 0).toLocaleString('en')}→${b.n.toLocaleString('en')} n^${exponent(xs[i] ?? b, b)}`).join(', ');
    if (now.length > 1) say(`${stage} growth now: ${growth(now)}${old.length > 1 ? `; before #20: ${growth(old)}` : ''}`);
  }
  await disclosureStages(say);
}
