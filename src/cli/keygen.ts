// `portas keygen`: makes a study key; the public key goes into the study folder, the private one outside it
// (src/study/keys.ts makes it). With --shares K/N the key is also split among a team, on a printable sheet.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { makeStudyKey } from '../study/keys.ts';
import { readArgs, type Command } from './command.ts';
import { getPassphrase } from './passphrase.ts';
import { parseShares, printProblems } from './problems.ts';

export const keygenCommand: Command = {
  name: 'keygen',
  usage: 'keygen STUDY_DIR [--out FILE] [--classic] [--shares K/N] [--sheet FILE.html] [--passphrase-file FILE]',
  summary: 'make a study key: STUDY_DIR/study.pub, and a passphrase-protected private key kept outside the study',
  async run(args) {
    const { values, positionals } = readArgs(args, { out: { type: 'string' }, classic: { type: 'boolean' }, shares: { type: 'string' }, sheet: { type: 'string' }, 'passphrase-file': { type: 'string' } });
    const [studyDir, ...extra] = positionals;
    if (studyDir === undefined || extra.length > 0) {
      console.error(`usage: portas ${this.usage}`);
      return 2;
    }
    if (!existsSync(studyDir) || !statSync(studyDir).isDirectory()) {
      console.error(`portas keygen: ${studyDir} is not a folder`);
      return 1;
    }
    const shares = values.shares === undefined ? undefined : parseShares(values.shares);
    if (values.shares !== undefined && shares === undefined) {
      console.error(`portas keygen: --shares ${values.shares}: say how many of how many, e.g. --shares 2/3`);
      return 2;
    }
    if (values.sheet !== undefined && existsSync(values.sheet)) {
      console.error(`portas keygen: ${values.sheet} exists; portas never overwrites a recovery sheet`);
      return 1;
    }
    const passphrase = await getPassphrase({ file: values['passphrase-file'], prompt: 'Passphrase for the new key file', confirm: true });
    if (!passphrase.ok) {
      console.error(`portas keygen: ${passphrase.error}`);
      return 1;
    }
    const made = await makeStudyKey({ studyDir, passphrase: passphrase.value, today: new Date().toISOString().slice(0, 10), kind: values.classic === true ? 'x25519' : 'hybrid', ...(values.out === undefined ? {} : { keyFile: values.out }), ...(shares === undefined ? {} : { shares }) });
    if (!made.ok) return printProblems('keygen', made.error);
    const key = made.value;
    if (values.sheet !== undefined) writeFileSync(values.sheet, key.sheetHtml, { mode: 0o600, flag: 'wx' });
    console.log(`key ${key.keyId} (${key.kind === 'hybrid' ? 'hybrid post-quantum ML-KEM-768 + X25519' : 'classic X25519'})`);
    console.log(`public key:  ${key.publicKeyFile}`);
    console.log(`private key: ${key.keyFile} (passphrase-protected; keep copies${shares === undefined ? ', or split it: portas key split' : ''})`);
    if (shares !== undefined) console.log(`split into ${String(shares.n)} shares, any ${String(shares.k)} rebuild it: ${values.sheet === undefined ? 'print them with --sheet FILE.html, or see below' : `one page each in ${values.sheet}`}`);
    if (shares !== undefined && values.sheet === undefined) for (const s of key.shares) console.log(`  ${s}`);
    if (values.sheet !== undefined) console.log(`recovery sheet: ${values.sheet} (print it; it holds no passphrase)`);
    return 0;
  },
};
