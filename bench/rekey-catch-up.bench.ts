// The PostgreSQL re-keying's exclusive part while responses keep arriving: without catch-up rounds every row that
// arrived during the copy was added under the lock (so the pause grew with the copy's length, hence with the table);
// with them only what arrived during the last short round is. Both ways on the same database, alternating, 3 runs each;
// and, with the rounds, the long copy in its worker thread (now) against the same copy on the serving thread (before),
// with the serving thread's event-loop delay during each re-keying (what a page waits for on top of its own work).
// Knobs: PORTAS_BENCH_REKEY_ROWS (rows stored first, default 10000), PORTAS_BENCH_REKEY_RATE (submissions/s arriving
// during the re-keying, default 100), PORTAS_BENCH_REKEY_RUNS (runs of each, default 3).

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { CatchUp, Rewritten } from '../src/store/postgres/rekey.ts';
import type { Store } from '../src/store/store.ts';
import { fmt } from './measure.ts';
import { prefill } from './server-prefill.ts';

const ROWS = Number(process.env['PORTAS_BENCH_REKEY_ROWS'] ?? 10_000);
const RATE = Number(process.env['PORTAS_BENCH_REKEY_RATE'] ?? 100);
const RUNS = Number(process.env['PORTAS_BENCH_REKEY_RUNS'] ?? 3);
const STUDY = 'catch-up';
const hex = (n: number): string => randomBytes(n).toString('hex');

interface Run {
  readonly pausedMs: number;
  readonly totalMs: number;
  readonly arrived: number;
  readonly rewritten: Rewritten;
  /** This thread's event-loop delay during the re-keying, p99 and max, ms. */
  readonly loopP99: number;
  readonly loopMax: number;
}

/** One re-keying by `rekeyer` while `writer` stores a response with three coupons every 1/RATE s until it ends. */
async function once(rekeyer: Store, writer: Store, seen: Rewritten[]): Promise<Run> {
  const flag = { done: false };
  let arrived = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const rekey = rekeyer.reshuffle().finally(() => {
    flag.done = true;
  });
  const finished = (): boolean => flag.done;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; !finished(); i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (finished()) break;
    inFlight.push(writer.submit(STUDY, { responseId: hex(16), period: '2026-W49', status: 'complete', sealed: new Uint8Array(randomBytes(2048)), issueCouponHashes: [hex(32), hex(32), hex(32)] }).then((r) => {
      if (!r.ok) throw new Error(`submission during the re-keying: ${r.error.kind}`);
      arrived += 1;
    }));
  }
  const r = await rekey;
  loop.disable();
  await Promise.all(inFlight);
  if (!r.ok) throw new Error(r.error.message);
  const rewritten = seen.pop();
  if (rewritten === undefined || r.value.pausedMs === undefined) throw new Error('the re-keying reported nothing');
  return { pausedMs: r.value.pausedMs, totalMs: r.value.milliseconds, arrived, rewritten, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function run(say: (line: string) => void): Promise<void> {
  const base = process.env['PORTAS_TEST_POSTGRES'];
  if (base === undefined) {
    say('skipped (set PORTAS_TEST_POSTGRES)');
    return;
  }
  const name = `portas_bench_rekey_${String(process.pid)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const stores: Store[] = [];
  try {
    const u = new URL(base);
    u.pathname = `/${name}`;
    const keyPath = join(mkdtempSync(join(tmpdir(), 'portas-bench-rekey-')), 'store.key');
    const filled = await prefill(u.toString(), keyPath, STUDY, ROWS, () => new Uint8Array(randomBytes(2048)));
    say(`${String(ROWS)} responses (2 KiB sealed, 3 coupons each) stored in ${fmt(filled.seconds, 1)} s; ${String(RATE)} submissions/s arrive during each re-keying`);
    const seen: Rewritten[] = [];
    const open = async (catchUp?: CatchUp, rekeyWorker?: URL): Promise<Store> => {
      const r = await openPostgresStore(u.toString(), { keyFile: keyPath, onRekeyed: (x) => seen.push(x), ...(catchUp === undefined ? {} : { catchUp }), ...(rekeyWorker === undefined ? {} : { rekeyWorker }) });
      if (!r.ok) throw new Error(r.error.message);
      stores.push(r.value);
      return r.value;
    };
    // A worker entry that is not there: the copy runs on this thread, as the re-keying did before its worker.
    const onThisThread = new URL('./no-such-copy-worker.js', import.meta.url);
    const [before, inline, after, writer] = [await open({ rounds: 0, few: 0, idle: 0 }), await open(undefined, onThisThread), await open(), await open()];
    const runs: { before: Run[]; inline: Run[]; after: Run[] } = { before: [], inline: [], after: [] };
    for (let i = 0; i < RUNS; i++) {
      runs.before.push(await once(before, writer, seen));
      runs.inline.push(await once(inline, writer, seen));
      runs.after.push(await once(after, writer, seen));
    }
    for (const [label, xs] of [['without catch-up rounds', runs.before], ['rounds, copy on the serving thread', runs.inline], ['rounds, copy in its worker (now)', runs.after]] as const) {
      const where = xs.map((x) => (x.rewritten.thread.offThread ? 'worker' : 'this thread')).join(', ');
      say(`${label.padEnd(34)} exclusive part ${fmt(median(xs.map((x) => x.pausedMs)), 0).padStart(5)} ms (runs: ${xs.map((x) => fmt(x.pausedMs, 0)).join(', ')}); rows added under the lock ${xs.map((x) => String(x.rewritten.lockedRows)).join(', ')}; catch-up rounds ${xs.map((x) => String(x.rewritten.rounds)).join(', ')}; submissions during the re-keying ${xs.map((x) => String(x.arrived)).join(', ')}; whole re-keying ${fmt(median(xs.map((x) => x.totalMs)), 0)} ms; serving thread's event-loop delay p99 ${fmt(median(xs.map((x) => x.loopP99)), 0)} ms (runs: ${xs.map((x) => fmt(x.loopP99, 0)).join(', ')}), max ${fmt(median(xs.map((x) => x.loopMax)), 0)} ms; copy ran in: ${where}`);
    }
    say(`(wall milliseconds on a shared machine, load average ${fmt(loadavg()[0] ?? 0, 1)}: the rows under the lock are the machine-independent figure)`);
  } finally {
    for (const s of stores) await s.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
