// Exact-count value lists for the synthetic replica: every published share comes from a list with the right counts, never from sampling.

import type { Rng } from '../../../src/core/rng.ts';
import type { Answer } from '../../../src/instrument/model.ts';

/** A planned answer; undefined means the respondent skips the item. */
export type Planned = Answer | undefined;

export const choice = (code: number): Answer => ({ kind: 'choice', code });
export const dontKnow: Answer = { kind: 'missing', missing: 'dont_know' };
export const refused: Answer = { kind: 'missing', missing: 'refused' };

/** A list holding `count` copies of each value, in the order given. */
export function exactList<T>(spec: readonly (readonly [T, number])[]): T[] {
  const out: T[] = [];
  for (const [value, count] of spec) for (let k = 0; k < count; k++) out.push(value);
  return out;
}

/**
 * The values of an exact list spread evenly (each kind at evenly spaced positions), so that any
 * run of consecutive entries holds the kinds in about their overall proportions: placed along a
 * score, this makes the item independent of the score by construction.
 */
export function spreadEvenly<T>(spec: readonly (readonly [T, number])[]): T[] {
  const keyed = spec.flatMap(([value, count], kind) => Array.from({ length: count }, (_, j) => ({ value, key: (j + 0.5) / count, kind })));
  keyed.sort((a, b) => a.key - b.key || a.kind - b.kind);
  return keyed.map((k) => k.value);
}

/** Fisher–Yates with the injected generator. */
export function shuffle<T>(rng: Rng, values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * Gives `values[0]` to the person with the highest (score + noise), `values[1]` to the next, and so
 * on: the counts stay exact while the values follow the score, loosely when `noise` is large.
 * `who` lists the person indexes to fill (same length as values).
 */
export function placeByScore<T>(rng: Rng, who: readonly number[], score: (person: number) => number, noise: number, values: readonly T[]): Map<number, T> {
  if (who.length !== values.length) throw new Error(`placeByScore: ${values.length} values for ${who.length} people`);
  const keyed = who.map((p) => ({ p, key: score(p) + noise * rng.nextFloat() }));
  keyed.sort((a, b) => b.key - a.key || a.p - b.p);
  const out = new Map<number, T>();
  keyed.forEach(({ p }, k) => out.set(p, values[k] as T));
  return out;
}

/** Picks exactly `count` of `who` (highest score + noise first). */
export function pickByScore(rng: Rng, who: readonly number[], score: (person: number) => number, noise: number, count: number): Set<number> {
  const values = exactList([[true, count], [false, who.length - count]] as const);
  const placed = placeByScore(rng, who, score, noise, values);
  return new Set(who.filter((p) => placed.get(p) === true));
}

/** One value drawn with the given weights (for items the report publishes nothing about). */
export function weighted<T>(rng: Rng, spec: readonly (readonly [T, number])[]): T {
  const total = spec.reduce((s, [, w]) => s + w, 0);
  let x = rng.nextFloat() * total;
  for (const [value, w] of spec) {
    x -= w;
    if (x < 0) return value;
  }
  const last = spec[spec.length - 1];
  if (last === undefined) throw new Error('weighted: empty spec');
  return last[0];
}

/** Codes 1 (very positive) … 4 (very negative), dk and refused, as planned answers, with exact counts. */
export function scaleCounts(spec: { readonly c1: number; readonly c2: number; readonly c3: number; readonly c4: number; readonly dk: number; readonly ref: number }): Answer[] {
  return exactList<Answer>([[choice(4), spec.c4], [choice(3), spec.c3], [choice(2), spec.c2], [choice(1), spec.c1], [dontKnow, spec.dk], [refused, spec.ref]]);
}
