// Child process for the multi-process coupon test: submits N responses redeeming one coupon, prints outcome counts as JSON.

import { randomBytes } from 'node:crypto';
import { openStore } from '../../../src/store/open.ts';

const [url, study, coupon, countText] = process.argv.slice(2);
if (url === undefined || study === undefined || coupon === undefined || countText === undefined) throw new Error('usage: redeem-child URL STUDY COUPON N');
const opened = await openStore(url);
if (!opened.ok) throw new Error(opened.error.message);
const store = opened.value;
const outcomes = await Promise.all(
  Array.from({ length: Number(countText) }, () =>
    store.submit(study, {
      responseId: randomBytes(16).toString('hex'),
      period: '2024-W17',
      status: 'complete',
      sealed: new Uint8Array(randomBytes(100)),
      redeemCouponHash: coupon,
      issueCouponHashes: [],
    }),
  ),
);
const tally: Record<string, number> = {};
for (const o of outcomes) {
  const k = o.ok ? o.value.kind : o.error.kind;
  tally[k] = (tally[k] ?? 0) + 1;
}
await store.close();
process.stdout.write(JSON.stringify(tally));
