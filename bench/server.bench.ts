// The server under load through the real HTTP path, SQLite and PostgreSQL side by side in one run:
// capacity (completed submissions/s, requests/s), server CPU per completed submission against the floor set by the
// seal itself, p99 of every page at 80 % of capacity with a reshuffle in the middle, and where the main thread's CPU goes.
// The load client runs in its own process (bench/server-load-client.ts), so it does not share the server's event loop.
//
// `npm run bench -- server.bench --full` is the acceptance run of issue #22: each store first holds 100,000 responses
// (real sealed responses of this study, keyed and boxed under the store's key, written directly in one transaction by
// bench/server-prefill.ts: seconds, not hours through HTTP), then capacity is measured, then the open loop runs at 80 %
// of it: OPEN_SECONDS / 2 of load, a reshuffle of every stored row, OPEN_SECONDS / 2 more once it ends. The p99 of every
// page is printed for the whole loop and for the pages in flight during the reshuffle. The run states its length.
// (`-- server --full` also runs server-stall.bench.ts, whose own --full preloads 100,000 rows one submission at a time.)
// Length: at 10,000 stored (100 respondents, OPEN_SECONDS=10, both stores) 165–212 s at load average 7–15 on the shared
// two-core machine; at 100,000 the prefill (43–50 s each) and the re-keyings grow tenfold: --full took 903 s and
// 1,320 s in two runs (SQLite's re-keying at 80 % of capacity 442 s and 670 s of it).
// Knobs, environment variables:
//   PORTAS_BENCH_STORED=N        responses stored in each store before measuring (default 0; --full 100000)
//   PORTAS_BENCH_RESPONDENTS=N   respondents in each capacity run (default 400)
//   PORTAS_BENCH_OPEN_SECONDS=S  load before plus after the reshuffle (default 20)
//   PORTAS_BENCH_INSTANCES=1,3   separate `portas serve` processes to compare ("" for none; --full default "": 100k
//                                stored changes nothing there but the length of the run)
//   PORTAS_BENCH_PROFILE=0       leave out the profiled run (--full default 0)
//   PORTAS_BENCH_STORES=sqlite,postgres   which stores (PostgreSQL needs PORTAS_TEST_POSTGRES)

import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startServer, type RunningServer } from '../src/cli/serve.ts';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../src/collect/path.ts';
import { parsePage } from '../src/collect/parse-form.ts';
import { generateStudyKey, recipientFileText, seal } from '../src/crypto/index.ts';
import { loadStudyRuntime, type StudyRuntime } from '../src/server/study-runtime.ts';
import { defaultKeyFile } from '../src/store/open.ts';
import { fmt, peakRssMiB } from './measure.ts';
import type { LoadPlan, LoadResult } from './server-load-client.ts';
import { quantile } from './server-open-loop.ts';
import { sayFigures, sayShares, type StoreFigures } from './server-report.ts';
import { startInstances } from './server-instances.ts';
import { prefill } from './server-prefill.ts';
import { profileWhile, type CpuShares } from './server-profile.ts';

const STUDY = 'russians-in-serbia';
const FULL = process.argv.includes('--full');
const RESPONDENTS = Number(process.env['PORTAS_BENCH_RESPONDENTS'] ?? 400);
const CONCURRENCY = 25;
const OPEN_SECONDS = Number(process.env['PORTAS_BENCH_OPEN_SECONDS'] ?? 20);
/** Responses already stored in every store when the measuring starts. */
const STORED = Number(process.env['PORTAS_BENCH_STORED'] ?? (FULL ? 100_000 : 0));
const INSTANCES = (process.env['PORTAS_BENCH_INSTANCES'] ?? (FULL ? '' : '1,3')).split(',').filter((x) => x !== '').map(Number);
const PROFILE = (process.env['PORTAS_BENCH_PROFILE'] ?? (FULL ? '0' : '1')) !== '0';
const STORES = (process.env['PORTAS_BENCH_STORES'] ?? 'sqlite,postgres').split(',');
/** Distinct real seals the prefilled rows reuse (each row is boxed anew under its own id, so no two stored rows match). */
const DISTINCT_SEALS = 32;

/** Busy and total jiffies of the whole machine (every core), from /proc/stat: how much of the machine a run used. */
function machineTicks(): { busy: number; total: number } {
  const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0), total };
}
const machineBusy = (t0: { busy: number; total: number }): number => {
  const t = machineTicks();
  return (t.busy - t0.busy) / Math.max(1, t.total - t0.total);
};

async function studyDir(root: string): Promise<string> {
  const dir = join(root, 'study');
  mkdirSync(dir, { recursive: true });
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'instrument.yaml'));
  writeFileSync(join(dir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'hybrid' }), STUDY));
  writeFileSync(join(dir, 'study.yaml'), 'entry_without_coupon: true\n');
  return dir;
}

/**
 * Runs the load client in a child process; `ready` resolves when an open loop's first respondent is due, `stop` ends
 * it early (the respondents already arrived finish).
 */
function startLoad(plan: LoadPlan): { ready: Promise<void>; result: Promise<LoadResult>; stop: () => void } {
  const child = fork(new URL('./server-load-client.ts', import.meta.url).pathname, [JSON.stringify(plan)], { execArgv: ['--import', 'tsx', '--max-http-header-size=262144'], stdio: 'inherit' });
  let started = (): void => undefined;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    let out: LoadResult | undefined;
    child.on('message', (m) => {
      if (m === 'ready') started();
      else out = m as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (out !== undefined) resolve(out);
      else reject(new Error(`load client exited with ${String(code)} and no result`));
    });
  });
  result.then(started, started);
  return { ready, result, stop: () => child.send('stop') };
}

const load = (plan: LoadPlan): Promise<LoadResult> => startLoad(plan).result;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** The response the load client's respondents give (page 1 answered, the rest skipped), as the server seals it. */
function benchResponse(study: StudyRuntime): Parameters<typeof seal>[1] {
  let state: PathState = startPath(study.instrument);
  let first = true;
  while (state.status === 'answering') {
    const fields: [string, string][] = first ? [['q_sex', '2'], ['q_age', '35'], ['q_city', '1']] : [];
    first = false;
    state = step(study.instrument, state, { type: 'next', pageAnswers: parsePage(visibleItems(study.instrument, state), fields, 'ru').answers });
  }
  if (state.status !== 'finished') throw new Error('the bench path did not finish');
  return completeResponse(study.instrument, state, 'ru');
}

/** CPU milliseconds of one seal (median of 40, after 5 warm-ups): the floor no server can go below. */
async function sealFloorMs(study: StudyRuntime): Promise<number> {
  const response = benchResponse(study);
  const samples: number[] = [];
  for (let i = 0; i < 45; i++) {
    const c0 = process.cpuUsage();
    const sealed = await seal(study.recipient, response);
    const c = process.cpuUsage(c0);
    if (!sealed.ok) throw new Error(sealed.error.code);
    if (i >= 5) samples.push((c.user + c.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return quantile(samples, 0.5);
}


async function measureStore(server: RunningServer): Promise<StoreFigures> {
  await load({ mode: 'closed', urls: [server.url], study: STUDY, respondents: 40, concurrency: 10 }); // warm-up: JIT, pools
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const ticks = machineTicks();
  const closed = await load({ mode: 'closed', urls: [server.url], study: STUDY, respondents: RESPONDENTS, concurrency: CONCURRENCY });
  const busy = machineBusy(ticks);
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  if (closed.failed > 0) throw new Error(`${String(closed.failed)} respondents failed under load`);
  const completedPerSecond = closed.completed / closed.seconds;
  const openRate = 0.8 * completedPerSecond;
  // In the middle, a reshuffle of every stored row, as the server's scheduler runs it (SQLite: in this process); the
  // loop goes on as long after it as before, however long it takes.
  const loop = startLoad({ mode: 'open', urls: [server.url], study: STUDY, perSecond: openRate, seconds: 24 * 3600 });
  await loop.ready;
  const openedAt = Date.now();
  await sleep((OPEN_SECONDS * 1000) / 2);
  const from = Date.now();
  const r = await server.store.reshuffle();
  const to = Date.now();
  const reshuffle = r.ok ? { rows: r.value.responses, ms: r.value.milliseconds, pausedMs: r.value.pausedMs } : { failed: r.error.reason };
  await sleep((OPEN_SECONDS * 1000) / 2);
  loop.stop();
  const open = await loop.result;
  return {
    completedPerSecond,
    requestsPerSecond: closed.requests / closed.seconds,
    cpuPerCompletedMs: (cpu.user + cpu.system) / 1000 / closed.completed,
    finalP50: quantile(closed.finalMs, 0.5),
    finalP99: quantile(closed.finalMs, 0.99),
    clientCpuShare: closed.clientCpuMs / (closed.seconds * 1000),
    eventLoopUtilization: elu,
    machineBusy: busy,
    reshuffle,
    window: { openedAt, from, to },
    openRate,
    open,
  };
}

async function postgresTarget(say: (line: string) => void, suffix = ''): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const base = process.env['PORTAS_TEST_POSTGRES'];
  if (base === undefined) {
    say('PostgreSQL: skipped (set PORTAS_TEST_POSTGRES)');
    return undefined;
  }
  const name = `portas_bench_${String(process.pid)}${suffix}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}


interface InstanceFigures {
  readonly instances: number;
  readonly completedPerSecond: number;
  readonly requestsPerSecond: number;
  readonly cpuPerCompletedMs: number;
  /** Share of the whole machine busy during the run, and the load average after it. */
  readonly machineBusy: number;
  readonly load1: number;
  /** Respondents who did not reach the thank-you page, and the first distinct reasons. */
  readonly failed: number;
  readonly reasons: readonly string[];
}

/** Capacity of `n` separate `portas serve` processes over one store, each respondent's requests spread over all. */
async function measureInstances(n: number, dir: string, store: string, stateDir: string): Promise<InstanceFigures> {
  const instances = await startInstances(n, dir, STUDY, store, stateDir);
  try {
    await load({ mode: 'closed', urls: instances.urls, study: STUDY, respondents: 40, concurrency: 10 });
    const cpu0 = instances.cpuMs();
    const ticks = machineTicks();
    const closed = await load({ mode: 'closed', urls: instances.urls, study: STUDY, respondents: RESPONDENTS, concurrency: CONCURRENCY });
    const busy = machineBusy(ticks);
    const cpu = instances.cpuMs() - cpu0;
    return { instances: n, completedPerSecond: closed.completed / closed.seconds, requestsPerSecond: closed.requests / closed.seconds, cpuPerCompletedMs: cpu / closed.completed, machineBusy: busy, load1: loadavg()[0] ?? 0, failed: closed.failed, reasons: closed.reasons };
  } finally {
    await instances.stop();
  }
}

/** A profiled closed-loop run against a running server. */
async function profileStore(server: RunningServer, respondents: number): Promise<[CpuShares, number]> {
  let completed = 0;
  const shares = await profileWhile(async () => {
    completed = (await load({ mode: 'closed', urls: [server.url], study: STUDY, respondents, concurrency: CONCURRENCY })).completed;
  });
  return [shares, completed];
}

/** Real seals of the bench's own response under the study key: the bytes every prefilled row carries (boxed anew). */
async function realSeals(study: StudyRuntime): Promise<Uint8Array[]> {
  const response = benchResponse(study);
  const out: Uint8Array[] = [];
  for (let i = 0; i < DISTINCT_SEALS; i++) {
    const sealed = await seal(study.recipient, response);
    if (!sealed.ok) throw new Error(sealed.error.code);
    out.push(sealed.value);
  }
  return out;
}

export async function run(say: (line: string) => void): Promise<void> {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'portas-bench-server-'));
  const dir = await studyDir(root);
  const loaded = loadStudyRuntime(dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const sealMs = await sealFloorMs(loaded.study);
  const targets: [string, string, (() => Promise<void>) | undefined][] = [];
  if (STORES.includes('sqlite')) targets.push(['SQLite', `sqlite:${join(root, 'db.sqlite')}`, undefined]);
  const pgTarget = STORES.includes('postgres') ? await postgresTarget(say) : undefined;
  if (pgTarget !== undefined) targets.push(['PostgreSQL', pgTarget.url, pgTarget.drop]);
  const seals = STORED > 0 ? await realSeals(loaded.study) : [];
  const figures: [string, StoreFigures][] = [];
  const profiles: [string, CpuShares, number][] = [];
  const scaling: [string, InstanceFigures][] = [];
  for (const [name, store, drop] of targets) {
    const stateDir = join(root, `state-${name}`);
    try {
      if (STORED > 0) {
        const filled = await prefill(store, defaultKeyFile(store, stateDir), STUDY, STORED, (i) => seals[i % seals.length] ?? new Uint8Array(0));
        say(`${name}: ${String(filled.responses)} responses (${String(seals[0]?.length ?? 0)}-byte real seals, boxed under the store's key) and ${String(filled.coupons)} coupons stored directly in ${fmt(filled.seconds, 1)} s`);
      }
      const server = (await startServer({ studyDirs: [dir], store, host: '127.0.0.1', port: 0, stateDir, quiet: true })) as RunningServer;
      try {
        // The start-up re-keying runs beside the survey; capacity is measured without it (the open loop has its own).
        await server.firstReshuffle;
        figures.push([name, await measureStore(server)]);
        if (PROFILE) profiles.push([name, ...(await profileStore(server, Math.min(200, RESPONDENTS)))]);
      } finally {
        await server.close();
      }
      for (const n of INSTANCES) scaling.push([name, await measureInstances(n, dir, store, stateDir)]);
    } finally {
      await drop?.();
    }
  }
  say(`${String(RESPONDENTS)} respondents × 10 requests, ${String(CONCURRENCY)} at once, hybrid (ML-KEM-768 + X25519) study key; ${String(STORED)} responses stored before; load client in its own process; one server instance; load average ${loadavg().map((x) => fmt(x, 1)).join(' ')} on ${String(availableParallelism())} cores`);
  sayFigures(say, figures, sealMs);
  if (scaling.length > 0) say('separate `portas serve` processes on this machine over one store, each respondent\'s 10 requests spread round-robin over them:');
  for (const [name, x] of scaling) {
    say(`  ${name.padEnd(10)} ${String(x.instances)} instance${x.instances > 1 ? 's' : ' '}: ${fmt(x.completedPerSecond, 1).padStart(5)} completed/s, ${fmt(x.requestsPerSecond, 0).padStart(4)} requests/s, ${fmt(x.cpuPerCompletedMs, 1)} ms CPU per completed submission (all instances), machine ${fmt(100 * x.machineBusy, 0)} % busy, load ${fmt(x.load1, 1)}${x.failed > 0 ? `; ${String(x.failed)} failed (${x.reasons.join('; ')})` : ''}`);
  }
  if (profiles.length > 0) sayShares(say, profiles);
  say(`peak RSS ${fmt(peakRssMiB(), 0)} MiB (server process); the whole run took ${fmt((performance.now() - started) / 1000, 0)} s`);
}
