// The storage key file: the current epoch's key, kept outside the database (a key inside it would be copied into
// PostgreSQL's WAL with every change, and the old WAL could then be read). Written atomically with fsync, mode 0600.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CLEAR_EPOCH, clearKey, newStorageSecret, storageKey, type StorageKey } from './storage-key.ts';

export interface KeyFile {
  readonly path: string;
  /** The key of epoch `id`; reads the file again when `id` is new here (another process may have re-keyed). */
  keyFor(id: string): StorageKey | undefined;
  /** Adds a fresh key to the file, durably, before the database switches to it. */
  stage(): StorageKey;
  /** Keeps only the key of `currentId`, durably: the others are forgotten. */
  keepOnly(currentId: string): void;
  /** The secret of epoch `id` as the file holds it (for a worker thread of this process to build the same key). */
  secretOf(id: string): Uint8Array | undefined;
}

interface Entry {
  readonly id: string;
  readonly secret: Uint8Array;
}

/** Why a key file cannot be used: named with its path, never with key material. */
export class KeyFileDamaged extends Error {}

function parse(path: string, text: string): Entry[] {
  try {
    const raw = JSON.parse(text) as { v?: unknown; keys?: unknown };
    if (raw.v !== 1 || !Array.isArray(raw.keys)) throw new Error('shape');
    return raw.keys.map((k: { id?: unknown; secret?: unknown }) => {
      if (typeof k.id !== 'string' || !/^[0-9a-f]{32}$/.test(k.id) || typeof k.secret !== 'string') throw new Error('entry');
      const secret = new Uint8Array(Buffer.from(k.secret, 'base64'));
      if (secret.length !== 32) throw new Error('secret');
      return { id: k.id, secret };
    });
  } catch {
    throw new KeyFileDamaged(`${path}: the storage key file is damaged (not the JSON portas writes)`);
  }
}

function read(path: string): Entry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return parse(path, text);
}

/** Replaces `path` with `text` so that a crash leaves either the old or the new file, never a torn one. */
export function writeFileDurably(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * The key file at `path`. Changes happen while the caller holds the database's write lock (SQLite) or the epoch row
 * (PostgreSQL), so two processes never rewrite it at once.
 */
export function keyFile(path: string): KeyFile {
  let entries = read(path);
  const save = (): void => {
    writeFileDurably(path, JSON.stringify({ v: 1, keys: entries.map((e) => ({ id: e.id, secret: Buffer.from(e.secret).toString('base64') })) }));
  };
  const find = (id: string): StorageKey | undefined => {
    const e = entries.find((x) => x.id === id);
    return e === undefined ? undefined : storageKey(e.id, e.secret);
  };
  return {
    path,
    keyFor(id) {
      if (id === CLEAR_EPOCH) return clearKey;
      const known = find(id);
      if (known !== undefined) return known;
      entries = read(path);
      return find(id);
    },
    stage() {
      entries = read(path);
      const fresh = newStorageSecret();
      entries.push(fresh);
      save();
      return storageKey(fresh.id, fresh.secret);
    },
    secretOf(id) {
      return entries.find((e) => e.id === id)?.secret;
    },
    keepOnly(currentId) {
      entries = read(path);
      const kept = entries.filter((e) => e.id === currentId);
      const prefix = `.${basename(path)}.tmp-`;
      // A temp file left by a process killed before its rename holds a key no database ever switched to.
      const dir = dirname(path);
      for (const f of existsSync(dir) ? readdirSync(dir) : []) if (f.startsWith(prefix)) unlinkSync(join(dir, f));
      if (kept.length === entries.length) return;
      entries = kept;
      save();
    },
  };
}
