// Opening many sealed records on every core: a pool of worker threads, each with its own opener.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { revealForWorker, type OpenExpectation, type OpenerOptions, type OpenManyResult, type SealedRecord, type StudyKey } from '../crypto/index.ts';
import type { BatchRows, OpenBatch, OpenBatchDone, OpenWorkerData, RowsSetup, SealedFile } from './open-worker.ts';

export type { BatchRows, RowMeta, SealedFile } from './open-worker.ts';

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

/**
 * Workers do not inherit the tsx hooks that bin/portas.js registers, and on Node 20 a worker's `--import tsx`
 * does not reach its entry module; so the entry is a small .js that registers tsx and imports the worker.
 */
const WORKER_URL = new URL('./open-worker-boot.js', import.meta.url);
/**
 * Each worker's V8 heap, capped: a worker holds one batch (256 records of 8 KiB) at a time, but left to V8's
 * defaults every worker's heap grew with the garbage it made until a late full collection (the process's
 * resident memory rose to 540 MiB opening 100,000 records); with a small old generation it collects early.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } as const;
/** Batches sent ahead to each worker, so it never waits while this thread takes in its last result. */
const IN_FLIGHT = 2;

/** Records by position, built when their batch is sent (a pull's plan holds them compactly until then). */
export interface RecordSource<R extends SealedRecord | SealedFile = SealedRecord | SealedFile> {
  readonly count: number;
  readonly at: (i: number) => R;
}

type Pooled = Pick<OpenPoolOptions, 'workers' | 'batchSize' | 'onProgress'>;

/**
 * Sends `records` in batches across worker threads and hands each batch's result on in input order (a batch
 * done early waits, at most the batches in flight, for those before it). The decrypted key goes to the
 * workers as workerData: same process, never disk.
 */
async function runPool<T>(records: RecordSource, data: OpenWorkerData, options: Pooled, take: (m: OpenBatchDone) => { readonly result: T; readonly count: number }, handOn: (result: T) => void): Promise<void> {
  const batchSize = Math.max(1, options.batchSize ?? 256);
  const batchCount = Math.ceil(records.count / batchSize);
  const results: (T | undefined)[] = new Array<T | undefined>(batchCount).fill(undefined);
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), batchCount));
  let handedOn = 0;
  const flush = (): void => {
    for (let r = results[handedOn]; r !== undefined; r = results[handedOn]) {
      results[handedOn] = undefined;
      handedOn += 1;
      handOn(r);
    }
  };
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workerCount }, () => {
        const worker = new Worker(WORKER_URL, { workerData: data, execArgv: [], resourceLimits: WORKER_HEAP });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          let finished = false;
          // Keeps this worker busy; resolves once nothing is left to send and nothing is in flight.
          const refill = (): void => {
            while (inFlight < IN_FLIGHT && next < batchCount) {
              const batch = next++;
              const from = batch * batchSize;
              const sent = Array.from({ length: Math.min(batchSize, records.count - from) }, (_, i) => records.at(from + i));
              worker.postMessage({ batch, records: sent } satisfies OpenBatch);
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
              if ('error' in m) {
                reject(new Error(`open-pool: ${m.error}`));
                return;
              }
              try {
                const { result, count } = take(m);
                results[m.batch] = result;
                done += count;
                flush();
              } catch (e) {
                reject(e instanceof Error ? e : new Error(String(e)));
                return;
              }
              options.onProgress?.(done, records.count);
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
}

/**
 * Opens `records` across worker threads; the result is the same as `openMany` would give (input order),
 * failures by record id. Records on disk are read by the workers, batch by batch.
 */
export async function openInPool(key: StudyKey, records: readonly (SealedRecord | SealedFile)[], expect: OpenExpectation, options: OpenPoolOptions = {}): Promise<OpenManyResult> {
  if (records.length === 0) return { opened: [], failed: [] };
  const decoder = new TextDecoder();
  const opened: OpenManyResult['opened'][number][] = [];
  const failed: OpenManyResult['failed'][number][] = [];
  const take = (m: OpenBatchDone): { result: OpenManyResult; count: number } => {
    if (!('json' in m)) throw new Error('open-pool: a worker sent rows, not responses');
    const result = JSON.parse(decoder.decode(m.json)) as OpenManyResult;
    return { result, count: result.opened.length + result.failed.length };
  };
  const source: RecordSource = { count: records.length, at: (i) => records[i] as SealedRecord | SealedFile };
  await runPool(source, { key: revealForWorker(key), expect, opener: options.opener ?? {} }, options, take, (r) => {
    if (options.onOpened === undefined) opened.push(...r.opened);
    else options.onOpened(r.opened);
    failed.push(...r.failed);
  });
  return { opened, failed };
}

/**
 * Opens `records` (each with its collection facts) into data.csv rows across worker threads: `onRows` takes
 * each batch's rows in input order. Nothing of a response reaches this thread but its row's bytes.
 */
export async function openRowsInPool(key: StudyKey, records: RecordSource<SealedFile>, expect: OpenExpectation, rows: RowsSetup, options: Pooled & { readonly onRows: (rows: BatchRows) => void }): Promise<void> {
  if (records.count === 0) return;
  const take = (m: OpenBatchDone): { result: BatchRows; count: number } => {
    if (!('rows' in m)) throw new Error('open-pool: a worker sent responses, not rows');
    return { result: m.rows, count: m.rows.count + m.rows.failed.length + m.rows.otherVersion.length };
  };
  await runPool(records, { key: revealForWorker(key), expect, opener: {}, rows }, options, take, options.onRows);
}
