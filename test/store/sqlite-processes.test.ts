// One coupon, 1,000 submissions from four processes on one SQLite file: accepted exactly once.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/open.ts';
import { hash } from './fixtures.ts';

const run = promisify(execFile);
const child = new URL('./children/redeem-child.ts', import.meta.url).pathname;

test('four processes × 250 concurrent submissions of one coupon on one SQLite file: exactly one stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-store-'));
  try {
    const url = `sqlite:${join(dir, 'store.db')}`;
    const opened = await openStore(url);
    assert.ok(opened.ok);
    const coupon = hash();
    assert.ok((await opened.value.issueSeedCoupons('s', [coupon])).ok);
    await opened.value.close();
    const outs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', child, url, 's', coupon, '250'], { timeout: 60_000 })),
    );
    const tally: Record<string, number> = {};
    for (const o of outs) for (const [k, v] of Object.entries(JSON.parse(o.stdout) as Record<string, number>)) tally[k] = (tally[k] ?? 0) + v;
    assert.deepEqual(tally, { stored: 1, 'coupon-used': 999 });
    const check = await openStore(url);
    assert.ok(check.ok);
    const counts = await check.value.counts('s');
    assert.ok(counts.ok && counts.value.responsesTotal === 1 && counts.value.couponsRedeemed === 1);
    await check.value.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
