// `portas token add STUDY --label L`: creates a researcher API token, prints it once, stores only its hash.

import { addResearcherToken } from '../study/fieldwork.ts';
import { readArgs, type Command } from './command.ts';
import { printProblems } from './problems.ts';

export const tokenCommand: Command = {
  name: 'token',
  usage: 'token add STUDY_ID --label TEXT [--store URL] [--store-key FILE]',
  summary: 'create a researcher API token for pulling sealed responses (shown once)',
  async run(args) {
    const { values, positionals } = readArgs(args, { label: { type: 'string', default: 'researcher' }, store: { type: 'string', default: 'sqlite:portas.sqlite' }, 'store-key': { type: 'string' } });
    const [sub, study] = positionals;
    if (sub !== 'add' || study === undefined) {
      console.error(`usage: portas ${this.usage}`);
      return 2;
    }
    const added = await addResearcherToken({ store: values.store, storeKey: values['store-key'], study, label: values.label });
    if (!added.ok) return printProblems('token', added.error);
    console.log(added.value.token);
    return 0;
  },
};
