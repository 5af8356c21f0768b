// How long a re-keying holds submissions up, and whether that grows with the table. SQLite first (bench/sqlite-stall.ts):
// the longest event-loop stall during a re-keying of a preloaded file, PORTAS_BENCH_SQLITE_ROWS (default 10000; with
// --full 100000). Then PostgreSQL: submissions every 20 ms while one re-keys a preloaded database of each size, their
// median and worst latency against the re-keying's own duration and its exclusive part (what submissions wait for; the
// copy before it runs beside them). Sizes: PORTAS_BENCH_STALL_ROWS (default 2000,10000; with --full 2000,10000,100000).

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { Store, Submission } from '../src/store/store.ts';
import { fmt } from './measure.ts';
import { sqliteStall } from './sqlite-stall.ts';

const SIZES = (process.env['PORTAS_BENCH_STALL_ROWS'] ?? (process.argv.includes('--full') ? '2000,10000,100000' : '2000,10000')).split(',').map(Number);
const hex = (n: number): string => randomBytes(n).toString('hex');
const response = (coupons: number): Submission => ({ responseId: hex(16), period: '2026-W49', status: 'complete', sealed: new Uint8Array(randomBytes(2048)), issueCouponHashes: Array.from({ length: coupons }, () => hex(32)) });

async function stall(store: Store): Promise<{ rekeyMs: number; pausedMs: number; median: number; worst: number; n: number }> {
  const latencies: number[] = [];
  const flag = { stop: false };
  const probe = (async () => {
    while (!flag.stop) {
      const t = performance.now();
      await store.submit('stall', response(1));
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const r = await store.reshuffle();
  flag.stop = true;
  await probe;
  if (!r.ok) throw new Error(r.error.message);
  latencies.sort((a, b) => a - b);
  return { rekeyMs: r.value.milliseconds, pausedMs: r.value.pausedMs ?? Number.NaN, median: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN, worst: latencies.at(-1) ?? Number.NaN, n: latencies.length };
}

export async function run(say: (line: string) => void): Promise<void> {
  await sqliteStall(say, Number(process.env['PORTAS_BENCH_SQLITE_ROWS'] ?? (process.argv.includes('--full') ? 100_000 : 10_000)));
  const base = process.env['PORTAS_TEST_POSTGRES'];
  if (base === undefined) {
    say('PostgreSQL: skipped (set PORTAS_TEST_POSTGRES)');
    return;
  }
  const name = `portas_bench_stall_${String(process.pid)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  try {
    const opened = await openPostgresStore(u.toString(), { keyFile: join(mkdtempSync(join(tmpdir(), 'portas-bench-stall-')), 'store.key') });
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    let stored = 0;
    say(`PostgreSQL re-keying while one submission every 20 ms goes on (2 KiB sealed, 3 coupons each; median of 3 runs by worst wait):`);
    for (const rows of SIZES) {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (stored < rows) {
          stored += 1;
          await store.submit('stall', response(3));
        }
      }));
      const loadMs = performance.now() - t0;
      await store.reshuffle(); // the preload's own tail, so each run re-keys the same table
      const runs = [await stall(store), await stall(store), await stall(store)].sort((a, b) => a.worst - b.worst);
      const m = runs[1];
      if (m === undefined) return;
      say(`  ${String(rows).padStart(7)} rows: re-keying ${fmt(m.rekeyMs, 0)} ms, exclusive part ${fmt(m.pausedMs, 0)} ms; submissions during it ${String(m.n)}, median ${fmt(m.median, 0)} ms, worst ${fmt(m.worst, 0)} ms (load average ${fmt(loadavg()[0] ?? 0, 1)}; preload ${fmt(loadMs / 1000, 0)} s)`);
    }
    await store.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
