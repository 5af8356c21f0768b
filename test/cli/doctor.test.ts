// `portas doctor`'s store checks: what it finds wrong, on a real SQLite store and for PostgreSQL settings.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { POSTGRESQL_SETTINGS } from '../../src/study/deploy-templates.ts';
import { diagnose, judgePostgres } from '../../src/cli/doctor.ts';
import { openStore } from '../../src/store/open.ts';
import { pgSkipReason } from '../store/pg-env.ts';

test('SQLite: a fresh store passes; a database or key file readable by others is named with the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-doctor-'));
  try {
    const path = join(dir, 'store.db');
    const opened = await openStore(`sqlite:${path}`);
    assert.ok(opened.ok);
    await opened.value.close();
    const fresh = await diagnose({ store: `sqlite:${path}`, stateDir: join(dir, 'state') });
    assert.deepEqual(fresh.filter((f) => !f.ok), []);
    assert.ok(fresh.some((f) => /journal_mode = delete/.test(f.what)));
    assert.ok(fresh.some((f) => /free space .* ≥ 3 × database/.test(f.what)));
    chmodSync(path, 0o644);
    chmodSync(`${path}.key`, 0o640);
    const wrong = (await diagnose({ store: `sqlite:${path}`, stateDir: join(dir, 'state') })).filter((f) => !f.ok);
    assert.deepEqual(wrong.map((f) => f.what), [`database: ${path} mode 644`, `storage key file: ${path}.key mode 640`]);
    assert.match(wrong[0]?.detail ?? '', /chmod 600/);
    rmSync(`${path}.key`);
    const missing = (await diagnose({ store: `sqlite:${path}`, stateDir: join(dir, 'state') })).filter((f) => !f.ok);
    assert.ok(missing.some((f) => /storage key file: .* is missing/.test(f.what)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL settings: the ones portas deploy writes pass; each unsafe one is named, addresses and logging failed, WAL size a warning', () => {
  const safe = Object.fromEntries(POSTGRESQL_SETTINGS.map(([name, value]) => [name, value.replace(/^'(.*)'$/, '$1')]));
  assert.deepEqual(judgePostgres(safe).filter((f) => !f.ok), []);
  const judged = judgePostgres({ ...safe, track_commit_timestamp: 'on', log_connections: 'on', log_line_prefix: '%m %h ', log_statement: 'mod', archive_mode: 'on', max_wal_size: '1GB', listen_addresses: '*' });
  const named = (level: string): string[] => judged.filter((f) => f.level === level).map((f) => f.what.split(/ (=|')/)[0] ?? '');
  assert.deepEqual(named('failed'), ['track_commit_timestamp', 'archive_mode', 'log_statement', 'log_connections', 'log_line_prefix']);
  assert.deepEqual(named('warning'), ['listen_addresses', 'max_wal_size']);
  assert.match(judged.find((f) => f.what.startsWith('log_connections'))?.detail ?? '', /set log_connections = off in conf\.d\/portas\.conf/);
  assert.equal(judgePostgres({ ...safe, log_line_prefix: '%t [%p] ' }).find((f) => f.what.startsWith('log_line_prefix'))?.level, 'warning', 'a time stamp is a warning');
  assert.equal(judgePostgres({ ...safe, log_min_duration_statement: undefined }).find((f) => f.what.startsWith('log_min_duration_statement'))?.level, 'warning', 'a setting the server does not report cannot be checked');
});

test('PostgreSQL: a real server is read with SHOW values; the test server (not configured by portas deploy) fails its logging checks', { skip: pgSkipReason() ?? false }, async () => {
  // One finding per PostgreSQL setting, then the storage key file and the state folder (form keys live in the store).
  const found = await diagnose({ store: process.env['PORTAS_TEST_POSTGRES'] ?? '', storeKey: '/nonexistent/key', stateDir: '/nonexistent/state' });
  assert.equal(found.length, POSTGRESQL_SETTINGS.length + 2);
  assert.ok(found.some((f) => f.what === 'fsync = on' && f.ok));
  assert.ok(found.some((f) => /^storage key file: .* is missing/.test(f.what) && f.level === 'failed'));
  const unreachable = await diagnose({ store: 'postgres://postgres@127.0.0.1:1/none', stateDir: '/nonexistent' });
  assert.equal(unreachable[0]?.what, 'PostgreSQL cannot be reached');
});
