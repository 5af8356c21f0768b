// `portas monitor`: the fieldwork monitor in the terminal — aggregates from the server, nothing opened.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fetchMonitor } from '../study/monitor-client.ts';
import { monitorText } from '../study/monitor-words.ts';
import { parseSocksProxy } from '../study/socks5.ts';
import type { Command } from './command.ts';

export const monitorCommand: Command = {
  name: 'monitor',
  usage: 'monitor --server URL --study ID --token-file FILE [--socks HOST:PORT] [--json] [--lang en|ru]',
  summary: 'fieldwork at a glance: responses per period, coupons, recruitment chains and warnings (nothing is opened)',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { server: { type: 'string' }, study: { type: 'string' }, 'token-file': { type: 'string' }, socks: { type: 'string' }, json: { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' } },
    });
    const token = values['token-file'] === undefined ? process.env['PORTAS_TOKEN'] : readFileSync(values['token-file'], 'utf8').trim();
    if (values.server === undefined || values.study === undefined || token === undefined || (values.lang !== 'en' && values.lang !== 'ru')) {
      console.error(`usage: portas ${monitorCommand.usage} (or the token in PORTAS_TOKEN)`);
      return 2;
    }
    const socks = values.socks === undefined ? undefined : parseSocksProxy(values.socks);
    if (values.socks !== undefined && socks === undefined) {
      console.error(`portas monitor: --socks '${values.socks}' is not HOST:PORT (Tor's is 127.0.0.1:9050)`);
      return 2;
    }
    try {
      const figures = await fetchMonitor({ url: values.server, study: values.study, token, ...(socks === undefined ? {} : { socks }) });
      process.stdout.write(values.json ? `${JSON.stringify(figures, null, 1)}\n` : monitorText(values.study, figures, values.lang));
      return 0;
    } catch (e) {
      console.error(`portas monitor: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
