// What a seizing adversary computes from raw database bytes: marker positions, rank correlations, tell-tale strings.

/**
 * The largest |ρ| a seizure test accepts between arrival order and what it reads from n rows. Where no order is
 * left, ρ is a draw of about N(0, 1/(n − 1)) (each re-keying draws a fresh key from the CSPRNG, so no seed makes it
 * reproducible): 4.5 standard deviations is a false alarm once in 150,000 readings, and the suite reads about 40.
 * A bound of 3.2 standard deviations (|ρ| < 0.1 over 1,000 rows) failed a CI run on chance alone.
 */
export function orderBound(n: number): number {
  return 4.5 / Math.sqrt(n - 1);
}

/** Spearman's rank correlation with average ranks for ties; NaN when either side is constant. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) throw new RangeError('spearman: need two equal-length samples');
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Byte offsets of every `${tag}NNNNNN` occurrence, by the six-digit number (first occurrence per file wins). */
export function markerOffsets(bytes: Buffer, tag: string): Map<number, number[]> {
  const text = bytes.toString('latin1');
  const re = new RegExp(`${tag}(\\d{6})`, 'g');
  const out = new Map<number, number[]>();
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const k = Number(m[1]);
    out.set(k, [...(out.get(k) ?? []), m.index]);
  }
  return out;
}

/** Things no stored byte may look like: addresses, browsers, instants finer than a day (or a day at all). */
export const TELLTALES: readonly (readonly [string, RegExp])[] = [
  ['IPv4 address', /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/],
  ['IPv6 address', /\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/i],
  ['user agent', /Mozilla\/|AppleWebKit|Gecko\/|User-Agent|curl\/|Chrome\/|Safari\//i],
  ['ISO date-time', /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/],
  ['calendar day', /(?<!\d)20\d{2}-[01]\d-[0-3]\d(?!\d)/],
  ['Unix time in seconds or ms', /(?<![0-9a-f])1[6-9]\d{8}(?:\d{3})?(?![0-9a-f])/i],
];

export function telltalesIn(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return TELLTALES.filter(([, re]) => re.test(text)).map(([name]) => name);
}

/** Offsets of every occurrence of each id (ASCII) in `bytes`. */
export function idOffsets(bytes: Buffer, ids: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const id of ids) {
    const needle = Buffer.from(id, 'latin1');
    const found: number[] = [];
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) found.push(at);
    out.set(id, found);
  }
  return out;
}
