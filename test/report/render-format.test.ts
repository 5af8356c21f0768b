import assert from 'node:assert/strict';
import { test } from 'node:test';
import { esc, formatInterval, formatN, formatNumber, formatP, formatPercent, quoted } from '../../src/report/render-format.ts';

const NB = '\u00a0';

test('numbers in English and Russian typography', () => {
  assert.equal(formatNumber(1234567.891, 1, 'en'), '1,234,567.9');
  assert.equal(formatNumber(1234567.891, 1, 'ru'), `1${NB}234${NB}567,9`);
  assert.equal(formatNumber(5000, 0, 'ru'), `5${NB}000`, 'four digits grouped too, so columns line up');
  assert.equal(formatNumber(10500, 0, 'ru'), `10${NB}500`);
  assert.equal(formatNumber(7000, 0, 'en'), '7,000');
  assert.equal(formatNumber(-2.5, 1, 'en'), '\u22122.5', 'a true minus sign');
  assert.equal(formatNumber(-0.01, 1, 'en'), '0.0', 'no minus on a rounded zero');
  assert.equal(formatNumber(Number.NaN, 1, 'en'), '–');
});

test('percents, intervals, n and p', () => {
  assert.equal(formatPercent(85.6, 1, 'en'), '85.6%');
  assert.equal(formatPercent(85.6, 1, 'ru'), `85,6${NB}%`);
  assert.equal(formatInterval(44.8, 37.6, 52, 1, 'ru'), `44,8${NB}% [37,6–52,0]`);
  assert.equal(formatN(1222, 'en'), `n${NB}=${NB}1,222`);
  assert.equal(formatP(0.0004, 'en'), `p${NB}<${NB}0.001`);
  assert.equal(formatP(0.0042, 'ru'), `p${NB}=${NB}0,004`);
  assert.equal(formatP(0.73, 'en'), `p${NB}=${NB}0.73`);
});

test('quotation marks, nested ones at the second level', () => {
  assert.equal(quoted('да', 'ru'), '«да»');
  assert.equal(quoted('ответ «нет»', 'ru'), '«ответ „нет“»');
  assert.equal(quoted('say “no”', 'en'), '“say ‘no’”');
});

test('escaping covers element text and attribute values', () => {
  assert.equal(esc(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});
