// The recruitment tree of a respondent-driven sample: seeds, waves, chains, validated from recruiter links.

import type { Diagnostic } from '../../core/diagnostic.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** One respondent as read from the data: `recruiter` is null for a seed. */
export interface RecruitmentRow {
  readonly id: string;
  readonly recruiter: string | null;
  /** Reported network size; null when missing. Zero and missing are imputed by the estimators. */
  readonly degree: number | null;
  /** Coupons handed to this respondent, when the study records it. */
  readonly couponsIssued?: number | null;
  /** The row's number in the source (e.g. CSV line), used in messages; defaults to index + 1. */
  readonly row?: number;
}

export interface RecruitmentTree {
  readonly ids: readonly string[];
  /** Index of the recruiter, -1 for seeds. Indices follow the input order. */
  readonly recruiter: readonly number[];
  readonly recruits: readonly (readonly number[])[];
  /** 0 for seeds. */
  readonly wave: readonly number[];
  /** Index of the seed whose chain the respondent belongs to. */
  readonly seedOf: readonly number[];
  readonly seeds: readonly number[];
  readonly degree: readonly (number | null)[];
  readonly summary: TreeSummary;
}

export interface TreeSummary {
  readonly respondents: number;
  readonly seeds: number;
  readonly maxWave: number;
  /** Respondents per wave, index = wave. */
  readonly perWave: readonly number[];
  /** Chain size (respondents, seed included) per seed, in seed order. */
  readonly chainSizes: readonly number[];
  /** How many respondents recruited 0, 1, 2, … others (index = number of recruits). */
  readonly recruitsDistribution: readonly number[];
  /** Present when every respondent has `couponsIssued`: coupons given out vs redeemed (= non-seeds). */
  readonly coupons?: { readonly issued: number; readonly redeemed: number; readonly redemptionRate: number };
}

const rowOf = (rows: readonly RecruitmentRow[], i: number): number => rows[i]?.row ?? i + 1;

function diag(code: Diagnostic['code'], message: string, subject: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', message, subject } : { code, severity: 'error', message, subject, hint };
}

/**
 * Builds and validates the tree. Errors name the rows: an empty or duplicate id (a respondent
 * recruited twice, or a coupon redeemed twice), an unknown recruiter, self-recruitment, a cycle.
 */
export function buildRecruitmentTree(rows: readonly RecruitmentRow[]): Result<RecruitmentTree, Diagnostic[]> {
  const problems: Diagnostic[] = [];
  const index = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.id.trim() === '') {
      problems.push(diag('rds.empty-id', 'the respondent id is empty', `row ${rowOf(rows, i)}`));
      return;
    }
    const first = index.get(r.id);
    if (first !== undefined) {
      problems.push(
        diag(
          'rds.duplicate-id',
          `id '${r.id}' appears twice (rows ${rowOf(rows, first)} and ${rowOf(rows, i)}): a respondent recruited twice or a coupon redeemed twice`,
          `row ${rowOf(rows, i)}`,
          'keep one record per respondent and coupon',
        ),
      );
      return;
    }
    index.set(r.id, i);
  });
  const recruiter = rows.map((r, i) => {
    if (r.recruiter === null || r.recruiter.trim() === '') return -1;
    if (r.recruiter === r.id) {
      problems.push(diag('rds.self-recruited', `respondent '${r.id}' is listed as their own recruiter`, `row ${rowOf(rows, i)}`));
      return -1;
    }
    const j = index.get(r.recruiter);
    if (j === undefined) {
      problems.push(
        diag('rds.unknown-recruiter', `recruiter '${r.recruiter}' of respondent '${r.id}' is not in the data`, `row ${rowOf(rows, i)}`, 'mark the respondent as a seed (empty recruiter) or add the recruiter'),
      );
      return -1;
    }
    return j;
  });
  rows.forEach((r, i) => {
    if (r.degree !== null && (!Number.isFinite(r.degree) || r.degree < 0)) {
      problems.push(diag('rds.bad-degree', `network size ${r.degree} of respondent '${r.id}' is not a non-negative number`, `row ${rowOf(rows, i)}`));
    }
  });
  if (problems.length > 0) return err(problems);

  const n = rows.length;
  const recruits: number[][] = rows.map(() => []);
  recruiter.forEach((p, i) => {
    if (p >= 0) recruits[p]?.push(i);
  });
  const seeds = recruiter.flatMap((p, i) => (p < 0 ? [i] : []));
  const wave = new Array<number>(n).fill(-1);
  const seedOf = new Array<number>(n).fill(-1);
  for (const s of seeds) {
    wave[s] = 0;
    seedOf[s] = s;
    const stack = [s];
    for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
      for (const c of recruits[v] ?? []) {
        wave[c] = (wave[v] ?? 0) + 1;
        seedOf[c] = s;
        stack.push(c);
      }
    }
  }
  const unreached = wave.flatMap((w, i) => (w < 0 ? [i] : []));
  if (unreached.length > 0) {
    const names = unreached.map((i) => `'${rows[i]?.id ?? ''}' (row ${rowOf(rows, i)})`).join(', ');
    return err([
      diag('rds.cycle', `recruitment links form a cycle that no seed starts: ${names}`, `rows ${unreached.map((i) => rowOf(rows, i)).join(', ')}`, 'one of them must be a seed, or a recruiter id is wrong'),
    ]);
  }
  return ok({ ids: rows.map((r) => r.id), recruiter, recruits, wave, seedOf, seeds, degree: rows.map((r) => r.degree), summary: summarise(rows, recruits, wave, seeds, seedOf) });
}

function summarise(rows: readonly RecruitmentRow[], recruits: readonly number[][], wave: readonly number[], seeds: readonly number[], seedOf: readonly number[]): TreeSummary {
  const maxWave = Math.max(0, ...wave);
  const perWave = new Array<number>(maxWave + 1).fill(0);
  for (const w of wave) perWave[w] = (perWave[w] ?? 0) + 1;
  const chainSize = new Map<number, number>();
  for (const s of seedOf) chainSize.set(s, (chainSize.get(s) ?? 0) + 1);
  const maxRecruits = Math.max(0, ...recruits.map((r) => r.length));
  const recruitsDistribution = new Array<number>(maxRecruits + 1).fill(0);
  for (const r of recruits) recruitsDistribution[r.length] = (recruitsDistribution[r.length] ?? 0) + 1;
  const base = { respondents: rows.length, seeds: seeds.length, maxWave, perWave, chainSizes: seeds.map((s) => chainSize.get(s) ?? 0), recruitsDistribution };
  const issued = rows.map((r) => r.couponsIssued);
  if (rows.length === 0 || issued.some((c) => c === undefined || c === null)) return base;
  const total = issued.reduce<number>((a, c) => a + (c ?? 0), 0);
  const redeemed = rows.length - seeds.length;
  return { ...base, coupons: { issued: total, redeemed, redemptionRate: total > 0 ? redeemed / total : Number.NaN } };
}
