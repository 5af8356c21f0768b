import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import { completeResponse, startPath, step, visibleItems } from '../../src/collect/path.ts';
import { xoshiro128ss } from '../../src/core/rng.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import type { Answer, Response } from '../../src/instrument/model.ts';
import { randomAnswer } from '../collect/arbitrary.ts';

const mini = loadInstrumentYaml(readFileSync('test/instrument/fixtures/mini.yaml', 'utf8'), 'mini.yaml').instrument!;

function randomResponses(n: number, seed: number): Response[] {
  const rng = xoshiro128ss(seed);
  return Array.from({ length: n }, () => {
    let s = startPath(mini);
    while (s.status === 'answering') {
      const page: Record<string, Answer> = {};
      for (const item of visibleItems(mini, s)) {
        const a = randomAnswer(item, rng);
        if (a) page[item.name] = a;
      }
      s = step(mini, s, { type: 'next', pageAnswers: page });
    }
    if (s.status !== 'finished') throw new Error('unreachable');
    return completeResponse(mini, s, rng.nextInt(2) === 0 ? 'ru' : 'en');
  });
}

test('every answer lands in its column, every missing kind in the missing codes', () => {
  const responses = randomResponses(200, 11);
  const ds = datasetFromResponses(mini, responses, { meta: responses.map((_, i) => ({ responseId: `r${i}`, period: '2024-W17', recruiter: i === 0 ? '' : `r${i - 1}` })) });
  assert.equal(ds.n, 200);
  assert.deepEqual(
    ds.variables.map((v) => `${v.name}:${v.type}`),
    ['response_id:text', 'period:text', 'recruiter:text', 'sex:coded', 'age:numeric', 'with_whom_1:indicator', 'with_whom_2:indicator', 'with_whom_3:indicator', 'kids_n:numeric', 'first_choice:coded', 'why_not:text', 'eval_army:coded', 'eval_media:coded', 'comment:text', 'completion_time:coded', 'unlinked:coded'],
  );
  const col = (name: string) => ds.variables.find((v) => v.name === name)!;
  responses.forEach((r, row) => {
    const sex = r.values['sex']!;
    const v = col('sex');
    if (sex.kind === 'choice') assert.equal(v.values[row], sex.code);
    else if (sex.kind === 'missing') assert.equal(v.missing[row], MISSING_INDEX[sex.missing]);
    const ww = r.values['with_whom']!;
    for (const code of [1, 2, 3]) {
      const ind = col(`with_whom_${code}`);
      if (ww.kind === 'choices') assert.equal(ind.values[row], ww.codes.includes(code) ? 1 : 0);
      else if (ww.kind === 'missing') {
        assert.equal(ind.missing[row], MISSING_INDEX[ww.missing]);
        assert.ok(Number.isNaN(ind.values[row]));
      }
    }
    const ev = r.values['eval']!;
    if (ev.kind === 'battery') {
      const cell = ev.rows['army'];
      if (typeof cell === 'number') assert.equal(col('eval_army').values[row], cell);
    }
    const kids = r.values['kids_n']!;
    if (kids.kind === 'missing') assert.equal(col('kids_n').missing[row], MISSING_INDEX[kids.missing]);
  });
  const missingSeen = new Set(ds.variables.flatMap((v) => [...v.missing]));
  for (const k of [0, 1, 2, 3, 4]) assert.ok(missingSeen.has(k), `missing index ${k} occurs in 200 random responses`);
  assert.deepEqual(ds.sets.map((s) => [s.name, s.kind, s.variables.length]), [['with_whom', 'multiple', 3], ['eval', 'battery', 2]]);
});

test('a response of another study is refused', () => {
  const [r] = randomResponses(1, 1);
  assert.throws(() => datasetFromResponses(mini, [{ ...r!, study: 'other' }]), /belongs to study 'other'/);
});
