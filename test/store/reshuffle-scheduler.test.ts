import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok } from '../../src/core/result.ts';
import { ReshuffleScheduler } from '../../src/store/reshuffle-scheduler.ts';
import type { Store } from '../../src/store/store.ts';

/** A store whose reshuffle takes `ms` and records when it started. */
function fakeStore(ms: number): { store: Store; starts: number[] } {
  const starts: number[] = [];
  const store = {
    reshuffle: async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, ms));
      return ok({ responses: 0, coupons: 0, milliseconds: ms });
    },
  } as unknown as Store;
  return { store, starts };
}

test('the scheduler rewrites soon after a submission, then spaces rewrites by the duty cycle', async () => {
  const { store, starts } = fakeStore(20);
  const s = new ReshuffleScheduler(store, { dutyCycle: 0.2 }); // wait 4 × 20 ms between rewrites
  s.noteStored();
  assert.equal(s.tail, 1);
  await new Promise((r) => setTimeout(r, 5)); // the first rewrite starts at once
  s.noteStored(); // arrives during the first rewrite: needs a second one
  s.noteStored();
  await s.settled();
  assert.equal(s.tail, 0);
  assert.equal(starts.length, 2);
  assert.ok(starts[1]! - starts[0]! >= 20 + 4 * 20 - 5, `gap ${starts[1]! - starts[0]!} ms`);
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
