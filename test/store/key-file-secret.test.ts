// The key file hands a key's secret to a worker thread of the same process (the PostgreSQL re-keying's copy): the
// secret rebuilds exactly the key the file gives, and a key the file does not hold has none.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { keyFile } from '../../src/store/key-file.ts';
import { storageKey } from '../../src/store/storage-key.ts';
import { hash, rid } from './fixtures.ts';

test("secretOf gives the staged key's secret, which builds the same key; after keepOnly the dropped key has none", () => {
  const path = join(mkdtempSync(join(tmpdir(), 'portas-key-secret-')), 'store.key');
  const file = keyFile(path);
  const first = file.stage();
  const second = file.stage();
  for (const key of [first, second]) {
    const secret = file.secretOf(key.id);
    assert.ok(secret !== undefined);
    const rebuilt = storageKey(key.id, secret);
    const [id, coupon] = [rid(), hash()];
    assert.equal(rebuilt.hideId(id), key.hideId(id));
    assert.equal(rebuilt.hideCoupon(coupon), key.hideCoupon(coupon));
    assert.deepEqual(rebuilt.unbox('s', id, key.box('s', id, new Uint8Array([1, 2, 3]))), new Uint8Array([1, 2, 3]));
  }
  // Another process's view of the same file, after the first key was dropped.
  file.keepOnly(second.id);
  const other = keyFile(path);
  assert.equal(other.secretOf(first.id), undefined);
  assert.deepEqual(other.secretOf(second.id), file.secretOf(second.id));
  assert.equal(other.secretOf('clear'), undefined);
});
