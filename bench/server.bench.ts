// The server under load through the real HTTP path, SQLite and PostgreSQL side by side in one run:
// capacity (completed submissions/s, requests/s), server CPU per completed submission against the floor set by the
// seal itself, p99 page latency at 80 % of capacity, and where the main thread's CPU goes.
// The load client runs in its own process (bench/server-load-client.ts), so it does not share the server's event loop.

import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startServer, type RunningServer } from '../src/cli/serve.ts';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../src/collect/path.ts';
import { parsePage } from '../src/collect/parse-form.ts';
import { generateStudyKey, randomBytes, recipientFileText, seal } from '../src/crypto/index.ts';
import { loadStudyRuntime, type StudyRuntime } from '../src/server/study-runtime.ts';
import { defaultKeyFile, openStore } from '../src/store/open.ts';
import { fmt, peakRssMiB } from './measure.ts';
import type { LoadPlan, LoadResult } from './server-load-client.ts';
import { startInstances } from './server-instances.ts';
import { profileWhile, type CpuShares } from './server-profile.ts';

const STUDY = 'russians-in-serbia';
const RESPONDENTS = Number(process.env['PORTAS_BENCH_RESPONDENTS'] ?? 400);
const CONCURRENCY = 25;
const OPEN_SECONDS = Number(process.env['PORTAS_BENCH_OPEN_SECONDS'] ?? 20);
/** With --full (or PORTAS_BENCH_STORED=N), a further PostgreSQL column starts with 100,000 (N) responses already stored. */
const STORED = Number(process.env['PORTAS_BENCH_STORED'] ?? (process.argv.includes('--full') ? 100_000 : 0));

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

/** Stores `n` responses of a realistic size (2 KiB sealed, three coupons each) through the store, 50 at a time. */
async function preload(url: string, stateDir: string, n: number): Promise<number> {
  const opened = await openStore(url, { keyFile: defaultKeyFile(url, stateDir) });
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  const t0 = performance.now();
  let next = 0;
  const hex = (bytes: number): string => Buffer.from(randomBytes(bytes)).toString('hex');
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < n) {
      next += 1;
      const r = await store.submit(STUDY, { responseId: hex(16), period: '2026-W49', status: 'complete', sealed: randomBytes(2048), issueCouponHashes: [hex(32), hex(32), hex(32)] });
      if (!r.ok) throw new Error(`preload: ${r.error.kind}`);
    }
  }));
  const perSecond = n / ((performance.now() - t0) / 1000);
  await store.close();
  return perSecond;
}

async function studyDir(root: string): Promise<string> {
  const dir = join(root, 'study');
  mkdirSync(dir, { recursive: true });
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'instrument.yaml'));
  writeFileSync(join(dir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'hybrid' }), STUDY));
  writeFileSync(join(dir, 'study.yaml'), 'entry_without_coupon: true\n');
  return dir;
}

/** Runs the load client in a child process and waits for its result. */
function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./server-load-client.ts', import.meta.url).pathname, [JSON.stringify(plan)], { execArgv: ['--import', 'tsx', '--max-http-header-size=262144'], stdio: 'inherit' });
    let result: LoadResult | undefined;
    child.on('message', (m) => {
      result = m as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`load client exited with ${String(code)} and no result`));
    });
  });
}

const quantile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

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

interface StoreFigures {
  readonly completedPerSecond: number;
  readonly requestsPerSecond: number;
  readonly cpuPerCompletedMs: number;
  readonly finalP50: number;
  readonly finalP99: number;
  readonly clientCpuShare: number;
  /** Share of wall time the server's event loop was busy during the capacity run: near 1, the loop is the limit. */
  readonly eventLoopUtilization: number;
  readonly openRate: number;
  /** The reshuffle run halfway through the open loop: rows rewritten, its duration and its exclusive part. */
  readonly reshuffle: { readonly rows: number; readonly ms: number; readonly pausedMs: number | undefined } | { readonly failed: string } | undefined;
  /** Share of the whole machine (all cores) busy during the capacity run. */
  readonly machineBusy: number;
  readonly open: LoadResult;
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
  // Halfway through, a reshuffle of every stored row, as the server's scheduler runs it (SQLite: in this process).
  let reshuffle: StoreFigures['reshuffle'];
  let reshuffling: Promise<void> | undefined;
  const midway = setTimeout(() => {
    reshuffling = server.store.reshuffle().then((r) => {
      reshuffle = r.ok ? { rows: r.value.responses, ms: r.value.milliseconds, pausedMs: r.value.pausedMs } : { failed: r.error.reason };
    });
  }, (OPEN_SECONDS * 1000) / 2);
  const open = await load({ mode: 'open', urls: [server.url], study: STUDY, perSecond: openRate, seconds: OPEN_SECONDS });
  clearTimeout(midway);
  await reshuffling;
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

function sayShares(say: (line: string) => void, profiles: readonly (readonly [string, CpuShares, number])[]): void {
  const stages = [...new Set(profiles.flatMap(([, shares]) => [...shares.keys()]))];
  const perCompleted = (shares: CpuShares, completed: number, stage: string): number => (shares.get(stage) ?? 0) / completed;
  const first = profiles[0];
  if (first !== undefined) stages.sort((a, b) => perCompleted(first[1], first[2], b) - perCompleted(first[1], first[2], a));
  say(`main-thread busy time per completed submission, by stage (V8 sampling profile of ${profiles.map(([n, , c]) => `${String(c)} ${n}`).join(' and ')} respondents):`);
  say(`  ${''.padEnd(38)}${profiles.map(([n]) => n.padStart(18)).join('')}`);
  for (const stage of stages) {
    say(`  ${stage.padEnd(38)}${profiles.map(([, shares, completed]) => {
      const total = [...shares.values()].reduce((a, b) => a + b, 0);
      const ms = shares.get(stage) ?? 0;
      return `${fmt(ms / completed, 2)} ms ${fmt((100 * ms) / total, 0).padStart(3)} %`.padStart(18);
    }).join('')}`);
  }
  say(`  ${'total'.padEnd(38)}${profiles.map(([, shares, completed]) => `${fmt([...shares.values()].reduce((a, b) => a + b, 0) / completed, 1)} ms`.padStart(18)).join('')}`);
  say('  (busy wall time: CPU plus synchronous waits such as SQLite fsync; WebCrypto AES-GCM runs on the thread pool, outside it)');
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

export async function run(say: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'portas-bench-server-'));
  const dir = await studyDir(root);
  const loaded = loadStudyRuntime(dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const sealMs = await sealFloorMs(loaded.study);
  const targets: [string, string, (() => Promise<void>) | undefined][] = [['SQLite', `sqlite:${join(root, 'db.sqlite')}`, undefined]];
  const pgTarget = await postgresTarget(say);
  if (pgTarget !== undefined) targets.push(['PostgreSQL', pgTarget.url, pgTarget.drop]);
  if (STORED > 0) {
    const big = await postgresTarget(say, 'big');
    if (big !== undefined) {
      say(`PostgreSQL with ${String(STORED)} responses stored: ${fmt(await preload(big.url, join(root, `state-PG ${String(STORED / 1000)}k`), STORED), 0)} preloaded/s`);
      targets.push([`PG ${String(STORED / 1000)}k`, big.url, big.drop]);
    }
  }
  const figures: [string, StoreFigures][] = [];
  const profiles: [string, CpuShares, number][] = [];
  const scaling: [string, InstanceFigures][] = [];
  for (const [name, store, drop] of targets) {
    const preloaded = name.startsWith('PG ');
    const server = (await startServer({ studyDirs: [dir], store, host: '127.0.0.1', port: 0, stateDir: join(root, `state-${name}`), quiet: true })) as RunningServer;
    try {
      figures.push([name, await measureStore(server)]);
      if (!preloaded) profiles.push([name, ...(await profileStore(server, Math.min(200, RESPONDENTS)))]);
    } finally {
      await server.close();
    }
    try {
      if (!preloaded) for (const n of [1, 3]) scaling.push([name, await measureInstances(n, dir, store, join(root, `state-${name}`))]);
    } finally {
      await drop?.();
    }
  }
  say(`${String(RESPONDENTS)} respondents × 10 requests, ${String(CONCURRENCY)} at once, hybrid (ML-KEM-768 + X25519) study key; load client in its own process; one server instance; load average ${loadavg().map((x) => fmt(x, 1)).join(' ')} on ${String(availableParallelism())} cores`);
  const col = (s: string): string => s.padStart(14);
  say(`${''.padEnd(46)}${figures.map(([n]) => col(n)).join('')}`);
  const row = (label: string, f: (x: StoreFigures) => string): void => {
    say(`${label.padEnd(46)}${figures.map(([, x]) => col(f(x))).join('')}`);
  };
  row('completed submissions/s', (x) => fmt(x.completedPerSecond, 1));
  row('requests/s', (x) => fmt(x.requestsPerSecond, 0));
  row('server CPU per completed submission (ms)', (x) => fmt(x.cpuPerCompletedMs, 1));
  row(`floor: one seal (${fmt(sealMs, 2)} ms); ratio to it`, (x) => `${fmt(x.cpuPerCompletedMs / sealMs, 1)}×`);
  row('final POST p50 / p99 at capacity (ms)', (x) => `${fmt(x.finalP50, 0)} / ${fmt(x.finalP99, 0)}`);
  row('server event loop busy during that run', (x) => `${fmt(100 * x.eventLoopUtilization, 0)} %`);
  row('load client CPU (share of one core)', (x) => `${fmt(100 * x.clientCpuShare, 0)} %`);
  row('open loop at 80 % of capacity (respondents/s)', (x) => fmt(x.openRate, 1));
  row(`  completed in ${String(OPEN_SECONDS)} s (failed)`, (x) => `${String(x.open.completed)} (${String(x.open.failed)})`);
  row('  any page p50 / p99 (ms)', (x) => `${fmt(quantile(x.open.pageMs, 0.5), 0)} / ${fmt(quantile(x.open.pageMs, 0.99), 0)}`);
  row('  final POST p99 / max (ms)', (x) => `${fmt(quantile(x.open.finalMs, 0.99), 0)} / ${fmt(x.open.finalMs.at(-1) ?? Number.NaN, 0)}`);
  row('  with a reshuffle halfway: rows, duration (ms)', (x) => (x.reshuffle === undefined ? 'none' : 'failed' in x.reshuffle ? `failed: ${x.reshuffle.failed}` : `${String(x.reshuffle.rows)}, ${fmt(x.reshuffle.ms, 0)}`));
  row('  its exclusive part (ms)', (x) => (x.reshuffle === undefined || 'failed' in x.reshuffle ? '-' : x.reshuffle.pausedMs === undefined ? 'all' : fmt(x.reshuffle.pausedMs, 0)));
  const places = [...new Set(figures.flatMap(([, x]) => Object.keys(x.open.byPage)))].sort();
  for (const place of places) row(`  ${place.slice(3)} p50 / p99 (ms)`, (x) => {
    const ms = x.open.byPage[place] ?? [];
    return `${fmt(quantile(ms, 0.5), 0)} / ${fmt(quantile(ms, 0.99), 0)}`;
  });
  row('machine busy during the capacity run (all cores)', (x) => `${fmt(100 * x.machineBusy, 0)} %`);
  const [sqlite, postgres] = [figures.find(([n]) => n === 'SQLite')?.[1], figures.find(([n]) => n === 'PostgreSQL')?.[1]];
  if (sqlite !== undefined && postgres !== undefined) say(`ratio PostgreSQL / SQLite, completed/s: ${fmt(postgres.completedPerSecond / sqlite.completedPerSecond, 2)} (same run, same machine)`);

  say('separate `portas serve` processes on this machine over one store, each respondent\'s 10 requests spread round-robin over them:');
  for (const [name, x] of scaling) {
    say(`  ${name.padEnd(10)} ${String(x.instances)} instance${x.instances > 1 ? 's' : ' '}: ${fmt(x.completedPerSecond, 1).padStart(5)} completed/s, ${fmt(x.requestsPerSecond, 0).padStart(4)} requests/s, ${fmt(x.cpuPerCompletedMs, 1)} ms CPU per completed submission (all instances), machine ${fmt(100 * x.machineBusy, 0)} % busy, load ${fmt(x.load1, 1)}${x.failed > 0 ? `; ${String(x.failed)} failed (${x.reasons.join('; ')})` : ''}`);
  }
  sayShares(say, profiles);
  say(`peak RSS ${fmt(peakRssMiB(), 0)} MiB (server process)`);
}
