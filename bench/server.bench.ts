// Completed submissions per second through the real HTTP path, SQLite vs PostgreSQL in one run, p50/p99 of the final POST.

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startServer, type RunningServer } from '../src/cli/serve.ts';
import { generateStudyKey, recipientFileText } from '../src/crypto/index.ts';
import { peakRssMiB } from './measure.ts';

const STUDY = 'russians-in-serbia';
const RESPONDENTS = 400;
const CONCURRENCY = 25;

async function studyDir(root: string): Promise<string> {
  const dir = join(root, 'study');
  mkdirSync(dir, { recursive: true });
  copyFileSync('studies/russians-in-serbia/instrument.yaml', join(dir, 'instrument.yaml'));
  writeFileSync(join(dir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'hybrid' }), STUDY));
  writeFileSync(join(dir, 'study.yaml'), 'entry_without_coupon: true\n');
  return dir;
}

async function load(server: RunningServer): Promise<{ perSecond: number; p50: number; p99: number }> {
  const post = async (path: string, fields: Record<string, string>): Promise<string> =>
    (await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })).text();
  const hidden = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const finals: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < RESPONDENTS) {
      next += 1;
      const entry = await (await fetch(`${server.url}/s/${STUDY}`)).text();
      let html = await post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), nav: 'start' });
      html = await post(`/s/${STUDY}/page`, { state: hidden(html, 'state'), nav: 'next', q_sex: '2', q_age: '35', q_city: '1' });
      for (;;) {
        const state = hidden(html, 'state');
        const last = html.includes('Отправить ответы');
        const t = performance.now();
        html = await post(`/s/${STUDY}/page`, { state, nav: 'next' });
        if (last) {
          finals.push(performance.now() - t);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  finals.sort((a, b) => a - b);
  const q = (p: number): number => finals[Math.min(finals.length - 1, Math.floor(p * finals.length))] ?? Number.NaN;
  return { perSecond: finals.length / seconds, p50: q(0.5), p99: q(0.99) };
}

export async function run(say: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'portas-bench-server-'));
  const dir = await studyDir(root);
  const targets: [string, string][] = [['SQLite', `sqlite:${join(root, 'db.sqlite')}`]];
  const pgUrl = process.env['PORTAS_TEST_POSTGRES'];
  let dbName: string | undefined;
  if (pgUrl !== undefined) {
    dbName = `portas_bench_${String(process.pid)}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(pgUrl);
    u.pathname = `/${dbName}`;
    targets.push(['PostgreSQL', u.toString()]);
  } else say('PostgreSQL: skipped (set PORTAS_TEST_POSTGRES)');
  const results: Record<string, number> = {};
  for (const [name, store] of targets) {
    const server = (await startServer({ studyDirs: [dir], store, host: '127.0.0.1', port: 0, stateDir: join(root, `state-${name}`), quiet: true })) as RunningServer;
    try {
      const r = await load(server);
      results[name] = r.perSecond;
      say(`${name}: ${String(RESPONDENTS)} respondents × 9 pages, ${String(CONCURRENCY)} at once: ${r.perSecond.toFixed(1)} completed submissions/s; final POST (seal + durable store) p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  }
  if (results['SQLite'] !== undefined && results['PostgreSQL'] !== undefined) say(`ratio PostgreSQL / SQLite: ${(results['PostgreSQL'] / results['SQLite']).toFixed(2)} (same run, same machine)`);
  say(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  if (dbName !== undefined && pgUrl !== undefined) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
