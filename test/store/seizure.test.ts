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
import { idOffsets, markerOffsets, orderBound, spearman, telltalesIn } from './forensics.ts';
import { keyFile } from '../../src/store/key-file.ts';
import { defaultKeyFile } from '../../src/store/open.ts';
import { pgDatabase, pgSkipReason, type PgTarget } from './pg-env.ts';

const N = 2000;
const STUDY = 'seized';
/** Every column the store may keep, per table: anything else on disk is a leak. */
const ALLOWED_COLUMNS = {
  responses: ['period', 'response_id', 'sealed', 'status', 'study'],
  storage_epoch: ['id'],
  coupons: ['coupon_hash', 'expiry', 'issued_to', 'redeemed_by', 'state', 'study'],
  tokens: ['label', 'study', 'token_hash'],
  schema_version: ['version'],
};
/**
 * PostgreSQL's re-keying pass (a count of re-keyings on each row written since the last one began, 0 on every row a
 * re-keying wrote: it tells the tail apart, as xmin already does) and the last re-keying's duration (not a time).
 */
const POSTGRES_COLUMNS = { ...ALLOWED_COLUMNS, responses: [...ALLOWED_COLUMNS.responses, 'pass'].sort(), coupons: [...ALLOWED_COLUMNS.coupons, 'pass'].sort(), storage_epoch: ['id', 'last_ms', 'pass'] };

/**
 * N submissions forming a recruitment tree from 10 seeds; sealed bytes carry markers at both ends. Ids come from a
 * seeded generator standing in for the CSPRNG, but each re-keying draws its key from the CSPRNG, so the readings after
 * one are not reproducible: each is held to `orderBound` (4.5 standard deviations of ρ where no order is left; with
 * 2,000 rows that is |ρ| < 0.1).
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
  /** Each stored (keyed) response id → its submission index, found with the seized key file. */
  readonly stored: ReadonlyMap<string, number>;
  /** Each stored id's boxed sealed bytes as read from the table (nonce at the head, tag at the tail). */
  readonly boxes: ReadonlyMap<string, Buffer>;
  /** The file whose offsets are the physical order (SQLite db file, PostgreSQL heap of `responses`), when readable. */
  readonly heap?: Buffer;
  /** PostgreSQL: submission index → [ctid ordinal, xmin]. */
  readonly tuples?: ReadonlyMap<number, readonly [number, number]>;
  readonly columns: Record<string, string[]>;
}

interface Rhos {
  /** File offset of each row's stored id, of its box's head (nonce: leaf cell) and its tail (tag: overflow page). */
  row: number;
  head: number;
  tail: number;
  ctid?: number;
  xmin?: number;
}

function correlate(seized: Seized, subs: readonly Submission[]): Rhos {
  const out: Rhos = { row: Number.NaN, head: Number.NaN, tail: Number.NaN };
  if (seized.heap !== undefined) {
    const heap = seized.heap;
    const ids = [...seized.stored.keys()];
    const offsets = idOffsets(heap, ids);
    assert.ok(ids.every((id) => (offsets.get(id) ?? []).length > 0), 'every row is in the file');
    const order = ids.map((id) => seized.stored.get(id)!);
    out.row = spearman(order, ids.map((id) => offsets.get(id)![0]!));
    const place = (part: (box: Buffer) => Buffer): number[] =>
      ids.map((id) => {
        const at = heap.indexOf(part(seized.boxes.get(id)!));
        assert.ok(at >= 0, 'every box is in the file');
        return at;
      });
    out.head = spearman(order, place((b) => b.subarray(0, 12)));
    out.tail = spearman(order, place((b) => b.subarray(b.length - 16)));
  }
  if (seized.tuples !== undefined) {
    assert.equal(seized.tuples.size, subs.length);
    const xs = [...seized.tuples.keys()];
    out.ctid = spearman(xs, xs.map((k) => seized.tuples!.get(k)![0]));
    out.xmin = spearman(xs, xs.map((k) => seized.tuples!.get(k)![1]));
  }
  return out;
}

const rhoValues = (r: Rhos): (number | undefined)[] => [r.row, r.head, r.tail, r.ctid, r.xmin];
/** No order left: |ρ| within `orderBound` over `n` rows (undefined or NaN: a reading this store does not have). */
const small = (rho: number | undefined, n = N): boolean => rho === undefined || Number.isNaN(rho) || Math.abs(rho) < orderBound(n);
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

/** One file's reading of stored ids: ρ with arrival order over the n ids found in it. */
interface IdReading {
  readonly rho: number;
  readonly n: number;
}

/**
 * Response ids also sit in clear in the coupons table and in indexes (issued_to, redeemed_by). For every file where
 * most ids occur, the rank correlation between submission order and the first and the last place each id is found.
 */
function idOrderRhos(seized: Seized, subs: readonly Submission[]): Map<string, IdReading> {
  const ids = [...seized.stored.keys()];
  const out = new Map<string, IdReading>();
  for (const [name, bytes] of seized.files) {
    assert.equal([...idOffsets(bytes, subs.map((s) => s.responseId)).values()].some((o) => o.length > 0), false, `${name} holds a response id in clear`);
    const offsets = idOffsets(bytes, ids);
    const present = ids.map((id) => [seized.stored.get(id)!, offsets.get(id) ?? []] as const).filter(([, o]) => o.length > 0);
    if (present.length < ids.length / 2) continue;
    const order = present.map(([i]) => i);
    out.set(`${name}:first`, { rho: spearman(order, present.map(([, o]) => o[0]!)), n: present.length });
    out.set(`${name}:last`, { rho: spearman(order, present.map(([, o]) => o[o.length - 1]!)), n: present.length });
  }
  return out;
}

const showIds = (m: Map<string, IdReading>): string => {
  const worst = [...m].sort((a, b) => Math.abs(b[1].rho) - Math.abs(a[1].rho))[0];
  return worst === undefined ? 'no file' : `max |ρ| ${Math.abs(worst[1].rho).toFixed(3)} (${worst[0]}, ${worst[1].n} ids) over ${m.size} readings`;
};

/** How many markers of the sealed bytes the files hold: the store boxes them, so none may be readable. */
function readableMarkers(seized: Seized): number {
  const all = Buffer.concat([...seized.files.values()]);
  return ['HEAD', 'TAIL'].reduce((n, w) => n + markerOffsets(all, `PORTAS-${w}-`).size, 0);
}

function checkSeized(seized: Seized, label: string): void {
  assert.equal(seized.stored.size, N, 'every row is found and mapped to its submission');
  if (seized.files.size > 0) assert.equal(readableMarkers(seized), 0, 'a sealed response is readable as submitted');
  assert.deepEqual(seized.columns, label === 'PostgreSQL' ? POSTGRES_COLUMNS : ALLOWED_COLUMNS, 'no column beyond the allowlist');
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
        assert.ok([before.row, before.head, before.tail, before.ctid ?? 0, before.xmin ?? 0].some((r) => Math.abs(r) > 0.3), line);
        for (const r of rhoValues(afterRhos)) assert.ok(small(r), line);
        for (const r of idsAfter.values()) assert.ok(small(r.rho, r.n), line);
        checkSeized(seized, label);
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
        for (const r of ids.values()) assert.ok(small(r.rho, r.n), line);
        checkSeized(seized, label);
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
    seize: (subs) => {
      const files = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))] as const));
      const db = new Database(path, { readonly: true });
      const columns = columnsOf((t) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]));
      const key = keyFile(`${path}.key`).keyFor(db.prepare('SELECT id FROM storage_epoch').pluck().get() as string)!;
      const index = new Map(subs.map((s, i) => [s.responseId, i]));
      const rows = db.prepare('SELECT response_id, sealed FROM responses').all() as { response_id: string; sealed: Buffer }[];
      const stored = new Map(rows.map((r) => [r.response_id, index.get(key.revealId(r.response_id))!] as const));
      const boxes = new Map(rows.map((r) => [r.response_id, r.sealed] as const));
      db.close();
      return Promise.resolve({ files, stored, boxes, heap: files.get('store.db')!, columns });
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
      const epoch = (await admin.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]!.id;
      const key = keyFile(defaultKeyFile(target.url)).keyFor(epoch)!;
      const { rows } = await admin.query<{ response_id: string; ctid: string; xmin: string; sealed: Buffer }>('SELECT response_id, ctid::text, xmin::text, sealed FROM responses');
      const stored = new Map(rows.map((r) => [r.response_id, index.get(key.revealId(r.response_id))!] as const));
      const boxes = new Map(rows.map((r) => [r.response_id, r.sealed] as const));
      const tuples = new Map(
        rows.map((r) => {
          const [page, slot] = r.ctid.slice(1, -1).split(',').map(Number) as [number, number];
          return [stored.get(r.response_id)!, [page * 10_000 + slot, Number(r.xmin)] as const];
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
      return heap === undefined ? { files, stored, boxes, tuples, columns } : { files, stored, boxes, heap, tuples, columns };
    },
    done: async () => {
      await admin.end();
      await store.close();
      await target.drop();
    },
  };
});
