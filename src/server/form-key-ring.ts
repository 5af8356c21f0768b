// The server's short-lived form keys: rotated, kept through a restart by a small storage (a 0600 file today), old ones
// forgotten. What is kept holds keys only, never a time: a seized file says nothing about when anyone answered.

import { readFileSync } from 'node:fs';
import { exportFormKey, importFormKey, newFormKey, type FormKey } from '../crypto/form-state.ts';
import { writeFileDurably } from '../store/key-file.ts';

export interface FormKeyRing {
  /** The key that seals new forms (rotating first when it is due). */
  current(nowMinutes: number): Promise<FormKey>;
  /** Every key that may still open a live form. */
  live(nowMinutes: number): readonly FormKey[];
}

/** Raw keys, oldest first. */
export type StoredFormKeys = readonly { readonly id: string; readonly raw: Uint8Array }[];

/**
 * Where the ring keeps its keys between restarts. A file on one machine today; a table in the store would let several
 * machines share them (the ring only needs these two operations).
 */
export interface FormKeyStorage {
  /** The kept keys, or `damaged` with a reason when what is kept cannot be read. */
  load(): StoredFormKeys | { readonly damaged: string };
  save(keys: StoredFormKeys): void;
}

/** The keys in a JSON file, replaced atomically with fsync (mode 0600). */
export function formKeyFile(path: string): FormKeyStorage {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        return { damaged: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
      }
      try {
        const parsed = JSON.parse(text) as { keys?: unknown };
        if (!Array.isArray(parsed.keys)) return { damaged: 'not a form key file' };
        return parsed.keys.map((k: { id?: unknown; raw?: unknown }) => {
          if (typeof k.id !== 'string' || typeof k.raw !== 'string') throw new Error('entry');
          return { id: k.id, raw: new Uint8Array(Buffer.from(k.raw, 'base64')) };
        });
      } catch {
        return { damaged: text.trim() === '' ? 'empty' : 'not valid JSON' };
      }
    },
    save(keys) {
      writeFileDurably(path, JSON.stringify({ v: 2, keys: keys.map((k) => ({ id: k.id, raw: Buffer.from(k.raw).toString('base64') })) }));
    },
  };
}

/**
 * Keys rotate every `rotateMinutes`; one is kept until no form sealed under it can be younger than
 * `maxFormAgeMinutes`, then forgotten. With `storage`, the ring survives restarts: keys read back count as made at
 * start-up (no time is kept), so they live at most one rotation and form lifetime longer — forms carry their own age.
 * A damaged store of keys is replaced (unfinished paths are lost, nothing stored is) and reported through `onReplaced`.
 */
export async function formKeyRing(options: {
  readonly rotateMinutes: number;
  readonly maxFormAgeMinutes: number;
  readonly storage?: FormKeyStorage;
  readonly nowMinutes?: number;
  readonly onReplaced?: (reason: string) => void;
}): Promise<FormKeyRing> {
  const storage = options.storage;
  let keys: FormKey[] = [];
  if (storage !== undefined) {
    const loaded = storage.load();
    if ('damaged' in loaded) {
      options.onReplaced?.(loaded.damaged);
      storage.save([]);
    } else {
      const at = options.nowMinutes ?? Math.floor(Date.now() / 60_000);
      keys = await Promise.all(loaded.map((k) => importFormKey({ id: k.id, raw: k.raw, since: at })));
    }
  }
  const save = async (): Promise<void> => {
    if (storage === undefined) return;
    const exported = await Promise.all(keys.map(exportFormKey));
    storage.save(exported.map((k) => ({ id: k.id, raw: k.raw })));
  };
  const prune = (now: number): boolean => {
    const before = keys.length;
    keys = keys.filter((k, i) => i === keys.length - 1 || now - k.since < options.rotateMinutes + options.maxFormAgeMinutes);
    return keys.length !== before;
  };
  return {
    async current(now) {
      const newest = keys.at(-1);
      let changed = prune(now);
      if (newest === undefined || now - newest.since >= options.rotateMinutes) {
        keys.push(await newFormKey(now));
        changed = true;
      }
      if (changed) await save();
      const key = keys.at(-1);
      if (key === undefined) throw new Error('form key ring is empty after rotation');
      return key;
    },
    live(now) {
      return keys.filter((k) => now - k.since < options.rotateMinutes + options.maxFormAgeMinutes);
    },
  };
}
