// `portas doctor` on a deployment: the files `portas deploy` writes, placed under a fixture root as install.sh places
// them, pass every check; each promise broken in turn is named as failed (or warned about) with its hint.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { deployFiles } from '../../src/study/deploy-bundle.ts';
import { doctorCommand, examine } from '../../src/cli/doctor.ts';
import { judgeUnitProperties, SHOW_PROPERTIES } from '../../src/cli/doctor-unit.ts';
import type { Finding } from '../../src/cli/doctor-finding.ts';
import { openStore } from '../../src/store/open.ts';

const root = mkdtempSync(join(tmpdir(), 'portas-doctor-deploy-'));
const at = (p: string): string => join(root, p);
let server: Server;
let url = '';

function put(path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(at(path)), { recursive: true });
  writeFileSync(at(path), text, { mode });
}

before(async () => {
  for (const f of deployFiles({ studies: ['demo'], store: 'sqlite', appDir: '/opt/portas', node: '/usr/bin/node', user: 'portas', port: 8080 })) put(f.target, f.content, f.mode);
  put('/etc/tor/torrc', '# Debian\n%include /etc/tor/portas.torrc\n');
  put('/etc/portas/backup-recipients.txt', 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\n');
  mkdirSync(at('/var/lib/portas/state'), { recursive: true, mode: 0o700 });
  chmodSync(at('/var/lib/portas'), 0o700);
  const store = await openStore(`sqlite:${at('/var/lib/portas/store.sqlite')}`);
  assert.ok(store.ok);
  await store.value.close();
  mkdirSync(at('/var/backups/portas'), { recursive: true, mode: 0o700 });
  put('/var/backups/portas/store-2024-W17.sqlite.age', 'age-encryption.org/v1\n-> X25519 …\n', 0o600);
  put('/var/backups/portas/store-2024-W17.key.age', 'age-encryption.org/v1\n-> X25519 …\n', 0o600);
  server = createServer((req, res) => res.end(req.url === '/healthz' ? 'ok' : 'no'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? String(address.port) : '0'}`;
});

after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

const check = (): Promise<Finding[]> => examine({ root, deployment: false, storeOnly: false, url });
const notOk = (fs: readonly Finding[]): string[] => fs.filter((f) => !f.ok).map((f) => `${f.level}: ${f.what}`);

/** Breaks one thing, expects exactly these findings (and a hint for each), then puts it back. */
async function broken(change: () => void, undo: () => void, expected: readonly RegExp[]): Promise<void> {
  change();
  try {
    const found = (await check()).filter((f) => !f.ok);
    assert.equal(found.length, expected.length, notOk(found).join('\n'));
    expected.forEach((re, i) => {
      assert.match(`${found[i]?.level ?? ''}: ${found[i]?.what ?? ''}`, re);
      assert.ok((found[i]?.detail ?? '').length > 10, 'each finding says what to do');
    });
  } finally {
    undo();
  }
}

function edit(path: string, from: string | RegExp, to: string): [() => void, () => void] {
  const text = readFileSync(at(path), 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${path} holds ${String(from)}`);
  return [() => { writeFileSync(at(path), text.replace(from, to)); }, () => { writeFileSync(at(path), text); }];
}

test('the deployment as portas deploy wrote it passes every check, reading the store and state folder from the unit', async () => {
  const found = await check();
  assert.deepEqual(notOk(found), []);
  for (const re of [/sandbox and service directives as deployed/, /proof-of-work defence on/, /includes \/etc\/tor\/portas\.torrc/, /journald Storage=volatile/, /1 week\(s\) of encrypted backups/, /state directory: .* mode 700/, /healthz answers 200 'ok'/, /^database: .*\/var\/lib\/portas\/store\.sqlite mode 600/, /^storage key file: .*store\.sqlite\.key mode 600/]) {
    assert.ok(found.some((f) => re.test(f.what)), `${String(re)} among:\n${found.map((f) => f.what).join('\n')}`);
  }
});

test('systemd unit: a sandbox line removed or changed, root as the user, or a public listener is failed; a restart setting is a warning', async () => {
  const unit = '/etc/systemd/system/portas.service';
  await broken(...edit(unit, 'NoNewPrivileges=yes\n', ''), [/^failed: .*NoNewPrivileges is missing, portas deploy writes yes/]);
  await broken(...edit(unit, 'ProtectSystem=strict', 'ProtectSystem=full'), [/^failed: .*ProtectSystem is full/]);
  await broken(...edit(unit, 'StandardOutput=null', 'StandardOutput=journal'), [/^failed: .*StandardOutput is journal/]);
  await broken(...edit(unit, 'User=portas', 'User=root'), [/^failed: .*runs as root/]);
  await broken(...edit(unit, '--host 127.0.0.1', '--host 0.0.0.0'), [/^failed: .*listens on loopback only/]);
  await broken(...edit(unit, 'RestartSec=2', 'RestartSec=30'), [/^warning: .*RestartSec is 30/]);
});

test('torrc: proof-of-work off, a non-loopback target, another port, address logging or a missing include is failed', async () => {
  const torrc = '/etc/tor/portas.torrc';
  await broken(...edit(torrc, 'HiddenServicePoWDefensesEnabled 1', 'HiddenServicePoWDefensesEnabled 0'), [/^failed: .*proof-of-work defence off/]);
  await broken(...edit(torrc, 'HiddenServicePort 80 127.0.0.1:8080', 'HiddenServicePort 80 192.0.2.7:8080'), [/^failed: .*HiddenServicePort 80 192\.0\.2\.7:8080/]);
  await broken(...edit(torrc, 'HiddenServicePort 80 127.0.0.1:8080', 'HiddenServicePort 80 127.0.0.1:9090'), [/^failed: .*forwards to port 9090, the server listens on 8080/]);
  await broken(...edit(torrc, 'SafeLogging 1', 'SafeLogging 0'), [/^failed: .*SafeLogging 0/]);
  await broken(...edit(torrc, 'SafeLogging 1', 'SafeLogging 1\nLog info file /var/log/tor/info.log'), [/^warning: .*Log info file/]);
  await broken(...edit('/etc/tor/torrc', '%include /etc/tor/portas.torrc', '# nothing'), [/^failed: \/etc\/tor\/torrc includes/]);
});

test('journald on disk, forwarded to syslog, or an old persistent journal is failed', async () => {
  const conf = '/etc/systemd/journald.conf.d/portas.conf';
  await broken(...edit(conf, 'Storage=volatile', 'Storage=persistent'), [/^failed: journald Storage=persistent/]);
  await broken(...edit(conf, 'ForwardToSyslog=no', 'ForwardToSyslog=yes'), [/^failed: journald ForwardToSyslog=yes/]);
  await broken(() => mkdirSync(at('/var/log/journal'), { recursive: true }), () => { rmSync(at('/var/log/journal'), { recursive: true }); }, [/^failed: \/var\/log\/journal exists/]);
});

test('backups: a plain copy, a left-over work folder, a private key among the recipients or an open folder is failed', async () => {
  const plain = at('/var/backups/portas/store-2024-W18.sqlite');
  await broken(() => { writeFileSync(plain, 'SQLite format 3\0'); }, () => { rmSync(plain); }, [/^failed: .*store-2024-W18\.sqlite is not an age-encrypted portas backup/]);
  const disguised = at('/var/backups/portas/store-2024-W18.sqlite.age');
  await broken(() => { writeFileSync(disguised, 'SQLite format 3\0'); }, () => { rmSync(disguised); }, [/^failed: .*store-2024-W18\.sqlite\.age is not an age-encrypted/]);
  const work = at('/var/backups/portas/.work.AbC123');
  await broken(() => { mkdirSync(work); }, () => { rmSync(work, { recursive: true }); }, [/^failed: .*\.work\.AbC123 is not/]);
  await broken(...edit('/etc/portas/backup-recipients.txt', /$/, 'AGE-SECRET-KEY-1QQQQ\n'), [/^failed: .*backup-recipients\.txt holds public keys only/]);
  await broken(() => { chmodSync(at('/var/backups/portas'), 0o755); }, () => { chmodSync(at('/var/backups/portas'), 0o700); }, [/^failed: backup folder: .* mode 755/]);
});

test('the state directory open to others, or /healthz not answering, is failed', async () => {
  await broken(() => { chmodSync(at('/var/lib/portas'), 0o755); }, () => { chmodSync(at('/var/lib/portas'), 0o700); }, [/^failed: state directory: .* mode 755/]);
  const health = await examine({ root, deployment: false, storeOnly: false, url: 'http://127.0.0.1:1' });
  assert.deepEqual(notOk(health), ['failed: http://127.0.0.1:1/healthz does not answer']);
});

test('systemctl show: the deployed sandbox passes; a drop-in that weakens it, a stopped or missing service is failed', () => {
  const props = ['LoadState=loaded', 'ActiveState=active', 'User=portas', 'DropInPaths=', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'PrivateDevices=yes', 'ProtectKernelTunables=yes', 'ProtectKernelModules=yes', 'ProtectKernelLogs=yes', 'ProtectControlGroups=yes', 'ProtectClock=yes', 'ProtectHostname=yes', 'PrivateMounts=yes', 'ProtectProc=invisible', 'RestrictRealtime=yes', 'RestrictSUIDSGID=yes', 'LockPersonality=yes', 'RemoveIPC=yes', 'UMask=0077', 'StandardOutput=null', 'StateDirectoryMode=0700'];
  assert.equal(props.length, SHOW_PROPERTIES.length);
  const text = props.join('\n');
  assert.deepEqual(notOk(judgeUnitProperties('portas.service', text)), []);
  const dropIn = text.replace('ProtectSystem=strict', 'ProtectSystem=no').replace('DropInPaths=', 'DropInPaths=/etc/systemd/system/portas.service.d/debug.conf');
  const weakened = judgeUnitProperties('portas.service', dropIn).filter((f) => !f.ok);
  assert.deepEqual(notOk(weakened), ['failed: portas.service runs with ProtectSystem=no (deployed: strict)']);
  assert.match(weakened[0]?.detail ?? '', /debug\.conf/);
  assert.deepEqual(notOk(judgeUnitProperties('portas.service', text.replace('ActiveState=active', 'ActiveState=failed'))), ['failed: portas.service is failed']);
  assert.deepEqual(notOk(judgeUnitProperties('portas.service', 'LoadState=not-found\n')), ['failed: portas.service is not installed (LoadState not-found)']);
  assert.deepEqual(notOk(judgeUnitProperties('portas.service', text.replace('ProtectProc=invisible\n', ''))).map((s) => s.split(':')[0]), ['warning']);
});

test('portas doctor --root --json prints every finding with its level and exits 0; a failure makes it exit 1', async () => {
  const log = console.log;
  let printed = '';
  console.log = (s: string) => { printed += s; };
  try {
    assert.equal(await doctorCommand.run(['--root', root, '--url', url, '--json']), 0);
    const out = JSON.parse(printed) as { ok: boolean; findings: { level: string; what: string; hint?: string }[] };
    assert.equal(out.ok, true);
    assert.ok(out.findings.length > 20 && out.findings.every((f) => f.level === 'ok'));
    printed = '';
    assert.equal(await doctorCommand.run(['--root', root, '--url', 'http://127.0.0.1:1']), 1);
    assert.match(printed, /FAILED {2}http:\/\/127\.0\.0\.1:1\/healthz does not answer\n {8}.*systemctl status portas\.service/);
  } finally {
    console.log = log;
  }
});
