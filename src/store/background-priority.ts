// A store's background work (the re-keying) runs in a worker thread of its own at the lowest CPU priority, so that
// on a busy server it takes only the time the pages leave free, and never delays a respondent's page by more than the
// operating system's time slice. Linux keeps a nice value per thread, which `/proc/thread-self` names; elsewhere the
// thread keeps its priority and the work's own pacing is all that holds it back.

import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/** Sets the calling thread's (not the process's) nice value; false where the platform has none per thread or refuses. */
function setThisThreadPriority(priority: () => number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, priority());
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers the calling thread (not the process) to the lowest priority. True when it took effect; false where the
 * platform has no per-thread priority or refuses it (the caller goes on at normal priority).
 */
export function lowerThisThreadPriority(): boolean {
  return setThisThreadPriority(() => constants.priority.PRIORITY_LOW);
}

/**
 * Puts the calling thread back at the priority of the process's main thread, for a short part that others wait for
 * (a lock held). False where it did not take effect: raising a priority needs privilege or headroom in RLIMIT_NICE
 * (systemd's `LimitNICE=`), so an unprivileged process stays lowered.
 */
export function restoreThisThreadPriority(): boolean {
  return setThisThreadPriority(() => getPriority(process.pid));
}
