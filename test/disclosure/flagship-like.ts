// A flagship-like synthetic dataset (222 fake respondents) with the seed study's quasi-identifiers.
// Shares follow FLAGSHIP.md loosely; it is a fixture for disclosure control, not the replica.

import type { Dataset, NumericVariable } from '../../src/analysis/dataset.ts';
import { xoshiro128ss, type Rng } from '../../src/core/rng.ts';
import type { Recode } from '../../src/instrument/model.ts';
import { MISSING_INDEX } from '../../src/instrument/missing.ts';
import type { RecodeStep } from '../../src/disclosure/recode.ts';
import { coded, text } from './fixtures.ts';

const draw = (rng: Rng, shares: readonly number[]): number => {
  let u = rng.nextFloat() * shares.reduce((a, b) => a + b, 0);
  for (const [i, s] of shares.entries()) {
    if ((u -= s) < 0) return i + 1;
  }
  return shares.length;
};

const choices = (labels: readonly string[]) => labels.map((l, i) => ({ code: i + 1, label: { en: l } }));
const recode = (name: string, labels: readonly string[], map: readonly (readonly [number, number])[]): Recode => ({ name, choices: choices(labels), map: new Map(map) });

export function flagshipLike(seed = 2024, n = 222): { dataset: Dataset; recodes: RecodeStep[] } {
  const rng = xoshiro128ss(seed);

  const col = (shares: readonly number[]) => Array.from({ length: n }, () => draw(rng, shares));
  const sex = col([53, 47]);
  const ageBand = col([5, 46, 39, 7, 3]); // 18–24, 25–34, 35–49, 50–59, 60–69
  const ageRange: readonly (readonly [number, number])[] = [[18, 24], [25, 34], [35, 49], [50, 59], [60, 69]];
  const age = ageBand.map((b) => {
    const [lo, hi] = ageRange[b - 1]!;
    return lo + rng.nextInt(hi - lo + 1);
  });
  const city = col([65, 20, 4, 3, 3, 2, 3]);
  const education = col([8, 6.4, 40, 40, 5.6]);
  const profession = col([54.6, 6, 6, 5, 5, 3, 4, 3, 6, 7.4]);
  const arrival = col([38, 4, 34, 2, 20, 2]);
  const blame = col([70.8, 7.9, 3.7, 17.6]).map((c) => (c === 4 ? null : c));
  const putin = col([60, 17.7, 5, 3, 14.3]).map((c) => (c === 5 ? null : c));

  const ageVar: NumericVariable = {
    ...(coded('age', { values: age, qi: true, numeric: true }) as NumericVariable),
  };
  const blameVar = coded('blame', { values: blame, sensitive: true });
  // "prefer not to answer" is a chosen missing value, not a skip
  blameVar.missing.forEach((m, i) => {
    if (m !== 0) blameVar.missing[i] = MISSING_INDEX.refused;
  });
  const variables = [
    coded('sex', { values: sex, qi: true, labels: [[1, 'Male'], [2, 'Female']] }),
    ageVar,
    coded('city', { values: city, qi: true }),
    coded('education', { values: education, qi: true }),
    coded('profession', { values: profession, qi: true }),
    coded('arrival', { values: arrival, qi: true }),
    blameVar,
    coded('putin', { values: putin, sensitive: true }),
    text('comment', Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `free text ${i}` : ''))),
    { ...text('response_id', Array.from({ length: n }, (_, i) => `r${i}`)), role: 'system' as const },
  ];
  const dataset: Dataset = { study: 'flagship-like', instrumentVersion: '1', languages: ['ru', 'en'], n, variables, sets: [], synthetic: true };

  const ageMap: [number, number][] = [];
  for (let a = 18; a <= 69; a++) ageMap.push([a, a < 25 ? 1 : a < 35 ? 2 : a < 45 ? 3 : a < 55 ? 4 : 5]);
  const recodes: RecodeStep[] = [
    { variable: 'age', recode: recode('age10', ['18–24', '25–34', '35–44', '45–54', '55+'], ageMap) },
    { variable: 'city', recode: recode('city3', ['Belgrade', 'Novi Sad', 'elsewhere'], [[1, 1], [2, 2], [3, 3], [4, 3], [5, 3], [6, 3], [7, 3]]) },
    { variable: 'education', recode: recode('higher', ['not higher', 'higher'], [[1, 1], [2, 1], [3, 2], [4, 2], [5, 2]]) },
    { variable: 'profession', recode: recode('it', ['IT', 'other'], [[1, 1], ...Array.from({ length: 9 }, (_, i) => [i + 2, 2] as [number, number])]) },
    { variable: 'arrival', recode: recode('wave', ['Feb–Jul 2022', 'Aug–Dec 2022', '2023–24'], [[1, 1], [2, 1], [3, 2], [4, 2], [5, 3], [6, 3]]) },
  ];
  return { dataset, recodes };
}
