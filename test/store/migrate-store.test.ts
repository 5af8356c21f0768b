// `portas migrate-store` on a real SQLite file and a real PostgreSQL database, both ways: nothing lost, nothing
// duplicated, coupons and tokens still work, the target's storage order unlinkable to the source's, the source untouched.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { main } from '../../src/cli/main.ts';
import { keyFile } from '../../src/store/key-file.ts';
import { migrateStore } from '../../src/store/migrate.ts';
import { defaultKeyFile, openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { orderBound, spearman } from './forensics.ts';
import { checkBehaviour, fingerprint, populate, snapshot, type Population } from './migrate-store-fixture.ts';
import { pgDatabase, pgSkipReason, type PgTarget } from './pg-env.ts';

const skip = pgSkipReason() ?? false;
const N = 1200;
const dir = mkdtempSync(join(tmpdir(), 'portas-migrate-'));
const sourcePath = join(dir, 'source.db');
const stateDir = join(dir, 'state');
let target: PgTarget | undefined;
let population: Population;
let expected: unknown;

async function opened(url: string, key: string): Promise<Store> {
  const s = await openStore(url, { keyFile: key });
  assert.ok(s.ok, s.ok ? '' : s.error.message);
  return s.value;
}

before(async () => {
  if (skip !== false) return;
  target = await pgDatabase();
  const store = await opened(`sqlite:${sourcePath}`, `${sourcePath}.key`);
  population = await populate(store, N);
  expected = await snapshot(store);
  await store.close();
});

after(async () => {
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Stored response ids of study alpha in the order the storage holds them, turned back into response ids. */
function sqliteOrder(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const epoch = db.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
    const key = keyFile(`${path}.key`).keyFor(epoch);
    assert.ok(key !== undefined);
    return (db.prepare("SELECT response_id FROM responses WHERE study = 'alpha'").pluck().all() as string[]).map((s) => key.revealId(s));
  } finally {
    db.close();
  }
}

async function postgresOrder(url: string): Promise<{ ids: string[]; stored: string[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const epoch = (await c.query<{ id: string }>('SELECT id FROM storage_epoch')).rows[0]?.id ?? '';
    const key = keyFile(defaultKeyFile(url, stateDir)).keyFor(epoch);
    assert.ok(key !== undefined);
    const stored = (await c.query<{ response_id: string }>("SELECT response_id FROM responses WHERE study = 'alpha' ORDER BY ctid")).rows.map((r) => r.response_id);
    return { ids: stored.map((s) => key.revealId(s)), stored };
  } finally {
    await c.end();
  }
}

/** Spearman's ρ between the positions the same responses hold in two orders. */
function orderCorrelation(a: readonly string[], b: readonly string[]): number {
  const at = new Map(b.map((id, i) => [id, i]));
  return spearman(a.map((_, i) => i), a.map((id) => at.get(id) ?? Number.NaN));
}

test('SQLite → PostgreSQL: every response, coupon and token arrives once, under a new key, in an unlinkable order', { skip }, async (t) => {
  const url = target?.url ?? '';
  const before = fingerprint(sourcePath, `${sourcePath}.key`);
  const moved = await migrateStore({ source: `sqlite:${sourcePath}`, target: url, stateDir });
  assert.ok(moved.ok, moved.ok ? '' : moved.error.message);
  assert.equal(moved.value.responses, N + 50);
  assert.deepEqual(moved.value.studies.map((s) => [s.study, s.responses, s.tokens]), [['alpha', N, 2], ['beta', 50, 1]]);
  assert.deepEqual(fingerprint(sourcePath, `${sourcePath}.key`), before, 'the source file and its key file are byte for byte unchanged');

  const sourceOrder = sqliteOrder(sourcePath);
  const { ids: targetOrder, stored } = await postgresOrder(url);
  assert.equal(new Set(targetOrder).size, N, 'no response twice');
  assert.deepEqual([...targetOrder].sort(), [...population.arrival].sort());
  const raw = new Database(sourcePath, { readonly: true });
  const sourceStored = new Set(raw.prepare('SELECT response_id FROM responses').pluck().all() as string[]);
  raw.close();
  assert.equal(stored.filter((s) => sourceStored.has(s)).length, 0, 'no stored id of the source appears in the target');
  const rhoSource = orderCorrelation(sourceOrder, targetOrder);
  const rhoArrival = orderCorrelation(population.arrival, targetOrder);
  t.diagnostic(`ρ(source storage order, target ctid order) = ${rhoSource.toFixed(3)}, ρ(arrival, target ctid order) = ${rhoArrival.toFixed(3)} over ${String(N)} responses`);
  assert.ok(Math.abs(rhoSource) < orderBound(N) && Math.abs(rhoArrival) < orderBound(N), `ρ(source order, target order) = ${rhoSource}, ρ(arrival, target order) = ${rhoArrival}`);
  const keys = (path: string): unknown => (JSON.parse(readFileSync(path, 'utf8')) as { keys: unknown }).keys;
  const targetKeys = keys(moved.value.targetKeyFile) as { id: string }[];
  assert.equal(targetKeys.length, 1, 'the target key file keeps only the key in use');
  assert.notDeepEqual(targetKeys, keys(`${sourcePath}.key`));

  const store = await opened(url, moved.value.targetKeyFile);
  try {
    assert.deepEqual(await snapshot(store), expected);
    await checkBehaviour(store, population);
  } finally {
    await store.close();
  }
});

test('a non-empty target is refused unless --replace; then it holds the source exactly (CLI)', { skip }, async () => {
  const url = target?.url ?? '';
  const refused = await migrateStore({ source: `sqlite:${sourcePath}`, target: url, stateDir });
  assert.equal(refused.ok ? 'ok' : refused.error.kind, 'not-empty');
  const quiet = console.log;
  console.log = () => undefined;
  try {
    assert.equal(await main(['migrate-store', `sqlite:${sourcePath}`, url, '--replace', '--state-dir', stateDir]), 0);
  } finally {
    console.log = quiet;
  }
  const store = await opened(url, defaultKeyFile(url, stateDir));
  try {
    assert.deepEqual(await snapshot(store), expected, 'the responses stored after the first migration are gone, the source is there once');
  } finally {
    await store.close();
  }
});

test('PostgreSQL → SQLite: the way back loses and doubles nothing, and the order is new again', { skip }, async (t) => {
  const url = target?.url ?? '';
  const back = join(dir, 'back.db');
  const moved = await migrateStore({ source: url, target: `sqlite:${back}`, stateDir });
  assert.ok(moved.ok, moved.ok ? '' : moved.error.message);
  assert.equal(moved.value.targetKeyFile, `${back}.key`);
  const rho = orderCorrelation((await postgresOrder(url)).ids, sqliteOrder(back));
  t.diagnostic(`ρ(PostgreSQL ctid order, SQLite B-tree order) = ${rho.toFixed(3)}`);
  assert.ok(Math.abs(rho) < orderBound(N), `ρ(source order, target order) = ${rho}`);
  const store = await opened(`sqlite:${back}`, `${back}.key`);
  try {
    assert.deepEqual(await snapshot(store), expected);
    await checkBehaviour(store, population);
  } finally {
    await store.close();
  }
});

test('an unreachable or wrong target is a clear error and leaves the source untouched', { skip }, async () => {
  const before = fingerprint(sourcePath, `${sourcePath}.key`);
  const unreachable = await migrateStore({ source: `sqlite:${sourcePath}`, target: 'postgres://postgres:secret@127.0.0.1:1/nowhere', stateDir });
  assert.ok(!unreachable.ok);
  assert.equal(unreachable.error.kind, 'target');
  assert.match(unreachable.error.message, /127\.0\.0\.1:1/);
  assert.doesNotMatch(unreachable.error.message, /secret/, 'the password is never printed');
  const quiet = console.error;
  let said = '';
  console.error = (line: string) => { said += line; };
  try {
    assert.equal(await main(['migrate-store', `sqlite:${sourcePath}`, 'postgres://postgres@127.0.0.1:1/nowhere', '--state-dir', stateDir]), 1);
  } finally {
    console.error = quiet;
  }
  assert.match(said, /^portas migrate-store: postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere: .*\nThe source was not changed\.$/s);
  const notAStore = join(dir, 'not-a-store.db');
  writeFileSync(notAStore, 'this is not a database, it is a text file that happens to be long enough to have a header');
  const wrong = await migrateStore({ source: `sqlite:${sourcePath}`, target: `sqlite:${notAStore}` });
  assert.equal(wrong.ok ? 'ok' : wrong.error.kind, 'target');
  const noSource = await migrateStore({ source: `sqlite:${notAStore}`, target: `sqlite:${join(dir, 'never.db')}` });
  assert.equal(noSource.ok ? 'ok' : noSource.error.kind, 'source');
  const noKey = await migrateStore({ source: `sqlite:${sourcePath}`, sourceKeyFile: join(dir, 'no.key'), target: `sqlite:${join(dir, 'never.db')}` });
  assert.match(noKey.ok ? 'ok' : noKey.error.message, /does not hold this store's storage key/);
  const same = await migrateStore({ source: `sqlite:${sourcePath}`, target: `sqlite:${join(dir, '.', 'source.db')}` });
  assert.equal(same.ok ? 'ok' : same.error.kind, 'same-store');
  assert.deepEqual(fingerprint(sourcePath, `${sourcePath}.key`), before);
});

test('a failure half-way commits nothing: the target stays empty on its old key, and a second run succeeds', { skip }, async () => {
  const damaged = join(dir, 'damaged.db');
  copyFileSync(sourcePath, damaged);
  copyFileSync(`${sourcePath}.key`, `${damaged}.key`);
  const db = new Database(damaged);
  db.prepare("UPDATE responses SET sealed = zeroblob(64) WHERE study = 'alpha' AND response_id = (SELECT response_id FROM responses WHERE study = 'alpha' ORDER BY response_id LIMIT 1 OFFSET 900)").run();
  db.close();
  const into = join(dir, 'into.db');
  const failed = await migrateStore({ source: `sqlite:${damaged}`, target: `sqlite:${into}` });
  assert.ok(!failed.ok);
  assert.equal(failed.error.kind, 'source');
  assert.match(failed.error.message, /does not open with the source's storage key/);
  const left = new Database(into, { readonly: true });
  const rows = left.prepare('SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM coupons) + (SELECT count(*) FROM tokens)').pluck().get();
  const epoch = left.prepare('SELECT id FROM storage_epoch').pluck().get() as string;
  left.close();
  assert.equal(rows, 0, 'nothing of the half-done copy was committed');
  assert.deepEqual((JSON.parse(readFileSync(`${into}.key`, 'utf8')) as { keys: { id: string }[] }).keys.map((k) => k.id), [epoch], 'the staged key is gone again');
  const again = await migrateStore({ source: `sqlite:${sourcePath}`, target: `sqlite:${into}` });
  assert.ok(again.ok, again.ok ? '' : again.error.message);
  assert.equal(again.value.responses, N + 50);
});
