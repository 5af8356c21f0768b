// The re-keying's long copy, in a worker thread at the lowest CPU priority with a PostgreSQL connection of its own:
// every row of the passes before the current one, turned back with the old storage key and keyed anew, into the
// staging tables, in one transaction that commits before the re-keying goes on (rekey.ts says why that is safe).

import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { lowerThisThreadPriority } from '../background-priority.ts';
import { CLEAR_EPOCH, clearKey, storageKey, type StorageKey } from '../storage-key.ts';
import type { StorageFailure } from '../store.ts';
import type { CouponRow, ResponseRow } from '../stored-rows.ts';
import { copyFailure } from './failure.ts';
import { COUPON_COLUMNS, eachBatch, putRows, rekeyed, RESPONSE_COLUMNS } from './rekey-rows.ts';

/** An epoch's key as it crosses to the worker (same process, never disk or log); the clear epoch has no secret. */
export interface KeyForWorker {
  readonly id: string;
  readonly secret: Uint8Array | null;
}

export interface CopyJob {
  readonly url: string;
  /** The current pass: rows of every pass before it are copied. */
  readonly pass: number;
  readonly old: KeyForWorker;
  readonly fresh: KeyForWorker;
  /** After each batch, wait this many times as long as the batch took (`CatchUp.idle`). */
  readonly idle: number;
}

/** The worker's one message: how the copy ended. */
export type CopyOutcome =
  | { readonly kind: 'copied'; readonly rows: number; readonly lowered: boolean; readonly offThread?: boolean }
  | { readonly kind: 'damaged' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly failure: StorageFailure };

class Stopped extends Error {}
class Damaged extends Error {}

const keyOf = (k: KeyForWorker): StorageKey => (k.id === CLEAR_EPOCH || k.secret === null ? clearKey : storageKey(k.id, k.secret));

async function copy(job: CopyJob, stopping: () => boolean): Promise<number> {
  const old = keyOf(job.old);
  const fresh = keyOf(job.fresh);
  if (old.id !== job.old.id || fresh.id !== job.fresh.id) throw new Error('a storage key without its secret');
  const rekey = rekeyed(old, fresh, () => new Damaged());
  // One transaction on one connection, no session state: it works behind PgBouncer in transaction mode too.
  const client = new pg.Client({ connectionString: job.url, connectionTimeoutMillis: 15_000, application_name: 'portas re-keying copy' });
  client.on('error', () => undefined); // a lost connection rejects the pending query as well
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      // Left by a re-keying whose copy committed but which then rolled back (its key is forgotten).
      await client.query('TRUNCATE rekey_responses, rekey_coupons');
      const pace = { idle: job.idle, stopped: () => (stopping() ? new Stopped() : undefined) };
      let rows = 0;
      await eachBatch(client, 'old_responses', `SELECT ${RESPONSE_COLUMNS} FROM responses WHERE pass < ${String(job.pass)}`, 500, pace, async (batch) => {
        rows += await putRows(client, 'responses', 'rekey_responses', rekey.responses(batch as ResponseRow[]));
      });
      await eachBatch(client, 'old_coupons', `SELECT ${COUPON_COLUMNS} FROM coupons WHERE pass < ${String(job.pass)}`, 2000, pace, async (batch) => {
        rows += await putRows(client, 'coupons', 'rekey_coupons', rekey.coupons(batch as CouponRow[]));
      });
      if (stopping()) throw new Stopped();
      await client.query('COMMIT');
      return rows;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The copy, its end as an outcome (never a throw). `stopping` is asked between batches; `lowered` says whether this
 * thread runs at the lowest priority.
 */
export async function copyEarlierRows(job: CopyJob, stopping: () => boolean, lowered: boolean): Promise<CopyOutcome> {
  try {
    return { kind: 'copied', rows: await copy(job, stopping), lowered };
  } catch (e) {
    return e instanceof Stopped ? { kind: 'stopped' } : e instanceof Damaged ? { kind: 'damaged' } : { kind: 'failed', failure: copyFailure(e) };
  }
}

/** The worker thread's body (copy-worker-boot.js): the copy of `workerData`, then its outcome to the parent. */
export async function serveCopyWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveCopyWorker runs in a worker thread');
  let stop = false;
  port.on('message', (m: unknown) => {
    if (m === 'stop') stop = true; // copy-off-thread's ask: end at the next batch, rolling back
  });
  const lowered = lowerThisThreadPriority();
  port.postMessage(await copyEarlierRows(workerData as CopyJob, () => stop, lowered));
}
