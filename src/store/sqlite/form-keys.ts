// The shared form keys in SQLite: read, added (first writer of a generation wins) and re-keyed, inside the caller's
// transaction.

import type Database from 'better-sqlite3';
import { boxFormKey, formKeySetOf, type FormKeyRecord, type FormKeySet } from '../form-keys.ts';
import type { StorageKey } from '../storage-key.ts';

type Row = { generation: number; boxed: Buffer };

export function readFormKeys(db: Database.Database, key: StorageKey): FormKeySet {
  return formKeySetOf(key, db.prepare('SELECT generation, boxed FROM form_keys').all() as Row[]);
}

export function addFormKey(db: Database.Database, key: StorageKey, k: FormKeyRecord, keep: number): FormKeySet {
  db.prepare('INSERT OR IGNORE INTO form_keys (generation, boxed) VALUES (?, ?)').run(k.generation, boxFormKey(key, k));
  db.prepare('DELETE FROM form_keys WHERE generation <= (SELECT max(generation) FROM form_keys) - ?').run(keep);
  return readFormKeys(db, key);
}

/** Boxes every form key anew under `fresh` (an unreadable one is dropped: no form could be opened with it anyway). */
export function rekeyFormKeys(db: Database.Database, old: StorageKey, fresh: StorageKey): void {
  const { keys } = readFormKeys(db, old);
  db.prepare('DELETE FROM form_keys').run();
  const put = db.prepare('INSERT INTO form_keys (generation, boxed) VALUES (?, ?)');
  for (const k of keys) put.run(k.generation, boxFormKey(fresh, k));
}
