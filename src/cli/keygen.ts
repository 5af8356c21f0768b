// `portas keygen`: makes a study key; the public key goes into the study folder, the private one outside it.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateStudyKey, lockStudyKey, recipientFileText } from '../crypto/index.ts';
import type { Command } from './command.ts';
import { nodeScrypt } from '../study/node-scrypt.ts';
import { getPassphrase } from './passphrase.ts';
import { isInside } from '../study/paths.ts';

export const PUBLIC_KEY_FILE = 'study.pub';

export const keygenCommand: Command = {
  name: 'keygen',
  usage: 'keygen STUDY_DIR [--out FILE] [--classic] [--passphrase-file FILE]',
  summary: 'make a study key: STUDY_DIR/study.pub, and a passphrase-protected private key kept outside the study',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { out: { type: 'string' }, classic: { type: 'boolean' }, 'passphrase-file': { type: 'string' } },
      });
    } catch (e) {
      console.error(`portas keygen: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    const [studyDir, ...extra] = parsed.positionals;
    if (studyDir === undefined || extra.length > 0) {
      console.error(`usage: portas ${this.usage}`);
      return 2;
    }
    if (!existsSync(studyDir) || !statSync(studyDir).isDirectory()) {
      console.error(`portas keygen: ${studyDir} is not a folder`);
      return 1;
    }
    const publicFile = join(studyDir, PUBLIC_KEY_FILE);
    if (existsSync(publicFile)) {
      console.error(
        `portas keygen: ${publicFile} exists. Responses sealed to that key open only with its private key; ` +
          'remove the file yourself if you really mean to start over with a new key.',
      );
      return 1;
    }
    const study = basename(resolve(studyDir));
    const kind = parsed.values.classic === true ? 'x25519' : 'hybrid';
    const key = await generateStudyKey({ kind });
    const out = parsed.values.out ?? `${study}-${key.keyId}.key.age`;
    if (isInside(out, studyDir)) {
      console.error(`portas keygen: ${out} is inside the study folder; the private key must live elsewhere (the study folder goes to the server)`);
      return 1;
    }
    if (existsSync(out)) {
      console.error(`portas keygen: ${out} exists; portas never overwrites a key file`);
      return 1;
    }
    const passphrase = await getPassphrase({ file: parsed.values['passphrase-file'], prompt: 'Passphrase for the new key file', confirm: true });
    if (!passphrase.ok) {
      console.error(`portas keygen: ${passphrase.error}`);
      return 1;
    }
    const locked = await lockStudyKey(key, passphrase.value, { scrypt: nodeScrypt });
    if (!locked.ok) throw new Error(locked.error.message); // the default work factor cannot be refused
    writeFileSync(out, locked.value, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicFile, recipientFileText(key, study), { flag: 'wx' });
    console.log(`key ${key.keyId} (${kind === 'hybrid' ? 'hybrid post-quantum ML-KEM-768 + X25519' : 'classic X25519'})`);
    console.log(`public key:  ${publicFile}`);
    console.log(`private key: ${out} (passphrase-protected; keep copies, or split it: portas key split)`);
    return 0;
  },
};
