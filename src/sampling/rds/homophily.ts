// Homophily in recruitment: the RDS package's recruitment homophily and Heckathorn's (2002) group homophily.

import type { RdsSample } from './sample.ts';
import { countTransitions } from './transitions.ts';

export interface RecruitmentHomophily {
  /** Same-category recruitments over those expected without homophily (RDS::homophily.estimates, recruitment = TRUE). */
  readonly overall: number;
  /** Per category: t_ii / (row_i^2 / total). NaN where a category recruited nobody. */
  readonly byCategory: readonly number[];
}

export function recruitmentHomophily(sample: RdsSample, categories: readonly string[]): RecruitmentHomophily {
  const t = countTransitions(sample, categories);
  const rows = t.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = categories.map((_, j) => t.reduce((a, r) => a + (r[j] ?? 0), 0));
  const total = rows.reduce((a, b) => a + b, 0);
  const same = t.reduce((a, r, i) => a + (r[i] ?? 0), 0);
  const expected = rows.reduce((a, r, i) => a + r * (cols[i] ?? 0), 0) / total;
  return {
    overall: same / expected,
    byCategory: t.map((r, i) => ((rows[i] ?? 0) === 0 ? Number.NaN : (r[i] ?? 0) / ((rows[i] ?? 0) ** 2 / total))),
  };
}

/**
 * Heckathorn (2002, Social Problems 49:11–34): H_i = (S_ii - P_i) / (1 - P_i) when S_ii >= P_i,
 * else (S_ii - P_i) / P_i; S_ii the share of i's recruits who are in i, P_i the estimated
 * population share. +1 recruits only in-group, 0 at random, -1 only out-group.
 */
export function heckathornHomophily(sample: RdsSample, categories: readonly string[], proportions: readonly number[]): number[] {
  const t = countTransitions(sample, categories);
  return t.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const p = proportions[i] ?? Number.NaN;
    if (total === 0) return Number.NaN;
    const s = (row[i] ?? 0) / total;
    return s >= p ? (s - p) / (1 - p) : (s - p) / p;
  });
}
