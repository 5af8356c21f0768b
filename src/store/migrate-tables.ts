// The rows `portas migrate-store` moves, as each dialect stores them (keyed under that store's storage key), and the
// table-level access a migration needs on either side: read everything inside one transaction, write into an empty store.

/** A response row as stored: the id keyed, the sealed bytes boxed under the store's key. */
export interface StoredResponse {
  readonly study: string;
  readonly storedId: string;
  readonly period: string;
  readonly status: string;
  readonly boxed: Uint8Array;
}

/** A coupon row as stored: the hash and the two response ids keyed; a revoked coupon has no row at all. */
export interface StoredCoupon {
  readonly study: string;
  readonly storedHash: string;
  readonly issuedTo: string | null;
  readonly state: string;
  readonly expiry: string | null;
  readonly redeemedBy: string | null;
}

/** A researcher token: only its hash, never keyed (a token hash says nothing about when anyone answered). */
export interface StoredToken {
  readonly study: string;
  readonly tokenHash: string;
  readonly label: string;
}

export interface RowKey {
  readonly study: string;
  readonly storedId: string;
}

export interface TableCounts {
  readonly responses: number;
  readonly coupons: number;
  readonly tokens: number;
}

/** One open transaction on one store's tables. Every read sees the same snapshot; writes are visible to later reads. */
export interface StoreTables {
  /** What the URL names, for messages (never a password). */
  readonly label: string;
  /** The id of the storage key the rows are keyed under now. */
  epoch(): Promise<string>;
  /** The schema version, to refuse moving between stores of different portas versions. */
  schemaVersion(): Promise<number>;
  counts(): Promise<TableCounts>;
  responseKeys(): Promise<RowKey[]>;
  /** The rows of `keys` (at most a few hundred at once), in any order. */
  responses(keys: readonly RowKey[]): Promise<StoredResponse[]>;
  coupons(): Promise<StoredCoupon[]>;
  tokens(): Promise<StoredToken[]>;
  /** Writes (target only): rows go in in the order given. */
  insertResponses(rows: readonly StoredResponse[]): Promise<void>;
  insertCoupons(rows: readonly StoredCoupon[]): Promise<void>;
  insertTokens(rows: readonly StoredToken[]): Promise<void>;
  /** Empties responses, coupons and tokens (only with --replace). */
  wipe(): Promise<void>;
  setEpoch(id: string): Promise<void>;
  commit(): Promise<void>;
  /** Ends the transaction without a trace and closes the connection; safe to call after commit or a failure. */
  close(): Promise<void>;
}

/** How many response rows go through memory at once (a sealed response may be tens of KiB, padded). */
export const RESPONSE_BATCH = 200;
/** How many coupon or token rows one insert carries. */
export const COUPON_BATCH = 2000;

export function* batches<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
