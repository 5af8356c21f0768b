// `portas coupons`: seed batches of any size, revocation, and clear errors (never a stack trace) for a wrong folder.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { couponsCommand } from '../../src/cli/coupons.ts';
import { main } from '../../src/cli/main.ts';
import { openStore } from '../../src/store/open.ts';

const STUDY_DIR = 'studies/russians-in-serbia';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [[] as string[], [] as string[]];
  const [log, error] = [console.log, console.error];
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  try {
    return { code: await fn(), out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}
const run = (args: string[]): ReturnType<typeof capture> => capture(() => couponsCommand.run(args));
const runMain = (args: string[]): ReturnType<typeof capture> => capture(() => main(args));

test('seed 500 at once (more than one submission may issue), with an expiry; revoke all unredeemed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portas-coupons-'));
  const store = `sqlite:${join(dir, 'db.sqlite')}`;
  try {
    const sheet = join(dir, 'seeds.html');
    const seeded = await run(['seed', STUDY_DIR, '--n', '500', '--expiry', '2024-W30', '--store', store, '--sheet', sheet]);
    assert.equal(seeded.code, 0, seeded.err);
    assert.equal((readFileSync(sheet, 'utf8').match(/class="coupon"/g) ?? []).length, 500);
    const opened = await openStore(store);
    assert.ok(opened.ok);
    const counts = await opened.value.counts('russians-in-serbia');
    assert.equal(counts.ok ? counts.value.seedCouponsIssued : -1, 500);
    await opened.value.close();
    const revoked = await run(['revoke', STUDY_DIR, '--all', '--store', store]);
    assert.equal(revoked.code, 0, revoked.err);
    assert.match(revoked.out, /500 unredeemed coupon\(s\) of russians-in-serbia revoked/);
    const neither = await run(['revoke', STUDY_DIR, '--store', store]);
    assert.equal(neither.code, 2);
    assert.match(neither.err, /--all .* or --below CODE/);
    const typo = await run(['revoke', STUDY_DIR, '--below', 'ABCD-EFGH-JKM', '--store', store]);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /not a valid coupon code/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing study folder, a bad --n or --expiry: one clear line naming the problem, no stack trace; --help works', async () => {
  const missing = await run(['seed', '/nonexistent/study', '--n', '3']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /\/nonexistent\/study\/instrument\.yaml:1:1: error: .*holds no instrument\.yaml/);
  assert.doesNotMatch(missing.err, /\bat \S+ \(/);
  const bad = await run(['seed', STUDY_DIR, '--n', '0']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--n must be a whole number from 1 to 100000/);
  const expiry = await run(['seed', STUDY_DIR, '--expiry', 'soon']);
  assert.equal(expiry.code, 2);
  assert.match(expiry.err, /--expiry soon: not a period/);
  const help = await runMain(['coupons', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /revoke STUDY_DIR --below CODE/);
});
