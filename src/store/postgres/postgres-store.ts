// The PostgreSQL adapter: one READ COMMITTED transaction per submission, the coupon row locked FOR UPDATE, synchronous_commit on.

import pg from 'pg';
import { err, ok, type Result } from '../../core/result.ts';
import { pendingMigrations, type OpenError } from '../migration.ts';
import { couponStateOf, treeOf } from '../coupon-state.ts';
import { isExpired } from '../period.ts';
import { keyFile, KeyFileDamaged, type KeyFile } from '../key-file.ts';
import { couponsToRevoke, type RevokeScope } from '../revoke.ts';
import { CLEAR_EPOCH, type StorageKey } from '../storage-key.ts';
import {
  checkFormKey, checkPull, checkRevoke, checkSeedCoupons, checkStudy, checkSubmission, checkTokenInput,
  type CompletionStatus, type CouponHash, type CouponState, type IssueError, type Period, type ReadError, type RecruitmentTree,
  type ReshuffleReport, type SealedPage, type Store, type StorageFailure, type StudyCounts, type StudyId,
  type InvalidInput, type SubmitAccepted, type SubmitError, type Submission, type TokenError, type TokenHash,
} from '../store.ts';
import { postgresFailure } from './failure.ts';
import { CATCH_UP, type CatchUp, type Rewritten } from './rekey.ts';
import { rekeyOffThread } from './rekey-off-thread.ts';
import type { KeyForWorker, KeysAnswer } from './rekey-transaction.ts';
import { addFormKey, readFormKeys } from './form-keys.ts';
import { EPOCH_LOCK, MIGRATE_LOCK, PASS_LOCK, RESHUFFLE_LOCK } from './locks.ts';
import type { FormKeyRecord, FormKeySet } from '../form-keys.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { checkServerSettings, REQUIRED_SETTINGS } from './server-settings.ts';
import { sortOutstanding, type OutstandingCoupons } from '../store.ts';
import { studyCounts } from '../study-counts.ts';

export { RESHUFFLE_LOCK } from './locks.ts';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** The storage key file (0600), kept outside the database; see docs/storage.md. */
  readonly keyFile: string;
  /** The re-keying's catch-up rounds (rekey.ts); `{ rounds: 0, few: 0, idle: 0 }` adds everything that arrived under the lock. */
  readonly catchUp?: CatchUp;
  /** Told what each re-keying did (rows added under the lock, rounds, the thread it ran on): for benches and tests. */
  readonly onRekeyed?: (rewritten: Rewritten) => void;
  /** The entry of the re-keying's worker thread (rekey-off-thread.ts): tests give one that fails, or none. */
  readonly rekeyWorker?: URL;
}

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Abort extends Error {
  constructor(readonly outcome: { readonly ok: true; readonly value: SubmitAccepted } | { readonly ok: false; readonly error: SubmitError | IssueError | StorageFailure }) {
    super('transaction aborted with an expected outcome');
  }
}

type Client = pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, operation: string, fn: (c: Client) => Promise<T>): Promise<T | StorageFailure | Abort> {
  let client: Client;
  try {
    client = await pool.connect();
  } catch (e) {
    const failure = postgresFailure(operation, e);
    if (failure === undefined) throw e;
    return failure;
  }
  let broken: Error | undefined;
  try {
    // Durability is not left to the server's default: commit returns only after the WAL flush. SET LOCAL, in the same
    // round trip as BEGIN, ends with the transaction (a session SET would leak to other clients through PgBouncer).
    await client.query('BEGIN; SET LOCAL synchronous_commit = on');
    const out = await fn(client);
    await client.query('COMMIT'); // returns once the commit record is flushed (synchronous_commit = on)
    return out;
  } catch (e) {
    const failure = e instanceof Abort ? undefined : postgresFailure(operation, e);
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
    }
    if (e instanceof Abort) return e;
    if (failure === undefined) throw e;
    broken ??= new Error('discarding connection after a failure');
    return failure;
  } finally {
    client.release(broken);
  }
}

const toResult = <T, E>(out: T | StorageFailure | Abort): Result<T, E | StorageFailure> => {
  if (out instanceof Abort) return out.outcome as Result<T, E>;
  if (typeof out === 'object' && out !== null && (out as { kind?: unknown }).kind === 'storage-failed') return err(out as StorageFailure);
  return ok(out as T);
};

/** Opens the store in the PostgreSQL database at `url`, migrating its schema and checking its storage key. */
function newPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 15_000 });
  pool.on('error', () => {
    // An idle connection died (server restart): the pool drops it; the next query reconnects.
  });
  pool.on('connect', (client) => {
    // A server crash or restart errors the socket of a checked-out client too: without a listener, Node would end the
    // whole process. The pending query rejects anyway and becomes a typed `unavailable` failure.
    client.on('error', () => undefined);
  });
  return pool;
}

export async function openPostgresStore(url: string, options: PostgresOptions): Promise<Result<Store, OpenError>> {
  const pool = newPool(url, options.maxConnections ?? 10);
  const migrated = await inTransaction(pool, 'migrate', async (c) => {
    const settings = await c.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [[...REQUIRED_SETTINGS]]);
    const safe = checkServerSettings(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])));
    if (!safe.ok) return safe.error;
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const pending = pendingMigrations(POSTGRES_MIGRATIONS, rows[0]?.v ?? 0);
    if (!pending.ok) return pending.error;
    for (const m of pending.value) {
      for (const s of m.statements) await c.query(s);
      await c.query('DELETE FROM schema_version');
      await c.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
    }
    return undefined;
  });
  if (migrated === undefined) {
    try {
      const store = new PostgresStore(url, pool, keyFile(options.keyFile), options);
      const ready = await store.prepareKeys();
      if (ready.ok) return ok(store);
      await store.close();
      return ready;
    } catch (e) {
      await pool.end();
      if (e instanceof KeyFileDamaged) return err({ kind: 'missing-key', message: e.message });
      throw e;
    }
  }
  await pool.end();
  if (migrated instanceof Abort) throw new Error('unexpected abort during migration');
  if (migrated.kind === 'storage-failed') return err({ kind: 'unavailable', message: migrated.message });
  return err(migrated);
}

const lostFailure = (what: string): StorageFailure => ({ kind: 'storage-failed', reason: 'corrupt', message: `${what}: PostgreSQL storage key missing or row damaged` });
const lost = (what: string): Abort => new Abort(err(lostFailure(what)));

class PostgresStore implements Store {
  readonly kind = 'postgres';
  /** Aborted by `close`: a re-keying under way ends at its next batch or round. */
  private readonly closing = new AbortController();
  /** The re-keying under way, if any: closing waits for it to end (at its next batch, once `closing` is aborted). */
  private rekeying: Promise<unknown> = Promise.resolve();
  constructor(
    /** For the re-keying, which opens connections of its own (in its worker thread). */
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly keys: KeyFile,
    private readonly options: Pick<PostgresOptions, 'catchUp' | 'onRekeyed' | 'rekeyWorker'> = {},
  ) {}

  /** The current key, under the shared epoch lock (a re-keying waits for this transaction, and it for a re-keying). */
  private async key(c: Client, operation: string): Promise<StorageKey> {
    await c.query('SELECT pg_advisory_xact_lock_shared($1)', [EPOCH_LOCK]);
    const { rows } = await c.query<{ id: string }>('SELECT id FROM storage_epoch');
    const key = this.keys.keyFor(rows[0]?.id ?? '');
    if (key === undefined) throw lost(operation);
    return key;
  }

  /**
   * The key and the re-keying pass every row written in this transaction carries (see rekey.ts); writers only: the
   * re-keying itself reads its key with `key` (holding the pass lock would keep it from making a new pass current).
   */
  private async keyAndPass(c: Client, operation: string): Promise<{ key: StorageKey; pass: number }> {
    // One round trip; the epoch lock first, as everywhere.
    await c.query('SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock_shared($2)', [EPOCH_LOCK, PASS_LOCK]);
    const { rows } = await c.query<{ id: string; pass: number }>('SELECT id, pass FROM storage_epoch');
    const key = this.keys.keyFor(rows[0]?.id ?? '');
    if (key === undefined) throw lost(operation);
    return { key, pass: rows[0]?.pass ?? 0 };
  }

  /** At open: the key file must hold the database's key; stale keys go; a clear database is re-keyed. */
  async prepareKeys(): Promise<Result<void, OpenError>> {
    const out = await inTransaction(this.pool, 'open', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [EPOCH_LOCK]);
      const id = (await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '';
      if (id !== CLEAR_EPOCH && this.keys.keyFor(id) === undefined) return { missing: id };
      this.keys.keepOnly(id);
      return { clear: id === CLEAR_EPOCH };
    });
    if (out instanceof Abort || 'kind' in out) return err({ kind: 'unavailable', message: out instanceof Abort ? 'open: aborted' : out.message });
    if ('missing' in out) {
      return err({ kind: 'missing-key', message: `the storage key file ${this.keys.path} does not hold the key of this database (epoch ${out.missing}): without it the stored responses cannot be read; restore it from the backup made with the database` });
    }
    // A keyed database needs nothing more (the re-keying checks again under its lock: another instance may be first).
    if (!out.clear) return ok(undefined);
    const converted = await this.rekey(true);
    if (!converted.ok) return err({ kind: 'unavailable', message: converted.error.message });
    return ok(undefined);
  }

  async submit(study: StudyId, s: Submission): Promise<Result<SubmitAccepted, SubmitError>> {
    const checked = checkSubmission(study, s);
    if (!checked.ok) return checked;
    const already = new Abort(ok({ kind: 'already-stored' }));
    const out = await inTransaction(this.pool, 'submit', async (c) => {
      const { key: k, pass } = await this.keyAndPass(c, 'submit');
      const rid = k.hideId(s.responseId);
      const exists = await c.query('SELECT 1 FROM responses WHERE study = $1 AND response_id = $2', [study, rid]);
      if (exists.rowCount !== 0) throw already;
      const redeem = s.redeemCouponHash === undefined ? undefined : k.hideCoupon(s.redeemCouponHash);
      if (redeem !== undefined) {
        const { rows } = await c.query<{ state: string; expiry: string | null; redeemed_by: string | null }>(
          'SELECT state, expiry, redeemed_by FROM coupons WHERE study = $1 AND coupon_hash = $2 FOR UPDATE',
          [study, redeem],
        );
        const coupon = rows[0];
        if (coupon === undefined) throw new Abort(err({ kind: 'coupon-unknown' }));
        // A double tap that waited on our own first commit sees the coupon redeemed by this very response.
        if (coupon.state === 'redeemed') throw coupon.redeemed_by === rid ? already : new Abort(err({ kind: 'coupon-used' }));
        if (coupon.expiry !== null && isExpired(coupon.expiry, s.period)) throw new Abort(err({ kind: 'coupon-expired' }));
      }
      const inserted = await c.query(
        'INSERT INTO responses (study, response_id, period, status, sealed, pass) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
        [study, rid, s.period, s.status, k.box(study, s.responseId, s.sealed), pass],
      );
      if (inserted.rowCount !== 1) throw already;
      if (redeem !== undefined) {
        await c.query("UPDATE coupons SET state = 'redeemed', redeemed_by = $1, pass = $4 WHERE study = $2 AND coupon_hash = $3", [rid, study, redeem, pass]);
      }
      await issueAll(c, study, s.issueCouponHashes.map((h) => k.hideCoupon(h)), rid, s.issueExpiry, pass);
      return { kind: 'stored' } as const;
    });
    return toResult<SubmitAccepted, SubmitError>(out);
  }

  async issueSeedCoupons(study: StudyId, hashes: readonly CouponHash[], expiry?: Period): Promise<Result<{ readonly issued: number }, IssueError>> {
    const checked = checkSeedCoupons(study, hashes, expiry);
    if (!checked.ok) return checked;
    const out = await inTransaction(this.pool, 'issueSeedCoupons', async (c) => {
      const { key: k, pass } = await this.keyAndPass(c, 'issueSeedCoupons');
      await issueAll(c, study, hashes.map((h) => k.hideCoupon(h)), null, expiry, pass);
      return { issued: hashes.length };
    });
    return toResult<{ issued: number }, IssueError>(out);
  }

  private async read<T>(operation: string, study: StudyId, fn: (c: Client) => Promise<T>): Promise<Result<T, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return checked;
    return toResult<T, ReadError>(await inTransaction(this.pool, operation, fn));
  }

  async pullSealed(study: StudyId, page: { readonly after?: string; readonly limit: number }): Promise<Result<SealedPage, ReadError>> {
    const checked = checkPull(study, page);
    if (!checked.ok) return checked;
    return this.read('pullSealed', study, async (c) => {
      const k = await this.key(c, 'pullSealed');
      // Stored ids are keyed: the page order (response-id order) is found by turning every id back, then sorting.
      const stored = await c.query<{ response_id: string }>('SELECT response_id FROM responses WHERE study = $1', [study]);
      const ids = stored.rows.map((r) => [k.revealId(r.response_id), r.response_id] as const);
      ids.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      const after = page.after ?? '';
      const chosen = ids.filter(([rid]) => rid > after).slice(0, page.limit);
      const { rows } = await c.query<{ response_id: string; period: string; status: CompletionStatus; sealed: Buffer }>(
        'SELECT response_id, period, status, sealed FROM responses WHERE study = $1 AND response_id = ANY($2)',
        [study, chosen.map(([, s]) => s)],
      );
      const byStored = new Map(rows.map((r) => [r.response_id, r]));
      const records = chosen.map(([rid, s]) => {
        const r = byStored.get(s);
        const sealed = r === undefined ? undefined : k.unbox(study, rid, r.sealed);
        if (r === undefined || sealed === undefined) throw lost('pullSealed');
        return { responseId: rid, period: r.period, status: r.status, sealed };
      });
      const last = records[records.length - 1];
      return records.length === page.limit && last !== undefined ? { records, next: last.responseId } : { records };
    });
  }

  async counts(study: StudyId): Promise<Result<StudyCounts, ReadError>> {
    return this.read('counts', study, async (c) => {
      const byPeriod = await c.query<{ period: string; status: CompletionStatus; n: number }>(
        'SELECT period, status, count(*)::int AS n FROM responses WHERE study = $1 GROUP BY period, status ORDER BY period COLLATE "C", status COLLATE "C"',
        [study],
      );
      const coupons = await c.query<{ issued: number; seeds: number; redeemed: number }>(
        "SELECT count(*)::int AS issued, (count(*) FILTER (WHERE issued_to IS NULL))::int AS seeds, (count(*) FILTER (WHERE state = 'redeemed'))::int AS redeemed FROM coupons WHERE study = $1",
        [study],
      );
      return studyCounts(byPeriod.rows, coupons.rows[0] ?? { issued: 0, seeds: 0, redeemed: 0 });
    });
  }

  async recruitmentEdges(study: StudyId): Promise<Result<RecruitmentTree, ReadError>> {
    return this.read('recruitmentEdges', study, async (c) => {
      const k = await this.key(c, 'recruitmentEdges');
      const { rows } = await c.query<{ issued_to: string | null; redeemed_by: string }>(
        'SELECT issued_to, redeemed_by FROM coupons WHERE study = $1 AND redeemed_by IS NOT NULL',
        [study],
      );
      return treeOf(rows.map((r) => ({ issuedTo: r.issued_to === null ? null : k.revealId(r.issued_to), redeemedBy: k.revealId(r.redeemed_by) })));
    });
  }

  async addToken(study: StudyId, tokenHash: TokenHash, label: string): Promise<Result<void, TokenError>> {
    const checked = checkTokenInput(study, tokenHash, label);
    if (!checked.ok) return checked;
    const out = toResult<number, TokenError>(
      await inTransaction(this.pool, 'addToken', async (c) => {
        const r = await c.query('INSERT INTO tokens (study, token_hash, label) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [study, tokenHash, label]);
        return r.rowCount ?? 0;
      }),
    );
    if (!out.ok) return out;
    return out.value === 1 ? ok(undefined) : err({ kind: 'token-exists' });
  }

  async checkToken(study: StudyId, tokenHash: TokenHash): Promise<Result<boolean, ReadError>> {
    const checked = checkTokenInput(study, tokenHash);
    if (!checked.ok) return checked;
    return this.read('checkToken', study, async (c) => {
      const r = await c.query('SELECT 1 FROM tokens WHERE study = $1 AND token_hash = $2', [study, tokenHash]);
      return r.rowCount === 1;
    });
  }

  async couponState(study: StudyId, couponHash: CouponHash, at: Period): Promise<Result<CouponState, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return checked;
    return this.read('couponState', study, async (c) => {
      const k = await this.key(c, 'couponState');
      const r = await c.query<{ state: string; expiry: string | null }>('SELECT state, expiry FROM coupons WHERE study = $1 AND coupon_hash = $2', [study, k.hideCoupon(couponHash)]);
      return couponStateOf(r.rows[0], at);
    });
  }

  async revokeCoupons(study: StudyId, scope: RevokeScope): Promise<Result<{ readonly revoked: number }, ReadError>> {
    const checked = checkRevoke(study, scope);
    if (!checked.ok) return checked;
    return this.read('revokeCoupons', study, async (c) => {
      // The only delete of keyed rows: it waits for a re-keying in progress (which finds deletes by no index), and a
      // re-keying that starts meanwhile skips.
      await c.query('SELECT pg_advisory_xact_lock($1)', [RESHUFFLE_LOCK]);
      const k = await this.key(c, 'revokeCoupons');
      await c.query('LOCK TABLE coupons IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await c.query<{ coupon_hash: string; issued_to: string | null; redeemed_by: string | null }>(
        'SELECT coupon_hash, issued_to, redeemed_by FROM coupons WHERE study = $1',
        [study],
      );
      const links = rows.map((r) => ({ coupon: r.coupon_hash, issuedTo: r.issued_to, redeemedBy: r.redeemed_by }));
      const gone = couponsToRevoke(links, scope.kind === 'all' ? scope : { kind: 'below', coupon: k.hideCoupon(scope.coupon) });
      await c.query("DELETE FROM coupons WHERE study = $1 AND coupon_hash = ANY($2) AND state = 'issued'", [study, gone]);
      return { revoked: gone.length };
    });
  }

  async formKeys(): Promise<Result<FormKeySet, StorageFailure>> {
    return toResult<FormKeySet, never>(await inTransaction(this.pool, 'formKeys', async (c) => readFormKeys(c, await this.key(c, 'formKeys'))));
  }

  async addFormKey(key: FormKeyRecord, keep: number): Promise<Result<FormKeySet, StorageFailure | InvalidInput>> {
    const checked = checkFormKey(key, keep);
    if (!checked.ok) return checked;
    return toResult<FormKeySet, never>(await inTransaction(this.pool, 'addFormKey', async (c) => addFormKey(c, await this.key(c, 'addFormKey'), key, keep)));
  }

  async reshuffle(): Promise<Result<ReshuffleReport, StorageFailure>> {
    const run = this.rekey(false);
    this.rekeying = run.catch(() => undefined);
    const out = await run;
    if (!out.ok) return out;
    return out.value === undefined ? err({ kind: 'storage-failed', reason: 'io-error', message: 'reshuffle: nothing done' }) : ok(out.value);
  }

  /**
   * Re-keys every row under a fresh key in one transaction: the fresh key reaches the key file, durably, before the
   * commit, and the old one leaves it after. Every rewritten row gets the same xmin; new tables (with their TOAST
   * tables and indexes) replace the old ones; rows go in the new key order, so ctid and TOAST chunk ids follow it.
   * Nothing written before (WAL included) holds a current id, coupon hash or sealed byte. The whole transaction runs
   * in its worker thread with connections of its own (rekey-transaction.ts); this thread hands it the keys, waits,
   * and prunes the key file. At open (`onlyIfClear`: nothing is served yet) it runs on this thread.
   */
  private async rekey(onlyIfClear: boolean): Promise<Result<ReshuffleReport | undefined, StorageFailure>> {
    const t0 = performance.now();
    const end = await rekeyOffThread({ url: this.url, onlyIfClear, catchUp: this.options.catchUp ?? CATCH_UP }, {
      signal: this.closing.signal,
      keys: (epoch) => this.keysFor(epoch),
      here: onlyIfClear,
      ...(this.options.rekeyWorker === undefined ? {} : { entry: this.options.rekeyWorker }),
    });
    const out = end.outcome;
    if (out.kind === 'skipped') return ok({ responses: 0, coupons: 0, epoch: out.epoch, skipped: true, milliseconds: Math.max(out.lastMs, performance.now() - t0) });
    if (out.kind === 'rekeyed') this.options.onRekeyed?.({ ...out.rows, thread: { offThread: end.offThread, lowered: end.lowered, normalWhileExclusive: out.normalWhileExclusive } });
    // Whatever happened, only the database's current key may stay in the file.
    const pruned = await inTransaction(this.pool, 'reshuffle', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [EPOCH_LOCK]);
      this.keys.keepOnly((await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '');
      return true;
    });
    if (out.kind === 'damaged') return err(lostFailure('reshuffle'));
    if (out.kind === 'stopped') return err(this.stoppedFailure());
    if (out.kind === 'failed') return err(out.failure);
    const prunedResult = toResult<boolean, never>(pruned);
    if (!prunedResult.ok) return prunedResult;
    if (out.kind === 'none') return ok(undefined);
    return ok({ responses: out.rows.responses, coupons: out.rows.coupons, epoch: out.epoch, milliseconds: performance.now() - t0, pausedMs: out.pausedMs });
  }

  /**
   * The re-keying's keys for epoch `epoch`: the old one from the key file, and a fresh one staged in it (fsynced)
   * while the re-keying holds the shared epoch lock, as their ids and secrets (a copy within the process).
   */
  private keysFor(epoch: string): KeysAnswer {
    try {
      const old = this.keys.keyFor(epoch);
      const oldForWorker = old === undefined ? undefined : this.forWorker(old);
      if (oldForWorker === undefined) return { kind: 'missing' };
      const fresh = this.forWorker(this.keys.stage());
      return fresh === undefined ? { kind: 'missing' } : { kind: 'keys', old: oldForWorker, fresh };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why = typeof code === 'string' ? code : e instanceof Error ? e.name : 'not an Error';
      return { kind: 'failed', failure: { kind: 'storage-failed', reason: 'io-error', message: `reshuffle: the storage key file could not be read or written (${why})` } };
    }
  }

  /** An epoch's key for the re-keying's thread: its id and its secret from the key file (none for the clear epoch). */
  private forWorker(key: StorageKey): KeyForWorker | undefined {
    if (key.id === CLEAR_EPOCH) return { id: key.id, secret: null };
    const secret = this.keys.secretOf(key.id);
    return secret === undefined ? undefined : { id: key.id, secret };
  }

  /** Once the store closes, a re-keying under way ends at its next batch or round; its transaction rolls back. */
  private stoppedFailure(): StorageFailure {
    return { kind: 'storage-failed', reason: 'unavailable', message: 'reshuffle: the store closed; the re-keying begins again at the next one' };
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.rekeying;
    await this.pool.end();
  }

  // Monitor queries (the fieldwork monitor): aggregates only, no coupon hash or response id leaves them.

  async outstandingCoupons(study: StudyId): Promise<Result<readonly OutstandingCoupons[], ReadError>> {
    return this.read('outstandingCoupons', study, async (c) => {
      const r = await c.query<{ expiry: string | null; seed: boolean; n: number }>(
        "SELECT expiry, issued_to IS NULL AS seed, count(*)::int AS n FROM coupons WHERE study = $1 AND state = 'issued' GROUP BY expiry, issued_to IS NULL",
        [study],
      );
      return sortOutstanding(r.rows.map((row) => ({ expiry: row.expiry, seed: row.seed, count: row.n })));
    });
  }
}

async function issueAll(c: Client, study: StudyId, stored: readonly string[], issuedTo: string | null, expiry: Period | undefined, pass: number): Promise<void> {
  if (stored.length === 0) return;
  const r = await c.query(
    "INSERT INTO coupons (study, coupon_hash, issued_to, state, expiry, pass) SELECT $1, h, $2, 'issued', $3, $5 FROM unnest($4::text[]) AS h ON CONFLICT DO NOTHING",
    [study, issuedTo, expiry ?? null, [...stored], pass],
  );
  if (r.rowCount !== stored.length) throw new Abort(err({ kind: 'coupon-collision' }));
}
