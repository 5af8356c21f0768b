// The embedded SQLite adapter: rollback journal, synchronous=FULL, secure_delete, one IMMEDIATE transaction per submission.

import { chmodSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
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
import { guard, isFailure, sqliteFailure } from './failure.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { configure } from './connection.ts';
import { rekeyHost } from './rekey-host.ts';
import { LOWER_PRIORITY, rekeyInWorker } from './rekey-in-worker.ts';
import { RekeyRun, type RekeyHost } from './rekey-run.ts';
import { passUnderWay } from './rekey-schema.ts';
import { sortOutstanding, type OutstandingCoupons } from '../store.ts';
import { studyCounts } from '../study-counts.ts';
import { addFormKey, readFormKeys } from './form-keys.ts';
import type { FormKeyRecord, FormKeySet } from '../form-keys.ts';

function migrate(db: Database.Database): Result<void, OpenError> {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
    const pending = pendingMigrations(SQLITE_MIGRATIONS, row.v ?? 0);
    if (!pending.ok) {
      db.exec('ROLLBACK');
      return pending;
    }
    for (const m of pending.value) {
      for (const s of m.statements) db.exec(s);
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
    }
    db.exec('COMMIT');
    return ok(undefined);
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * Opens (creating if needed) the store in the SQLite file at `path`, mode 0600. Its storage key lives in `keyPath`
 * (default `PATH.key`, also 0600): without that file the stored rows cannot be read, so back the two up together.
 */
export function openSqliteStore(path: string, keyPath = `${path}.key`): Result<Store, OpenError> {
  let db: Database.Database | undefined;
  try {
    const created = !existsSync(path);
    db = new Database(path);
    // Only the server's user may read the file; SQLite gives its journal the database file's mode.
    if (created) chmodSync(path, 0o600);
    configure(db);
    const migrated = migrate(db);
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
    const store = new SqliteStore(db, keyFile(keyPath));
    const ready = store.prepareKeys();
    if (!ready.ok) {
      db.close();
      return ready;
    }
    // From now on the serving thread never sleeps in SQLite's busy handler: a lock held elsewhere (the re-keying
    // thread, another process) is waited for between requests (SqliteStore.patiently), not with the event loop stopped.
    db.pragma('busy_timeout = 0');
    return ok(store);
  } catch (e) {
    if (e instanceof KeyFileDamaged) {
      db?.close();
      return err({ kind: 'missing-key', message: e.message });
    }
    const failure = sqliteFailure('open', e);
    if (failure === undefined) throw e;
    db?.close();
    return err({ kind: failure.reason === 'corrupt' ? 'not-a-store' : 'unavailable', message: failure.message });
  }
}

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Abort extends Error {
  constructor(readonly error: SubmitError | IssueError | StorageFailure) {
    super(`transaction aborted: ${error.kind}`);
  }
}

interface CouponRow {
  state: 'issued' | 'redeemed';
  expiry: string | null;
  redeemed_by: string | null;
}

interface ResponseRow {
  study: string;
  response_id: string;
  period: string;
  status: CompletionStatus;
  sealed: Buffer;
}


/**
 * How long one step of a re-keying may take when it runs on the serving thread (ms, fsync included), and at open. A
 * commit's fsyncs take most of 10 ms on a slow disk, which left ~20 rows a step and a pass of minutes; 25 ms lets a step
 * carry several times the rows for a delay a respondent does not see (the page target is 250 ms at the 99th percentile).
 */
const STEP_MS = 25;
/** How long an operation of the serving thread waits for a lock held elsewhere before it fails as busy (ms). */
const BUSY_PATIENCE_MS = 15_000;
/** The longest wait between two tries (ms): doubling from 1, so a lock that comes free is taken within a few ms. */
const BUSY_RETRY_MAX_MS = 8;
const isBusy = (e: unknown): boolean => isFailure(e) && e.reason === 'busy';
const OPEN_STEP_MS = 200;
/**
 * How long one write transaction of a re-keying on its own thread may hold the lock (ms, commit and fsync included):
 * a submission that comes meanwhile waits that long in SQLite's busy handler, which blocks the serving thread.
 */
const WORKER_HOLD_MS = 8;

const lost = (what: string): Abort => new Abort({ kind: 'storage-failed', reason: 'corrupt', message: `${what}: SQLite storage key missing or row damaged` });

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly q;
  /** This process's re-keyings, one after another. */
  private rekeying: Promise<unknown> = Promise.resolve();
  private closing = false;
  /** Stops the re-keying thread's pass at its next step, while one runs. */
  private stopWorker: (() => void) | undefined;
  private warnedNoWorker = false;

  constructor(
    private readonly db: Database.Database,
    private readonly keys: KeyFile,
  ) {
    this.q = {
      epoch: db.prepare('SELECT id FROM storage_epoch').pluck(),
      setEpoch: db.prepare('UPDATE storage_epoch SET id = ?'),
      responseExists: db.prepare('SELECT 1 FROM responses WHERE study = ? AND response_id = ?').pluck(),
      coupon: db.prepare('SELECT state, expiry, redeemed_by FROM coupons WHERE study = ? AND coupon_hash = ?'),
      insertResponse: db.prepare('INSERT INTO responses (study, response_id, period, status, sealed) VALUES (?, ?, ?, ?, ?)'),
      redeem: db.prepare("UPDATE coupons SET state = 'redeemed', redeemed_by = ? WHERE study = ? AND coupon_hash = ? AND state = 'issued'"),
      issue: db.prepare("INSERT OR IGNORE INTO coupons (study, coupon_hash, issued_to, state, expiry) VALUES (?, ?, ?, 'issued', ?)"),
      storedIds: db.prepare('SELECT response_id FROM responses WHERE study = ?').pluck(),
      row: db.prepare('SELECT response_id, period, status, sealed FROM responses WHERE study = ? AND response_id = ?'),
      byPeriod: db.prepare('SELECT period, status, count(*) AS n FROM responses WHERE study = ? GROUP BY period, status ORDER BY period, status'),
      couponCounts: db.prepare(
        "SELECT count(*) AS issued, count(*) FILTER (WHERE issued_to IS NULL) AS seeds, count(*) FILTER (WHERE state = 'redeemed') AS redeemed FROM coupons WHERE study = ?",
      ),
      edges: db.prepare('SELECT issued_to, redeemed_by FROM coupons WHERE study = ? AND redeemed_by IS NOT NULL'),
      links: db.prepare('SELECT coupon_hash, issued_to, redeemed_by FROM coupons WHERE study = ?'),
      deleteCoupon: db.prepare("DELETE FROM coupons WHERE study = ? AND coupon_hash = ? AND state = 'issued'"),
      addToken: db.prepare('INSERT OR IGNORE INTO tokens (study, token_hash, label) VALUES (?, ?, ?)'),
      checkToken: db.prepare('SELECT 1 FROM tokens WHERE study = ? AND token_hash = ?').pluck(),
    };
  }

  /** The key the rows are keyed under now; read inside the caller's transaction. */
  private key(operation: string): StorageKey {
    const id = this.q.epoch.get() as string;
    const key = this.keys.keyFor(id);
    if (key === undefined) throw lost(operation);
    return key;
  }

  /**
   * At open: the key file must hold the database's key; stale keys and temp files go (not while a re-keying pass is
   * under way: its fresh key stays until its switch); a clear database is re-keyed.
   */
  prepareKeys(): Result<void, OpenError> {
    const tx = this.db.transaction(() => {
      const id = this.q.epoch.get() as string;
      if (id !== CLEAR_EPOCH && this.keys.keyFor(id) === undefined) return id;
      if (passUnderWay(this.db) === undefined) this.keys.keepOnly(id);
      return undefined;
    });
    const missing = tx.immediate();
    if (missing !== undefined) {
      return err({ kind: 'missing-key', message: `the storage key file ${this.keys.path} does not hold the key of this database (epoch ${missing}): without it the stored responses cannot be read; restore it from the backup made with the database` });
    }
    const converted = new RekeyRun(this.host(), true, OPEN_STEP_MS).runNow();
    if (!converted.ok) return err({ kind: 'unavailable', message: converted.error.message });
    return ok(undefined);
  }

  private readonly submitTx = (study: StudyId, s: Submission): SubmitAccepted => {
    const k = this.key('submit');
    const rid = k.hideId(s.responseId);
    if (this.q.responseExists.get(study, rid) !== undefined) return { kind: 'already-stored' };
    const redeem = s.redeemCouponHash === undefined ? undefined : k.hideCoupon(s.redeemCouponHash);
    if (redeem !== undefined) {
      const c = this.q.coupon.get(study, redeem) as CouponRow | undefined;
      if (c === undefined) throw new Abort({ kind: 'coupon-unknown' });
      if (c.state === 'redeemed') throw new Abort({ kind: 'coupon-used' });
      if (c.expiry !== null && isExpired(c.expiry, s.period)) throw new Abort({ kind: 'coupon-expired' });
    }
    this.q.insertResponse.run(study, rid, s.period, s.status, k.box(study, s.responseId, s.sealed));
    if (redeem !== undefined) this.q.redeem.run(rid, study, redeem);
    this.issueAll(k, study, s.issueCouponHashes, rid, s.issueExpiry);
    return { kind: 'stored' };
  };

  private issueAll(k: StorageKey, study: StudyId, hashes: readonly CouponHash[], issuedTo: string | null, expiry: Period | undefined): void {
    for (const h of hashes) {
      if (this.q.issue.run(study, k.hideCoupon(h), issuedTo, expiry ?? null).changes !== 1) throw new Abort({ kind: 'coupon-collision' });
    }
  }

  /** Runs `fn` in one IMMEDIATE transaction; its commit returns after fsync (synchronous=FULL). */
  private write<T, E>(operation: string, fn: () => T, mode: 'immediate' | 'deferred' = 'immediate'): Result<T, E | StorageFailure> {
    const tx = this.db.transaction(fn);
    try {
      const out = guard(operation, () => tx[mode]());
      return isFailure(out) ? err(out) : ok(out);
    } catch (e) {
      if (e instanceof Abort) return err(e.error as E);
      throw e;
    }
  }

  /**
   * Runs `attempt` until it does not fail for a lock held elsewhere, at most BUSY_PATIENCE_MS, waiting between tries
   * on a timer. SQLite's own busy handler would sleep in the serving thread (in steps of up to 100 ms, past the moment
   * the lock comes free), stopping every page in flight; a lock is held for milliseconds, a step of the re-keying
   * thread preempted while holding it for longer. A transaction that met a busy lock was rolled back whole (at BEGIN,
   * or by better-sqlite3 when its COMMIT could not take the lock), so trying it again is trying it once.
   */
  private async patiently<T, E>(attempt: () => Result<T, E | StorageFailure>): Promise<Result<T, E | StorageFailure>> {
    const deadline = performance.now() + BUSY_PATIENCE_MS;
    for (let wait = 1; ; wait = Math.min(2 * wait, BUSY_RETRY_MAX_MS)) {
      const out = attempt();
      if (out.ok || !isBusy(out.error) || performance.now() > deadline) return out;
      await sleep(wait);
      // Closed meanwhile: nothing was stored, and the caller hears so (a respondent is asked to send the page again).
      if (this.closing) return err({ kind: 'storage-failed', reason: 'unavailable', message: 'the store closed while waiting for a lock held elsewhere' });
    }
  }

  submit(study: StudyId, s: Submission): Promise<Result<SubmitAccepted, SubmitError>> {
    const checked = checkSubmission(study, s);
    if (!checked.ok) return Promise.resolve(checked);
    return this.patiently(() => this.write<SubmitAccepted, SubmitError>('submit', () => this.submitTx(study, s)));
  }

  issueSeedCoupons(study: StudyId, hashes: readonly CouponHash[], expiry?: Period): Promise<Result<{ readonly issued: number }, IssueError>> {
    const checked = checkSeedCoupons(study, hashes, expiry);
    if (!checked.ok) return Promise.resolve(checked);
    return this.patiently(() =>
      this.write<{ issued: number }, IssueError>('issueSeedCoupons', () => {
        this.issueAll(this.key('issueSeedCoupons'), study, hashes, null, expiry);
        return { issued: hashes.length };
      }),
    );
  }

  /** A read in one deferred transaction: the epoch and the rows come from one snapshot. */
  private read<T>(operation: string, study: StudyId, fn: () => T): Promise<Result<T, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.patiently(() => this.write<T, ReadError>(operation, fn));
  }

  pullSealed(study: StudyId, page: { readonly after?: string; readonly limit: number }): Promise<Result<SealedPage, ReadError>> {
    const checked = checkPull(study, page);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('pullSealed', () => {
      const k = this.key('pullSealed');
      // Stored ids are keyed: the page order (response-id order) is found by turning every id back, then sorting.
      const ids = (this.q.storedIds.all(study) as string[]).map((stored) => [k.revealId(stored), stored] as const);
      ids.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      const after = page.after ?? '';
      const chosen = ids.filter(([rid]) => rid > after).slice(0, page.limit);
      const records = chosen.map(([rid, stored]) => {
        const r = this.q.row.get(study, stored) as ResponseRow;
        const sealed = k.unbox(study, rid, r.sealed);
        if (sealed === undefined) throw lost('pullSealed');
        return { responseId: rid, period: r.period, status: r.status, sealed };
      });
      const last = records[records.length - 1];
      return records.length === page.limit && last !== undefined ? { records, next: last.responseId } : { records };
    });
  }

  private readSnapshot<T>(operation: string, fn: () => T): Promise<Result<T, ReadError>> {
    const tx = this.db.transaction(fn);
    return this.patiently(() => {
      try {
        const out = guard(operation, () => tx.deferred());
        return isFailure(out) ? err(out) : ok(out);
      } catch (e) {
        if (e instanceof Abort) return err(e.error as StorageFailure);
        throw e;
      }
    });
  }

  counts(study: StudyId): Promise<Result<StudyCounts, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('counts', () => {
      const rows = this.q.byPeriod.all(study) as { period: string; status: CompletionStatus; n: number }[];
      return studyCounts(rows, this.q.couponCounts.get(study) as { issued: number; seeds: number; redeemed: number });
    });
  }

  recruitmentEdges(study: StudyId): Promise<Result<RecruitmentTree, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('recruitmentEdges', () => {
      const k = this.key('recruitmentEdges');
      const rows = (this.q.edges.all(study) as { issued_to: string | null; redeemed_by: string }[]).map((r) => ({
        issuedTo: r.issued_to === null ? null : k.revealId(r.issued_to),
        redeemedBy: k.revealId(r.redeemed_by),
      }));
      return treeOf(rows);
    });
  }

  addToken(study: StudyId, tokenHash: TokenHash, label: string): Promise<Result<void, TokenError>> {
    const checked = checkTokenInput(study, tokenHash, label);
    if (!checked.ok) return Promise.resolve(checked);
    return this.patiently(() => {
      const out = this.write<number, TokenError>('addToken', () => this.q.addToken.run(study, tokenHash, label).changes);
      if (!out.ok) return out;
      return out.value === 1 ? ok(undefined) : err({ kind: 'token-exists' });
    });
  }

  checkToken(study: StudyId, tokenHash: TokenHash): Promise<Result<boolean, ReadError>> {
    const checked = checkTokenInput(study, tokenHash);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('checkToken', () => this.q.checkToken.get(study, tokenHash) !== undefined);
  }

  couponState(study: StudyId, couponHash: CouponHash, at: Period): Promise<Result<CouponState, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('couponState', () => {
      const c = this.q.coupon.get(study, this.key('couponState').hideCoupon(couponHash)) as CouponRow | undefined;
      return couponStateOf(c, at);
    });
  }

  revokeCoupons(study: StudyId, scope: RevokeScope): Promise<Result<{ readonly revoked: number }, ReadError>> {
    const checked = checkRevoke(study, scope);
    if (!checked.ok) return Promise.resolve(checked);
    return this.read('revokeCoupons', study, () => {
      const k = this.key('revokeCoupons');
      const links = (this.q.links.all(study) as { coupon_hash: string; issued_to: string | null; redeemed_by: string | null }[]).map((r) => ({
        coupon: r.coupon_hash,
        issuedTo: r.issued_to,
        redeemedBy: r.redeemed_by,
      }));
      const gone = couponsToRevoke(links, scope.kind === 'all' ? scope : { kind: 'below', coupon: k.hideCoupon(scope.coupon) });
      for (const c of gone) this.q.deleteCoupon.run(study, c);
      return { revoked: gone.length };
    });
  }

  formKeys(): Promise<Result<FormKeySet, ReadError>> {
    return this.readSnapshot('formKeys', () => readFormKeys(this.db, this.key('formKeys')));
  }

  addFormKey(key: FormKeyRecord, keep: number): Promise<Result<FormKeySet, StorageFailure | InvalidInput>> {
    const checked = checkFormKey(key, keep);
    if (!checked.ok) return Promise.resolve(checked);
    return this.patiently(() => this.write<FormKeySet, never>('addFormKey', () => addFormKey(this.db, this.key('addFormKey'), key, keep)));
  }

  /**
   * Re-keys in short steps on a thread of its own (rekey-worker.ts) with its own connection: submissions and reads go
   * on here, on the live tables under the current key, while the pass builds the new tables beside them, and wait for it
   * only while one of its short write transactions holds the lock. A kill, a closing store or a failure (the thread's
   * too) leaves the pass in the database, and the next re-keying (by any process) carries it on. This connection finds
   * the fresh key after the switch by itself: every operation reads the epoch, and the key file is read again for an
   * epoch it does not know.
   */
  reshuffle(): Promise<Result<ReshuffleReport, StorageFailure>> {
    // A run that threw (a bug) has told its own caller; the next one starts regardless.
    const run = this.rekeying.catch(() => undefined).then(async () => {
      const out = await this.rekey();
      // After a failure a key staged by a pass that never began goes; after a switch, this handle forgets the old key.
      this.pruneKeys();
      if (!out.ok) return out;
      if (out.value !== undefined) return ok(out.value);
      return err<StorageFailure>({ kind: 'storage-failed', reason: 'io-error', message: 'reshuffle: nothing done' });
    });
    this.rekeying = run;
    return run;
  }

  /** On the re-keying thread; on this one (between two steps the loop serves) only where no thread can be started. */
  private async rekey(): Promise<Result<ReshuffleReport | undefined, StorageFailure>> {
    if (this.closing) return err({ kind: 'storage-failed', reason: 'unavailable', message: 'reshuffle: the store closed; the pass goes on at the next re-keying' });
    const started = rekeyInWorker({ path: this.db.name, keyPath: this.keys.path, targetMs: WORKER_HOLD_MS, lowerPriority: LOWER_PRIORITY });
    if (started.ok) {
      this.stopWorker = started.value.stop;
      try {
        return await started.value.result;
      } finally {
        this.stopWorker = undefined;
      }
    }
    if (!this.warnedNoWorker) {
      this.warnedNoWorker = true;
      process.emitWarning(`the SQLite re-keying runs on the serving thread, in steps between requests: no worker thread could be started (${started.error})`, 'PortasWarning');
    }
    return new RekeyRun(this.host(), false, STEP_MS).run(() => new Promise((r) => setImmediate(r)));
  }

  /** A key staged by a pass that never began goes; a pass under way keeps its key. */
  private pruneKeys(): void {
    try {
      this.write<boolean, never>('reshuffle', () => {
        if (passUnderWay(this.db) === undefined) this.keys.keepOnly(this.q.epoch.get() as string);
        return true;
      });
    } catch (e) {
      // A damaged key file: the failure that matters comes back from the next operation that needs a key.
      if (!(e instanceof KeyFileDamaged)) throw e;
    }
  }

  private host(): RekeyHost {
    return rekeyHost(this.db, this.keys, () => this.closing);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopWorker?.();
    await this.rekeying.catch(() => undefined); // at most one more step: a running pass stops at the next one
    this.db.close();
  }

  // Monitor queries (the fieldwork monitor): aggregates only, no coupon hash or response id leaves them.

  outstandingCoupons(study: StudyId): Promise<Result<readonly OutstandingCoupons[], ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.readSnapshot('outstandingCoupons', () => {
      const rows = this.db
        .prepare("SELECT expiry, issued_to IS NULL AS seed, count(*) AS n FROM coupons WHERE study = ? AND state = 'issued' GROUP BY expiry, issued_to IS NULL")
        .all(study) as { expiry: string | null; seed: number; n: number }[];
      return sortOutstanding(rows.map((r) => ({ expiry: r.expiry, seed: r.seed === 1, count: r.n })));
    });
  }
}
