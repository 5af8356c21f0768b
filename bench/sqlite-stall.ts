// How long a SQLite re-keying holds the event loop: a store preloaded with N responses (2 KiB sealed, three coupons
// each, keyed as the store keys them), then one reshuffle while a submission is attempted every 20 ms. Reports the
// longest event-loop stall (monitorEventLoopDelay), the worst submission, the re-keying's wall and CPU time, and the
// database file's size. Rows: PORTAS_BENCH_SQLITE_ROWS (default 100,000). The folder is on the real disk (fsyncs count).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { keyFile } from '../src/store/key-file.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store, Submission } from '../src/store/store.ts';
import { fmt } from './measure.ts';

const ROWS = Number(process.env['PORTAS_BENCH_SQLITE_ROWS'] ?? 100_000);
const STUDY = 'stall';
const hex = (n: number): string => randomBytes(n).toString('hex');
const submission = (): Submission => ({ responseId: hex(16), period: '2026-W49', status: 'complete', sealed: new Uint8Array(randomBytes(2048)), issueCouponHashes: [hex(32), hex(32), hex(32)] });

/** Writes `n` rows straight into the file, keyed under its current storage key (what n submissions would leave). */
function preload(path: string, n: number): void {
  const db = new Database(path);
  const epoch = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  const key = keyFile(`${path}.key`).keyFor(epoch);
  if (key === undefined) throw new Error('no storage key');
  const response = db.prepare("INSERT INTO responses VALUES (?, ?, '2026-W49', 'complete', ?)");
  const coupon = db.prepare("INSERT INTO coupons VALUES (?, ?, ?, 'issued', NULL, NULL)");
  for (let done = 0; done < n; done += 5000) {
    db.transaction(() => {
      for (let i = done; i < Math.min(n, done + 5000); i++) {
        const rid = hex(16);
        const stored = key.hideId(rid);
        response.run(STUDY, stored, key.box(STUDY, rid, randomBytes(2048)));
        for (let c = 0; c < 3; c++) coupon.run(STUDY, key.hideCoupon(hex(32)), stored);
      }
    })();
  }
  db.close();
}

export interface SqliteStall {
  readonly rows: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly stallMs: number;
  /** The event loop's delay, 99th percentile (5 ms resolution), and how many times it stood still for over 50 ms. */
  readonly p99Ms: number;
  readonly over50: number;
  /** The sum of the re-keying's steps. */
  readonly busyMs: number;
  readonly worstSubmitMs: number;
  readonly submits: number;
  readonly pausedMs: number;
  readonly fileMiB: number;
}

async function measure(store: Store, path: string): Promise<SqliteStall> {
  const latencies: number[] = [];
  const flag = { stop: false };
  const probe = (async () => {
    while (!flag.stop) {
      const t = performance.now();
      await store.submit(STUDY, submission());
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 200));
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  // A second reading of the same thing: the longest gap between turns of a 2 ms timer.
  let gap = 0;
  let over50 = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last - 2);
    if (now - last - 2 > 50) over50 += 1;
    last = now;
  }, 2);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await store.reshuffle();
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 20)); // both timers see the last step's delay before they stop
  clearInterval(ticker);
  h.disable();
  flag.stop = true;
  await probe;
  if (!r.ok) throw new Error(r.error.message);
  return {
    rows: r.value.responses,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stallMs: Math.max(h.max / 1e6, gap),
    p99Ms: h.percentile(99) / 1e6,
    over50,
    busyMs: r.value.busyMs ?? Number.NaN,
    worstSubmitMs: Math.max(...latencies),
    submits: latencies.length,
    pausedMs: r.value.pausedMs ?? Number.NaN,
    fileMiB: statSync(path).size / 2 ** 20,
  };
}

export async function sqliteStall(say: (line: string) => void, rows = ROWS): Promise<SqliteStall> {
  const dir = mkdtempSync(join(tmpdir(), 'portas-bench-sqlite-stall-'));
  const path = join(dir, 'store.db');
  try {
    const first = openSqliteStore(path);
    if (!first.ok) throw new Error(first.error.message);
    await first.value.close();
    const t0 = performance.now();
    preload(path, rows);
    say(`SQLite: ${String(rows)} responses (2 KiB sealed, 3 coupons each) preloaded in ${fmt((performance.now() - t0) / 1000, 0)} s, file ${fmt(statSync(path).size / 2 ** 20, 0)} MiB`);
    const opened = openSqliteStore(path);
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    const m = await measure(store, path);
    await store.close();
    say(`SQLite re-keying of ${String(m.rows)} rows: longest event-loop stall ${fmt(m.stallMs, 0)} ms (longest step reported ${fmt(m.pausedMs, 0)} ms; loop delay p99 ${fmt(m.p99Ms, 0)} ms, ${String(m.over50)} stalls over 50 ms; steps ${fmt(m.busyMs / 1000, 1)} s in all), worst submission ${fmt(m.worstSubmitMs, 0)} ms of ${String(m.submits)}; total ${fmt(m.totalMs / 1000, 1)} s wall, ${fmt(m.cpuMs / 1000, 1)} s CPU; file after ${fmt(m.fileMiB, 0)} MiB (load average ${fmt(loadavg()[0] ?? 0, 1)})`);
    return m;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  await sqliteStall((l) => {
    console.log(l);
  });
}
