// Who can open a study's responses: its key's fingerprint and, when the key was split, the share holders.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFile, studyDir } from './workspace.ts';

export interface SealStatus {
  /** The key id (fingerprint) from study.pub; undefined while the study has no key. */
  readonly keyId?: string;
  /** Whether the passphrase-protected private key is in this workspace. */
  readonly keyHere: boolean;
  /** The names the team gave the share holders, and how many of them together open the key. */
  readonly shares?: { readonly threshold: number; readonly holders: readonly string[] };
}

export const sharesFile = (ws: string, id: string): string => `${keyFile(ws, id)}.shares.json`;

export function sealStatus(ws: string, id: string): SealStatus {
  const pub = join(studyDir(ws, id), 'study.pub');
  const keyHere = existsSync(keyFile(ws, id));
  if (!existsSync(pub)) return { keyHere };
  // The comment recipientFileText writes: `# portas study "x" public key KEYID (…)`.
  const keyId = /public key (\S+)/.exec(readFileSync(pub, 'utf8'))?.[1] ?? 'unknown';
  const file = sharesFile(ws, id);
  if (!existsSync(file)) return { keyId, keyHere };
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { threshold: number; holders: string[] };
  return { keyId, keyHere, shares: { threshold: raw.threshold, holders: raw.holders } };
}

/** Records the share holders' names (never the shares themselves). */
export function recordShares(ws: string, id: string, threshold: number, holders: readonly string[]): void {
  writeFileSync(sharesFile(ws, id), `${JSON.stringify({ threshold, holders }, null, 1)}\n`, { mode: 0o600 });
}
