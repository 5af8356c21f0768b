// `portas key split|join|restore`: a study key as N shares for a team, any K of which rebuild the key file
// (src/study/keys.ts does the work; this reads the command line and writes the share files).

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restoreKeyFromShares, splitKeyFile } from '../study/keys.ts';
import { readArgs, type Command } from './command.ts';
import { getPassphrase } from './passphrase.ts';
import { printProblems } from './problems.ts';

const USAGE = [
  'key split KEY_FILE --shares N --threshold K --out DIR [--passphrase-file FILE]',
  'key join|restore SHARE... --out KEY_FILE [--study STUDY_DIR] [--passphrase-file FILE]   (SHARE: a share text or a file holding one)',
];

export const keyCommand: Command = {
  name: 'key',
  usage: 'key split|join|restore …',
  summary: 'split a study key into N shares, K of which rebuild it (Shamir), or join shares into a key file',
  async run(args) {
    const [sub, ...rest] = args;
    const { positionals, values } = readArgs(rest, { shares: { type: 'string' }, threshold: { type: 'string' }, out: { type: 'string' }, study: { type: 'string' }, 'passphrase-file': { type: 'string' } });
    const [keyFile] = positionals;
    if (sub === 'split' && keyFile !== undefined && positionals.length === 1 && values.out !== undefined) {
      return split(keyFile, { k: Number(values.threshold ?? 'NaN'), n: Number(values.shares ?? 'NaN') }, values.out, values['passphrase-file']);
    }
    if ((sub === 'join' || sub === 'restore') && positionals.length > 0 && values.out !== undefined) return joinShares(positionals, values.out, values.study, values['passphrase-file']);
    console.error(`usage:\n${USAGE.map((u) => `  portas ${u}`).join('\n')}`);
    return 2;
  },
};

async function split(keyFile: string, shares: { k: number; n: number }, outDir: string, passphraseFile: string | undefined): Promise<number> {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    console.error(`portas key: ${outDir} is not a folder`);
    return 1;
  }
  const passphrase = await getPassphrase({ file: passphraseFile, prompt: `Passphrase of ${keyFile}`, confirm: false });
  if (!passphrase.ok) {
    console.error(`portas key: ${passphrase.error}`);
    return 1;
  }
  const made = await splitKeyFile({ keyFile, passphrase: passphrase.value, shares });
  if (!made.ok) return printProblems('key', made.error);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const names: string[] = [];
  for (const [i, share] of made.value.shares.entries()) {
    const name = join(outDir, `${made.value.keyId}-share-${String(i + 1)}-of-${String(shares.n)}.txt`);
    try {
      writeFileSync(name, `${share}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      console.error(`portas key: ${name} exists or cannot be written; nothing was overwritten`);
      return 1;
    }
    names.push(name);
  }
  console.log(`key ${made.value.keyId}: ${String(shares.n)} shares, any ${String(shares.k)} rebuild it:`);
  for (const n of names) console.log(`  ${n}`);
  console.log('Give each share to a different person, and delete these files once handed out.');
  return 0;
}

async function joinShares(inputs: readonly string[], out: string, studyDir: string | undefined, passphraseFile: string | undefined): Promise<number> {
  const shares = inputs.map((s) => (s.startsWith('portas-share-') || !existsSync(s) ? s : readFileSync(s, 'utf8').trim()));
  if (existsSync(out)) {
    console.error(`portas key: ${out} exists; portas never overwrites a key file`);
    return 1;
  }
  const passphrase = await getPassphrase({ file: passphraseFile, prompt: 'Passphrase for the rebuilt key file', confirm: true });
  if (!passphrase.ok) {
    console.error(`portas key: ${passphrase.error}`);
    return 1;
  }
  const rebuilt = await restoreKeyFromShares({ shares, passphrase: passphrase.value, keyFile: out, ...(studyDir === undefined ? {} : { studyDir }) });
  if (!rebuilt.ok) return printProblems('key', rebuilt.error);
  console.log(`key ${rebuilt.value.keyId} rebuilt into ${rebuilt.value.keyFile} (passphrase-protected)`);
  return 0;
}
