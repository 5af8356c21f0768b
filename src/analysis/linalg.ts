// Small dense linear algebra for test statistics (row-major Float64Arrays; sizes are a few dozen at most).

/** C = A (r×k) · B (k×c). */
export function matmul(a: Float64Array, b: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += (a[i * k + l] ?? 0) * (b[l * c + j] ?? 0);
      out[i * c + j] = s;
    }
  }
  return out;
}

/** Transpose of an r×c matrix. */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j] ?? 0;
  return out;
}

/** Solves A X = B for square A (n×n) and B (n×m) by Gaussian elimination with partial pivoting. */
export function solve(aIn: Float64Array, bIn: Float64Array, n: number, m: number): Float64Array {
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col] ?? 0) > Math.abs(a[pivot * n + col] ?? 0)) pivot = r;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) [a[col * n + j], a[pivot * n + j]] = [a[pivot * n + j] ?? 0, a[col * n + j] ?? 0];
      for (let j = 0; j < m; j++) [b[col * m + j], b[pivot * m + j]] = [b[pivot * m + j] ?? 0, b[col * m + j] ?? 0];
    }
    const d = a[col * n + col] ?? 0;
    for (let r = col + 1; r < n; r++) {
      const f = (a[r * n + col] ?? 0) / d;
      if (f === 0) continue;
      for (let j = col; j < n; j++) a[r * n + j] = (a[r * n + j] ?? 0) - f * (a[col * n + j] ?? 0);
      for (let j = 0; j < m; j++) b[r * m + j] = (b[r * m + j] ?? 0) - f * (b[col * m + j] ?? 0);
    }
  }
  for (let col = n - 1; col >= 0; col--) {
    const d = a[col * n + col] ?? 0;
    for (let j = 0; j < m; j++) {
      let s = b[col * m + j] ?? 0;
      for (let l = col + 1; l < n; l++) s -= (a[col * n + l] ?? 0) * (b[l * m + j] ?? 0);
      b[col * m + j] = s / d;
    }
  }
  return b;
}

/** Residuals of the columns of Y (n×m) after least-squares projection on the columns of X (n×p). */
export function projectionResidual(x: Float64Array, y: Float64Array, n: number, p: number, m: number): Float64Array {
  const xt = transpose(x, n, p);
  const coef = solve(matmul(xt, x, p, n, p), matmul(xt, y, p, n, m), p, m);
  const fitted = matmul(x, coef, n, p, m);
  return y.map((v, i) => v - (fitted[i] ?? 0));
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i] ?? 0;
  return s;
}
