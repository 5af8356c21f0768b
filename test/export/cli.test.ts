import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDataPackage } from '../../src/analysis/datapackage.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { writeDataPackage } from '../../src/export/datapackage/write.ts';
import { renamedVariables } from '../../src/export/export.ts';
import type { ReleasedDataset } from '../../src/export/release.ts';
import { flagshipFixture } from './fixtures.ts';

function packageDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portas-cli-'));
  for (const f of writeDataPackage(flagshipFixture())) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

/** Runs the command with console output captured. */
async function quiet(args: string[]): Promise<{ code: number; err: string }> {
  const errors: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = () => undefined;
  console.error = (...xs: unknown[]) => errors.push(xs.join(' '));
  try {
    return { code: await exportCommand.run(args), err: errors.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

test('portas export writes each format from a data package directory', async () => {
  const dir = packageDir();
  for (const format of ['csv', 'sav', 'zsav', 'dta']) {
    const out = join(dir, `out-${format}`);
    const { code, err } = await quiet([dir, '--format', format, '--out', out]);
    assert.equal(code, 0, err);
    const files = readdirSync(out).sort();
    const expected: Record<string, string[]> = {
      csv: ['codebook.html', 'data.csv', 'datapackage.json', 'disclosure-log.md', 'load.R'],
      sav: ['codebook.html', 'disclosure-log.md', 'serbia-2024.sav', 'serbia-2024.sps'],
      zsav: ['codebook.html', 'disclosure-log.md', 'serbia-2024.sps', 'serbia-2024.zsav'],
      dta: ['codebook.html', 'disclosure-log.md', 'serbia-2024.do', 'serbia-2024.dta'],
    };
    assert.deepEqual(files, expected[format]);
    // The disclosure gate removed the free text and says so in its log next to the files.
    assert.match(readFileSync(join(out, 'disclosure-log.md'), 'utf8'), /comment/);
  }
  const back = readDataPackage({ datapackageJson: readFileSync(join(dir, 'out-csv', 'datapackage.json'), 'utf8'), dataCsv: readFileSync(join(dir, 'out-csv', 'data.csv'), 'utf8') });
  assert.ok(back.ok);
  assert.equal(back.value.variables.some((v) => v.name === 'comment'), false);
  const withText = join(dir, 'with-text');
  assert.equal((await quiet([dir, '--format', 'csv', '--out', withText, '--include-text'])).code, 0);
  assert.match(readFileSync(join(withText, 'data.csv'), 'utf8'), /line one\nline two/);
});

test('portas export refuses bad arguments (2) and a broken package with located messages (1)', async () => {
  assert.equal((await quiet([])).code, 2);
  assert.equal((await quiet(['--help'])).code, 0);
  assert.equal((await quiet(['x', '--format', 'ods', '--out', 'y'])).code, 2);
  const dir = packageDir();
  const csv = join(dir, 'data.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8').replace('r2,2,45', 'r2,2,forty-five'));
  const { code, err } = await quiet([dir, '--format', 'sav', '--out', join(dir, 'o')]);
  assert.equal(code, 1);
  assert.ok(err.includes(`${join(dir, 'data.csv')}:3:3: error: age:`), err);
  assert.equal((await quiet([join(dir, 'nowhere'), '--format', 'sav', '--out', join(dir, 'o')])).code, 1);
});

test('renamed variables are reported per format', () => {
  const d = flagshipFixture();
  const long = 'how_many_years_have_you_lived_in_serbia_so_far';
  const r: ReleasedDataset = { dataset: { ...d, variables: [...d.variables, { ...d.variables[2]!, name: long }, { ...d.variables[2]!, name: 'to' }] }, gate: 'test', notes: [] };
  assert.deepEqual(renamedVariables(r, 'csv'), []);
  assert.deepEqual(renamedVariables(r, 'sav'), [['to', 'to_1']]);
  assert.deepEqual(renamedVariables(r, 'dta'), [[long, long.slice(0, 32)]]);
});

test('portas export checks the design flags: bad values (2), design variables without --rds-degree refused (1)', async () => {
  const dir = packageDir();
  const out = join(dir, 'o');
  assert.equal((await quiet([dir, '--format', 'csv', '--out', out, '--rds-degree', 'x', '--replicates', '1'])).code, 2);
  assert.equal((await quiet([dir, '--format', 'csv', '--out', out, '--rds-degree', 'x', '--ss-population', '-5'])).code, 2);
  const noSpec = await quiet([dir, '--format', 'csv', '--out', out, '--rds-degree', 'x', '--rake', join(dir, 'nowhere.json')]);
  assert.equal(noSpec.code, 2);
  assert.match(noSpec.err, /--rake .*nowhere\.json: not readable/);
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ version: 1, estimates: [{ kind: 'mean', variable: 'age' }] }));
  assert.match((await quiet([dir, '--format', 'csv', '--out', out, '--rds-degree', 'x', '--rake', spec])).err, /declares no raking/);
  const bare = await quiet([dir, '--format', 'csv', '--out', out, '--chains']);
  assert.equal(bare.code, 1);
  assert.match(bare.err, /--rds-degree/);
});
