// The worker-thread pool gives exactly what openMany gives, under `node --import tsx --test`.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateStudyKey, openerFor, openMany, seal, type SealedRecord } from '../../src/crypto/index.ts';
import { openInPool } from '../../src/study/open-pool.ts';
import { flagshipResponse } from './responses.ts';

describe('openInPool', () => {
  it('opens across worker threads in input order, reporting damaged and foreign records by id', async () => {
    const key = await generateStudyKey({ kind: 'hybrid' });
    const records: SealedRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const sealed = await seal(key.recipient, flagshipResponse(i, i === 13 ? 'other-study' : 'flagship-serbia-2024'));
      assert.ok(sealed.ok);
      const bytes = sealed.value;
      if (i === 7) bytes[bytes.length - 30]! ^= 1;
      records.push({ id: `r${i}`, sealed: bytes });
    }
    const expect = { study: 'flagship-serbia-2024' };
    const progress: number[] = [];
    const pooled = await openInPool(key, records, expect, { workers: 2, batchSize: 6, onProgress: (done) => progress.push(done) });
    const serial = await openMany(openerFor(key), records, expect);
    assert.deepEqual(pooled, serial);
    assert.equal(pooled.opened.length, 38);
    assert.deepEqual(pooled.failed.map((f) => [f.id, f.failure.code]), [
      ['r7', 'crypto.open.payload-altered'],
      ['r13', 'crypto.open.other-study'],
    ]);
    assert.equal(progress.at(-1), 40);
    // Handed on batch by batch in input order, the responses are the same and the result keeps only the failures.
    const streamed: (typeof serial.opened)[number][] = [];
    const batches: number[] = [];
    const handed = await openInPool(key, records, expect, { workers: 2, batchSize: 3, onOpened: (opened) => { batches.push(opened.length); streamed.push(...opened); } });
    assert.deepEqual(streamed, serial.opened);
    assert.deepEqual(handed, { opened: [], failed: serial.failed });
    assert.equal(batches.length, 14, 'one call per batch');
    assert.deepEqual(await openInPool(key, [], expect), { opened: [], failed: [] });
    // Records still on disk are read as their batch goes out, and give the same result.
    const dir = mkdtempSync(join(tmpdir(), 'portas-pool-'));
    const onDisk = records.map((r, i) => {
      if (i % 2 === 1) return r;
      const path = join(dir, `${r.id}.age`);
      writeFileSync(path, r.sealed);
      return { id: r.id, path };
    });
    assert.deepEqual(await openInPool(key, onDisk, expect, { workers: 2, batchSize: 6 }), serial);
    // A file gone since it was listed stops the pool with its name; the process does not crash.
    await assert.rejects(openInPool(key, [...onDisk, { id: 'gone', path: join(dir, 'gone.age') }], expect, { workers: 2, batchSize: 6 }), /cannot read a sealed record .*gone\.age/);
  });
});
