// Cells of a report under disclosure control: every count passes the release gate before it becomes a percentage.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { LocalizedText } from '../core/text.ts';
import { releaseTable, roundPercent, type DisclosurePolicy } from '../disclosure/index.ts';
import type { Cell, ReportBase, WeightedEstimate } from './model.ts';
import type { BaseSpec } from './spec.ts';

/** Suppressed atoms of a partition of a base (codes and missing kinds), released as one frequency table. */
export function protectPartition(policy: DisclosurePolicy, title: string, counts: readonly number[]): Result<boolean[], Diagnostic[]> {
  if (counts.length === 0) return ok([]);
  const released = releaseTable({ title, rowLabels: counts.map((_, i) => String(i)), colLabels: ['n'], counts: counts.map((c) => [c]) }, policy);
  if (!released.ok) return err([...released.error]);
  return ok(released.value.released.cells.map((row) => row[0] === 'suppressed'));
}

/**
 * Whether a category made of several atoms must be withheld: when its count is small, or when it
 * holds exactly one suppressed atom (the shown atoms would give it away), or leaves exactly one
 * outside (the base n would).
 */
export function compositeSuppressed(member: readonly boolean[], suppressedAtoms: readonly boolean[], count: number, minCell: number): boolean {
  if (count > 0 && count < minCell) return true;
  let inside = 0;
  let outside = 0;
  suppressedAtoms.forEach((s, i) => {
    if (s && member[i] === true) inside++;
    else if (s) outside++;
  });
  return inside === 1 || outside === 1;
}

/** A share released as the table [count, n − count]: withheld when either is small (n is printed). */
export function protectShare(policy: DisclosurePolicy, title: string, count: number, n: number): Result<boolean, Diagnostic[]> {
  const s = protectPartition(policy, title, [count, n - count]);
  return s.ok ? ok(s.value[0] === true) : s;
}

export function makeCell(count: number, n: number, decimals: number, suppressed: boolean, weighted: WeightedEstimate | null | undefined): Cell {
  if (suppressed) return weighted === undefined ? { count: null, percent: null } : { count: null, percent: null, weighted: null };
  const percent = n > 0 ? roundPercent((100 * count) / n, decimals) : 0;
  return weighted === undefined ? { count, percent } : { count, percent, weighted };
}

const WORDS: Readonly<Record<BaseSpec['kind'], { ru: (n: number) => string; en: (n: number) => string }>> = {
  all: { ru: (n) => `из всех ${n} респондентов`, en: (n) => `of all ${n} respondents` },
  asked: { ru: (n) => `из ${n}, кому задавался вопрос`, en: (n) => `of the ${n} who were asked` },
  answered: { ru: (n) => `из ${n} ответивших`, en: (n) => `of the ${n} who answered` },
};

/** The base in words, in every language (Russian and English texts; English for others). */
export function reportBase(spec: BaseSpec, n: number, languages: readonly string[]): ReportBase {
  const description: LocalizedText = Object.fromEntries(
    languages.map((lang) => {
      const w = lang === 'ru' ? WORDS[spec.kind].ru : WORDS[spec.kind].en;
      const sub = spec.description?.[lang];
      return [lang, sub === undefined ? w(n) : `${sub} (n = ${n})`];
    }),
  );
  return { kind: spec.filters.length > 0 ? 'subgroup' : spec.kind, n, description };
}

export const countTrue = (mask: readonly boolean[]): number => mask.reduce((a, b) => a + (b ? 1 : 0), 0);
export const and = (a: readonly boolean[], b: readonly boolean[]): boolean[] => a.map((x, i) => x && b[i] === true);
