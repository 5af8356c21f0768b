// Sealing and opening speed (one core, and all cores through the worker pool), ciphertext size, memory.
// The machine is shared: wall-clock rates move with the load average (printed), CPU time per record much less.

import { availableParallelism, loadavg } from 'node:os';
import { generateStudyKey, openerFor, openMany, seal, type KeyKind, type SealedRecord } from '../src/crypto/index.ts';
import { openInPool } from '../src/cli/open-pool.ts';
import { flagshipResponse } from '../test/crypto/responses.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

const STUDY = { study: 'flagship-serbia-2024' };
const FLAGSHIP_N = 100_000;

async function sealAll(recipient: string, n: number): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = await seal(recipient, flagshipResponse(i));
    if (!r.ok) throw new Error(r.error.message);
    out.push({ id: `r${i}`, sealed: r.value });
  }
  return out;
}

/** Median wall and CPU milliseconds (CPU of the whole process: every thread) of `times` runs after a warm-up. */
async function wallAndCpu(times: number, fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpus: number[] = [];
  const wall = await medianMs(times, async () => {
    const c = process.cpuUsage();
    await fn();
    const u = process.cpuUsage(c);
    cpus.push((u.user + u.system) / 1000);
  });
  cpus.shift(); // the warm-up run
  cpus.sort((a, b) => a - b);
  return { wall, cpu: cpus[Math.floor(cpus.length / 2)] ?? Number.NaN };
}

export async function run(say: (line: string) => void): Promise<void> {
  const cores = availableParallelism();
  const plainBytes = new TextEncoder().encode(JSON.stringify(flagshipResponse(1))).length;
  say(`flagship-sized response: 70 items, ${plainBytes} bytes of JSON; ${cores} cores, load average ${fmt(loadavg()[0] ?? 0, 1)} at start`);
  for (const kind of ['hybrid', 'x25519'] as KeyKind[]) {
    const key = await generateStudyKey({ kind });
    const n = kind === 'hybrid' ? 60 : 200;
    let records: SealedRecord[] = [];
    const sealMs = await medianMs(3, async () => {
      records = await sealAll(key.recipient, n);
    });
    say(`${kind}: ciphertext ${records[0]?.sealed.length ?? 0} bytes per flagship response (padded plaintext bucket included)`);
    say(`${kind}: seal, one core: ${fmt((n / sealMs) * 1000, 0)} /s (${fmt(sealMs / n, 2)} ms each, median of 3 runs of ${n})`);
    const opener = openerFor(key);
    const serial = await wallAndCpu(3, async () => {
      const r = await openMany(opener, records, STUDY);
      if (r.failed.length > 0) throw new Error('open failed');
    });
    const oneCore = (n / serial.wall) * 1000;
    say(`${kind}: open, one core: ${fmt(oneCore, 0)} /s (${fmt(serial.wall / n, 2)} ms wall, ${fmt(serial.cpu / n, 2)} ms CPU each)`);
    const startup = await wallAndCpu(3, () => openInPool(key, records.slice(0, cores), STUDY, { workers: cores, batchSize: 1 }));
    say(`${kind}: pool start-up, ${cores} workers: ${fmt(startup.wall, 0)} ms wall, ${fmt(startup.cpu, 0)} ms CPU`);
    const poolN = kind === 'hybrid' ? 1200 : 4000;
    const many = Array.from({ length: poolN }, (_, i) => records[i % records.length] ?? { id: '', sealed: new Uint8Array() });
    const pool = await wallAndCpu(3, async () => {
      const r = await openInPool(key, many, STUDY, { workers: cores });
      if (r.opened.length !== poolN) throw new Error('pool open failed');
    });
    const pooled = (poolN / pool.wall) * 1000;
    const cpuPerRecord = (pool.cpu - startup.cpu) / poolN;
    say(
      `${kind}: open, ${cores} workers: ${fmt(pooled, 0)} /s wall for ${poolN} records incl. start-up (${fmt(pooled / oneCore, 2)}× one core); ` +
        `${fmt(cpuPerRecord, 2)} ms CPU per record after start-up`,
    );
    const projected = (FLAGSHIP_N * cpuPerRecord) / cores / 1000 + startup.wall / 1000;
    say(
      `${kind}: ${FLAGSHIP_N.toLocaleString('en')} flagship responses on ${cores} cores: ${fmt(FLAGSHIP_N / pooled, 0)} s at the measured wall rate; ` +
        `${fmt(projected, 0)} s projected from CPU per record if the cores were free; target < 60 s`,
    );
  }
  say(`peak RSS: ${fmt(peakRssMiB(), 0)} MiB (the whole process, worker threads included); load average ${fmt(loadavg()[0] ?? 0, 1)} at end`);
}
