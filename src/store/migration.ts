// Versioned schema migrations: ordered steps, a `schema_version` table, refusal to open a newer database.

import { err, ok, type Result } from '../core/result.ts';

export interface Migration {
  /** 1, 2, 3 … in order, no gaps. */
  readonly version: number;
  readonly description: string;
  /** Statements run in one transaction together with the version bump. */
  readonly statements: readonly string[];
}

export interface OpenError {
  readonly kind: 'newer-schema' | 'bad-url' | 'unavailable' | 'not-a-store' | 'unsafe-server' | 'missing-key';
  readonly message: string;
}

/** The migrations still to run from `current`, or a refusal when the database was written by a newer portas. */
export function pendingMigrations(migrations: readonly Migration[], current: number): Result<readonly Migration[], OpenError> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.version}`);
  });
  const latest = migrations.length;
  if (current > latest) {
    return err({
      kind: 'newer-schema',
      message: `the database has schema version ${current} but this portas knows only up to ${latest}: upgrade portas instead of opening it with an older one`,
    });
  }
  return ok(migrations.slice(current));
}
