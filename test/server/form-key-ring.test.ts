// The form-key file: keys only (no time), replaced atomically, and a damaged or empty file is replaced with a clear
// report instead of stopping the server.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sealFormState, openFormState } from '../../src/crypto/form-state.ts';
import { formKeyFile, formKeyRing } from '../../src/server/form-key-ring.ts';

const NOW = 29_500_000; // minutes since 1970: some day in 2026

test('the file holds keys and nothing else: no minute, no time at all; mode 0600; no temp file left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-formkeys-'));
  try {
    const path = join(dir, 'form-keys.json');
    const ring = await formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: 180, storage: formKeyFile(path), nowMinutes: NOW });
    await ring.current(NOW);
    await ring.current(NOW + 61); // a rotation
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { keys: Record<string, unknown>[] };
    assert.equal(parsed.keys.length, 2);
    for (const k of parsed.keys) assert.deepEqual(Object.keys(k).sort(), ['id', 'raw']);
    assert.doesNotMatch(text, new RegExp(String(NOW).slice(0, 5)), 'no minute count');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['form-keys.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after a restart a form sealed before it still opens (the form carries its own age)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-formkeys-'));
  try {
    const path = join(dir, 'form-keys.json');
    const before = await formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: 180, storage: formKeyFile(path), nowMinutes: NOW });
    const token = await sealFormState(await before.current(NOW), 'ctx', { a: 1 }, NOW);
    const after = await formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: 180, storage: formKeyFile(path), nowMinutes: NOW + 30 });
    const opened = await openFormState(after.live(NOW + 30), 'ctx', token, NOW + 30, 180);
    assert.deepEqual(opened, { ok: true, value: { a: 1 } });
    const late = await openFormState(after.live(NOW + 200), 'ctx', token, NOW + 200, 180);
    assert.equal(late.ok, false, 'a form older than its lifetime is refused whatever the key');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty or damaged file is replaced with one clear report; the server keeps starting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-formkeys-'));
  try {
    const path = join(dir, 'form-keys.json');
    for (const [content, reason] of [['', 'empty'], ['{"keys": [', 'not valid JSON'], ['{"other": 1}', 'not a form key file']] as const) {
      writeFileSync(path, content);
      const reports: string[] = [];
      const ring = await formKeyRing({ rotateMinutes: 60, maxFormAgeMinutes: 180, storage: formKeyFile(path), nowMinutes: NOW, onReplaced: (r) => reports.push(r) });
      assert.deepEqual(reports, [reason]);
      await ring.current(NOW);
      assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { keys: unknown[] }).keys.length, 1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
