// The form keys every server instance shares, as the store keeps them: a generation number and the key boxed under the
// storage key (re-keyed at every reshuffle like any row). No time is kept: rotation is counted in generations.

import type { StorageKey } from './storage-key.ts';

/** One form key: `generation` counts rotations (1, 2, 3 …), `id` travels with the forms it seals, `raw` is 32 bytes. */
export interface FormKeyRecord {
  readonly generation: number;
  readonly id: string;
  readonly raw: Uint8Array;
}

/** What the store holds now, oldest generation first; rows it cannot open (damage, a lost key) are counted, not guessed. */
export interface FormKeySet {
  readonly keys: readonly FormKeyRecord[];
  readonly unreadable: number;
  /** The newest generation stored, readable or not (0 when none): the next rotation adds the one after it. */
  readonly latest: number;
}

/** Most form keys kept at once: far above any rotation schedule, small enough to read on every refresh. */
export const MAX_FORM_KEYS = 64;

/** The box's authenticated context: a name no study can have (study ids start with a letter or digit). */
const CONTEXT = '~form-keys';
const ID = /^[A-Za-z0-9_-]{1,32}$/;

export const isFormKeyRecord = (k: FormKeyRecord): boolean => Number.isSafeInteger(k.generation) && k.generation >= 1 && ID.test(k.id) && k.raw.length === 32;

export function boxFormKey(key: StorageKey, k: FormKeyRecord): Buffer {
  return key.box(CONTEXT, String(k.generation), Buffer.concat([Buffer.from(k.raw), Buffer.from(k.id, 'utf8')]));
}

export function unboxFormKey(key: StorageKey, generation: number, boxed: Uint8Array): FormKeyRecord | undefined {
  const plain = key.unbox(CONTEXT, String(generation), boxed);
  if (plain === undefined || plain.length <= 32) return undefined;
  const id = Buffer.from(plain.subarray(32)).toString('utf8');
  return ID.test(id) ? { generation, id, raw: plain.slice(0, 32) } : undefined;
}

/** Turns stored rows into a key set (oldest first). */
export function formKeySetOf(key: StorageKey, rows: readonly { readonly generation: number; readonly boxed: Uint8Array }[]): FormKeySet {
  const keys: FormKeyRecord[] = [];
  let unreadable = 0;
  for (const r of [...rows].sort((a, b) => a.generation - b.generation)) {
    const k = unboxFormKey(key, r.generation, r.boxed);
    if (k === undefined) unreadable += 1;
    else keys.push(k);
  }
  return { keys, unreadable, latest: Math.max(0, ...rows.map((r) => r.generation)) };
}
