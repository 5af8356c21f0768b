// Seizure of a whole server, as an attacker would do it: a run of marked responses over HTTP (spoofed addresses and
// browser strings in the headers, a marker in every answer), with a stop and a restart in the middle; then every file
// the server and the database wrote is copied — for PostgreSQL the database's files and pg_wal, read with pg_waldump —
// and searched for markers, addresses and browsers, for any order that follows arrival, and for any current response
// id or coupon hash that a WAL commit time could be pinned on.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startServer, type RunningServer } from '../../src/cli/serve.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { generateStudyKey, openerFor, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode, hashToken } from '../../src/store/hash.ts';
import { keyFile } from '../../src/store/key-file.ts';
import { defaultKeyFile } from '../../src/store/open.ts';
import { idOffsets, orderBound, spearman, telltalesIn } from './forensics.ts';
import { pgDatabase, pgSkipReason, type PgTarget } from './pg-env.ts';
import { holdWal, occurrences, readWal, recordAt } from './wal.ts';
import { instrumentHead } from '../server/instances.ts';

const STUDY = 'seized';
/** Name prefix of PostgreSQL system-catalog files: searched for this run's markers, addresses and browser only. */
const CATALOG = 'catalog:';
/**
 * Respondents per run, half before the restart. Each reading is held to `orderBound` (4.5 standard deviations of ρ where
 * no order is left: |ρ| < 0.142 over 1,000); the ids are drawn by the server's CSPRNG, so no seed makes it reproducible.
 */
const N = 1000;
const RUN = randomBytes(4).toString('hex');
const marker = (i: number): string => `PORTAS-MARK-${RUN}-${String(i).padStart(6, '0')}`;
const address = (i: number): string => `198.51.${100 + (i % 100)}.${(i * 7) % 250}`;
const browser = `Mozilla/5.0 (X11; Linux x86_64; seize-${RUN}) Gecko/20100101 Firefox/128.0`;

const INSTRUMENT = `${instrumentHead(STUDY, 'Seized')}  - name: only
    title: { en: "Only" }
    items:
      - name: said
        type: text
        label: { en: "Anything to add?" }
        max_length: 60
`;

interface Harness {
  readonly storeUrl: string;
  readonly dir: string;
  /** Every file the store wrote that an attacker could copy, by name (the server's own state folder is added). */
  seizeStoreFiles(): Promise<Map<string, Buffer>>;
  /** Stored values as an attacker reads them: responses in physical order, coupons. */
  rows(): Promise<{ responses: { stored: string; physical: number; sealed: Buffer }[]; coupons: { stored: string; issuedTo: string | null; redeemedBy: string | null }[]; epoch: string }>;
  keyPath: string;
  walStart?: () => Promise<string>;
  /** PostgreSQL only: the WAL from the start of the run to now, and this database's relfilenodes prefix. */
  wal?: (start: string) => Promise<{ wal: ReturnType<typeof readWal>; end: number; start: number; dbOid: number }>;
  cleanup(): Promise<void>;
}

const hidden = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} in page`);
  return m[1]!;
};

async function respond(base: string, i: number, coupon: string): Promise<string[]> {
  const headers = { 'user-agent': browser, 'x-forwarded-for': address(i), 'x-real-ip': address(i), forwarded: `for=${address(i)}` };
  const post = async (path: string, fields: Record<string, string>): Promise<string> => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const html = await r.text();
    assert.equal(r.status, 200, html.slice(0, 300));
    return html;
  };
  const entry = await (await fetch(`${base}/s/${STUDY}`, { headers })).text();
  const page = await post(`/s/${STUDY}/start`, { token: hidden(entry, 'token'), coupon, nav: 'start' });
  const thanks = await post(`/s/${STUDY}/page`, { state: hidden(page, 'state'), nav: 'next', q_said: marker(i) });
  return [...thanks.matchAll(/<li class="coupon">([^<]+)<\/li>/g)].map((m) => m[1]!);
}

function run(label: string, skip: string | undefined, make: () => Promise<Harness>): void {
  describe(`seizure of a whole server: ${label}`, () => {
    test(`${N} marked responses with a stop and a restart: no marker, address or browser; no order; no WAL time on a current id`, { skip: skip ?? false }, async (t) => {
      const h = await make();
      const studyDir = join(h.dir, 'study');
      const stateDir = join(h.dir, 'state');
      mkdirSync(studyDir, { recursive: true });
      writeFileSync(join(studyDir, 'instrument.yaml'), INSTRUMENT);
      const key = await generateStudyKey({ kind: 'x25519' });
      writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
      const options = { studyDirs: [studyDir], store: h.storeUrl, host: '127.0.0.1', port: 0, stateDir, storeKey: h.keyPath, quiet: true };
      const walStart = h.walStart === undefined ? undefined : await h.walStart();
      try {
        const rng = xoshiro128ss(20240417);
        const seeds = Array.from({ length: 10 }, () => formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))));
        let server = (await startServer(options)) as RunningServer;
        const apiToken = randomBytes(32).toString('base64url');
        assert.ok((await server.store.addToken(STUDY, hashToken(apiToken), 'analyst')).ok);
        assert.ok((await server.store.issueSeedCoupons(STUDY, seeds.map(hashCouponCode))).ok);
        const open = [...seeds];
        for (let i = 0; i < N; i++) {
          if (i === N / 2) {
            await server.close(); // graceful stop: a final reshuffle
            server = (await startServer(options)) as RunningServer; // start: another
          }
          const coupon = open.splice(rng.nextInt(open.length), 1)[0]!;
          open.push(...(await respond(server.url, i, coupon)));
        }
        const counts = (await (await fetch(`${server.url}/api/v1/studies/${STUDY}/counts`, { headers: { authorization: `Bearer ${apiToken}` } })).json()) as { responsesTotal: number; reshuffle: { tail: number; overdue: boolean } };
        assert.equal(counts.responsesTotal, N);
        assert.equal(counts.reshuffle.overdue, false);
        await server.close(); // the final reshuffle

        // ——— the seizure ———
        // The WAL first: a checkpoint (below, for the heap files) may recycle segments.
        const walData = h.wal !== undefined && walStart !== undefined ? await h.wal(walStart) : undefined;
        const files = await h.seizeStoreFiles();
        for (const f of readdirSync(stateDir)) files.set(`state/${f}`, readFileSync(join(stateDir, f)));
        const rows = await h.rows();
        const seizedKey = keyFile(h.keyPath).keyFor(rows.epoch);
        assert.ok(seizedKey !== undefined, 'the seized key file holds the current key (a running or stopped server has it)');
        // The attacker with the key file and — for this test only — the study's private key maps rows to arrival.
        const opener = openerFor(key);
        const arrival = new Map<string, number>();
        for (const r of rows.responses) {
          const rid = seizedKey.revealId(r.stored);
          const sealed = seizedKey.unbox(STUDY, rid, r.sealed);
          assert.ok(sealed !== undefined);
          const opened = await opener.open(sealed, { study: STUDY });
          assert.ok(opened.ok);
          const said = opened.value.values['said'];
          const m = said?.kind === 'text' ? /-(\d{6})$/.exec(said.value) : null;
          assert.ok(m !== null);
          arrival.set(r.stored, Number(m[1]));
        }
        assert.equal(arrival.size, N);

        // 1. Nothing identifying in any byte: markers, the spoofed addresses, the browser string, dates and times.
        const everything = Buffer.concat([...files.values()]);
        const text = everything.toString('latin1');
        assert.equal((text.match(new RegExp(`PORTAS-MARK-${RUN}`, 'g')) ?? []).length, 0, 'a marker is readable');
        assert.equal(text.includes(`seize-${RUN}`), false, 'the browser string is stored');
        const addresses = Array.from({ length: N }, (_, i) => address(i)).filter((a) => text.includes(a));
        assert.deepEqual(addresses, [], 'an address is stored');
        for (const [name, bytes] of files) if (!name.startsWith(CATALOG)) assert.deepEqual(telltalesIn(bytes), [], `${name} holds identifying data`);

        // 2. No readable order follows arrival: physical order, stored ids, revealed ids, every file's id offsets.
        const order = rows.responses.map((r) => arrival.get(r.stored)!);
        const readings = new Map<string, { readonly rho: number; readonly n: number }>();
        const reading = (xs: number[], ys: number[]): { rho: number; n: number } => ({ rho: spearman(xs, ys), n: xs.length });
        readings.set('physical order of rows', reading(order, rows.responses.map((r) => r.physical)));
        readings.set('stored ids', reading(order, rows.responses.map((r) => parseInt(r.stored.slice(0, 12), 16))));
        readings.set('response ids (revealed with the key file)', reading(order, rows.responses.map((r) => parseInt(seizedKey.revealId(r.stored).slice(0, 12), 16))));
        const stored = rows.responses.map((r) => r.stored);
        for (const [name, bytes] of files) {
          const offsets = idOffsets(bytes, stored);
          const present = stored.filter((s) => (offsets.get(s) ?? []).length > 0);
          if (present.length < N / 2) continue;
          readings.set(`${name}: first place of each id`, reading(present.map((s) => arrival.get(s)!), present.map((s) => offsets.get(s)![0]!)));
          readings.set(`${name}: last place of each id`, reading(present.map((s) => arrival.get(s)!), present.map((s) => offsets.get(s)!.at(-1)!)));
        }

        // 3. PostgreSQL: the WAL holds every submission with its commit time — but no current id or coupon hash.
        let walLine = '';
        if (walData !== undefined) {
          const { wal, start, end, dbOid } = walData;
          // The shared cluster's WAL holds other databases too: this run's own strings are searched in its range.
          const walText = wal.bytes.subarray(start - wal.firstLsn, end - wal.firstLsn).toString('latin1');
          assert.equal(walText.includes(`PORTAS-MARK-${RUN}`), false, 'a marker is in the WAL');
          assert.equal(walText.includes(`seize-${RUN}`), false, 'the browser string is in the WAL');
          assert.deepEqual(Array.from({ length: N }, (_, i) => address(i)).filter((a) => walText.includes(a)), [], 'an address is in the WAL');
          const mine = wal.records.filter((r) => r.desc.includes(`/${dbOid}/`));
          const myXids = new Set(mine.map((r) => r.xid));
          const timed = [...myXids].filter((x) => wal.commits.has(x));
          // The control: the token row (never re-keyed) is found, in its own transaction, with a commit time.
          const tokenAt = occurrences(wal, hashToken(apiToken), start, end).map((l) => recordAt(wal, l)?.xid);
          assert.ok(tokenAt.length > 0 && tokenAt.every((x) => x !== undefined && wal.commits.has(x)), 'the WAL reader finds a clear value and its commit time');
          const where = new Map<number, number>(); // xid → current values found in its records
          const firstLsn = new Map<string, number>();
          const currentValues = [...stored, ...rows.coupons.map((c) => c.stored)];
          for (const v of currentValues) {
            for (const l of occurrences(wal, v, start, end)) {
              const xid = recordAt(wal, l)?.xid ?? -1;
              where.set(xid, (where.get(xid) ?? 0) + 1);
              if (!firstLsn.has(v)) firstLsn.set(v, l);
            }
          }
          const xids = [...where.keys()];
          assert.equal(xids.length, 1, `current values appear in ${xids.length} transactions of the WAL (${JSON.stringify([...where])})`);
          const finalXid = xids[0]!;
          assert.ok(wal.commits.has(finalXid), 'the one transaction holding current values committed');
          const epochAt = occurrences(wal, rows.epoch, start, end).map((l) => recordAt(wal, l)?.xid);
          assert.ok(epochAt.includes(finalXid), 'that transaction is the re-keying that switched to the current key');
          const inWal = stored.filter((s) => firstLsn.has(s));
          assert.equal(inWal.length, N, 'every current id is in the WAL — written by the final re-keying, at one time');
          readings.set('WAL order of the current rows', reading(inWal.map((s) => arrival.get(s)!), inWal.map((s) => firstLsn.get(s)!)));
          walLine = `; WAL: ${mine.length} records of this database in ${timed.length} timestamped transactions; current ids and coupon hashes (${currentValues.length}) found only in the final re-keying (xid ${finalXid}): 0 matchable to a submission's commit time`;
        }
        const line = `${label}: ${N} responses, ${files.size} files seized; worst |ρ| ${Math.max(...[...readings.values()].map((r) => Math.abs(r.rho))).toFixed(3)} over ${readings.size} readings (${[...readings].map(([k, v]) => `${k} ${v.rho.toFixed(3)}`).join('; ')})${walLine}`;
        t.diagnostic(line);
        console.log(line);
        for (const [name, { rho, n }] of readings) assert.ok(Math.abs(rho) < orderBound(n), `${name}: ρ = ${rho.toFixed(3)} over ${n}, bound ${orderBound(n).toFixed(3)}`);
      } finally {
        await h.cleanup();
      }
    });
  });
}

run('SQLite', undefined, () => {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'portas-seize-server-'));
  const path = join(dir, 'store.db');
  return Promise.resolve({
    storeUrl: `sqlite:${path}`,
    dir,
    keyPath: `${path}.key`,
    seizeStoreFiles: () => {
      const files = new Map<string, Buffer>();
      for (const f of readdirSync(dir)) if (statSync(join(dir, f)).isFile()) files.set(f, readFileSync(join(dir, f)));
      assert.equal(files.has('store.db-journal'), false, 'no journal is left after a stop');
      return Promise.resolve(files);
    },
    rows: () => {
      const db = new Database(path, { readonly: true });
      const bytes = readFileSync(path);
      const responses = (db.prepare('SELECT response_id, sealed FROM responses').all() as { response_id: string; sealed: Buffer }[]).map((r) => ({
        stored: r.response_id,
        physical: bytes.indexOf(Buffer.from(r.response_id, 'latin1')),
        sealed: r.sealed,
      }));
      const coupons = (db.prepare('SELECT coupon_hash, issued_to, redeemed_by FROM coupons').all() as { coupon_hash: string; issued_to: string | null; redeemed_by: string | null }[]).map((c) => ({
        stored: c.coupon_hash,
        issuedTo: c.issued_to,
        redeemedBy: c.redeemed_by,
      }));
      const epoch = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
      db.close();
      return Promise.resolve({ responses, coupons, epoch });
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

run('PostgreSQL', pgSkipReason(), async () => {
  const target: PgTarget = await pgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'portas-seize-server-'));
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  const dataDir = target.dataDirectory;
  assert.ok(dataDir !== undefined && existsSync(join(dataDir, 'pg_wal')), 'the seizure test reads the data directory (run as root or postgres)');
  return {
    storeUrl: target.url,
    dir,
    keyPath: defaultKeyFile(target.url, join(dir, 'state')),
    walStart: () => holdWal(admin),
    wal: async (start) => {
      const end = (await admin.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l;
      const dbOid = Number((await admin.query<{ oid: string }>('SELECT oid::text FROM pg_database WHERE datname = current_database()')).rows[0]!.oid);
      const wal = readWal(dataDir, start, end);
      const [s, e] = [start, end].map((l) => {
        const [hi = '0', lo = '0'] = l.split('/');
        return parseInt(hi, 16) * 2 ** 32 + parseInt(lo, 16);
      }) as [number, number];
      return { wal, start: s, end: e, dbOid };
    },
    seizeStoreFiles: async () => {
      await admin.query('CHECKPOINT'); // what a seizure finds on disk once the buffers are written
      const dbOid = (await admin.query<{ oid: string }>('SELECT oid::text FROM pg_database WHERE datname = current_database()')).rows[0]!.oid;
      // The store's own relations (tables, TOAST, indexes) by their file node; the rest of the database's folder holds
      // the system catalogs, whose binary fields can look like a number — they are searched for this run's strings only.
      const own = await admin.query<{ node: string }>(
        "SELECT c.relfilenode::text AS node FROM pg_class c WHERE c.relfilenode <> 0 AND (c.relnamespace = 'public'::regnamespace OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace) OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = 'public'::regnamespace OR t.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace)))",
      );
      const nodes = new Set(own.rows.map((r) => r.node));
      const files = new Map<string, Buffer>();
      const base = join(dataDir, 'base', dbOid);
      for (const f of readdirSync(base)) {
        if (!statSync(join(base, f)).isFile()) continue;
        const store = nodes.has(f.replace(/(_fsm|_vm|_init|\.\d+)$/, ''));
        files.set(`${store ? '' : CATALOG}base/${dbOid}/${f}`, readFileSync(join(base, f)));
      }
      assert.ok([...files.keys()].filter((k) => !k.startsWith(CATALOG)).length >= 6, 'the store relations are found');
      return files;
    },
    rows: async () => {
      const { rows } = await admin.query<{ response_id: string; ctid: string; sealed: Buffer }>('SELECT response_id, ctid::text, sealed FROM responses');
      const responses = rows.map((r) => {
        const [page, slot] = r.ctid.slice(1, -1).split(',').map(Number) as [number, number];
        return { stored: r.response_id, physical: page * 10_000 + slot, sealed: r.sealed };
      });
      const c = await admin.query<{ coupon_hash: string; issued_to: string | null; redeemed_by: string | null }>('SELECT coupon_hash, issued_to, redeemed_by FROM coupons');
      const coupons = c.rows.map((x) => ({ stored: x.coupon_hash, issuedTo: x.issued_to, redeemedBy: x.redeemed_by }));
      const epoch = (await admin.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]!.id;
      return { responses, coupons, epoch };
    },
    cleanup: async () => {
      await admin.end();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
