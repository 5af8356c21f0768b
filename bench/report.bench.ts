// The main job end to end: from the replica to the finished HTML report and to the PDF, as `npm start` runs it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 3;

interface Timings {
  readonly stages: readonly { readonly stage: string; readonly seconds: number }[];
  readonly maxRssMiB: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export function run(say: (line: string) => void): Promise<void> {
  const runs: Timings[] = [];
  for (let r = 0; r < RUNS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'portas-bench-report-'));
    const out = join(dir, 'flagship');
    const started = performance.now();
    const p = spawnSync(process.execPath, ['bin/portas.js', 'flagship', '--no-serve', '--port', '0', '--out', out], { encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (p.status !== 0) return Promise.reject(new Error(`the main job failed: ${p.stderr.slice(0, 400)}`));
    const t = JSON.parse(readFileSync(join(out, 'timings.json'), 'utf8')) as Timings;
    runs.push({ ...t, stages: [...t.stages, { stage: 'wall', seconds: wall }] });
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (stage: string): number[] => runs.map((t) => t.stages.find((s) => s.stage === stage)?.seconds ?? Number.NaN);
  const sum = (stages: readonly string[]): number[] => runs.map((_, i) => stages.reduce((acc, s) => acc + (seconds(s)[i] ?? Number.NaN), 0));
  const names = runs[0]?.stages.map((s) => s.stage) ?? [];
  say(`median of ${String(RUNS)} runs of the main job (\`portas flagship --no-serve\`), seconds per stage: ${names.map((n) => `${n} ${median(seconds(n)).toFixed(2)}`).join(', ')}`);
  const toData = ['respondents', 'pull', 'open'];
  const toHtml = [...toData, 'report'];
  say(`replica → opened dataset ${median(sum(toData)).toFixed(1)} s; → finished HTML ${median(sum(toHtml)).toFixed(1)} s${names.includes('pdf') ? `; → PDF ${median(sum([...toHtml, 'pdf'])).toFixed(1)} s` : ''}`);
  say(`peak RSS of the main job: ${String(Math.max(...runs.map((t) => t.maxRssMiB)))} MiB (worker threads included)`);
  return Promise.resolve();
}
