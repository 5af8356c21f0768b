// `portas doctor`'s checks of a deployment made by `portas deploy`: the torrc onion service with proof-of-work, the
// journal kept in memory, backups holding encrypted sealed data only, the state folder's mode, /healthz answering.

import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_RECIPIENTS } from '../study/deploy-scripts.ts';
import { BACKUP_DIR, ONION_DIR, STATE_DIR } from '../study/deploy-templates.ts';
import { bad, expect, good, weak, type Finding } from './doctor-finding.ts';
import { judgeUnitFile, judgeUnitProperties, SHOW_PROPERTIES, unitDirectives } from './doctor-unit.ts';
import { privateFile } from './doctor-store.ts';

/** Where `install.sh` put things; `root` prefixes every path (a copy of a server's files, or a test fixture). */
export const DEPLOYED = {
  unit: '/etc/systemd/system/portas.service',
  torrc: '/etc/tor/portas.torrc',
  mainTorrc: '/etc/tor/torrc',
  journald: '/etc/systemd/journald.conf.d/portas.conf',
  persistentJournal: '/var/log/journal',
  backupTimer: '/etc/systemd/system/portas-backup.timer',
} as const;

export const under = (root: string, path: string): string => (root === '/' ? path : join(root, path));
const readOr = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** `Key value` lines of a torrc, comments dropped. */
function torrcLines(text: string): [string, string][] {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== '').map((l) => {
    const i = l.search(/\s/);
    return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i).trim()];
  });
}

/** The onion service snippet, whether Tor reads it, and whether it forwards to the port the server listens on. Pure. */
export function judgeTorrc(path: string, text: string | undefined, mainTorrc: string | undefined, serverPort: number | undefined): Finding[] {
  if (text === undefined) return [bad(`${path} is missing`, 'no onion service: run install.sh from the folder portas deploy wrote')];
  const lines = torrcLines(text);
  const get = (k: string): string | undefined => lines.find(([key]) => key === k)?.[1];
  const out: Finding[] = [];
  out.push(expect(get('HiddenServiceDir') !== undefined, `${path}: HiddenServiceDir ${get('HiddenServiceDir') ?? 'missing'}`, 'no onion service is defined'));
  out.push(expect((get('HiddenServiceVersion') ?? '3') === '3', `${path}: onion service version ${get('HiddenServiceVersion') ?? '3'}`, 'only v3 onion services are served: HiddenServiceVersion 3'));
  out.push(expect(get('HiddenServicePoWDefensesEnabled') === '1', `${path}: proof-of-work defence ${get('HiddenServicePoWDefensesEnabled') === '1' ? 'on' : 'off'}`, 'a flood of circuits would reach the server unchecked: HiddenServicePoWDefensesEnabled 1 (Tor ≥ 0.4.8)'));
  const port = get('HiddenServicePort') ?? '';
  const target = /^\d+\s+(?:(127\.0\.0\.1|localhost|\[::1\]):(\d+)|unix:\S+)$/.exec(port);
  out.push(expect(target !== null, `${path}: HiddenServicePort ${port || 'missing'}`, 'Tor must forward to the server on loopback: HiddenServicePort 80 127.0.0.1:PORT'));
  if (target?.[2] !== undefined && serverPort !== undefined) {
    out.push(expect(Number(target[2]) === serverPort, `${path}: forwards to port ${target[2]}, the server listens on ${String(serverPort)}`, 'respondents would reach nothing: make the two ports equal'));
  }
  const safe = get('SafeLogging') ?? '1';
  out.push(expect(safe === '1', `${path}: SafeLogging ${safe}`, 'Tor would log addresses: SafeLogging 1'));
  const chatty = lines.filter(([k, v]) => k === 'Log' && /\b(info|debug)\b/.test(v));
  if (chatty.length > 0) out.push(weak(`${path}: Log ${chatty.map(([, v]) => v).join('; ')}`, 'info and debug logs record circuit activity with times: log notice or less'));
  if (mainTorrc === undefined) out.push(weak(`${DEPLOYED.mainTorrc} cannot be read here`, 'cannot check that Tor includes the snippet'));
  else out.push(expect(torrcLines(mainTorrc).some(([k, v]) => k === '%include' && v === DEPLOYED.torrc), `${DEPLOYED.mainTorrc} includes ${DEPLOYED.torrc}`, `Tor does not read the snippet: add the line %include ${DEPLOYED.torrc}, then tor --verify-config -f /etc/tor/torrc`));
  return out;
}

/** journald keeps the system log in memory only and forwards it nowhere. Pure. */
export function judgeJournald(path: string, text: string | undefined, persistentJournal: boolean): Finding[] {
  if (text === undefined) return [bad(`${path} is missing`, 'journald keeps its default (on disk on Debian): install the drop-in portas deploy wrote and restart systemd-journald')];
  const d = unitDirectives(text);
  const get = (k: string): string | undefined => d.get(k)?.at(-1);
  return [
    expect(get('Storage') === 'volatile', `journald Storage=${get('Storage') ?? 'default'}`, 'the journal (with times of every start, stop and error) would outlive a reboot: Storage=volatile'),
    expect(get('ForwardToSyslog') === 'no', `journald ForwardToSyslog=${get('ForwardToSyslog') ?? 'default'}`, 'a syslog daemon would keep a copy on disk: ForwardToSyslog=no'),
    expect(get('MaxRetentionSec') !== undefined, `journald MaxRetentionSec=${get('MaxRetentionSec') ?? 'unset'}`, 'entries are kept until memory runs short: MaxRetentionSec=2day', 'warning'),
    expect(!persistentJournal, persistentJournal ? `${DEPLOYED.persistentJournal} exists` : `no persistent journal (${DEPLOYED.persistentJournal})`, `an older journal is still on disk: rm -rf ${DEPLOYED.persistentJournal}`),
  ];
}

const AGE_HEADER = 'age-encryption.org/v1\n';
const BACKUP_NAME = /^store-\d{4}-W\d{2}\.(sqlite|sql|key)\.age$/;

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(AGE_HEADER.length);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** The backup folder holds age-encrypted store copies and keys only; the recipients are public keys; the timer is there. */
export function checkBackups(root: string): Finding[] {
  const dir = under(root, BACKUP_DIR);
  const out: Finding[] = [];
  const recipients = readOr(under(root, BACKUP_RECIPIENTS));
  if (recipients === undefined || recipients.trim() === '') out.push(bad(`${BACKUP_RECIPIENTS} is missing or empty`, "portas-backup refuses to run: put the researchers' backup public keys (age1…, one a line) there"));
  else out.push(expect(!/AGE-SECRET-KEY-/i.test(recipients), `${BACKUP_RECIPIENTS} holds public keys only`, 'a private key is on the server: remove it (keep it offline) and make a new key pair if it may have been copied'));
  out.push(expect(existsSync(under(root, DEPLOYED.backupTimer)), `${DEPLOYED.backupTimer} installed`, 'no daily backup: install it and systemctl enable --now portas-backup.timer', 'warning'));
  if (!existsSync(dir)) return [...out, weak(`${BACKUP_DIR} does not exist`, 'no backup has been made yet: systemctl start portas-backup.service')];
  out.push(privateFile(dir, 'backup folder'));
  const entries = readdirSync(dir, { withFileTypes: true });
  const strays = entries.filter((e) => !(e.isFile() && BACKUP_NAME.test(e.name) && head(join(dir, e.name)) === AGE_HEADER));
  for (const e of strays) {
    out.push(bad(`${BACKUP_DIR}/${e.name} is not an age-encrypted portas backup`, e.name.startsWith('.work') ? 'a backup run was cut short and may have left a plain copy: delete it (rm -rf)' : 'backups hold only the sealed store and its key, encrypted (portas-backup): delete it'));
  }
  const weeks = new Set(entries.filter((e) => BACKUP_NAME.test(e.name)).map((e) => e.name.slice(6, 14)));
  if (strays.length === 0) out.push(expect(weeks.size > 0, `${BACKUP_DIR}: ${String(weeks.size)} week(s) of encrypted backups, nothing else`, 'no backup has been made yet: systemctl start portas-backup.service', 'warning'));
  return out;
}

/** `/healthz` answers `ok` (and nothing more) at `base`. */
export async function checkHealth(base: string): Promise<Finding> {
  const url = `${base.replace(/\/+$/, '')}/healthz`;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = await r.text();
    return expect(r.status === 200 && body === 'ok', `${url} answers ${String(r.status)} '${body.slice(0, 20)}'`, 'the server is up but not healthy: journalctl -u portas.service');
  } catch (e) {
    return bad(`${url} does not answer`, `${e instanceof Error ? e.message : String(e)}: systemctl status portas.service`);
  }
}

/** What the installed unit's ExecStart says about the store, state folder and port. */
export function servedBy(unitText: string): { store?: string; stateDir?: string; host?: string; port?: number } {
  const exec = unitDirectives(unitText).get('ExecStart')?.[0] ?? '';
  const out: { store?: string; stateDir?: string; host?: string; port?: number } = {};
  const store = /--store (\S+)/.exec(exec)?.[1];
  const stateDir = /--state-dir (\S+)/.exec(exec)?.[1];
  const host = /--host (\S+)/.exec(exec)?.[1];
  const port = /--port (\d+)/.exec(exec)?.[1];
  if (store !== undefined) out.store = store;
  if (stateDir !== undefined) out.stateDir = stateDir;
  if (host !== undefined) out.host = host;
  if (port !== undefined) out.port = Number(port);
  return out;
}

/** `systemctl show` of the unit when systemd runs here; undefined when it does not (a container, another root). */
function systemctlShow(unitName: string): string | undefined {
  const r = spawnSync('systemctl', ['show', unitName, '-p', SHOW_PROPERTIES.join(',')], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && /LoadState=/.test(r.stdout) ? r.stdout : undefined;
}

/** Every deployment check for the files under `root`. */
export async function diagnoseDeployment(o: { readonly root: string; readonly url?: string; readonly unitName?: string }): Promise<Finding[]> {
  const unitName = o.unitName ?? 'portas.service';
  const unitText = readOr(under(o.root, DEPLOYED.unit));
  const out: Finding[] = unitText === undefined ? [bad(`${DEPLOYED.unit} is missing`, 'run install.sh from the folder portas deploy wrote')] : judgeUnitFile(DEPLOYED.unit, unitText);
  const shown = o.root === '/' ? systemctlShow(unitName) : undefined;
  if (shown !== undefined) out.push(...judgeUnitProperties(unitName, shown));
  else if (o.root === '/') out.push(weak('systemctl show is not available here', 'the running service could not be compared with its unit (is systemd running?)'));
  const served = unitText === undefined ? {} : servedBy(unitText);
  out.push(...judgeTorrc(DEPLOYED.torrc, readOr(under(o.root, DEPLOYED.torrc)), readOr(under(o.root, DEPLOYED.mainTorrc)), served.port));
  const hostname = under(o.root, join(ONION_DIR, 'hostname'));
  if (existsSync(hostname)) out.push(good(`onion address ${readFileSync(hostname, 'utf8').trim()}`));
  out.push(...judgeJournald(DEPLOYED.journald, readOr(under(o.root, DEPLOYED.journald)), existsSync(under(o.root, DEPLOYED.persistentJournal))));
  out.push(...checkBackups(o.root));
  const state = under(o.root, STATE_DIR);
  if (existsSync(state) && statSync(state).isDirectory()) out.push(privateFile(state, 'state directory'));
  else out.push(bad(`${STATE_DIR} does not exist`, 'systemd creates it (StateDirectory=portas) when the service first starts'));
  out.push(await checkHealth(o.url ?? `http://${served.host ?? '127.0.0.1'}:${String(served.port ?? 8080)}`));
  return out;
}
