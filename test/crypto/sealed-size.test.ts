// Every sealed response of a study has one length: the flagship's "skip everything" and "answer everything, as long
// as allowed" seal to the same number of bytes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeEnvelope } from '../../src/crypto/envelope.ts';
import { generateStudyKey, recipientFileText, seal } from '../../src/crypto/index.ts';
import { largestEnvelope, studySealedPlainSize } from '../../src/crypto/sealed-size.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import type { Instrument, ItemValue, Response } from '../../src/instrument/model.ts';

const FILE = 'studies/russians-in-serbia/instrument.yaml';
const instrument = loadInstrumentYaml(readFileSync(FILE, 'utf8'), FILE).instrument as Instrument;
const items = instrument.sections.flatMap((s) => s.items).filter((i) => i.kind !== 'note');

const response = (value: (item: (typeof items)[number]) => ItemValue, language: string): Response => ({
  study: instrument.study,
  instrumentVersion: instrument.version,
  language,
  values: Object.fromEntries(items.map((i) => [i.name, value(i)])),
});

/** Every item at its widest: all choices, the longest integer, text filled to max_length with three-byte characters (the most free text takes once normalised on parse). */
const widest = (i: (typeof items)[number]): ItemValue => {
  switch (i.kind) {
    case 'single':
      return { kind: 'choice', code: i.choices.map((c) => c.code).sort((a, b) => String(b).length - String(a).length)[0]! };
    case 'multiple':
      return { kind: 'choices', codes: i.choices.map((c) => c.code) };
    case 'battery':
      return { kind: 'battery', rows: Object.fromEntries(i.rows.map((r) => [r.name, 'dont_know' as const])) };
    case 'integer':
      return { kind: 'integer', value: String(i.min).length > String(i.max).length ? i.min : i.max };
    case 'decimal':
      return { kind: 'decimal', value: -(10 ** 11) - 0.25 };
    case 'date':
      return { kind: 'date', value: i.max };
    case 'text':
    case 'long_text':
      return { kind: 'text', value: '\u0800'.repeat(i.maxLength) };
  }
};

test('the largest envelope bound is reached by the widest response and never exceeded', () => {
  const bound = largestEnvelope(instrument);
  for (const lang of instrument.languages) {
    const body = JSON.stringify({ format: 'portas.response/1', study: instrument.study, instrumentVersion: instrument.version, language: lang, values: response(widest, lang).values });
    const bytes = new TextEncoder().encode(body).length;
    assert.ok(bytes + 1 <= bound, `${bytes + 1} > ${bound}`);
  }
  assert.ok(bound > 3 * (600 + 750), 'the flagship admits two long free-text answers (600 and 750 characters, three bytes each)');
});

test('flagship: "skip everything" and "answer everything" seal to the same length', async () => {
  const key = await generateStudyKey({ kind: 'x25519' });
  const recipient = recipientFileText(key, instrument.study).split('\n').find((l) => l.startsWith('age1'))!;
  const size = studySealedPlainSize(instrument);
  assert.equal(size, 8 * 1024);
  const skipped = response(() => ({ kind: 'missing', missing: 'skipped' }), 'ru');
  const full = response(widest, 'en');
  const ordinary = response((i) => (i.kind === 'text' || i.kind === 'long_text' ? { kind: 'text', value: 'Белград' } : widest(i)), 'ru');
  const lengths = [];
  for (const r of [skipped, full, ordinary]) {
    const sealed = await seal(recipient, r, size);
    assert.ok(sealed.ok);
    lengths.push(sealed.value.length);
  }
  assert.equal(new Set(lengths).size, 1, `sealed lengths ${lengths.join(', ')}`);
  const unpadded = encodeEnvelope(skipped);
  assert.ok(unpadded.ok && unpadded.value.length < size, 'without the study size, a skipped response would be smaller');
});
