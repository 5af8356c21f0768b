// The PostgreSQL re-keying: every row turned back with the old storage key and keyed anew, in one transaction, into
// new tables built in the new key order while submissions go on; catch-up rounds, still beside the submissions, add
// what arrived meanwhile, so under the exclusive epoch lock only the rows of the last short round are added, and the
// new tables take the old ones' names.

import type pg from 'pg';
import type { StorageKey } from '../storage-key.ts';
import { asBuffer, type CouponRow, type ResponseRow } from '../stored-rows.ts';

const RESPONSE_COLUMNS = 'study, response_id, period, status, sealed';
const COUPON_COLUMNS = 'study, coupon_hash, issued_to, state, expiry, redeemed_by';
const TABLES = [
  { name: 'responses', staging: 'rekey_responses', columns: RESPONSE_COLUMNS, order: 'study COLLATE "C", response_id COLLATE "C"' },
  { name: 'coupons', staging: 'rekey_coupons', columns: COUPON_COLUMNS, order: 'study COLLATE "C", coupon_hash COLLATE "C"' },
] as const;

/** How many catch-up rounds run before the exclusive part, when the rows left for it are few enough, and the pace. */
export interface CatchUp {
  /**
   * At most this many rounds into the staging tables (0: none, as before), then one into the new tables: rows copied
   * there land after the rest, a segment per round, so one round (what arrived while the new tables were built) is all.
   */
  readonly rounds: number;
  /** A round that copied at most this many rows is the last: what arrives during the next one is about as few. */
  readonly few: number;
  /**
   * After each batch of the long copy, wait this many times as long as the batch took (0: flat out). The copy's
   * crypto and row handling run on the server's event loop: at 1 it takes at most about half of it, and the pages
   * keep the rest. A longer copy costs no longer pause, since the catch-up rounds take what arrives meanwhile.
   */
  readonly idle: number;
  /** Asked between batches: an error to end the re-keying with (its transaction rolls back), when the store closes. */
  readonly stopped?: () => Error | undefined;
}

export const CATCH_UP: CatchUp = { rounds: 4, few: 64, idle: 0 };

/** Waits `idle` times the time since `since` (a batch's start). */
const breathe = (since: number, idle: number): Promise<void> => (idle <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, idle * (performance.now() - since))));

/** What a re-keying did: the rows now in the tables, and how many were added under the exclusive lock. */
export interface Rewritten {
  readonly responses: number;
  readonly coupons: number;
  /** Rows of the last pass, copied while nothing could commit (what arrived during the last catch-up round). */
  readonly lockedRows: number;
  readonly rounds: number;
}

/** Reads `select` through a cursor in batches (the cursor's snapshot is taken when it opens), handing each batch on. */
async function eachBatch(c: pg.PoolClient, name: string, select: string, size: number, catchUp: CatchUp, fn: (rows: unknown[]) => Promise<void>): Promise<void> {
  await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${select}`);
  for (;;) {
    const t0 = performance.now();
    const { rows } = await c.query(`FETCH ${String(size)} FROM ${name}`);
    if (rows.length === 0) break;
    await fn(rows);
    const stop = catchUp.stopped?.();
    if (stop !== undefined) throw stop;
    await breathe(t0, catchUp.idle);
  }
  await c.query(`CLOSE ${name}`);
}

/** Each index of `table`, by its definition with its own and its table's name left out (so `x_next`'s match `x`'s). */
async function indexShapes(c: pg.PoolClient, table: string): Promise<Map<string, string>> {
  const { rows } = await c.query<{ name: string; def: string }>('SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1', [table]);
  return new Map(rows.map((r) => [r.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, '$1'), r.name]));
}

/** Re-keys a batch of rows into the arrays `unnest` takes, one per column. */
function rekeyed(old: StorageKey, fresh: StorageKey, damaged: () => Error): { responses: (rows: readonly ResponseRow[]) => unknown[][]; coupons: (rows: readonly CouponRow[]) => unknown[][] } {
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : fresh.hideId(old.revealId(stored)));
  const columns = (rows: readonly (readonly unknown[])[], n: number): unknown[][] => Array.from({ length: n }, (_, i) => rows.map((r) => r[i]));
  return {
    responses: (rows) =>
      columns(
        rows.map((r) => {
          const rid = old.revealId(r.response_id);
          const sealed = old.unbox(r.study, rid, r.sealed);
          if (sealed === undefined) throw damaged();
          return [r.study, fresh.hideId(rid), r.period, r.status, asBuffer(fresh.box(r.study, rid, sealed))];
        }),
        5,
      ),
    coupons: (rows) => columns(rows.map((r) => [r.study, fresh.hideCoupon(old.revealCoupon(r.coupon_hash)), rekeyId(r.issued_to), r.state, r.expiry, rekeyId(r.redeemed_by)]), 6),
  };
}

const UNNEST = {
  responses: 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])',
  coupons: 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])',
} as const;

/**
 * `pass` is the number the caller made current (in a transaction of its own that waited for every writer of the pass
 * before) before this one read the key: every row written or changed since carries it, every row older does not. So:
 * 1. while submissions go on, every row of an earlier pass is re-keyed into the unlogged staging tables (not WAL-logged;
 *    not temp tables, which would tie the work to one session and break PgBouncer's transaction mode);
 * 2. catch-up rounds, still beside the submissions: `nextPass` makes a newer pass current (and waits for the writers of
 *    the one before), then the rows of the one before, re-keyed, replace their older versions; first into the staging
 *    tables, then, once those are copied into new tables `x_next` in the new key order with the old ones' indexes, into
 *    those. A round ends the catch-up once it copied few rows, or after `catchUp.rounds` rounds;
 * 3. `exclusive` takes the epoch lock exclusively (no submission commits from then on) and locks the old tables; the
 *    rows of the current pass (found through the `pass` index: what arrived during the last round) are added likewise;
 * 4. the old tables are dropped and the new ones take their names, and their indexes the old indexes' names.
 * Each round's rows land after the rest, in key order among themselves: the few last segments of the heap are the rows
 * that arrived during the re-keying (docs/storage.md). The caller holds the re-keying lock, and coupon revocation (the
 * only delete) waits for it, so nothing else changes.
 */
export async function rewriteRows(
  c: pg.PoolClient, old: StorageKey, fresh: StorageKey, pass: number, nextPass: () => Promise<number>,
  damaged: () => Error, exclusive: () => Promise<void>, catchUp: CatchUp = CATCH_UP,
): Promise<Rewritten> {
  const rekey = rekeyed(old, fresh, damaged);
  const put = async (table: 'responses' | 'coupons', into: string, columns: unknown[][]): Promise<number> => {
    const cols = table === 'responses' ? RESPONSE_COLUMNS : COUPON_COLUMNS;
    const r = await c.query(`INSERT INTO ${into} (${cols}) SELECT * FROM ${UNNEST[table]} AS g(${cols}) ORDER BY ${TABLES.find((t) => t.name === table)?.order ?? '1'}`, columns);
    return r.rowCount ?? 0;
  };
  /** The rows of pass `p`, re-keyed, into `responsesInto` and `couponsInto`: the net number of rows each gained, and the rows copied. */
  const addPass = async (p: number, responsesInto: string, couponsInto: string): Promise<{ responses: number; coupons: number; copied: number }> => {
    const added = { responses: 0, coupons: 0, copied: 0 };
    // Responses are never changed once stored: a response of pass `p` has no older version anywhere.
    const responses = (await c.query<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM responses WHERE pass = $1`, [p])).rows;
    if (responses.length > 0) added.responses = await put('responses', responsesInto, rekey.responses(responses));
    const coupons = (await c.query<CouponRow>(`SELECT ${COUPON_COLUMNS} FROM coupons WHERE pass = $1`, [p])).rows;
    added.copied = responses.length + coupons.length;
    if (coupons.length > 0) {
      // A coupon redeemed since it was copied as issued: its copy goes, the redeemed row comes after the rest.
      const columns = rekey.coupons(coupons);
      const changed = await c.query(`DELETE FROM ${couponsInto} n USING unnest($1::text[], $2::text[]) AS g(study, h) WHERE n.study = g.study AND n.coupon_hash = g.h`, [columns[0], columns[1]]);
      added.coupons = (await put('coupons', couponsInto, columns)) - (changed.rowCount ?? 0);
    }
    return added;
  };
  let current = pass;
  let rounds = 0;
  /** Catch-up rounds into `responsesInto` and `couponsInto`; the net number of rows they added. */
  const catchUpInto = async (responsesInto: string, couponsInto: string, most: number): Promise<{ responses: number; coupons: number }> => {
    const total = { responses: 0, coupons: 0 };
    for (let i = 0; i < most; i++) {
      const done = current;
      current = await nextPass();
      rounds += 1;
      const added = await addPass(done, responsesInto, couponsInto);
      total.responses += added.responses;
      total.coupons += added.coupons;
      if (added.copied <= catchUp.few) break;
    }
    return total;
  };

  // 1. While submissions go on.
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  await eachBatch(c, 'old_responses', `SELECT ${RESPONSE_COLUMNS} FROM responses WHERE pass <> ${String(pass)}`, 500, catchUp, async (rows) => {
    await put('responses', 'rekey_responses', rekey.responses(rows as ResponseRow[]));
  });
  await eachBatch(c, 'old_coupons', `SELECT ${COUPON_COLUMNS} FROM coupons WHERE pass <> ${String(pass)}`, 2000, catchUp, async (rows) => {
    await put('coupons', 'rekey_coupons', rekey.coupons(rows as CouponRow[]));
  });
  // 2. What arrived during the copy, into the staging tables (so that it, too, lands in key order with the rest).
  await catchUpInto('rekey_responses', 'rekey_coupons', catchUp.rounds);
  const counts = { responses: 0, coupons: 0 };
  // The swap, prepared here so that it is one round trip under the exclusive lock: drop, rename, indexes renamed back.
  const swap: string[] = [];
  for (const t of TABLES) {
    await c.query(`CREATE TABLE ${t.name}_next (LIKE ${t.name} INCLUDING ALL)`);
    counts[t.name] += (await c.query(`INSERT INTO ${t.name}_next (${t.columns}) SELECT ${t.columns} FROM ${t.staging} ORDER BY ${t.order}`)).rowCount ?? 0;
    const names = await indexShapes(c, t.name);
    swap.push(`DROP TABLE ${t.name}`, `ALTER TABLE ${t.name}_next RENAME TO ${t.name}`);
    for (const [shape, name] of await indexShapes(c, `${t.name}_next`)) {
      const target = names.get(shape);
      if (target === undefined) throw new Error(`re-keying: ${t.name}_next has an index ${name} that ${t.name} lacks`);
      swap.push(`ALTER INDEX ${name} RENAME TO ${target}`);
    }
  }
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  // What arrived while the new tables were built.
  const caught = await catchUpInto('responses_next', 'coupons_next', Math.min(1, catchUp.rounds));
  counts.responses += caught.responses;
  counts.coupons += caught.coupons;

  // 3. Nothing commits from here on: the rows of the last pass.
  await exclusive();
  const locked = await addPass(current, 'responses_next', 'coupons_next');
  counts.responses += locked.responses;
  counts.coupons += locked.coupons;

  // 4. The swap: a few catalogue changes, whatever the size of the tables, sent as one simple-protocol query.
  await c.query(swap.join('; '));
  return { ...counts, lockedRows: locked.copied, rounds };
}
