import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('the main job sets up the flagship on SQLite, serves it, and issues seed coupons', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'portas-main-')), 'flagship');
  const r = spawnSync(process.execPath, ['bin/portas.js', 'flagship', '--no-serve', '--port', '0', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[4\/4\] the survey is served at http:\/\/127\.0\.0\.1:\d+\/s\/russians-in-serbia — seed coupons: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}, /);
  assert.ok(existsSync(join(out, 'portas.sqlite')));
  assert.match(readFileSync(join(out, 'study', 'study.pub'), 'utf8'), /^age1pq1/m, 'a post-quantum study key');
  assert.match(readFileSync(join(out, 'questionnaire.ru.txt'), 'utf8'), /Россияне в Сербии/);
});
