// The flagship's synthetic replica: 222 clearly FAKE respondents whose answers reproduce the published numbers, run through the real respondent path.

import type { ResponseMeta } from '../../../src/analysis/from-responses.ts';
import { completeResponse, startPath, step, visibleItems } from '../../../src/collect/path.ts';
import { xoshiro128ss, type Rng } from '../../../src/core/rng.ts';
import type { Answer, Instrument, Response } from '../../../src/instrument/model.ts';
import { couponTree } from './coupons.ts';
import { planBackground, type Plan } from './plan-background.ts';
import { planPolitics } from './plan-politics.ts';

/** The report's sample size. */
export const REPLICA_SIZE = 222;

/** Every free text of the replica says it is synthetic. */
export const SYNTHETIC_MARK = '(синтетический ответ)';

const HARDEST = [
  'Оформление документов и очереди в полиции.',
  'Найти квартиру без посредников.',
  'Первые месяцы — одиночество и тревога за родных.',
  'Язык: без сербского трудно решать бытовые вопросы.',
  'Школа для ребёнка, пока он не понимал языка.',
  'Неопределённость с видом на жительство.',
];
const ADD_ANYTHING = [
  'Спасибо за исследование.',
  'Хотелось бы больше вопросов о планах на будущее.',
  'Многие знакомые уже уехали дальше, в Европу.',
  'Надеюсь, результаты будут опубликованы.',
];

function pick(rng: Rng, list: readonly string[]): string {
  return `${SYNTHETIC_MARK} ${list[rng.nextInt(list.length)] ?? ''}`;
}

/**
 * 222 fake respondents for `instrument` (the flagship's instrument.yaml), reproducible from `seed`.
 * `meta[i]` belongs to `responses[i]`: a random-looking id, the collection week (2024-W14…W26) and
 * the recruiter's id ('' for the 12 seeds), forming a coupon tree. Build datasets from them with
 * `synthetic: true`: none of this is data.
 */
export function generateReplica(instrument: Instrument, seed: number): { responses: Response[]; meta: ResponseMeta[] } {
  const rng = xoshiro128ss(seed);
  const plans: Plan[] = Array.from({ length: REPLICA_SIZE }, () => ({}));
  planBackground(rng, plans);
  planPolitics(rng, plans);
  for (const plan of plans) {
    plan['hardest'] = rng.nextFloat() < 0.12 ? { kind: 'text', value: pick(rng, HARDEST) } : undefined;
    plan['add_anything'] = rng.nextFloat() < 0.06 ? { kind: 'text', value: pick(rng, ADD_ANYTHING) } : undefined;
  }
  const meta = couponTree(xoshiro128ss((seed ^ 0x5eed5eed) >>> 0), REPLICA_SIZE);
  const responses = plans.map((plan) => walk(instrument, plan));
  return { responses, meta };
}

/** Answers page by page, giving each page only its visible items, exactly as the server would. */
function walk(instrument: Instrument, plan: Plan): Response {
  let state = startPath(instrument);
  for (let guard = 0; state.status === 'answering'; guard++) {
    if (guard > instrument.sections.length * 2) throw new Error('replica: the path does not end');
    const pageAnswers: Record<string, Answer> = {};
    for (const item of visibleItems(instrument, state)) {
      const answer = plan[item.name];
      if (answer !== undefined) pageAnswers[item.name] = answer;
    }
    state = step(instrument, state, { type: 'next', pageAnswers });
  }
  if (state.status !== 'finished') throw new Error('replica: a respondent withdrew');
  return completeResponse(instrument, state, 'ru');
}
