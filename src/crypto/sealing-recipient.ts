// The recipient object seal() hands to age-encryption: a hybrid study key prepared once (native X25519),
// kept for the next response; anything else as the string, for age-encryption to parse.

import type { Recipient } from 'age-encryption';
import { prepareHybridRecipient } from './hybrid-recipient.ts';

/** A server seals to a handful of study keys; a bound keeps a long-running process from growing. */
const KEPT = 16;
const prepared = new Map<string, Promise<Recipient | undefined>>();

export async function sealingRecipient(recipient: string): Promise<Recipient | string> {
  let p = prepared.get(recipient);
  if (p === undefined) {
    p = prepareHybridRecipient(recipient);
    if (prepared.size >= KEPT) prepared.delete(prepared.keys().next().value ?? '');
    prepared.set(recipient, p);
  }
  return (await p) ?? recipient;
}
