// `portas open PULLED_DIR --study STUDY_DIR --key KEY_FILE`: decrypts on this machine into a local data package.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPulled } from '../study/open-pulled.ts';
import type { Command } from './command.ts';
import { getPassphrase } from './passphrase.ts';
import { drawBar } from './progress.ts';

/**
 * `--progress`: how many responses are read of how many, and how many could not be opened — a bar redrawn in place
 * on a terminal, else one line per tenth (logs and pipes get no control characters).
 */
function openProgress(out: NodeJS.WriteStream = process.stderr): (done: number, total: number, damaged: number) => void {
  let last = -1;
  return (done, total, damaged) => {
    const step = total === 0 ? 10 : Math.floor((10 * done) / total);
    const label = `opening${damaged === 0 ? '' : ` (${String(damaged)} damaged)`} `;
    if (out.isTTY) drawBar(out, label, done, total);
    else if (step !== last) out.write(`portas open: ${String(done)} of ${String(total)} read, ${String(damaged)} damaged\n`);
    last = step;
    if (out.isTTY && done === total) out.write('\n');
  };
}

export const openCommand: Command = {
  name: 'open',
  usage: 'open PULLED_DIR --study STUDY_DIR --key KEY_FILE [--out DIR] [--passphrase-file F] [--progress]',
  summary: 'decrypt pulled responses on this machine into a data package (CSV + codebook)',
  async run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { study: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' }, progress: { type: 'boolean', default: false } }, allowPositionals: true });
    const [pulled] = positionals;
    if (pulled === undefined || values.study === undefined || values.key === undefined) {
      console.error(`usage: portas ${openCommand.usage}`);
      return 2;
    }
    const passphrase = await getPassphrase({ file: values['passphrase-file'], prompt: `passphrase for ${values.key}: `, confirm: false });
    if (!passphrase.ok) {
      console.error(`portas open: ${passphrase.error}`);
      return 1;
    }
    const bar = values.progress ? openProgress() : undefined;
    const summary = await openPulled({ pulled, studyDir: values.study, keyFile: values.key, passphrase: passphrase.value, out: values.out ?? join(pulled, 'dataset'), ...(bar === undefined ? {} : { progress: bar }) });
    if (typeof summary === 'string') {
      console.error(`portas open: ${summary}`);
      return 1;
    }
    for (const f of summary.failed) console.error(`portas open: response ${f.id} skipped: ${f.why}`);
    for (const m of summary.missing) console.error(`portas open: ${m} is listed in the pull's index.json but is not on disk (pull again to fetch it)`);
    const problems = [summary.failed.length > 0 ? `${String(summary.failed.length)} could not be opened` : '', summary.missing.length > 0 ? `${String(summary.missing.length)} listed in index.json are missing` : ''].filter((x) => x !== '');
    console.log(`portas open: ${String(summary.opened)} responses opened into ${summary.out}${problems.length > 0 ? `; ${problems.join(', ')} (listed above)` : ''}`);
    return problems.length > 0 ? 1 : 0;
  },
};
