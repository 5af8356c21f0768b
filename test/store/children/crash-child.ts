// Child process for the crash test: 50 concurrent logical submitters; each acknowledged responseId is printed only
// after submit resolved. It runs until killed (or `limit` submissions per submitter).

import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openStore } from '../../../src/store/open.ts';
import type { Submission } from '../../../src/store/store.ts';

const [url, studyArg, limitText] = process.argv.slice(2);
if (url === undefined || studyArg === undefined) throw new Error('usage: crash-child URL STUDY [LIMIT]');
const study: string = studyArg;
const limit = Number(limitText ?? '1000000');
const opened = await openStore(url);
if (!opened.ok) throw new Error(opened.error.message);
const store = opened.value;
/** Blocking write to fd 1: the line has left this process before the next statement runs (a kill cannot drop it). */
function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(1, bytes, off);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
    }
  }
}
const hex = (n: number): string => randomBytes(n).toString('hex');
const coupons: string[] = Array.from({ length: 5 }, () => hex(32));
for (;;) {
  const seeded = await store.issueSeedCoupons(study, coupons);
  if (seeded.ok) break;
  await new Promise((r) => setTimeout(r, 50));
}
say('ready');

async function submitter(): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const redeem = coupons.pop();
    const issue = [hex(32), hex(32)];
    const s: Submission = {
      responseId: hex(16),
      period: '2024-W17',
      status: 'complete',
      sealed: new Uint8Array(randomBytes(300 + (i % 7) * 200)),
      issueCouponHashes: issue,
      ...(redeem === undefined ? {} : { redeemCouponHash: redeem }),
    };
    await new Promise((r) => setImmediate(r)); // one submission per event-loop turn, as requests arrive in a server
    for (;;) {
      const r = await store.submit(study, s);
      if (r.ok) {
        say(`ack ${s.responseId}`);
        coupons.push(...issue);
        break;
      }
      if (r.error.kind !== 'storage-failed') throw new Error(`unexpected rejection ${r.error.kind}`);
      await new Promise((res) => setTimeout(res, 100)); // the server is down or busy: the same responseId again
    }
  }
}
/** Re-keys all the while, so that kills also land in the middle of a reshuffle (staged key, rewrite, VACUUM, prune). */
let submitting = true;
async function reshuffler(): Promise<void> {
  while (submitting) {
    await new Promise((r) => setTimeout(r, 15));
    await store.reshuffle(); // a failure (server down, busy) is retried at the next turn, as the scheduler does
  }
}
const rekeying = reshuffler();
await Promise.all(Array.from({ length: 50 }, submitter));
submitting = false;
await rekeying;
await store.close();
