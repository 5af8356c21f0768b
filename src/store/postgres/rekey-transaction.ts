// The whole PostgreSQL re-keying, from the re-keying lock to COMMIT, on two connections of its own: the transaction,
// and the pass bumps, which must commit while it is open. It runs in the re-keying's worker thread (rekey-worker.ts),
// so that no round trip under the exclusive epoch lock waits behind the pages on the serving event loop; the store's
// thread only hands it the keys and waits for its outcome (rekey-off-thread.ts).

import pg from 'pg';
import { CLEAR_EPOCH, clearKey, storageKey, type StorageKey } from '../storage-key.ts';
import type { StorageFailure } from '../store.ts';
import { rekeyFailure } from './failure.ts';
import { rekeyFormKeys } from './form-keys.ts';
import { EPOCH_LOCK, PASS_LOCK, RESHUFFLE_LOCK } from './locks.ts';
import { rewriteRows, type CatchUp, type RowsRewritten } from './rekey.ts';

/** An epoch's key as it crosses between threads (same process, never disk or log); the clear epoch has no secret. */
export interface KeyForWorker {
  readonly id: string;
  readonly secret: Uint8Array | null;
}

/** The store's answer when the re-keying asks for the keys of the epoch it found. */
export type KeysAnswer =
  | { readonly kind: 'keys'; readonly old: KeyForWorker; readonly fresh: KeyForWorker }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly failure: StorageFailure };

export interface RekeyJob {
  readonly url: string;
  /** Re-key only a database never keyed (at open); otherwise do nothing. */
  readonly onlyIfClear: boolean;
  readonly catchUp: CatchUp;
}

/** What the re-keying asks of the thread it runs on, and of the store. */
export interface RekeyHost {
  /**
   * The old key (epoch `epoch`'s, from the key file) and a fresh one, staged durably in the key file: asked once,
   * under the shared epoch lock, which keeps an instance that starts meanwhile from pruning the staged key.
   */
  readonly keys: (epoch: string) => Promise<KeysAnswer>;
  /** True once the store closes: the re-keying ends at its next batch or round, rolling back. */
  readonly stopping: () => boolean;
  /** Just before the exclusive part: whether the thread now runs at normal priority. */
  readonly beforeExclusive: () => boolean;
}

/** How a re-keying ended: a plain object, posted as it is from the worker thread. */
export type RekeyOutcome =
  /** `onlyIfClear`, and the database was keyed already (or another instance was re-keying it). */
  | { readonly kind: 'none' }
  | { readonly kind: 'skipped'; readonly epoch: string; readonly lastMs: number }
  | { readonly kind: 'rekeyed'; readonly epoch: string; readonly rows: RowsRewritten; readonly pausedMs: number; readonly normalWhileExclusive: boolean }
  | { readonly kind: 'damaged' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly failure: StorageFailure };

class Stopped extends Error {}
class Damaged extends Error {}

const keyOf = (k: KeyForWorker): StorageKey => (k.id === CLEAR_EPOCH || k.secret === null ? clearKey : storageKey(k.id, k.secret));

/** One `BEGIN … COMMIT`; no session state, so it works behind PgBouncer in transaction mode. */
async function inTransaction<T>(c: pg.Client, fn: () => Promise<T>): Promise<T> {
  // Durability is not left to the server's default; SET LOCAL ends with the transaction.
  await c.query('BEGIN; SET LOCAL synchronous_commit = on');
  try {
    const out = await fn();
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Runs the re-keying of `job` on this thread; its end as an outcome, never a throw; both connections closed. */
export async function runRekeying(job: RekeyJob, host: RekeyHost): Promise<RekeyOutcome> {
  const t0 = performance.now();
  const clients: pg.Client[] = [];
  const connect = async (name: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: job.url, connectionTimeoutMillis: 15_000, application_name: name });
    client.on('error', () => undefined); // a lost connection rejects the pending query as well
    clients.push(client);
    await client.connect();
    return client;
  };
  let exclusiveAt: number | undefined;
  let normal = false;
  try {
    const c = await connect('portas re-keying');
    const out = await inTransaction(c, async (): Promise<RekeyOutcome> => {
      // One instance re-keys at a time; another that finds it busy skips: the running one covers every row committed
      // before it took the epoch lock, and no row commits while it holds it.
      const mine = await c.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [RESHUFFLE_LOCK]);
      if (mine.rows[0]?.got !== true) {
        if (job.onlyIfClear) return { kind: 'none' };
        const { rows } = await c.query<{ id: string; last_ms: number }>('SELECT id, last_ms FROM storage_epoch');
        return { kind: 'skipped', epoch: rows[0]?.id ?? '', lastMs: rows[0]?.last_ms ?? 0 };
      }
      if (job.onlyIfClear && (await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id !== CLEAR_EPOCH) return { kind: 'none' };
      // A new pass, in a transaction of its own that waits for the writers in flight: every row written or changed from
      // now on carries it, so the catch-up rounds and the exclusive part find them through an index.
      const passes = await connect('portas re-keying pass');
      const nextPass = async (): Promise<number> => {
        if (host.stopping()) throw new Stopped();
        return inTransaction(passes, async () => {
          await passes.query('SELECT pg_advisory_xact_lock($1)', [PASS_LOCK]);
          return (await passes.query<{ pass: number }>('UPDATE storage_epoch SET pass = pass + 1 RETURNING pass')).rows[0]?.pass ?? 0;
        });
      };
      const bumped = await nextPass();
      // Shared next, like a submission: the long copy runs while submissions go on. Only a re-keying changes the
      // epoch, and this one holds the re-keying lock, so the key stays current until the upgrade below.
      await c.query('SELECT pg_advisory_xact_lock_shared($1)', [EPOCH_LOCK]);
      const epoch = (await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '';
      const keys = await host.keys(epoch);
      if (keys.kind === 'failed') return keys;
      if (keys.kind === 'missing') throw new Damaged();
      const old = keyOf(keys.old);
      const fresh = keyOf(keys.fresh);
      if (old.id !== epoch || fresh.id !== keys.fresh.id || fresh.id === CLEAR_EPOCH) throw new Damaged();
      const rows = await rewriteRows(c, old, fresh, bumped, {
        nextPass,
        damaged: () => new Damaged(),
        stopped: () => (host.stopping() ? new Stopped() : undefined),
        exclusive: async () => {
          normal = host.beforeExclusive();
          // The upgrade waits for the submissions in flight; PostgreSQL queues it ahead of waiters it would block.
          exclusiveAt = performance.now();
          await c.query(`SELECT pg_advisory_xact_lock(${String(EPOCH_LOCK)}); LOCK TABLE responses, coupons, form_keys IN ACCESS EXCLUSIVE MODE`);
        },
      }, job.catchUp);
      await rekeyFormKeys(c, old, fresh);
      // Its duration (never a time of day) tells the other instances' schedulers how long they should leave it be.
      await c.query('UPDATE storage_epoch SET id = $1, last_ms = $2', [fresh.id, Math.round(performance.now() - t0)]);
      return { kind: 'rekeyed', epoch: fresh.id, rows, pausedMs: 0, normalWhileExclusive: normal };
    });
    // The exclusive part ends with the commit.
    return out.kind === 'rekeyed' ? { ...out, pausedMs: performance.now() - (exclusiveAt ?? t0) } : out;
  } catch (e) {
    return e instanceof Stopped ? { kind: 'stopped' } : e instanceof Damaged ? { kind: 'damaged' } : { kind: 'failed', failure: rekeyFailure(e) };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
