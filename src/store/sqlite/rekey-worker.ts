// The SQLite re-keying's own thread: its own connection to the store's file and its own handle on the key file, at the
// lowest CPU priority, so the pass takes only the time the pages leave free (docs/storage.md, "SQLite: a re-keying in
// steps"). To the database it is one more process sharing the pass; started and stopped by rekey-in-worker.ts.

import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Result } from '../../core/result.ts';
import { lowerThisThreadPriority, restoreThisThreadPriority } from '../background-priority.ts';
import { keyFile } from '../key-file.ts';
import type { ReshuffleReport, StorageFailure } from '../store.ts';
import { configure } from './connection.ts';
import { rekeyHost } from './rekey-host.ts';
import { RekeyRun, type RekeyHost } from './rekey-run.ts';

export interface RekeyWorkerData {
  readonly path: string;
  readonly keyPath: string;
  /** How long one of the pass's write transactions should hold the lock (ms, commit included). */
  readonly targetMs: number;
  /** Lower the thread to the lowest CPU priority (LOWER_PRIORITY in rekey-in-worker.ts). */
  readonly lowerPriority: boolean;
}

/** From the serving thread: stop at the next step (the store is closing; the pass stays in the database). */
export interface RekeyWorkerStop {
  readonly stop: true;
}

export interface RekeyWorkerDone {
  readonly result: Result<ReshuffleReport | undefined, StorageFailure>;
  /** Whether the thread runs at the lowest priority (false where the platform has no per-thread priority). */
  readonly lowered: boolean;
}

/**
 * The rest between two steps: as long as the last step took, up to REST_MAX_MS. So the thread uses at most about half a
 * core, leaving the rest to the pages, and the lock is free most of the time for the serving thread, whose busy
 * handler retries after 1, 2, 5, 10… ms (a loop that took the lock back at once could make it wait far longer).
 */
const REST_MAX_MS = 100;

/**
 * The host whose transactions run at the process's own priority. At nice 19 a thread holding the database lock is
 * preempted by any busy thread of normal priority, for as long as they keep the cores busy, and every submission waits
 * behind it: a priority inversion (measured side by side in docs/storage.md, "Priority": a modest gain at 80 % load). The crypto and the rests between transactions stay at nice 19. Raising the priority back needs root or
 * headroom in RLIMIT_NICE (the deploy unit's LimitNICE=); without it the thread stays at nice 19, as before.
 */
function atNormalPriorityWhileLocked(host: RekeyHost): RekeyHost {
  return {
    ...host,
    transaction(mode, fn) {
      const raised = restoreThisThreadPriority();
      try {
        return host.transaction(mode, fn);
      } finally {
        if (raised) lowerThisThreadPriority();
      }
    },
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('rekey-worker: not started as a worker thread');
  const data = workerData as RekeyWorkerData;
  const lowered = data.lowerPriority && lowerThisThreadPriority();
  let closing = false;
  // The only message is a stop (RekeyWorkerStop).
  port.on('message', () => {
    closing = true;
  });
  const db = new Database(data.path, { fileMustExist: true });
  try {
    configure(db);
    const host = rekeyHost(db, keyFile(data.keyPath), () => closing);
    const run = new RekeyRun(lowered ? atNormalPriorityWhileLocked(host) : host, false, data.targetMs, true);
    const result = await run.run(() => sleep(Math.min(REST_MAX_MS, Math.max(1, run.lastStepMs))));
    port.postMessage({ result, lowered } satisfies RekeyWorkerDone);
  } finally {
    db.close();
    port.close();
  }
}

await main();
