// Study keys: generation, the passphrase-protected key file (age scrypt), and the opaque in-memory handle.

import { Decrypter, Encrypter, armor, generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { err, ok, type Result } from '../core/result.ts';
import { base32Encode } from './base32.ts';
import { failure, type CryptoFailure } from './messages.ts';
import { javascriptScrypt, scryptIdentity, scryptRecipient, type ScryptFunction } from './scrypt-stanza.ts';

/** `hybrid`: ML-KEM-768 + X25519 (age's mlkem768x25519, `age1pq1…`), the default. `x25519`: classic age (`age1…`). */
export type KeyKind = 'hybrid' | 'x25519';

/**
 * An unlocked study key. The secret itself is not a property: it stays in this module (a WeakMap),
 * so logging or serialising a StudyKey shows only the public parts.
 */
export interface StudyKey {
  readonly kind: KeyKind;
  /** The public age recipient that responses are sealed to. */
  readonly recipient: string;
  /** A short fingerprint of the recipient (8 base32 characters), printed on key files and shares. */
  readonly keyId: string;
}

/** age's default scrypt work factor (log2 N); portas never writes a key file with less. */
export const MIN_SCRYPT_WORK_FACTOR = 18;

const secrets = new WeakMap<StudyKey, string>();

/** Crypto-internal: the age secret key string behind a handle. Never export this from src/crypto/index.ts. */
export function secretOf(key: StudyKey): string {
  const secret = secrets.get(key);
  if (secret === undefined) throw new Error('secretOf: not a StudyKey made by src/crypto');
  return secret;
}

export const kindOfIdentity = (identity: string): KeyKind | undefined =>
  identity.startsWith('AGE-SECRET-KEY-PQ-1') ? 'hybrid' : identity.startsWith('AGE-SECRET-KEY-1') ? 'x25519' : undefined;

export const kindOfRecipient = (recipient: string): KeyKind | undefined =>
  /^age1pq1[02-9ac-hj-np-z]+$/.test(recipient) ? 'hybrid' : /^age1[02-9ac-hj-np-z]{58}$/.test(recipient) ? 'x25519' : undefined;

/** The key id of a recipient: the first 40 bits of SHA-256(recipient), in base32. */
export async function keyIdOf(recipient: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(recipient)));
  return base32Encode(digest.subarray(0, 5));
}

/** Crypto-internal: wraps an age secret key string in a handle; fails when it is not an identity we use. */
export async function keyFromIdentity(identity: string): Promise<Result<StudyKey, CryptoFailure>> {
  const kind = kindOfIdentity(identity);
  if (kind === undefined) return err(failure('crypto.key.not-an-identity'));
  let recipient: string;
  try {
    recipient = await identityToRecipient(identity);
  } catch {
    return err(failure('crypto.key.not-an-identity'));
  }
  const key: StudyKey = Object.freeze({ kind, recipient, keyId: await keyIdOf(recipient) });
  secrets.set(key, identity);
  return ok(key);
}

/** A fresh study key from the CSPRNG (age-encryption draws from WebCrypto's getRandomValues). */
export async function generateStudyKey(options: { readonly kind: KeyKind } = { kind: 'hybrid' }): Promise<StudyKey> {
  const identity = options.kind === 'hybrid' ? await generateHybridIdentity() : await generateX25519Identity();
  const key = await keyFromIdentity(identity);
  if (!key.ok) throw new Error('generateStudyKey: age-encryption produced an identity it cannot read back');
  return key.value;
}

/** The plaintext inside a key file: what `age -d` prints, and what `age -d -i` accepts as an identity file. */
function identityFileText(key: StudyKey, secret: string): string {
  const what = key.kind === 'hybrid' ? 'hybrid post-quantum (ML-KEM-768 + X25519), needs age >= 1.3' : 'X25519';
  return `# portas study key ${key.keyId}, ${what}\n# public key: ${key.recipient}\n${secret}\n`;
}

/**
 * The key file: the identity file encrypted under `passphrase` with age's scrypt recipient, ASCII-armored,
 * so `age -d key.age` opens it. Fails only on a work factor below age's default. `scrypt` is injected so
 * that the CLI can use Node's native one (src/study/node-scrypt.ts); the file is the same either way.
 */
export async function lockStudyKey(
  key: StudyKey,
  passphrase: string,
  options: { readonly workFactor?: number; readonly scrypt?: ScryptFunction } = {},
): Promise<Result<string, CryptoFailure>> {
  const workFactor = options.workFactor ?? MIN_SCRYPT_WORK_FACTOR;
  if (!Number.isInteger(workFactor) || workFactor < MIN_SCRYPT_WORK_FACTOR || workFactor > 20) {
    return err(failure('crypto.key.weak-work-factor', `got ${workFactor}`));
  }
  const encrypter = new Encrypter();
  encrypter.addRecipient(scryptRecipient(passphrase, workFactor, options.scrypt ?? javascriptScrypt));
  return ok(armor.encode(await encrypter.encrypt(identityFileText(key, secretOf(key)))));
}

const SCRYPT_HEADER = new TextEncoder().encode('age-encryption.org/v1\n-> scrypt ');
const startsWith = (bytes: Uint8Array, prefix: Uint8Array): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/**
 * Opens a key file (armored or binary age, scrypt-encrypted). A wrong passphrase and a damaged file give
 * different codes. Limit: a flipped byte inside the scrypt stanza's salt or body is indistinguishable from
 * a wrong passphrase, since that stanza is exactly what the passphrase authenticates.
 */
export async function unlockStudyKey(file: Uint8Array, passphrase: string, options: { readonly scrypt?: ScryptFunction } = {}): Promise<Result<StudyKey, CryptoFailure>> {
  let raw = file;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
  if (text.trimStart().startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) {
    try {
      raw = armor.decode(text);
    } catch (e) {
      return err(failure('crypto.key.damaged', `armor: ${messageOf(e)}`));
    }
  }
  if (!startsWith(raw, SCRYPT_HEADER)) return err(failure('crypto.key.damaged', 'no age scrypt header'));
  const decrypter = new Decrypter();
  decrypter.addIdentity(scryptIdentity(passphrase, options.scrypt ?? javascriptScrypt));
  let plain: string;
  try {
    plain = await decrypter.decrypt(raw, 'text');
  } catch (e) {
    const m = messageOf(e);
    if (m.startsWith('no identity matched')) return err(failure('crypto.key.wrong-passphrase'));
    return err(failure('crypto.key.damaged', m));
  }
  const lines = plain.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const identity = lines[0];
  if (lines.length !== 1 || identity === undefined) return err(failure('crypto.key.not-an-identity'));
  return keyFromIdentity(identity);
}

/** The public key file of a study (`study.pub`): a comment and the recipient, as age's `-R` option reads it. */
export function recipientFileText(key: Pick<StudyKey, 'kind' | 'recipient' | 'keyId'>, study: string): string {
  const what = key.kind === 'hybrid' ? 'hybrid post-quantum ML-KEM-768 + X25519' : 'X25519';
  return `# portas study ${JSON.stringify(study)} public key ${key.keyId} (${what})\n${key.recipient}\n`;
}

/** Reads a recipient (public key) file: `#` comments and exactly one recipient line. */
export async function readRecipientFile(
  text: string,
): Promise<Result<{ readonly kind: KeyKind; readonly recipient: string; readonly keyId: string }, CryptoFailure>> {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const recipient = lines[0];
  const kind = recipient === undefined ? undefined : kindOfRecipient(recipient);
  if (lines.length !== 1 || recipient === undefined || kind === undefined) return err(failure('crypto.key.bad-recipient'));
  return ok({ kind, recipient, keyId: await keyIdOf(recipient) });
}

/** What a worker thread needs to rebuild a key handle. Plaintext secret: pass it only within this process. */
export interface WorkerKeyData {
  readonly portasWorkerKey: string;
}

/** Hands the secret to a worker thread of the same process (structured clone, never disk or network). */
export const revealForWorker = (key: StudyKey): WorkerKeyData => ({ portasWorkerKey: secretOf(key) });

export async function keyFromWorkerData(data: WorkerKeyData): Promise<StudyKey> {
  const key = await keyFromIdentity(data.portasWorkerKey);
  if (!key.ok) throw new Error('keyFromWorkerData: the worker was given no valid key');
  return key.value;
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
