// The PostgreSQL re-keying's worker thread: the whole transaction (rekey-transaction.ts) with connections of its own,
// at the lowest CPU priority for the long copy and the catch-up rounds, back at normal priority for the short part
// under the exclusive epoch lock (where the platform allows it). Started and answered by rekey-off-thread.ts.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { lowerThisThreadPriority, restoreThisThreadPriority } from '../background-priority.ts';
import { runRekeying, type KeysAnswer, type RekeyJob, type RekeyOutcome } from './rekey-transaction.ts';

/** From the store's thread: the keys asked for, or a stop (the store is closing: end at the next step, rolling back). */
export type ToRekeyWorker = { readonly kind: 'keys'; readonly answer: KeysAnswer } | { readonly kind: 'stop' };

/** To the store's thread: a request for the keys of the epoch found, then how the re-keying ended. */
export type FromRekeyWorker =
  | { readonly kind: 'keys'; readonly epoch: string }
  | { readonly kind: 'done'; readonly outcome: RekeyOutcome; readonly lowered: boolean };

const post = (port: MessagePort, m: FromRekeyWorker): void => {
  port.postMessage(m);
};

/** The worker thread's body (rekey-worker-boot.js): the re-keying of `workerData`, then its outcome to the parent. */
export async function serveRekeyWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveRekeyWorker runs in a worker thread');
  let stop = false;
  let answer: ((a: KeysAnswer) => void) | undefined;
  port.on('message', (m: ToRekeyWorker) => {
    if (m.kind === 'stop') stop = true;
    else answer?.(m.answer);
  });
  const lowered = lowerThisThreadPriority();
  const outcome = await runRekeying(workerData as RekeyJob, {
    keys: (epoch) =>
      new Promise<KeysAnswer>((resolve) => {
        answer = resolve;
        post(port, { kind: 'keys', epoch });
      }),
    stopping: () => stop,
    // Everyone waits for the exclusive lock: a nice-19 thread holding it would wait for CPU behind the busy serving
    // thread (a priority inversion), so it goes back to normal priority for that part: a few round trips and the
    // crypto of the last round's rows. Raising needs privilege or `LimitNICE=` headroom; without it the thread stays
    // lowered and says so (`normalWhileExclusive`).
    beforeExclusive: () => !lowered || restoreThisThreadPriority(),
  });
  post(port, { kind: 'done', outcome, lowered });
  port.close();
}
