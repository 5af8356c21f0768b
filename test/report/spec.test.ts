// The report-spec loader: the flagship's spec loads; mistakes are named with file:line:col and the field.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatDiagnostic, type Diagnostic } from '../../src/core/diagnostic.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { loadReportSpec } from '../../src/report/spec.ts';

const DIR = 'studies/russians-in-serbia';
const loaded = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`).instrument;
if (loaded === undefined) throw new Error('the flagship instrument does not load');
const instrument = loaded;

/** A one-figure spec whose figure block is `block` (lines from line 6 on). */
const spec = (block: string): string => `study: russians-in-serbia
title: { ru: "Т", en: "T" }
subtitle: { ru: "П", en: "S" }
sections:
  - { key: s, title: { ru: "Р", en: "S" }, blocks: [ ${block} ] }
`;

/** 1-based column of `token` within the block's line of spec(block). */
function columnOf(block: string, token: string): number {
  const line = spec(block).split('\n')[4] ?? '';
  return line.indexOf(block) + block.indexOf(token) + 1;
}

function errors(text: string): Diagnostic[] {
  const r = loadReportSpec(text, 'report.yaml', instrument);
  assert.ok(!r.ok, 'the spec should be refused');
  return r.error;
}

function one(text: string, code: string): Diagnostic {
  const found = errors(text).filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code}: ${errors(text).map(formatDiagnostic).join('\n')}`);
  return found[0] as Diagnostic;
}

test('the flagship report spec loads, in report order, every figure of the seed report numbered', () => {
  const r = loadReportSpec(readFileSync(`${DIR}/report.yaml`, 'utf8'), `${DIR}/report.yaml`, instrument);
  assert.ok(r.ok, r.ok ? '' : r.error.map(formatDiagnostic).join('\n'));
  const figures = r.value.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'figure');
  assert.deepEqual(figures.flatMap((f) => (f.number === undefined ? [] : [f.number])), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(r.value.languages, ['ru', 'en']);
  assert.equal(r.value.degree, 'net_size');
});

test('an unknown item is named with its position', () => {
  const block = '{ figure: f, title: { ru: "Р", en: "F" }, item: sexx }';
  const d = one(spec(block), 'report.unknown-item');
  assert.deepEqual(d.position, { file: 'report.yaml', line: 5, column: columnOf(block, 'sexx') });
  assert.match(d.message, /no item 'sexx'/);
  assert.equal(d.subject, 'f.item');
});

test('an unknown code, net or missing kind is named with its position', () => {
  const block = '{ figure: f, title: { ru: "Р", en: "F" }, item: sex, categories: [1, 3] }';
  const code = one(spec(block), 'report.unknown-code');
  assert.deepEqual(code.position, { file: 'report.yaml', line: 5, column: columnOf(block, '3]') });
  assert.match(code.message, /sex has no code 3/);
  const net = one(spec('{ figure: f, title: { ru: "Р", en: "F" }, item: eval_ru, categories: [negativ] }'), 'report.unknown-net');
  assert.match(net.message, /eval_ru has no net 'negativ'/);
  assert.match(net.hint ?? '', /positive, negative/);
  const missing = one(spec('{ figure: f, title: { ru: "Р", en: "F" }, item: sex, categories: [dont_know] }'), 'report.unknown-code');
  assert.match(missing.message, /sex cannot be 'dont_know'/);
  const row = one(spec('{ statement: s1, text: { ru: "Р", en: "F" }, item: eval_ru, row: army2, category: 1 }'), 'report.unknown-row');
  assert.match(row.message, /no row 'army2'/);
  const filterCode = one(spec('{ statement: s1, text: { ru: "Р", en: "F" }, item: sex, category: 1, base: { of: asked, where: [{ item: left_when, codes: [9] }] } }'), 'report.unknown-code');
  assert.match(filterCode.message, /left_when has no code 9/);
});

test('a bad base is named with its position and the allowed kinds', () => {
  const block = '{ figure: f, title: { ru: "Р", en: "F" }, item: sex, base: respondents }';
  const d = one(spec(block), 'report.bad-base');
  assert.deepEqual(d.position, { file: 'report.yaml', line: 5, column: columnOf(block, 'respondents') });
  assert.match(d.message, /all, asked, answered/);
  assert.equal(d.subject, 'f.base');
});

test('published numbers must be printed percentages and name categories the figure has', () => {
  assert.match(one(spec('{ figure: f, title: { ru: "Р", en: "F" }, item: sex, published: [{ category: "1", text: "about half" }] }'), 'report.bad-published').message, /not a printed percentage/);
  const block = '{ figure: f, title: { ru: "Р", en: "F" }, item: sex, categories: [1], published: [{ category: "2", text: "47" }] }';
  const d = one(spec(block), 'report.unknown-category');
  assert.match(d.message, /no category '2'/);
  assert.deepEqual(d.position, { file: 'report.yaml', line: 5, column: columnOf(block, '"2"') });
  assert.match(one(spec('{ figure: f, title: { ru: "Р", en: "F" }, item: eval_ru, published: [{ category: negative, row: tsar, text: "47" }] }'), 'report.unknown-row').message, /no row 'tsar'/);
});

test('a text without one of the instrument languages, and a spec for another study, are refused', () => {
  assert.match(one(spec('{ figure: f, title: { en: "F" }, item: sex }'), 'report.missing-label').message, /needs 'ru'/);
  assert.equal(one(spec('{ figure: f, title: { ru: "Р", en: "F" }, item: sex }').replace('russians-in-serbia', 'other'), 'report.wrong-study').code, 'report.wrong-study');
});

test("a category of one's own grouping non-answers shown beside it is a net; alone it is a part of the 100 %", () => {
  const dir = 'studies/russians-in-serbia';
  const instrument = loadInstrumentYaml(readFileSync(`${dir}/instrument.yaml`, 'utf8'), 'i').instrument;
  assert.ok(instrument);
  const spec = loadReportSpec(readFileSync(`${dir}/report.yaml`, 'utf8'), 'report.yaml', instrument);
  assert.ok(spec.ok);
  const figures = spec.value.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'figure');
  const kindOf = (figure: string, category: string): string | undefined => figures.find((f) => f.key === figure)?.categories.find((c) => c.key === category)?.kind;
  assert.equal(kindOf('fig11', 'dk_refused'), 'net', 'Fig. 11 also shows dont_know and refused');
  assert.equal(kindOf('war_blame', 'dk_refused'), 'missing', 'war_blame shows only the group');
});
