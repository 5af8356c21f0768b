// The study key: made with a passphrase (public half into the study folder, private half outside it), split among a
// team (k of n shares on a printable sheet), rebuilt from shares, and unlocked only after checking it is this study's.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { generateStudyKey, joinStudyKeyShares, lockStudyKey, readRecipientFile, recipientFileText, splitStudyKey, unlockStudyKey, type CryptoFailure, type KeyKind, type StudyKey } from '../crypto/index.ts';
import { INSTRUMENT_FILE, PUBLIC_KEY_FILE } from './files.ts';
import { readInstrumentFile } from './instrument-file.ts';
import { studyDiagnostic } from './located.ts';
import { nodeScrypt } from './node-scrypt.ts';
import { isInside } from './paths.ts';
import { recoverySheetHtml, type RecoverySheetData } from './sheets.ts';

/** New key files need this much; a passphrase guards a key that opens every response of a study. */
export const MIN_NEW_PASSPHRASE_LENGTH = 12;

/** Why a new passphrase is refused, or undefined when it is long enough. */
export function passphraseProblem(passphrase: string): string | undefined {
  if (Array.from(passphrase).length < MIN_NEW_PASSPHRASE_LENGTH) return `the passphrase must have at least ${String(MIN_NEW_PASSPHRASE_LENGTH)} characters (five random words are a good one)`;
  return undefined;
}

export interface Shares {
  /** How many shares rebuild the key. */
  readonly k: number;
  /** How many shares are made. */
  readonly n: number;
}

export interface MadeKey {
  readonly keyId: string;
  readonly kind: KeyKind;
  readonly publicKeyFile: string;
  readonly keyFile: string;
  /** Share texts when split (also on the sheet). */
  readonly shares: readonly string[];
  /** What the recovery sheet shows, and the sheet itself (HTML, printable). */
  readonly sheet: RecoverySheetData;
  readonly sheetHtml: string;
}

/** A crypto failure as a diagnostic; its catalogue code stays in the message, where a user searching for it finds it. */
const keyProblem = (file: string | undefined, f: CryptoFailure): Diagnostic => studyDiagnostic('study.key', file, `${f.message} [${f.code}]`);

/** Where a study's private key goes by default: beside the study folder, never inside it (the folder goes to the server). */
export const defaultKeyFile = (studyDir: string, keyId: string): string => join(dirname(resolve(studyDir)), `${basename(resolve(studyDir))}-${keyId}.key.age`);

/**
 * Makes the study key: STUDY/study.pub and a passphrase-locked key file outside the study, optionally split into
 * shares. `today` (YYYY-MM-DD) goes on the sheet. Nothing is overwritten: an existing study.pub or key file is refused.
 */
export async function makeStudyKey(options: {
  readonly studyDir: string;
  readonly passphrase: string;
  readonly today: string;
  readonly shares?: Shares;
  readonly keyFile?: string;
  readonly kind?: KeyKind;
}): Promise<Result<MadeKey, Diagnostic[]>> {
  const publicKeyFile = join(options.studyDir, PUBLIC_KEY_FILE);
  if (existsSync(publicKeyFile)) return err([studyDiagnostic('study.exists', publicKeyFile, 'the study has a key already: responses sealed to it open only with its private key', { hint: 'remove study.pub yourself only if you really mean to start over with a new key' })]);
  const weak = passphraseProblem(options.passphrase);
  if (weak !== undefined) return err([studyDiagnostic('study.key', publicKeyFile, weak, { subject: 'passphrase' })]);
  const study = readInstrumentFile(join(options.studyDir, INSTRUMENT_FILE)).instrument?.study ?? basename(resolve(options.studyDir));
  const key = await generateStudyKey({ kind: options.kind ?? 'hybrid' });
  const keyFile = options.keyFile ?? defaultKeyFile(options.studyDir, key.keyId);
  if (isInside(keyFile, options.studyDir)) return err([studyDiagnostic('study.key', keyFile, 'the private key would be inside the study folder, which goes to the server', { hint: 'choose a file outside it' })]);
  if (existsSync(keyFile)) return err([studyDiagnostic('study.exists', keyFile, 'a key file is there; portas never overwrites a key file')]);
  const shares = options.shares === undefined ? ok<string[]>([]) : await splitStudyKey(key, { shares: options.shares.n, threshold: options.shares.k });
  if (!shares.ok) return err([keyProblem(undefined, shares.error)]);
  const locked = await lockStudyKey(key, options.passphrase, { scrypt: nodeScrypt });
  if (!locked.ok) return err([keyProblem(keyFile, locked.error)]);
  writeFileSync(keyFile, locked.value, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKeyFile, recipientFileText(key, study), { flag: 'wx' });
  const sheet: RecoverySheetData = {
    study, keyId: key.keyId, kind: key.kind, publicKeyFile, keyFile, made: options.today,
    shares: shares.value.map((text, i) => ({ index: i + 1, threshold: options.shares?.k ?? 0, count: options.shares?.n ?? 0, text })),
  };
  return ok({ keyId: key.keyId, kind: key.kind, publicKeyFile, keyFile, shares: shares.value, sheet, sheetHtml: recoverySheetHtml(sheet) });
}

/**
 * Opens a key file with its passphrase. With `studyDir`, the key must be the one study.pub names — checked before
 * anything is opened or written with it.
 */
export async function unlockKeyFile(options: { readonly keyFile: string; readonly passphrase: string; readonly studyDir?: string }): Promise<Result<StudyKey, Diagnostic[]>> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(options.keyFile);
  } catch (e) {
    return err([studyDiagnostic('study.unreadable', options.keyFile, `cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`)]);
  }
  const key = await unlockStudyKey(bytes, options.passphrase, { scrypt: nodeScrypt });
  if (!key.ok) return err([keyProblem(options.keyFile, key.error)]);
  if (options.studyDir !== undefined) {
    const mismatch = await notThisStudysKey(key.value, options.studyDir);
    if (mismatch !== undefined) return err([mismatch]);
  }
  return key;
}

async function notThisStudysKey(key: StudyKey, studyDir: string): Promise<Diagnostic | undefined> {
  const pubFile = join(studyDir, PUBLIC_KEY_FILE);
  if (!existsSync(pubFile)) return studyDiagnostic('study.public-key', pubFile, 'the study has no public key to check the key against');
  const pub = await readRecipientFile(readFileSync(pubFile, 'utf8'));
  if (!pub.ok) return keyProblem(pubFile, pub.error);
  if (pub.value.keyId !== key.keyId) return studyDiagnostic('study.key', pubFile, `this is key ${key.keyId}, but the study's responses are sealed to key ${pub.value.keyId}`, { hint: 'choose the key file (or shares) of this study' });
  return undefined;
}

/** Splits an existing key file into n shares, k of which rebuild it; the share texts (nothing is written). */
export async function splitKeyFile(options: { readonly keyFile: string; readonly passphrase: string; readonly shares: Shares }): Promise<Result<{ keyId: string; shares: string[] }, Diagnostic[]>> {
  const key = await unlockKeyFile(options);
  if (!key.ok) return key;
  const shares = await splitStudyKey(key.value, { shares: options.shares.n, threshold: options.shares.k });
  if (!shares.ok) return err([keyProblem(undefined, shares.error)]);
  return ok({ keyId: key.value.keyId, shares: shares.value });
}

/**
 * Rebuilds a key file from k shares, locked with a new passphrase. With `studyDir`, the rebuilt key must be the
 * one its study.pub names. Never overwrites a file.
 */
export async function restoreKeyFromShares(options: { readonly shares: readonly string[]; readonly passphrase: string; readonly keyFile: string; readonly studyDir?: string }): Promise<Result<{ keyId: string; keyFile: string }, Diagnostic[]>> {
  const where = options.keyFile;
  const key = await joinStudyKeyShares(options.shares);
  if (!key.ok) return err([keyProblem(undefined, key.error)]);
  if (options.studyDir !== undefined) {
    const mismatch = await notThisStudysKey(key.value, options.studyDir);
    if (mismatch !== undefined) return err([mismatch]);
  }
  const weak = passphraseProblem(options.passphrase);
  if (weak !== undefined) return err([studyDiagnostic('study.key', where, weak, { subject: 'passphrase' })]);
  if (existsSync(options.keyFile)) return err([studyDiagnostic('study.exists', options.keyFile, 'a key file is there; portas never overwrites a key file')]);
  const locked = await lockStudyKey(key.value, options.passphrase, { scrypt: nodeScrypt });
  if (!locked.ok) return err([keyProblem(where, locked.error)]);
  writeFileSync(options.keyFile, locked.value, { mode: 0o600, flag: 'wx' });
  return ok({ keyId: key.value.keyId, keyFile: options.keyFile });
}
