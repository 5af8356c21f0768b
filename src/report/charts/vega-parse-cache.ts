// Vega specs parsed once per shape. A report draws dozens of bar charts that differ only in their data and in a few
// signal values (band step, bar height, labels, axis end); parsing the spec into Vega's dataflow took a third of
// each chart's time. The parsed dataflow of one chart serves the next of the same shape with its data and signal
// values put in their places: the same dataflow Vega would have parsed (test/report/chart-vega.test.ts draws every
// chart of the fixture and the flagship this way and compares the SVG with the uncached Vega-Lite drawing).

import * as vega from 'vega';

interface RuntimeOperator {
  id: number;
  type: string;
  signal?: string;
  value?: unknown;
  data?: Record<string, unknown>;
}

interface Runtime {
  operators: RuntimeOperator[];
}

/** A few shapes per language and layout: more means specs that vary in form, not worth keeping. */
const MAX_SHAPES = 32;
const parsed = new Map<string, Runtime>();

/**
 * A deep copy of parsed-dataflow data (plain objects, arrays and primitives), every number exactly as it was, with
 * each ingested data set left empty: every use puts its own in.
 */
function copied<T>(x: T): T {
  if (Array.isArray(x)) return x.map((v: unknown) => copied(v)) as T;
  if (typeof x !== 'object' || x === null) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = k === '$ingest' ? [] : copied(v);
  return out as T;
}

/** The spec with its data values and literal signal values left out: what the parsed dataflow depends on besides them. */
function shapeOf(spec: vega.Spec): string {
  const data = spec.data?.map((d) => ('values' in d ? { ...d, values: null } : d));
  const signals = spec.signals?.map((s) => ('value' in s ? { ...s, value: null } : s));
  return JSON.stringify({ ...spec, data, signals });
}

/**
 * Puts `spec`'s data values and signal values into a copy of a dataflow parsed from a spec of the same shape.
 * Undefined if one of them has no single place to go (then the spec is parsed as it is).
 */
function filled(template: Runtime, spec: vega.Spec): Runtime | undefined {
  const runtime = copied(template);
  for (const d of spec.data ?? []) {
    if (!('values' in d)) continue;
    const sources = runtime.operators.filter((op) => op.type === 'collect' && op.data?.[d.name] !== undefined && typeof op.value === 'object' && op.value !== null && '$ingest' in op.value);
    const [source] = sources;
    if (sources.length !== 1 || source === undefined) return undefined;
    source.value = { ...(source.value as object), $ingest: d.values };
  }
  for (const s of spec.signals ?? []) {
    if (!('value' in s)) continue;
    const signals = runtime.operators.filter((op) => op.signal === s.name);
    const [signal] = signals;
    if (signals.length !== 1 || signal === undefined) return undefined;
    signal.value = s.value;
  }
  return runtime;
}

/** vega.parse(spec), from the parse of an earlier spec of the same shape when there was one. */
export function parseVega(spec: vega.Spec): vega.Runtime {
  const shape = shapeOf(spec);
  const template = parsed.get(shape);
  const runtime = template === undefined ? undefined : filled(template, spec);
  if (runtime !== undefined) return runtime as unknown as vega.Runtime;
  const fresh = vega.parse(spec);
  if (parsed.size >= MAX_SHAPES) parsed.clear();
  // Kept as parsed, before a View takes it.
  parsed.set(shape, copied(fresh as unknown as Runtime));
  return fresh;
}
