import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isExpired, isPeriod, periodDays, periodOf } from '../../src/store/period.ts';

test('ISO weeks agree with Python’s datetime.date.isocalendar() (values computed with Python 3.11)', () => {
  const expected: [string, string][] = [
    ['2024-01-01', '2024-W01'], ['2021-01-03', '2020-W53'], ['2008-12-29', '2009-W01'], ['2020-12-31', '2020-W53'],
    ['2026-11-25', '2026-W48'], ['2024-04-24', '2024-W17'], ['2027-01-01', '2026-W53'],
  ];
  for (const [day, week] of expected) assert.equal(periodOf(new Date(`${day}T23:59:59Z`)), week, day);
});

test('months and days are UTC calendar fields; nothing finer than a day exists', () => {
  const at = new Date('2024-05-31T23:30:00Z');
  assert.equal(periodOf(at, 'month'), '2024-05');
  assert.equal(periodOf(at, 'day'), '2024-05-31');
  for (const finer of ['2024-05-31T23', '2024-05-31 23:30', '2024-W17-3', '2024-W54', '2023-W53', '2024-13', '2024-02-30']) {
    assert.equal(isPeriod(finer), false, finer);
  }
  assert.equal(isPeriod('2020-W53'), true);
});

test('every instant lies inside the days of its own period, for all three granularities', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }), fc.constantFrom('week' as const, 'month' as const, 'day' as const), (d, g) => {
      const range = periodDays(periodOf(d, g));
      const day = Math.floor(d.getTime() / 86_400_000);
      return range !== undefined && range.first <= day && day <= range.last;
    }),
  );
});

test('a coupon stays valid through its whole expiry period', () => {
  assert.equal(isExpired('2024-W17', '2024-W17'), false);
  assert.equal(isExpired('2024-W17', '2024-W18'), true);
  assert.equal(isExpired('2024-05', '2024-05-31'), false);
  assert.equal(isExpired('2024-05', '2024-06-01'), true);
  assert.equal(isExpired('2024-04-28', '2024-W17'), false); // W17 = 22–28 April 2024
  assert.throws(() => isExpired('soon', '2024-W17'));
});
