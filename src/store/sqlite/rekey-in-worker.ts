// Starts a SQLite re-keying on its own thread (rekey-worker.ts) and turns whatever becomes of that thread — a report,
// a failure, a throw, an early exit — into the Result a reshuffle gives.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../core/result.ts';
import type { ReshuffleReport, StorageFailure } from '../store.ts';
import type { RekeyWorkerData, RekeyWorkerDone, RekeyWorkerStop } from './rekey-worker.ts';

export interface WorkerRekeying {
  /** Settles once the thread has ended (its connection closed). */
  readonly result: Promise<Result<ReshuffleReport | undefined, StorageFailure>>;
  /** Asks the pass to stop at its next step; `result` then says so. */
  readonly stop: () => void;
}

/** Workers do not inherit the tsx hooks: the entry is a small .js that registers them (as the open pool's). */
const ENTRY = new URL('./rekey-worker-boot.js', import.meta.url);
/** The thread holds one batch of rows at a time (at most a few MiB); a small heap is collected early. */
const HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } as const;

/**
 * Whether the thread lowers itself to the lowest CPU priority (nice 19), so that it takes only the CPU the pages leave
 * free. The price: at nice 19 it can be preempted while it holds the database lock, and a page waiting in the busy
 * handler waits as long. Measured both ways (docs/storage.md, "Priority"): under light load normal priority gave the
 * shorter holds, but at 80 % of capacity only nice 19 kept the pages fast (any page's p99 during the re-keying 98 ms,
 * against 42 s at normal priority, where the thread took the CPU the pages needed).
 */
export const LOWER_PRIORITY = true;

const failed = (why: string): Result<never, StorageFailure> =>
  err({ kind: 'storage-failed', reason: 'unavailable', message: `reshuffle: the re-keying thread ${why}; nothing stored is lost, the pass goes on at the next re-keying` });

/**
 * Starts the thread on the store at `path` with its key file at `keyPath`. An error when no thread can be started
 * here (the caller then re-keys on its own thread, and says so). `entry` is for tests: a thread that misbehaves.
 */
export function rekeyInWorker(data: RekeyWorkerData, entry: URL = ENTRY): Result<WorkerRekeying, string> {
  // A bundle of the sources (the tests bundle their child processes) has no entry beside it: a Worker would start and
  // fail every pass; the caller re-keys on its own thread instead, as the PostgreSQL copy does (copy-off-thread.ts).
  if (entry.protocol === 'file:' && !existsSync(fileURLToPath(entry))) return err(`no worker entry at ${fileURLToPath(entry)} (a bundle of the sources)`);
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: data, execArgv: [], resourceLimits: HEAP });
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const result = new Promise<Result<ReshuffleReport | undefined, StorageFailure>>((resolve) => {
    let done: RekeyWorkerDone | undefined;
    let thrown: string | undefined;
    worker.on('message', (m: RekeyWorkerDone) => {
      done = m;
    });
    worker.on('error', (e) => {
      thrown = e.message;
    });
    worker.on('exit', (code) => {
      if (done !== undefined) resolve(done.result);
      else if (thrown !== undefined) resolve(failed(`failed (${thrown})`));
      else resolve(failed(`stopped early (exit code ${String(code)})`));
    });
  });
  return ok({
    result,
    stop: () => {
      worker.postMessage({ stop: true } satisfies RekeyWorkerStop);
    },
  });
}
