// `portas token add STUDY --label L`: creates a researcher API token, prints it once, stores only its hash.

import { parseArgs } from 'node:util';
import { randomBytes } from '../crypto/index.ts';
import { hashToken } from '../store/hash.ts';
import { openStore } from '../store/open.ts';
import type { Command } from './command.ts';

export const tokenCommand: Command = {
  name: 'token',
  usage: 'token add STUDY_ID --label TEXT [--store URL]',
  summary: 'create a researcher API token for pulling sealed responses (shown once)',
  async run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { label: { type: 'string', default: 'researcher' }, store: { type: 'string', default: 'sqlite:portas.sqlite' } }, allowPositionals: true });
    const [sub, study] = positionals;
    if (sub !== 'add' || study === undefined) {
      console.error('usage: portas token add STUDY_ID --label TEXT [--store URL]');
      return 2;
    }
    const token = Buffer.from(randomBytes(32)).toString('base64url');
    const store = await openStore(values.store);
    if (!store.ok) {
      console.error(`portas token: ${store.error.message}`);
      return 1;
    }
    const added = await store.value.addToken(study, hashToken(token), values.label);
    await store.value.close();
    if (!added.ok) {
      console.error(`portas token: ${'message' in added.error ? added.error.message : added.error.kind}`);
      return 1;
    }
    console.log(token);
    return 0;
  },
};
