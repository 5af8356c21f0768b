// Joining typed arrays end to end: bytes for the crypto framing, columns of numbers for datasets built in chunks.

/** `parts` one after another in a new array made by `make` (a Uint8Array or Float64Array constructor's `n => new …`). */
export function concatTyped<A extends Uint8Array | Float64Array>(parts: readonly A[], make: (length: number) => A): A {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const concatBytes = (...parts: readonly Uint8Array[]): Uint8Array => concatTyped(parts, (n) => new Uint8Array(n));
