// Starts the whole re-keying transaction in its worker thread (rekey-worker.ts), answers its request for the keys,
// passes a stop on, and waits for its outcome; a worker that crashes is a failure, not a throw. Where no worker entry
// exists (a bundle of the sources), or when asked, the same transaction runs on this thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StorageFailure } from '../store.ts';
import { rekeyFailure } from './failure.ts';
import { runRekeying, type KeysAnswer, type RekeyJob, type RekeyOutcome } from './rekey-transaction.ts';
import type { FromRekeyWorker, ToRekeyWorker } from './rekey-worker.ts';

/**
 * Workers do not inherit the tsx hooks that bin/portas.js registers, and on Node 20 a worker's `--import tsx` does not
 * reach its entry module; so the entry is a small .js that registers tsx and imports the worker.
 */
export const REKEY_WORKER = new URL('./rekey-worker-boot.js', import.meta.url);
/** A batch is 500 responses of a few KiB, in and out: a small heap, collected early. */
const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } as const;

export interface RekeyThreadOptions {
  /** Once aborted, the re-keying stops at its next batch or round and its transaction rolls back (outcome `stopped`). */
  readonly signal: AbortSignal;
  /** The keys of the epoch the re-keying found (the old one, and a fresh one staged in the key file). */
  readonly keys: (epoch: string) => KeysAnswer;
  /** The worker's entry (tests give one that fails, or one that is not there). */
  readonly entry?: URL;
  /** Run on this thread, whatever the entry (at open: nothing is served yet, and a thread would cost its start-up). */
  readonly here?: boolean;
}

/** How the re-keying ended, and where it ran. */
export interface RekeyEnd {
  readonly outcome: RekeyOutcome;
  readonly offThread: boolean;
  readonly lowered: boolean;
}

/** A re-keying under way: its end (the thread ended), and how to ask it to stop. */
interface Running {
  readonly ended: Promise<RekeyEnd>;
  stop(): void;
}

const failed = (failure: StorageFailure): RekeyEnd => ({ outcome: { kind: 'failed', failure }, offThread: true, lowered: false });

function inWorker(job: RekeyJob, entry: URL, keys: RekeyThreadOptions['keys']): Running {
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: job, execArgv: [], resourceLimits: WORKER_HEAP });
  } catch (e) {
    // No thread could be started (out of memory, say): nothing began, nothing to stop.
    return { ended: Promise.resolve(failed(rekeyFailure(e))), stop: () => undefined };
  }
  const send = (m: ToRekeyWorker): void => {
    worker.postMessage(m);
  };
  const ended = new Promise<RekeyEnd>((resolve) => {
    let done: RekeyEnd | undefined;
    let thrown: unknown;
    worker.on('message', (m: FromRekeyWorker) => {
      // The keys' secrets go as a message: a structured clone within this process, never written or logged.
      if (m.kind === 'keys') send({ kind: 'keys', answer: keys(m.epoch) });
      else done = { outcome: m.outcome, offThread: true, lowered: m.lowered };
    });
    worker.once('error', (e) => {
      thrown = e;
    });
    // Settled at the thread's end, so its connections are closed by then.
    worker.once('exit', (code) => {
      if (done !== undefined) resolve(done);
      else if (thrown !== undefined) resolve(failed(rekeyFailure(thrown)));
      else resolve(failed({ kind: 'storage-failed', reason: 'io-error', message: `reshuffle: the re-keying thread stopped early (exit code ${String(code)})` }));
    });
  });
  return {
    ended,
    stop: () => {
      send({ kind: 'stop' });
    },
  };
}

/**
 * The same transaction on this thread: for a bundle of the sources (which has no worker entry beside it; the tests
 * bundle `portas` for child processes), and at open. Its own connections still, but on this event loop.
 */
function onThisThread(job: RekeyJob, keys: RekeyThreadOptions['keys']): Running {
  let stopping = false;
  const outcome = runRekeying(job, { keys: (epoch) => Promise.resolve(keys(epoch)), stopping: () => stopping, beforeExclusive: () => true });
  return {
    ended: outcome.then((o) => ({ outcome: o, offThread: false, lowered: false })),
    stop: () => {
      stopping = true;
    },
  };
}

/** Runs `job` in its worker thread (or on this one); resolves with how it ended (a crash included), the thread ended. */
export async function rekeyOffThread(job: RekeyJob, options: RekeyThreadOptions): Promise<RekeyEnd> {
  const entry = options.entry ?? REKEY_WORKER;
  const running = options.here !== true && existsSync(fileURLToPath(entry)) ? inWorker(job, entry, options.keys) : onThisThread(job, options.keys);
  const stop = (): void => {
    running.stop();
  };
  if (options.signal.aborted) stop();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    return await running.ended;
  } finally {
    options.signal.removeEventListener('abort', stop);
  }
}
