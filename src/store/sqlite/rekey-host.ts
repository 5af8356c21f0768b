// What a SQLite re-keying needs from the connection it runs on: transactions whose I/O failures and damaged rows come
// back as failure values. The serving thread's store and the re-keying thread build it the same way.

import type Database from 'better-sqlite3';
import { err, ok } from '../../core/result.ts';
import type { KeyFile } from '../key-file.ts';
import type { StorageFailure } from '../store.ts';
import { guard, isFailure } from './failure.ts';
import type { RekeyHost } from './rekey-run.ts';

/** Thrown inside a re-keying transaction for a row the old key cannot open: rolls it back, comes back as a failure. */
class Damaged extends Error {
  readonly failure: StorageFailure = { kind: 'storage-failed', reason: 'corrupt', message: 'reshuffle: SQLite storage key missing or row damaged' };
}

export function rekeyHost(db: Database.Database, keys: KeyFile, closing: () => boolean): RekeyHost {
  return {
    db,
    keys,
    transaction<T>(mode: 'immediate' | 'deferred', fn: () => T) {
      const tx = db.transaction(fn);
      try {
        const out = guard('reshuffle', () => tx[mode]());
        return isFailure(out) ? err(out) : ok(out);
      } catch (e) {
        if (e instanceof Damaged) return err(e.failure);
        throw e;
      }
    },
    damaged: () => new Damaged('re-keying: a row the old key cannot open'),
    closing,
  };
}
