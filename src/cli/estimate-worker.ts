// Worker thread for `portas estimate`: computes the replicate values of one block of bootstrap replicates.

import { parentPort, workerData } from 'node:worker_threads';
import { parseEstimateSpec } from '../analysis/estimate-spec.ts';
import { parseNumericCsv } from '../analysis/numeric-csv.ts';
import { replicateThetasForSpec } from '../analysis/run-estimates.ts';

export interface WorkerInput {
  readonly csv: string;
  readonly file: string;
  readonly spec: unknown;
  readonly from: number;
  readonly to: number;
}

export type WorkerOutput = { readonly ok: true; readonly thetas: Float64Array } | { readonly ok: false; readonly message: string };

function work(input: WorkerInput): WorkerOutput {
  const table = parseNumericCsv(input.csv, input.file);
  if (!table.ok) return { ok: false, message: table.error.message };
  const spec = parseEstimateSpec(input.spec, 'spec');
  if (!spec.ok) return { ok: false, message: spec.error.map((d) => d.message).join('; ') };
  // Every worker rebuilds the same seeded design, so block boundaries never change the numbers.
  const thetas = replicateThetasForSpec(table.value, spec.value, input.from, input.to);
  return thetas.ok ? { ok: true, thetas: thetas.value } : { ok: false, message: thetas.error.message };
}

const result = work(workerData as WorkerInput);
parentPort?.postMessage(result, result.ok && result.thetas.buffer instanceof ArrayBuffer ? [result.thetas.buffer] : []);
