// `portas monitor`: the fieldwork monitor in the terminal — aggregates from the server, nothing opened.

import { parseArgs } from 'node:util';
import { fetchMonitor } from '../study/monitor-client.ts';
import { capProgress } from '../sampling/cap-progress.ts';
import { capsText } from '../study/cap-words.ts';
import { monitorText } from '../study/monitor-words.ts';
import { getStudySettings } from '../study/settings.ts';
import type { Command } from './command.ts';
import { readServerAccess, SERVER_ACCESS_OPTIONS } from './server-access.ts';

export const monitorCommand: Command = {
  name: 'monitor',
  usage: 'monitor --server URL --study ID --token-file FILE [--study-dir DIR] [--socks HOST:PORT] [--json] [--lang en|ru]',
  summary: 'fieldwork at a glance: responses per period, coupons, recruitment chains and warnings (nothing is opened)',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { ...SERVER_ACCESS_OPTIONS, json: { type: 'boolean', default: false }, 'study-dir': { type: 'string' }, lang: { type: 'string', default: 'en' } } });
    if (values.lang !== 'en' && values.lang !== 'ru') {
      console.error(`usage: portas ${monitorCommand.usage}`);
      return 2;
    }
    const access = readServerAccess(monitorCommand, values);
    if (access === undefined) return 2;
    try {
      const figures = await fetchMonitor({ url: access.server, study: access.study, token: access.token, ...(access.socks === undefined ? {} : { socks: access.socks }) });
      // The caps are the study folder's (study.yaml), read here: the server's figures stay the same for every caller.
      const caps = values['study-dir'] === undefined ? {} : getStudySettings(values['study-dir']).settings.caps;
      process.stdout.write(values.json ? `${JSON.stringify(values['study-dir'] === undefined ? figures : { ...figures, caps: capProgress(figures, caps) }, null, 1)}\n` : monitorText(access.study, figures, values.lang) + capsText(figures, caps, values.lang));
      return 0;
    } catch (e) {
      console.error(`portas monitor: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
