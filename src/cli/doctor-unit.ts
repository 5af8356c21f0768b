// `portas doctor`'s systemd checks: the installed portas.service against the sandbox `portas deploy` writes, and the
// running service's effective settings (`systemctl show`, which sees drop-ins that could undo the sandbox).

import { systemdUnit } from '../study/deploy-templates.ts';
import { bad, expect, good, weak, type Finding } from './doctor-finding.ts';

/** Directives whose value depends on the plan (paths, user, port): checked on their own terms, not compared. */
const PLAN_DEPENDENT = new Set(['ExecStart', 'User', 'Group', 'WorkingDirectory', 'Environment', 'Description', 'After', 'Requires', 'WantedBy']);
/** Directives about restarts and stopping: a different value is worth a warning, not a broken promise. */
const OPERATIONAL = new Set(['Type', 'Restart', 'RestartSec', 'TimeoutStopSec', 'KillSignal']);

/** `Key=Value` lines of a unit file (or of `systemctl show`), every value of a repeated key in order. */
export function unitDirectives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    const [, key = '', value = ''] = m;
    out.set(key, [...(out.get(key) ?? []), value.trim()]);
  }
  return out;
}

/** What portas deploy writes into [Service], minus what depends on the plan: the one list both checks compare against. */
export function expectedService(): Map<string, string[]> {
  const unit = systemdUnit({ studies: ['s'], store: 'sqlite', appDir: '/opt/portas', node: '/usr/bin/node', user: 'portas', port: 8080 });
  const service = unit.slice(unit.indexOf('[Service]'), unit.indexOf('[Install]'));
  const all = unitDirectives(service);
  for (const k of PLAN_DEPENDENT) all.delete(k);
  return all;
}

const shown = (values: readonly string[] | undefined): string => (values === undefined ? 'missing' : values.map((v) => (v === '' ? "''" : v)).join(' + '));

/** The installed unit file's text against the deployed sandbox. Pure. */
export function judgeUnitFile(path: string, text: string): Finding[] {
  const found = unitDirectives(text);
  const out: Finding[] = [];
  let same = 0;
  for (const [key, want] of expectedService()) {
    const have = found.get(key);
    if (have !== undefined && have.join('\n') === want.join('\n')) {
      same += 1;
      continue;
    }
    const what = `${path}: ${key} is ${shown(have)}, portas deploy writes ${shown(want)}`;
    const hint = OPERATIONAL.has(key) ? 'the service may not stop or restart as docs/deploy.md says' : 'the sandbox is weaker than deployed (docs/deploy.md): restore the line, or install the unit portas deploy wrote';
    out.push(OPERATIONAL.has(key) ? weak(what, hint) : bad(what, hint));
  }
  out.unshift(good(`${path}: ${String(same)} of ${String(expectedService().size)} sandbox and service directives as deployed`));
  const user = found.get('User')?.[0] ?? '';
  out.push(expect(user !== '' && user !== 'root' && user !== '0', `${path}: runs as ${user === '' ? 'root (no User=)' : user}`, 'the server must run as its own unprivileged user (portas deploy: User=portas)'));
  const exec = found.get('ExecStart')?.[0] ?? '';
  out.push(expect(/--host (127\.0\.0\.1|::1|localhost)\b/.test(exec), `${path}: the server listens on loopback only`, 'ExecStart must say --host 127.0.0.1: only Tor may reach the server'));
  return out;
}

/**
 * Properties whose `systemctl show` value is written as in the unit file: the ones compared on a running service.
 * (SystemCallFilter, IPAddressDeny and the like are shown expanded, so the unit file check covers them.)
 */
const SHOWN_AS_WRITTEN = [
  'NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'ProtectKernelTunables', 'ProtectKernelModules',
  'ProtectKernelLogs', 'ProtectControlGroups', 'ProtectClock', 'ProtectHostname', 'PrivateMounts', 'ProtectProc', 'RestrictRealtime',
  'RestrictSUIDSGID', 'LockPersonality', 'RemoveIPC', 'UMask', 'StandardOutput', 'StateDirectoryMode',
] as const;

/** The names to ask `systemctl show -p` for. */
export const SHOW_PROPERTIES = ['LoadState', 'ActiveState', 'User', 'DropInPaths', ...SHOWN_AS_WRITTEN];

/** The running service's effective settings (`systemctl show` output) against the deployed ones. Pure. */
export function judgeUnitProperties(unitName: string, showText: string): Finding[] {
  const props = unitDirectives(showText);
  const get = (k: string): string | undefined => props.get(k)?.[0];
  if (get('LoadState') !== 'loaded') return [bad(`${unitName} is not installed (LoadState ${get('LoadState') ?? '?'})`, 'run install.sh from the folder portas deploy wrote (docs/deploy.md)')];
  const out = [expect(get('ActiveState') === 'active', `${unitName} is ${get('ActiveState') ?? '?'}`, `systemctl status ${unitName}; journalctl -u ${unitName}`)];
  const want = expectedService();
  const wrong = SHOWN_AS_WRITTEN.filter((k) => get(k) !== undefined && get(k) !== want.get(k)?.[0]);
  for (const k of wrong) out.push(bad(`${unitName} runs with ${k}=${get(k) ?? ''} (deployed: ${want.get(k)?.[0] ?? '?'})`, `a drop-in overrides the sandbox${get('DropInPaths') ? ` (${get('DropInPaths') ?? ''})` : ''}: remove it and systemctl daemon-reload`));
  const unknown = SHOWN_AS_WRITTEN.filter((k) => get(k) === undefined);
  if (unknown.length > 0) out.push(weak(`${unitName}: systemctl does not show ${unknown.join(', ')}`, 'this systemd is older than the one portas deploy targets (Debian 12): those directives may not apply'));
  if (wrong.length === 0) out.push(good(`${unitName} runs with the deployed sandbox (${String(SHOWN_AS_WRITTEN.length - unknown.length)} settings compared)`));
  return out;
}
