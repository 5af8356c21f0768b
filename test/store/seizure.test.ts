// Seizure: read every byte the database wrote and try to line rows up with submission order (and find identifying data).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/store/open.ts';
import { ReshuffleScheduler } from '../../src/store/reshuffle-scheduler.ts';
import type { Store, Submission } from '../../src/store/store.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { hash } from './fixtures.ts';
import { idOffsets, markerOffsets, spearman, telltalesIn } from './forensics.ts';
import { pgDatabase, pgSkipReason, type PgTarget } from './pg-env.ts';

const N = 1000;
const STUDY = 'seized';
/** Every column the store may keep, per table: anything else on disk is a leak. */
const ALLOWED_COLUMNS = {
  responses: ['period', 'response_id', 'sealed', 'status', 'study'],
  coupons: ['coupon_hash', 'expiry', 'issued_to', 'redeemed_by', 'state', 'study'],
  tokens: ['label', 'study', 'token_hash'],
  schema_version: ['version'],
};

/**
 * 1,000 submissions forming a recruitment tree from 10 seeds; sealed bytes carry markers at both ends. Ids come from a
 * seeded generator standing in for the CSPRNG, so every ρ below is reproducible: for random keys ρ is ≈ N(0, 1/√1000),
 * and 0.1 is 3.2 standard deviations — a fresh random draw per run would fail now and then for no reason.
 */
function workload(seed: number): { seeds: string[]; subs: Submission[] } {
  const rng = xoshiro128ss(seed);
  const hex = (words: number): string => Array.from({ length: words }, () => rng.nextUint32().toString(16).padStart(8, '0')).join('');
  const [rid, hash] = [() => hex(4), () => hex(8)];
  const seeds = Array.from({ length: 10 }, hash);
  const open = [...seeds];
  const subs: Submission[] = [];
  for (let i = 0; i < N; i++) {
    const k = String(i).padStart(6, '0');
    const sealed = Buffer.concat([Buffer.from(`PORTAS-HEAD-${k}`), randomBytes(1500), Buffer.from(`PORTAS-TAIL-${k}`)]);
    const redeem = open.splice(rng.nextInt(open.length), 1)[0];
    const issue = [hash(), hash(), hash()];
    open.push(...issue);
    subs.push({
      responseId: rid(),
      period: `2024-W${String(17 + Math.floor(i / 250)).padStart(2, '0')}`,
      status: i % 7 === 0 ? 'partial' : 'complete',
      sealed: new Uint8Array(sealed),
      issueCouponHashes: issue,
      issueExpiry: '2024-W30',
      ...(redeem === undefined ? {} : { redeemCouponHash: redeem }),
    });
  }
  return { seeds, subs };
}

interface Seized {
  /** Every byte of every file the database wrote, by file name. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** The file whose offsets are the physical order (SQLite db file, PostgreSQL heap of `responses`), when readable. */
  readonly heap?: Buffer;
  /** PostgreSQL: submission index → [ctid ordinal, xmin]. */
  readonly tuples?: ReadonlyMap<number, readonly [number, number]>;
  readonly columns: Record<string, string[]>;
}

interface Rhos {
  head: number;
  tail: number;
  ctid?: number;
  xmin?: number;
}

function correlate(seized: Seized, subs: readonly Submission[]): Rhos {
  const out: Rhos = { head: Number.NaN, tail: Number.NaN };
  if (seized.heap !== undefined) {
    for (const which of ['head', 'tail'] as const) {
      const offsets = markerOffsets(seized.heap, `PORTAS-${which.toUpperCase()}-`);
      assert.equal(offsets.size, N, `every ${which} marker is in the file`);
      const xs = [...offsets.keys()];
      out[which] = spearman(xs, xs.map((k) => offsets.get(k)![0]!));
    }
  }
  if (seized.tuples !== undefined) {
    assert.equal(seized.tuples.size, subs.length);
    const xs = [...seized.tuples.keys()];
    out.ctid = spearman(xs, xs.map((k) => seized.tuples!.get(k)![0]));
    out.xmin = spearman(xs, xs.map((k) => seized.tuples!.get(k)![1]));
  }
  return out;
}

const rhoValues = (r: Rhos): (number | undefined)[] => [r.head, r.tail, r.ctid, r.xmin];
const small = (rho: number | undefined): boolean => rho === undefined || Number.isNaN(rho) || Math.abs(rho) < 0.1;
const show = (r: Rhos): string => Object.entries(r).map(([k, v]) => `${k} ${Number.isNaN(v) ? 'constant/none' : (v as number).toFixed(3)}`).join(', ');

async function feed(store: Store, w: ReturnType<typeof workload>, scheduler?: ReshuffleScheduler): Promise<void> {
  assert.ok((await store.issueSeedCoupons(STUDY, w.seeds, '2024-W30')).ok);
  assert.ok((await store.addToken(STUDY, hash(), 'analyst')).ok);
  for (const s of w.subs) {
    const r = await store.submit(STUDY, s);
    assert.ok(r.ok && r.value.kind === 'stored', JSON.stringify(r));
    scheduler?.noteStored();
    await new Promise((r) => setImmediate(r)); // one request per event-loop turn, as in the server: timers get their turn
  }
}

/**
 * Response ids also sit in clear in the coupons table and in indexes (issued_to, redeemed_by). For every file where
 * most ids occur, the rank correlation between submission order and the first and the last place each id is found.
 */
function idOrderRhos(seized: Seized, subs: readonly Submission[]): Map<string, number> {
  const ids = subs.map((s) => s.responseId);
  const out = new Map<string, number>();
  for (const [name, bytes] of seized.files) {
    const offsets = idOffsets(bytes, ids);
    const present = ids.map((id, i) => [i, offsets.get(id) ?? []] as const).filter(([, o]) => o.length > 0);
    if (present.length < ids.length / 2) continue;
    const order = present.map(([i]) => i);
    out.set(`${name}:first`, spearman(order, present.map(([, o]) => o[0]!)));
    out.set(`${name}:last`, spearman(order, present.map(([, o]) => o[o.length - 1]!)));
  }
  return out;
}

const showIds = (m: Map<string, number>): string => {
  const worst = [...m].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0];
  return worst === undefined ? 'no file' : `max |ρ| ${Math.abs(worst[1]).toFixed(3)} (${worst[0]}) over ${m.size} readings`;
};

/** How many copies of each marker the files hold in all: more than one means a stale copy survived somewhere. */
function copiesPerMarker(seized: Seized): number[] {
  const all = Buffer.concat([...seized.files.values()]);
  return ['HEAD', 'TAIL'].flatMap((w) => [...markerOffsets(all, `PORTAS-${w}-`).values()].map((o) => o.length));
}

function checkSeized(seized: Seized): void {
  if (seized.files.size > 0) {
    const copies = copiesPerMarker(seized);
    assert.equal(copies.length, 2 * N, 'every marker is somewhere in the files');
    assert.equal(Math.max(...copies), 1, 'a stale copy of a sealed response survives in the files');
  }
  assert.deepEqual(seized.columns, ALLOWED_COLUMNS, 'no column beyond the allowlist');
  for (const [name, bytes] of seized.files) assert.deepEqual(telltalesIn(bytes), [], `${name} holds identifying data`);
}

function run(label: string, skip: string | undefined, fresh: () => Promise<{ store: Store; seize: (subs: readonly Submission[]) => Promise<Seized>; done: () => Promise<void> }>): void {
  // Each test carries the skip, not the suite: a skipped describe() hides how many tests it holds.
  describe(`seizure: ${label}`, () => {
    test('before and after one reshuffle: the physical order of a plain insert leaks; the rewrite removes it', { skip: skip ?? false }, async (t) => {
      const { store, seize, done } = await fresh();
      try {
        const w = workload(20240417);
        await feed(store, w);
        const seizedBefore = await seize(w.subs);
        const before = correlate(seizedBefore, w.subs);
        const idsBefore = idOrderRhos(seizedBefore, w.subs);
        assert.ok((await store.reshuffle()).ok);
        const seized = await seize(w.subs);
        const afterRhos = correlate(seized, w.subs);
        const idsAfter = idOrderRhos(seized, w.subs);
        const line = `${label}: ρ before reshuffle: ${show(before)}; after: ${show(afterRhos)}. Clear response ids in every file: before ${showIds(idsBefore)}; after ${showIds(idsAfter)}`;
        t.diagnostic(line);
        console.log(line);
        // The forensic reading must be able to see order at all, or the "after" check proves nothing.
        assert.ok([before.head, before.tail, before.ctid ?? 0, before.xmin ?? 0].some((r) => Math.abs(r) > 0.3), line);
        for (const r of rhoValues(afterRhos)) assert.ok(small(r), line);
        for (const r of idsAfter.values()) assert.ok(small(r), line);
        checkSeized(seized);
      } finally {
        await done();
      }
    });

    test('normal operation with the reshuffle scheduler: no order left once it settles, nothing identifying on disk', { skip: skip ?? false }, async (t) => {
      const { store, seize, done } = await fresh();
      const scheduler = new ReshuffleScheduler(store);
      try {
        const w = workload(20240501);
        await feed(store, w, scheduler);
        const tailAtEnd = scheduler.tail;
        await scheduler.settled();
        const seized = await seize(w.subs);
        const rhos = correlate(seized, w.subs);
        const ids = idOrderRhos(seized, w.subs);
        const line = `${label}: normal operation (tail of ${tailAtEnd} unshuffled rows when the last submission landed, 0 after settling): ρ ${show(rhos)}; clear ids: ${showIds(ids)}`;
        t.diagnostic(line);
        console.log(line);
        for (const r of rhoValues(rhos)) assert.ok(small(r), line);
        for (const r of ids.values()) assert.ok(small(r), line);
        checkSeized(seized);
      } finally {
        await scheduler.stop();
        await done();
      }
    });
  });
}

run('SQLite', undefined, async () => {
  // File layout, not durability, is under test here: a RAM-backed directory keeps 2,000 fsyncs from dominating.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'portas-seize-'));
  const path = join(dir, 'store.db');
  const opened = await openStore(`sqlite:${path}`);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  return {
    store,
    seize: () => {
      const files = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))] as const));
      const db = new Database(path, { readonly: true });
      const columns = columnsOf((t) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]));
      db.close();
      return Promise.resolve({ files, heap: files.get('store.db')!, columns });
    },
    done: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

function columnsOf(list: (table: string) => string[]): Record<string, string[]> {
  return Object.fromEntries(Object.keys(ALLOWED_COLUMNS).map((t) => [t, list(t).sort()]));
}

run('PostgreSQL', pgSkipReason(), async () => {
  const target: PgTarget = await pgDatabase();
  const opened = await openStore(target.url);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  return {
    store,
    seize: async (subs) => {
      await admin.query('CHECKPOINT'); // flush shared buffers so the files hold what a seizure would find
      const index = new Map(subs.map((s, i) => [s.responseId, i]));
      const { rows } = await admin.query<{ response_id: string; ctid: string; xmin: string }>('SELECT response_id, ctid::text, xmin::text FROM responses');
      const tuples = new Map(
        rows.map((r) => {
          const [page, slot] = r.ctid.slice(1, -1).split(',').map(Number) as [number, number];
          return [index.get(r.response_id)!, [page * 10_000 + slot, Number(r.xmin)] as const];
        }),
      );
      const cols = await admin.query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
      );
      const columns = columnsOf((t) => cols.rows.filter((c) => c.table_name === t).map((c) => c.column_name));
      const files = new Map<string, Buffer>();
      let heap: Buffer | undefined;
      if (target.dataDirectory !== undefined && existsSync(target.dataDirectory)) {
        const rels = await admin.query<{ relname: string; path: string }>(
          "SELECT c.relname, pg_relation_filepath(c.oid) AS path FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace) OR c.oid IN (SELECT indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = 'pg_toast'::regnamespace AND t.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace))",
        );
        for (const r of rels.rows) {
          for (const fork of ['', '_fsm', '_vm', '.1']) {
            const p = join(target.dataDirectory, `${r.path}${fork}`);
            if (existsSync(p)) files.set(`${r.relname}${fork}`, readFileSync(p));
          }
        }
        heap = files.get('responses');
      }
      return heap === undefined ? { files, tuples, columns } : { files, heap, tuples, columns };
    },
    done: async () => {
      await admin.end();
      await store.close();
      await target.drop();
    },
  };
});
