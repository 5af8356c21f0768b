// Synthetic respondents for any questionnaire, recruited by coupon: seeds first, then each recruit handed a coupon
// by someone who took part before them and still has one (as many as the study's settings give each respondent).

import type { Rng } from '../core/rng.ts';
import type { Instrument, Response } from '../instrument/model.ts';
import { syntheticResponse, type RespondentHabits } from '../instrument/synthetic-response.ts';

export interface SyntheticRespondent {
  readonly response: Response;
  /** Index of the recruiter in the same list (who must come earlier), or -1 for a seed. */
  readonly recruiter: number;
}

export interface RecruitmentPlan {
  /** How many respondents take part in all, seeds included. */
  readonly respondents: number;
  /** How many seed coupons the researcher hands out (the first respondents). */
  readonly seeds: number;
  /** The coupons each respondent gets to pass on (the study's `coupons_per_respondent`). */
  readonly couponsPerRespondent: number;
}

/**
 * The recruiter of each respondent (-1 for a seed): every recruit draws, uniformly, one of those before them
 * who still hold a coupon, so some pass on all their coupons and many none, and chains differ in length.
 * A plan that cannot be met (recruits without coupons, more seeds than respondents) is a bug in the caller.
 */
export function recruitmentTree(rng: Rng, plan: RecruitmentPlan): number[] {
  const { respondents, seeds, couponsPerRespondent } = plan;
  if (seeds > respondents || (respondents > seeds && (seeds < 1 || couponsPerRespondent < 1))) {
    throw new RangeError(`recruitmentTree: ${respondents} respondents cannot come from ${seeds} seeds with ${couponsPerRespondent} coupons each`);
  }
  const recruiter: number[] = [];
  const left: number[] = [];
  const holders: number[] = [];
  for (let i = 0; i < respondents; i++) {
    let by = -1;
    if (i >= seeds) {
      const at = rng.nextInt(holders.length);
      by = holders[at] ?? -1;
      left[by] = (left[by] ?? 1) - 1;
      if (left[by] === 0) holders.splice(at, 1);
    }
    recruiter.push(by);
    left.push(couponsPerRespondent);
    if (couponsPerRespondent > 0) holders.push(i);
  }
  return recruiter;
}

/** `plan.respondents` respondents, each with a plausible response to `instrument`, linked by a recruitment tree. */
export function syntheticRespondents(instrument: Instrument, rng: Rng, plan: RecruitmentPlan, habits: RespondentHabits = {}): SyntheticRespondent[] {
  return recruitmentTree(rng, plan).map((recruiter) => ({ response: syntheticResponse(instrument, rng, habits), recruiter }));
}
