// The PostgreSQL adapter: one READ COMMITTED transaction per submission, the coupon row locked FOR UPDATE, synchronous_commit on.

import pg from 'pg';
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
import { postgresFailure } from './failure.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { checkServerSettings, REQUIRED_SETTINGS } from './server-settings.ts';

/** Advisory-lock keys (arbitrary constants) serialising migrations and reshuffles across server instances. */
const MIGRATE_LOCK = 0x706f7231;
const RESHUFFLE_LOCK = 0x706f7232;

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
}

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Abort extends Error {
  constructor(readonly outcome: { readonly ok: true; readonly value: SubmitAccepted } | { readonly ok: false; readonly error: SubmitError | IssueError }) {
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
    await client.query('BEGIN');
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

/** Opens the store in the PostgreSQL database at `url`, migrating its schema. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Result<Store, OpenError>> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 15_000 });
  pool.on('error', () => {
    // An idle connection died (server restart): the pool drops it; the next query reconnects.
  });
  pool.on('connect', (client) => {
    // A server crash or restart errors the socket of a checked-out client too: without a listener, Node would end the
    // whole process. The pending query rejects anyway and becomes a typed `unavailable` failure.
    client.on('error', () => undefined);
    // Durability is not left to the server's default: commit returns only after the WAL flush.
    client.query('SET synchronous_commit = on').catch(() => undefined);
  });
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
  if (migrated === undefined) return ok(new PostgresStore(pool));
  await pool.end();
  if (migrated instanceof Abort) throw new Error('unexpected abort during migration');
  if (migrated.kind === 'storage-failed') return err({ kind: 'unavailable', message: migrated.message });
  return err(migrated);
}

class PostgresStore implements Store {
  readonly kind = 'postgres';
  constructor(private readonly pool: pg.Pool) {}

  async submit(study: StudyId, s: Submission): Promise<Result<SubmitAccepted, SubmitError>> {
    const checked = checkSubmission(study, s);
    if (!checked.ok) return checked;
    const already = new Abort(ok({ kind: 'already-stored' }));
    const out = await inTransaction(this.pool, 'submit', async (c) => {
      const exists = await c.query('SELECT 1 FROM responses WHERE study = $1 AND response_id = $2', [study, s.responseId]);
      if (exists.rowCount !== 0) throw already;
      if (s.redeemCouponHash !== undefined) {
        const { rows } = await c.query<{ state: string; expiry: string | null; redeemed_by: string | null }>(
          'SELECT state, expiry, redeemed_by FROM coupons WHERE study = $1 AND coupon_hash = $2 FOR UPDATE',
          [study, s.redeemCouponHash],
        );
        const coupon = rows[0];
        if (coupon === undefined) throw new Abort(err({ kind: 'coupon-unknown' }));
        // A double tap that waited on our own first commit sees the coupon redeemed by this very response.
        if (coupon.state === 'redeemed') throw coupon.redeemed_by === s.responseId ? already : new Abort(err({ kind: 'coupon-used' }));
        if (coupon.expiry !== null && isExpired(coupon.expiry, s.period)) throw new Abort(err({ kind: 'coupon-expired' }));
      }
      const inserted = await c.query(
        'INSERT INTO responses (study, response_id, period, status, sealed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [study, s.responseId, s.period, s.status, Buffer.from(s.sealed.buffer, s.sealed.byteOffset, s.sealed.byteLength)],
      );
      if (inserted.rowCount !== 1) throw already;
      if (s.redeemCouponHash !== undefined) {
        await c.query("UPDATE coupons SET state = 'redeemed', redeemed_by = $1 WHERE study = $2 AND coupon_hash = $3", [
          s.responseId, study, s.redeemCouponHash,
        ]);
      }
      await issueAll(c, study, s.issueCouponHashes, s.responseId, s.issueExpiry);
      return { kind: 'stored' } as const;
    });
    return toResult<SubmitAccepted, SubmitError>(out);
  }

  async issueSeedCoupons(study: StudyId, hashes: readonly CouponHash[], expiry?: Period): Promise<Result<{ readonly issued: number }, IssueError>> {
    const checked = checkSeedCoupons(study, hashes, expiry);
    if (!checked.ok) return checked;
    const out = await inTransaction(this.pool, 'issueSeedCoupons', async (c) => {
      await issueAll(c, study, hashes, null, expiry);
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
      const { rows } = await c.query<{ response_id: string; period: string; status: CompletionStatus; sealed: Buffer }>(
        'SELECT response_id, period, status, sealed FROM responses WHERE study = $1 AND response_id > $2 ORDER BY response_id COLLATE "C" LIMIT $3',
        [study, page.after ?? '', page.limit],
      );
      const records = rows.map((r) => ({ responseId: r.response_id, period: r.period, status: r.status, sealed: new Uint8Array(r.sealed) }));
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
      const k = coupons.rows[0] ?? { issued: 0, seeds: 0, redeemed: 0 };
      const responses = byPeriod.rows.map((r) => ({ period: r.period, status: r.status, count: r.n }));
      return {
        responses,
        responsesTotal: responses.reduce((sum, r) => sum + r.count, 0),
        couponsIssued: k.issued,
        seedCouponsIssued: k.seeds,
        couponsRedeemed: k.redeemed,
      };
    });
  }

  async recruitmentEdges(study: StudyId): Promise<Result<RecruitmentTree, ReadError>> {
    return this.read('recruitmentEdges', study, async (c) => {
      const { rows } = await c.query<{ issued_to: string | null; redeemed_by: string }>(
        'SELECT issued_to, redeemed_by FROM coupons WHERE study = $1 AND redeemed_by IS NOT NULL ORDER BY issued_to COLLATE "C", redeemed_by COLLATE "C"',
        [study],
      );
      const seeds = rows.filter((r) => r.issued_to === null).map((r) => r.redeemed_by).sort();
      const edges = rows.flatMap((r) => (r.issued_to === null ? [] : [{ recruiter: r.issued_to, recruit: r.redeemed_by }]));
      return { seeds, edges };
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
      const r = await c.query<{ state: string; expiry: string | null }>('SELECT state, expiry FROM coupons WHERE study = $1 AND coupon_hash = $2', [study, couponHash]);
      return couponStateOf(r.rows[0], at);
    });
  }

  async reshuffle(): Promise<Result<ReshuffleReport, StorageFailure>> {
    const t0 = performance.now();
    // One transaction: every rewritten row gets the same xmin, and TRUNCATE gives each table (and its TOAST table and
    // indexes) a new file, so neither the tuple order (ctid), nor xmin, nor a TOAST chunk id follows arrival any more.
    const out = await inTransaction(this.pool, 'reshuffle', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [RESHUFFLE_LOCK]);
      await c.query('LOCK TABLE responses, coupons IN ACCESS EXCLUSIVE MODE');
      await c.query('CREATE TEMP TABLE reshuffle_responses ON COMMIT DROP AS SELECT * FROM responses');
      await c.query('CREATE TEMP TABLE reshuffle_coupons ON COMMIT DROP AS SELECT * FROM coupons');
      await c.query('TRUNCATE responses, coupons');
      const r = await c.query('INSERT INTO responses SELECT * FROM reshuffle_responses ORDER BY study COLLATE "C", response_id COLLATE "C"');
      const k = await c.query('INSERT INTO coupons SELECT * FROM reshuffle_coupons ORDER BY study COLLATE "C", coupon_hash COLLATE "C"');
      return { responses: r.rowCount ?? 0, coupons: k.rowCount ?? 0, milliseconds: 0 };
    });
    const result = toResult<ReshuffleReport, never>(out);
    return result.ok ? ok({ ...result.value, milliseconds: performance.now() - t0 }) : result;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function issueAll(c: Client, study: StudyId, hashes: readonly CouponHash[], issuedTo: string | null, expiry: Period | undefined): Promise<void> {
  if (hashes.length === 0) return;
  const r = await c.query(
    "INSERT INTO coupons (study, coupon_hash, issued_to, state, expiry) SELECT $1, h, $2, 'issued', $3 FROM unnest($4::text[]) AS h ON CONFLICT DO NOTHING",
    [study, issuedTo, expiry ?? null, [...hashes]],
  );
  if (r.rowCount !== hashes.length) throw new Abort(err({ kind: 'coupon-collision' }));
}
