import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const portas = (...args: string[]) => spawnSync(process.execPath, ['bin/portas.js', ...args], { encoding: 'utf8' });

test('portas check exits 0 on a valid instrument and says what it found', () => {
  const r = portas('check', 'test/instrument/fixtures/mini.yaml');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ok — study 'mini-study' version 1, 4 pages, 9 items, languages ru, en/);
});

test('portas check prints every error with file:line:col and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-check-'));
  const file = join(dir, 'instrument.yaml');
  const broken = readFileSync('test/instrument/fixtures/mini.yaml', 'utf8')
    .replace('{ code: 2, ru: "Нет", en: "No" }', '{ code: 1, ru: "Нет", en: "No" }')
    .replace('"${sex} = 2 and ${age} < 60"', '"${sex} = 2 and ${q99} < 60"');
  writeFileSync(file, broken);
  const r = portas('check', file);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: choice list 'yes_no': code 1 is used twice`));
  assert.match(lines[1]!, /:\d+:\d+: error: item 'why_not': relevance refers to unknown item 'q99'/);
  assert.match(lines[2]!, /2 errors$/);
});

test('portas check on a missing file names it and exits 1; no arguments is a usage error', () => {
  const r = portas('check', 'no/such/file.yaml');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^no\/such\/file.yaml:1:1: error: the file cannot be read: there is no such file \(ENOENT\)/);
  assert.equal(portas('check').status, 2);
});
