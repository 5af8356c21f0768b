import assert from 'node:assert/strict';
import { test } from 'node:test';
import { treeSvg } from '../../src/sampling/rds/tree-svg.ts';
import { loadTree } from './rds-fixtures.ts';

test('the tree SVG has one mark per respondent, a legend with counts, an escaped title, and nothing external', () => {
  const { tree, sample } = loadTree('tree-b');
  const svg = treeSvg(tree, sample.outcome, { title: 'Tree <b> & co', variable: 'group' });
  assert.equal((svg.match(/<circle /g) ?? []).length - (svg.match(/<circle cx="[^"]+" cy="[^"]+" r="5"/g) ?? []).length, 150 - 5);
  assert.equal((svg.match(/<rect x=/g) ?? []).length, 5);
  assert.match(svg, /Tree &lt;b&gt; &amp; co/);
  assert.match(svg, /missing \(\d+\)/);
  assert.doesNotMatch(svg, /href|url\(|<script|<image|@import/);
  for (const id of tree.ids.slice(0, 20)) assert.ok(!svg.includes(`>${id}<`), 'ids stay out of the picture');
  const seeds = (svg.match(/<rect x="([\d.]+)"/g) ?? []).length;
  assert.equal(seeds, tree.seeds.length);
});
