// Opening many sealed records on every core: a pool of worker threads, each with its own opener.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { revealForWorker, type OpenExpectation, type OpenerOptions, type OpenManyResult, type SealedRecord, type StudyKey } from '../crypto/index.ts';
import type { OpenBatch, OpenBatchDone, OpenWorkerData } from './open-worker.ts';

export interface OpenPoolOptions {
  /** Worker threads; default availableParallelism(). */
  readonly workers?: number;
  /** Records per message to a worker; default 256 (fewer hand-offs between threads). */
  readonly batchSize?: number;
  /** Called after each batch with the number of records done so far (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
  /** How each worker's opener holds the key (benches compare the prepared hybrid path with the reference). */
  readonly opener?: OpenerOptions;
  /**
   * Takes each batch's opened responses, in input order, as soon as the batches before it are done; the
   * result then lists only the failures, so a caller that consumes the responses never holds them all.
   */
  readonly onOpened?: (opened: OpenManyResult['opened']) => void;
}

/** A record still on disk: read only when its batch is handed to a worker, so memory holds the batches in flight, not the whole pull. */
export interface SealedFile {
  readonly id: string;
  readonly path: string;
}

const inMemory = (r: SealedRecord | SealedFile): SealedRecord => ('path' in r ? { id: r.id, sealed: new Uint8Array(readFileSync(r.path)) } : r);

/**
 * Workers do not inherit the tsx hooks that bin/portas.js registers, and on Node 20 a worker's `--import tsx`
 * does not reach its entry module; so the entry is a small .js that registers tsx and imports the worker.
 */
const WORKER_URL = new URL('./open-worker-boot.js', import.meta.url);
/** Batches sent ahead to each worker, so it never waits while this thread takes in its last result. */
const IN_FLIGHT = 2;

/**
 * Opens `records` across worker threads; the result is the same as `openMany` would give (input order),
 * failures by record id. The decrypted key goes to the workers as workerData: same process, never disk.
 */
export async function openInPool(
  key: StudyKey,
  records: readonly (SealedRecord | SealedFile)[],
  expect: OpenExpectation,
  options: OpenPoolOptions = {},
): Promise<OpenManyResult> {
  if (records.length === 0) return { opened: [], failed: [] };
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const batches: (SealedRecord | SealedFile)[][] = [];
  for (let i = 0; i < records.length; i += batchSize) batches.push(records.slice(i, i + batchSize));
  const results: (OpenManyResult | undefined)[] = batches.map(() => undefined);
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), batches.length));
  const data: OpenWorkerData = { key: revealForWorker(key), expect, opener: options.opener ?? {} };
  const decoder = new TextDecoder();
  // Batches handed on in input order: a batch done early waits (at most the batches in flight) for those before it.
  let handedOn = 0;
  const handOn = (): void => {
    if (options.onOpened === undefined) return;
    for (let r = results[handedOn]; r !== undefined; r = results[handedOn]) {
      options.onOpened(r.opened);
      results[handedOn] = { opened: [], failed: r.failed };
      handedOn += 1;
    }
  };
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workerCount }, () => {
        const worker = new Worker(WORKER_URL, { workerData: data, execArgv: [] });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          let finished = false;
          // Keeps this worker busy; resolves once nothing is left to send and nothing is in flight.
          const refill = (): void => {
            while (inFlight < IN_FLIGHT && next < batches.length) {
              const batch = next++;
              let records: SealedRecord[];
              try {
                records = (batches[batch] ?? []).map(inMemory);
              } catch (e) {
                // A file that went away since it was listed: stop with its name (nothing is written yet), never crash.
                reject(new Error(`open-pool: cannot read a sealed record (${e instanceof Error ? e.message : String(e)})`));
                return;
              }
              worker.postMessage({ batch, records } satisfies OpenBatch);
              inFlight += 1;
            }
            if (inFlight === 0) {
              finished = true;
              resolve();
            }
          };
          worker.on('message', (m: { ready: true } | OpenBatchDone) => {
            if ('batch' in m) {
              inFlight -= 1;
              const result = JSON.parse(decoder.decode(m.json)) as OpenManyResult;
              results[m.batch] = result;
              done += result.opened.length + result.failed.length;
              handOn();
              options.onProgress?.(done, records.length);
            }
            refill();
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
