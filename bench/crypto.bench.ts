// Sealing and opening speed (one core, and all cores through the worker pool), ciphertext size, memory, and
// the end-to-end figure of issue #4: 100,000 flagship responses sealed to a hybrid key, opened by `portas open`'s pool.
// The machine is shared: wall-clock rates move with the load average (printed), CPU time per record much less.
// PORTAS_BENCH_OPEN_100K=N sets the runs of the 100k open (default 3, median reported; 0 skips it). The first
// run seals the 100k records on every core and caches them in the system temp folder (the time is printed).

import { availableParallelism, loadavg } from 'node:os';
import { generateStudyKey, openerFor, openMany, seal, type OpenerOptions, type SealedRecord, type StudyKey } from '../src/crypto/index.ts';
import { openInPool } from '../src/study/open-pool.ts';
import { flagshipResponse } from '../test/crypto/responses.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';
import { sealedCorpus } from './sealed-corpus.ts';

const STUDY = { study: 'flagship-serbia-2024' };
const FLAGSHIP_N = 100_000;
const TARGET_S = 60;

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

/** One core through openMany, then all cores through the pool; prints both and the 100k projection. */
async function openRates(say: (line: string) => void, label: string, key: StudyKey, records: SealedRecord[], opener: OpenerOptions, poolN: number): Promise<void> {
  const cores = availableParallelism();
  const many = Array.from({ length: poolN }, (_, i) => records[i % records.length] ?? { id: '', sealed: new Uint8Array() });
  // One core: as many opens as the pool gets, so the JIT is as warm as in a long `portas open`.
  const n = Math.min(poolN, 2000);
  const one = openerFor(key, opener);
  const serial = await wallAndCpu(3, async () => {
    const r = await openMany(one, many.slice(0, n), STUDY);
    if (r.failed.length > 0) throw new Error(`${label}: open failed`);
  });
  const oneCore = (n / serial.wall) * 1000;
  say(`${label}: open, one core: ${fmt(oneCore, 0)} /s (${fmt(serial.wall / n, 2)} ms wall, ${fmt(serial.cpu / n, 2)} ms CPU each)`);
  const startup = await wallAndCpu(3, () => openInPool(key, records.slice(0, cores), STUDY, { workers: cores, batchSize: 1, opener }));
  const pool = await wallAndCpu(3, async () => {
    const r = await openInPool(key, many, STUDY, { workers: cores, opener });
    if (r.opened.length !== poolN) throw new Error(`${label}: pool open failed`);
  });
  const pooled = (poolN / pool.wall) * 1000;
  const cpuPerRecord = (pool.cpu - startup.cpu) / poolN;
  say(
    `${label}: open, ${cores} workers: ${fmt(pooled, 0)} /s wall for ${poolN} records incl. start-up of ${fmt(startup.wall, 0)} ms ` +
      `(${fmt(pooled / oneCore, 2)}× one core); ${fmt(cpuPerRecord, 2)} ms CPU per record after start-up`,
  );
  const projected = (FLAGSHIP_N * cpuPerRecord) / cores / 1000 + startup.wall / 1000;
  say(
    `${label}: ${FLAGSHIP_N.toLocaleString('en')} on ${cores} cores, projected: ${fmt(FLAGSHIP_N / pooled, 0)} s at this wall rate; ` +
      `${fmt(projected, 0)} s from CPU per record if the cores were free`,
  );
}

/** The acceptance figure: the real pool over 100,000 distinct hybrid-sealed flagship responses. */
async function flagshipEndToEnd(say: (line: string) => void, runs: number): Promise<void> {
  const cores = availableParallelism();
  const corpus = await sealedCorpus(FLAGSHIP_N);
  say(
    corpus.sealedInSeconds === undefined
      ? `100k: ${FLAGSHIP_N.toLocaleString('en')} hybrid-sealed flagship responses from the cache in ${corpus.dir}`
      : `100k: sealed ${FLAGSHIP_N.toLocaleString('en')} flagship responses to a new hybrid key on ${cores} cores in ${fmt(corpus.sealedInSeconds, 0)} s (cached in ${corpus.dir})`,
  );
  const bytes = corpus.records.reduce((s, r) => s + r.sealed.length, 0);
  const walls: number[] = [];
  for (let run = 0; run < runs; run++) {
    const load = loadavg()[0] ?? 0;
    const c = process.cpuUsage();
    const t0 = performance.now();
    const result = await openInPool(corpus.key, corpus.records, STUDY, { workers: cores });
    const wall = (performance.now() - t0) / 1000;
    const u = process.cpuUsage(c);
    if (result.opened.length !== FLAGSHIP_N) throw new Error(`100k: only ${result.opened.length} opened; first failure: ${result.failed[0]?.failure.message ?? '?'}`);
    walls.push(wall);
    say(
      `100k: run ${run + 1}: ${fmt(wall, 1)} s wall (${fmt(FLAGSHIP_N / wall, 0)} /s), ${fmt((u.user + u.system) / 1000 / FLAGSHIP_N, 2)} ms CPU per record, ` +
        `load average ${fmt(load, 1)} before`,
    );
  }
  walls.sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)] ?? Number.NaN;
  say(
    `100k: opening ${FLAGSHIP_N.toLocaleString('en')} hybrid flagship responses (${fmt(bytes / 2 ** 20, 0)} MiB sealed) through portas open's pool on ${cores} cores: ` +
      `median ${fmt(median, 1)} s of ${runs} run(s); target < ${TARGET_S} s: ${median < TARGET_S ? 'MET' : 'NOT MET'}`,
  );
}

export async function run(say: (line: string) => void): Promise<void> {
  const cores = availableParallelism();
  const plainBytes = new TextEncoder().encode(JSON.stringify(flagshipResponse(1))).length;
  say(`flagship-sized response: 70 items, ${plainBytes} bytes of JSON; ${cores} cores, load average ${fmt(loadavg()[0] ?? 0, 1)} at start`);
  for (const kind of ['hybrid', 'x25519'] as const) {
    const key = await generateStudyKey({ kind });
    const n = kind === 'hybrid' ? 60 : 200;
    let records: SealedRecord[] = [];
    const sealMs = await medianMs(3, async () => {
      records = await sealAll(key.recipient, n);
    });
    say(`${kind}: ciphertext ${records[0]?.sealed.length ?? 0} bytes per flagship response (padded plaintext bucket included)`);
    say(`${kind}: seal, one core: ${fmt((n / sealMs) * 1000, 0)} /s (${fmt(sealMs / n, 2)} ms each, median of 3 runs of ${n})`);
    if (kind === 'hybrid') {
      await openRates(say, 'hybrid, key prepared once', key, records, {}, 6000);
      await openRates(say, 'hybrid, age-encryption reference', key, records, { reference: true }, 1200);
    } else {
      await openRates(say, 'x25519', key, records, {}, 6000);
    }
  }
  say(`peak RSS so far: ${fmt(peakRssMiB(), 0)} MiB (the whole process, worker threads included)`);
  const runs = Number(process.env['PORTAS_BENCH_OPEN_100K'] ?? '3');
  if (Number.isInteger(runs) && runs > 0) await flagshipEndToEnd(say, runs);
  else say('100k: skipped (PORTAS_BENCH_OPEN_100K=0)');
  say(`peak RSS: ${fmt(peakRssMiB(), 0)} MiB (the whole process, worker threads included); load average ${fmt(loadavg()[0] ?? 0, 1)} at end`);
}
