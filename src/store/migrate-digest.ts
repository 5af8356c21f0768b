// A store's content as one digest, independent of storage key and row order: what `portas migrate-store` compares
// between source and target before it reports success (nothing lost, nothing duplicated, nothing changed).

import { createHash } from 'node:crypto';
import { batches, RESPONSE_BATCH, type StoreTables } from './migrate-tables.ts';
import type { StorageKey } from './storage-key.ts';

export interface StudyTally {
  readonly study: string;
  readonly responses: number;
  readonly coupons: number;
  readonly tokens: number;
}

export interface ContentDigest {
  readonly responses: number;
  readonly coupons: number;
  readonly tokens: number;
  /** SHA-256 over the sorted row digests: equal digests mean equal multisets of rows. */
  readonly digest: string;
  /** Per study, sorted by study id. */
  readonly studies: readonly StudyTally[];
}

/** A row could not be turned back with the store's key: the key file is not this store's, or the row is damaged. */
export class UnreadableRow extends Error {}

const sha = (...parts: readonly (string | Uint8Array)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) {
    const b = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(Buffer.from(String(b.length) + ':'));
    h.update(b);
  }
  return h.digest();
};

/** Collects row digests in whatever order rows arrive; `finish` sorts them, so order and key do not matter. */
export class DigestBuilder {
  private readonly rows: Buffer[] = [];
  private readonly tally = new Map<string, { responses: number; coupons: number; tokens: number }>();

  private count(study: string, what: 'responses' | 'coupons' | 'tokens'): void {
    const t = this.tally.get(study) ?? { responses: 0, coupons: 0, tokens: 0 };
    t[what] += 1;
    this.tally.set(study, t);
  }

  response(study: string, responseId: string, period: string, status: string, sealed: Uint8Array): void {
    this.rows.push(sha('response', study, responseId, period, status, sha(sealed)));
    this.count(study, 'responses');
  }

  coupon(study: string, couponHash: string, issuedTo: string | null, state: string, expiry: string | null, redeemedBy: string | null): void {
    this.rows.push(sha('coupon', study, couponHash, issuedTo ?? '-', state, expiry ?? '-', redeemedBy ?? '-'));
    this.count(study, 'coupons');
  }

  token(study: string, tokenHash: string, label: string): void {
    this.rows.push(sha('token', study, tokenHash, label));
    this.count(study, 'tokens');
  }

  finish(): ContentDigest {
    const sorted = [...this.rows].sort((a, b) => Buffer.compare(a, b));
    const studies = [...this.tally.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([study, t]) => ({ study, ...t }));
    const total = (what: 'responses' | 'coupons' | 'tokens'): number => studies.reduce((s, t) => s + t[what], 0);
    return { responses: total('responses'), coupons: total('coupons'), tokens: total('tokens'), digest: sha(...sorted).toString('hex'), studies };
  }
}

const revealOrNull = (key: StorageKey, stored: string | null): string | null => (stored === null ? null : key.revealId(stored));

/** Reads every row of `tables` (responses a batch at a time), turned back with `key`, into one digest. */
export async function contentDigest(tables: StoreTables, key: StorageKey): Promise<ContentDigest> {
  const d = new DigestBuilder();
  for (const chunk of batches(await tables.responseKeys(), RESPONSE_BATCH)) {
    for (const r of await tables.responses(chunk)) {
      const rid = key.revealId(r.storedId);
      const sealed = key.unbox(r.study, rid, r.boxed);
      if (sealed === undefined) throw new UnreadableRow(`${tables.label}: a response of study ${r.study} does not open with the storage key`);
      d.response(r.study, rid, r.period, r.status, sealed);
    }
  }
  for (const c of await tables.coupons()) d.coupon(c.study, key.revealCoupon(c.storedHash), revealOrNull(key, c.issuedTo), c.state, c.expiry, revealOrNull(key, c.redeemedBy));
  for (const t of await tables.tokens()) d.token(t.study, t.tokenHash, t.label);
  return d.finish();
}

/** Why two digests differ, in words (counts first: they say what went missing). */
export function digestDifference(source: ContentDigest, target: ContentDigest): string | undefined {
  for (const what of ['responses', 'coupons', 'tokens'] as const) {
    if (source[what] !== target[what]) return `${what}: ${source[what]} in the source, ${target[what]} in the target`;
  }
  return source.digest === target.digest ? undefined : 'the counts agree but the content digests differ';
}
