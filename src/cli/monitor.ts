// `portas monitor`: the fieldwork monitor in the terminal — aggregates from the server, nothing opened.

import { parseArgs } from 'node:util';
import { fetchMonitor } from '../study/monitor-client.ts';
import { monitorText } from '../study/monitor-words.ts';
import type { Command } from './command.ts';
import { readServerAccess, SERVER_ACCESS_OPTIONS } from './server-access.ts';

export const monitorCommand: Command = {
  name: 'monitor',
  usage: 'monitor --server URL --study ID --token-file FILE [--socks HOST:PORT] [--json] [--lang en|ru]',
  summary: 'fieldwork at a glance: responses per period, coupons, recruitment chains and warnings (nothing is opened)',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { ...SERVER_ACCESS_OPTIONS, json: { type: 'boolean', default: false }, lang: { type: 'string', default: 'en' } } });
    if (values.lang !== 'en' && values.lang !== 'ru') {
      console.error(`usage: portas ${monitorCommand.usage}`);
      return 2;
    }
    const access = readServerAccess(monitorCommand, values);
    if (access === undefined) return 2;
    try {
      const figures = await fetchMonitor({ url: access.server, study: access.study, token: access.token, ...(access.socks === undefined ? {} : { socks: access.socks }) });
      process.stdout.write(values.json ? `${JSON.stringify(figures, null, 1)}\n` : monitorText(access.study, figures, values.lang));
      return 0;
    } catch (e) {
      console.error(`portas monitor: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
