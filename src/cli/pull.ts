// `portas pull`: downloads sealed responses (still sealed) into a local folder, resumably and idempotently.

import { parseArgs } from 'node:util';
import { pull } from '../study/pull.ts';
import type { Command } from './command.ts';
import { readServerAccess, SERVER_ACCESS_OPTIONS } from './server-access.ts';


export const pullCommand: Command = {
  name: 'pull',
  usage: 'pull --server URL --study ID --token-file FILE [--out DIR] [--socks HOST:PORT]',
  summary: 'download sealed responses (still sealed) and the recruitment tree; safe to repeat',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { ...SERVER_ACCESS_OPTIONS, out: { type: 'string', default: 'pulled' } } });
    const access = readServerAccess(pullCommand, values);
    if (access === undefined) return 2;
    try {
      const r = await pull({ ...access, out: values.out, progress: (n) => { if (process.stderr.isTTY) process.stderr.write(`\rpulled ${n}`); } });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`portas pull: ${r.total} sealed responses in ${values.out} (${r.fetched} new)`);
      return 0;
    } catch (e) {
      console.error(`portas pull: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
