// Test helpers for the store suites: random ids and hashes, and a submission builder.

import { randomBytes } from 'node:crypto';
import type { Submission } from '../../src/store/store.ts';

export const rid = (): string => randomBytes(16).toString('hex');
export const hash = (): string => randomBytes(32).toString('hex');

export function submission(over: Partial<Submission> = {}): Submission {
  return {
    responseId: rid(),
    period: '2024-W17',
    status: 'complete',
    sealed: new Uint8Array(randomBytes(200)),
    issueCouponHashes: [],
    ...over,
  };
}
