// The registry of question kinds: complete by type (tsc checks the @ts-expect-error lines below), consistent at run time.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { LocalizedText } from '../../src/core/text.ts';
import { battery } from '../../src/instrument/kinds/battery.ts';
import { decimal } from '../../src/instrument/kinds/decimal.ts';
import { integer } from '../../src/instrument/kinds/integer.ts';
import type { KindModule, KindRegistry } from '../../src/instrument/kinds/kind.ts';
import { multiple } from '../../src/instrument/kinds/multiple.ts';
import { note } from '../../src/instrument/kinds/note.ts';
import { isKnownAnswer, ITEM_KINDS, KINDS } from '../../src/instrument/kinds/registry.ts';
import { single } from '../../src/instrument/kinds/single.ts';
import { longText, text } from '../../src/instrument/kinds/text.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { itemsOf } from '../../src/instrument/model.ts';

// A kind that leaves anything out does not type-check: here, a note module without its renderer.
// eslint-disable-next-line @typescript-eslint/unbound-method -- the method is taken out only to be left out
const { render: _render, ...noteWithoutRender } = note;
// @ts-expect-error — property 'render' is missing: an incomplete kind is refused by tsc (npm run typecheck)
const incomplete: KindModule<'note'> = noteWithoutRender;

// A registry that forgets a kind of the model (here `date`) does not type-check either.
// @ts-expect-error — property 'date' is missing in the registry
const partial: KindRegistry = { single, multiple, battery, integer, decimal, text, long_text: longText, note };

test('the incomplete examples above really are incomplete (the type errors are not vacuous)', () => {
  assert.equal('render' in incomplete, false);
  assert.equal('date' in partial, false);
});

test('every kind is registered under its own name, and declares its keys', () => {
  for (const kind of ITEM_KINDS) {
    assert.equal(KINDS[kind].kind, kind);
    assert.ok(KINDS[kind].describe.length > 0, kind);
    for (const required of KINDS[kind].requiredKeys) assert.ok(KINDS[kind].keys.includes(required), `${kind}: required key ${required} is allowed`);
  }
  assert.deepEqual([...ITEM_KINDS].sort(), ['battery', 'date', 'decimal', 'integer', 'long_text', 'multiple', 'note', 'single', 'text']);
});

test('the envelope check knows the answer of every kind, and nothing else', () => {
  const answers = [
    { kind: 'choice', code: 3 },
    { kind: 'choice', code: 96, other: 'Ниш' },
    { kind: 'choices', codes: [1, 2], other: 'x' },
    { kind: 'battery', rows: { a: 1, b: 'refused' } },
    { kind: 'integer', value: -3 },
    { kind: 'decimal', value: 35.5 },
    { kind: 'date', value: '2023-03' },
    { kind: 'text', value: 'т' },
  ];
  for (const a of answers) assert.ok(isKnownAnswer(a), JSON.stringify(a));
  const wrong = [
    { kind: 'choice', code: 1.5 },
    { kind: 'choice', code: 1, other: 3 },
    { kind: 'choice', code: 1, extra: true },
    { kind: 'integer', value: 1.5 },
    { kind: 'decimal', value: Number.NaN },
    { kind: 'date', value: 'March 2023' },
    { kind: 'date', value: 2023 },
    { kind: 'slider', value: 3 },
    { kind: 'missing', missing: 'skipped' }, // a missing value is checked by the envelope itself, not by a kind
  ];
  for (const a of wrong) assert.equal(isKnownAnswer(a), false, JSON.stringify(a));
});

test('single and multiple preview their choices alike: the "other" blank names its column, then each kind\'s marks', () => {
  const { instrument } = loadInstrumentYaml(readFileSync('test/instrument/fixtures/new-kinds.yaml', 'utf8'), 'new-kinds.yaml');
  assert.ok(instrument);
  const items = [...itemsOf(instrument)];
  const city = items.find((i) => i.name === 'city');
  const heard = items.find((i) => i.name === 'heard');
  assert.ok(city?.kind === 'single' && heard?.kind === 'multiple');
  const en = (t: LocalizedText): string => t['en'] ?? '';
  assert.deepEqual(single.preview(city, en), ['    ( ) 1. Belgrade', '    ( ) 2. Novi Sad', '    ( ) 96. Another town ________ {city_other; sensitive}']);
  assert.deepEqual(multiple.preview({ ...heard, exclusive: [3] }, en), [
    '    [ ] 1. Telegram',
    '    [ ] 2. Friends',
    '    [ ] 3. News  (only)',
    '    [ ] 96. Other ________ {heard_other; sensitive}',
    '    (choices in random order)',
  ]);
});
