import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { INSTRUMENT_CODES as C } from '../../src/instrument/messages.ts';
import { itemsOf } from '../../src/instrument/model.ts';

const FILE = 'test/instrument/fixtures/mini.yaml';
const good = readFileSync(FILE, 'utf8');
const lines = good.split('\n');

/** The 1-based line and column where `needle` first occurs in the fixture (after `afterLine`). */
function locate(text: string, needle: string, afterLine = 0): { line: number; column: number } {
  const ls = text.split('\n');
  for (let i = afterLine; i < ls.length; i++) {
    const c = ls[i]!.indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`fixture has no '${needle}'`);
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture lacks '${from}'`);
  return text.replace(from, to);
}

function errorsOf(text: string) {
  const result = loadInstrumentYaml(text, 'broken.yaml');
  assert.equal(result.instrument, undefined, 'a broken instrument must not load');
  return result.diagnostics.filter((d) => d.severity === 'error');
}

test('the fixture loads without errors or warnings, with its structure intact', () => {
  const { instrument, diagnostics } = loadInstrumentYaml(good, FILE);
  assert.deepEqual(diagnostics, []);
  assert.ok(instrument);
  assert.equal(instrument.study, 'mini-study');
  assert.deepEqual(instrument.languages, ['ru', 'en']);
  const items = [...itemsOf(instrument)];
  assert.deepEqual(items.map((i) => i.kind), ['single', 'integer', 'multiple', 'integer', 'single', 'long_text', 'battery', 'note', 'text']);
  const firstChoice = items[4]!;
  assert.deepEqual([...firstChoice.offers].sort(), ['dont_know', 'refused'], 'opinion items offer both by default');
  assert.deepEqual([...items[0]!.offers], [], 'factual items offer neither by default');
  const age = items[1]!;
  assert.ok(age.kind === 'integer');
  assert.equal(age.recodes[0]!.map.get(34), 1);
  assert.equal(age.recodes[0]!.map.get(35), 2);
  const battery = items[6]!;
  assert.ok(battery.kind === 'battery');
  assert.deepEqual(battery.rows.map((r) => r.name), ['army', 'media']);
  assert.deepEqual(battery.nets.map((n) => n.codes), [[1, 2], [3, 4]]);
});

test('unknown reference: file:line:col points at the ${name} inside the expression', () => {
  const broken = replaceOnce(good, '"${sex} = 2 and ${age} < 60"', '"${sex} = 2 and ${q99} < 60"');
  const [e, ...rest] = errorsOf(broken);
  assert.deepEqual(rest, []);
  const at = locate(broken, '${q99}');
  assert.equal(e!.code, C.unknownReference);
  assert.equal(formatDiagnostic(e!), `broken.yaml:${at.line}:${at.column}: error: item 'why_not': relevance refers to unknown item 'q99' — check the spelling, or declare the item on an earlier page`);
});

test('duplicate code in a choice list', () => {
  const broken = replaceOnce(good, '{ code: 2, ru: "Нет", en: "No" }', '{ code: 1, ru: "Нет", en: "No" }');
  const [e, ...rest] = errorsOf(broken);
  assert.deepEqual(rest, []);
  assert.equal(e!.code, C.duplicateCode);
  const at = locate(broken, '1, ru: "Нет"');
  assert.deepEqual(e!.position, { file: 'broken.yaml', line: at.line, column: at.column });
  assert.match(e!.message, /code 1 is used twice/);
  assert.equal(e!.subject, "choice list 'yes_no'");
});

test('bad indentation is a YAML syntax error with its line', () => {
  const i = lines.findIndex((l) => l.includes('name: age'));
  const broken = [...lines.slice(0, i + 1), `  ${lines[i + 1]!}`, ...lines.slice(i + 2)].join('\n');
  const errors = errorsOf(broken);
  assert.ok(errors.length >= 1);
  assert.equal(errors[0]!.code, C.yamlSyntax);
  assert.ok(errors[0]!.position, 'the syntax error has a position');
  assert.ok(Math.abs(errors[0]!.position.line - (i + 2)) <= 1, `reported at line ${errors[0]!.position.line}, broken line is ${i + 2}`);
});

test('a missing Russian label names the item and the language', () => {
  const broken = replaceOnce(good, 'label: { ru: "Сколько детей?", en: "How many children?" }', 'label: { en: "How many children?" }');
  const [e, ...rest] = errorsOf(broken);
  assert.deepEqual(rest, []);
  assert.equal(e!.code, C.missingLabel);
  assert.equal(e!.subject, "item 'kids_n'");
  assert.match(e!.message, /no text in 'ru'/);
  const at = locate(broken, '{ en: "How many children?" }');
  assert.deepEqual(e!.position, { file: 'broken.yaml', line: at.line, column: at.column });
});

test('a cycle is reported as a cycle, with its path', () => {
  // kids_n's page depends on with_whom; make with_whom depend on kids_n.
  const broken = replaceOnce(good, '        exclusive: [3]\n', '        exclusive: [3]\n        relevance: "${kids_n} > 1"\n');
  const errors = errorsOf(broken);
  const cycles = errors.filter((e) => e.code === C.cycle);
  assert.ok(cycles.length >= 1, JSON.stringify(errors));
  assert.match(cycles[0]!.message, /with_whom → kids_n → with_whom|kids_n → with_whom → kids_n/);
});

test('a self-reference is a cycle', () => {
  const broken = replaceOnce(good, '"${sex} = 2 and ${age} < 60"', '"${why_not} = \'x\'"');
  const [e] = errorsOf(broken);
  assert.equal(e!.code, C.cycle);
  assert.match(e!.message, /why_not → why_not/);
});

test('a reference to a later item and to the same page are told apart', () => {
  const later = errorsOf(replaceOnce(good, '"${sex} = 2 and ${age} < 60"', '"${comment} = \'x\'"'));
  assert.deepEqual(later.map((e) => e.code), [C.laterReference]);
  const samePage = errorsOf(replaceOnce(good, '"${sex} = 2 and ${age} < 60"', '"${first_choice} = 1"'));
  assert.deepEqual(samePage.map((e) => e.code), [C.samePageReference]);
});

test('a malformed expression reports the column inside the file', () => {
  const broken = replaceOnce(good, '"${sex} = 2 and ${age} < 60"', '"${sex} = 2 and and ${age} < 60"');
  const [e, ...rest] = errorsOf(broken);
  assert.deepEqual(rest, []);
  assert.equal(e!.code, C.badExpression);
  const at = locate(broken, 'and and');
  assert.deepEqual(e!.position, { file: 'broken.yaml', line: at.line, column: at.column + 4 });
  assert.match(e!.message, /column 16 of the expression/);
});

test('an unknown key gets a suggestion', () => {
  const broken = replaceOnce(good, '        quasi_identifier: true\n      - name: age', '        quasi_identifer: true\n      - name: age');
  const [e, ...rest] = errorsOf(broken);
  assert.deepEqual(rest, []);
  assert.equal(e!.code, C.unknownKey);
  assert.equal(e!.hint, "did you mean 'quasi_identifier'?");
});

test('every error is reported at once, not just the first', () => {
  let broken = replaceOnce(good, '{ code: 2, ru: "Нет", en: "No" }', '{ code: 1, ru: "Нет", en: "No" }');
  broken = replaceOnce(broken, 'choices: yes_no', 'choices: yes_not');
  broken = replaceOnce(broken, 'min: 1\n', 'min: 30\n');
  const codes = errorsOf(broken).map((e) => e.code).sort();
  assert.deepEqual(codes, [C.badRange, C.duplicateCode, C.unknownChoiceList].sort());
});

test('integer and decimal ranges are checked alike: min not above max, and clear of the reserved codes −99…−96', () => {
  const kinds = readFileSync('test/instrument/fixtures/new-kinds.yaml', 'utf8');
  const decimal = '        min: 0\n        max: 100\n        decimals: 1\n';
  const integer = '        min: 1\n        max: 20\n';
  const cases: [string, string, string][] = [
    [decimal, decimal.replace('min: 0', 'min: 200'), C.badRange],
    [decimal, decimal.replace('min: 0', 'min: -100'), C.reservedCode],
    [integer, integer.replace('min: 1', 'min: 30'), C.badRange],
    [integer, integer.replace('min: 1', 'min: -98'), C.reservedCode],
  ];
  for (const [from, to, code] of cases) assert.deepEqual(errorsOf(replaceOnce(kinds, from, to)).map((e) => e.code), [code], to);
});

test('reserved codes, duplicate item names, wrong reference types and aliases are refused', () => {
  assert.deepEqual(errorsOf(replaceOnce(good, '{ code: 1, ru: "Да"', '{ code: -97, ru: "Да"')).map((e) => e.code), [C.reservedCode]);
  assert.ok(errorsOf(replaceOnce(good, 'name: kids_n', 'name: age')).some((e) => e.code === C.duplicateName));
  assert.deepEqual(errorsOf(replaceOnce(good, "selected(${with_whom}, '2')", '${with_whom} = 2')).map((e) => e.code), [C.wrongReferenceType]);
  assert.deepEqual(errorsOf(replaceOnce(good, 'yes_no:\n', 'yes_no: &yn\n').replace('choices: yes_no', 'choices: *yn')).map((e) => e.code), [C.yamlAlias]);
});

test('a recode that leaves codes uncovered is refused', () => {
  const [e] = errorsOf(replaceOnce(good, '2: [[35, 99]]', '2: [[35, 90]]'));
  assert.equal(e!.code, C.badRecode);
  assert.match(e!.message, /codes 91, 92, 93, 94, 95, … \(9 in all\) not covered/);
});

test('optional keys may be left out; required ones are named with a position', () => {
  const noExclusive = loadInstrumentYaml(replaceOnce(good, '        exclusive: [3]\n', ''), 'x.yaml');
  assert.deepEqual(noExclusive.diagnostics, []);
  const noRows = errorsOf(replaceOnce(good, /        rows:\n(?:          - .*\n){2}/.exec(good)![0], ''));
  assert.equal(noRows.length, 1);
  assert.equal(noRows[0]!.code, C.missingKey);
  assert.match(noRows[0]!.message, /needs 'rows'/);
  assert.ok(noRows[0]!.position, 'a missing key is reported at its item');
});
