// Store bench: durable submissions per second (sequential and 50 concurrent submitters); the reshuffle with re-keying
// against the old reshuffle without it (seconds, and bytes written: PostgreSQL's WAL, SQLite's writes) per 10,000
// responses; peak memory — SQLite and PostgreSQL side by side in one run.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/store/open.ts';
import type { Store, Submission } from '../src/store/store.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

const SEALED_BYTES = 1500; // an age-sealed questionnaire of a few dozen answers
const RESHUFFLE_ROWS = 10_000;

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
  /** Fills `responses` with n clear rows directly (a large store of schema 1: the next open re-keys it). */
  bulkLoad(n: number): Promise<void>;
  /** The reshuffle as it was before re-keying existed (a plain rewrite in key order), on the same database. */
  oldReshuffle(): Promise<void>;
  /** Bytes written so far: PostgreSQL's WAL position, or the bytes this process passed to write() (SQLite). */
  written(): Promise<number>;
  done(): Promise<void>;
}

const processWrites = (): number => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);

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
        db.exec("UPDATE storage_epoch SET id = 'clear'; DELETE FROM responses; DELETE FROM coupons");
        for (let i = 0; i < n; i++) ins.run(randomBytes(16).toString('hex'), randomBytes(SEALED_BYTES));
      })();
      db.close();
      return Promise.resolve();
    },
    oldReshuffle: () => {
      const db = new Database(path);
      db.pragma('secure_delete = ON');
      db.pragma('temp_store = FILE');
      db.exec('VACUUM');
      db.close();
      return Promise.resolve();
    },
    written: () => Promise.resolve(processWrites()),
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
  const keyFile = join(mkdtempSync(join(tmpdir(), 'portas-bench-key-')), 'store.key');
  return {
    name: 'PostgreSQL',
    open: async () => {
      const r = await openStore(url.toString(), { keyFile });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    bulkLoad: async (n) => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query("UPDATE storage_epoch SET id = 'clear'; TRUNCATE responses, coupons");
      for (let done = 0; done < n; done += 2000) {
        const k = Math.min(2000, n - done);
        const ids = Array.from({ length: k }, () => randomBytes(16).toString('hex'));
        const blobs = Array.from({ length: k }, () => randomBytes(SEALED_BYTES));
        await c.query("INSERT INTO responses SELECT 'bulk', id, '2024-W17', 'complete', b FROM unnest($1::text[], $2::bytea[]) AS u(id, b)", [ids, blobs]);
      }
      await c.end();
    },
    oldReshuffle: async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query('BEGIN');
      await c.query('LOCK TABLE responses, coupons IN ACCESS EXCLUSIVE MODE');
      await c.query('CREATE TEMP TABLE r ON COMMIT DROP AS SELECT * FROM responses');
      await c.query('CREATE TEMP TABLE k ON COMMIT DROP AS SELECT * FROM coupons');
      await c.query('TRUNCATE responses, coupons');
      await c.query('INSERT INTO responses SELECT * FROM r ORDER BY study COLLATE "C", response_id COLLATE "C"');
      await c.query('INSERT INTO coupons SELECT * FROM k ORDER BY study COLLATE "C", coupon_hash COLLATE "C"');
      await c.query('COMMIT');
      await c.end();
    },
    written: async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const { rows } = await c.query<{ b: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS b");
      await c.end();
      return Number(rows[0]?.b);
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

  say(`reshuffle of ${RESHUFFLE_ROWS.toLocaleString('en')} responses (${SEALED_BYTES} bytes sealed each), median of 3; bytes: PostgreSQL WAL (the cluster is shared: other work adds noise), SQLite bytes written by this process:`);
  for (const a of [sqliteAdapter(), ...(adapters.length > 1 ? [await postgresAdapter(base)] : [])]) {
    try {
      const first = await a.open();
      await first.close();
      await a.bulkLoad(RESHUFFLE_ROWS);
      const store = await a.open(); // re-keys the clear rows once
      const measure = async (fn: () => Promise<void>): Promise<{ s: number; bytes: number }> => {
        const samples: { s: number; bytes: number }[] = [];
        for (let i = 0; i < 3; i++) {
          const [t0, b0] = [performance.now(), await a.written()];
          await fn();
          samples.push({ s: (performance.now() - t0) / 1000, bytes: (await a.written()) - b0 });
        }
        samples.sort((x, y) => x.s - y.s);
        return samples[1] ?? { s: Number.NaN, bytes: Number.NaN };
      };
      const rekeyed = await measure(async () => {
        const r = await store.reshuffle();
        if (!r.ok) throw new Error(r.error.message);
      });
      await store.close();
      const old = await measure(() => a.oldReshuffle());
      const mib = (b: number): string => fmt(b / 2 ** 20, 1);
      say(`${a.name.padEnd(10)}  re-key + rewrite ${fmt(rekeyed.s, 2)} s, ${mib(rekeyed.bytes)} MiB   old rewrite ${fmt(old.s, 2)} s, ${mib(old.bytes)} MiB   (×${fmt(rekeyed.s / old.s, 1)} time); peak RSS so far ${fmt(peakRssMiB(), 0)} MiB`);
    } finally {
      await a.done();
    }
  }
}
