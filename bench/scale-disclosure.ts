// The disclosure stages of `npm run bench -- scale` (#20): risk measures and local suppression at 1k, 10k and 100k
// synthetic respondents (bench/synthetic-study.ts), each run in a child process (CPU seconds, wall seconds, peak
// memory) by today's code and by the code this branch started from (commit TODAY_COMMIT, from git into a temp
// folder), side by side, with a digest of every result so that "same results" is checked, not assumed.
// Knobs: PORTAS_BENCH_DISCLOSURE_SIZES (default 1000,10000,100000), PORTAS_BENCH_DISCLOSURE_STAGES (default
// risk,suppression), PORTAS_BENCH_DISCLOSURE_BUDGET (CPU seconds
// the old code may be projected to take, default 300), PORTAS_BENCH_DISCLOSURE_BEFORE=0 (only today's code).
// Child mode: node --import tsx bench/scale-disclosure.ts risk|suppression N — prints one JSON line.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { localSuppression } from '../src/disclosure/local-suppression.ts';
import { measureRisk } from '../src/disclosure/measure-risk.ts';
import { codeSnapshot } from './code-snapshot.ts';
import { fmt } from './measure.ts';
import { syntheticDataset } from './synthetic-study.ts';

/** main when this branch began: the risk measures and local suppression this stage is compared with. */
const TODAY_COMMIT = 'b771803';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const STAGES = ['risk', 'suppression'] as const;

interface Measured {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakMiB: number;
  /** SHA-256 of every number the stage returned. */
  readonly digest: string;
}

function child(stage: string, n: number): Measured {
  const dataset = syntheticDataset(n);
  const hash = createHash('sha256');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (stage === 'risk') {
    const m = measureRisk(dataset, { k: 5 });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    hash.update(JSON.stringify({ ...m, fk: [...m.fk], Fk: [...m.Fk], risk: [...m.risk] }));
    return done(cpu, wall, hash);
  }
  const r = localSuppression(dataset, { k: 5 });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  hash.update(JSON.stringify({ suppressed: r?.suppressed, total: r?.total, optimal: r?.optimal, missing: r?.dataset.variables.filter((v) => v.quasiIdentifier).map((v) => [...v.missing]) }));
  return done(cpu, wall, hash);
}

function done(cpu: NodeJS.CpuUsage, wallMs: number, hash: ReturnType<typeof createHash>): Measured {
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: wallMs / 1000, peakMiB: process.resourceUsage().maxRSS / 1024, digest: hash.digest('hex') };
}

function measure(cwd: string, stage: string, n: number): Measured | string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scale-disclosure.ts', stage, String(n)], { cwd, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Measured;
}

const describe = (r: Measured): string => `${fmt(r.cpuSeconds, 2)} s CPU (${fmt(r.wallSeconds, 2)} s wall), peak ${fmt(r.peakMiB, 0)} MiB`;
const load = (): string => loadavg().map((x) => fmt(x, 1)).join(' ');

export function run(say: (line: string) => void): Promise<void> {
  const sizes = (process.env['PORTAS_BENCH_DISCLOSURE_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
  const budget = Number(process.env['PORTAS_BENCH_DISCLOSURE_BUDGET'] ?? '300');
  const before = process.env['PORTAS_BENCH_DISCLOSURE_BEFORE'] === '0' ? { why: 'PORTAS_BENCH_DISCLOSURE_BEFORE=0' } : codeSnapshot(ROOT, TODAY_COMMIT, 'portas-bench-disclosure', ['scale-disclosure.ts', 'code-snapshot.ts', 'synthetic-study.ts', 'measure.ts']);
  if (typeof before !== 'string') say(`disclosure: the code at ${TODAY_COMMIT} is not measured: ${before.why}`);
  say(`disclosure (k = 5, the flagship's quasi-identifiers): now against ${TODAY_COMMIT}; load average ${load()} at the start`);
  const stages = (process.env['PORTAS_BENCH_DISCLOSURE_STAGES'] ?? STAGES.join(',')).split(',');
  for (const stage of stages) {
    const now: { n: number; r: Measured }[] = [];
    const old: { n: number; r: Measured }[] = [];
    for (const n of sizes) {
      const r = measure(ROOT, stage, n);
      if (typeof r === 'string') {
        say(`${stage} ${n.toLocaleString('en')}: ${r}`);
        continue;
      }
      now.push({ n, r });
      let line = `${stage} ${n.toLocaleString('en')}: ${describe(r)}`;
      if (typeof before === 'string') {
        const last = old[old.length - 1];
        // Projected from the last old run at n^1.5; skipped beyond the budget.
        const projected = last === undefined ? 0 : last.r.cpuSeconds * (n / last.n) ** 1.5;
        if (projected > budget) line += `; ${TODAY_COMMIT}: not run (projected ${fmt(projected, 0)} s CPU > budget ${String(budget)})`;
        else {
          const o = measure(before, stage, n);
          if (typeof o === 'string') line += `; ${TODAY_COMMIT}: ${o}`;
          else {
            old.push({ n, r: o });
            line += `; ${TODAY_COMMIT}: ${describe(o)}; ${fmt(o.cpuSeconds / r.cpuSeconds, 1)}× the CPU time now; same results: ${o.digest === r.digest ? 'yes' : 'NO'}`;
          }
        }
      }
      say(line);
    }
    const growth = (xs: { n: number; r: Measured }[]): string =>
      xs
        .slice(1)
        .map((b, i) => {
          const a = xs[i] ?? b;
          return `${a.n.toLocaleString('en')}→${b.n.toLocaleString('en')} n^${fmt(Math.log(b.r.cpuSeconds / a.r.cpuSeconds) / Math.log(b.n / a.n), 2)}`;
        })
        .join(', ');
    if (now.length > 1) say(`${stage} growth now: ${growth(now)}${old.length > 1 ? `; ${TODAY_COMMIT}: ${growth(old)}` : ''}`);
  }
  say(`load average ${load()} at the end`);
  return Promise.resolve();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [stage = '', size = '0'] = process.argv.slice(2);
  if (!(STAGES as readonly string[]).includes(stage)) throw new Error(`unknown stage ${stage}`);
  process.stdout.write(`${JSON.stringify(child(stage, Number(size)))}\n`);
}
