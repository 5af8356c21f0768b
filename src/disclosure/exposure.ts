// Which suppressed cells of a table an attacker can recompute exactly from what is published.

/**
 * The attacker knows every published cell and margin, that counts are integers, and that a
 * suppressed cell is at least 1 (zeros are published, never suppressed). Suppressed cells have
 * no known upper bound other than what the margins imply.
 *
 * Two-way tables: write the table with its margins as an `(R+1) × (C+1)` grid; each row and
 * column of the grid is one linear equation. Two integer solutions differ by a circulation,
 * which splits (conformally) into simple cycles of ±1 moves over suppressed cells. So a
 * suppressed cell can take another value exactly when some cycle of suppressed cells through it
 * can move by one without taking any cell below 1 — a path search, no linear programming.
 * With `x` the grid, `s` the suppression mask, the result lists exposed cells as `[row, col]`.
 */
export function exposedCells2D(x: readonly (readonly number[])[], s: readonly (readonly boolean[])[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < (x[i]?.length ?? 0); j++) if (s[i]?.[j] === true && !canMove2D(x, s, i, j)) out.push([i, j]);
  }
  return out;
}

/**
 * Margin cells enter their equations with the opposite sign (cells − total = 0); with that
 * sign, a cycle alternates +1, −1 between steps from a row to a column and back.
 */
function canMove2D(x: readonly (readonly number[])[], s: readonly (readonly boolean[])[], r: number, c: number): boolean {
  const R = x.length - 1;
  const C = (x[0]?.length ?? 1) - 1;
  const sign = (i: number, j: number): number => ((i === R) !== (j === C) ? -1 : 1);
  const value = (i: number, j: number): number => x[i]?.[j] ?? 0;
  // A move of a cell in x-space by `delta` is allowed when it does not go below 1.
  const allowed = (i: number, j: number, delta: number): boolean => delta >= 0 || value(i, j) >= 2;
  for (const sigma of [1, -1]) {
    if (!allowed(r, c, sigma * sign(r, c))) continue;
    // Breadth-first search from column node c to row node r over suppressed cells other than (r, c).
    const seenRow = new Array<boolean>(R + 1).fill(false);
    const seenCol = new Array<boolean>(C + 1).fill(false);
    seenCol[c] = true;
    const queue: ['row' | 'col', number][] = [['col', c]];
    while (queue.length > 0) {
      const [kind, node] = queue.shift() ?? ['col', 0];
      if (kind === 'col') {
        for (let i = 0; i <= R; i++) {
          if (seenRow[i] === true || s[i]?.[node] !== true || (i === r && node === c)) continue;
          if (!allowed(i, node, -sigma * sign(i, node))) continue;
          if (i === r) return true;
          seenRow[i] = true;
          queue.push(['row', i]);
        }
      } else {
        for (let j = 0; j <= C; j++) {
          if (seenCol[j] === true || s[node]?.[j] !== true || (node === r && j === c)) continue;
          if (!allowed(node, j, sigma * sign(node, j))) continue;
          seenCol[j] = true;
          queue.push(['col', j]);
        }
      }
    }
  }
  return false;
}

/**
 * One-way tables: cells `line[0..m-1]` and their total `line[m]`, one equation Σ cells − total = 0.
 * A suppressed cell can move when another suppressed entry can absorb the change.
 */
export function exposedCells1D(line: readonly number[], s: readonly boolean[]): number[] {
  const m = line.length - 1;
  const coef = (t: number): number => (t === m ? -1 : 1);
  const allowed = (t: number, delta: number): boolean => delta >= 0 || (line[t] ?? 0) >= 2;
  const out: number[] = [];
  for (let a = 0; a <= m; a++) {
    if (s[a] !== true) continue;
    let moves = false;
    for (const sigma of [1, -1]) {
      if (!allowed(a, sigma)) continue;
      for (let b = 0; b <= m && !moves; b++) {
        if (b === a || s[b] !== true) continue;
        // coef(a)·δa + coef(b)·δb = 0
        if (allowed(b, (-sigma * coef(a)) / coef(b))) moves = true;
      }
    }
    if (!moves) out.push(a);
  }
  return out;
}
