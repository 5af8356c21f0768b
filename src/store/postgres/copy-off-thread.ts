// Starts the re-keying's long copy in its worker thread (copy-worker.ts) and waits for its outcome, keeping the
// re-keying's own transaction alive meanwhile and passing a stop on; a worker that crashes is a failure, not a throw.

import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { copyEarlierRows, type CopyJob, type CopyOutcome } from './copy-worker.ts';
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

/** A copy under way: its outcome, how to ask it to stop, and how to let its thread go. */
interface Running {
  readonly ended: Promise<CopyOutcome>;
  stop(): void;
  dispose(): Promise<void>;
}

const failed = (what: string): CopyOutcome => ({ kind: 'failed', failure: { kind: 'storage-failed', reason: 'io-error', message: `reshuffle: ${what}` } });

function inWorker(job: CopyJob, entry: URL): Running {
  // The keys' secrets go as workerData: a structured clone within this process, never written or logged.
  const worker = new Worker(entry, { workerData: job, execArgv: [], resourceLimits: WORKER_HEAP });
  const ended = new Promise<CopyOutcome>((resolve) => {
    worker.once('message', (m: CopyOutcome) => {
      resolve(m.kind === 'copied' ? { ...m, offThread: true } : m);
    });
    worker.once('error', (e) => {
      resolve({ kind: 'failed', failure: copyFailure(e) });
    });
    worker.once('exit', (code) => {
      resolve(failed(`the copy worker stopped early (exit code ${String(code)})`));
    });
  });
  return {
    ended,
    stop: () => {
      worker.postMessage('stop');
    },
    dispose: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The same copy on this thread, for a bundle of the sources (which has no worker entry beside it; the tests bundle
 * `portas` for child processes): still its own connection and transaction, but on the serving event loop.
 */
function onThisThread(job: CopyJob): Running {
  let stopping = false;
  return {
    ended: copyEarlierRows(job, () => stopping, false),
    stop: () => {
      stopping = true;
    },
    dispose: () => Promise.resolve(),
  };
}

/** Runs `job` in a worker thread; resolves with how it ended (a crash included), the thread ended. */
export async function copyOffThread(job: CopyJob, options: CopyOptions): Promise<CopyOutcome> {
  const entry = options.entry ?? COPY_WORKER;
  const running = existsSync(fileURLToPath(entry)) ? inWorker(job, entry) : onThisThread(job);
  const stop = (): void => {
    running.stop();
  };
  if (options.signal.aborted) stop();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const outcome = await Promise.race([running.ended, sleep(KEEP_ALIVE_MS, undefined, { ref: false })]);
      if (outcome !== undefined) return outcome;
      try {
        await options.keepAlive();
      } catch (e) {
        stop();
        await running.ended;
        throw e;
      }
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    await running.dispose();
  }
}
