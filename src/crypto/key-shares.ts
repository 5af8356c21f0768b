// Key shares for a team: a study key split into typeable texts, any `threshold` of which rebuild it.

import { err, ok, type Result } from '../core/result.ts';
import { base32Decode, base32Encode } from './base32.ts';
import { failure, type CryptoFailure } from './messages.ts';
import { combineShares, splitSecret, type RawShare } from './shamir.ts';
import { keyFromIdentity, secretOf, type StudyKey } from './study-key.ts';

/**
 * `portas-share-I-KofN-KEYID-PAYLOAD…-CHECK`: I the share's x (1…N), K the threshold, KEYID the key it
 * belongs to, PAYLOAD the share bytes in base32 groups of five, CHECK six base32 characters (30 bits) of
 * SHA-256 over everything before it, so one mistyped or damaged share is found and named.
 */
export interface ParsedShare {
  readonly index: number;
  readonly threshold: number;
  readonly count: number;
  readonly keyId: string;
  readonly y: Uint8Array;
}

const GROUP = 5;
const CHECK_CHARS = 6;

async function checkOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`portas-share/1\n${body}`)));
  return base32Encode(digest.subarray(0, 4)).slice(0, CHECK_CHARS);
}

async function formatShare(s: ParsedShare): Promise<string> {
  const payload = base32Encode(s.y).match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? [];
  const body = [`portas-share-${s.index}-${s.threshold}of${s.count}-${s.keyId}`, ...payload].join('-');
  return `${body}-${await checkOf(body)}`;
}

/** Parses one share text; `label` names it in messages ("share 2"). Whitespace and case are forgiven. */
export async function parseShare(text: string, label: string): Promise<Result<ParsedShare, CryptoFailure>> {
  const clean = text.replace(/\s+/g, '').toLowerCase();
  const m = /^portas-share-(\d{1,3})-(\d{1,3})of(\d{1,3})-([0-9a-z]{8})((?:-[0-9a-z]{1,5})+)-([0-9a-z]{6})$/.exec(clean);
  if (m === null) return err(failure('crypto.share.malformed', label));
  const [, i, k, n, typedKeyId = '', typedGroups = '', typedCheck = ''] = m;
  const [index, threshold, count] = [Number(i), Number(k), Number(n)];
  // Read O as 0 and I, L as 1 (Crockford) before checking, so those typing slips are forgiven, not refused.
  const [keyId, groups, check] = [typedKeyId, typedGroups, typedCheck].map((t) => t.replace(/o/g, '0').replace(/[il]/g, '1'));
  const body = `portas-share-${index}-${threshold}of${count}-${keyId ?? ''}${groups ?? ''}`;
  if ((await checkOf(body)) !== check) return err(failure('crypto.share.check-failed', label));
  const y = base32Decode((groups ?? '').split('-').join(''));
  const fine = y !== undefined && y.length > 0 && index >= 1 && index <= count && threshold >= 2 && threshold <= count && count <= 255;
  if (!fine) return err(failure('crypto.share.malformed', label));
  return ok({ index, threshold, count, keyId: keyId ?? '', y });
}

/** Splits a study key's secret (the age secret key string) into `shares` texts, any `threshold` of which rebuild it. */
export async function splitStudyKey(
  key: StudyKey,
  options: { readonly shares: number; readonly threshold: number },
): Promise<Result<string[], CryptoFailure>> {
  const { shares: count, threshold } = options;
  if (!(Number.isInteger(count) && Number.isInteger(threshold) && threshold >= 2 && threshold <= count && count <= 255)) {
    return err(failure('crypto.share.bad-parameters', `got ${threshold} of ${count}`));
  }
  const secret = new TextEncoder().encode(secretOf(key));
  const raw = splitSecret(secret, count, threshold);
  secret.fill(0);
  const texts: string[] = [];
  for (const s of raw) texts.push(await formatShare({ index: s.x, threshold, count, keyId: key.keyId, y: s.y }));
  return ok(texts);
}

/**
 * Rebuilds a study key from share texts. Every share is checked on its own first (its position in `texts`,
 * from 1, names it); then they must agree on key, threshold and size; then at least `threshold` distinct
 * shares must be present; finally the rebuilt key must have the key id the shares name.
 */
export async function joinStudyKeyShares(texts: readonly string[]): Promise<Result<StudyKey, CryptoFailure>> {
  const parsed: ParsedShare[] = [];
  for (const [i, text] of texts.entries()) {
    const label = `share ${i + 1} of those given (${text.trim().slice(0, 22)}…)`;
    const share = await parseShare(text, label);
    if (!share.ok) return share;
    parsed.push(share.value);
  }
  const first = parsed[0];
  if (first === undefined) return err(failure('crypto.share.too-few', 'none given'));
  for (const s of parsed) {
    if (s.keyId !== first.keyId) return err(failure('crypto.share.mixed-keys', `${first.keyId} and ${s.keyId}`));
    if (s.threshold !== first.threshold || s.count !== first.count || s.y.length !== first.y.length) {
      return err(failure('crypto.share.mixed-splits'));
    }
  }
  const byIndex = new Map<number, RawShare>();
  for (const s of parsed) {
    if (byIndex.has(s.index)) return err(failure('crypto.share.duplicate', `share number ${s.index}`));
    byIndex.set(s.index, { x: s.index, y: s.y });
  }
  if (byIndex.size < first.threshold) {
    return err(failure('crypto.share.too-few', `key ${first.keyId} needs ${first.threshold} of ${first.count}, got ${byIndex.size}`));
  }
  const secret = combineShares([...byIndex.values()].slice(0, first.threshold));
  let identity: string;
  try {
    identity = new TextDecoder('utf-8', { fatal: true }).decode(secret);
  } catch {
    return err(failure('crypto.share.rebuild-failed', `key ${first.keyId}`));
  } finally {
    secret.fill(0);
  }
  const key = await keyFromIdentity(identity);
  if (!key.ok || key.value.keyId !== first.keyId) return err(failure('crypto.share.rebuild-failed', `key ${first.keyId}`));
  return key;
}
