import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { POSTGRESQL_SETTINGS, postgresqlConf } from '../../src/study/deploy-templates.ts';

/** Debian's server binaries: /usr/lib/postgresql/<version>/bin, newest first. */
function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin');
}

test('every PostgreSQL setting portas deploy writes is accepted by a real server, which then reports exactly that value', (t) => {
  const bin = postgresBin();
  if (bin === undefined) {
    if (process.env['CI'] !== undefined) throw new Error('the PostgreSQL server binaries are not installed (Debian package postgresql); CI must have them');
    t.skip('the PostgreSQL server binaries are not installed (Debian package postgresql)');
    return;
  }
  // PostgreSQL refuses to run as root: as root, run it as the postgres user Debian's package creates.
  const asServer = (args: string[]): { status: number; out: string } => {
    const cmd = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
    const r = spawnSync(cmd[0] ?? '', cmd.slice(1), { encoding: 'utf8' });
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  const dir = mkdtempSync(join(tmpdir(), 'portas-pgconf-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres', dir]);
  const init = asServer([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres']);
  assert.equal(init.status, 0, init.out);
  const conf = join(dir, 'portas.conf');
  writeFileSync(conf, postgresqlConf(), { mode: 0o644 });
  appendFileSync(join(data, 'postgresql.conf'), `\ninclude '${conf}'\n`);
  const show = (name: string): { status: number; out: string } => asServer([join(bin, 'postgres'), '-D', data, '-C', name]);
  // What `postgres -C` prints for each value we write (in the setting's base unit, MB for the WAL sizes; quotes gone).
  const expected: Readonly<Record<string, string>> = { min_wal_size: '32', max_wal_size: '64', listen_addresses: '', log_statement: 'none', log_line_prefix: '[%p] ' };
  for (const [name, value] of POSTGRESQL_SETTINGS) {
    const r = show(name);
    assert.equal(r.status, 0, `${name}: ${r.out}`);
    assert.equal(r.out.replace(/\n$/, ''), expected[name] ?? value, name);
  }
  // The check can fail: a misspelt setting makes the server refuse the whole file.
  writeFileSync(conf, `${postgresqlConf()}track_commit_timestamps = off\n`);
  const broken = show('fsync');
  assert.notEqual(broken.status, 0);
  assert.match(broken.out, /unrecognized configuration parameter "track_commit_timestamps"/);
});
