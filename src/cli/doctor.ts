// `portas doctor`: checks, on the server, the settings the storage promise depends on (docs/storage.md) and prints
// what is wrong with each: PostgreSQL's logging, commit timestamps and WAL archiving; SQLite's file modes, journal and
// the free space a reshuffle needs; the storage key file and the form-key file.

import { existsSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { defaultKeyFile } from '../store/open.ts';
import type { Command } from './command.ts';

export interface Finding {
  readonly ok: boolean;
  readonly what: string;
  /** Why it matters and what to do, when not ok. */
  readonly detail?: string;
}

const good = (what: string): Finding => ({ ok: true, what });
const bad = (what: string, detail: string): Finding => ({ ok: false, what, detail });

/** What PostgreSQL's settings (name → value, as pg_settings shows them) mean for the promise. Pure. */
export function judgePostgres(s: Readonly<Record<string, string | undefined>>): Finding[] {
  const out: Finding[] = [];
  out.push(s['track_commit_timestamp'] === 'off' ? good('track_commit_timestamp = off') : bad('track_commit_timestamp is on', 'the server records when every transaction committed: set it off'));
  out.push(s['fsync'] === 'on' && s['full_page_writes'] === 'on' ? good('fsync and full_page_writes on') : bad('fsync or full_page_writes is off', 'an acknowledged response could be lost in a power cut'));
  out.push(s['log_connections'] === 'off' ? good('log_connections = off') : bad('log_connections is on', 'every connection is logged with its time: set it off'));
  const prefix = s['log_line_prefix'] ?? '';
  out.push(/%[hr]/.test(prefix) ? bad(`log_line_prefix '${prefix}' logs client addresses (%h/%r)`, 'remove %h and %r') : good('log_line_prefix holds no client address'));
  out.push(s['log_statement'] === 'none' ? good('log_statement = none') : bad(`log_statement = ${s['log_statement'] ?? '?'}`, 'statements (with ids and coupon hashes) are logged with their time: set it to none'));
  out.push(s['log_min_duration_statement'] === '-1' ? good('log_min_duration_statement = -1') : bad(`log_min_duration_statement = ${s['log_min_duration_statement'] ?? '?'}`, 'slow statements are logged with their time and text: set it to -1'));
  out.push(s['archive_mode'] === 'off' ? good('archive_mode = off') : bad(`archive_mode = ${s['archive_mode'] ?? '?'}`, 'archived WAL keeps every submission with its commit time beyond any reshuffle: turn archiving off'));
  out.push(Number(s['wal_keep_size'] ?? '0') === 0 ? good('wal_keep_size = 0') : bad(`wal_keep_size = ${s['wal_keep_size'] ?? '?'} MB`, 'old WAL segments are kept longer than needed: set it to 0'));
  return out;
}

const PG_SETTINGS = ['track_commit_timestamp', 'fsync', 'full_page_writes', 'log_connections', 'log_line_prefix', 'log_statement', 'log_min_duration_statement', 'archive_mode', 'wal_keep_size'];

async function checkPostgres(url: string): Promise<Finding[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await c.connect();
    const { rows } = await c.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [PG_SETTINGS]);
    return judgePostgres(Object.fromEntries(rows.map((r) => [r.name, r.setting])));
  } catch (e) {
    return [bad('PostgreSQL cannot be reached', e instanceof Error ? e.message : 'unknown error')];
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A file readable by its owner only (or absent, when `optional`). */
function privateFile(path: string, what: string, optional = false): Finding {
  if (!existsSync(path)) return optional ? good(`${what}: ${path} not created yet`) : bad(`${what}: ${path} is missing`, 'without it the stored responses cannot be read: restore it from the backup made with the database');
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077 ? bad(`${what}: ${path} has mode ${mode.toString(8)}`, `other users can read it: chmod 600 ${path}`) : good(`${what}: ${path} mode ${mode.toString(8)}`);
}

function checkSqlite(path: string): Finding[] {
  if (!existsSync(path)) return [bad(`SQLite database ${path} does not exist`, "start 'portas serve' once, or check --store")];
  const out = [privateFile(path, 'database')];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const mode = db.pragma('journal_mode', { simple: true }) as string;
    out.push(mode === 'wal' ? bad('journal_mode = wal', 'a WAL file keeps page images in arrival order: portas sets DELETE; another program changed it') : good(`journal_mode = ${mode}`));
  } finally {
    db.close();
  }
  // A reshuffle holds the rows twice (temp copy and journal), then VACUUM writes a third image.
  const size = statSync(path).size;
  const fs = statfsSync(dirname(path));
  const free = fs.bavail * fs.bsize;
  out.push(free >= 3 * size ? good(`free space ${Math.round(free / 2 ** 20)} MiB ≥ 3 × database (${Math.round(size / 2 ** 20)} MiB)`) : bad(`free space ${Math.round(free / 2 ** 20)} MiB < 3 × database (${Math.round(size / 2 ** 20)} MiB)`, 'a reshuffle would fail (disk full) and rows would stay in arrival order: free space'));
  return out;
}

/** Every finding for a store and state folder. */
export async function diagnose(options: { readonly store: string; readonly storeKey?: string; readonly stateDir: string }): Promise<Finding[]> {
  const keyPath = options.storeKey ?? defaultKeyFile(options.store, options.stateDir);
  const out = options.store.startsWith('sqlite:') ? checkSqlite(options.store.slice('sqlite:'.length)) : await checkPostgres(options.store);
  out.push(privateFile(keyPath, 'storage key file'));
  out.push(privateFile(join(options.stateDir, 'form-keys.json'), 'form-key file', true));
  return out;
}

export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'doctor [--store URL] [--store-key FILE] [--state-dir DIR]',
  summary: 'check the server settings the storage promise depends on, and say what is wrong',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { store: { type: 'string', default: 'sqlite:portas.sqlite' }, 'store-key': { type: 'string' }, 'state-dir': { type: 'string', default: 'portas-state' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      console.log(`usage: portas ${this.usage}\n\n  ${this.summary}.\n  Run it on the server, with the same --store, --store-key and --state-dir as 'portas serve'. Exit code 1 when something is wrong.`);
      return 0;
    }
    const findings = await diagnose({ store: values.store, stateDir: values['state-dir'], ...(values['store-key'] === undefined ? {} : { storeKey: values['store-key'] }) });
    for (const f of findings) console.log(`${f.ok ? 'ok   ' : 'WRONG'} ${f.what}${f.detail === undefined ? '' : `\n      ${f.detail}`}`);
    const wrong = findings.filter((f) => !f.ok).length;
    console.log(wrong === 0 ? 'portas doctor: nothing wrong found' : `portas doctor: ${wrong} thing(s) to fix`);
    return wrong === 0 ? 0 : 1;
  },
};
