// The deploy bundle: what a small team needs to run studies as an onion service on a fresh Debian server — the study
// folders without any secret, systemd units, the torrc snippet, journald and PostgreSQL settings, backups, an installer.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import { backupScript, backupTimer, backupUnit, installScript, type DeployFile } from './deploy-scripts.ts';
import { journaldDropIn, postgresqlConf, postgresSetupSql, systemdUnit, torrcSnippet, type DeployPlan } from './deploy-templates.ts';
import { PRIVATE_KEY_PATTERN, PUBLIC_KEY_FILE, SERVER_FILES } from './files.ts';
import { loadStudy } from './load.ts';
import { studyDiagnostic } from './located.ts';

export type { DeployFile, DeployPlan };

/** The choices of a deployment; every one has a default. */
export interface DeployOptions {
  readonly store?: string | undefined;
  readonly appDir?: string | undefined;
  readonly node?: string | undefined;
  readonly user?: string | undefined;
  readonly port?: string | number | undefined;
}

const optionProblem = (message: string): Diagnostic => studyDiagnostic('study.option', undefined, message);

/** The plan from the options; every problem is named (as the command line spells the option). */
export function deployPlan(options: DeployOptions, studies: readonly string[]): Result<DeployPlan, Diagnostic[]> {
  const problems: Diagnostic[] = [];
  const store = options.store ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') problems.push(optionProblem(`--store must be sqlite or postgres, not '${store}'`));
  const path = (name: string, given: string | undefined, fallback: string): string => {
    const v = given ?? fallback;
    if (!isAbsolute(v) || /[\s'"\\$`]/.test(v)) problems.push(optionProblem(`--${name} must be an absolute path without spaces or quotes (systemd and sh read it): '${v}'`));
    return v.replace(/\/+$/, '');
  };
  const appDir = path('app-dir', options.appDir, '/opt/portas');
  const node = path('node', options.node, '/usr/bin/node');
  const user = options.user ?? 'portas';
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) problems.push(optionProblem(`--user must be a system user name (lower-case letters, digits, _ and -), not '${user}'`));
  const port = Number(options.port ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(optionProblem(`--port must be a whole number from 1 to 65535, not '${String(options.port)}'`));
  if (problems.length > 0) return err(problems);
  return ok({ studies, store: store as DeployPlan['store'], appDir, node, user, port });
}

/** The generated files, in the order install.sh places them. */
export function deployFiles(plan: DeployPlan): DeployFile[] {
  return [
    { name: 'portas.service', target: '/etc/systemd/system/portas.service', mode: 0o644, content: systemdUnit(plan) },
    { name: 'portas.torrc', target: '/etc/tor/portas.torrc', mode: 0o644, content: torrcSnippet(plan) },
    { name: 'journald-portas.conf', target: '/etc/systemd/journald.conf.d/portas.conf', mode: 0o644, content: journaldDropIn() },
    { name: 'portas-backup', target: '/usr/local/sbin/portas-backup', mode: 0o755, content: backupScript(plan) },
    { name: 'portas-backup.service', target: '/etc/systemd/system/portas-backup.service', mode: 0o644, content: backupUnit(plan) },
    { name: 'portas-backup.timer', target: '/etc/systemd/system/portas-backup.timer', mode: 0o644, content: backupTimer() },
  ];
}

/** Each study folder must load as the server would, have its public key, and hold no private key in a file that is copied. */
async function checkStudies(dirs: readonly string[]): Promise<Result<string[], Diagnostic[]>> {
  const problems: Diagnostic[] = [];
  const ids: string[] = [];
  for (const dir of dirs) {
    const before = problems.length;
    for (const name of SERVER_FILES) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const at = text.search(PRIVATE_KEY_PATTERN);
      if (at >= 0) problems.push(studyDiagnostic('study.secret', { file, line: text.slice(0, at).split('\n').length, column: 1 }, 'the server must only ever have the public one (study.pub)'));
    }
    if (problems.length > before) continue;
    const loaded = await loadStudy(dir);
    problems.push(...loaded.diagnostics.filter((d) => d.severity === 'error'));
    if (loaded.study === undefined) continue;
    if (loaded.study.publicKey === undefined) problems.push(studyDiagnostic('study.public-key', join(dir, PUBLIC_KEY_FILE), 'the study has no key yet', { hint: 'make it first (portas keygen, or Keys in the studio)' }));
    if (ids.includes(loaded.study.id)) problems.push(studyDiagnostic('study.option', dir, `study '${loaded.study.id}' is named twice`));
    ids.push(loaded.study.id);
  }
  return problems.length > 0 ? err(problems) : ok(ids);
}

export interface DeployBundle {
  readonly out: string;
  readonly plan: DeployPlan;
  /** Every file written, relative to `out`. */
  readonly files: readonly string[];
  /** What to do next, one command or step a line. */
  readonly nextSteps: readonly string[];
}

/** Writes the bundle into `out` (which must not exist or be empty). Nothing is written when anything is wrong. */
export async function makeDeployBundle(studyDirs: readonly string[], out: string, options: DeployOptions = {}): Promise<Result<DeployBundle, Diagnostic[]>> {
  if (studyDirs.length === 0) return err([optionProblem('name at least one study folder')]);
  if (existsSync(out) && readdirSync(out).length > 0) return err([studyDiagnostic('study.exists', out, 'the folder exists and is not empty; portas never overwrites a deployment — choose a new folder')]);
  const studies = await checkStudies(studyDirs);
  if (!studies.ok) return studies;
  const planned = deployPlan(options, studies.value);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const files = deployFiles(plan);
  const written: string[] = [];
  const put = (name: string, content: string | Buffer, mode = 0o644): void => {
    writeFileSync(join(out, name), content, { mode });
    written.push(name);
  };
  mkdirSync(out, { recursive: true });
  studyDirs.forEach((dir, i) => {
    const target = join('studies', studies.value[i] ?? '');
    mkdirSync(join(out, target), { recursive: true });
    for (const name of SERVER_FILES) if (existsSync(join(dir, name))) put(join(target, name), readFileSync(join(dir, name)));
  });
  for (const f of files) put(f.name, f.content, f.mode);
  if (plan.store === 'postgres') {
    put('postgresql-portas.conf', postgresqlConf());
    put('postgres-setup.sql', postgresSetupSql(plan));
  }
  put('install.sh', installScript(plan, files), 0o755);
  const nextSteps = [`copy ${out} and the portas source (to ${plan.appDir}) to the server`, 'read docs/deploy.md', `on the server, as root, in the copied folder: sh install.sh`];
  return ok({ out, plan, files: written, nextSteps });
}
