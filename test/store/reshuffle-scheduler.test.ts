import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok } from '../../src/core/result.ts';
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
