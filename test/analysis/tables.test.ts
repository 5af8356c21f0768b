// Tables on a Dataset: bases, missing kinds as categories, nets, multiple response, batteries, cross-tabs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CodedVariable, Dataset, IndicatorVariable } from '../../src/analysis/dataset.ts';
import { raoScottF } from '../../src/analysis/chi-square.ts';
import { surveyDesign } from '../../src/analysis/design.ts';
import { battery } from '../../src/analysis/tables/battery.ts';
import { crosstab } from '../../src/analysis/tables/crosstab.ts';
import { frequencies } from '../../src/analysis/tables/frequencies.ts';
import { multipleResponse } from '../../src/analysis/tables/multiple-response.ts';
import { expectOk } from '../../src/core/result.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';

const S = MISSING_INDEX.skipped;
const NA = MISSING_INDEX.not_applicable;
const DK = MISSING_INDEX.dont_know;
const RF = MISSING_INDEX.refused;

function coded(name: string, values: number[], missing: number[], nets: CodedVariable['nets'] = []): CodedVariable {
  return {
    name, label: { en: name }, item: name, role: 'answer', quasiIdentifier: false, sensitive: false,
    missing: Uint8Array.from(missing), missingKinds: ['skipped', 'not_applicable', 'dont_know', 'refused'], type: 'coded', measure: 'ordinal',
    values: Float64Array.from(values, (v, i) => ((missing[i] ?? 0) === 0 ? v : Number.NaN)),
    valueLabels: [1, 2, 3, 4].map((code) => ({ code, label: { en: `c${code}` } })), nets,
  };
}

function indicatorVar(name: string, code: number, values: number[], missing: number[]): IndicatorVariable {
  return {
    name, label: { en: name }, item: 'm', role: 'answer', quasiIdentifier: false, sensitive: false,
    missing: Uint8Array.from(missing), missingKinds: ['skipped', 'not_applicable'], type: 'indicator', measure: 'nominal',
    values: Float64Array.from(values, (v, i) => ((missing[i] ?? 0) === 0 ? v : Number.NaN)), option: { code, label: { en: name } },
  };
}

const NETS = [{ name: 'positive', label: { en: 'Agree' }, codes: [1, 2] }, { name: 'negative', label: { en: 'Disagree' }, codes: [3, 4] }];
// Ten respondents; q: 1,1,2,3,4 valid, then dk, refused, skipped, not applicable ×2.
const q = coded('q', [1, 1, 2, 3, 4, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, DK, RF, S, NA, NA], NETS);
const q2 = coded('q2', [2, 2, 3, 3, 1, 1, 4, 4, 1, 2], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], NETS);
const mMissing = [0, 0, 0, 0, S, NA, 0, 0, 0, 0];
const dataset: Dataset = {
  study: 'test', instrumentVersion: '1', languages: ['en'], n: 10, synthetic: true,
  variables: [q, q2, indicatorVar('m_1', 1, [1, 0, 1, 1, 0, 0, 0, 1, 0, 0], mMissing), indicatorVar('m_2', 2, [1, 1, 0, 0, 0, 0, 0, 1, 0, 0], mMissing)],
  sets: [{ name: 'm', kind: 'multiple', label: { en: 'm' }, variables: ['m_1', 'm_2'] }, { name: 'grid', kind: 'battery', label: { en: 'grid' }, variables: ['q', 'q2'] }],
};

test('default base: everyone asked, with don’t know, refused and skipped as categories (hand-counted)', () => {
  const t = expectOk(frequencies(dataset, 'q'), 'q');
  assert.equal(t.base.code, 'asked');
  assert.equal(t.base.n, 8);
  assert.match(t.base.description, /asked/);
  const share: Record<string, number[]> = Object.fromEntries(t.rows.map((r): [string, number[]] => [r.kind === 'net' ? (r.net ?? '') : (r.missing ?? String(r.code)), [r.n, r.share]]));
  assert.deepEqual(share, { 1: [2, 0.25], 2: [1, 0.125], 3: [1, 0.125], 4: [1, 0.125], dont_know: [1, 0.125], refused: [1, 0.125], skipped: [1, 0.125], positive: [3, 0.375], negative: [2, 0.25] });
});

test('valid base: valid answers only; weighted tables state the weighted n', () => {
  const t = expectOk(frequencies(dataset, 'q', { base: 'valid', weights: [1, 1, 2, 2, 4, 1, 1, 1, 1, 1] }), 'q');
  assert.equal(t.base.n, 5);
  assert.equal(t.base.weightedN, 10);
  assert.deepEqual(t.rows.filter((r) => r.kind === 'value').map((r) => r.share), [0.2, 0.2, 0.2, 0.4]);
  assert.equal(t.rows.some((r) => r.kind === 'missing'), false);
});

test('shares of a variable’s categories sum to 1 under every base, weighted or not (property)', () => {
  const row = fc.record({ value: fc.integer({ min: 1, max: 6 }), missing: fc.constantFrom(0, 0, 0, S, NA, DK, RF), w: fc.double({ min: 0.1, max: 50, noNaN: true }) });
  fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), fc.boolean(), fc.constantFrom('asked' as const, 'valid' as const), (rows, weighted, base) => {
    const v = coded('v', rows.map((r) => r.value), rows.map((r) => r.missing), NETS);
    const ds: Dataset = { ...dataset, n: rows.length, variables: [v], sets: [] };
    const t = expectOk(frequencies(ds, 'v', weighted ? { base, weights: rows.map((r) => r.w) } : { base }), 'v');
    if (t.base.n === 0) return true;
    const sum = t.rows.filter((r) => r.kind !== 'net').reduce((s, r) => s + r.share, 0);
    return Math.abs(sum - 1) < 1e-12;
  }));
});

test('multiple response: % of respondents (asked base) and % of mentions', () => {
  const t = expectOk(multipleResponse(dataset, 'm'), 'm');
  assert.equal(t.base.n, 9);
  assert.deepEqual(t.rows.map((r) => [r.n, r.shareOfRespondents, r.shareOfMentions]), [[4, 4 / 9, 4 / 7], [3, 3 / 9, 3 / 7]]);
  assert.deepEqual(t.missing.find((m) => m.kind === 'skipped')?.n, 1);
  const valid = expectOk(multipleResponse(dataset, 'm', { base: 'valid' }), 'm');
  assert.equal(valid.base.n, 8);
});

test('battery: one table per statement with its nets', () => {
  const t = expectOk(battery(dataset, 'grid', { base: 'valid' }), 'grid');
  assert.equal(t.statements.length, 2);
  const second = t.statements[1];
  assert.ok(second !== undefined);
  assert.deepEqual(second.rows.filter((r) => r.kind === 'net').map((r) => [r.net, r.n, r.share]), [['positive', 6, 0.6], ['negative', 4, 0.4]]);
});

test('cross-tab: row and column shares sum to 1; with a design the test is svychisq’s Rao–Scott F', () => {
  const t = expectOk(crosstab(dataset, 'q', 'q2', { base: 'valid' }), 'x');
  assert.equal(t.base.n, 5);
  const nc = t.columns.length;
  t.rows.forEach((_, a) => {
    const s = t.cells.slice(a * nc, a * nc + nc).reduce((x, c) => x + c.n, 0);
    if (s > 0) assert.ok(Math.abs(t.cells.slice(a * nc, a * nc + nc).reduce((x, c) => x + c.rowShare, 0) - 1) < 1e-12);
  });
  assert.equal(t.test?.method, 'pearson');
  const design = expectOk(surveyDesign({ weights: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2] }), 'd');
  const w = expectOk(crosstab(dataset, 'q', 'q2', { base: 'valid', design }), 'x');
  const direct = expectOk(raoScottF(design, q.values, q2.values), 'f');
  assert.equal(w.test?.method, 'rao-scott-f');
  assert.equal(w.test.statistic, direct.statistic);
  assert.equal(w.base.weightedN, 7);
});

test('unknown variables and sets are diagnostics, not exceptions', () => {
  const r = frequencies(dataset, 'nope');
  assert.equal(r.ok ? '' : r.error.code, 'analysis.unknown-variable');
  const s = multipleResponse(dataset, 'grid');
  assert.equal(s.ok ? '' : s.error.code, 'analysis.unknown-set');
});
