// The server's short-lived form keys: rotated, shared by every server instance through the store, old ones forgotten.
// What is kept holds keys and a generation count only, never a time: a seized store says nothing about when anyone
// answered (docs/storage.md, "Form keys").

import { importFormKey, newFormKey, type FormKey } from '../crypto/form-state.ts';
import type { FormKeyRecord, FormKeySet } from '../store/form-keys.ts';
import type { Store } from '../store/store.ts';

export interface FormKeyRing {
  /** The key that seals new forms (rotating first when it is due). */
  current(nowMinutes: number): Promise<FormKey>;
  /**
   * Every key that may still open a live form. A form naming a key this instance has not seen (another instance made
   * it) makes the ring read the shared keys again first, so any instance continues any path.
   */
  live(nowMinutes: number, wantedId?: string): Promise<readonly FormKey[]>;
}

/** Where the ring keeps its keys: the store (shared by every instance), or anything with these two operations. */
export interface FormKeyStorage {
  load(): Promise<FormKeySet | { readonly failed: string }>;
  /** Adds `key` unless its generation exists (then the other instance's key wins); keeps the newest `keep`. */
  add(key: FormKeyRecord, keep: number): Promise<FormKeySet | { readonly failed: string }>;
}

/** The key id a sealed form names (its second dot-separated part), to look for before opening it. */
export const formKeyIdOf = (token: string): string | undefined => token.split('.', 3)[1];

/** The store's form-key table as the ring's storage; a failure is a message safe for logs. */
export function formKeyStore(store: Store): FormKeyStorage {
  return {
    async load() {
      const r = await store.formKeys();
      return r.ok ? r.value : { failed: r.error.message };
    },
    async add(key, keep) {
      const r = await store.addFormKey(key, keep);
      return r.ok ? r.value : { failed: r.error.message };
    },
  };
}

interface Held {
  readonly generation: number;
  readonly key: FormKey;
}

/**
 * Keys rotate every `rotateMinutes`; one stays usable until no form sealed under it can be younger than
 * `maxFormAgeMinutes`. Each instance counts a key as made when it first saw it (no time is stored), so a key lives at
 * most one rotation and form lifetime longer than needed — forms carry their own age. The store keeps the newest
 * generations that can still matter; each instance reads the shared keys again at most once a minute when sealing, and
 * at once when a form names a key it has not seen. Unreadable keys (damage, a lost storage key) are reported through
 * `onReplaced`: the paths begun under them must start again; nothing stored is affected.
 */
export async function formKeyRing(options: {
  readonly rotateMinutes: number;
  readonly maxFormAgeMinutes: number;
  readonly storage: FormKeyStorage;
  readonly nowMinutes?: number;
  readonly onReplaced?: (reason: string) => void;
}): Promise<FormKeyRing> {
  const { storage, rotateMinutes, maxFormAgeMinutes } = options;
  // A key stops sealing when the next generation appears and must open forms for maxFormAgeMinutes after that.
  const keep = 2 + Math.ceil(maxFormAgeMinutes / rotateMinutes);
  let held: Held[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  let reported = 0;
  let latest = 0;

  const merge = async (set: FormKeySet | { readonly failed: string }, now: number): Promise<void> => {
    if ('failed' in set) throw new Error(`form keys: ${set.failed}`);
    if (set.unreadable > 0 && set.unreadable !== reported) options.onReplaced?.(`${String(set.unreadable)} stored form key(s) cannot be read`);
    reported = set.unreadable;
    latest = set.latest;
    const known = new Map(held.map((h) => [`${String(h.generation)}/${h.key.id}`, h]));
    held = await Promise.all(set.keys.map(async (k) => known.get(`${String(k.generation)}/${k.id}`) ?? { generation: k.generation, key: await importFormKey({ id: k.id, raw: k.raw, since: now }) }));
    readAt = now;
  };
  // Concurrent requests that need a fresh read share one query.
  const refresh = (now: number): Promise<void> => {
    reading ??= storage.load().then((set) => merge(set, now)).finally(() => {
      reading = undefined;
    });
    return reading;
  };
  const usable = (h: Held, now: number): boolean => h === held.at(-1) || now - h.key.since < rotateMinutes + maxFormAgeMinutes;

  await refresh(options.nowMinutes ?? Math.floor(Date.now() / 60_000));
  return {
    async current(now) {
      if (now !== readAt) await refresh(now);
      const newest = held.at(-1);
      if (newest === undefined || now - newest.key.since >= rotateMinutes) {
        const fresh = await newFormKey(now);
        const raw = new Uint8Array(await crypto.subtle.exportKey('raw', fresh.key));
        await merge(await storage.add({ generation: latest + 1, id: fresh.id, raw }, keep), now);
      }
      const key = held.at(-1);
      if (key === undefined) throw new Error('form key ring is empty after rotation');
      return key.key;
    },
    async live(now, wantedId) {
      if (wantedId !== undefined && !held.some((h) => h.key.id === wantedId)) await refresh(now);
      return held.filter((h) => usable(h, now)).map((h) => h.key);
    },
  };
}
