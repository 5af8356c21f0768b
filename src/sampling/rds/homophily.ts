// Homophily: the RDS package's recruitment and population homophily, and Heckathorn's (2002) group homophily.

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

/**
 * Population homophily per category, as R's RDS `homophily.estimates(recruitment = FALSE)` with
 * RDS-II weights: h = 2·p·d₀·(1 − p)·d₁ / (s̄₀₁·d̄), where p is the weighted share in the category,
 * d₁ and d₀ the weighted mean degrees in and out of it, d̄ the weighted mean degree, and s̄₀₁ the
 * weighted mean number of ties across the boundary, each respondent's ties split as their recruits
 * are. Respondents who recruited nobody, or a recruit without a value, carry no weight; means skip
 * respondents without a value. 1 = ties form as if at random; above 1 = in-group ties are more likely.
 */
export function populationHomophily(sample: RdsSample, categories: readonly string[]): number[] {
  const n = sample.outcome.length;
  const recruits: number[][] = Array.from({ length: n }, () => []);
  sample.recruiter.forEach((r, i) => {
    if (r >= 0) recruits[r]?.push(i);
  });
  return categories.map((c) => {
    const y = sample.outcome.map((o) => (o === null ? null : o === c ? 1 : 0));
    const w: number[] = [];
    const deg0: number[] = [];
    const deg1: number[] = [];
    for (let k = 0; k < n; k++) {
      const rs = recruits[k] ?? [];
      const ys = rs.map((r) => y[r] ?? null);
      const d = sample.degree[k] ?? Number.NaN;
      if (rs.length === 0 || ys.some((v) => v === null)) {
        w.push(0);
        deg0.push(0);
        deg1.push(0);
        continue;
      }
      const inC = ys.filter((v) => v === 1).length;
      w.push(1 / d);
      deg0.push(((rs.length - inC) * d) / rs.length);
      deg1.push((inC * d) / rs.length);
    }
    // Horvitz–Thompson (Hájek) mean over respondents where `value` is defined.
    const mean = (value: (k: number) => number | null): number => {
      let num = 0;
      let den = 0;
      for (let k = 0; k < n; k++) {
        const v = value(k);
        if (v === null) continue;
        num += (w[k] ?? 0) * v;
        den += w[k] ?? 0;
      }
      return num / den;
    };
    const deg = (k: number): number => sample.degree[k] ?? Number.NaN;
    const p = mean((k) => y[k] ?? null);
    const d0 = mean((k) => (y[k] === null ? null : y[k] === 0 ? deg(k) : 0)) / (1 - p);
    const d1 = mean((k) => (y[k] === null ? null : y[k] === 1 ? deg(k) : 0)) / p;
    const dbar = mean(deg);
    const s01 = mean((k) => (y[k] === null ? null : y[k] === 1 ? (deg0[k] ?? 0) : (deg1[k] ?? 0)));
    return (2 * p * d0 * (1 - p) * d1) / (s01 * dbar);
  });
}
