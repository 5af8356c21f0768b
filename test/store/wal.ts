// Reading PostgreSQL's WAL as a seizing adversary would: raw segment bytes (to find values) and pg_waldump (to find
// which transaction wrote each byte, and when that transaction committed, to the microsecond).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export const PG_WALDUMP = '/usr/lib/postgresql/15/bin/pg_waldump';
const SEGMENT = 16 * 1024 * 1024;

export const lsnToNumber = (lsn: string): number => {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return parseInt(hi, 16) * 2 ** 32 + parseInt(lo, 16);
};

export interface WalRecord {
  readonly lsn: number;
  readonly length: number;
  readonly xid: number;
  readonly rmgr: string;
  readonly desc: string;
}

export interface Wal {
  /** Records of the range, in LSN order. */
  readonly records: readonly WalRecord[];
  /** Commit time (µs precision, as text) of each transaction that committed in the range. */
  readonly commits: ReadonlyMap<number, string>;
  /** The raw bytes of the segments covering the range, and the LSN of their first byte. */
  readonly bytes: Buffer;
  readonly firstLsn: number;
}

/**
 * Keeps every WAL segment from now on until `client` disconnects, and returns the current LSN: a temporary physical
 * replication slot that reserves WAL at once. Without it, the checkpoints other tests cause on a shared cluster
 * recycle the segments before pg_waldump reads them.
 */
export async function holdWal(client: pg.Client): Promise<string> {
  await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [`portas_wal_${String(process.pid)}_${String(Date.now())}`]);
  return (await client.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]?.l ?? '0/0';
}

/** Dumps and reads the WAL from `start` to `end` (LSN strings) of the cluster at `dataDir`, timeline 1. */
export function readWal(dataDir: string, start: string, end: string): Wal {
  const walDir = join(dataDir, 'pg_wal');
  const out = execFileSync(PG_WALDUMP, ['-p', walDir, '-s', start, '-e', end], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const records: WalRecord[] = [];
  const commits = new Map<number, string>();
  const line = /^rmgr: (\S+)\s+len \(rec\/tot\):\s+\d+\/\s*(\d+), tx:\s+(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F/]+, desc: (.*)$/;
  for (const l of out.split('\n')) {
    const m = line.exec(l);
    if (m === null) continue;
    const r = { rmgr: m[1]!, length: Number(m[2]), xid: Number(m[3]), lsn: lsnToNumber(m[4]!), desc: m[5]! };
    records.push(r);
    const commit = /^COMMIT (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+ \S+)/.exec(r.desc);
    if (r.rmgr === 'Transaction' && commit !== null) commits.set(r.xid, commit[1]!);
  }
  const [s, e] = [lsnToNumber(start), lsnToNumber(end)];
  const first = Math.floor(s / SEGMENT);
  const last = Math.floor(e / SEGMENT);
  const parts: Buffer[] = [];
  for (let seg = first; seg <= last; seg++) {
    const name = `00000001${Math.floor(seg / 256).toString(16).toUpperCase().padStart(8, '0')}${(seg % 256).toString(16).toUpperCase().padStart(8, '0')}`;
    const path = join(walDir, name);
    if (!existsSync(path)) throw new Error(`WAL segment ${name} is gone (recycled?)`);
    parts.push(readFileSync(path));
  }
  return { records, commits, bytes: Buffer.concat(parts), firstLsn: first * SEGMENT };
}

/** The record that holds the byte at `lsn` (the last record starting at or before it), by binary search. */
export function recordAt(wal: Wal, lsn: number): WalRecord | undefined {
  let lo = 0;
  let hi = wal.records.length - 1;
  let found: WalRecord | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = wal.records[mid]!;
    if (r.lsn <= lsn) {
      found = r;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // A record spans at most its length plus the page headers it crosses.
  return found !== undefined && lsn < found.lsn + found.length + 64 * (1 + Math.floor(found.length / 8192)) ? found : undefined;
}

/** Every LSN inside [from, to) at which `needle` occurs in the WAL bytes. */
export function occurrences(wal: Wal, needle: string, from: number, to: number): number[] {
  const n = Buffer.from(needle, 'latin1');
  const out: number[] = [];
  for (let at = wal.bytes.indexOf(n, Math.max(0, from - wal.firstLsn)); at !== -1 && wal.firstLsn + at < to; at = wal.bytes.indexOf(n, at + 1)) {
    out.push(wal.firstLsn + at);
  }
  return out;
}
