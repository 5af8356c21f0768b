// PostgreSQL for tests: a throw-away database per test file, created and dropped here (the server is shared).

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { skipUnless } from '../external-tools.ts';
import type { AdapterHarness } from './store-suite.ts';

// Storage key files of the throw-away databases go to a temp folder (children inherit it), not the worktree.
process.env['PORTAS_STATE_DIR'] ??= mkdtempSync(join(tmpdir(), 'portas-pg-keys-'));

export interface PgTarget {
  /** URL of the fresh database. */
  readonly url: string;
  /** The data directory when this user can read it (for reading heap files byte by byte). */
  readonly dataDirectory: string | undefined;
  drop(): Promise<void>;
}

/** Why PostgreSQL tests skip here, or undefined when they run. On CI a missing server fails the run (test/external-tools.ts). */
export function pgSkipReason(): string | undefined {
  const skip = skipUnless('PostgreSQL');
  return skip === false ? undefined : skip;
}

/**
 * A database of this test file's own: made before its tests and dropped after them, or `skip` with the reason when
 * PostgreSQL is missing (pass it to each test). `url` is there once the tests run.
 */
export function pgDatabaseForFile(): { readonly skip: string | false; readonly url: string } {
  const skip = pgSkipReason() ?? false;
  let target: PgTarget | undefined;
  before(async () => {
    if (skip === false) target = await pgDatabase();
  });
  after(async () => {
    await target?.drop();
  });
  return {
    skip,
    get url(): string {
      if (target === undefined) throw new Error('the test database is made before the tests run');
      return target.url;
    },
  };
}

/** Creates `portas_store_<random>` on the server named by PORTAS_TEST_POSTGRES; throws when it is unreachable. */
export async function pgDatabase(): Promise<PgTarget> {
  const base = process.env['PORTAS_TEST_POSTGRES'];
  if (base === undefined || base === '') throw new Error('PORTAS_TEST_POSTGRES must be set in CI');
  const name = `portas_store_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  let dataDirectory: string | undefined;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      dataDirectory = (await admin.query<{ d: string }>("SELECT current_setting('data_directory') AS d")).rows[0]?.d;
    } catch {
      // data_directory needs superuser or pg_read_all_settings: the seizure test falls back to ctid queries
    }
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDirectory,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The store contract's harness over a fresh database, reached at `through(url)` (the database itself, or a pooler). */
export async function pgHarness(through: (url: string) => string = (u) => u): Promise<AdapterHarness> {
  const target = await pgDatabase();
  const url = through(target.url);
  const opened = await openStore(url);
  if (!opened.ok) throw new Error(opened.error.message);
  return {
    store: opened.value,
    reopen: () => openPostgresStore(url, { keyFile: defaultKeyFile(url) }),
    setSchemaVersion: async (v) => {
      const c = new pg.Client({ connectionString: target.url });
      await c.connect();
      await c.query('UPDATE schema_version SET version = $1', [v]);
      await c.end();
    },
    cleanup: async () => {
      await opened.value.close();
      await target.drop();
    },
  };
}
