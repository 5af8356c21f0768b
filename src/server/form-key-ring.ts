// The server's short-lived form keys: rotated, shared through a 0600 file so a restart continues every path, old ones forgotten.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { exportFormKey, importFormKey, newFormKey, type FormKey } from '../crypto/form-state.ts';

export interface FormKeyRing {
  /** The key that seals new forms (rotating first when it is due). */
  current(nowMinutes: number): Promise<FormKey>;
  /** Every key that may still open a live form. */
  live(nowMinutes: number): readonly FormKey[];
}

/**
 * Keys rotate every `rotateMinutes`; one is kept until no form sealed under it can be younger than
 * `maxFormAgeMinutes`, then forgotten (and removed from the file). With `file`, the ring survives
 * restarts and is shared by instances on one machine; without it, a restart ends unfinished paths.
 */
export async function formKeyRing(options: { readonly rotateMinutes: number; readonly maxFormAgeMinutes: number; readonly file?: string }): Promise<FormKeyRing> {
  let keys: FormKey[] = options.file === undefined ? [] : await loadKeys(options.file);
  const save = async (): Promise<void> => {
    if (options.file === undefined) return;
    const exported = await Promise.all(keys.map(exportFormKey));
    const text = JSON.stringify({ keys: exported.map((k) => ({ id: k.id, since: k.since, raw: Buffer.from(k.raw).toString('base64') })) });
    const tmp = `${options.file}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, options.file);
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

async function loadKeys(file: string): Promise<FormKey[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const parsed = JSON.parse(text) as { keys: { id: string; since: number; raw: string }[] };
  return Promise.all(parsed.keys.map((k) => importFormKey({ id: k.id, since: k.since, raw: new Uint8Array(Buffer.from(k.raw, 'base64')) })));
}
