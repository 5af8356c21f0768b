// Making, splitting and rebuilding a workspace study's key: the private key outside the study folder, study.pub inside.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateStudyKey, joinStudyKeyShares, lockStudyKey, recipientFileText, splitStudyKey, unlockStudyKey, type StudyKey } from '../../crypto/index.ts';
import { nodeScrypt } from '../../study/index.ts';
import { recordShares } from '../seal-status.ts';
import { keyFile, studyDir } from '../workspace.ts';

export type Done<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const writeKey = async (ws: string, id: string, key: StudyKey, passphrase: string): Promise<void> => {
  const locked = await lockStudyKey(key, passphrase, { scrypt: nodeScrypt });
  if (!locked.ok) throw new Error(locked.error.message); // the default work factor cannot be refused
  mkdirSync(dirname(keyFile(ws, id)), { recursive: true, mode: 0o700 });
  writeFileSync(keyFile(ws, id), locked.value, { mode: 0o600, flag: 'wx' });
};

/** A new key: refused when the study already has one (its responses would open only with the old one). */
export async function makeKey(ws: string, id: string, passphrase: string): Promise<Done<StudyKey>> {
  const pub = join(studyDir(ws, id), 'study.pub');
  if (existsSync(pub) || existsSync(keyFile(ws, id))) return { ok: false, message: 'This study already has a key. Responses sealed to it open only with it: a second key is never made over it.' };
  const key = await generateStudyKey({ kind: 'hybrid' });
  await writeKey(ws, id, key, passphrase);
  writeFileSync(pub, recipientFileText(key, id), { flag: 'wx' });
  return { ok: true, value: key };
}

export async function unlockKey(ws: string, id: string, passphrase: string): Promise<Done<StudyKey>> {
  if (!existsSync(keyFile(ws, id))) return { ok: false, message: 'The key file is not in this workspace: rebuild it from shares first.' };
  const key = await unlockStudyKey(readFileSync(keyFile(ws, id)), passphrase, { scrypt: nodeScrypt });
  return key.ok ? { ok: true, value: key.value } : { ok: false, message: key.error.message };
}

/** The shares' texts (shown once, never stored) and the holders' names (stored, to say who can open). */
export async function splitKey(ws: string, id: string, key: StudyKey, threshold: number, holders: readonly string[]): Promise<Done<string[]>> {
  const shares = await splitStudyKey(key, { shares: holders.length, threshold });
  if (!shares.ok) return { ok: false, message: shares.error.message };
  recordShares(ws, id, threshold, holders);
  return { ok: true, value: shares.value };
}

/** Rebuilds the key file from shares under a new passphrase; the shares must belong to this study's key. */
export async function restoreKey(ws: string, id: string, shareTexts: readonly string[], passphrase: string): Promise<Done<StudyKey>> {
  if (existsSync(keyFile(ws, id))) return { ok: false, message: 'The key file is already here: nothing to rebuild.' };
  const key = await joinStudyKeyShares(shareTexts);
  if (!key.ok) return { ok: false, message: key.error.message };
  const pub = join(studyDir(ws, id), 'study.pub');
  if (existsSync(pub) && !readFileSync(pub, 'utf8').includes(key.value.recipient)) return { ok: false, message: `These shares rebuild key ${key.value.keyId}, which is not this study's key.` };
  await writeKey(ws, id, key.value, passphrase);
  if (!existsSync(pub)) writeFileSync(pub, recipientFileText(key.value, id), { flag: 'wx' });
  return { ok: true, value: key.value };
}
