// `portas pull`: downloads sealed responses (still sealed) into a local folder, resumably and idempotently.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pull } from '../study/pull.ts';
import { parseSocksProxy } from '../study/socks5.ts';
import type { Command } from './command.ts';


export const pullCommand: Command = {
  name: 'pull',
  usage: 'pull --server URL --study ID --token-file FILE [--out DIR] [--socks HOST:PORT]',
  summary: 'download sealed responses (still sealed) and the recruitment tree; safe to repeat',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { server: { type: 'string' }, study: { type: 'string' }, 'token-file': { type: 'string' }, out: { type: 'string', default: 'pulled' }, socks: { type: 'string' } } });
    const token = values['token-file'] === undefined ? process.env['PORTAS_TOKEN'] : readFileSync(values['token-file'], 'utf8').trim();
    if (values.server === undefined || values.study === undefined || token === undefined) {
      console.error(`usage: portas ${pullCommand.usage} (or the token in PORTAS_TOKEN)`);
      return 2;
    }
    const socks = values.socks === undefined ? undefined : parseSocksProxy(values.socks);
    if (values.socks !== undefined && socks === undefined) {
      console.error(`portas pull: --socks '${values.socks}' is not HOST:PORT (Tor's is 127.0.0.1:9050)`);
      return 2;
    }
    try {
      const r = await pull({ server: values.server, study: values.study, token, out: values.out, ...(socks === undefined ? {} : { socks }), progress: (n) => { if (process.stderr.isTTY) process.stderr.write(`\rpulled ${n}`); } });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`portas pull: ${r.total} sealed responses in ${values.out} (${r.fetched} new)`);
      return 0;
    } catch (e) {
      console.error(`portas pull: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
