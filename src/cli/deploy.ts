// `portas deploy STUDY_DIR... --out DIR`: writes what a small team needs to run the studies as an onion service on a
// fresh Debian server — systemd units, the torrc snippet, journald and PostgreSQL settings, backups, an installer.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStudyRuntime } from '../server/study-runtime.ts';
import type { Command } from './command.ts';
import { backupScript, backupTimer, backupUnit, installScript, type DeployFile } from './deploy-scripts.ts';
import { journaldDropIn, postgresqlConf, postgresSetupSql, systemdUnit, torrcSnippet, type DeployPlan } from './deploy-templates.ts';

/** The only files of a study folder that go to the server: none of them is a secret. */
export const STUDY_FILES = ['instrument.yaml', 'study.pub', 'study.yaml'] as const;

const USAGE = 'deploy STUDY_DIR... --out DIR [--store sqlite|postgres] [--app-dir DIR] [--node FILE] [--user NAME] [--port N]';

/** Builds the plan from the command line; every problem is named. */
export function planFrom(values: Readonly<Record<string, string | boolean | undefined>>, studies: readonly string[]): { ok: true; plan: DeployPlan } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const store = values['store'] ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') problems.push(`--store must be sqlite or postgres, not '${String(store)}'`);
  const path = (name: string, fallback: string): string => {
    const v = typeof values[name] === 'string' ? values[name] : fallback;
    if (!isAbsolute(v) || /[\s'"\\$`]/.test(v)) problems.push(`--${name} must be an absolute path without spaces or quotes (systemd and sh read it): '${v}'`);
    return v.replace(/\/+$/, '');
  };
  const appDir = path('app-dir', '/opt/portas');
  const node = path('node', '/usr/bin/node');
  const user = typeof values['user'] === 'string' ? values['user'] : 'portas';
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) problems.push(`--user must be a system user name (lower-case letters, digits, _ and -), not '${user}'`);
  const port = Number(values['port'] ?? '8080');
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`--port must be a whole number from 1 to 65535, not '${String(values['port'])}'`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { studies, store: store as DeployPlan['store'], appDir, node, user, port } };
}

/** The generated files, in the order install.sh places them. */
export function deployFiles(plan: DeployPlan): DeployFile[] {
  const files: DeployFile[] = [
    { name: 'portas.service', target: '/etc/systemd/system/portas.service', mode: 0o644, content: systemdUnit(plan) },
    { name: 'portas.torrc', target: '/etc/tor/portas.torrc', mode: 0o644, content: torrcSnippet(plan) },
    { name: 'journald-portas.conf', target: '/etc/systemd/journald.conf.d/portas.conf', mode: 0o644, content: journaldDropIn() },
    { name: 'portas-backup', target: '/usr/local/sbin/portas-backup', mode: 0o755, content: backupScript(plan) },
    { name: 'portas-backup.service', target: '/etc/systemd/system/portas-backup.service', mode: 0o644, content: backupUnit(plan) },
    { name: 'portas-backup.timer', target: '/etc/systemd/system/portas-backup.timer', mode: 0o644, content: backupTimer() },
  ];
  return files;
}

/** Reads the study folders: each must load as `portas serve` would, and must hold no private key in a file we copy. */
function checkStudies(dirs: readonly string[]): { ok: true; ids: string[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const ids: string[] = [];
  for (const dir of dirs) {
    const loaded = loadStudyRuntime(dir);
    if (!loaded.ok) {
      problems.push(...loaded.problems);
      continue;
    }
    for (const name of STUDY_FILES) {
      const file = join(dir, name);
      if (existsSync(file) && /AGE-SECRET-KEY|BEGIN AGE ENCRYPTED FILE/.test(readFileSync(file, 'utf8'))) {
        problems.push(`${file}: holds a private key; the server must only ever have the public one (study.pub)`);
      }
    }
    const id = loaded.study.instrument.study;
    if (ids.includes(id)) problems.push(`${dir}: study '${id}' is named twice`);
    ids.push(id);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ids };
}

export const deployCommand: Command = {
  name: 'deploy',
  usage: USAGE,
  summary: 'write the files to run studies as an onion service on a Debian server (systemd, Tor, backups)',
  // eslint-disable-next-line @typescript-eslint/require-await -- the Command interface is asynchronous
  async run(args) {
    // main.ts answers --help (COMMAND_HELP.deploy) and turns a malformed option into a usage error.
    const parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { out: { type: 'string' }, store: { type: 'string' }, 'app-dir': { type: 'string' }, node: { type: 'string' }, user: { type: 'string' }, port: { type: 'string' } },
    });
    const out = parsed.values.out;
    if (parsed.positionals.length === 0 || out === undefined) {
      console.error(`portas deploy: name at least one study folder and --out DIR\nusage: portas ${USAGE}`);
      return 2;
    }
    if (existsSync(out) && readdirSync(out).length > 0) {
      console.error(`portas deploy: ${out} exists and is not empty; portas never overwrites a deployment — choose a new folder`);
      return 1;
    }
    const studies = checkStudies(parsed.positionals);
    if (!studies.ok) {
      for (const p of studies.problems) console.error(`portas deploy: ${p}`);
      return 1;
    }
    const planned = planFrom(parsed.values, studies.ids);
    if (!planned.ok) {
      for (const p of planned.problems) console.error(`portas deploy: ${p}`);
      return 2;
    }
    const plan = planned.plan;
    const files = deployFiles(plan);
    mkdirSync(out, { recursive: true });
    parsed.positionals.forEach((dir, i) => {
      const target = join(out, 'studies', studies.ids[i] ?? '');
      mkdirSync(target, { recursive: true });
      for (const name of STUDY_FILES) if (existsSync(join(dir, name))) copyFileSync(join(dir, name), join(target, name));
    });
    for (const f of files) writeFileSync(join(out, f.name), f.content, { mode: f.mode });
    if (plan.store === 'postgres') {
      writeFileSync(join(out, 'postgresql-portas.conf'), postgresqlConf());
      writeFileSync(join(out, 'postgres-setup.sql'), postgresSetupSql(plan));
    }
    writeFileSync(join(out, 'install.sh'), installScript(plan, files), { mode: 0o755 });
    console.log(`portas deploy: wrote ${out} (${String(files.length + (plan.store === 'postgres' ? 3 : 1))} files and ${String(studies.ids.length)} study folder(s), no secret)`);
    console.log(`next: copy ${out} and the portas source to the server, read docs/deploy.md, then run: sh install.sh`);
    return 0;
  },
};
