// Opening many records: every record is tried, failures are reported by response id, none stops the rest.

import type { Response } from '../instrument/model.ts';
import type { CryptoFailure } from './messages.ts';
import type { OpenExpectation, Opener } from './opener.ts';

/** A sealed record as the store hands it out: its (random, meaningless) id and the age bytes. */
export interface SealedRecord {
  readonly id: string;
  readonly sealed: Uint8Array;
}

export interface OpenManyResult {
  /** In input order. */
  readonly opened: readonly { readonly id: string; readonly response: Response }[];
  readonly failed: readonly { readonly id: string; readonly failure: CryptoFailure }[];
}

export async function openMany(opener: Opener, records: readonly SealedRecord[], expect: OpenExpectation): Promise<OpenManyResult> {
  const opened: { id: string; response: Response }[] = [];
  const failed: { id: string; failure: CryptoFailure }[] = [];
  for (const { id, sealed } of records) {
    const result = await opener.open(sealed, expect);
    if (result.ok) opened.push({ id, response: result.value });
    else failed.push({ id, failure: result.error });
  }
  return { opened, failed };
}
