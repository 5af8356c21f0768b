// The embedded SQLite adapter: rollback journal, synchronous=FULL, secure_delete, one IMMEDIATE transaction per submission.

import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result.ts';
import { pendingMigrations, type OpenError } from '../migration.ts';
import { couponStateOf } from '../coupon-state.ts';
import { isExpired } from '../period.ts';
import {
  checkPull, checkSeedCoupons, checkStudy, checkSubmission, checkTokenInput,
  type CompletionStatus, type CouponHash, type CouponState, type IssueError, type Period, type ReadError, type RecruitmentTree,
  type ReshuffleReport, type SealedPage, type Store, type StorageFailure, type StudyCounts, type StudyId,
  type SubmitAccepted, type SubmitError, type Submission, type TokenError, type TokenHash,
} from '../store.ts';
import { guard, isFailure, sqliteFailure } from './failure.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';

/**
 * Pragmas set on every connection. Rollback journal (DELETE), not WAL: a WAL file is an append-only log of page
 * images in commit order that outlives checkpoints — an arrival-ordered history we must not keep on disk.
 */
function configure(db: Database.Database): void {
  db.pragma('busy_timeout = 15000');
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON'); // freed cells and pages are zeroed, so moved or rewritten rows leave no copy behind
  // VACUUM builds its new image in an unlinked temp file (SQLITE_TMPDIR): that copy is already in key order, so it
  // betrays nothing the rewritten database does not, and it keeps a 100,000-row rewrite at ≈ 115 MiB, not ≈ 570 MiB.
  db.pragma('temp_store = FILE');
  db.pragma('cell_size_check = ON');
}

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

/** Opens (creating if needed) the store in the SQLite file at `path`. */
export function openSqliteStore(path: string): Result<Store, OpenError> {
  let db: Database.Database;
  try {
    db = new Database(path);
    configure(db);
    const migrated = migrate(db);
    if (!migrated.ok) {
      db.close();
      return migrated;
    }
  } catch (e) {
    const failure = sqliteFailure('open', e);
    if (failure === undefined) throw e;
    return err({ kind: failure.reason === 'corrupt' ? 'not-a-store' : 'unavailable', message: failure.message });
  }
  return ok(new SqliteStore(db));
}

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Abort extends Error {
  constructor(readonly error: SubmitError | IssueError) {
    super(`transaction aborted: ${error.kind}`);
  }
}

interface CouponRow {
  state: 'issued' | 'redeemed';
  expiry: string | null;
  redeemed_by: string | null;
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      responseExists: db.prepare('SELECT 1 FROM responses WHERE study = ? AND response_id = ?').pluck(),
      coupon: db.prepare('SELECT state, expiry, redeemed_by FROM coupons WHERE study = ? AND coupon_hash = ?'),
      insertResponse: db.prepare('INSERT INTO responses (study, response_id, period, status, sealed) VALUES (?, ?, ?, ?, ?)'),
      redeem: db.prepare("UPDATE coupons SET state = 'redeemed', redeemed_by = ? WHERE study = ? AND coupon_hash = ? AND state = 'issued'"),
      issue: db.prepare("INSERT OR IGNORE INTO coupons (study, coupon_hash, issued_to, state, expiry) VALUES (?, ?, ?, 'issued', ?)"),
      page: db.prepare('SELECT response_id, period, status, sealed FROM responses WHERE study = ? AND response_id > ? ORDER BY response_id LIMIT ?'),
      byPeriod: db.prepare('SELECT period, status, count(*) AS n FROM responses WHERE study = ? GROUP BY period, status ORDER BY period, status'),
      couponCounts: db.prepare(
        "SELECT count(*) AS issued, count(*) FILTER (WHERE issued_to IS NULL) AS seeds, count(*) FILTER (WHERE state = 'redeemed') AS redeemed FROM coupons WHERE study = ?",
      ),
      edges: db.prepare('SELECT issued_to, redeemed_by FROM coupons WHERE study = ? AND redeemed_by IS NOT NULL ORDER BY issued_to, redeemed_by'),
      addToken: db.prepare('INSERT OR IGNORE INTO tokens (study, token_hash, label) VALUES (?, ?, ?)'),
      checkToken: db.prepare('SELECT 1 FROM tokens WHERE study = ? AND token_hash = ?').pluck(),
    };
  }

  private readonly submitTx = (study: StudyId, s: Submission): SubmitAccepted => {
    if (this.q.responseExists.get(study, s.responseId) !== undefined) return { kind: 'already-stored' };
    if (s.redeemCouponHash !== undefined) {
      const c = this.q.coupon.get(study, s.redeemCouponHash) as CouponRow | undefined;
      if (c === undefined) throw new Abort({ kind: 'coupon-unknown' });
      if (c.state === 'redeemed') throw new Abort({ kind: 'coupon-used' });
      if (c.expiry !== null && isExpired(c.expiry, s.period)) throw new Abort({ kind: 'coupon-expired' });
    }
    this.q.insertResponse.run(study, s.responseId, s.period, s.status, Buffer.from(s.sealed.buffer, s.sealed.byteOffset, s.sealed.byteLength));
    if (s.redeemCouponHash !== undefined) this.q.redeem.run(s.responseId, study, s.redeemCouponHash);
    this.issueAll(study, s.issueCouponHashes, s.responseId, s.issueExpiry);
    return { kind: 'stored' };
  };

  private issueAll(study: StudyId, hashes: readonly CouponHash[], issuedTo: string | null, expiry: Period | undefined): void {
    for (const h of hashes) {
      if (this.q.issue.run(study, h, issuedTo, expiry ?? null).changes !== 1) throw new Abort({ kind: 'coupon-collision' });
    }
  }

  /** Runs `fn` in one IMMEDIATE transaction; its commit returns after fsync (synchronous=FULL). */
  private write<T, E>(operation: string, fn: () => T): Result<T, E | StorageFailure> {
    const tx = this.db.transaction(fn);
    try {
      const out = guard(operation, () => tx.immediate());
      return isFailure(out) ? err(out) : ok(out);
    } catch (e) {
      if (e instanceof Abort) return err(e.error as E);
      throw e;
    }
  }

  submit(study: StudyId, s: Submission): Promise<Result<SubmitAccepted, SubmitError>> {
    const checked = checkSubmission(study, s);
    if (!checked.ok) return Promise.resolve(checked);
    return Promise.resolve(this.write<SubmitAccepted, SubmitError>('submit', () => this.submitTx(study, s)));
  }

  issueSeedCoupons(study: StudyId, hashes: readonly CouponHash[], expiry?: Period): Promise<Result<{ readonly issued: number }, IssueError>> {
    const checked = checkSeedCoupons(study, hashes, expiry);
    if (!checked.ok) return Promise.resolve(checked);
    return Promise.resolve(
      this.write<{ issued: number }, IssueError>('issueSeedCoupons', () => {
        this.issueAll(study, hashes, null, expiry);
        return { issued: hashes.length };
      }),
    );
  }

  private read<T>(operation: string, study: StudyId, fn: () => T): Promise<Result<T, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    const out = guard(operation, fn);
    return Promise.resolve(isFailure(out) ? err(out) : ok(out));
  }

  pullSealed(study: StudyId, page: { readonly after?: string; readonly limit: number }): Promise<Result<SealedPage, ReadError>> {
    const checked = checkPull(study, page);
    if (!checked.ok) return Promise.resolve(checked);
    return this.read('pullSealed', study, () => {
      const rows = this.q.page.all(study, page.after ?? '', page.limit) as { response_id: string; period: string; status: CompletionStatus; sealed: Buffer }[];
      const records = rows.map((r) => ({ responseId: r.response_id, period: r.period, status: r.status, sealed: new Uint8Array(r.sealed) }));
      const last = records[records.length - 1];
      return records.length === page.limit && last !== undefined ? { records, next: last.responseId } : { records };
    });
  }

  counts(study: StudyId): Promise<Result<StudyCounts, ReadError>> {
    return this.read('counts', study, () => {
      const rows = this.q.byPeriod.all(study) as { period: string; status: CompletionStatus; n: number }[];
      const c = this.q.couponCounts.get(study) as { issued: number; seeds: number; redeemed: number };
      const responses = rows.map((r) => ({ period: r.period, status: r.status, count: r.n }));
      return {
        responses,
        responsesTotal: responses.reduce((s, r) => s + r.count, 0),
        couponsIssued: c.issued,
        seedCouponsIssued: c.seeds,
        couponsRedeemed: c.redeemed,
      };
    });
  }

  recruitmentEdges(study: StudyId): Promise<Result<RecruitmentTree, ReadError>> {
    return this.read('recruitmentEdges', study, () => {
      const rows = this.q.edges.all(study) as { issued_to: string | null; redeemed_by: string }[];
      const seeds = rows.filter((r) => r.issued_to === null).map((r) => r.redeemed_by).sort();
      const edges = rows.flatMap((r) => (r.issued_to === null ? [] : [{ recruiter: r.issued_to, recruit: r.redeemed_by }]));
      return { seeds, edges };
    });
  }

  addToken(study: StudyId, tokenHash: TokenHash, label: string): Promise<Result<void, TokenError>> {
    const checked = checkTokenInput(study, tokenHash, label);
    if (!checked.ok) return Promise.resolve(checked);
    const out = this.write<number, TokenError>('addToken', () => this.q.addToken.run(study, tokenHash, label).changes);
    if (!out.ok) return Promise.resolve(out);
    return Promise.resolve(out.value === 1 ? ok(undefined) : err({ kind: 'token-exists' }));
  }

  checkToken(study: StudyId, tokenHash: TokenHash): Promise<Result<boolean, ReadError>> {
    const checked = checkTokenInput(study, tokenHash);
    if (!checked.ok) return Promise.resolve(checked);
    return this.read('checkToken', study, () => this.q.checkToken.get(study, tokenHash) !== undefined);
  }

  couponState(study: StudyId, couponHash: CouponHash, at: Period): Promise<Result<CouponState, ReadError>> {
    const checked = checkStudy(study);
    if (!checked.ok) return Promise.resolve(checked);
    return this.read('couponState', study, () => {
      const c = this.q.coupon.get(study, couponHash) as CouponRow | undefined;
      return couponStateOf(c, at);
    });
  }

  reshuffle(): Promise<Result<ReshuffleReport, StorageFailure>> {
    const t0 = performance.now();
    // VACUUM copies every table in B-tree (= random key) order into a fresh file image and writes it back:
    // pages, overflow chains and cells end up in key order, and secure_delete leaves no freed remnants.
    const out = guard('reshuffle', () => {
      this.db.exec('VACUUM');
      const responses = this.db.prepare('SELECT count(*) FROM responses').pluck().get() as number;
      const coupons = this.db.prepare('SELECT count(*) FROM coupons').pluck().get() as number;
      return { responses, coupons, milliseconds: performance.now() - t0 };
    });
    return Promise.resolve(isFailure(out) ? err(out) : ok(out));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
