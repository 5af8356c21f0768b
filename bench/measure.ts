// Helpers for benchmarks: medians of repeated runs and peak resident memory.

import { performance } from 'node:perf_hooks';

/** Runs `fn` `times` times (after one warm-up) and returns the median wall time in milliseconds. */
export async function medianMs(times: number, fn: () => unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** Peak resident set size of this process so far, in MiB (from the kernel's high-water mark). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export const fmt = (x: number, digits = 1): string => x.toFixed(digits);
