// `portas doctor`'s store checks, also run by `portas serve` at start-up: PostgreSQL's settings against the ones
// `portas deploy` writes (deploy-templates.ts), SQLite's file modes, journal and free space, the key and state files.

import { existsSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { defaultKeyFile } from '../store/open.ts';
import { POSTGRESQL_SETTINGS } from '../study/deploy-templates.ts';
import { bad, expect, good, weak, type Finding } from './doctor-finding.ts';

/** Settings whose difference from deploy's value only weakens the promise (WAL kept longer, a TCP port open). */
const WEAKER = new Set(['listen_addresses', 'wal_level', 'max_wal_senders', 'wal_recycle', 'min_wal_size', 'max_wal_size', 'wal_keep_size']);

const plain = (v: string): string => v.replace(/^'(.*)'$/, '$1').trim().toLowerCase();

function judgePrefix(prefix: string): Finding {
  if (/%[hr]/.test(prefix)) return bad(`log_line_prefix '${prefix}' logs client addresses (%h/%r)`, "remove %h and %r (portas deploy writes '[%p] ')");
  if (/%[tmn]/.test(prefix)) return weak(`log_line_prefix '${prefix}' stamps every line with the time`, "a log line with a time says when someone was active: use '[%p] '");
  return good(`log_line_prefix '${prefix}' holds no address or time`);
}

/** What PostgreSQL's settings (name → value as SHOW prints it) mean for the promise, one finding per setting. Pure. */
export function judgePostgres(s: Readonly<Record<string, string | undefined>>): Finding[] {
  return POSTGRESQL_SETTINGS.map(([name, value, why]) => {
    const found = s[name];
    if (name === 'log_line_prefix') return judgePrefix(found ?? '');
    if (found === undefined) return weak(`${name}: not reported by this server`, `cannot check it; portas deploy sets ${name} = ${value} (${why})`);
    const hint = `set ${name} = ${value} in conf.d/portas.conf (${why})`;
    return expect(plain(found) === plain(value), `${name} = ${found === '' ? "''" : found}`, hint, WEAKER.has(name) ? 'warning' : 'failed');
  });
}

async function checkPostgres(url: string): Promise<Finding[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await c.connect();
    const names = POSTGRESQL_SETTINGS.map(([name]) => name);
    const { rows } = await c.query<{ name: string; setting: string }>('SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1)', [names]);
    return judgePostgres(Object.fromEntries(rows.map((r) => [r.name, r.setting])));
  } catch (e) {
    return [bad('PostgreSQL cannot be reached', e instanceof Error ? e.message : 'unknown error')];
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A file readable by its owner only (or absent, when `optional`). */
export function privateFile(path: string, what: string, optional = false): Finding {
  if (!existsSync(path)) return optional ? good(`${what}: ${path} not created yet`) : bad(`${what}: ${path} is missing`, 'without it the stored responses cannot be read: restore it from the backup made with the database');
  const mode = statSync(path).mode & 0o777;
  return expect((mode & 0o077) === 0, `${what}: ${path} mode ${mode.toString(8)}`, `other users can read it: chmod ${statSync(path).isDirectory() ? '700' : '600'} ${path}`);
}

function checkSqlite(path: string): Finding[] {
  if (!existsSync(path)) return [bad(`SQLite database ${path} does not exist`, "start 'portas serve' once, or check --store")];
  const out = [privateFile(path, 'database')];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const mode = db.pragma('journal_mode', { simple: true }) as string;
    out.push(expect(mode !== 'wal', `journal_mode = ${mode}`, 'a WAL file keeps page images in arrival order: portas sets DELETE; another program changed it'));
  } finally {
    db.close();
  }
  // A reshuffle holds the rows twice (temp copy and journal), then VACUUM writes a third image.
  const size = statSync(path).size;
  const fs = statfsSync(dirname(path));
  const free = fs.bavail * fs.bsize;
  const mib = (n: number): string => `${String(Math.round(n / 2 ** 20))} MiB`;
  out.push(expect(free >= 3 * size, `free space ${mib(free)} ${free >= 3 * size ? '≥' : '<'} 3 × database (${mib(size)})`, 'a reshuffle would fail (disk full) and rows would stay in arrival order: free space'));
  return out;
}

/** Every finding for a store and state folder. */
export async function diagnose(options: { readonly store: string; readonly storeKey?: string; readonly stateDir: string }): Promise<Finding[]> {
  const keyPath = options.storeKey ?? defaultKeyFile(options.store, options.stateDir);
  const out = options.store.startsWith('sqlite:') ? checkSqlite(options.store.slice('sqlite:'.length)) : await checkPostgres(options.store);
  out.push(privateFile(keyPath, 'storage key file'));
  out.push(privateFile(options.stateDir, 'state folder', true));
  return out;
}
