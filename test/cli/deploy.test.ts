import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { deployCommand } from '../../src/cli/deploy.ts';
import { STOP_GRACE_SECONDS, STOP_TIMEOUT_SECONDS } from '../../src/study/deploy-templates.ts';
import { SHUTDOWN_GRACE_MS } from '../../src/cli/serve.ts';
import { generateStudyKey, recipientFileText } from '../../src/crypto/index.ts';
import { requireTool, run } from '../export/tools.ts';

const STUDY = 'russians-in-serbia';
const root = mkdtempSync(join(tmpdir(), 'portas-deploy-'));
const studyDir = join(root, 'study');
mkdirSync(studyDir);
copyFileSync('studies/russians-in-serbia/instrument.yaml', join(studyDir, 'instrument.yaml'));
writeFileSync(join(studyDir, 'study.pub'), recipientFileText(await generateStudyKey({ kind: 'x25519' }), STUDY));
writeFileSync(join(studyDir, 'study.yaml'), 'entry_without_coupon: true\n');
// Things a researcher may keep beside a study that must never reach the server.
writeFileSync(join(studyDir, `${STUDY}-abc.key.age`), '-----BEGIN AGE ENCRYPTED FILE-----\n');
writeFileSync(join(studyDir, 'notes.txt'), 'names of seeds\n');

function portas(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/portas.js', ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let outs = 0;
/** A deployment made with this machine's Node and this source tree, so the unit's ExecStart names real files. */
async function deploy(...extra: string[]): Promise<string> {
  const out = join(root, `out-${String(outs++)}`);
  const log = console.log;
  console.log = () => undefined;
  try {
    assert.equal(await deployCommand.run([studyDir, '--out', out, '--node', process.execPath, '--app-dir', process.cwd(), ...extra]), 0);
  } finally {
    console.log = log;
  }
  return out;
}

test('portas deploy --help explains itself; portas help lists deploy', () => {
  const help = portas('deploy', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: portas deploy STUDY_DIR\.\.\. --out DIR/);
  assert.match(help.stdout, /docs\/deploy\.md/);
  assert.match(portas('help').stdout, /\n {2}deploy STUDY_DIR/);
});

test('only instrument.yaml, study.pub and study.yaml are copied; a private key, a full folder and bad options are refused by name', async () => {
  const out = await deploy();
  assert.deepEqual(readdirSync(join(out, 'studies', STUDY)).sort(), ['instrument.yaml', 'study.pub', 'study.yaml']);
  assert.deepEqual(readdirSync(out).sort(), ['install.sh', 'journald-portas.conf', 'portas-backup', 'portas-backup.service', 'portas-backup.timer', 'portas.service', 'portas.torrc', 'studies']);
  const again = portas('deploy', studyDir, '--out', out);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists and is not empty; portas never overwrites/);
  const leaky = join(root, 'leaky');
  mkdirSync(leaky);
  copyFileSync(join(studyDir, 'instrument.yaml'), join(leaky, 'instrument.yaml'));
  writeFileSync(join(leaky, 'study.pub'), `${readFileSync(join(studyDir, 'study.pub'), 'utf8')}AGE-SECRET-KEY-1QQQQ\n`);
  const refused = portas('deploy', leaky, '--out', join(root, 'never'));
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /leaky\/study\.pub:\d+:\d+: error: a file that goes to the server holds a private key: the server must only ever have the public one/);
  assert.throws(() => statSync(join(root, 'never')), 'nothing written');
  const bad = portas('deploy', studyDir, '--out', join(root, 'never'), '--store', 'mysql', '--user', 'Root', '--port', '99999', '--node', 'node');
  assert.equal(bad.status, 2);
  for (const p of [/--store must be sqlite or postgres, not 'mysql'/, /--user must be a system user name/, /--port must be a whole number from 1 to 65535/, /--node must be an absolute path/]) assert.match(bad.stderr, p);
});

test('portas.service: the sandboxing directives are there, MemoryDenyWriteExecute is not, and ExecStart serves the copied studies', async () => {
  const unit = readFileSync(join(await deploy(), 'portas.service'), 'utf8');
  const directives = unit.split('\n').filter((l) => /^[A-Za-z]+=/.test(l));
  for (const d of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'PrivateDevices=yes', 'User=portas', 'StateDirectory=portas', 'StateDirectoryMode=0700',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6', 'IPAddressDeny=any', 'IPAddressAllow=localhost', 'CapabilityBoundingSet=', 'LimitCORE=0', 'MemorySwapMax=0', 'StandardOutput=null', 'KillSignal=SIGTERM', 'TimeoutStopSec=60']) {
    assert.ok(directives.includes(d), `${d} in the unit`);
  }
  assert.ok(!directives.some((l) => l.startsWith('MemoryDenyWriteExecute=')), 'MemoryDenyWriteExecute breaks the V8 JIT');
  assert.ok(!directives.some((l) => l.startsWith('DynamicUser=')));
  const exec = directives.find((l) => l.startsWith('ExecStart='));
  assert.equal(STOP_GRACE_SECONDS * 1000, SHUTDOWN_GRACE_MS, "the unit's comment states the server's grace period");
  assert.ok(directives.includes(`TimeoutStopSec=${String(STOP_TIMEOUT_SECONDS)}`) && STOP_TIMEOUT_SECONDS * 1000 > SHUTDOWN_GRACE_MS, 'systemd waits longer than the drain');
  assert.equal(exec, `ExecStart=${process.execPath} ${process.cwd()}/bin/portas.js serve /etc/portas/studies/${STUDY} --store sqlite:/var/lib/portas/store.sqlite --host 127.0.0.1 --port 8080 --state-dir /var/lib/portas/state`);
});

test('systemd-analyze verify accepts every unit, with no warning; the server unit scores "OK" in systemd-analyze security', async (t) => {
  if (!requireTool(t, 'systemd-analyze', 'systemd')) return;
  for (const store of ['sqlite', 'postgres']) {
    const out = await deploy('--store', store);
    const unit = join(out, 'portas.service');
    const verified = run('systemd-analyze', ['verify', unit]);
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(verified.stderr.trim(), '', `${store}: no warning from systemd-analyze verify`);
    const security = run('systemd-analyze', ['security', '--offline=true', unit]);
    const level = /Overall exposure level for portas\.service: ([\d.]+) (\w+)/.exec(security.stdout + security.stderr);
    assert.ok(level, security.stdout + security.stderr);
    assert.ok(Number(level[1]) <= 2, `exposure ${String(level[1])} (${String(level[2])}) ≤ 2.0`);
    // The backup unit names /usr/local/sbin/portas-backup, which does not exist here: point it at the generated script.
    const backup = readFileSync(join(out, 'portas-backup.service'), 'utf8');
    assert.equal(backup.split('ExecStart=/usr/local/sbin/portas-backup\n').length, 2);
    const units = join(out, 'verify');
    mkdirSync(units);
    writeFileSync(join(units, 'portas-backup.service'), backup.replace('ExecStart=/usr/local/sbin/portas-backup', `ExecStart=${join(out, 'portas-backup')}`));
    copyFileSync(join(out, 'portas-backup.timer'), join(units, 'portas-backup.timer'));
    const backupVerified = run('systemd-analyze', ['verify', join(units, 'portas-backup.service'), join(units, 'portas-backup.timer')]);
    assert.equal(backupVerified.status, 0, backupVerified.stderr);
    assert.equal(backupVerified.stderr.trim(), '', `${store}: no warning for the backup units`);
  }
  // The check can fail: an unknown directive is reported.
  const broken = join(root, 'broken.service');
  writeFileSync(broken, readFileSync(join(await deploy(), 'portas.service'), 'utf8').replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
  assert.match(run('systemd-analyze', ['verify', broken]).stderr, /Unknown key 'NoNewPrivilege'/);
});

test('the torrc snippet passes tor --verify-config alone and included from Debian\'s torrc; proof-of-work is on', async (t) => {
  if (!requireTool(t, 'tor', 'tor')) return;
  const out = await deploy();
  const snippet = join(out, 'portas.torrc');
  const text = readFileSync(snippet, 'utf8');
  assert.match(text, /^HiddenServicePoWDefensesEnabled 1$/m);
  assert.match(text, /^HiddenServicePoWQueueRate 25$/m);
  assert.match(text, /^HiddenServicePort 80 127\.0\.0\.1:8080$/m);
  assert.match(text, /^HiddenServiceDir \/var\/lib\/tor\/portas\/$/m);
  const alone = run('tor', ['--verify-config', '-f', snippet]);
  assert.equal(alone.status, 0, alone.stdout);
  assert.match(alone.stdout, /Configuration was valid/);
  // As Debian's tor@default.service checks it before each start: its defaults, /etc/tor/torrc, and the include.
  const main = join(out, 'torrc');
  writeFileSync(main, `${readFileSync('/etc/tor/torrc', 'utf8')}\n%include ${snippet}\n`);
  const defaults = '/usr/share/tor/tor-service-defaults-torrc';
  const included = run('tor', [...(existsSync(defaults) ? ['--defaults-torrc', defaults] : []), '-f', main, '--RunAsDaemon', '0', '--verify-config']);
  assert.equal(included.status, 0, included.stdout);
  assert.match(included.stdout, /Including configuration file ".*portas\.torrc"/);
  // The check can fail: a misspelt option is refused.
  writeFileSync(join(out, 'bad.torrc'), text.replace('HiddenServicePoWDefensesEnabled', 'HiddenServicePoWDefenseEnabled'));
  assert.notEqual(run('tor', ['--verify-config', '-f', join(out, 'bad.torrc')]).status, 0);
});

test('install.sh with DESTDIR puts every file where docs/deploy.md says, with its mode, and nothing else', async (t) => {
  if (!requireTool(t, 'install', 'coreutils')) return;
  const out = await deploy('--store', 'postgres');
  const dest = join(root, 'dest');
  const r = spawnSync('sh', [join(out, 'install.sh')], { encoding: 'utf8', env: { ...process.env, DESTDIR: dest } });
  assert.equal(r.status, 0, r.stderr);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else found.push(`${p.slice(dest.length)} ${(statSync(p).mode & 0o777).toString(8)}`);
    }
  };
  walk(dest);
  assert.deepEqual(found.sort(), [
    `/etc/portas/studies/${STUDY}/instrument.yaml 644`,
    `/etc/portas/studies/${STUDY}/study.pub 644`,
    `/etc/portas/studies/${STUDY}/study.yaml 644`,
    '/etc/systemd/journald.conf.d/portas.conf 644',
    '/etc/systemd/system/portas-backup.service 644',
    '/etc/systemd/system/portas-backup.timer 644',
    '/etc/systemd/system/portas.service 644',
    '/etc/tor/portas.torrc 644',
    '/usr/local/sbin/portas-backup 755',
  ]);
  for (const script of ['install.sh', 'portas-backup']) assert.equal(spawnSync('sh', ['-n', join(out, script)]).status, 0, `${script} parses`);
  assert.match(readFileSync(join(out, 'postgres-setup.sql'), 'utf8'), /CREATE DATABASE portas OWNER portas;/);
  assert.match(readFileSync(join(out, 'portas.service'), 'utf8'), /--store postgres:\/\/portas@\/portas\?host=\/var\/run\/postgresql /);
});

test("the unit's ExecStart, with the server's folders mapped to temporary ones, starts portas, answers /healthz and stops on SIGTERM", async () => {
  const out = await deploy();
  const exec = readFileSync(join(out, 'portas.service'), 'utf8').split('\n').find((l) => l.startsWith('ExecStart='))?.slice('ExecStart='.length) ?? '';
  const state = join(root, 'var-lib-portas');
  mkdirSync(state, { mode: 0o700 }); // systemd creates StateDirectory= before ExecStart
  const mapped = exec.replaceAll('/etc/portas/studies', join(out, 'studies')).replaceAll('/var/lib/portas', state).replace('--port 8080', '--port 0');
  assert.equal(mapped.split(' ').filter((w) => w.startsWith(out) || w.includes(state)).length, 3, `three paths mapped in: ${mapped}`);
  assert.match(mapped, /--port 0$|--port 0 /);
  const [bin, ...args] = mapped.split(' ');
  const child = spawn(bin ?? '', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
  let url: string | undefined;
  for (let i = 0; i < 600 && url === undefined && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 50));
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  }
  if (url === undefined) child.kill('SIGKILL');
  assert.ok(url, output);
  assert.equal(await (await fetch(`${url}/healthz`)).text(), 'ok');
  child.kill('SIGTERM');
  assert.equal(await exited, 0, output);
  assert.ok(statSync(join(state, 'store.sqlite')).isFile(), 'the store is in the state directory');
});
