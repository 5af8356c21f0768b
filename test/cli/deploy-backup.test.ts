import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { backupScript } from '../../src/study/deploy-scripts.ts';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { requireTool } from '../export/tools.ts';
import { pgDatabase, pgSkipReason } from '../store/pg-env.ts';
import { hash, submission } from '../store/fixtures.ts';

const STUDY = 'russians-in-serbia';
const root = mkdtempSync(join(tmpdir(), 'portas-backup-'));

/** A researcher's backup key pair (age X25519): the recipients file goes to the server, the identity stays home. */
function backupKey(): { recipients: string; identity: string } {
  const identity = join(root, `identity-${String(Math.random()).slice(2)}.txt`);
  assert.equal(spawnSync('age-keygen', ['-o', identity]).status, 0);
  const pub = spawnSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).stdout;
  const recipients = `${identity}.pub`;
  writeFileSync(recipients, pub);
  return { recipients, identity };
}

/** 40 responses (20 recruited through coupons), so the copy has rows in every table. */
async function fill(store: Store): Promise<void> {
  const seeds = Array.from({ length: 20 }, hash);
  assert.ok((await store.issueSeedCoupons(STUDY, seeds)).ok);
  for (let i = 0; i < 40; i++) {
    const redeem = i < 20 ? { redeemCouponHash: seeds[i] ?? '' } : {};
    assert.deepEqual(await store.submit(STUDY, submission({ ...redeem, issueCouponHashes: [hash(), hash()] })), { ok: true, value: { kind: 'stored' } });
  }
  assert.ok((await store.addToken(STUDY, hash(), 'researcher')).ok);
}

/** Everything a researcher can read back: every sealed record and the recruitment tree, in a stable order. */
async function contents(url: string): Promise<unknown> {
  const opened = await openStore(url);
  assert.ok(opened.ok);
  const store = opened.value;
  const page = await store.pullSealed(STUDY, { limit: 1000 });
  assert.ok(page.ok);
  const tree = await store.recruitmentEdges(STUDY);
  assert.ok(tree.ok);
  const counts = await store.counts(STUDY);
  assert.ok(counts.ok);
  await store.close();
  const records = page.value.records.map((r) => ({ ...r, sealed: Buffer.from(r.sealed).toString('base64') }));
  return { records, counts: counts.value, seeds: [...tree.value.seeds].sort(), edges: tree.value.edges.map((e) => `${e.recruiter}>${e.recruit}`).sort() };
}

function runBackup(script: string, env: Record<string, string>): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('sh', [script], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const plan = (store: 'sqlite' | 'postgres') => ({ studies: [STUDY], store, appDir: '/opt/portas', node: '/usr/bin/node', user: 'portas', port: 8080 });

test('SQLite: portas-backup writes one age-encrypted copy named by ISO week, which restores to the same responses and tree', async (t) => {
  if (!requireTool(t, 'age', 'age') || !requireTool(t, 'sqlite3', 'sqlite3')) return;
  const db = join(root, 'store.sqlite');
  const opened = await openStore(`sqlite:${db}`);
  assert.ok(opened.ok);
  await fill(opened.value);
  await opened.value.close();
  const script = join(root, 'portas-backup-sqlite');
  writeFileSync(script, backupScript(plan('sqlite')));
  const dest = join(root, 'backups');
  const key = backupKey();
  const env = { PORTAS_STORE: `sqlite:${db}`, PORTAS_BACKUP_DIR: dest, PORTAS_BACKUP_RECIPIENTS: key.recipients, PORTAS_BACKUP_KEEP: '2' };

  const refused = runBackup(script, { ...env, PORTAS_BACKUP_RECIPIENTS: join(root, 'none.txt') });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /none\.txt is missing or empty: put the researchers' backup public keys/);

  mkdirSync(dest);
  for (const old of ['store-2020-W01.sqlite.age', 'store-2020-W02.sqlite.age', 'store-2020-W03.sqlite.age']) writeFileSync(join(dest, old), 'old');
  // The server holds the write lock when the backup starts: the backup waits for the commit instead of failing.
  const writer = new Database(db);
  writer.exec('BEGIN EXCLUSIVE');
  const backup = new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn('sh', [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (status) => { resolve({ status, stderr }); });
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  writer.exec('COMMIT');
  writer.close();
  const r = await backup;
  assert.equal(r.status, 0, r.stderr);
  const all = readdirSync(dest).sort();
  const files = all.filter((f) => f.endsWith('.sqlite.age'));
  assert.deepEqual(all.filter((f) => f.endsWith('.key.age')).length, 1, `this week's store has its key beside it: ${all.join(', ')}`);
  assert.equal(files.length, 2, `the newest two weeks are kept, no work folder is left: ${all.join(', ')}`);
  assert.equal(files[0], 'store-2020-W03.sqlite.age');
  assert.match(files[1] ?? '', /^store-\d{4}-W\d{2}\.sqlite\.age$/);
  const restored = join(root, 'restored.sqlite');
  const decrypted = spawnSync('age', ['-d', '-i', key.identity, '-o', restored, join(dest, files[1] ?? '')], { encoding: 'utf8' });
  assert.equal(decrypted.status, 0, decrypted.stderr);
  // The storage key travels beside the copy (without it the rows cannot be read back), encrypted the same way.
  const keyCopy = spawnSync('age', ['-d', '-i', key.identity, '-o', `${restored}.key`, join(dest, (files[1] ?? '').replace('.sqlite.age', '.key.age'))], { encoding: 'utf8' });
  assert.equal(keyCopy.status, 0, keyCopy.stderr);
  assert.deepEqual(await contents(`sqlite:${restored}`), await contents(`sqlite:${db}`));
});

test('PostgreSQL: portas-backup writes an age-encrypted SQL copy in key order, which restores to the same responses and tree', { skip: pgSkipReason() }, async (t) => {
  if (!requireTool(t, 'age', 'age') || !requireTool(t, 'pg_dump', 'postgresql-client')) return;
  const source = await pgDatabase();
  const target = await pgDatabase();
  try {
    const opened = await openStore(source.url);
    assert.ok(opened.ok);
    await fill(opened.value);
    await opened.value.close();
    const script = join(root, 'portas-backup-pg');
    writeFileSync(script, backupScript(plan('postgres')));
    const dest = join(root, 'pg-backups');
    const key = backupKey();
    const r = runBackup(script, { PORTAS_STORE: source.url, PORTAS_STORE_KEY: defaultKeyFile(source.url), PORTAS_BACKUP_DIR: dest, PORTAS_BACKUP_RECIPIENTS: key.recipients });
    assert.equal(r.status, 0, r.stderr);
    const [keyFile, file, ...rest] = readdirSync(dest).sort();
    assert.deepEqual(rest, []);
    assert.match(keyFile ?? '', /^store-\d{4}-W\d{2}\.key\.age$/);
    const keyCopy = spawnSync('age', ['-d', '-i', key.identity, '-o', defaultKeyFile(target.url), join(dest, keyFile ?? '')], { encoding: 'utf8' });
    assert.equal(keyCopy.status, 0, keyCopy.stderr);
    assert.match(file ?? '', /^store-\d{4}-W\d{2}\.sql\.age$/);
    const sql = spawnSync('age', ['-d', '-i', key.identity, join(dest, file ?? '')], { encoding: 'utf8' });
    assert.equal(sql.status, 0, sql.stderr);
    // The rows of each table come out sorted by the whole row: response ids ascending, whatever the arrival order.
    const ids = [...sql.stdout.matchAll(/^([a-z0-9_-]+)\t([0-9a-f]{32})\t/gm)].filter((m) => m[1] === STUDY).map((m) => m[2] ?? '');
    assert.equal(ids.length, 40, 'every response row in the copy');
    assert.deepEqual(ids, [...ids].sort(), 'rows in key order');
    const restore = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', target.url], { input: sql.stdout, encoding: 'utf8' });
    assert.equal(restore.status, 0, restore.stderr);
    assert.deepEqual(await contents(target.url), await contents(source.url));
  } finally {
    await source.drop();
    await target.drop();
  }
});
