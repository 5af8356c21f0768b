// Beyond one server (#22): three `portas serve` processes over one PostgreSQL database, 200 respondents whose every
// request goes to the next instance, one instance killed with SIGKILL mid-run. Every path continues elsewhere, every
// coupon is accepted once, no acknowledged response is lost or doubled, and a seizure afterwards finds no marker,
// address or browser, no order that follows arrival, and no current id or coupon hash with a WAL commit time.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { generateStudyKey, openerFor, recipientFileText } from '../../src/crypto/index.ts';
import { COUPON_RANDOM_BYTES, couponFromRandom, formatCoupon } from '../../src/sampling/coupon.ts';
import { hashCouponCode } from '../../src/store/hash.ts';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import type { SealedRecord, Store } from '../../src/store/store.ts';
import { orderBound, spearman } from '../store/forensics.ts';
import { pgDatabase, pgSkipReason } from '../store/pg-env.ts';
import { holdWal, occurrences, readWal, recordAt, lsnToNumber } from '../store/wal.ts';
import { respondent, Spreader, startInstance, stopInstance, twoPageInstrument, type Instance } from './instances.ts';

const STUDY = 'spread';
const N = 200;
const KILL_AFTER = 80;
const RACES = 10;
const CONCURRENCY = 12;
const RUN = randomBytes(4).toString('hex');
const marker = (i: number): string => `PORTAS-MARK-${RUN}-${String(i).padStart(6, '0')}`;
const address = (i: number): string => `203.0.${113 + (i % 3)}.${(i * 7) % 250}`;
const browser = `Mozilla/5.0 (X11; Linux x86_64; spread-${RUN}) Gecko/20100101 Firefox/128.0`;


async function pullAll(store: Store): Promise<SealedRecord[]> {
  const out: SealedRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.pullSealed(STUDY, after === undefined ? { limit: 1000 } : { after, limit: 1000 });
    assert.ok(page.ok);
    out.push(...page.value.records);
    if (page.value.next === undefined) return out;
    after = page.value.next;
  }
}

const skip = pgSkipReason() ?? false;

test(`three instances over one PostgreSQL, ${String(N)} respondents spread over them, one killed with SIGKILL: nothing lost, each coupon once, seizure finds nothing`, { skip }, async (t) => {
  const target = await pgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'portas-instances-'));
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  const instances: Instance[] = [];
  try {
    const studyDir = join(dir, 'study');
    const stateDir = join(dir, 'state'); // one state folder: the instances share the storage key file (docs/deploy.md)
    mkdirSync(studyDir);
    writeFileSync(join(studyDir, 'instrument.yaml'), twoPageInstrument(STUDY));
    const key = await generateStudyKey({ kind: 'x25519' });
    writeFileSync(join(studyDir, 'study.pub'), recipientFileText(key, STUDY));
    const lsn = async (): Promise<string> => (await admin.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]?.l ?? '0/0';
    const walStart = await holdWal(admin);
    // Started together, as a deployment's units would be: migrations, the first re-keying and the first form key are
    // each decided by whichever instance comes first (advisory lock, first writer wins).
    const phases: string[] = [];
    let phase = performance.now();
    const lap = (name: string): void => {
      phases.push(`${name} ${((performance.now() - phase) / 1000).toFixed(1)} s`);
      phase = performance.now();
    };
    instances.push(...(await Promise.all([0, 1, 2].map(() => startInstance(studyDir, target.url, stateDir)))));
    lap('start');
    const opened = await openStore(target.url, { keyFile: defaultKeyFile(target.url, stateDir) });
    assert.ok(opened.ok);
    const store = opened.value;
    const seeds = Array.from({ length: 30 }, () => formatCoupon(couponFromRandom(randomBytes(COUPON_RANDOM_BYTES))));
    assert.ok((await store.issueSeedCoupons(STUDY, seeds.map(hashCouponCode))).ok);

    // ——— the run: workers take codes from a shared pool; every 20th respondent races a twin on the same code ———
    const spread = new Spreader(instances.map((i) => i.url), (url) => instances.some((i) => i.url === url && i.child.exitCode === null && i.child.signalCode === null));
    const open = [...seeds];
    const used: string[] = [];
    const acknowledged: string[] = [];
    let started = 0;
    let moved = 0;
    let killed: Instance | undefined;
    const one = async (i: number, coupon: string): Promise<void> => {
      const headers = { 'user-agent': browser, 'x-forwarded-for': address(i), forwarded: `for=${address(i)}` };
      const done = await respondent(spread, STUDY, coupon, marker(i), headers);
      acknowledged.push(marker(i));
      if (done.instances.size > 1) moved += 1;
      open.push(...done.codes);
      if (acknowledged.length === KILL_AFTER && killed === undefined) {
        killed = instances[1];
        killed?.child.kill('SIGKILL');
      }
    };
    const worker = async (): Promise<void> => {
      while (started < N) {
        const coupon = open.shift();
        if (coupon === undefined) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        const i = started++;
        used.push(coupon);
        if (i % (N / RACES) === 0 && started < N) {
          const twin = started++;
          await Promise.all([one(i, coupon), one(twin, coupon)]);
        } else {
          await one(i, coupon);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker)).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : 'failed'}; instances said: ${instances.map((i) => `[${String(i.child.exitCode ?? i.child.signalCode)}] ${i.stderr()}`).join(' | ')}`);
    });
    lap('respondents');
    assert.ok(killed !== undefined && killed.child.signalCode === 'SIGKILL', 'one instance was killed mid-run');
    assert.equal(acknowledged.length, N, 'every respondent reached the thank-you page');
    assert.ok(moved > N / 2, `paths moved between instances (${String(moved)})`);
    assert.ok(spread.dead.has(killed.url), 'the killed instance was taken out of the rotation');

    // ——— what is stored: every acknowledged response exactly once; every used coupon accepted exactly once ———
    const survivors = instances.filter((i) => i !== killed);
    assert.deepEqual(await Promise.all(survivors.map(stopInstance)), survivors.map(() => 0), 'a graceful stop, with its final reshuffle (one re-keys, the other skips)');
    lap('stop');
    const records = await pullAll(store);
    const opener = openerFor(key);
    const markers: string[] = [];
    for (const r of records) {
      const o = await opener.open(r.sealed, { study: STUDY });
      assert.ok(o.ok);
      const said = o.value.values['said'];
      markers.push(said?.kind === 'text' ? said.value : '');
    }
    assert.equal(records.length, N, 'no acknowledged response lost, none stored twice');
    assert.deepEqual([...markers].sort(), [...acknowledged].sort());
    const counts = await store.counts(STUDY);
    assert.ok(counts.ok);
    assert.equal(counts.value.couponsRedeemed, new Set(used).size, 'each coupon used is accepted exactly once (a racing twin is kept unlinked)');
    const tree = await store.recruitmentEdges(STUDY);
    assert.ok(tree.ok);
    assert.equal(tree.value.seeds.length + tree.value.edges.length, counts.value.couponsRedeemed);
    await store.close();

    // ——— the seizure: the database's files and this run's WAL ———
    const walEnd = await lsn();
    const dataDir = target.dataDirectory;
    assert.ok(dataDir !== undefined && existsSync(join(dataDir, 'pg_wal')), 'the test reads the data directory (run as root or postgres)');
    await admin.query('CHECKPOINT');
    const dbOid = (await admin.query<{ oid: string }>('SELECT oid::text FROM pg_database WHERE datname = current_database()')).rows[0]?.oid ?? '';
    const base = join(dataDir, 'base', dbOid);
    const files = [...readdirSync(base).filter((f) => statSync(join(base, f)).isFile()).map((f) => readFileSync(join(base, f))), ...readdirSync(stateDir).map((f) => readFileSync(join(stateDir, f)))];
    const text = Buffer.concat(files).toString('latin1');
    assert.equal(text.includes(`PORTAS-MARK-${RUN}`), false, 'a marker is readable');
    assert.equal(text.includes(`spread-${RUN}`), false, 'the browser string is stored');
    assert.deepEqual(Array.from({ length: N }, (_, i) => address(i)).filter((a) => text.includes(a)), [], 'an address is stored');
    const rows = (await admin.query<{ response_id: string; ctid: string }>('SELECT response_id, ctid::text FROM responses')).rows;
    const coupons = (await admin.query<{ coupon_hash: string }>('SELECT coupon_hash FROM coupons')).rows.map((r) => r.coupon_hash);
    const epoch = (await admin.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '';
    // The arrival order of each stored row, through the key file and the study key (this test holds both).
    const storageKey = (await import('../../src/store/key-file.ts')).keyFile(defaultKeyFile(target.url, stateDir)).keyFor(epoch);
    assert.ok(storageKey !== undefined);
    const arrivalOf = new Map(records.map((r, i) => [storageKey.hideId(r.responseId), acknowledged.indexOf(markers[i] ?? '')]));
    const arrival = rows.map((r) => arrivalOf.get(r.response_id) ?? -1);
    const physical = rows.map((r) => {
      const [page = 0, slot = 0] = r.ctid.slice(1, -1).split(',').map(Number);
      return page * 10_000 + slot;
    });
    // 200 rows: where no order is left, ρ is about N(0, 0.071); orderBound is 4.5 of those standard deviations.
    const rhoPhysical = spearman(arrival, physical);
    const rhoStored = spearman(arrival, rows.map((r) => parseInt(r.response_id.slice(0, 12), 16)));
    const bound = orderBound(arrival.length);
    assert.ok(Math.abs(rhoPhysical) < bound && Math.abs(rhoStored) < bound, `order follows arrival: ρ ${rhoPhysical.toFixed(3)}, ${rhoStored.toFixed(3)} (bound ${bound.toFixed(3)})`);
    const wal = readWal(dataDir, walStart, walEnd);
    const [from, to] = [lsnToNumber(walStart), lsnToNumber(walEnd)];
    const walText = wal.bytes.subarray(from - wal.firstLsn, to - wal.firstLsn).toString('latin1');
    assert.equal(walText.includes(`PORTAS-MARK-${RUN}`) || walText.includes(`spread-${RUN}`), false, 'a marker or the browser is in the WAL');
    const xids = new Set<number>();
    for (const v of [...rows.map((r) => r.response_id), ...coupons]) for (const l of occurrences(wal, v, from, to)) xids.add(recordAt(wal, l)?.xid ?? -1);
    assert.equal(xids.size, 1, `current ids and coupon hashes appear in ${String(xids.size)} WAL transactions, not only the last re-keying`);
    lap('seizure');
    const line = `${phases.join(', ')}; ${String(N)} respondents over 3 instances (one SIGKILLed after ${String(KILL_AFTER)}): ${String(moved)} paths crossed instances, ${String(spread.retried)} request(s) re-sent elsewhere (${[...spread.errors].map(([k, v]) => `${k} ×${String(v)}`).join(', ')}), ${String(records.length)} stored, ${String(counts.value.couponsRedeemed)} coupons accepted once each; ρ(arrival, physical) ${rhoPhysical.toFixed(3)}, ρ(arrival, stored id) ${rhoStored.toFixed(3)}; current values in 1 WAL transaction`;
    t.diagnostic(line);
    console.log(line);
  } finally {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await admin.end();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
