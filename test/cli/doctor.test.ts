// `portas doctor`: what it finds wrong, on a real SQLite store and for PostgreSQL settings.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { diagnose, judgePostgres } from '../../src/cli/doctor.ts';
import { openStore } from '../../src/store/open.ts';

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
    assert.deepEqual(wrong.map((f) => f.what), [`database: ${path} has mode 644`, `storage key file: ${path}.key has mode 640`]);
    assert.match(wrong[0]?.detail ?? '', /chmod 600/);
    rmSync(`${path}.key`);
    const missing = (await diagnose({ store: `sqlite:${path}`, stateDir: join(dir, 'state') })).filter((f) => !f.ok);
    assert.ok(missing.some((f) => /storage key file: .* is missing/.test(f.what)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL settings: each unsafe one is named', () => {
  const safe = { track_commit_timestamp: 'off', fsync: 'on', full_page_writes: 'on', log_connections: 'off', log_line_prefix: '%m [%p] ', log_statement: 'none', log_min_duration_statement: '-1', archive_mode: 'off', wal_keep_size: '0' };
  assert.deepEqual(judgePostgres(safe).filter((f) => !f.ok), []);
  const unsafe = judgePostgres({ ...safe, track_commit_timestamp: 'on', log_connections: 'on', log_line_prefix: '%m %h ', log_statement: 'mod', archive_mode: 'on' }).filter((f) => !f.ok);
  assert.deepEqual(unsafe.map((f) => f.what.split(/ (is|=|'|logs)/)[0]), ['track_commit_timestamp', 'log_connections', 'log_line_prefix', 'log_statement', 'archive_mode']);
});
