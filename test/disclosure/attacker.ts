// An attacker for tests: tries to recompute each suppressed count of a published table exactly.
// It sees only the published table, and knows counts are integers, suppressed ones ≥ 1 and ≤ bound.

import type { ProtectedTable } from '../../src/disclosure/table.ts';

interface Line {
  readonly members: readonly number[]; // variable or known cell indices into `grid`
  readonly total: number;
}

/**
 * Returns the suppressed positions (`[row, col]` in the grid with margins; the last row/column are
 * totals) whose true value is the only one consistent with everything published. `truth` is the
 * unpublished grid, used only to ask "is there a solution where this cell differs from the truth?".
 */
export function recomputable(table: ProtectedTable, truth: readonly (readonly number[])[], bound: number): [number, number][] {
  const R = table.rowLabels.length;
  const C = table.colLabels.length;
  const oneWay = R === 1 || C === 1;
  // Grid of published values (null = suppressed).
  const published: (number | null)[] = [];
  const truthFlat: number[] = [];
  const pos: [number, number][] = [];
  const lines: Line[] = [];
  const put = (v: number | 'suppressed', t: number, p: [number, number]): number => {
    published.push(v === 'suppressed' ? null : v);
    truthFlat.push(t);
    pos.push(p);
    return published.length - 1;
  };
  if (oneWay) {
    const cells = C === 1 ? table.cells.map((r) => r[0]!) : table.cells[0]!;
    const m = cells.length;
    const ids = cells.map((v, t) => put(v, C === 1 ? truth[t]![0]! : truth[0]![t]!, C === 1 ? [t, 0] : [0, t]));
    const totalId = put(table.total, truth[truth.length - 1]![truth[0]!.length - 1]!, C === 1 ? [m, 1] : [1, m]);
    lines.push({ members: ids, total: totalId });
  } else {
    const id: number[][] = [];
    for (let i = 0; i <= R; i++) {
      id.push([]);
      for (let j = 0; j <= C; j++) {
        const v = i < R && j < C ? table.cells[i]![j]! : i < R ? table.rowTotals![i]! : j < C ? table.colTotals[j]! : table.total;
        id[i]!.push(put(v, truth[i]![j]!, [i, j]));
      }
    }
    for (let i = 0; i <= R; i++) lines.push({ members: id[i]!.slice(0, C), total: id[i]![C]! });
    for (let j = 0; j <= C; j++) lines.push({ members: id.slice(0, R).map((row) => row[j]!), total: id[R]![j]! });
  }
  const unknown = published.map((v, t) => (v === null ? t : -1)).filter((t) => t >= 0);
  const exposed: [number, number][] = [];
  for (const target of unknown) {
    if (!differentSolutionExists(published, lines, unknown, target, truthFlat[target]!, bound)) exposed.push(pos[target]!);
  }
  return exposed;
}

function differentSolutionExists(published: readonly (number | null)[], lines: readonly Line[], unknown: readonly number[], target: number, trueValue: number, bound: number): boolean {
  const value = [...published];
  let nodes = 0;
  const consistent = (): boolean => {
    for (const line of lines) {
      let sum = 0;
      let open = 0;
      for (const m of line.members) {
        const v = value[m];
        if (v === null || v === undefined) open++;
        else sum += v;
      }
      const t = value[line.total];
      if (t === null || t === undefined) continue;
      if (open === 0 ? sum !== t : sum + open > t) return false;
    }
    return true;
  };
  const order = [target, ...unknown.filter((u) => u !== target)];
  const search = (k: number): boolean => {
    if (++nodes > 2_000_000) throw new Error('attacker: search budget exhausted');
    if (k === order.length) return true;
    const v = order[k]!;
    for (let x = 1; x <= bound; x++) {
      if (k === 0 && x === trueValue) continue;
      value[v] = x;
      if (consistent() && search(k + 1)) return true;
    }
    value[v] = null;
    return false;
  };
  return search(0);
}
