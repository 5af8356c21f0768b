// Pages 6–8 of the replica (politics, the war, evaluations): exact counts, associations by ordering.

import type { Rng } from '../../../src/core/rng.ts';
import type { ChosenMissing } from '../../../src/instrument/missing.ts';
import type { Answer } from '../../../src/instrument/model.ts';
import { choice, dontKnow, exactList, pickByScore, placeByScore, refused, scaleCounts, shuffle, spreadEvenly, weighted, type Planned } from './exact.ts';
import { someOf, type Plan } from './plan-background.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const codeOf = (a: Planned): number | undefined => (a?.kind === 'choice' ? a.code : undefined);

/** Exact counts per battery row: c1…c4, don't know, refused, skipped. */
interface RowCounts { readonly c1: number; readonly c2: number; readonly c3: number; readonly c4: number; readonly dk: number; readonly ref: number; readonly skip: number }

// Fig. 10 (negative = 3 + 4): army 153/222 = 68.9 %; Putin 171/220 = 77.7 %; Russian media 175/221 = 79.2 %.
const EVAL_RU: Record<string, RowCounts> = {
  army: { c1: 5, c2: 15, c3: 40, c4: 113, dk: 30, ref: 19, skip: 0 },
  putin: { c1: 4, c2: 8, c3: 21, c4: 150, dk: 20, ref: 17, skip: 2 },
  ru_media: { c1: 3, c2: 7, c3: 40, c4: 135, dk: 20, ref: 16, skip: 1 },
};
// Fig. 11: Zelenskyy positive 65/213 = 30.5 %, negative 76/213 = 35.7 %; negative Western media
// 86/219 = 39.3 %, EU 97/214 = 45.3 %, NATO 112/222 = 50.5 %; don't know + refused 33.8 / 28.8 /
// 29.0 / 28.8 % (mean 30.1 %).
const EVAL_WEST: Record<string, RowCounts> = {
  zelensky: { c1: 20, c2: 45, c3: 46, c4: 30, dk: 50, ref: 22, skip: 9 },
  west_media: { c1: 15, c2: 55, c3: 50, c4: 36, dk: 45, ref: 18, skip: 3 },
  eu: { c1: 15, c2: 40, c3: 60, c4: 37, dk: 44, ref: 18, skip: 8 },
  nato: { c1: 12, c2: 34, c3: 62, c4: 50, dk: 46, ref: 18, skip: 0 },
};

function setAll(rng: Rng, plans: Plan[], item: string, spec: readonly (readonly [Planned, number])[]): void {
  const values = shuffle(rng, exactList(spec));
  if (values.length !== plans.length) throw new Error(`replica: ${item} has ${values.length} values for ${plans.length} people`);
  plans.forEach((plan, p) => (plan[item] = values[p]));
}

export function planPolitics(rng: Rng, plans: Plan[]): void {
  const all = range(plans.length);
  const sex = (p: number): number | undefined => codeOf(plans[p]?.['sex']);
  const age = (p: number): number => (plans[p]?.['age'] as { value: number } | undefined)?.value ?? 40;
  const leftWhen = (p: number): number | undefined => codeOf(plans[p]?.['left_when']);

  // follow Serbian politics (base 217, 5 skip): not at all 14 (6.5 %), regularly 32 (14.7 %).
  setAll(rng, plans, 'follow_rs', [[choice(1), 14], [choice(2), 60], [choice(3), 111], [choice(4), 32], [undefined, 5]]);
  // Serbian government on the war: don't know 89/222 = 40.1 %, refused 38/222 = 17.1 %, spread evenly over the follow_rs levels (no link).
  const gov = spreadEvenly<Planned>([[dontKnow, 89], [refused, 38], [choice(1), 8], [choice(2), 17], [choice(3), 35], [choice(4), 35]]);
  const placedGov = placeByScore(rng, all, (p) => codeOf(plans[p]?.['follow_rs']) ?? 0, 0.5, gov);
  all.forEach((p) => ((plans[p] as Plan)['rs_gov_war'] = placedGov.get(p)));

  // Before leaving (base 216: 6 skip; 3 refused stay in the base): NGOs 75 (34.7 %), Ukrainian
  // refugees 32 (14.8 %), other protests 47 (21.8 %). Engagement leans to women, 25–34, left_when 2.
  const engaged = (p: number): number => (sex(p) === 2 ? 0.5 : 0) + (age(p) >= 25 && age(p) <= 34 ? 0.5 : 0) + (leftWhen(p) === 2 ? 0.5 : 0);
  const status = shuffle(rng, exactList<'skip' | 'ref' | 'ok'>([['skip', 6], ['ref', 3], ['ok', 213]]));
  const civicPeople = all.filter((p) => status[p] === 'ok');
  const civic = new Map<number, number[]>(civicPeople.map((p) => [p, []]));
  for (const [code, count] of [[1, 75], [2, 32], [3, 47], [4, 60], [5, 40], [6, 8], [8, 30]] as const) {
    for (const p of pickByScore(rng, civicPeople, engaged, 1.2, count)) civic.get(p)?.push(code);
  }
  // Discussing politics: more often older men (the report's counterpoint).
  for (const p of pickByScore(rng, civicPeople, (q) => (sex(q) === 1 && age(q) >= 35 ? 0.6 : 0), 1, 140)) civic.get(p)?.push(7);
  all.forEach((p) => {
    const plan = plans[p] as Plan;
    if (status[p] === 'skip') plan['civic_before'] = undefined;
    else if (status[p] === 'ref') plan['civic_before'] = refused;
    else {
      const codes = civic.get(p) ?? [];
      if (codes.length === 0) codes.push(rng.nextFloat() < 0.1 ? 9 : 10);
      plan['civic_before'] = { kind: 'choices', codes: codes.sort((a, b) => a - b) };
    }
  });

  // Engagement decreased 47/222 = 21.2 %; of them 29 (61.7 %) "used to, no longer" responsible.
  // resp_future overall: yes 53 (23.9 %), no 51 (23.0 %), no longer 95 (42.8 %).
  setAll(rng, plans, 'engage_change', [[choice(1), 30], [choice(2), 120], [choice(3), 47], [dontKnow, 15], [refused, 10]]);
  const decreased = all.filter((p) => codeOf(plans[p]?.['engage_change']) === 3);
  const others = all.filter((p) => codeOf(plans[p]?.['engage_change']) !== 3);
  const inDecreased = shuffle(rng, exactList<Planned>([[choice(3), 29], [choice(1), 6], [choice(2), 8], [dontKnow, 2], [refused, 2]]));
  const inOthers = shuffle(rng, exactList<Planned>([[choice(3), 66], [choice(1), 47], [choice(2), 43], [dontKnow, 10], [refused, 6], [undefined, 3]]));
  decreased.forEach((p, k) => ((plans[p] as Plan)['resp_future'] = inDecreased[k]));
  others.forEach((p, k) => ((plans[p] as Plan)['resp_future'] = inOthers[k]));
  // Used to follow the war closely, no longer: 51/222 = 23.0 % (leaning to decreased engagement).
  const followWar = placeByScore(rng, all, (p) => (codeOf(plans[p]?.['engage_change']) === 3 ? 1 : 0), 1.5, exactList<Planned>([[choice(3), 51], [choice(1), 60], [choice(2), 80], [choice(4), 31]]));
  all.forEach((p) => ((plans[p] as Plan)['follow_war'] = followWar.get(p)));

  // The war page. Anti-war protest in Russia 27/216 = 12.5 %, in Serbia 44/216 = 20.4 % (6 skip, 4 refused).
  const warStatus = shuffle(rng, exactList<'skip' | 'ref' | 'ok'>([['skip', 6], ['ref', 4], ['ok', 212]]));
  const warPeople = all.filter((p) => warStatus[p] === 'ok');
  const actions = new Map<number, number[]>(warPeople.map((p) => [p, []]));
  for (const [code, count] of [[1, 27], [2, 44], [3, 15], [4, 70], [5, 80], [6, 1], [7, 1], [8, 5]] as const) {
    const lean = code >= 6 && code <= 7 ? (p: number): number => -engaged(p) : engaged;
    for (const p of pickByScore(rng, warPeople, lean, 1.5, count)) actions.get(p)?.push(code);
  }
  // Blame (base 216, 6 skip): Russian authorities 153 (70.8 %), NATO/West 17 (7.9 %), don't know or refused 38 (17.6 %).
  const blame = shuffle(rng, exactList<Planned>([[choice(1), 153], [choice(2), 17], [choice(3), 3], [choice(4), 5], [dontKnow, 26], [refused, 12], [undefined, 6]]));
  all.forEach((p) => {
    const plan = plans[p] as Plan;
    plan['war_actions'] = warStatus[p] === 'skip' ? undefined : warStatus[p] === 'ref' ? refused : { kind: 'choices', codes: withNone(actions.get(p) ?? []) };
    plan['war_blame'] = blame[p];
    plan['vote2024'] = rng.nextFloat() < 0.03 ? refused : choice(weighted(rng, [[1, 30], [2, 15], [3, 10], [4, 167]]));
    plan['engage_why'] = codeOf(plan['engage_change']) === 3 ? { kind: 'choices', codes: someOf(rng, [1, 2, 3, 4, 5, 6], [0.4, 0.3, 0.35, 0.4, 0.3, 0.05]) } : undefined;
  });

  // Evaluations: women more often without an answer; the young more often "very negative".
  evaluate(rng, plans, 'eval_ru', EVAL_RU, sex, age);
  evaluate(rng, plans, 'eval_west', EVAL_WEST, sex, age);
}

const withNone = (codes: number[]): number[] => (codes.length === 0 ? [9] : codes.sort((a, b) => a - b));

function evaluate(rng: Rng, plans: Plan[], item: string, counts: Record<string, RowCounts>, sex: (p: number) => number | undefined, age: (p: number) => number): void {
  const all = range(plans.length);
  // One reticence score per person, shared by the rows, so that non-answers cluster.
  const reticence = all.map((p) => (sex(p) === 2 ? 0.6 : 0) + rng.nextFloat());
  const rows = all.map(() => ({}));
  for (const [row, c] of Object.entries(counts)) {
    const silent = pickByScore(rng, all, (p) => reticence[p] ?? 0, 0.4, c.dk + c.ref + c.skip);
    const kinds = shuffle(rng, exactList<ChosenMissing | 'skip'>([['dont_know', c.dk], ['refused', c.ref], ['skip', c.skip]]));
    [...silent].sort((a, b) => a - b).forEach((p, k) => {
      const kind = kinds[k];
      if (kind !== undefined && kind !== 'skip') (rows[p] as Record<string, number | ChosenMissing>)[row] = kind;
    });
    const speaking = all.filter((p) => !silent.has(p));
    const scale = scaleCounts({ ...c, dk: 0, ref: 0 });
    const placed = placeByScore(rng, speaking, (p) => -age(p) / 15, 1.5, scale);
    for (const [p, answer] of placed) if (answer.kind === 'choice') (rows[p] as Record<string, number | ChosenMissing>)[row] = answer.code;
  }
  rows.forEach((r, p) => ((plans[p] as Plan)[item] = Object.keys(r).length === 0 ? undefined : ({ kind: 'battery', rows: r } satisfies Answer)));
}
