// Store bench: durable submissions per second (sequential and 50 concurrent submitters), reshuffle of 100,000 rows,
// peak memory — SQLite and PostgreSQL side by side in one run.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/store/open.ts';
import type { Store, Submission } from '../src/store/store.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

const SEALED_BYTES = 1500; // an age-sealed questionnaire of a few dozen answers
const RESHUFFLE_ROWS = 100_000;

const submission = (): Submission => ({
  responseId: randomBytes(16).toString('hex'),
  period: '2024-W17',
  status: 'complete',
  sealed: new Uint8Array(randomBytes(SEALED_BYTES)),
  issueCouponHashes: [randomBytes(32).toString('hex'), randomBytes(32).toString('hex'), randomBytes(32).toString('hex')],
});

interface Adapter {
  readonly name: string;
  open(): Promise<Store>;
  /** Fills `responses` with n rows directly (a large existing store), bypassing submit's per-row fsync. */
  bulkLoad(n: number): Promise<void>;
  done(): Promise<void>;
}

function sqliteAdapter(): Adapter {
  const dir = mkdtempSync(join(tmpdir(), 'portas-bench-'));
  const path = join(dir, 'store.db');
  return {
    name: 'SQLite',
    open: async () => {
      const r = await openStore(`sqlite:${path}`);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    bulkLoad: (n) => {
      const db = new Database(path);
      const ins = db.prepare("INSERT INTO responses VALUES ('bulk', ?, '2024-W17', 'complete', ?)");
      db.transaction(() => {
        for (let i = 0; i < n; i++) ins.run(randomBytes(16).toString('hex'), randomBytes(SEALED_BYTES));
      })();
      db.close();
      return Promise.resolve();
    },
    done: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function postgresAdapter(base: string): Promise<Adapter> {
  const name = `portas_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    open: async () => {
      const r = await openStore(url.toString());
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    bulkLoad: async (n) => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      for (let done = 0; done < n; done += 2000) {
        const k = Math.min(2000, n - done);
        const ids = Array.from({ length: k }, () => randomBytes(16).toString('hex'));
        const blobs = Array.from({ length: k }, () => randomBytes(SEALED_BYTES));
        await c.query("INSERT INTO responses SELECT 'bulk', id, '2024-W17', 'complete', b FROM unnest($1::text[], $2::bytea[]) AS u(id, b)", [ids, blobs]);
      }
      await c.end();
    },
    done: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function submitAll(store: Store, study: string, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const r = await store.submit(study, submission());
      if (!r.ok) throw new Error(`submit failed: ${JSON.stringify(r.error)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function run(say: (line: string) => void): Promise<void> {
  const adapters: Adapter[] = [sqliteAdapter()];
  const base = process.env['PORTAS_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    adapters.push(await postgresAdapter(base));
  } catch (e) {
    say(`PostgreSQL skipped: ${e instanceof Error ? e.message : String(e)} (set PORTAS_TEST_POSTGRES)`);
  }
  say(`durable submissions, ${SEALED_BYTES}-byte sealed response + 3 issued coupons each; median of 3 runs after a warm-up`);
  const rows: string[] = [];
  for (const a of adapters) {
    try {
      const store = await a.open();
      let batch = 0;
      const seqN = 200;
      const seq = await medianMs(3, () => submitAll(store, `seq-${(batch += 1)}`, seqN, 1));
      const conN = 500;
      const con = await medianMs(3, () => submitAll(store, `con-${(batch += 1)}`, conN, 50));
      await store.close();
      rows.push(`${a.name.padEnd(10)}  sequential ${fmt((seqN / seq) * 1000, 0).padStart(6)}/s   50 concurrent ${fmt((conN / con) * 1000, 0).padStart(6)}/s`);
    } finally {
      await a.done();
    }
  }
  for (const r of rows) say(r);

  say(`reshuffle of ${RESHUFFLE_ROWS.toLocaleString('en')} responses (${SEALED_BYTES} bytes sealed each):`);
  for (const a of [sqliteAdapter(), ...(adapters.length > 1 ? [await postgresAdapter(base)] : [])]) {
    try {
      const store = await a.open();
      await store.close();
      await a.bulkLoad(RESHUFFLE_ROWS);
      const again = await a.open();
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await again.reshuffle();
        if (!r.ok) throw new Error(r.error.message);
        times.push(r.value.milliseconds);
      }
      await again.close();
      times.sort((x, y) => x - y);
      say(`${a.name.padEnd(10)}  ${fmt((times[1] ?? Number.NaN) / 1000, 2)} s (median of 3); this process's peak RSS so far ${fmt(peakRssMiB(), 0)} MiB`);
    } finally {
      await a.done();
    }
  }
}
