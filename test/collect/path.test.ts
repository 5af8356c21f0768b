import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { completeResponse, startPath, step, visibleItems, type PathState } from '../../src/collect/path.ts';
import { xoshiro128ss, type Rng } from '../../src/core/rng.ts';
import { evaluate } from '../../src/instrument/expression.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { isQuestion, itemsOf, type Answer, type Instrument } from '../../src/instrument/model.ts';
import { expressionValue, type Answers } from '../../src/instrument/relevance.ts';
import { arbInstrument, randomAnswer } from './arbitrary.ts';

const mini = loadInstrumentYaml(readFileSync('test/instrument/fixtures/mini.yaml', 'utf8'), 'mini.yaml').instrument!;

/**
 * Oracle, written differently from the implementation: drop answers of irrelevant items until
 * nothing changes (a fixed point), evaluating every condition against the whole answer set.
 */
function oracleRelevant(instrument: Instrument, answers: Answers): { relevant: Set<string>; kept: Answers } {
  let kept: Record<string, Answer> = { ...answers };
  for (;;) {
    const lookup = (n: string) => expressionValue(kept[n]);
    const relevant = new Set<string>();
    for (const s of instrument.sections) {
      if (s.relevance && !evaluate(s.relevance.expr, lookup)) continue;
      for (const i of s.items) if (!i.relevance || evaluate(i.relevance.expr, lookup)) relevant.add(i.name);
    }
    const next = Object.fromEntries(Object.entries(kept).filter(([n]) => relevant.has(n)));
    if (Object.keys(next).length === Object.keys(kept).length) return { relevant, kept };
    kept = next;
  }
}

function pageAnswers(instrument: Instrument, state: PathState, rng: Rng): Answers {
  const out: Record<string, Answer> = {};
  for (const item of visibleItems(instrument, state)) {
    const a = randomAnswer(item, rng);
    if (a !== undefined) out[item.name] = a;
  }
  return out;
}

function onPage(instrument: Instrument, state: PathState): Answers {
  if (state.status !== 'answering') return {};
  const names = new Set(instrument.sections[state.page]!.items.map((i) => i.name));
  return Object.fromEntries(Object.entries(state.answers).filter(([n]) => names.has(n)));
}

const instruments = fc.oneof({ weight: 3, arbitrary: arbInstrument }, { weight: 1, arbitrary: fc.constant(mini) });

test('an irrelevant item is never shown, and no answer to one is ever kept', () => {
  fc.assert(
    fc.property(instruments, fc.integer(), (instrument, seed) => {
      const rng = xoshiro128ss(seed);
      let state = startPath(instrument);
      for (let n = 0; n < 40 && state.status === 'answering'; n++) {
        const { relevant, kept } = oracleRelevant(instrument, state.answers);
        assert.deepEqual(state.answers, kept, 'kept answers = oracle fixed point');
        for (const item of visibleItems(instrument, state)) assert.ok(relevant.has(item.name), `${item.name} shown while irrelevant`);
        const answers = pageAnswers(instrument, state, rng);
        state = step(instrument, state, { type: rng.nextInt(4) === 0 ? 'back' : 'next', pageAnswers: answers });
      }
    }),
    { numRuns: 300 },
  );
});

test('a relevant item is never unreachable: going forward shows every item relevant to the final answers', () => {
  fc.assert(
    fc.property(instruments, fc.integer(), (instrument, seed) => {
      const rng = xoshiro128ss(seed);
      let state = startPath(instrument);
      const shown = new Set<string>();
      while (state.status === 'answering') {
        for (const i of visibleItems(instrument, state)) shown.add(i.name);
        state = step(instrument, state, { type: 'next', pageAnswers: pageAnswers(instrument, state, rng) });
      }
      assert.equal(state.status, 'finished');
      const { relevant } = oracleRelevant(instrument, state.answers);
      for (const name of relevant) assert.ok(shown.has(name), `${name} is relevant but was never shown`);
      const response = completeResponse(instrument, state, 'en');
      for (const item of itemsOf(instrument)) {
        if (!isQuestion(item)) continue;
        const v = response.values[item.name];
        assert.ok(v, `${item.name} has a value`);
        if (!relevant.has(item.name)) assert.deepEqual(v, { kind: 'missing', missing: 'not_applicable' });
        else if (state.answers[item.name] === undefined) assert.deepEqual(v, { kind: 'missing', missing: 'skipped' });
        else assert.deepEqual(v, state.answers[item.name]);
      }
    }),
    { numRuns: 300 },
  );
});

test('back then next, without changes, loses no kept answer and returns to the same page', () => {
  fc.assert(
    fc.property(instruments, fc.integer(), (instrument, seed) => {
      const rng = xoshiro128ss(seed);
      let state = startPath(instrument);
      for (let n = 0; n < 30 && state.status === 'answering'; n++) {
        const before = state;
        const back = step(instrument, before, { type: 'back', pageAnswers: onPage(instrument, before) });
        if (back.status !== 'answering') assert.fail('back leaves the path');
        assert.deepEqual(back.answers, before.answers, 'back keeps every answer');
        if (back.page !== before.page) {
          const again = step(instrument, back, { type: 'next', pageAnswers: onPage(instrument, back) });
          assert.deepEqual(again, before, 'next after back returns to the same page with the same answers');
        }
        state = step(instrument, state, { type: 'next', pageAnswers: pageAnswers(instrument, state, rng) });
      }
    }),
    { numRuns: 300 },
  );
});

test('withdrawing at any point leaves nothing', () => {
  fc.assert(
    fc.property(instruments, fc.integer(), fc.integer({ min: 0, max: 10 }), (instrument, seed, when) => {
      const rng = xoshiro128ss(seed);
      let state = startPath(instrument);
      for (let n = 0; n < when && state.status === 'answering'; n++) {
        state = step(instrument, state, { type: 'next', pageAnswers: pageAnswers(instrument, state, rng) });
      }
      const withdrawn = step(instrument, state, { type: 'withdraw' });
      assert.deepEqual(withdrawn, { status: 'withdrawn' });
      assert.equal(JSON.stringify(withdrawn), '{"status":"withdrawn"}');
      assert.deepEqual(visibleItems(instrument, withdrawn), []);
    }),
  );
});

test('the fixture: an answer made irrelevant by a later change is dropped', () => {
  let s = startPath(mini);
  s = step(mini, s, { type: 'next', pageAnswers: { sex: { kind: 'choice', code: 2 }, age: { kind: 'integer', value: 30 }, with_whom: { kind: 'choices', codes: [2] } } });
  assert.ok(s.status === 'answering' && mini.sections[s.page]!.name === 'family');
  s = step(mini, s, { type: 'next', pageAnswers: { kids_n: { kind: 'integer', value: 2 } } });
  assert.ok(s.status === 'answering' && mini.sections[s.page]!.name === 'views');
  assert.deepEqual(visibleItems(mini, s).map((i) => i.name), ['first_choice', 'why_not', 'eval']);
  // Back twice, change "with whom" to no children: kids_n must go.
  s = step(mini, s, { type: 'back', pageAnswers: {} });
  s = step(mini, s, { type: 'back', pageAnswers: onPage(mini, s) });
  assert.ok(s.status === 'answering' && s.page === 0);
  s = step(mini, s, { type: 'next', pageAnswers: { ...onPage(mini, s), with_whom: { kind: 'choices', codes: [1] } } });
  assert.ok(s.status === 'answering' && mini.sections[s.page]!.name === 'views', 'the family page is now skipped');
  assert.equal(s.answers['kids_n'], undefined);
});
