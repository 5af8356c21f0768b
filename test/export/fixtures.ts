// Test datasets: a flagship-like fixture (Russian/English, a multiple-choice set, a battery, every missing kind) and random ones.

import fc from 'fast-check';
import type { CodedVariable, Dataset, IndicatorVariable, NumericVariable, TextVariable, Variable } from '../../src/analysis/dataset.ts';
import { MISSING_INDEX, MISSING_KINDS, type MissingKind } from '../../src/instrument/missing.ts';

const ALL: readonly MissingKind[] = MISSING_KINDS;
const base = (name: string, ru: string, en: string, n: number) => ({
  name,
  label: { ru, en },
  item: name,
  role: 'answer' as const,
  quasiIdentifier: false,
  sensitive: false,
  missing: new Uint8Array(n),
  missingKinds: ALL,
});

/** Fills `values`/`missing` from a list where a string is a missing kind. */
function numbers<V extends { missing: Uint8Array }>(v: V, cells: readonly (number | MissingKind)[]): V & { values: Float64Array } {
  const values = new Float64Array(cells.length);
  cells.forEach((c, r) => {
    if (typeof c === 'number') values[r] = c;
    else {
      values[r] = Number.NaN;
      v.missing[r] = MISSING_INDEX[c];
    }
  });
  return { ...v, values };
}

/** 32,000 characters (32,700 UTF-8 bytes, within SPSS's 32,767): Cyrillic, quotes, a newline. */
export const LONG_TEXT = ('Ж'.repeat(700) + 'long "answer", with\nnewlines; ' + 'x'.repeat(32_000)).slice(0, 32_000);

/** Six rows shaped like the flagship study, with every missing kind and awkward labels. */
export function flagshipFixture(): Dataset {
  const n = 6;
  const sex: CodedVariable = numbers(
    {
      ...base('sex', 'Ваш пол', 'Your sex', n),
      quasiIdentifier: true,
      type: 'coded' as const,
      measure: 'nominal' as const,
      valueLabels: [
        { code: 1, label: { ru: 'Мужской', en: 'Male' } },
        { code: 2, label: { ru: 'Женский', en: 'Female' } },
      ],
      nets: [],
    },
    [1, 2, 1, 'refused', 2, 'skipped'],
  );
  const age: NumericVariable = numbers({ ...base('age', 'Сколько вам лет?', 'How old are you?', n), quasiIdentifier: true, missingKinds: ['not_applicable', 'dont_know'], type: 'numeric' as const, measure: 'scale' as const }, [34, 45, 29, 'dont_know', 51, 'not_applicable']);
  const reasons = [
    { code: 1, label: { ru: 'Политика «России»', en: 'Russia\'s "politics"' } },
    { code: 2, label: { ru: 'Мобилизация,\nпризыв', en: 'Mobilisation, draft' } },
    { code: 3, label: { ru: 'Работа', en: 'Work' } },
  ];
  const reasonCells: (number | MissingKind)[][] = [
    [1, 0, 1],
    [0, 1, 0],
    [1, 1, 1],
    ['refused', 'refused', 'refused'],
    ['not_applicable', 'not_applicable', 'not_applicable'],
    [0, 0, 1],
  ];
  const indicators: IndicatorVariable[] = reasons.map((option, i) =>
    numbers(
      {
        ...base(`reason_${option.code}`, `Причины отъезда: ${option.label.ru}`, `Reasons for leaving: ${option.label.en}`, n),
        item: 'reason',
        sensitive: true,
        type: 'indicator' as const,
        measure: 'nominal' as const,
        option,
      },
      reasonCells.map((row) => row[i] ?? 'skipped'),
    ),
  );
  const scale = [1, 2, 3, 4].map((code) => ({ code, label: { ru: `Оценка ${code}`, en: `Rating ${code}` } }));
  const battery: CodedVariable[] = ['trust_police', 'trust_courts'].map((name, i) =>
    numbers(
      {
        ...base(name, `Доверие: ${i === 0 ? 'полиция' : 'суды'}`, `Trust: ${i === 0 ? 'police' : 'courts'}`, n),
        item: 'trust',
        type: 'coded' as const,
        measure: 'ordinal' as const,
        valueLabels: scale,
        nets: [{ name: 'trust', label: { ru: 'Доверяют', en: 'Trust' }, codes: [3, 4] }],
      },
      i === 0 ? [1, 2, 3, 4, 'dont_know', 'skipped'] : [4, 'refused', 'not_applicable', 1, 2, 3],
    ),
  );
  const allMissing: NumericVariable = numbers({ ...base('children', 'Число детей', 'Number of children', n), type: 'numeric' as const, measure: 'scale' as const }, ['skipped', 'skipped', 'not_applicable', 'dont_know', 'refused', 'skipped']);
  const textMissing = new Uint8Array(n);
  textMissing[3] = MISSING_INDEX.refused;
  textMissing[4] = MISSING_INDEX.skipped;
  const comment: TextVariable = {
    ...base('comment', 'Комментарий', 'Comment', n),
    sensitive: true,
    missing: textMissing,
    missingKinds: ['skipped', 'refused'],
    type: 'text',
    measure: 'nominal',
    values: ['Всё "хорошо", спасибо', 'line one\nline two', LONG_TEXT, '', '', 'plain'],
  };
  const id: TextVariable = {
    ...base('response_id', 'Номер анкеты', 'Response id', n),
    item: '',
    role: 'system',
    missingKinds: [],
    type: 'text',
    measure: 'nominal',
    values: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'],
  };
  return {
    study: 'serbia-2024',
    instrumentVersion: '1.0.0',
    languages: ['ru', 'en'],
    n,
    variables: [id, sex, age, ...indicators, ...battery, allMissing, comment],
    sets: [
      { name: 'reason', kind: 'multiple', label: { ru: 'Причины отъезда', en: 'Reasons for leaving' }, variables: indicators.map((v) => v.name) },
      { name: 'trust', kind: 'battery', label: { ru: 'Доверие институтам', en: 'Trust in institutions' }, variables: battery.map((v) => v.name) },
    ],
    synthetic: true,
  };
}

// ---- random datasets for property tests -----------------------------------------------------------

const plain = <T extends object>(o: T): T => ({ ...o }); // fast-check records have a null prototype
const localized = fc.record({ ru: fc.string({ maxLength: 12 }), en: fc.string({ maxLength: 12 }) }).map(plain);
const missingIndex = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) });
const kinds = fc.subarray([...MISSING_KINDS]);

function variableArb(name: string, n: number): fc.Arbitrary<Variable> {
  const common = fc.record({
    label: localized,
    item: fc.constantFrom('', 'q1', 'q2'),
    role: fc.constantFrom('answer' as const, 'system' as const),
    quasiIdentifier: fc.boolean(),
    sensitive: fc.boolean(),
    missing: fc.array(missingIndex, { minLength: n, maxLength: n }).map((a) => Uint8Array.from(a)),
    missingKinds: kinds,
  }).map(plain);
  const nums = (gen: fc.Arbitrary<number>) => fc.array(gen, { minLength: n, maxLength: n });
  const withValues = (m: Uint8Array, xs: number[]) => Float64Array.from(xs.map((x, r) => (m[r] === 0 ? x : Number.NaN)));
  const choice = fc.record({ code: fc.integer({ min: -5, max: 50 }), label: localized }).map(plain);
  return fc.oneof(
    fc.tuple(common, nums(fc.integer({ min: -99, max: 10 })), fc.array(choice, { maxLength: 4 }), fc.constantFrom('nominal' as const, 'ordinal' as const), fc.array(fc.record({ name: fc.constant('net'), label: localized, codes: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }) }).map(plain), { maxLength: 2 })).map(
      ([c, xs, valueLabels, measure, nets]): Variable => ({ ...c, name, type: 'coded', measure, values: withValues(c.missing, xs), valueLabels, nets }),
    ),
    fc.tuple(common, nums(fc.integer({ min: 0, max: 1 })), choice).map(([c, xs, option]): Variable => ({ ...c, name, type: 'indicator', measure: 'nominal', values: withValues(c.missing, xs), option })),
    fc.tuple(common, nums(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -100, max: 100 })))).map(
      ([c, xs]): Variable => ({ ...c, name, type: 'numeric', measure: 'scale', values: withValues(c.missing, xs) }),
    ),
    fc.tuple(common, fc.array(fc.oneof(fc.string(), fc.constantFrom('-99', '-96', '', ' ', '"', ',\r\n', 'Ёж')), { minLength: n, maxLength: n })).map(
      ([c, xs]): Variable => ({ ...c, name, type: 'text', measure: 'nominal', values: xs.map((x, r) => (c.missing[r] === 0 ? x : '')) }),
    ),
  );
}

/** Random datasets: 0–6 variables, 0–8 rows, every variable type, awkward strings and numbers. */
export const datasetArb: fc.Arbitrary<Dataset> = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 })).chain(([n, k]) =>
  fc
    .tuple(
      fc.tuple(...Array.from({ length: k }, (_, i) => variableArb(`v${i}`, n))),
      fc.boolean(),
      fc.string({ maxLength: 10 }),
    )
    .map(([variables, synthetic, version]): Dataset => ({
      study: 'study-x',
      instrumentVersion: version,
      languages: ['ru', 'en'],
      n,
      variables,
      sets: variables.length >= 2 ? [{ name: 'set', kind: 'battery', label: { ru: 'Набор', en: 'Set' }, variables: variables.slice(0, 2).map((v) => v.name) }] : [],
      synthetic,
    })),
);

/** The flagship fixture with no rows. */
export function emptyFixture(): Dataset {
  const d = flagshipFixture();
  return {
    ...d,
    n: 0,
    variables: d.variables.map((v) => (v.type === 'text' ? { ...v, missing: new Uint8Array(0), values: [] } : { ...v, missing: new Uint8Array(0), values: new Float64Array(0) })),
  };
}

/** `k` coded variables with Cyrillic labels and `n` rows of codes 1–5 (no missing values). */
export function wideFixture(k: number, n: number): Dataset {
  const scale = [1, 2, 3, 4, 5].map((code) => ({ code, label: { ru: `Ответ ${code}`, en: `Answer ${code}` } }));
  const variables: Variable[] = Array.from({ length: k }, (_, i): CodedVariable => ({
    ...base(`q${i}`, `Вопрос номер ${i}`, `Question ${i}`, n),
    type: 'coded',
    measure: 'ordinal',
    values: Float64Array.from({ length: n }, (_, r) => 1 + ((r + i) % 5)),
    valueLabels: scale,
    nets: [],
  }));
  return { study: 'wide', instrumentVersion: '1', languages: ['ru', 'en'], n, variables, sets: [], synthetic: true };
}
