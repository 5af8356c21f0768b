// Seed coupons and researcher tokens through the Study API, into the study's store; a local store lives in the workspace.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { addResearcherToken as addToken, seedCoupons as seed } from '../../study/index.ts';
import { dataDir } from '../workspace.ts';

/** A server on this computer keeps its store in the workspace (the one `portas serve` is pointed at to try the study). */
export const localStore = (ws: string, id: string): string => `sqlite:${join(dataDir(ws, id), 'portas.sqlite')}`;

type Done<T> = { ok: true; value: T } | { ok: false; message: string };

const prepare = (ws: string, id: string, store: string): void => {
  if (store === localStore(ws, id)) mkdirSync(dataDir(ws, id), { recursive: true });
};

export async function seedCoupons(ws: string, id: string, options: { readonly store: string; readonly n: number; readonly expiry: string }): Promise<Done<readonly string[]>> {
  prepare(ws, id, options.store);
  const issued = await seed({ store: options.store, study: id, n: options.n, expiry: options.expiry === '' ? undefined : options.expiry });
  return issued.ok ? { ok: true, value: issued.value.codes } : { ok: false, message: issued.error.map((d) => formatDiagnostic(d)).join('; ') };
}

export async function addResearcherToken(ws: string, id: string, options: { readonly store: string; readonly label: string }): Promise<Done<string>> {
  prepare(ws, id, options.store);
  const added = await addToken({ store: options.store, study: id, label: options.label === '' ? 'studio' : options.label });
  return added.ok ? { ok: true, value: added.value.token } : { ok: false, message: added.error.map((d) => formatDiagnostic(d)).join('; ') };
}
