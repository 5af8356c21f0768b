// Which sealed files `portas open` opens, with each one's collection facts (period, recruiter), held compactly:
// a pull of 100,000 records costs this thread its ids and a few typed arrays, not 100,000 objects.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SealedFile } from './open-pool.ts';

export interface PullPlan {
  /** Sealed files on disk, by response id in sorted order. */
  readonly count: number;
  /** Sealed files listed in index.json but not on disk. */
  readonly missing: readonly string[];
  /** The `i`th sealed file with its collection facts. */
  readonly at: (i: number) => SealedFile;
}

/** Reads sealed/, index.json and tree.json of a pull folder (the caller has checked sealed/ exists). */
export async function readPullPlan(pulled: string): Promise<PullPlan> {
  const sealedDir = join(pulled, 'sealed');
  const ids = (await readdir(sealedDir)).filter((f) => /^[0-9a-f]{32}\.age$/.test(f)).sort().map((f) => f.slice(0, 32));
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  // Periods repeat (one per collection week): a code per row into a short table.
  const periods: string[] = [''];
  const periodCode = new Map<string, number>([['', 0]]);
  const periodOf = new Uint32Array(ids.length);
  const missing: string[] = [];
  {
    const index = JSON.parse(await readFile(join(pulled, 'index.json'), 'utf8')) as { records: { responseId: string; period: string }[] };
    for (const r of index.records) {
      const row = rowOf.get(r.responseId);
      if (row === undefined) {
        // Every record the index lists is opened, refused with its reason, or named as missing.
        missing.push(join(sealedDir, `${r.responseId}.age`));
        continue;
      }
      let code = periodCode.get(r.period);
      if (code === undefined) periodCode.set(r.period, (code = periods.push(r.period) - 1));
      periodOf[row] = code;
    }
  }
  // A recruiter is a row of this pull (its index + 1), or (rarely: not pulled) -(its place in `elsewhere` + 1); 0 for none.
  const recruiterOf = new Int32Array(ids.length);
  const elsewhere: string[] = [];
  {
    const tree = JSON.parse(await readFile(join(pulled, 'tree.json'), 'utf8')) as { edges: { recruiter: string; recruit: string }[] };
    for (const e of tree.edges) {
      const row = rowOf.get(e.recruit);
      if (row === undefined) continue;
      const recruiter = rowOf.get(e.recruiter);
      recruiterOf[row] = recruiter === undefined ? -(elsewhere.push(e.recruiter)) : recruiter + 1;
    }
  }
  rowOf.clear();
  const recruiterAt = (code: number): string => (code === 0 ? '' : code > 0 ? (ids[code - 1] ?? '') : (elsewhere[-code - 1] ?? ''));
  return {
    count: ids.length,
    missing,
    at: (i) => {
      const id = ids[i] ?? '';
      return { id, path: join(sealedDir, `${id}.age`), meta: { period: periods[periodOf[i] ?? 0] ?? '', recruiter: recruiterAt(recruiterOf[i] ?? 0) } };
    },
  };
}
