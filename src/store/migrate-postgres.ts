// The PostgreSQL side of `portas migrate-store`: the tables of a database inside one transaction. A source is read in
// one REPEATABLE READ snapshot with its tables locked against writers (a reshuffle waits); a target's tables are locked
// exclusively, so no server instance can write between the emptiness check and the commit.

import pg from 'pg';
import type { RowKey, StoreTables, StoredCoupon, StoredResponse, StoredToken } from './migrate-tables.ts';
import { asBuffer } from './stored-rows.ts';


/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Connects and begins the transaction; rejects (with pg's error) when the server cannot be reached. */
export async function postgresTables(url: string, role: 'source' | 'target'): Promise<StoreTables> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  c.on('error', () => undefined); // a dropped connection rejects the pending query; the process must not die of it
  await c.connect();
  let open = true;
  try {
    if (role === 'source') {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      // A reshuffle (the only writer of storage_epoch) locks responses and coupons too: it waits for this snapshot.
      await c.query('LOCK TABLE responses, coupons, tokens IN SHARE MODE');
    } else {
      await c.query('BEGIN');
      await c.query('SET LOCAL synchronous_commit = on');
      await c.query('LOCK TABLE responses, coupons, tokens, storage_epoch IN ACCESS EXCLUSIVE MODE');
    }
  } catch (e) {
    await c.end().catch(() => undefined);
    throw e;
  }
  const writable = (): void => {
    if (role !== 'target') throw new Error('migrate-store: a source store is never written');
  };
  const count = async (table: string): Promise<number> => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;
  return {
    label: redactUrl(url),
    epoch: async () => (await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '',
    schemaVersion: async () => (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version')).rows[0]?.v ?? 0,
    counts: async () => ({ responses: await count('responses'), coupons: await count('coupons'), tokens: await count('tokens') }),
    responseKeys: async () => (await c.query<{ study: string; response_id: string }>('SELECT study, response_id FROM responses')).rows.map((r) => ({ study: r.study, storedId: r.response_id })),
    async responses(keys: readonly RowKey[]) {
      const { rows } = await c.query<{ study: string; response_id: string; period: string; status: string; sealed: Buffer }>(
        'SELECT r.study, r.response_id, r.period, r.status, r.sealed FROM responses r JOIN unnest($1::text[], $2::text[]) AS k(study, id) ON r.study = k.study AND r.response_id = k.id',
        [keys.map((k) => k.study), keys.map((k) => k.storedId)],
      );
      return rows.map((r) => ({ study: r.study, storedId: r.response_id, period: r.period, status: r.status, boxed: r.sealed }));
    },
    coupons: async () =>
      (await c.query<{ study: string; coupon_hash: string; issued_to: string | null; state: string; expiry: string | null; redeemed_by: string | null }>('SELECT study, coupon_hash, issued_to, state, expiry, redeemed_by FROM coupons')).rows.map((r) => ({
        study: r.study,
        storedHash: r.coupon_hash,
        issuedTo: r.issued_to,
        state: r.state,
        expiry: r.expiry,
        redeemedBy: r.redeemed_by,
      })),
    tokens: async () => (await c.query<{ study: string; token_hash: string; label: string }>('SELECT study, token_hash, label FROM tokens')).rows.map((r) => ({ study: r.study, tokenHash: r.token_hash, label: r.label })),
    async insertResponses(rows: readonly StoredResponse[]) {
      writable();
      // unnest keeps the array order, and a fresh heap takes rows in insertion order: ctid follows the order given.
      await c.query('INSERT INTO responses (study, response_id, period, status, sealed) SELECT a, b, c, d, e FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS x(a, b, c, d, e, n) ORDER BY n', [
        rows.map((r) => r.study), rows.map((r) => r.storedId), rows.map((r) => r.period), rows.map((r) => r.status), rows.map((r) => asBuffer(r.boxed)),
      ]);
    },
    async insertCoupons(rows: readonly StoredCoupon[]) {
      writable();
      await c.query('INSERT INTO coupons (study, coupon_hash, issued_to, state, expiry, redeemed_by) SELECT a, b, c, d, e, f FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS x(a, b, c, d, e, f, n) ORDER BY n', [
        rows.map((r) => r.study), rows.map((r) => r.storedHash), rows.map((r) => r.issuedTo), rows.map((r) => r.state), rows.map((r) => r.expiry), rows.map((r) => r.redeemedBy),
      ]);
    },
    async insertTokens(rows: readonly StoredToken[]) {
      writable();
      await c.query('INSERT INTO tokens (study, token_hash, label) SELECT a, b, c FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(a, b, c, n) ORDER BY n', [rows.map((r) => r.study), rows.map((r) => r.tokenHash), rows.map((r) => r.label)]);
    },
    async wipe() {
      writable();
      // TRUNCATE gives the tables new files: the replaced rows are not left in the old heap pages.
      await c.query('TRUNCATE responses, coupons, tokens');
    },
    async setEpoch(id: string) {
      writable();
      await c.query('UPDATE storage_epoch SET id = $1', [id]);
    },
    async commit() {
      await c.query('COMMIT'); // returns once the commit record is flushed (synchronous_commit = on)
    },
    async close() {
      if (!open) return;
      open = false;
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end().catch(() => undefined);
    },
  };
}
