// The server bench's report: SQLite and PostgreSQL side by side (capacity, cost against the seal floor, the open loop
// at 80 % of capacity page by page, during the reshuffle too), and where the main thread's time goes.

import { fmt } from './measure.ts';
import type { LoadResult } from './server-load-client.ts';
import { pageFigures, worstPage, type PageFigures } from './server-open-loop.ts';
import type { CpuShares } from './server-profile.ts';

/** The acceptance bound: p99 of any page at 80 % of capacity during a reshuffle (issue #22). */
const P99_BOUND_MS = 250;

export interface StoreFigures {
  readonly completedPerSecond: number;
  readonly requestsPerSecond: number;
  readonly cpuPerCompletedMs: number;
  readonly finalP50: number;
  readonly finalP99: number;
  readonly clientCpuShare: number;
  /** Share of wall time the server's event loop was busy during the capacity run: near 1, the loop is the limit. */
  readonly eventLoopUtilization: number;
  readonly openRate: number;
  /** The reshuffle in the middle of the open loop: rows rewritten, its duration and its exclusive part. */
  readonly reshuffle: { readonly rows: number; readonly ms: number; readonly pausedMs: number | undefined } | { readonly failed: string };
  /** Unix ms: the open loop's start, and the reshuffle's start and end. */
  readonly window: { readonly openedAt: number; readonly from: number; readonly to: number };
  /** Share of the whole machine (all cores) busy during the capacity run. */
  readonly machineBusy: number;
  readonly open: LoadResult;
}

export function sayShares(say: (line: string) => void, profiles: readonly (readonly [string, CpuShares, number])[]): void {
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
  say('  (busy wall time: CPU plus synchronous waits such as SQLite fsync)');
}

/** The side-by-side table: capacity, cost, and the open loop page by page. */
export function sayFigures(say: (line: string) => void, figures: readonly [string, StoreFigures][], sealMs: number): void {
  const col = (s: string): string => s.padStart(24);
  say(`${''.padEnd(50)}${figures.map(([n]) => col(n)).join('')}`);
  const row = (label: string, f: (x: StoreFigures) => string): void => {
    say(`${label.padEnd(50)}${figures.map(([, x]) => col(f(x))).join('')}`);
  };
  row('completed submissions/s', (x) => fmt(x.completedPerSecond, 1));
  row('requests/s', (x) => fmt(x.requestsPerSecond, 0));
  row('server CPU per completed submission (ms)', (x) => fmt(x.cpuPerCompletedMs, 1));
  row(`floor: one seal (${fmt(sealMs, 2)} ms); ratio to it`, (x) => `${fmt(x.cpuPerCompletedMs / sealMs, 1)}×`);
  row('final POST p50 / p99 at capacity (ms)', (x) => `${fmt(x.finalP50, 0)} / ${fmt(x.finalP99, 0)}`);
  row('server event loop busy during that run', (x) => `${fmt(100 * x.eventLoopUtilization, 0)} %`);
  row('load client CPU (share of one core)', (x) => `${fmt(100 * x.clientCpuShare, 0)} %`);
  row('machine busy during the capacity run (all cores)', (x) => `${fmt(100 * x.machineBusy, 0)} %`);
  row('open loop at 80 % of capacity (respondents/s)', (x) => fmt(x.openRate, 1));
  row('  its length; the reshuffle from … to … (s)', (x) => `${fmt(x.open.seconds, 0)}; ${fmt((x.window.from - x.window.openedAt) / 1000, 0)}…${fmt((x.window.to - x.window.openedAt) / 1000, 0)}`);
  row('  completed (failed)', (x) => `${String(x.open.completed)} (${String(x.open.failed)})`);
  for (const [name, x] of figures) if (x.open.failed > 0) say(`    ${name}: respondents failed because ${x.open.reasons.join('; ')}`);
  row('  reshuffle: rows, duration (ms)', (x) => ('failed' in x.reshuffle ? `failed: ${x.reshuffle.failed}` : `${String(x.reshuffle.rows)}, ${fmt(x.reshuffle.ms, 0)}`));
  row('  its exclusive part (ms)', (x) => ('failed' in x.reshuffle ? '-' : x.reshuffle.pausedMs === undefined ? 'all' : fmt(x.reshuffle.pausedMs, 0)));
  const pages = new Map(figures.map(([n, x]) => [n, pageFigures(x.open.timeline, x.window)]));
  const page = (x: StoreFigures, place: string): PageFigures | undefined => pages.get(figures.find(([, y]) => y === x)?.[0] ?? '')?.find((p) => p.page === place);
  say('  page p50 / p99 over the whole loop | p99 of those in flight during the reshuffle (ms):');
  const places = [...new Set([...pages.values()].flatMap((ps) => ps.map((p) => p.page)))].sort((a, b) => (a === 'any page' ? 1 : b === 'any page' ? -1 : a < b ? -1 : 1));
  for (const place of places) {
    row(`    ${place.replace(/^\d\d /, '')}`, (x) => {
      const p = page(x, place);
      return p === undefined ? '-' : `${fmt(p.p50, 0)} / ${fmt(p.p99, 0)} | ${fmt(p.p99During, 0)}`;
    });
  }
  row('  worst page p99, whole loop (ms)', (x) => {
    const w = worstPage(pages.get(figures.find(([, y]) => y === x)?.[0] ?? '') ?? []).whole;
    return w === undefined ? '-' : fmt(w.p99, 0);
  });
  row(`  worst page p99 during the reshuffle (ms)`, (x) => {
    const w = worstPage(pages.get(figures.find(([, y]) => y === x)?.[0] ?? '') ?? []).during;
    return w === undefined ? '-' : `${fmt(w.p99During, 0)} (${String(w.during)} req)`;
  });
  row(`  every page's p99 < ${String(P99_BOUND_MS)} ms during the reshuffle`, (x) => {
    const w = worstPage(pages.get(figures.find(([, y]) => y === x)?.[0] ?? '') ?? []).during;
    return w === undefined ? '-' : w.p99During < P99_BOUND_MS ? 'yes' : 'NO';
  });
  const [sqlite, postgres] = [figures.find(([n]) => n === 'SQLite')?.[1], figures.find(([n]) => n === 'PostgreSQL')?.[1]];
  if (sqlite !== undefined && postgres !== undefined) say(`ratio PostgreSQL / SQLite, completed/s: ${fmt(postgres.completedPerSecond / sqlite.completedPerSecond, 2)} (same run, same machine)`);
}
