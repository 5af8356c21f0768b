// The PostgreSQL re-keying, inside one transaction: every row turned back with the old storage key and keyed anew into
// new tables built in the new key order while submissions go on; catch-up rounds, still beside the submissions, add
// what arrived meanwhile, so under the exclusive epoch lock only the rows of the last short round are added, and the
// new tables take the old ones' names. The whole transaction runs in a worker thread of its own (rekey-worker.ts).

import type pg from 'pg';
import type { StorageKey } from '../storage-key.ts';
import type { CouponRow, ResponseRow } from '../stored-rows.ts';
import { COUPON_COLUMNS, eachBatch, putRows, rekeyed, RESPONSE_COLUMNS, TABLES } from './rekey-rows.ts';

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
   * After each batch of the long copy, the re-keying waits this many times as long as the batch took (0: flat out).
   * Its thread runs at the lowest CPU priority, so it takes only what the pages leave free; pacing would only lengthen
   * the copy (its PostgreSQL backend's share, which runs at normal priority, is what it still holds back).
   */
  readonly idle: number;
}

export const CATCH_UP: CatchUp = { rounds: 4, few: 64, idle: 0 };

/** What `rewriteRows` did: the rows now in the tables, and how many were added under the exclusive lock. */
export interface RowsRewritten {
  readonly responses: number;
  readonly coupons: number;
  /** Rows of the last pass, copied while nothing could commit (what arrived during the last catch-up round). */
  readonly lockedRows: number;
  readonly rounds: number;
}

/** What a re-keying did, and where its transaction ran (the `onRekeyed` hook's report, for benches and tests). */
export interface Rewritten extends RowsRewritten {
  readonly thread: RekeyThread;
}

export interface RekeyThread {
  /** The whole transaction ran in its worker thread (false: on the serving thread, a bundle of the sources). */
  readonly offThread: boolean;
  /** The thread ran the copy and the rounds at the lowest CPU priority (false where the platform refused). */
  readonly lowered: boolean;
  /** The thread was back at normal priority for the part under the exclusive lock (false where the platform refused). */
  readonly normalWhileExclusive: boolean;
}

/** Each index of `table`, by its definition with its own and its table's name left out (so `x_next`'s match `x`'s). */
async function indexShapes(c: pg.ClientBase, table: string): Promise<Map<string, string>> {
  const { rows } = await c.query<{ name: string; def: string }>('SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1', [table]);
  return new Map(rows.map((r) => [r.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, '$1'), r.name]));
}

/** What the re-keying's transaction provides to `rewriteRows`. */
export interface RekeySteps {
  /** Makes a newer pass current, in a transaction of its own that waits for the writers of the one before; its number. */
  readonly nextPass: () => Promise<number>;
  /** Asked after every batch of the long copy: an error ends the re-keying there (the store is closing). */
  readonly stopped: () => Error | undefined;
  /** The error for a row the old key does not open. */
  readonly damaged: () => Error;
  /** Takes the epoch lock exclusively (no submission commits from then on) and locks the old tables. */
  readonly exclusive: () => Promise<void>;
}

/**
 * `pass` is the number the caller made current (in a transaction of its own that waited for every writer of the pass
 * before) before this one read the key: every row written or changed since carries it, every row older does not. So:
 * 1. while submissions go on, every row of an earlier pass is re-keyed, through cursors opened after `pass` became
 *    current (so their snapshots see every such row), into the unlogged staging tables (not WAL-logged; not temp
 *    tables, which would tie the work to one session and break PgBouncer's transaction mode);
 * 2. catch-up rounds, still beside the submissions: `nextPass` makes a newer pass current (and waits for the writers of
 *    the one before), then the rows of the one before, re-keyed, replace their older versions; first into the staging
 *    tables, then, once those are copied into new tables `x_next` in the new key order with the old ones' indexes, into
 *    those. A round ends the catch-up once it copied few rows, or after `catchUp.rounds` rounds;
 * 3. `exclusive` takes the epoch lock exclusively (no submission commits from then on) and locks the old tables; the
 *    rows of the current pass (found through the `pass` index: what arrived during the last round) are added likewise;
 * 4. the old tables are dropped and the new ones take their names, and their indexes the old indexes' names.
 * Each round's rows land after the rest, in key order among themselves: the few last segments of the heap are the rows
 * that arrived during the re-keying (docs/storage.md). All of it is one transaction (`c`'s), READ COMMITTED, so each
 * step sees what committed before it: a row written or changed after step 1's cursors opened carries a pass ≥ `pass`,
 * which step 1 does not read, and exactly one round, or step 3, finds it by its pass; responses never change, so each
 * is copied once; a coupon redeemed after step 1 read it was copied as issued, and the round of its new pass deletes
 * that copy and adds the redeemed row. The caller holds the re-keying lock, and coupon revocation (the only delete)
 * waits for it, so no row goes meanwhile, and the key stays current (only a re-keying changes the epoch). A failure or
 * a stop anywhere rolls the whole of it back: the old tables are untouched until the swap.
 */
export async function rewriteRows(c: pg.ClientBase, old: StorageKey, fresh: StorageKey, pass: number, steps: RekeySteps, catchUp: CatchUp = CATCH_UP): Promise<RowsRewritten> {
  const { nextPass, damaged, exclusive } = steps;
  const rekey = rekeyed(old, fresh, damaged);
  const put = (table: 'responses' | 'coupons', into: string, columns: unknown[][]): Promise<number> => putRows(c, table, into, columns);
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

  // 1. While submissions go on. The staging tables are emptied first: an older portas copied in a transaction of its
  // own, which could commit and leave rows (under a key since forgotten) when the re-keying then rolled back.
  await c.query('TRUNCATE rekey_responses, rekey_coupons');
  const pace = { idle: catchUp.idle, stopped: steps.stopped };
  await eachBatch(c, 'old_responses', `SELECT ${RESPONSE_COLUMNS} FROM responses WHERE pass < ${String(pass)}`, 500, pace, async (batch) => {
    await put('responses', 'rekey_responses', rekey.responses(batch as ResponseRow[]));
  });
  await eachBatch(c, 'old_coupons', `SELECT ${COUPON_COLUMNS} FROM coupons WHERE pass < ${String(pass)}`, 2000, pace, async (batch) => {
    await put('coupons', 'rekey_coupons', rekey.coupons(batch as CouponRow[]));
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
