// openStore: the one factory the server and the CLI call — `sqlite:PATH` or `postgres://…`.

import { err, type Result } from '../core/result.ts';
import type { OpenError } from './migration.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export type { OpenError } from './migration.ts';

/**
 * Opens (creating and migrating when needed) the store at `url`:
 * `sqlite:/var/lib/portas/store.db` (or `sqlite:relative/path.db`), or `postgres://user@host:port/db` (`postgresql://` too).
 */
export async function openStore(url: string): Promise<Result<Store, OpenError>> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '' || path === ':memory:') return err({ kind: 'bad-url', message: 'sqlite: needs a file path (an in-memory store would lose acknowledged responses)' });
    return openSqliteStore(path);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgresStore(url);
  return err({ kind: 'bad-url', message: "store URL must start with 'sqlite:' or 'postgres://'" });
}
