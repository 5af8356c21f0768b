// openStore: the one factory the server and the CLI call — `sqlite:PATH` or `postgres://…` — and where the storage key lives.

import { join } from 'node:path';
import { err, type Result } from '../core/result.ts';
import type { OpenError } from './migration.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export type { OpenError } from './migration.ts';

export interface StoreOptions {
  /** The storage key file; default: `PATH.key` beside a SQLite file, `$PORTAS_STATE_DIR/store-HOST-PORT-DB.key` (else `portas-state/…`) for PostgreSQL. */
  readonly keyFile?: string;
}

const sqlitePath = (url: string): string => url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');

/**
 * The storage key file a store URL uses unless told otherwise. Each database has its own file (the file keeps only
 * its database's current key), so the PostgreSQL default names host, port and database.
 */
export function defaultKeyFile(url: string, stateDir = process.env['PORTAS_STATE_DIR'] ?? 'portas-state'): string {
  if (url.startsWith('sqlite:')) return `${sqlitePath(url)}.key`;
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  const { host, port, database } = postgresTarget(url);
  return join(stateDir, `store-${safe(host)}-${safe(port)}-${safe(database)}.key`);
}

/** Host, port and database of a PostgreSQL URL; a socket URL (`postgres://user@/db?host=/run/postgresql`) is local. */
function postgresTarget(url: string): { host: string; port: string; database: string } {
  try {
    const u = new URL(url);
    return { host: u.hostname || 'local', port: u.port || '5432', database: u.pathname.slice(1) || 'postgres' };
  } catch {
    // pg accepts an empty host (the socket named in ?host=), which WHATWG URL refuses.
    return { host: 'local', port: '5432', database: /^postgres(?:ql)?:\/\/[^/]*\/([^?#]*)/.exec(url)?.[1] || 'postgres' };
  }
}

/**
 * Opens (creating and migrating when needed) the store at `url`:
 * `sqlite:/var/lib/portas/store.db` (or `sqlite:relative/path.db`), or `postgres://user@host:port/db` (`postgresql://` too).
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Result<Store, OpenError>> {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path === '' || path === ':memory:') return err({ kind: 'bad-url', message: 'sqlite: needs a file path (an in-memory store would lose acknowledged responses)' });
    return openSqliteStore(path, options.keyFile ?? defaultKeyFile(url));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const keyFile = options.keyFile ?? defaultKeyFile(url);
    return openPostgresStore(url, { keyFile });
  }
  return err({ kind: 'bad-url', message: "store URL must start with 'sqlite:' or 'postgres://'" });
}
