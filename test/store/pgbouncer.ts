// A private PgBouncer for tests: its own process in transaction pool mode on a free loopback port, in front of the
// PostgreSQL server named by PORTAS_TEST_POSTGRES (trust auth), with its ini and userlist in a temp folder.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGBOUNCER_PATH } from '../external-tools.ts';

export interface Bouncer {
  /** `url` with its host and port replaced by the bouncer's. */
  through(url: string): string;
  /** Server connections PgBouncer opened to PostgreSQL so far (SHOW POOLS on its admin console). */
  serverConnections(): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts PgBouncer (pool_mode = transaction, `poolSize` server connections per database) and waits until it answers. */
export async function startBouncer(poolSize: number): Promise<Bouncer> {
  const target = new URL(process.env['PORTAS_TEST_POSTGRES'] ?? '');
  const user = decodeURIComponent(target.username) || 'postgres';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'portas-pgbouncer-'));
  // PgBouncer will not run as root: as root it drops to the postgres user (-u), who must read this folder.
  const asRoot = userInfo().uid === 0;
  const ini = [
    '[databases]',
    `* = host=${target.hostname || '127.0.0.1'} port=${target.port || '5432'} user=${user}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${String(port)}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${join(dir, 'userlist.txt')}`,
    `admin_users = ${user}`,
    'pool_mode = transaction',
    `default_pool_size = ${String(poolSize)}`,
    'max_client_conn = 500',
    'ignore_startup_parameters = extra_float_digits',
    `logfile = ${join(dir, 'pgbouncer.log')}`,
    `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'pgbouncer.ini'), ini);
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`);
  if (asRoot) {
    const postgres = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    chmodSync(dir, 0o755);
    chownSync(dir, Number(postgres), 0);
  }
  const child: ChildProcess = spawn(PGBOUNCER_PATH, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const through = (url: string): string => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const admin = (): pg.Client => new pg.Client({ host: '127.0.0.1', port, user, database: 'pgbouncer' });
  for (let i = 0; ; i++) {
    const probe = admin();
    try {
      await probe.connect();
      await probe.end();
      break;
    } catch {
      if (child.exitCode !== null || i > 100) {
        child.kill('SIGKILL');
        throw new Error(`pgbouncer did not start: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    through,
    serverConnections: async () => {
      const c = admin();
      await c.connect();
      try {
        // The admin console speaks only the simple query protocol, which pg uses for a query without parameters.
        const { rows } = await c.query<{ database: string; sv_active: string; sv_idle: string; sv_used: string }>('SHOW POOLS');
        return rows.filter((r) => r.database !== 'pgbouncer').reduce((n, r) => n + Number(r.sv_active) + Number(r.sv_idle) + Number(r.sv_used), 0);
      } finally {
        await c.end();
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
