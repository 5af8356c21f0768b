// `portas deploy STUDY_DIR... --out DIR`: writes what a small team needs to run the studies as an onion service on a
// fresh Debian server — systemd units, the torrc snippet, journald and PostgreSQL settings, backups, an installer.
// The bundle itself is made by the Study API (src/study/deploy-bundle.ts); this parses the command line.

import { formatDiagnostic } from '../core/diagnostic.ts';
import { makeDeployBundle } from '../study/deploy-bundle.ts';
import { readArgs, type Command } from './command.ts';

const USAGE = 'deploy STUDY_DIR... --out DIR [--store sqlite|postgres] [--app-dir DIR] [--node FILE] [--user NAME] [--port N]';

export const deployCommand: Command = {
  name: 'deploy',
  usage: USAGE,
  summary: 'write the files to run studies as an onion service on a Debian server (systemd, Tor, backups)',
  async run(args) {
    const { values, positionals } = readArgs(args, { out: { type: 'string' }, store: { type: 'string' }, 'app-dir': { type: 'string' }, node: { type: 'string' }, user: { type: 'string' }, port: { type: 'string' } });
    // main.ts answers --help (COMMAND_HELP.deploy) and turns a malformed option into a usage error.
    if (positionals.length === 0 || values.out === undefined) {
      console.error(`portas deploy: name at least one study folder and --out DIR\nusage: portas ${USAGE}`);
      return 2;
    }
    const made = await makeDeployBundle(positionals, values.out, { store: values.store, appDir: values['app-dir'], node: values.node, user: values.user, port: values.port });
    if (!made.ok) {
      for (const d of made.error) console.error(`portas deploy: ${formatDiagnostic(d)}`);
      // A bad option is a usage error (2); a study or folder that cannot be deployed is a failure (1).
      return made.error.every((d) => d.code === 'study.option' && d.position === undefined) ? 2 : 1;
    }
    console.log(`portas deploy: wrote ${made.value.out} (${String(made.value.files.length)} files, ${String(made.value.plan.studies.length)} study folder(s), no secret)`);
    console.log(`next: ${made.value.nextSteps.join('; then ')}`);
    return 0;
  },
};
