// SQLite schema, as ordered migrations. Every table is WITHOUT ROWID and keyed by random values (see docs/storage.md).

import type { Migration } from '../migration.ts';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'responses, coupons, researcher tokens',
    statements: [
      // No ROWID: the B-tree key is (study, random response id), so key order says nothing about arrival.
      `CREATE TABLE responses (
         study TEXT NOT NULL,
         response_id TEXT NOT NULL CHECK (length(response_id) = 32),
         period TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('complete', 'partial', 'screened-out')),
         sealed BLOB NOT NULL,
         PRIMARY KEY (study, response_id)
       ) WITHOUT ROWID`,
      `CREATE TABLE coupons (
         study TEXT NOT NULL,
         coupon_hash TEXT NOT NULL CHECK (length(coupon_hash) = 64),
         issued_to TEXT,
         state TEXT NOT NULL CHECK (state IN ('issued', 'redeemed')),
         expiry TEXT,
         redeemed_by TEXT,
         PRIMARY KEY (study, coupon_hash),
         CHECK ((state = 'redeemed') = (redeemed_by IS NOT NULL))
       ) WITHOUT ROWID`,
      // A response redeems at most one coupon.
      `CREATE UNIQUE INDEX coupons_redeemed_by ON coupons (study, redeemed_by) WHERE redeemed_by IS NOT NULL`,
      `CREATE INDEX coupons_issued_to ON coupons (study, issued_to)`,
      `CREATE TABLE tokens (
         study TEXT NOT NULL,
         token_hash TEXT NOT NULL CHECK (length(token_hash) = 64),
         label TEXT NOT NULL,
         PRIMARY KEY (study, token_hash)
       ) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    description: 'the storage epoch: which key the rows are keyed under (clear until the first re-keying)',
    statements: [
      `CREATE TABLE storage_epoch (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID`,
      `INSERT INTO storage_epoch (id) VALUES ('clear')`,
    ],
  },
  {
    version: 3,
    description: 'form keys shared by every server process (boxed under the storage key; a generation number, never a time)',
    statements: [`CREATE TABLE form_keys (generation INTEGER NOT NULL PRIMARY KEY CHECK (generation >= 1), boxed BLOB NOT NULL) WITHOUT ROWID`],
  },
  {
    version: 4,
    description: "nothing in SQLite: PostgreSQL's re-keying pass (one writer at a time here), kept in step so that one version number names one schema in both",
    statements: [],
  },
];
