// A trace drawn through a bounded number of its points, so a chart's size does not grow with the number of respondents.

import type { DiagnosticVariable, Trace } from '../diagnostics-model.ts';

/** Points per drawn line: a 560 px plot cannot show more, and the flagship's traces (about 22 points) stay whole. */
export const TRACE_POINTS_MAX = 150;

/**
 * `trace` through at most `max` of its points, evenly spaced by index: the first and the last (the whole
 * set, its exact final value) always, every value as computed. Sizes stay a subset of the computed ones,
 * so neighbouring points still differ by at least the disclosure step.
 */
export function thinTrace(trace: Trace, max = TRACE_POINTS_MAX): Trace {
  const length = trace.sizes.length;
  if (length <= max) return trace;
  const keep: number[] = [];
  for (let j = 0; j < max; j++) {
    const at = Math.round((j * (length - 1)) / (max - 1));
    if (keep[keep.length - 1] !== at) keep.push(at);
  }
  return { sizes: keep.map((i) => trace.sizes[i] ?? 0), percents: trace.percents.map((series) => keep.map((i) => series[i] ?? null)) };
}

/** `v` with its convergence and bottleneck traces thinned, and how many points the longest had (0 if none was thinned). */
export function thinVariable(v: DiagnosticVariable, max = TRACE_POINTS_MAX): { readonly variable: DiagnosticVariable; readonly convergenceFrom: number; readonly bottleneckFrom: number } {
  const longest = (traces: readonly Trace[]): number => traces.reduce((m, t) => Math.max(m, t.sizes.length), 0);
  const convergenceFrom = v.convergence.sizes.length > max ? v.convergence.sizes.length : 0;
  const bottleneckLongest = longest(v.bottleneck.map((b) => b.trace));
  const bottleneckFrom = bottleneckLongest > max ? bottleneckLongest : 0;
  if (convergenceFrom === 0 && bottleneckFrom === 0) return { variable: v, convergenceFrom, bottleneckFrom };
  return {
    variable: { ...v, convergence: thinTrace(v.convergence, max), bottleneck: v.bottleneck.map((b) => ({ chain: b.chain, trace: thinTrace(b.trace, max) })) },
    convergenceFrom,
    bottleneckFrom,
  };
}
