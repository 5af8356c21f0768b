// Merging small categories of a table before suppression: coarser rows or columns instead of blanks.

import type { CountTable } from './table.ts';

export interface MergeRule {
  /** Ordered categories merge with an adjacent one; nominal ones are pooled into `otherLabel`. */
  readonly ordered: boolean;
  /** Label of the pooled category for nominal variables. Default "Other". */
  readonly otherLabel?: string;
}

export interface MergeRecord {
  readonly axis: 'rows' | 'cols';
  readonly label: string;
  readonly merged: readonly string[];
}

interface Line {
  label: string;
  parts: string[];
  counts: number[];
}

const total = (l: Line): number => l.counts.reduce((a, b) => a + b, 0);
const add = (a: Line, b: Line, label: string): Line => ({ label, parts: [...a.parts, ...b.parts], counts: a.counts.map((v, i) => v + (b.counts[i] ?? 0)) });

/**
 * Merges rows (or columns) whose total is from 1 to `minCell − 1`. Ordered: the smallest such
 * line joins its smaller neighbour, repeatedly ("25–34 + 35–44"). Nominal: all such lines are
 * pooled, and the pool joins the smallest other line if it is still too small. Cells inside
 * merged lines may still be small; protectTable handles those.
 */
export function mergeSmallCategories(table: CountTable, axis: 'rows' | 'cols', minCell: number, rule: MergeRule): { table: CountTable; merges: MergeRecord[] } {
  const byRow = axis === 'rows';
  const labels = byRow ? table.rowLabels : table.colLabels;
  let lines: Line[] = labels.map((label, i) => ({
    label,
    parts: [label],
    counts: byRow ? [...(table.counts[i] ?? [])] : table.counts.map((r) => r[i] ?? 0),
  }));
  const small = (l: Line): boolean => total(l) > 0 && total(l) < minCell;
  if (rule.ordered) {
    for (;;) {
      if (lines.length < 2) break;
      let at = -1;
      lines.forEach((l, i) => {
        if (small(l) && (at < 0 || total(l) < total(lines[at] ?? l))) at = i;
      });
      if (at < 0) break;
      const prev = lines[at - 1];
      const next = lines[at + 1];
      const withPrev = prev !== undefined && (next === undefined || total(prev) <= total(next));
      const [a, b] = withPrev ? [at - 1, at] : [at, at + 1];
      const la = lines[a];
      const lb = lines[b];
      if (la === undefined || lb === undefined) break;
      const mergedLine = add(la, lb, '');
      mergedLine.label = mergedLine.parts.join(' + ');
      lines = [...lines.slice(0, a), mergedLine, ...lines.slice(b + 1)];
    }
  } else {
    const pool = lines.filter(small);
    if (pool.length > 0 && !(pool.length === 1 && lines.length === 1)) {
      let rest = lines.filter((l) => !small(l));
      const otherLabel = rule.otherLabel ?? 'Other';
      const [first, ...others] = pool as [Line, ...Line[]];
      // One small category keeps its own name until it joins another; several become "Other".
      let other = others.reduce((acc, l) => add(acc, l, otherLabel), first);
      if (small(other) && rest.length > 0) {
        const smallest = rest.reduce((m, l) => (total(l) > 0 && (total(m) === 0 || total(l) < total(m)) ? l : m));
        rest = rest.filter((l) => l !== smallest);
        other = add(smallest, other, `${smallest.label} + ${other.label}`);
      }
      lines = [...rest, other];
    }
  }
  const merges = lines.filter((l) => l.parts.length > 1).map((l) => ({ axis, label: l.label, merged: l.parts }));
  const newLabels = lines.map((l) => l.label);
  const counts = byRow ? lines.map((l) => l.counts) : table.rowLabels.map((_, i) => lines.map((l) => l.counts[i] ?? 0));
  return { table: { ...table, ...(byRow ? { rowLabels: newLabels } : { colLabels: newLabels }), counts }, merges };
}
