// A new researcher in Chromium: study from an XLSForm, preview in two languages, key with 2-of-3 shares, seed coupons;
// with every request outside the studio blocked and counted.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { skipUnless } from '../external-tools.ts';
import { createStudy, makeKey, openSession, previewTwoLanguages, seedCoupons, type StudioSession } from './studio-walk.ts';

const skip = skipUnless('Chromium');
let session: StudioSession | undefined;
const noShot = (): Promise<void> => Promise.resolve();

before(async () => {
  if (skip === false) session = await openSession();
});
after(async () => {
  await session?.close();
});

test('a researcher makes a study, previews it, keys it and seeds it, and no page asks any other site for anything', { skip, timeout: 300_000 }, async () => {
  if (session === undefined) throw new Error('no session');
  await createStudy(session, noShot);
  await previewTwoLanguages(session, noShot);
  const shares = await makeKey(session, noShot);
  assert.ok(shares.every((s) => s.startsWith('portas-share-')));
  const coupons = await seedCoupons(session, noShot);
  assert.equal(new Set(coupons).size, 5);
  assert.deepEqual(session.external, []);
});
