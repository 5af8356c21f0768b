// The one source of secret randomness: WebCrypto's CSPRNG. Keys, shares and tokens draw from here only.

/** `n` bytes from the operating system's CSPRNG (getRandomValues caps one call at 65,536 bytes). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}
