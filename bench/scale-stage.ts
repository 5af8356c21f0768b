// One measured stage of `npm run bench -- scale`, run in a child process so that its memory is its own.
// Usage: node --import tsx bench/scale-stage.ts STAGE N [PULL_DIR]; prints one JSON line (StageResult).
// The stage is looked up in bench/scale-stages.ts and every bench/scale-stages-*.ts; the same files run inside the
// snapshot of the code before #20 (scale.bench.ts copies them there).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScaleStage } from './scale-stages.ts';

export interface StageResult {
  /** User + system CPU seconds of the timed work, every thread of the process included. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** This process's own peak resident memory (the kernel's high-water mark, threads included). */
  readonly peakMiB: number;
}

const BENCH = new URL('.', import.meta.url).pathname;

/** Every stage the bench knows: bench/scale-stages.ts and each bench/scale-stages-*.ts. */
export async function allStages(): Promise<ScaleStage[]> {
  const files = readdirSync(BENCH).filter((f) => /^scale-stages(-[a-z0-9-]+)?\.ts$/.test(f)).sort();
  const stages: ScaleStage[] = [];
  for (const f of files) stages.push(...((await import(pathToFileURL(join(BENCH, f)).href)) as { STAGES: readonly ScaleStage[] }).STAGES);
  return stages;
}

async function main(): Promise<void> {
  const [name, size, pull] = process.argv.slice(2);
  const stage = (await allStages()).find((s) => s.name === name);
  if (stage === undefined) throw new Error(`unknown stage ${String(name)}`);
  const work = await stage.prepare(Number(size), pull);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  const result: StageResult = { cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
