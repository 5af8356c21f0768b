// The flagship's synthetic replica: reproducible, valid, and reproducing every published share of FLAGSHIP.md.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datasetFromResponses } from '../../src/analysis/from-responses.ts';
import type { Dataset } from '../../src/analysis/dataset.ts';
import { loadInstrumentYaml } from '../../src/instrument/load-yaml.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import { isQuestion, itemsOf, type Instrument } from '../../src/instrument/model.ts';
import { generateReplica, REPLICA_SIZE, SYNTHETIC_MARK } from '../../studies/russians-in-serbia/replica/generate-replica.ts';

const PATH = 'studies/russians-in-serbia/instrument.yaml';
const loaded = loadInstrumentYaml(readFileSync(PATH, 'utf8'), PATH).instrument;
if (loaded === undefined) throw new Error('the flagship instrument does not load');
const instrument: Instrument = loaded;
const SEED = 20240401;
const { responses, meta } = generateReplica(instrument, SEED);
const data: Dataset = datasetFromResponses(instrument, responses, { meta, synthetic: true });

const DK = -97;
const REF = -96;

/** `age_band` (a recode, not a dataset column) from `age`, as instrument.yaml maps it: 18–24, 25–34, 35–49, 50+. */
const band = (age: number): number => (age <= 24 ? 1 : age <= 34 ? 2 : age <= 49 ? 3 : 4);

function column(name: string, d: Dataset = data): { values: ArrayLike<number>; missing: Uint8Array } {
  if (name === 'age_band') {
    const age = column('age', d);
    return { values: Array.from(age.values, band), missing: age.missing };
  }
  const v = d.variables.find((x) => x.name === name);
  if (v === undefined || v.type === 'text') throw new Error(`no numeric variable ${name}`);
  return { values: v.values, missing: v.missing };
}

/** Codes per row, with don't know / refused as -97 / -96, undefined when skipped or not asked. */
function codes(name: string, d: Dataset = data): (number | undefined)[] {
  const { values, missing } = column(name, d);
  return Array.from({ length: d.n }, (_, i) => {
    const m = missing[i] ?? 0;
    return m === MISSING_INDEX.dont_know ? DK : m === MISSING_INDEX.refused ? REF : m !== 0 ? undefined : values[i];
  });
}

/**
 * Percent of the base choosing one of `codes`. Base 'asked': everyone shown the item (skips kept);
 * 'answered': everyone shown it who did not skip it (don't know and refused kept) — see the
 * README's mapping table.
 */
function share(name: string, wanted: readonly number[], base: 'asked' | 'answered', d: Dataset = data): number {
  const { missing } = column(name, d);
  const c = codes(name, d);
  let num = 0;
  let den = 0;
  for (let i = 0; i < d.n; i++) {
    const m = missing[i] ?? 0;
    if (m === MISSING_INDEX.not_applicable) continue;
    if (base === 'answered' && m === MISSING_INDEX.skipped) continue;
    den++;
    const v = c[i];
    if (v !== undefined && wanted.includes(v)) num++;
  }
  return (100 * num) / den;
}

const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

// [FLAGSHIP.md "Published marginals" row, variable, codes, published %, decimals published, base].
// Bases follow studies/russians-in-serbia/README.md; where no count of 222 rounds to the published
// one-decimal figure, skips make the base "those who answered".
type Row = readonly [string, string, readonly number[], number, number, 'asked' | 'answered'];
const MARGINALS: readonly Row[] = [
  ['men', 'sex', [1], 53, 0, 'answered'],
  ['women', 'sex', [2], 47, 0, 'answered'],
  ['age 25–34', 'age_band', [2], 46, 0, 'answered'],
  ['age 35–49', 'age_band', [3], 39, 0, 'answered'],
  ['with partner', 'relocated_with_2', [1], 73, 0, 'asked'],
  ['with children', 'relocated_with_3', [1], 35, 0, 'asked'],
  ['higher education', 'education', [5, 6, 7, 8], 85.6, 1, 'asked'],
  ['IT professionals', 'field', [1], 54.6, 1, 'answered'],
  ['before: full-time', 'job_before', [1], 68.5, 1, 'answered'],
  ['before: own business', 'job_before', [3], 8.3, 1, 'answered'],
  ['before: freelance', 'job_before', [4], 13.4, 1, 'answered'],
  ['before: unemployed ≈5', 'job_before', [5], 5, 0, 'answered'],
  ['unemployed in Serbia', 'job_now', [1], 10.6, 1, 'answered'],
  ['Russian company', 'job_now', [2], 15.3, 1, 'answered'],
  ['company opened in Serbia', 'job_now', [3], 26.4, 1, 'answered'],
  ['neither Serbian nor Russian', 'job_now', [4], 23.1, 1, 'answered'],
  ['left at the invasion', 'left_when', [2], 38, 0, 'asked'],
  ['left around mobilisation', 'left_when', [4], 34, 0, 'asked'],
  ['left in 2023 ≈20', 'left_when', [6], 20, 0, 'asked'],
  ['main reason: politics', 'leave_main', [1], 45, 0, 'asked'],
  ['first choice', 'first_choice', [1], 51, 0, 'answered'],
  ['not first choice', 'first_choice', [2], 49, 0, 'answered'],
  ['follow RS politics: not at all', 'follow_rs', [1], 6.5, 1, 'answered'],
  ['follow RS politics: regularly ≈15', 'follow_rs', [4], 15, 0, 'answered'],
  ['RS government: don\'t know', 'rs_gov_war', [DK], 40, 0, 'asked'],
  ['RS government: prefer not to answer', 'rs_gov_war', [REF], 17, 0, 'asked'],
  ['donated to NGOs', 'civic_before_1', [1], 34.7, 1, 'answered'],
  ['helped Ukrainian refugees', 'civic_before_2', [1], 14.8, 1, 'answered'],
  ['protest unrelated to Ukraine', 'civic_before_3', [1], 22, 0, 'answered'],
  ['responsible: yes', 'resp_future', [1], 24, 0, 'asked'],
  ['responsible: no', 'resp_future', [2], 23, 0, 'asked'],
  ['responsible: used to, no longer', 'resp_future', [3], 43, 0, 'asked'],
  ['engagement decreased', 'engage_change', [3], 21, 0, 'asked'],
  ['used to follow the war, no longer', 'follow_war', [3], 23, 0, 'asked'],
  ['anti-war protest in Russia', 'war_actions_1', [1], 12.5, 1, 'answered'],
  ['anti-war protest in Serbia', 'war_actions_2', [1], 20.4, 1, 'answered'],
  ['blame: Russian authorities', 'war_blame', [1], 70.8, 1, 'answered'],
  ['blame: NATO and the West', 'war_blame', [2], 7.9, 1, 'answered'],
  ['blame: don\'t know or refused', 'war_blame', [DK, REF], 17.6, 1, 'answered'],
  ['negative: Russian army', 'eval_ru_army', [3, 4], 69, 0, 'answered'],
  ['negative: Putin', 'eval_ru_putin', [3, 4], 77.7, 1, 'answered'],
  ['negative: Russian media', 'eval_ru_ru_media', [3, 4], 79.2, 1, 'answered'],
  ['Zelenskyy positive', 'eval_west_zelensky', [1, 2], 30.5, 1, 'answered'],
  ['Zelenskyy negative', 'eval_west_zelensky', [3, 4], 35.7, 1, 'answered'],
  ['negative: Western media', 'eval_west_west_media', [3, 4], 39.3, 1, 'answered'],
  ['negative: EU', 'eval_west_eu', [3, 4], 45.3, 1, 'answered'],
  ['negative: NATO', 'eval_west_nato', [3, 4], 50.5, 1, 'answered'],
];

test('the same seed gives the same replica; another seed a different one', () => {
  assert.deepEqual(generateReplica(instrument, SEED), { responses, meta });
  assert.notDeepEqual(generateReplica(instrument, SEED + 1).responses, responses);
});

test('222 responses, every value of the kind its item asks for, within its codes', () => {
  assert.equal(responses.length, REPLICA_SIZE);
  assert.equal(data.synthetic, true);
  for (const [i, r] of responses.entries()) {
    assert.equal(r.study, instrument.study);
    for (const item of itemsOf(instrument)) {
      if (!isQuestion(item)) continue;
      const v = r.values[item.name];
      assert.ok(v !== undefined, `response ${i}: ${item.name} has a value`);
      if (v.kind === 'missing') {
        if (v.missing === 'dont_know' || v.missing === 'refused') assert.ok(item.offers.has(v.missing), `response ${i}: ${item.name} offers ${v.missing}`);
        if (v.missing === 'not_applicable') assert.ok(item.relevance !== undefined, `response ${i}: ${item.name} has relevance`);
        continue;
      }
      const where = `response ${i}: ${item.name}`;
      switch (item.kind) {
        case 'single':
          assert.ok(v.kind === 'choice' && item.choices.some((c) => c.code === v.code), where);
          break;
        case 'multiple':
          assert.ok(v.kind === 'choices' && v.codes.length > 0 && v.codes.every((code) => item.choices.some((c) => c.code === code)), where);
          assert.ok(!v.codes.some((code) => item.exclusive.includes(code)) || v.codes.length === 1, `${where}: an exclusive code stands alone`);
          break;
        case 'battery':
          assert.ok(v.kind === 'battery', where);
          for (const [row, cell] of Object.entries(v.rows)) {
            assert.ok(item.rows.some((x) => x.name === row), `${where}.${row}`);
            assert.ok(typeof cell === 'string' ? item.offers.has(cell) : item.scale.some((c) => c.code === cell), `${where}.${row}`);
          }
          break;
        case 'integer':
          assert.ok(v.kind === 'integer' && Number.isInteger(v.value) && v.value >= item.min && v.value <= Math.min(item.max, 300), where);
          break;
        case 'decimal':
          assert.ok(v.kind === 'decimal' && v.value >= item.min && v.value <= item.max, where);
          break;
        case 'date':
          assert.ok(v.kind === 'date' && v.value >= item.min && v.value <= item.max, where);
          break;
        case 'text':
        case 'long_text':
          assert.ok(v.kind === 'text' && v.value.startsWith(SYNTHETIC_MARK), `${where}: a free text says it is synthetic`);
          break;
      }
    }
  }
});

test('relevance is respected: follow-ups only where their condition holds', () => {
  const notAsked = { kind: 'missing', missing: 'not_applicable' };
  for (const { values: v } of responses) {
    if (v['job_now']?.kind === 'choice' && v['job_now'].code === 1) assert.deepEqual(v['work_remote'], notAsked);
    if (v['engage_change']?.kind === 'choice' && v['engage_change'].code === 3) assert.equal(v['engage_why']?.kind, 'choices');
    else assert.deepEqual(v['engage_why'], notAsked);
  }
});

for (const [label, name, wanted, published, decimals, base] of MARGINALS) {
  test(`marginal: ${label} = ${published} % (${name} ${wanted.join('+')}, base ${base})`, () => {
    assert.equal(round(share(name, wanted, base), decimals), published);
  });
}

test('every marginal and the 62 % hold for other seeds too: counts are exact by construction', () => {
  for (const seed of [1, 2, 3, 0xdeadbeef]) {
    const other = generateReplica(instrument, seed);
    const d = datasetFromResponses(instrument, other.responses, { meta: other.meta, synthetic: true });
    for (const [label, name, wanted, published, decimals, base] of MARGINALS) assert.equal(round(share(name, wanted, base, d), decimals), published, `seed ${seed}: ${label}`);
    const [engage, resp] = [codes('engage_change', d), codes('resp_future', d)];
    assert.equal(engage.filter((c, i) => c === 3 && resp[i] === 3).length, 29, `seed ${seed}: 29 of 47`);
  }
});

test('marginal: don\'t know or refused on the Fig. 11 rows ≈ 30 % (mean over the rows, base answered)', () => {
  const rows = ['zelensky', 'west_media', 'eu', 'nato'].map((r) => share(`eval_west_${r}`, [DK, REF], 'answered'));
  for (const s of rows) assert.ok(Math.abs(s - 30) <= 5, `each row near 30 %: ${s}`);
  assert.equal(round(rows.reduce((a, b) => a + b, 0) / rows.length, 0), 30);
});

/** Percent with `outcome` among rows where `group` holds (rows where outcome's item was answered). */
function within(outcome: (i: number) => boolean | undefined, group: (i: number) => boolean): number {
  const answers = Array.from({ length: data.n }, (_, i) => i).filter(group).map(outcome).filter((o) => o !== undefined);
  return (100 * answers.filter(Boolean).length) / answers.length;
}

const leftWhen = codes('left_when');
const is = (name: string, code: number, c = codes(name)): ((i: number) => boolean | undefined) => (i) => (c[i] === undefined ? undefined : c[i] === code);

test('association: 62 % of those whose engagement decreased "used to, no longer" feel responsible (29 of 47)', () => {
  assert.equal(round(within(is('resp_future', 3), (i) => codes('engage_change')[i] === 3), 0), 62);
});

test('association: those who left in the first months more often say Serbia was not the first choice', () => {
  assert.ok(within(is('first_choice', 2), (i) => leftWhen[i] === 2) > within(is('first_choice', 2), (i) => leftWhen[i] !== 2));
});

test('association: mobilisation a factor about twice as often among those who left in Aug–Oct 2022, yet not their main reason', () => {
  const ratio = within(is('leave_factors_2', 1), (i) => leftWhen[i] === 4) / within(is('leave_factors_2', 1), (i) => leftWhen[i] !== 4);
  assert.ok(ratio > 1.8 && ratio < 2.2, `ratio ${ratio}`);
  const inMob = (code: number): number => codes('leave_main').filter((c, i) => leftWhen[i] === 4 && c === code).length;
  assert.ok(inMob(2) < inMob(1));
});

test('association: first choice goes with children, age 34–50 and departure in 2023', () => {
  const [yes, kids, age] = [is('first_choice', 1), codes('relocated_with_3'), codes('age')];
  assert.ok(within(yes, (i) => kids[i] === 1) > within(yes, (i) => kids[i] !== 1));
  const mid = (i: number): boolean => (age[i] ?? 0) >= 34 && (age[i] ?? 0) <= 50;
  assert.ok(within(yes, mid) > within(yes, (i) => !mid(i)));
  assert.ok(within(yes, (i) => leftWhen[i] === 6) > within(yes, (i) => leftWhen[i] !== 6));
});

test('association: pre-departure engagement higher among women, 25–34 and the first-months leavers', () => {
  const cols = [1, 2, 3, 4, 5, 6, 8].map((c) => codes(`civic_before_${c}`));
  const engagement = (i: number): number | undefined => (cols[0]?.[i] === undefined ? undefined : cols.filter((c) => c[i] === 1).length);
  const mean = (group: (i: number) => boolean): number => {
    const xs = Array.from({ length: data.n }, (_, i) => i).filter(group).map(engagement).filter((x): x is number => x !== undefined);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const sex = codes('sex');
  const bands = codes('age_band');
  assert.ok(mean((i) => sex[i] === 2) > mean((i) => sex[i] === 1));
  assert.ok(mean((i) => bands[i] === 2) > mean((i) => bands[i] !== 2));
  assert.ok(mean((i) => leftWhen[i] === 2) > mean((i) => leftWhen[i] !== 2));
});

test('association: no strong link between following Serbian politics and judging the government', () => {
  const follow = codes('follow_rs');
  const gov = codes('rs_gov_war');
  const judges = (i: number): boolean | undefined => (gov[i] === undefined ? undefined : gov[i] >= 1);
  const gap = within(judges, (i) => (follow[i] ?? 0) >= 3) - within(judges, (i) => follow[i] === 1 || follow[i] === 2);
  assert.ok(Math.abs(gap) < 15, `gap ${gap} points`);
});

test('association: younger more often "very negative" on Fig. 10; women more often without an answer on Figs. 10 and 11', () => {
  const bands = codes('age_band');
  const sex = codes('sex');
  for (const row of ['eval_ru_army', 'eval_ru_putin', 'eval_ru_ru_media']) {
    const c = codes(row);
    const veryNegative = (i: number): boolean => c[i] === 4;
    assert.ok(within(veryNegative, (i) => (bands[i] ?? 9) <= 2) > within(veryNegative, (i) => (bands[i] ?? 0) >= 3), row);
  }
  for (const row of ['eval_ru_army', 'eval_ru_putin', 'eval_ru_ru_media', 'eval_west_zelensky', 'eval_west_west_media', 'eval_west_eu', 'eval_west_nato']) {
    const c = codes(row);
    const silent = (i: number): boolean => c[i] === undefined || c[i] === DK || c[i] === REF;
    assert.ok(within(silent, (i) => sex[i] === 2) > within(silent, (i) => sex[i] === 1), row);
  }
});

test('recruitment: a coupon tree from about 12 seeds, ids of 32 hex characters, weeks 2024-W14…W26', () => {
  const ids = meta.map((m) => m.responseId ?? '');
  assert.equal(new Set(ids).size, REPLICA_SIZE);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
  const index = new Map(ids.map((id, i) => [id, i]));
  const seeds = meta.filter((m) => m.recruiter === '').length;
  assert.ok(seeds >= 8 && seeds <= 16, `${seeds} seeds`);
  const recruits = new Map<string, number>();
  for (const m of meta) {
    assert.match(m.period ?? '', /^2024-W(1[4-9]|2[0-6])$/);
    if (m.recruiter === '' || m.recruiter === undefined) continue;
    assert.ok(index.has(m.recruiter), 'every recruiter is a respondent');
    assert.ok((meta[index.get(m.recruiter) ?? 0]?.period ?? '') <= (m.period ?? ''), 'recruited in the recruiter\'s week or later');
    recruits.set(m.recruiter, (recruits.get(m.recruiter) ?? 0) + 1);
  }
  for (const n of recruits.values()) assert.ok(n <= 3, 'at most 3 recruits each');
  // Following recruiters from anyone ends at a seed within n steps: no cycles.
  let maxDepth = 0;
  for (const start of meta) {
    let m = start;
    let depth = 0;
    while (m.recruiter !== '' && m.recruiter !== undefined) {
      m = meta[index.get(m.recruiter) ?? -1] ?? { recruiter: '' };
      depth++;
      assert.ok(depth <= REPLICA_SIZE, 'no cycle');
    }
    maxDepth = Math.max(maxDepth, depth);
  }
  assert.ok(maxDepth >= 3, `several waves (${maxDepth})`);
});
