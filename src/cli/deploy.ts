// `portas deploy STUDY_DIR... --out DIR`: writes what a small team needs to run the studies as an onion service on a
// fresh Debian server — systemd units, the torrc snippet, journald and PostgreSQL settings, backups, an installer.
// The bundle itself is made by the Study API (src/study/deploy-bundle.ts); this parses the command line.

import { formatDiagnostic } from '../core/diagnostic.ts';
import { SERVER_FILES } from '../study/files.ts';
import { makeDeployBundle } from '../study/deploy-bundle.ts';
import { readArgs, type Command } from './command.ts';

const USAGE = 'deploy STUDY_DIR... --out DIR [--store sqlite|postgres] [--app-dir DIR] [--node FILE] [--user NAME] [--port N]';
const HELP = `usage: portas ${USAGE}

Writes into DIR (which must not exist yet) the files to run these studies as a Tor onion service on a fresh
Debian server, and install.sh to put them in place. Nothing secret is copied: from each study folder only
${SERVER_FILES.join(', ')}. Step by step: docs/deploy.md.

  --store sqlite|postgres  where responses are stored (default sqlite: /var/lib/portas/store.sqlite)
  --app-dir DIR            where the portas source is installed on the server (default /opt/portas)
  --node FILE              the Node.js binary on the server (default /usr/bin/node)
  --user NAME              the system user the server runs as, and its PostgreSQL role (default portas)
  --port N                 the loopback port Tor forwards to (default 8080)`;

export const deployCommand: Command = {
  name: 'deploy',
  usage: USAGE,
  summary: 'write the files to run studies as an onion service on a Debian server (systemd, Tor, backups)',
  async run(args) {
    const { values, positionals } = readArgs(args, { out: { type: 'string' }, store: { type: 'string' }, 'app-dir': { type: 'string' }, node: { type: 'string' }, user: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help === true) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length === 0 || values.out === undefined) {
      console.error(`portas deploy: name at least one study folder and --out DIR\n${HELP}`);
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
