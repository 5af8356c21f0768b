// The shared form keys in PostgreSQL: read, added (first writer of a generation wins) and re-keyed, inside the
// caller's transaction, which already holds the epoch lock.

import type pg from 'pg';
import { boxFormKey, formKeySetOf, type FormKeyRecord, type FormKeySet } from '../form-keys.ts';
import type { StorageKey } from '../storage-key.ts';

type Row = { generation: number; boxed: Buffer };

export async function readFormKeys(c: pg.ClientBase, key: StorageKey): Promise<FormKeySet> {
  const { rows } = await c.query<Row>('SELECT generation, boxed FROM form_keys');
  return formKeySetOf(key, rows);
}

export async function addFormKey(c: pg.ClientBase, key: StorageKey, k: FormKeyRecord, keep: number): Promise<FormKeySet> {
  await c.query('INSERT INTO form_keys (generation, boxed) VALUES ($1, $2) ON CONFLICT DO NOTHING', [k.generation, boxFormKey(key, k)]);
  await c.query('DELETE FROM form_keys WHERE generation <= (SELECT max(generation) FROM form_keys) - $1', [keep]);
  return readFormKeys(c, key);
}

/** Boxes every form key anew under `fresh` (an unreadable one is dropped: no form could be opened with it anyway). */
export async function rekeyFormKeys(c: pg.ClientBase, old: StorageKey, fresh: StorageKey): Promise<void> {
  const { keys } = await readFormKeys(c, old);
  await c.query('DELETE FROM form_keys');
  for (const k of keys) await c.query('INSERT INTO form_keys (generation, boxed) VALUES ($1, $2)', [k.generation, boxFormKey(fresh, k)]);
}
