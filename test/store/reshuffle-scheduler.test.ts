import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok } from '../../src/core/result.ts';
import { ReshuffleScheduler } from '../../src/store/reshuffle-scheduler.ts';
import type { Store } from '../../src/store/store.ts';

/** A store whose reshuffle takes about `ms` and records when each one started and ended. */
function fakeStore(ms: number): { store: Store; starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  const store = {
    reshuffle: async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, ms));
      ends.push(Date.now());
      return ok({ responses: 0, coupons: 0, milliseconds: ms });
    },
  } as unknown as Store;
  return { store, starts, ends };
}

test('the scheduler rewrites soon after a submission, then spaces rewrites by the duty cycle', async () => {
  const { store, starts, ends } = fakeStore(20);
  const s = new ReshuffleScheduler(store, { dutyCycle: 0.2 }); // rest 4 × the last rewrite's duration
  s.noteStored();
  assert.equal(s.tail, 1);
  await new Promise((r) => setTimeout(r, 5)); // the first rewrite starts at once
  s.noteStored(); // arrives during the first rewrite: needs a second one
  s.noteStored();
  await s.settled();
  assert.equal(s.tail, 0);
  assert.equal(starts.length, 2);
  // The rule, checked on measured times (not wall-clock constants): rest ≥ 4 × the first rewrite's
  // duration; 2 ms allow for the millisecond clock's rounding at both ends.
  const duration = ends[0]! - starts[0]!;
  const rest = starts[1]! - ends[0]!;
  assert.ok(rest >= 4 * duration - 2, `rested ${rest} ms after a ${duration} ms rewrite`);
  await s.stop();
});

test('nothing is rewritten when nothing was stored; stop() cancels a pending rewrite', async () => {
  const { store, starts } = fakeStore(1);
  const s = new ReshuffleScheduler(store, { dutyCycle: 0.01 });
  await s.settled();
  assert.equal(starts.length, 0);
  s.noteStored();
  await s.settled();
  s.noteStored(); // due only after 99 × the last duration
  await s.stop();
  assert.equal(starts.length, 1);
  assert.throws(() => new ReshuffleScheduler(store, { dutyCycle: 0 }));
});

test('a failed rewrite is overdue with its reason until one succeeds; rows waiting past the longest delay are overdue too', async () => {
  let fail = true;
  let clock = 1_000_000;
  const store = {
    reshuffle: () => Promise.resolve(fail ? err({ kind: 'storage-failed' as const, reason: 'disk-full' as const, message: 'reshuffle: SQLite SQLITE_FULL' }) : ok({ responses: 1, coupons: 0, milliseconds: 1, epoch: 'e' })),
  } as unknown as Store;
  const s = new ReshuffleScheduler(store, { maxDelayMs: 1000, now: () => clock });
  assert.deepEqual(s.health(), { tail: 0, overdue: false });
  const first = await s.runNow();
  assert.equal(first.ok, false);
  assert.deepEqual(s.health(), { tail: 0, overdue: true, lastFailure: 'reshuffle: SQLite SQLITE_FULL' });
  fail = false;
  assert.ok((await s.runNow()).ok);
  assert.deepEqual(s.health(), { tail: 0, overdue: false });
  await s.stop();
  s.noteStored(); // stopped: nothing runs, the row waits
  assert.equal(s.health().overdue, false);
  clock += 1001;
  assert.deepEqual(s.health(), { tail: 1, overdue: true });
  const final = await s.stop({ final: true });
  assert.ok(final?.ok);
  assert.deepEqual(s.health(), { tail: 0, overdue: false });
});

test('a re-keying in steps is spaced by the time its steps took, not by its whole duration', async () => {
  const starts: number[] = [];
  const ends: number[] = [];
  const store = {
    reshuffle: async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 60));
      ends.push(Date.now());
      return ok({ responses: 0, coupons: 0, milliseconds: 60, busyMs: 5, epoch: 'e' });
    },
  } as unknown as Store;
  const s = new ReshuffleScheduler(store, { dutyCycle: 0.2 }); // rest 4 × the busy time: 20 ms, not 240
  s.noteStored();
  await new Promise((r) => setTimeout(r, 5));
  s.noteStored();
  await s.settled();
  assert.equal(starts.length, 2);
  const rest = starts[1]! - ends[0]!;
  assert.ok(rest >= 20 - 2 && rest < 240, `rested ${String(rest)} ms after a re-keying busy for 5 ms of 60`);
  await s.stop();
});
