// PostgreSQL schema, as ordered migrations (the same tables as SQLite; see docs/storage.md).

import type { Migration } from '../migration.ts';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'responses, coupons, researcher tokens',
    statements: [
      `CREATE TABLE responses (
         study text NOT NULL,
         response_id text NOT NULL CHECK (length(response_id) = 32),
         period text NOT NULL,
         status text NOT NULL CHECK (status IN ('complete', 'partial', 'screened-out')),
         sealed bytea NOT NULL,
         PRIMARY KEY (study, response_id)
       )`,
      `CREATE TABLE coupons (
         study text NOT NULL,
         coupon_hash text NOT NULL CHECK (length(coupon_hash) = 64),
         issued_to text,
         state text NOT NULL CHECK (state IN ('issued', 'redeemed')),
         expiry text,
         redeemed_by text,
         PRIMARY KEY (study, coupon_hash),
         CHECK ((state = 'redeemed') = (redeemed_by IS NOT NULL))
       )`,
      `CREATE UNIQUE INDEX coupons_redeemed_by ON coupons (study, redeemed_by) WHERE redeemed_by IS NOT NULL`,
      `CREATE INDEX coupons_issued_to ON coupons (study, issued_to)`,
      `CREATE TABLE tokens (
         study text NOT NULL,
         token_hash text NOT NULL CHECK (length(token_hash) = 64),
         label text NOT NULL,
         PRIMARY KEY (study, token_hash)
       )`,
    ],
  },
  {
    version: 2,
    description: 'the storage epoch: which key the rows are keyed under (clear until the first re-keying)',
    statements: [`CREATE TABLE storage_epoch (id text NOT NULL PRIMARY KEY)`, `INSERT INTO storage_epoch (id) VALUES ('clear')`],
  },
  {
    version: 3,
    description: 'form keys shared by every server instance; staging tables for re-keying without temp tables (PgBouncer)',
    statements: [
      // Boxed under the storage key; a generation number, never a time.
      `CREATE TABLE form_keys (generation integer NOT NULL PRIMARY KEY CHECK (generation >= 1), boxed bytea NOT NULL)`,
      // Unlogged like the temp tables they replace (no WAL image of the re-keyed rows before they reach their place),
      // but not tied to a session, so a re-keying works through PgBouncer in transaction mode; empty between re-keyings.
      `CREATE UNLOGGED TABLE rekey_responses (LIKE responses)`,
      `CREATE UNLOGGED TABLE rekey_coupons (LIKE coupons)`,
    ],
  },
  {
    version: 4,
    description: 'the re-keying pass: rows written since a re-keying began are found through an index, so its exclusive part does not grow with the tables',
    statements: [
      // A count of re-keyings, never a time; a row carries the pass current when it was written or last changed, and
      // every row a re-keying rewrites carries 0: only the rows of the current pass (the tail) are told apart by it.
      `ALTER TABLE storage_epoch ADD COLUMN pass integer NOT NULL DEFAULT 0`,
      // How long the last re-keying took (a duration, not a time): an instance that skips waits in proportion to it.
      `ALTER TABLE storage_epoch ADD COLUMN last_ms integer NOT NULL DEFAULT 0`,
      `ALTER TABLE responses ADD COLUMN pass integer NOT NULL DEFAULT 0`,
      `ALTER TABLE coupons ADD COLUMN pass integer NOT NULL DEFAULT 0`,
      `CREATE INDEX responses_pass ON responses (pass)`,
      `CREATE INDEX coupons_pass ON coupons (pass)`,
    ],
  },
];
