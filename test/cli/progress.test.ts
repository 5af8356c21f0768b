import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progress, terminalBar } from '../../src/cli/progress.ts';

const fake = (isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } => {
  let written = '';
  const stream = { isTTY, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
};

test('a terminal bar redraws in place, only when it changes, and ends its line at the total', () => {
  const { stream, text } = fake(true);
  const bar = terminalBar('opening', stream);
  assert.ok(bar);
  for (let i = 0; i <= 5000; i++) bar(i, 5000);
  const draws = text().split('\r').length - 1;
  assert.ok(draws <= 1002, `${String(draws)} redraws for 5001 ticks`);
  assert.ok(text().endsWith('[##############################] 5000/5000\n'));
  assert.ok(text().startsWith('\ropening ['));
  assert.equal(terminalBar('x', fake(false).stream), undefined, 'no control characters into a pipe or log');
});

test('stages: a bar on a terminal; elsewhere one line with the final count', () => {
  const tty = fake(true);
  const p = progress(2, tty.stream);
  p.stage('one');
  p.tick(1, 2);
  p.tick(2, 2);
  p.stage('two');
  assert.match(tty.text(), /^\[1\/2\] one\n\r {6}\[#+\.+\] 1\/2\r {6}\[#+\] 2\/2\n\[2\/2\] two\n$/);
  const log = fake(false);
  const q = progress(2, log.stream);
  q.stage('one');
  q.tick(1, 2);
  q.tick(2, 2);
  q.note('done');
  assert.equal(log.text(), '[1/2] one\n      2/2\n      done\n');
});

test('each stage is timed from its start to the next one’s', async () => {
  const p = progress(2, fake(false).stream);
  p.stage('first stage', 'first');
  await new Promise((r) => setTimeout(r, 30));
  p.stage('second stage', 'second');
  const t = p.timings();
  assert.deepEqual(t.map((x) => x.stage), ['first', 'second']);
  assert.ok((t[0]?.seconds ?? 0) >= 0.025, String(t[0]?.seconds));
  assert.ok((t[1]?.seconds ?? 1) < (t[0]?.seconds ?? 0));
});
