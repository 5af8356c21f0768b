// The padded form state is a proven bound: for random answers to the flagship, read through each kind's own parser
// (as the server reads a submitted page) and including worst-case text (control characters, lone surrogates, quotes,
// three- and four-byte characters), the state never exceeds its padded size, and every padded state — and every
// sealed form — has exactly one length, whatever was answered.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonBytes } from '../../src/crypto/sealed-size.ts';
import { newFormKey, sealFormState } from '../../src/crypto/form-state.ts';
import { normaliseFreeText } from '../../src/instrument/kinds/free-text.ts';
import { kindOf } from '../../src/instrument/kinds/registry.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Answer, Instrument, Item } from '../../src/instrument/model.ts';
import type { FlowState } from '../../src/server/flow-state.ts';
import { padState, paddedStateBytes } from '../../src/server/page-size.ts';

const FILE = 'studies/russians-in-serbia/instrument.yaml';
const instrument = loadInstrumentYaml(readFileSync(FILE, 'utf8'), FILE).instrument as Instrument;
const questions = instrument.sections.flatMap((s) => s.items).filter((i) => i.kind !== 'note');

/** Any UTF-16 unit at all (controls, lone surrogates), and runs of the characters JSON writes longest. */
const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom('\u0001', '\ud800', '\udc00', '"', '\\', '\n', '\r', '\t', '中', '😀', '\u2028'));
const text = (max: number): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit, maxLength: max + 2 }), fc.constantFrom('\u0001', '\ud800', '"', '中', '😀', '\r\n').map((c) => c.repeat(Math.ceil(max / c.length))));

/** A candidate answer for one item, any shape its kind takes; the kind's parser decides whether it stands. */
function candidate(item: Item): fc.Arbitrary<Answer | undefined> {
  const missing = fc.constantFrom<Answer>({ kind: 'missing', missing: 'dont_know' }, { kind: 'missing', missing: 'refused' });
  const widest = kindOf(item).widest(item);
  switch (item.kind) {
    case 'text':
    case 'long_text':
      return fc.oneof(text(item.maxLength).map((value): Answer => ({ kind: 'text', value })), missing, fc.constant(undefined));
    case 'single': {
      const other = item.other;
      const codes = item.choices.map((c) => c.code);
      return fc.oneof(fc.record({ code: fc.constantFrom(...codes), o: other ? text(other.maxLength) : fc.constant('') }).map(({ code, o }): Answer => ({ kind: 'choice', code, ...(other?.code === code && o !== '' ? { other: o } : {}) })), missing, fc.constant(undefined));
    }
    case 'multiple': {
      const other = item.other;
      return fc.oneof(fc.record({ codes: fc.subarray(item.choices.map((c) => c.code), { minLength: 1 }), o: other ? text(other.maxLength) : fc.constant('') }).map(({ codes, o }): Answer => ({ kind: 'choices', codes, ...(other !== undefined && codes.includes(other.code) && o !== '' ? { other: o } : {}) })), missing, fc.constant(undefined));
    }
    default:
      return fc.oneof(fc.constantFrom(...widest), missing, fc.constant(undefined));
  }
}

/** The answer as the server keeps it: sent as a browser would send it, read back by the kind's parser. */
function throughParser(item: Item, answer: Answer): Answer | undefined {
  const kind = kindOf(item);
  const fields = kind.answerFields(item, answer);
  const parsed = kind.parse(item, (name) => fields.filter(([n, v]) => n === name && v !== '').map(([, v]) => v), { say: () => 'x', lang: 'en' });
  return parsed.kind === 'answer' ? parsed.answer : undefined;
}

const answersArb = fc.tuple(...questions.map(candidate)).map((list) => {
  const answers: Record<string, Answer> = {};
  list.forEach((a, i) => {
    const item = questions[i];
    const kept = a === undefined || item === undefined ? undefined : throughParser(item, a);
    if (kept !== undefined && item !== undefined) answers[item.name] = kept;
  });
  return answers;
});

const flow = (answers: Record<string, Answer>, lang: string, unlinked: boolean, page: number): FlowState => ({
  v: 1,
  rid: 'f'.repeat(32),
  coupon: 'ABCDEFGHJKM',
  give: ['ABCDEFGHJKM', 'BCDEFGHJKMN', 'CDEFGHJKMNP'],
  lang,
  page,
  answers,
  t0: 29_500_000,
  ord: 'a'.repeat(16),
  ...(unlinked ? { unlinked: 'coupon-used' as const } : {}),
});

test('normalised free text takes at most three bytes of JSON per UTF-16 unit', () => {
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 300 }), (raw) => {
      const kept = normaliseFreeText(raw);
      assert.ok(kept.length <= raw.length);
      assert.ok(jsonBytes(kept) - 2 <= 3 * kept.length, JSON.stringify(kept));
    }),
    { numRuns: 2000 },
  );
});

test('flagship: every padded state has one length, never exceeded by its answers; every sealed form one length', async () => {
  const empty = flow({}, 'ru', false, 0);
  const size = paddedStateBytes(instrument, empty);
  const key = await newFormKey(29_500_000);
  const sealedLength = (await sealFormState(key, 'c', padState(instrument, empty), 29_500_000)).length;
  let widestSeen = 0;
  await fc.assert(
    fc.asyncProperty(answersArb, fc.constantFrom(...instrument.languages), fc.boolean(), fc.nat({ max: instrument.sections.length - 1 }), async (answers, lang, unlinked, page) => {
      const state = flow(answers, lang, unlinked, page);
      const bare = jsonBytes({ ...state, pad: '' });
      widestSeen = Math.max(widestSeen, bare);
      assert.ok(bare <= size, `a state of ${bare} bytes exceeds the padded ${size}`);
      const padded = padState(instrument, state);
      assert.equal(jsonBytes(padded), size);
      assert.equal((await sealFormState(key, 'c', padded, 29_500_000)).length, sealedLength);
    }),
    { numRuns: 300 },
  );
  assert.ok(widestSeen > size / 2, `the random answers reach ${widestSeen} of ${size} bytes: the property is not vacuous`);
});

// Not exact: the bound counts every box of a multiple choice ticked, which an exclusive option ("none of these") forbids.
test('the bound is tight enough to mean something: the widest answers, read back, come within 3 % of it', () => {
  const answers: Record<string, Answer> = {};
  for (const item of questions) {
    const offered = [...item.offers].map((missing): Answer => ({ kind: 'missing', missing }));
    const widest = [...kindOf(item).widest(item), ...offered].map((a) => throughParser(item, a)).filter((a) => a !== undefined);
    const longest = widest.reduce<Answer | undefined>((a, b) => (a === undefined || jsonBytes(b) > jsonBytes(a) ? b : a), undefined);
    if (longest !== undefined) answers[item.name] = longest;
  }
  const state = flow(answers, 'ru', true, 0);
  const bare = jsonBytes({ ...state, pad: '' });
  const size = paddedStateBytes(instrument, state);
  assert.ok(bare <= size && bare > 0.97 * size, `${bare} of ${size}`);
});
