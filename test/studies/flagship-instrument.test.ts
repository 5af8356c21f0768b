import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { parse } from 'yaml';
import { itemsOf } from '../../src/instrument/model.ts';

const DIR = 'studies/russians-in-serbia';
const FLAGSHIP = '../shared/FLAGSHIP.md';
const { instrument, diagnostics } = loadInstrumentYaml(readFileSync(`${DIR}/instrument.yaml`, 'utf8'), `${DIR}/instrument.yaml`);

test('the flagship questionnaire loads with no error and no warning', () => {
  assert.deepEqual(diagnostics, []);
  assert.ok(instrument);
  assert.deepEqual(instrument.languages, ['ru', 'en'], 'Russian first');
});

test('the flagship asks what RDS and the multiplier method need', () => {
  const items = new Map([...itemsOf(instrument!)].map((i) => [i.name, i]));
  const netSize = items.get('net_size');
  assert.equal(netSize?.kind, 'integer', 'a network-size question for RDS weights');
  for (const name of ['residence', 'work_permit23', 'census2022', 'vote2024']) assert.ok(items.has(name), `multiplier item ${name}`);
  for (const name of ['sex', 'age', 'city', 'education', 'field']) assert.ok(items.get(name)?.flags.quasiIdentifier, `${name} is a quasi-identifier`);
  const politicsStart = instrument!.sections.findIndex((s) => s.name === 'politics');
  const aboutYou = instrument!.sections.findIndex((s) => s.name === 'about_you');
  assert.ok(aboutYou === 0 && politicsStart > 3, 'sociodemographics first, politics last');
});

/** Rows of the markdown tables and bullets under each `## heading`. */
function sections(markdown: string): Map<string, { rows: string[][]; bullets: string[] }> {
  const out = new Map<string, { rows: string[][]; bullets: string[] }>();
  let current = { rows: [] as string[][], bullets: [] as string[] };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) {
      current = { rows: [], bullets: [] };
      out.set(line.slice(3).trim(), current);
    } else if (line.startsWith('|') && !/^\|[-\s|]+\|$/.test(line)) {
      current.rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
    } else if (line.startsWith('- ')) current.bullets.push(line.slice(2));
  }
  for (const s of out.values()) s.rows.shift(); // the header row
  return out;
}

test('the study README maps every row of FLAGSHIP.md to items that exist', { skip: existsSync(FLAGSHIP) ? false : 'shared/ is not beside the checkout' }, () => {
  const flagship = sections(readFileSync(FLAGSHIP, 'utf8'));
  const readme = readFileSync(`${DIR}/README.md`, 'utf8');
  const mappingRows = [...readme.split('\n')].filter((l) => l.startsWith('|')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const raw = parse(readFileSync(`${DIR}/instrument.yaml`, 'utf8')) as { choice_lists?: Record<string, unknown> };
  const known = new Set<string>(Object.keys(raw.choice_lists ?? {}));
  for (const s of instrument!.sections) known.add(s.name);
  for (const item of itemsOf(instrument!)) {
    known.add(item.name);
    if ('nets' in item) for (const n of item.nets) known.add(n.name);
    if ('recodes' in item) for (const r of item.recodes) known.add(r.name);
    if (item.kind === 'battery') for (const r of item.rows) known.add(r.name);
  }
  const norm = (text: string) => text.toLowerCase().replace(/\(.*?\)/g, '').replace(/\s+/g, ' ').trim();
  const findRow = (text: string) => mappingRows.find((r) => norm(r[0] ?? '').startsWith(norm(text).slice(0, 12)));
  const marginals = [...flagship.entries()].find(([h]) => h.startsWith('Published marginals'))![1].rows;
  const counts = [...flagship.entries()].find(([h]) => h.startsWith('Counts'))![1].rows;
  const associations = [...flagship.entries()].find(([h]) => h.startsWith('Associations'))![1].bullets;
  assert.ok(marginals.length >= 20 && counts.length >= 8 && associations.length >= 6, 'FLAGSHIP.md parsed');
  for (const row of [...marginals, ...counts]) {
    const mapped = findRow(row[0]!);
    assert.ok(mapped, `FLAGSHIP row '${row[0]}' has a mapping row in ${DIR}/README.md`);
    const names = [...mapped.join(' ').matchAll(/`([a-z][a-z0-9_]*)(?:[[.][^`]*)?`/g)].map((m) => m[1]!);
    if (!/tabloid|conclusion|stay without/.test(row[0]!)) assert.ok(names.length > 0, `'${row[0]}' names at least one item`);
    for (const n of names) assert.ok(known.has(n) || n === 'languages', `'${row[0]}' refers to '${n}', which the instrument does not have`);
  }
  const associationSection = readme.slice(readme.indexOf('FLAGSHIP bullet'));
  const associationRows = associationSection.split('\n').filter((l) => l.startsWith('|')).slice(2);
  assert.ok(associationRows.length >= associations.length, `${associations.length} associations, ${associationRows.length} mapped`);
});
