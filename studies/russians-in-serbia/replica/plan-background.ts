// Pages 1–5 of the replica (who, departure, work, life, counting): exact counts for every published share.

import type { Rng } from '../../../src/core/rng.ts';
import type { Answer } from '../../../src/instrument/model.ts';
import { choice, exactList, pickByScore, placeByScore, refused, shuffle, weighted, type Planned } from './exact.ts';

/** One fake respondent's planned answers, by item name (undefined = skipped). */
export type Plan = Record<string, Planned>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const codeOf = (a: Planned): number | undefined => (a?.kind === 'choice' ? a.code : undefined);

/** Shuffled exact list; undefined entries are skips. */
function exactShuffled(rng: Rng, spec: readonly (readonly [Planned, number])[]): Planned[] {
  return shuffle(rng, exactList(spec));
}

/** Fills `item` of every plan from a list placed by score. */
function place(rng: Rng, plans: Plan[], item: string, score: (p: number) => number, noise: number, values: readonly Planned[]): void {
  const placed = placeByScore(rng, range(plans.length), score, noise, values);
  plans.forEach((plan, p) => (plan[item] = placed.get(p)));
}

function setAll(rng: Rng, plans: Plan[], item: string, spec: readonly (readonly [Planned, number])[]): void {
  const values = exactShuffled(rng, spec);
  if (values.length !== plans.length) throw new Error(`replica: ${item} has ${values.length} values for ${plans.length} people`);
  plans.forEach((plan, p) => (plan[item] = values[p]));
}

export function planBackground(rng: Rng, plans: Plan[]): void {
  const n = plans.length;
  const age = (p: number): number => (plans[p]?.['age'] as { value: number } | undefined)?.value ?? 0;

  // about_you. sex: 117/220 = 53.2 % men, 103/220 = 46.8 % women (base: answered; 2 skip).
  setAll(rng, plans, 'citizenship', [[choice(1), 195], [choice(2), 27]]);
  setAll(rng, plans, 'sex', [[choice(1), 117], [choice(2), 103], [undefined, 2]]);
  // age bands 18–24 / 25–34 / 35–49 / 50+: 9 / 102 (45.9 %) / 87 (39.2 %) / 24.
  const bands = shuffle(rng, exactList<readonly [number, number]>([[[18, 24], 9], [[25, 34], 102], [[35, 49], 87], [[50, 68], 24]]));
  plans.forEach((plan, p) => {
    const [lo, hi] = bands[p] ?? [30, 30];
    plan['age'] = { kind: 'integer', value: lo + rng.nextInt(hi - lo + 1) };
  });
  setAll(rng, plans, 'city', [[choice(1), 160], [choice(2), 40], [choice(3), 6], [choice(4), 16]]);
  // higher education (5–8): 190/222 = 85.6 %.
  setAll(rng, plans, 'education', [[choice(5), 60], [choice(6), 55], [choice(7), 65], [choice(8), 10], [choice(2), 6], [choice(3), 14], [choice(4), 12]]);
  // relocated with partner 162/222 = 73.0 %, with children 78/222 = 35.1 % (children follow age 30–50).
  const all = range(n);
  const children = pickByScore(rng, all, (p) => (age(p) >= 30 && age(p) <= 50 ? 1 : 0), 1.2, 78);
  const withChildren = all.filter((p) => children.has(p));
  const without = all.filter((p) => !children.has(p));
  const partnerAmongChildren = pickByScore(rng, withChildren, () => 0, 1, 70);
  const partnerOthers = pickByScore(rng, without, () => 0, 1, 92);
  const alone = pickByScore(rng, without.filter((p) => !partnerOthers.has(p)), () => 0, 1, 40);
  for (const p of all) {
    const codes: number[] = [];
    if (alone.has(p)) codes.push(1);
    else {
      if (partnerAmongChildren.has(p) || partnerOthers.has(p)) codes.push(2);
      if (children.has(p)) codes.push(3);
      if (rng.nextFloat() < 0.07) codes.push(4);
      if (codes.length === 0 || rng.nextFloat() < 0.05) codes.push(weighted(rng, [[5, 3], [6, 2], [7, 1]]));
    }
    (plans[p] as Plan)['relocated_with'] = { kind: 'choices', codes: codes.sort((a, b) => a - b) };
  }

  // departure. left_when 2 / 4 / 6: 84 (37.8 %) / 75 (33.8 %) / 44 (19.8 %); arrival mostly the same period.
  setAll(rng, plans, 'left_when', [[choice(1), 4], [choice(2), 84], [choice(3), 7], [choice(4), 75], [choice(5), 5], [choice(6), 44], [choice(7), 3]]);
  for (const plan of plans) {
    const left = codeOf(plan['left_when']) ?? 2;
    plan['arrived_when'] = choice(left < 7 && rng.nextFloat() < 0.1 ? left + 1 : left);
  }
  planLeaving(rng, plans);
  // first choice: 111/218 = 50.9 % yes, 107/218 = 49.1 % no (4 skip). "No" leans to left_when 2;
  // "yes" to families with children, age 34–50 and departure in 2023.
  const noScore = (p: number): number => {
    const plan = plans[p] as Plan;
    const lw = codeOf(plan['left_when']);
    return (lw === 2 ? 1 : 0) - (lw === 6 ? 0.8 : 0) - (children.has(p) ? 0.6 : 0) - (age(p) >= 34 && age(p) <= 50 ? 0.4 : 0);
  };
  const fc = exactList<Planned>([[choice(2), 107], [choice(1), 111]]);
  for (let k = 0; k < 4; k++) fc.splice(rng.nextInt(fc.length + 1), 0, undefined);
  place(rng, plans, 'first_choice', noScore, 1.5, fc);

  // work. IT 119/218 = 54.6 % (4 skip).
  setAll(rng, plans, 'field', [[choice(1), 119], [choice(2), 12], [choice(3), 5], [choice(4), 18], [choice(5), 12], [choice(6), 14], [choice(7), 8], [choice(8), 12], [choice(9), 3], [choice(10), 9], [choice(11), 3], [choice(12), 3], [undefined, 4]]);
  // before leaving (base 216, 6 skip): full-time 148 (68.5 %), business 18 (8.3 %), freelance 29 (13.4 %), unemployed 10 (4.6 %).
  setAll(rng, plans, 'job_before', [[choice(1), 148], [choice(2), 4], [choice(3), 18], [choice(4), 29], [choice(5), 10], [choice(6), 3], [choice(7), 3], [choice(8), 1], [undefined, 6]]);
  // now (base 216, 6 skip): unemployed 23 (10.6 %), Russian company 33 (15.3 %), migrant company 57 (26.4 %), foreign 50 (23.1 %).
  setAll(rng, plans, 'job_now', [[choice(1), 23], [choice(2), 33], [choice(3), 57], [choice(4), 50], [choice(5), 20], [choice(6), 15], [choice(7), 13], [choice(8), 5], [undefined, 6]]);
  for (const plan of plans) {
    plan['housing'] = choice(weighted(rng, [[1, 150], [2, 25], [3, 20], [4, 8], [5, 12], [6, 5]]));
    const job = codeOf(plan['job_now']);
    plan['work_remote'] = job === 1 ? undefined : choice(job === 2 || job === 4 ? weighted(rng, [[1, 8], [2, 1]]) : weighted(rng, [[1, 3], [2, 3], [3, 4]]));
    plan['serbian_lang'] = choice(weighted(rng, [[1, 20], [2, 80], [3, 90], [4, 30]]));
    plan['contact_serbs'] = choice(weighted(rng, [[1, 40], [2, 80], [3, 70], [4, 30]]));
    plan['difficulties'] = rng.nextFloat() < 0.1 ? { kind: 'choices', codes: [10] } : { kind: 'choices', codes: someOf(rng, [1, 2, 3, 4, 5, 6, 7, 8, 9], [0.6, 0.45, 0.25, 0.3, 0.4, 0.5, 0.1, 0.1, 0.05]) };
    plan['plans'] = choice(weighted(rng, [[1, 110], [2, 50], [3, 5], [4, 57]]));
    planCounting(rng, plan);
  }
}

/** Codes chosen independently with the given probabilities (at least one). */
export function someOf(rng: Rng, codes: readonly number[], probabilities: readonly number[]): number[] {
  const chosen = codes.filter((_, k) => rng.nextFloat() < (probabilities[k] ?? 0));
  return chosen.length > 0 ? chosen : [codes[0] ?? 1];
}

/**
 * Main reason: morally unacceptable politics 100/222 = 45.0 %. Mobilisation (code 2) is a factor for
 * 50 of 75 who left in Aug–Oct 2022 and 49 of 147 others (a ratio of 2.0), and within left_when 4 the
 * main reason is politics for 35 and mobilisation for 30 (mobilisation not the main reason).
 */
function planLeaving(rng: Rng, plans: Plan[]): void {
  const all = range(plans.length);
  const mob = all.filter((p) => codeOf(plans[p]?.['left_when']) === 4);
  const rest = all.filter((p) => codeOf(plans[p]?.['left_when']) !== 4);
  const mainMob = shuffle(rng, exactList<Planned>([[choice(1), 35], [choice(2), 30], [choice(3), 3], [choice(9), 3], [choice(6), 2], [choice(4), 2]]));
  const mainRest = shuffle(rng, exactList<Planned>([[choice(1), 65], [choice(2), 10], [choice(3), 12], [choice(4), 13], [choice(5), 12], [choice(6), 8], [choice(7), 10], [choice(8), 12], [choice(9), 1], [choice(10), 2], [refused, 2]]));
  mob.forEach((p, k) => ((plans[p] as Plan)['leave_main'] = mainMob[k]));
  rest.forEach((p, k) => ((plans[p] as Plan)['leave_main'] = mainRest[k]));
  const hasMobFactor = new Set<number>();
  for (const [group, target] of [[mob, 50], [rest, 49]] as const) {
    const already = group.filter((p) => codeOf(plans[p]?.['leave_main']) === 2);
    already.forEach((p) => hasMobFactor.add(p));
    const others = group.filter((p) => codeOf(plans[p]?.['leave_main']) !== 2);
    pickByScore(rng, others, () => 0, 1, target - already.length).forEach((p) => hasMobFactor.add(p));
  }
  for (const p of all) {
    const plan = plans[p] as Plan;
    const main = codeOf(plan['leave_main']);
    if (main === undefined) {
      plan['leave_factors'] = refused;
      plan['leave_main'] = refused;
      continue;
    }
    const extra = someOf(rng, [1, 3, 4, 5, 6, 7, 8, 9, 10], [0.5, 0.2, 0.35, 0.15, 0.15, 0.15, 0.4, 0.2, 0.03]).filter(() => rng.nextFloat() < 0.9);
    const codes = new Set<number>([main, ...extra]);
    codes.delete(2);
    if (hasMobFactor.has(p)) codes.add(2);
    plan['leave_factors'] = { kind: 'choices', codes: [...codes].sort((a, b) => a - b) };
  }
}

/** Page 5: the multiplier items, network size and how the respondent heard of the survey. */
function planCounting(rng: Rng, plan: Plan): void {
  const arrived = codeOf(plan['arrived_when']) ?? 2;
  plan['residence'] = rng.nextFloat() < 0.02 ? refused : choice(weighted(rng, [[1, 150], [2, 15], [3, 25], [4, 30]]));
  plan['work_permit23'] = weighted<Answer>(rng, [[choice(1), 90], [choice(2), 110], [{ kind: 'missing', missing: 'dont_know' }, 5], [refused, 3]]);
  // The census ran in October 2022: only those arriving from August on can have missed it by arriving later.
  const notYet = arrived === 5 ? 80 : arrived === 4 ? 20 : 0;
  plan['census2022'] = weighted<Answer>(rng, [[choice(1), 30], [choice(2), 60], [choice(3), notYet], [{ kind: 'missing', missing: 'dont_know' }, 20]]);
  const firm = weighted(rng, [[[1], 25], [[2], 35], [[1, 2], 3], [[3], 150]]);
  plan['founded_firm'] = { kind: 'choices', codes: firm };
  // Network size: log-normal around 15, capped at 300.
  const z = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  plan['net_size'] = rng.nextFloat() < 0.03 ? undefined : { kind: 'integer', value: Math.min(300, Math.max(0, Math.round(Math.exp(2.7 + 0.9 * z)))) };
  plan['recruiter_tie'] = choice(weighted(rng, [[1, 120], [2, 10], [3, 25], [4, 40], [5, 8], [6, 15], [7, 4]]));
}
