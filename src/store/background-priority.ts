// A store's background work (the re-keying) runs in a worker thread of its own at the lowest CPU priority, so that
// on a busy server it takes only the time the pages leave free, and never delays a respondent's page by more than the
// operating system's time slice. Linux keeps a nice value per thread, which `/proc/thread-self` names; elsewhere the
// thread keeps its priority and the work's own pacing is all that holds it back.

import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Lowers the calling thread (not the process) to the lowest priority. True when it took effect; false where the
 * platform has no per-thread priority or refuses it (the caller goes on at normal priority).
 */
export function lowerThisThreadPriority(): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}
