// matchingRows as it was before the indexed risk measures (#20, session 5): every record's matches listed,
// records with missing values compared pair by pair. The oracle the risk measures and local suppression oracles use.
import { keysMatch, type KeyMatrix, type MissingInKeys } from '../../../src/disclosure/keys.ts';

const keyString = (keys: KeyMatrix, i: number): { text: string; complete: boolean } => {
  const q = keys.names.length;
  const parts: string[] = [];
  let complete = true;
  for (let j = 0; j < q; j++) {
    const x = keys.codes[i * q + j] ?? NaN;
    if (Number.isNaN(x)) complete = false;
    parts.push(Number.isNaN(x) ? 'NA' : String(x));
  }
  return { text: parts.join('|'), complete };
};

/**
 * For every record, the records that share its key (itself included). Complete keys are grouped
 * by hashing; only records with a missing value are compared pair by pair.
 */
export function matchingRows(keys: KeyMatrix, missing: MissingInKeys): readonly (readonly number[])[] {
  const groups = new Map<string, number[]>();
  const incomplete: number[] = [];
  const textOf: string[] = [];
  for (let i = 0; i < keys.n; i++) {
    const { text, complete } = keyString(keys, i);
    textOf.push(text);
    if (complete || missing === 'category') {
      let g = groups.get(text);
      if (g === undefined) groups.set(text, (g = []));
      g.push(i);
    } else incomplete.push(i);
  }
  const shared = new Map<string, number[]>();
  const out: number[][] = [];
  for (let i = 0; i < keys.n; i++) {
    const text = textOf[i] ?? '';
    const group = groups.get(text);
    if (group !== undefined) {
      // every member of a complete group has the same matches: compute once
      let m = shared.get(text);
      if (m === undefined) {
        m = [...group];
        for (const r of incomplete) if (keysMatch(keys, i, r, missing)) m.push(r);
        m.sort((a, b) => a - b);
        shared.set(text, m);
      }
      out.push(m);
    } else {
      const m: number[] = [];
      for (let r = 0; r < keys.n; r++) if (keysMatch(keys, i, r, missing)) m.push(r);
      out.push(m);
    }
  }
  return out;
}
