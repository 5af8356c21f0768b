// Pulling sealed responses (still sealed) into a local folder, resumably and idempotently: for the CLI and the studio.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiGet } from './monitor-client.ts';
import type { SocksProxy } from './socks5.ts';

interface PulledRecord {
  readonly responseId: string;
  readonly period: string;
  readonly status: string;
}

/** What a pull folder holds: `sealed/<id>.age` (age v1 files), `index.json` and `tree.json` (clear, non-identifying). */
export interface PullFolder {
  readonly study: string;
  readonly records: readonly PulledRecord[];
}

const ID = /^[0-9a-f]{32}$/;

function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export async function pull(options: { readonly server: string; readonly study: string; readonly token: string; readonly out: string; readonly socks?: SocksProxy; readonly progress?: (done: number) => void }): Promise<{ readonly fetched: number; readonly total: number }> {
  mkdirSync(join(options.out, 'sealed'), { recursive: true, mode: 0o700 });
  const indexPath = join(options.out, 'index.json');
  const known = new Map<string, PulledRecord>();
  if (existsSync(indexPath)) for (const r of (JSON.parse(readFileSync(indexPath, 'utf8')) as PullFolder).records) known.set(r.responseId, r);
  // node:http rather than fetch: the same client reaches an onion service through Tor's SOCKS port.
  const conn = { url: options.server, study: options.study, token: options.token, ...(options.socks === undefined ? {} : { socks: options.socks }) };
  const get = (path: string): Promise<unknown> => apiGet(conn, path);
  let after: string | undefined;
  let fetched = 0;
  do {
    const page = (await get(`/sealed?limit=500${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`)) as { records: { responseId: string; period: string; status: string; sealed: string }[]; next?: string };
    for (const r of page.records) {
      if (!ID.test(r.responseId)) throw new Error(`the server sent a malformed response id`);
      const file = join(options.out, 'sealed', `${r.responseId}.age`);
      const bytes = Buffer.from(r.sealed, 'base64');
      if (existsSync(file)) {
        if (!readFileSync(file).equals(bytes)) throw new Error(`record ${r.responseId} differs from the copy pulled before; nothing was overwritten`);
      } else {
        writeAtomic(file, bytes);
        fetched += 1;
      }
      known.set(r.responseId, { responseId: r.responseId, period: r.period, status: r.status });
    }
    // The index is rewritten after every page, so an interrupted pull resumes without re-downloading.
    writeAtomic(indexPath, JSON.stringify({ study: options.study, records: [...known.values()].sort((a, b) => a.responseId.localeCompare(b.responseId)) } satisfies PullFolder, null, 1));
    options.progress?.(known.size);
    after = page.next;
  } while (after !== undefined);
  writeAtomic(join(options.out, 'tree.json'), JSON.stringify(await get('/tree'), null, 1));
  return { fetched, total: known.size };
}

