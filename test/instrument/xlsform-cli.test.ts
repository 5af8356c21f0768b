// The XLSForm commands as a researcher runs them: --help, exit codes, located messages, files written and checked.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const portas = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/portas.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'portas-xlsform-cli-'));

test('--help works for both commands and names the docs', () => {
  for (const command of ['import', 'export-form']) {
    const r = portas(command, '--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /docs\/xlsform\.md/);
  }
  assert.match(portas('help').stdout, /import xlsform FORM\.xlsx --out DIR[\s\S]*export-form --xlsform STUDY --out FORM\.xlsx/);
});

test('export the flagship, import it back: exit 0, nothing reported, and portas check accepts the result', () => {
  const form = join(dir, 'flagship.xlsx');
  const exported = portas('export-form', '--xlsform', 'studies/russians-in-serbia', '--out', form);
  assert.equal(exported.status, 0, exported.stderr);
  const imported = portas('import', 'xlsform', form, '--out', join(dir, 'flagship'));
  assert.deepEqual([imported.status, imported.stderr], [0, '']);
  const checked = portas('check', join(dir, 'flagship', 'instrument.yaml'));
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stdout, /ok — study 'russians-in-serbia' version 2024\.1, 8 pages, 42 items, languages ru, en/);
  // An existing instrument is never overwritten without --force.
  const again = portas('import', 'xlsform', form, '--out', join(dir, 'flagship'));
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists; pass --force/);
});

test('a form with parts that cannot be carried over: exit 1, each located as file:sheet:Rn:Cn, the rest written', () => {
  const out = join(dir, 'loop');
  const r = portas('import', 'xlsform', '../shared/xlsforms/pyxform_loop.xlsx', '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^pyxform_loop\.xlsx:survey:R3:C1: error: repeat 'loop_toilet_types': a repeat cannot be carried over/m);
  assert.match(readFileSync(join(out, 'instrument.yaml'), 'utf8'), /name: available_toilet_types/);
  assert.equal(portas('check', join(out, 'instrument.yaml')).status, 0);
});

test('not an .xlsx: exit 2, a message naming the file, nothing written', () => {
  const r = portas('import', 'xlsform', 'README.md', '--out', join(dir, 'bad'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^README\.md: error: the file cannot be parsed: cannot read it as an \.xlsx workbook/);
  assert.equal(existsSync(join(dir, 'bad', 'instrument.yaml')), false);
});
