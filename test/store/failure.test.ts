import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { postgresFailure } from '../../src/store/postgres/failure.ts';
import { sqliteFailure } from '../../src/store/sqlite/failure.ts';

const pgError = (code: string): Error => Object.assign(new Error('x'), { code });

test('PostgreSQL SQLSTATEs map to typed failures (codes from the PostgreSQL 15 manual, appendix A); others are bugs', () => {
  const cases: [string, string | undefined][] = [
    ['53100', 'disk-full'], ['58030', 'io-error'], ['XX001', 'corrupt'], ['25006', 'read-only'], ['57P01', 'unavailable'],
    ['08006', 'unavailable'], ['ECONNREFUSED', 'unavailable'], ['40P01', 'busy'], ['23505', undefined], ['42P01', undefined],
  ];
  for (const [code, reason] of cases) assert.equal(postgresFailure('op', pgError(code))?.reason, reason, code);
  assert.equal(postgresFailure('op', new Error('Connection terminated unexpectedly'))?.reason, 'unavailable');
  assert.equal(postgresFailure('op', new Error('timeout exceeded when trying to connect'))?.reason, 'busy');
  assert.equal(postgresFailure('op', 'not an error'), undefined);
});

test('SQLite result codes map to typed failures; constraint errors are bugs', () => {
  const err = (code: string) => new Database.SqliteError('x', code);
  assert.equal(sqliteFailure('op', err('SQLITE_FULL'))?.reason, 'disk-full');
  assert.equal(sqliteFailure('op', err('SQLITE_IOERR_FSYNC'))?.reason, 'io-error');
  assert.equal(sqliteFailure('op', err('SQLITE_READONLY_DBMOVED'))?.reason, 'read-only');
  assert.equal(sqliteFailure('op', err('SQLITE_BUSY_SNAPSHOT'))?.reason, 'busy');
  assert.equal(sqliteFailure('op', err('SQLITE_CONSTRAINT_PRIMARYKEY')), undefined);
  assert.deepEqual(sqliteFailure('submit', err('SQLITE_FULL')), { kind: 'storage-failed', reason: 'disk-full', message: 'submit: SQLite SQLITE_FULL' });
});

test('a PostgreSQL server that would not keep acknowledgements durable, or that timestamps commits, is refused', async () => {
  const { checkServerSettings } = await import('../../src/store/postgres/server-settings.ts');
  const good = { fsync: 'on', full_page_writes: 'on', track_commit_timestamp: 'off' };
  assert.deepEqual(checkServerSettings(good), { ok: true, value: undefined });
  for (const bad of [{ fsync: 'off' }, { full_page_writes: 'off' }, { track_commit_timestamp: 'on' }, { fsync: undefined }]) {
    const r = checkServerSettings({ ...good, ...bad });
    assert.ok(!r.ok && r.error.kind === 'unsafe-server', JSON.stringify(bad));
  }
});
