// Official counts for the multiplier method (population-benchmarks.json), read from a file.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, type Result } from '../core/result.ts';
import { parseBenchmarks, type Benchmark } from '../sampling/popsize/multiplier.ts';
import { readText, studyDiagnostic } from './located.ts';

/** The benchmarks, or diagnostics naming the file (and the entry) that is wrong. */
export function readBenchmarksFile(file: string): Result<Benchmark[], Diagnostic[]> {
  const read = readText(file);
  if (read.text === undefined) return err(read.diagnostics);
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (e) {
    return err([studyDiagnostic('study.syntax', file, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  return parseBenchmarks(raw, file);
}
