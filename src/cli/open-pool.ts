// Opening many sealed records on every core: a pool of worker threads, each with its own opener.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { revealForWorker, type OpenExpectation, type OpenManyResult, type SealedRecord, type StudyKey } from '../crypto/index.ts';
import type { OpenBatch, OpenWorkerData } from './open-worker.ts';

export interface OpenPoolOptions {
  /** Worker threads; default availableParallelism(). */
  readonly workers?: number;
  /** Records per message to a worker; default 64. */
  readonly batchSize?: number;
  /** Called after each batch with the number of records done so far (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Workers do not inherit the tsx hooks that bin/portas.js registers, and on Node 20 a worker's `--import tsx`
 * does not reach its entry module; so the entry is a small .js that registers tsx and imports the worker.
 */
const WORKER_URL = new URL('./open-worker-boot.js', import.meta.url);

/**
 * Opens `records` across worker threads; the result is the same as `openMany` would give (input order),
 * failures by record id. The decrypted key goes to the workers as workerData: same process, never disk.
 */
export async function openInPool(
  key: StudyKey,
  records: readonly SealedRecord[],
  expect: OpenExpectation,
  options: OpenPoolOptions = {},
): Promise<OpenManyResult> {
  if (records.length === 0) return { opened: [], failed: [] };
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const batches: SealedRecord[][] = [];
  for (let i = 0; i < records.length; i += batchSize) batches.push(records.slice(i, i + batchSize));
  const results: (OpenManyResult | undefined)[] = batches.map(() => undefined);
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), batches.length));
  const data: OpenWorkerData = { key: revealForWorker(key), expect };
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workerCount }, () => {
        const worker = new Worker(WORKER_URL, { workerData: data, execArgv: [] });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let finished = false;
          const send = (): void => {
            const batch = next++;
            const recs = batches[batch];
            if (recs === undefined) {
              finished = true;
              resolve();
              return;
            }
            worker.postMessage({ batch, records: recs } satisfies OpenBatch);
          };
          worker.on('message', (m: { ready: true } | { batch: number; result: OpenManyResult }) => {
            if ('batch' in m) {
              results[m.batch] = m.result;
              done += m.result.opened.length + m.result.failed.length;
              options.onProgress?.(done, records.length);
            }
            send();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (!finished) reject(new Error(`open-pool: a worker stopped early (exit code ${code})`));
          });
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return {
    opened: results.flatMap((r) => r?.opened ?? []),
    failed: results.flatMap((r) => r?.failed ?? []),
  };
}
