// Moves every study's sealed responses, coupons and researcher tokens from one store to another (SQLite ↔ PostgreSQL),
// with the service stopped: the target is written in one transaction under a fresh storage key of its own, rows in
// that key's order, and committed only when its content digest equals the source's. The source is only read.

import { resolve } from 'node:path';
import { err, ok, type Result } from '../core/result.ts';
import { contentDigest, digestDifference, DigestBuilder, UnreadableRow, type ContentDigest } from './migrate-digest.ts';
import { postgresTables, redactUrl } from './migrate-postgres.ts';
import { sqliteTables } from './migrate-sqlite.ts';
import { batches, COUPON_BATCH, RESPONSE_BATCH, type StoreTables, type StoredCoupon, type StoredResponse } from './migrate-tables.ts';
import { keyFile, KeyFileDamaged } from './key-file.ts';
import { defaultKeyFile, openStore } from './open.ts';
import type { StorageKey } from './storage-key.ts';

export interface MigrateOptions {
  readonly source: string;
  readonly target: string;
  /** Default: beside a SQLite file, or in `stateDir` for PostgreSQL (as `portas serve` finds it). */
  readonly sourceKeyFile?: string;
  readonly targetKeyFile?: string;
  readonly stateDir?: string;
  /** Empty a target that already holds rows instead of refusing. */
  readonly replace?: boolean;
}

export interface MigrateError {
  readonly kind: 'bad-url' | 'same-store' | 'source' | 'target' | 'not-empty' | 'schema' | 'verify';
  readonly message: string;
}

export interface MigrateReport extends ContentDigest {
  readonly targetKeyFile: string;
}

/** The store schema versions whose responses, coupons, tokens and storage_epoch tables have the columns moved here. */
const FIRST_MOVABLE_SCHEMA = 2;

const fail = (kind: MigrateError['kind'], message: string): Result<never, MigrateError> => err({ kind, message });
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const isSqlite = (url: string): boolean => url.startsWith('sqlite:');
const isPostgres = (url: string): boolean => url.startsWith('postgres://') || url.startsWith('postgresql://');
const sqlitePath = (url: string): string => url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');

function tablesOf(url: string, role: 'source' | 'target'): Promise<StoreTables> {
  return isSqlite(url) ? Promise.resolve(sqliteTables(sqlitePath(url), role)) : postgresTables(url, role);
}

function sameStore(a: string, b: string): boolean {
  if (isSqlite(a) && isSqlite(b)) return resolve(sqlitePath(a)) === resolve(sqlitePath(b));
  return a === b;
}

/** The key a store's rows are keyed under now, from its key file; undefined when the file does not hold it. */
function currentKey(path: string, epoch: string): StorageKey | undefined {
  return keyFile(path).keyFor(epoch);
}

/** Copies every row from `source` (keyed under `from`) into `target` under `to`, in `to`'s order; digests the source as it reads. */
async function copyRows(source: StoreTables, from: StorageKey, target: StoreTables, to: StorageKey): Promise<ContentDigest> {
  const seen = new DigestBuilder();
  const byStudyThenKey = (a: { study: string; key: string }, b: { study: string; key: string }): number => (a.study === b.study ? (a.key < b.key ? -1 : 1) : a.study < b.study ? -1 : 1);
  // Responses: the plan (source key → target key) is small; sealed bytes go through memory a batch at a time.
  const plan = (await source.responseKeys()).map((k) => {
    const rid = from.revealId(k.storedId);
    return { study: k.study, storedId: k.storedId, rid, key: to.hideId(rid) };
  });
  plan.sort(byStudyThenKey);
  for (const chunk of batches(plan, RESPONSE_BATCH)) {
    const rows = new Map((await source.responses(chunk)).map((r) => [`${r.study}/${r.storedId}`, r]));
    const next: StoredResponse[] = chunk.map((p) => {
      const r = rows.get(`${p.study}/${p.storedId}`);
      const sealed = r === undefined ? undefined : from.unbox(p.study, p.rid, r.boxed);
      if (r === undefined || sealed === undefined) throw new UnreadableRow(`${source.label}: a response of study ${p.study} does not open with the source's storage key`);
      seen.response(p.study, p.rid, r.period, r.status, sealed);
      return { study: p.study, storedId: p.key, period: r.period, status: r.status, boxed: to.box(p.study, p.rid, sealed) };
    });
    await target.insertResponses(next);
  }
  const rekeyId = (stored: string | null): string | null => (stored === null ? null : to.hideId(from.revealId(stored)));
  const coupons = (await source.coupons()).map((c) => {
    const hash = from.revealCoupon(c.storedHash);
    seen.coupon(c.study, hash, c.issuedTo === null ? null : from.revealId(c.issuedTo), c.state, c.expiry, c.redeemedBy === null ? null : from.revealId(c.redeemedBy));
    const row: StoredCoupon = { study: c.study, storedHash: to.hideCoupon(hash), issuedTo: rekeyId(c.issuedTo), state: c.state, expiry: c.expiry, redeemedBy: rekeyId(c.redeemedBy) };
    return { ...row, key: row.storedHash };
  });
  coupons.sort(byStudyThenKey);
  for (const chunk of batches(coupons, COUPON_BATCH)) await target.insertCoupons(chunk);
  const tokens = (await source.tokens()).map((t) => ({ ...t, key: t.tokenHash }));
  for (const t of tokens) seen.token(t.study, t.tokenHash, t.label);
  tokens.sort(byStudyThenKey);
  for (const chunk of batches(tokens, COUPON_BATCH)) await target.insertTokens(chunk);
  return seen.finish();
}

/** Creates (or migrates) the target's schema and key file the way `portas serve` would, then lets it go. */
async function prepareTarget(url: string, keyPath: string): Promise<Result<void, MigrateError>> {
  const opened = await openStore(url, { keyFile: keyPath });
  if (!opened.ok) return fail('target', `${isPostgres(url) ? redactUrl(url) : url}: ${opened.error.message}`);
  await opened.value.close();
  return ok(undefined);
}

/** Moves everything; on any failure the target is left as it was (rolled back) and the source was never written. */
export async function migrateStore(o: MigrateOptions): Promise<Result<MigrateReport, MigrateError>> {
  for (const url of [o.source, o.target]) {
    if (!isSqlite(url) && !isPostgres(url)) return fail('bad-url', `${url}: a store URL starts with 'sqlite:' or 'postgres://'`);
  }
  if (sameStore(o.source, o.target)) return fail('same-store', 'the source and the target are the same store');
  const sourceKeyPath = o.sourceKeyFile ?? defaultKeyFile(o.source, o.stateDir);
  const targetKeyPath = o.targetKeyFile ?? defaultKeyFile(o.target, o.stateDir);
  if (resolve(sourceKeyPath) === resolve(targetKeyPath)) return fail('same-store', `the source and the target would share the key file ${sourceKeyPath}: give the target its own (--target-key-file)`);

  let source: StoreTables;
  try {
    source = await tablesOf(o.source, 'source');
  } catch (e) {
    return fail('source', `${isPostgres(o.source) ? redactUrl(o.source) : o.source}: cannot be read: ${why(e)}`);
  }
  try {
    let version: number;
    let from: StorageKey | undefined;
    try {
      version = await source.schemaVersion();
      if (version < FIRST_MOVABLE_SCHEMA) return fail('schema', `${source.label} has schema version ${String(version)}: open it once with this portas ('portas serve' migrates it), then move it`);
      from = currentKey(sourceKeyPath, await source.epoch());
    } catch (e) {
      return fail('source', `${source.label}: not a portas store, or unreadable: ${why(e)}`);
    }
    if (from === undefined) return fail('source', `${source.label}: the key file ${sourceKeyPath} does not hold this store's storage key (give it with --source-key-file)`);
    const prepared = await prepareTarget(o.target, targetKeyPath);
    if (!prepared.ok) return prepared;
    return await intoTarget(o, source, from, version, targetKeyPath);
  } catch (e) {
    if (e instanceof UnreadableRow || e instanceof KeyFileDamaged) return fail('source', e.message);
    return fail('target', `${isPostgres(o.target) ? redactUrl(o.target) : o.target}: ${why(e)}`);
  } finally {
    await source.close();
  }
}

async function intoTarget(o: MigrateOptions, source: StoreTables, from: StorageKey, sourceVersion: number, targetKeyPath: string): Promise<Result<MigrateReport, MigrateError>> {
  const target = await tablesOf(o.target, 'target');
  const keys = keyFile(targetKeyPath);
  let before: string | undefined;
  let committed = false;
  try {
    const targetVersion = await target.schemaVersion();
    if (sourceVersion > targetVersion) {
      return fail('schema', `the source has schema version ${sourceVersion}, the target ${targetVersion}: open the source once with this portas ('portas serve' migrates it), or upgrade portas`);
    }
    const present = await target.counts();
    if (present.responses + present.coupons + present.tokens > 0) {
      if (o.replace !== true) return fail('not-empty', `${target.label} already holds ${present.responses} responses, ${present.coupons} coupons and ${present.tokens} tokens: refusing to mix stores (--replace empties it first)`);
      await target.wipe();
    }
    before = await target.epoch();
    // A fresh key for the target, durably in its key file before the commit that switches to it.
    const fresh = keys.stage();
    const copied = await copyRows(source, from, target, fresh);
    await target.setEpoch(fresh.id);
    const counted = await source.counts();
    if (counted.responses !== copied.responses || counted.coupons !== copied.coupons || counted.tokens !== copied.tokens) {
      return fail('verify', `the source changed while it was read (${counted.responses} responses counted, ${copied.responses} read): stop the service and run again`);
    }
    const written = await contentDigest(target, fresh);
    const difference = digestDifference(copied, written);
    if (difference !== undefined) return fail('verify', `the target does not hold what the source does (${difference}): nothing was committed`);
    await target.commit();
    committed = true;
    keys.keepOnly(fresh.id);
    return await verifyCommitted(o.target, targetKeyPath, copied);
  } finally {
    await target.close();
    // A failed run leaves the target on its old key: the staged one goes.
    if (!committed && before !== undefined) keys.keepOnly(before);
  }
}

/** Reads the committed target afresh, with its key file as `portas serve` will read it, and compares once more. */
async function verifyCommitted(url: string, keyPath: string, expected: ContentDigest): Promise<Result<MigrateReport, MigrateError>> {
  const again = await tablesOf(url, 'source');
  try {
    const key = currentKey(keyPath, await again.epoch());
    if (key === undefined) return fail('verify', `committed, but the key file ${keyPath} does not hold the target's key: the source is untouched; run again with --replace`);
    const found = await contentDigest(again, key);
    const difference = digestDifference(expected, found);
    if (difference !== undefined) return fail('verify', `committed, but reading the target back differs (${difference}): the source is untouched; run again with --replace`);
    return ok({ ...found, targetKeyFile: keyPath });
  } finally {
    await again.close();
  }
}
