// Lays a Dataset out as SPSS system-file variables: short names, widths, 8-byte slots, very long string segments.

import type { Dataset, Variable } from '../../analysis/dataset.ts';
import { fitNames } from '../names.ts';

/** Words SPSS never accepts as variable names. */
const RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
const upper = (s: string): string => s.toUpperCase();

/** Longest string an SPSS variable may hold, in bytes. */
export const SAV_MAX_STRING = 32767;

export interface SavSegment {
  /** Unique 8-byte short name of this segment (its variable's short name for the first). */
  readonly shortName: string;
  /** Declared width: 0 numeric, else 1…255 bytes. */
  readonly width: number;
  /** 8-byte slots this segment occupies in a case. */
  readonly slots: number;
}

export interface SavVariable {
  readonly v: Variable;
  /** The long name (record 7.13), unique without regard to case. */
  readonly name: string;
  /** 0 numeric, else the string width in bytes (may exceed 255: a very long string, record 7.14). */
  readonly width: number;
  readonly segments: readonly SavSegment[];
  /** 8-byte slots of all segments together. */
  readonly slots: number;
  /** Numeric only: every present value is a whole number (F8.0), else shown with decimals. */
  readonly integer: boolean;
}

const encoder = new TextEncoder();

function textWidth(values: readonly string[]): number {
  let max = 1;
  for (const s of values) if (s.length * 3 > max) max = Math.max(max, encoder.encode(s).length);
  return Math.min(max, SAV_MAX_STRING);
}

/** Widths of the segments of a string of `width` bytes (PSPP system file format, "Very Long String Record"). */
export function segmentWidths(width: number): number[] {
  if (width <= 255) return [width];
  const n = Math.ceil(width / 252);
  return [...new Array<number>(n - 1).fill(255), width - (n - 1) * 252];
}

function isInteger(v: Variable): boolean {
  if (v.type === 'text') return false;
  for (let r = 0; r < v.values.length; r++) if (v.missing[r] === 0 && !Number.isInteger(v.values[r])) return false;
  return true;
}

export function savLayout(dataset: Dataset): SavVariable[] {
  const longNames = fitNames(dataset.variables.map((v) => v.name), 64, RESERVED, upper);
  const widths = dataset.variables.map((v) => (v.type === 'text' ? textWidth(v.values) : 0));
  const segmentCandidates = dataset.variables.flatMap((v, i) => segmentWidths(widths[i] ?? 0).map((_, k) => upper(k === 0 ? v.name : `${v.name.slice(0, 5)}${k}`)));
  const shortNames = fitNames(segmentCandidates, 8, RESERVED, upper);
  let next = 0;
  return dataset.variables.map((v, i) => {
    const width = widths[i] ?? 0;
    const segments = segmentWidths(width).map((w) => ({ shortName: shortNames[next++] ?? '', width: w, slots: w === 0 ? 1 : Math.ceil(w / 8) }));
    return { v, name: longNames[i] ?? v.name, width, segments, slots: segments.reduce((t, seg) => t + seg.slots, 0), integer: isInteger(v) };
  });
}
