// The store behind a real PgBouncer in transaction pool mode (#22): the whole store contract through it, and two
// `portas serve` instances sharing its five server connections while respondents' pages move between them.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import { skipUnless } from '../external-tools.ts';
import { respondent, Spreader, startInstance, stopInstance, twoPageInstrument, type Instance } from '../server/instances.ts';
import { pgDatabase, pgHarness } from './pg-env.ts';
import { startBouncer, type Bouncer } from './pgbouncer.ts';
import { storeSuite } from './store-suite.ts';

const skip = skipUnless('PostgreSQL', 'PgBouncer');
/** Fewer server connections than the store's pool (10) opens as clients: transactions of different clients share them. */
const POOL = 5;
let bouncer: Bouncer | undefined;
const theBouncer = async (): Promise<Bouncer> => (bouncer ??= await startBouncer(POOL));
after(async () => {
  await bouncer?.stop();
});

storeSuite(
  'PostgreSQL through PgBouncer (pool_mode = transaction)',
  async () => {
    const b = await theBouncer();
    return pgHarness((url) => b.through(url));
  },
  skip === false ? undefined : skip,
);

test('two `portas serve` instances through PgBouncer: paths cross instances, every response stored once, coupons once, re-keyed at stop', { skip }, async () => {
  const STUDY = 'bounced';
  const target = await pgDatabase();
  const b = await theBouncer();
  const url = b.through(target.url);
  const dir = mkdtempSync(join(tmpdir(), 'portas-bounced-'));
  const instances: Instance[] = [];
  try {
    const studyDir = join(dir, 'study');
    const stateDir = join(dir, 'state');
    mkdirSync(studyDir);
    writeFileSync(join(studyDir, 'instrument.yaml'), twoPageInstrument(STUDY));
    writeFileSync(join(studyDir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
    for (let i = 0; i < 2; i++) instances.push(await startInstance(studyDir, url, stateDir));
    const opened = await openStore(url, { keyFile: defaultKeyFile(url, stateDir) });
    assert.ok(opened.ok);
    const store = opened.value;
    const seeds = Array.from({ length: 12 }, () => formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))));
    assert.ok((await store.issueSeedCoupons(STUDY, seeds.map(hashCouponCode))).ok);
    const spread = new Spreader(instances.map((i) => i.url), () => true);
    // Twelve at once, each on a seed; one more races the first on the same seed: it is kept, unlinked.
    const done = await Promise.all([...seeds.map((c, i) => respondent(spread, STUDY, c, `m${String(i)}`, {})), respondent(spread, STUDY, seeds[0] ?? '', 'twin', {})]);
    // Round robin over concurrent respondents: a path of 5 requests stays on one instance by chance 1 time in 16.
    const crossed = done.filter((d) => d.instances.size === 2).length;
    assert.ok(crossed >= 7, `paths were served by both instances (${String(crossed)} of ${String(done.length)})`);
    const connections = await b.serverConnections();
    assert.ok(connections >= 1 && connections <= POOL, `PgBouncer kept to its ${String(POOL)} server connections (${String(connections)}) for 2 instances × 10 clients`);
    for (const i of instances) assert.equal(await stopInstance(i), 0, 'a graceful stop, with its final re-keying, through the bouncer');
    const counts = await store.counts(STUDY);
    assert.ok(counts.ok);
    assert.equal(counts.value.responsesTotal, seeds.length + 1, 'every acknowledged response stored once');
    assert.equal(counts.value.couponsRedeemed, seeds.length, 'each seed accepted once');
    const epoch = await store.reshuffle();
    assert.ok(epoch.ok && epoch.value.skipped === undefined && epoch.value.responses === seeds.length + 1, 're-keyed again through the bouncer, every row');
    await store.close();
  } finally {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
