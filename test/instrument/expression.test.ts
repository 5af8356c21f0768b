import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, parseExpression, referencesOf, type ExprValue } from '../../src/instrument/expression.ts';

const parse = (src: string) => {
  const r = parseExpression(src);
  if (!r.ok) assert.fail(`'${src}' failed: ${r.error.message} at ${r.error.column}`);
  return r.value;
};
const run = (src: string, env: Record<string, ExprValue>) => evaluate(parse(src), (n) => env[n] ?? null);

test('malformed expressions report what is wrong and the 1-based column', () => {
  const cases: [string, number, RegExp][] = [
    ['${a} = ', 8, /ends too early/],
    ['${a} == 1', 7, /unexpected '='/],
    ['(${a} = 1', 10, /expected '\)' to close the parenthesis/],
    ['${a} = 1)', 9, /unexpected '\)'/],
    ["${a} = 'x", 8, /string is not closed/],
    ['$a = 1', 1, /expected a reference like \$\{name\}/],
    ['${a} = 1 and', 13, /ends too early/],
    ['foo(${a})', 1, /unknown word 'foo'/],
    ['selected(${a})', 14, /expected ',' between the arguments/],
    ['selected(1, 2)', 1, /first argument of selected\(\) must be a reference/],
    ['count-selected(${a}, 1)', 20, /expected '\)' to close 'count-selected\('/],
    ['${a} < 1 < 2', 10, /cannot be chained/],
    ['${a} = 1 # 2', 10, /unexpected '#'/],
    ['not ${a}', 5, /expected '\(' after 'not'/],
  ];
  for (const [src, column, message] of cases) {
    const r = parseExpression(src);
    assert.ok(!r.ok, `'${src}' should not parse`);
    assert.equal(r.error.column, column, `column for '${src}': ${r.error.message}`);
    assert.match(r.error.message, message, src);
  }
});

test('precedence: and binds tighter than or; parentheses override', () => {
  assert.equal(run('${a} = 1 or ${b} = 1 and ${c} = 1', { a: 1, b: 0, c: 0 }), true);
  assert.equal(run('(${a} = 1 or ${b} = 1) and ${c} = 1', { a: 1, b: 0, c: 0 }), false);
  assert.equal(run('not(${a} = 1) and ${b} = 2', { a: 2, b: 2 }), true);
});

test('comparisons follow XPath: numbers numerically, empty answers compare as empty', () => {
  assert.equal(run('${a} = 2', { a: 2 }), true);
  assert.equal(run("${a} = '2'", { a: 2 }), true, 'a quoted number equals the number');
  assert.equal(run('${a} >= 18', { a: 18 }), true);
  assert.equal(run('${a} < 10', { a: 9.5 }), true);
  assert.equal(run('${a} > 3', {}), false, 'unanswered is never greater');
  assert.equal(run('${a} < 3', {}), false, 'nor smaller');
  assert.equal(run("${a} = ''", {}), true, 'unanswered equals empty');
  assert.equal(run('${a} != 1', {}), true);
  assert.equal(run("${t} = 'Белград'", { t: 'Белград' }), true);
  assert.equal(run('${a} = -97', { a: -97 }), true, "don't know compares as its reserved code");
});

test('selected() and count-selected() on multiple and single choice', () => {
  assert.equal(run("selected(${m}, '2')", { m: [1, 2] }), true);
  assert.equal(run('selected(${m}, 3)', { m: [1, 2] }), false);
  assert.equal(run("selected(${s}, '2')", { s: 2 }), true);
  assert.equal(run("selected(${m}, '2')", {}), false);
  assert.equal(run('count-selected(${m}) >= 2', { m: [1, 4] }), true);
  assert.equal(run('count-selected(${m}) = 0', {}), true);
});

test('references are listed with their columns', () => {
  assert.deepEqual(referencesOf(parse("${a} = 1 and selected(${bb}, '2')")), [
    { name: 'a', column: 1 },
    { name: 'bb', column: 23 },
  ]);
});

test('no eval: hostile-looking input is only ever data', () => {
  assert.equal(run("${a} = 'process.exit(1)'", { a: 'x' }), false);
  assert.ok(!parseExpression('constructor.constructor("return 1")()').ok);
});
