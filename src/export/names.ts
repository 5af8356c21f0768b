// Fits portas variable names (up to 64 characters) into a format's limits, keeping them unique and recognisable.

/**
 * Maps each name to a legal one for a format: cut to `maxLength`; clashes with reserved words and earlier names
 * (compared after `fold`, e.g. upper-casing for case-insensitive formats) get a numeric suffix within the limit.
 * Deterministic.
 */
export function fitNames(names: readonly string[], maxLength: number, reserved: ReadonlySet<string>, fold: (s: string) => string = (s) => s): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name.slice(0, maxLength);
    for (let k = 1; taken.has(fold(candidate)) || reserved.has(fold(candidate)); k++) {
      const suffix = `_${k}`;
      candidate = name.slice(0, maxLength - suffix.length) + suffix;
    }
    taken.add(fold(candidate));
    return candidate;
  });
}
