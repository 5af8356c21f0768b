// Test and bench fixtures: responses that exercise every item value kind, and a flagship-sized one.

import type { ItemValue, Response } from '../../src/instrument/model.ts';

/** One value of every kind, every missing kind, Cyrillic text and a 32,000-character text. */
export function everyKindResponse(study = 'flagship-serbia-2024', instrumentVersion = '1.0.0'): Response {
  return {
    study,
    instrumentVersion,
    language: 'ru',
    values: {
      sex: { kind: 'choice', code: 2 },
      reasons: { kind: 'choices', codes: [1, 4, 7] },
      reasons_none: { kind: 'choices', codes: [] },
      trust: { kind: 'battery', rows: { army: 1, putin: 'refused', media: 'dont_know', nato: 5 } },
      birth_year: { kind: 'integer', value: 1987 },
      negative_int: { kind: 'integer', value: -3 },
      city: { kind: 'text', value: 'Белград, район Врачар — «не знаю»' },
      story: { kind: 'text', value: 'Ж'.repeat(16000) + 'x'.repeat(16000) },
      newlines: { kind: 'text', value: 'line one\nline two\r\n\ttab "quoted" \\ \u2028 \u0000 emoji 🙂' },
      q_skipped: { kind: 'missing', missing: 'skipped' },
      q_na: { kind: 'missing', missing: 'not_applicable' },
      q_dk: { kind: 'missing', missing: 'dont_know' },
      q_refused: { kind: 'missing', missing: 'refused' },
    },
  };
}

/** Roughly the flagship questionnaire's size: 70 items, a few short texts, some branches not applicable. */
export function flagshipResponse(seed: number, study = 'flagship-serbia-2024'): Response {
  const values: Record<string, ItemValue> = {};
  let s = seed >>> 0;
  const next = (n: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  for (let i = 0; i < 70; i++) {
    const name = `q${String(i + 1).padStart(2, '0')}`;
    const r = next(10);
    if (i % 17 === 5) values[name] = { kind: 'text', value: 'Переехали с семьёй, работаю удалённо в IT. '.repeat(1 + next(3)) };
    else if (i % 9 === 0) values[name] = { kind: 'choices', codes: [1, 3, 5].slice(0, 1 + next(3)) };
    else if (i % 11 === 0) values[name] = { kind: 'battery', rows: { a: 1 + next(5), b: 1 + next(5), c: 'dont_know', d: 1 + next(5) } };
    else if (r === 0) values[name] = { kind: 'missing', missing: 'not_applicable' };
    else if (r === 1) values[name] = { kind: 'missing', missing: 'refused' };
    else values[name] = { kind: 'choice', code: 1 + next(6) };
  }
  return { study, instrumentVersion: '1.0.0', language: 'ru', values };
}
