// Fills a store with N responses for the benches in seconds, not through HTTP or one submission at a time: rows keyed
// and boxed under the store's own current storage key, written in one transaction through the table access
// `portas migrate-store` uses (SQLite and PostgreSQL alike). They are real rows: the server reads, counts and
// reshuffles them like any other. Each response issues three coupons; each after the first redeems one, as a tree.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { keyFile } from '../src/store/key-file.ts';
import { postgresTables } from '../src/store/migrate-postgres.ts';
import { sqliteTables } from '../src/store/migrate-sqlite.ts';
import type { StoredCoupon, StoredResponse, StoreTables } from '../src/store/migrate-tables.ts';
import { openStore } from '../src/store/open.ts';

const BATCH = 500;
const COUPONS_EACH = 3;

export interface Prefilled {
  readonly responses: number;
  readonly coupons: number;
  readonly seconds: number;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * Stores `n` responses of `study` in the store at `url` (its storage key in `keyPath`, as the server will open it):
 * response i's sealed bytes are `sealed(i)`; its coupons are issued to it, and coupon k of response j is redeemed by
 * response 3j + k + 1 when there is one.
 */
export async function prefill(url: string, keyPath: string, study: string, n: number, sealed: (i: number) => Uint8Array): Promise<Prefilled> {
  const t0 = performance.now();
  // Opening once creates the schema and the storage key, as a server's first start would.
  const opened = await openStore(url, { keyFile: keyPath });
  if (!opened.ok) throw new Error(opened.error.message);
  await opened.value.close();
  const tables: StoreTables = url.startsWith('sqlite:') ? sqliteTables(url.slice('sqlite:'.length), 'target') : await postgresTables(url, 'target');
  let coupons = 0;
  try {
    const key = keyFile(keyPath).keyFor(await tables.epoch());
    if (key === undefined) throw new Error(`prefill: ${keyPath} does not hold the store's key`);
    const ids = Array.from({ length: n }, () => hex(16));
    for (let from = 0; from < n; from += BATCH) {
      const responses: StoredResponse[] = [];
      const issued: StoredCoupon[] = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const rid = ids[i] ?? '';
        responses.push({ study, storedId: key.hideId(rid), period: '2026-W49', status: 'complete', boxed: key.box(study, rid, sealed(i)) });
        for (let k = 0; k < COUPONS_EACH; k++) {
          const by = ids[COUPONS_EACH * i + k + 1];
          issued.push({ study, storedHash: key.hideCoupon(hex(32)), issuedTo: key.hideId(rid), state: by === undefined ? 'issued' : 'redeemed', expiry: null, redeemedBy: by === undefined ? null : key.hideId(by) });
        }
      }
      await tables.insertResponses(responses);
      await tables.insertCoupons(issued);
      coupons += issued.length;
    }
    await tables.commit();
  } finally {
    await tables.close();
  }
  return { responses: n, coupons, seconds: (performance.now() - t0) / 1000 };
}
