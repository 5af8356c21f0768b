// `portas key split|join`: a study key as N shares for a team, any K of which rebuild the key file.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { joinStudyKeyShares, lockStudyKey, splitStudyKey, unlockStudyKey } from '../crypto/index.ts';
import type { Command } from './command.ts';
import { nodeScrypt } from '../study/node-scrypt.ts';
import { getPassphrase } from './passphrase.ts';

const USAGE = [
  'key split KEY_FILE --shares N --threshold K --out DIR [--passphrase-file FILE]',
  'key join SHARE... --out KEY_FILE [--passphrase-file FILE]   (SHARE: a share text or a file holding one)',
];

const fail = (message: string, code = 1): number => {
  console.error(`portas key: ${message}`);
  return code;
};

export const keyCommand: Command = {
  name: 'key',
  usage: 'key split|join …',
  summary: 'split a study key into N shares, K of which rebuild it (Shamir), or join shares into a key file',
  async run(args) {
    const [sub, ...rest] = args;
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          shares: { type: 'string' },
          threshold: { type: 'string' },
          out: { type: 'string' },
          'passphrase-file': { type: 'string' },
        },
      });
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e), 2);
    }
    const { positionals, values } = parsed;
    if (sub === 'split' && positionals.length === 1 && values.out !== undefined) {
      return split(positionals[0] ?? '', Number(values.shares ?? 'NaN'), Number(values.threshold ?? 'NaN'), values.out, values['passphrase-file']);
    }
    if (sub === 'join' && positionals.length > 0 && values.out !== undefined) return joinShares(positionals, values.out, values['passphrase-file']);
    console.error(`usage:\n${USAGE.map((u) => `  portas ${u}`).join('\n')}`);
    return 2;
  },
};

async function split(keyFile: string, count: number, threshold: number, outDir: string, passphraseFile: string | undefined): Promise<number> {
  let file: Uint8Array;
  try {
    file = readFileSync(keyFile);
  } catch {
    return fail(`cannot read ${keyFile}`);
  }
  const passphrase = await getPassphrase({ file: passphraseFile, prompt: `Passphrase of ${keyFile}`, confirm: false });
  if (!passphrase.ok) return fail(passphrase.error);
  const key = await unlockStudyKey(file, passphrase.value, { scrypt: nodeScrypt });
  if (!key.ok) return fail(`${keyFile}: ${key.error.message} [${key.error.code}]`);
  const shares = await splitStudyKey(key.value, { shares: count, threshold });
  if (!shares.ok) return fail(`${shares.error.message} [${shares.error.code}]`);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) return fail(`${outDir} is not a folder`);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const names: string[] = [];
  for (const [i, share] of shares.value.entries()) {
    const name = join(outDir, `${key.value.keyId}-share-${i + 1}-of-${count}.txt`);
    try {
      writeFileSync(name, `${share}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      return fail(`${name} exists or cannot be written; nothing was overwritten`);
    }
    names.push(name);
  }
  console.log(`key ${key.value.keyId}: ${count} shares, any ${threshold} rebuild it:`);
  for (const n of names) console.log(`  ${n}`);
  console.log('Give each share to a different person, and delete these files once handed out.');
  return 0;
}

async function joinShares(inputs: readonly string[], out: string, passphraseFile: string | undefined): Promise<number> {
  const texts = inputs.map((s) => (s.startsWith('portas-share-') || !existsSync(s) ? s : readFileSync(s, 'utf8').trim()));
  const key = await joinStudyKeyShares(texts);
  if (!key.ok) return fail(`${key.error.message} [${key.error.code}]`);
  if (existsSync(out)) return fail(`${out} exists; portas never overwrites a key file`);
  const passphrase = await getPassphrase({ file: passphraseFile, prompt: 'Passphrase for the rebuilt key file', confirm: true });
  if (!passphrase.ok) return fail(passphrase.error);
  const locked = await lockStudyKey(key.value, passphrase.value, { scrypt: nodeScrypt });
  if (!locked.ok) throw new Error(locked.error.message);
  writeFileSync(out, locked.value, { mode: 0o600, flag: 'wx' });
  console.log(`key ${key.value.keyId} rebuilt into ${out} (passphrase-protected)`);
  return 0;
}
