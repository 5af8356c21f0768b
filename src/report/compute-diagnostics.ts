// RDS diagnostics for the report: per key variable, convergence and bottleneck traces, homophily and activity; the tree and the degrees.

import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import { rds2Analytic } from '../sampling/rds/analytic-se.ts';
import { populationHomophily, recruitmentHomophily } from '../sampling/rds/homophily.ts';
import type { RecruitmentTree } from '../sampling/rds/recruitment-tree.ts';
import { rds2PrefixShares } from '../sampling/rds/prefix-shares.ts';
import type { RdsSample } from '../sampling/rds/sample.ts';
import { countTransitions } from '../sampling/rds/transitions.ts';
import { protectPartition, protectShare } from './cells.ts';
import type { Columns } from './columns.ts';
import type { DiagnosticEstimate, DiagnosticsModel, DiagnosticVariable, Trace } from './diagnostics-model.ts';
import type { DiagnosticsVariableSpec } from './spec.ts';
import type { RdsWeighting } from './weighting.ts';

const round = (x: number, places: number): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** places) / 10 ** places : null);

/** Steps of at least twice the smallest publishable count, and never under 10 respondents. */
export const traceStep = (policy: DisclosurePolicy): number => Math.max(10, 2 * policy.minCell);

export function computeDiagnostics(specs: readonly DiagnosticsVariableSpec[], columns: Columns, w: RdsWeighting, policy: DisclosurePolicy): Result<DiagnosticsModel, Diagnostic[]> {
  const step = traceStep(policy);
  const tree = w.tree;
  const variables: DiagnosticVariable[] = [];
  for (const spec of specs) {
    const col = columns.get(spec.source);
    if (!col.ok) return err([col.error]);
    const keys = spec.categories.map((c) => c.key);
    const outcome = col.value.codes.map((codes, i) => ((col.value.missing[i] ?? 0) !== 0 || codes.length === 0 ? null : keys.includes(String(codes[0])) ? String(codes[0]) : null));
    const v = variable(spec, { outcome, degree: w.degree, recruiter: w.recruiter }, tree, policy, step);
    if (!v.ok) return v;
    variables.push(v.value);
  }
  const degree = degreeBands(tree.degree, policy);
  if (!degree.ok) return degree;
  const seedNumber = new Map(tree.seeds.map((s, k) => [s, k + 1]));
  // Each chain's deepest wave in one pass: a pass per seed, spreading the chain's waves into Math.max, grew as
  // n × chains and throws past about 120,000 arguments (one chain of a large study).
  const deepest = new Map<number, number>(tree.seeds.map((s) => [s, 0]));
  tree.wave.forEach((w, i) => {
    const s = tree.seedOf[i] ?? -1;
    const d = deepest.get(s);
    if (d !== undefined && w > d) deepest.set(s, w);
  });
  return ok({
    step,
    variables,
    chains: tree.seeds.map((s, k) => ({
      chain: k + 1,
      size: tree.summary.chainSizes[k] ?? 0,
      waves: deepest.get(s) ?? 0,
    })),
    perWave: tree.summary.perWave,
    tree: treeLayout(tree, seedNumber),
    degree: { bands: degree.value, imputed: w.imputation.replaced, median: median(tree.degree.filter((d): d is number => d !== null && d > 0)) },
  });
}

function variable(spec: DiagnosticsVariableSpec, sample: RdsSample, tree: RecruitmentTree, policy: DisclosurePolicy, step: number): Result<DiagnosticVariable, Diagnostic[]> {
  const categories = spec.categories.map((c) => c.key);
  const n = sample.outcome.filter((o) => o !== null).length;
  const counts = categories.map((c) => sample.outcome.filter((o) => o === c).length);
  const hidden: boolean[] = [];
  for (const [k, c] of counts.entries()) {
    const h = protectShare(policy, `${spec.key}.${categories[k] ?? ''}`, c, n);
    if (!h.ok) return h;
    hidden.push(h.value);
  }
  const estimates: (DiagnosticEstimate | null)[] = categories.map((c, k) => {
    if (hidden[k] === true) return null;
    const a = rds2Analytic(sample.degree, sample.outcome.map((o) => (o === null ? null : o === c)));
    const percent = round(100 * a.estimate, 1);
    return percent === null ? null : { percent, se: round(100 * a.se, 2), designEffect: round(a.designEffect, 2), effectiveN: round(a.effectiveN, 0) };
  });
  const counted = countTransitions(sample, categories);
  const flat = counted.flat();
  const withheld = protectPartition(policy, `${spec.key}.transitions`, flat);
  if (!withheld.ok) return withheld;
  const transitions = counted.map((row, i) => row.map((x, j) => (withheld.value[i * categories.length + j] === true ? null : x)));
  const rh = recruitmentHomophily(sample, categories).overall;
  const ph = populationHomophily(sample, categories);
  const meanDegree = categories.map((c) => harmonicDegree(sample, (o) => o === c));
  const activityRatio = categories.map((c, k) => (hidden[k] === true ? null : round((meanDegree[k] ?? Number.NaN) / harmonicDegree(sample, (o) => o !== c), 2)));
  const trace = (idx: readonly number[]): Trace => {
    const sizes: number[] = [];
    // The last point is the whole set; the one before it is at least `step` earlier, so no two
    // neighbouring points differ by fewer respondents than that.
    for (let k = step; k <= idx.length - step; k += step) sizes.push(k);
    sizes.push(idx.length);
    const at = rds2PrefixShares(sample, idx, categories, sizes).map((row) => (row === null ? categories.map(() => null) : row.map((p) => round(100 * p, 1))));
    return { sizes, percents: categories.map((_, c) => at.map((row) => row[c] ?? null)) };
  };
  const everyone = Array.from({ length: sample.outcome.length }, (_, i) => i);
  // Each chain's members in dataset order, gathered in one pass (not one pass per seed).
  const members = new Map<number, number[]>(tree.seeds.map((s) => [s, []]));
  everyone.forEach((i) => members.get(tree.seedOf[i] ?? -1)?.push(i));
  const bottleneck = tree.seeds.flatMap((s, k) => {
    const idx = members.get(s) ?? [];
    return idx.length >= step ? [{ chain: k + 1, trace: trace(idx) }] : [];
  });
  return ok({
    key: spec.key,
    title: spec.title,
    item: spec.source.item,
    categories: spec.categories,
    n,
    samplePercent: counts.map((c, k) => (hidden[k] === true ? null : round((100 * c) / n, 1))),
    estimates,
    convergence: trace(everyone),
    bottleneck,
    transitions,
    recruitmentHomophily: round(rh, 2),
    populationHomophily: ph.map((h, k) => (hidden[k] === true ? null : round(h, 2))),
    meanDegree: meanDegree.map((d, k) => (hidden[k] === true ? null : round(d, 1))),
    activityRatio,
  });
}

/** RDS-II estimate of the mean network size among respondents whose outcome passes `keep`: their harmonic mean. */
function harmonicDegree(sample: RdsSample, keep: (o: string) => boolean): number {
  let count = 0;
  let inverse = 0;
  sample.outcome.forEach((o, i) => {
    if (o === null || !keep(o)) return;
    count++;
    inverse += 1 / (sample.degree[i] ?? Number.NaN);
  });
  return count / inverse;
}

const BANDS: readonly (readonly [number, number])[] = [[1, 4], [5, 9], [10, 19], [20, 49], [50, 99], [100, Infinity]];

function degreeBands(reported: readonly (number | null)[], policy: DisclosurePolicy): Result<{ label: string; count: number | null }[], Diagnostic[]> {
  const counts = BANDS.map(([lo, hi]) => reported.filter((d) => d !== null && d >= lo && d <= hi).length);
  const none = reported.filter((d) => d === null || !(d > 0)).length;
  const all = [...counts, none];
  const hidden = protectPartition(policy, 'network sizes', all);
  if (!hidden.ok) return hidden;
  const labels = [...BANDS.map(([lo, hi]) => (hi === Infinity ? `${lo}+` : `${lo}–${hi}`)), '0 / —'];
  return ok(all.map((c, k) => ({ label: labels[k] ?? '', count: hidden.value[k] === true ? null : c })));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** A tidy layout: leaves take consecutive positions chain by chain, a recruiter sits midway over its recruits. */
function treeLayout(tree: RecruitmentTree, seedNumber: ReadonlyMap<number, number>): DiagnosticsModel['tree'] {
  const x = new Array<number>(tree.ids.length).fill(0);
  let next = 0;
  const place = (v: number): number => {
    const kids = tree.recruits[v] ?? [];
    if (kids.length === 0) {
      x[v] = next++;
      return x[v] ?? 0;
    }
    const xs = kids.map(place);
    x[v] = ((xs[0] ?? 0) + (xs[xs.length - 1] ?? 0)) / 2;
    return x[v] ?? 0;
  };
  for (const s of tree.seeds) {
    place(s);
    next += 1; // a gap between chains
  }
  return {
    nodes: tree.ids.map((_, i) => ({ chain: seedNumber.get(tree.seedOf[i] ?? -1) ?? 0, wave: tree.wave[i] ?? 0, x: x[i] ?? 0 })),
    edges: tree.recruiter.flatMap((r, i) => (r >= 0 ? [[r, i] as const] : [])),
  };
}
