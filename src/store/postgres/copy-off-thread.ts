// Starts the re-keying's long copy in its worker thread (copy-worker.ts) and waits for its outcome, keeping the
// re-keying's own transaction alive meanwhile and passing a stop on; a worker that crashes is a failure, not a throw.

import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { CopyJob, CopyOutcome } from './copy-worker.ts';
import { copyFailure } from './failure.ts';

/**
 * Workers do not inherit the tsx hooks that bin/portas.js registers, and on Node 20 a worker's `--import tsx` does not
 * reach its entry module; so the entry is a small .js that registers tsx and imports the worker.
 */
export const COPY_WORKER = new URL('./copy-worker-boot.js', import.meta.url);
/** A batch is 500 responses of a few KiB, in and out: a small heap, collected early. */
const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } as const;
/**
 * The re-keying's own transaction sits idle while the worker copies: a statement this often keeps it from looking
 * idle to `idle_in_transaction_session_timeout` or a pooler's idle-transaction timeout, and finds a lost connection.
 */
const KEEP_ALIVE_MS = 5_000;

export interface CopyOptions {
  /** Once aborted, the worker stops at its next batch and its transaction rolls back (outcome `stopped`). */
  readonly signal: AbortSignal;
  /** A statement in the re-keying's transaction; when it throws, the worker is stopped and the error rethrown. */
  readonly keepAlive: () => Promise<unknown>;
  /** The worker's entry (tests give one that fails). */
  readonly entry?: URL;
}

const failed = (what: string): CopyOutcome => ({ kind: 'failed', failure: { kind: 'storage-failed', reason: 'io-error', message: `reshuffle: ${what}` } });

/** Runs `job` in a worker thread; resolves with how it ended (a crash included), the thread ended. */
export async function copyOffThread(job: CopyJob, options: CopyOptions): Promise<CopyOutcome> {
  // The keys' secrets go as workerData: a structured clone within this process, never written or logged.
  const worker = new Worker(options.entry ?? COPY_WORKER, { workerData: job, execArgv: [], resourceLimits: WORKER_HEAP });
  const ended = new Promise<CopyOutcome>((resolve) => {
    worker.once('message', (m: CopyOutcome) => {
      resolve(m);
    });
    worker.once('error', (e) => {
      resolve({ kind: 'failed', failure: copyFailure(e) });
    });
    worker.once('exit', (code) => {
      resolve(failed(`the copy worker stopped early (exit code ${String(code)})`));
    });
  });
  const stop = (): void => {
    worker.postMessage('stop');
  };
  if (options.signal.aborted) stop();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const outcome = await Promise.race([ended, sleep(KEEP_ALIVE_MS, undefined, { ref: false })]);
      if (outcome !== undefined) return outcome;
      try {
        await options.keepAlive();
      } catch (e) {
        stop();
        await ended;
        throw e;
      }
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    await worker.terminate();
  }
}
