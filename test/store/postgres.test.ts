// Runs the store contract suite against the PostgreSQL adapter, in a database of its own that it drops afterwards.

import pg from 'pg';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { pgDatabase, pgSkipReason } from './pg-env.ts';
import { storeSuite } from './store-suite.ts';

storeSuite(
  'PostgreSQL',
  async () => {
    const target = await pgDatabase();
    const opened = await openStore(target.url);
    if (!opened.ok) throw new Error(opened.error.message);
    return {
      store: opened.value,
      reopen: () => openPostgresStore(target.url, { keyFile: defaultKeyFile(target.url) }),
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
  },
  pgSkipReason(),
);
