// Statements, associations, population estimates and quotes of the report.

import { raoScottF, pearsonChiSquare } from '../analysis/chi-square.ts';
import { surveyDesign } from '../analysis/design.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import type { LocalizedText } from '../core/text.ts';
import { quoteAttribution, type QuoteSubject } from '../disclosure/index.ts';
import { MISSING_INDEX } from '../instrument/missing.ts';
import { multiplierEstimate, type Benchmark } from '../sampling/popsize/multiplier.ts';
import { and, countTrue, makeCell, protectShare, reportBase } from './cells.ts';
import { andFilters, baseMask, groupMasks, holds, inCategory } from './columns.ts';
import { blockName, comparisonOf, suppressionLine, type ComputeEnv } from './compute-figure.ts';
import type { AssociationModel, GroupShare, MultiplierRow, PopulationModel, Quote, QuotesModel, StatementModel } from './model.ts';
import type { AssociationSpec, PopulationSpec, QuotesSpec, StatementSpec } from './spec.ts';
import { rdsWeights, weightedShare } from './weighting.ts';

const everyLang = (env: ComputeEnv, text: string): LocalizedText => Object.fromEntries(env.languages.map((l) => [l, text]));

export function computeStatement(spec: StatementSpec, env: ComputeEnv): Result<StatementModel, Diagnostic[]> {
  const col = env.columns.get(spec.source);
  if (!col.ok) return err([col.error]);
  const base = baseMask(env.columns, spec.source, spec.base);
  if (!base.ok) return err([base.error]);
  const n = countTrue(base.value);
  let mask: boolean[];
  let mean: StatementModel['mean'];
  if (spec.mean) {
    mask = base.value.map((b, i) => b && (col.value.missing[i] ?? 0) === 0);
    const xs = mask.flatMap((b, i) => (b ? [col.value.values[i] ?? 0] : []));
    const value = xs.reduce((a, x) => a + x, 0) / xs.length;
    mean = { value: Math.round(value * 10 ** spec.decimals) / 10 ** spec.decimals, decimals: spec.decimals };
  } else mask = base.value.map((b, i) => b && inCategory(col.value, spec.category, i));
  const count = countTrue(mask);
  const hidden = protectShare(env.policy, spec.key, count, n);
  if (!hidden.ok) return hidden;
  if (hidden.value) env.disclosure.push(suppressionLine(env, (lang) => blockName(spec.text, undefined, lang), 1, 1));
  const weighted = env.weighting === undefined || spec.mean ? undefined : hidden.value ? null : weightedShare(env.weighting, base.value, mask, spec.decimals);
  return ok({
    kind: 'statement',
    key: spec.key,
    text: spec.text,
    items: [spec.source.item, ...spec.base.filters.map((f) => f.source.item)],
    base: reportBase(spec.base, n, env.languages),
    cell: makeCell(count, n, spec.decimals, hidden.value, weighted),
    ...(mean === undefined ? {} : { mean }),
    comparisons: spec.comparisons.map(comparisonOf),
    published: spec.published,
  });
}

export function computeAssociation(spec: AssociationSpec, env: ComputeEnv): Result<AssociationModel, Diagnostic[]> {
  const col = env.columns.get(spec.source);
  if (!col.ok) return err([col.error]);
  const base = baseMask(env.columns, spec.source, spec.base);
  if (!base.ok) return err([base.error]);
  const groups = groupMasks(env.columns, spec.groups);
  if (!groups.ok) return err([groups.error]);
  const outcome = base.value.map((b, i) => b && inCategory(col.value, spec.category, i));
  const shares: number[] = [];
  const counted: { gBase: boolean[]; n: number; count: number; hidden: boolean }[] = [];
  for (const [g, group] of spec.groups.entries()) {
    const gBase = and(base.value, groups.value[g] ?? []);
    const n = countTrue(gBase);
    const count = countTrue(and(gBase, outcome));
    shares.push(n > 0 ? count / n : Number.NaN);
    const hidden = protectShare(env.policy, `${spec.key}.${group.key}`, count, n);
    if (!hidden.ok) return hidden;
    counted.push({ gBase, n, count, hidden: hidden.value });
  }
  // One group withheld withholds both: the other group's count and the item's total in a figure
  // (e.g. 140 who discussed politics, 85 of them "everyone else") would give it away.
  const anyHidden = counted.some((c) => c.hidden);
  const suppressed = anyHidden ? counted.length : 0;
  const out: GroupShare[] = spec.groups.map((group, g) => {
    const c = counted[g] ?? { gBase: [], n: 0, count: 0, hidden: true };
    const weighted = env.weighting === undefined ? undefined : anyHidden ? null : weightedShare(env.weighting, c.gBase, outcome, 1);
    return { key: group.key, label: group.label, base: reportBase({ kind: spec.base.kind, filters: [...spec.base.filters, ...group.filters], description: group.label }, c.n, env.languages), cell: makeCell(c.count, c.n, 1, anyHidden, weighted) };
  });
  if (suppressed > 0) env.disclosure.push(suppressionLine(env, (lang) => blockName(spec.measure, undefined, lang), suppressed, 2));
  const test = associationTest(env, base.value, groups.value, outcome);
  const [a = Number.NaN, b = Number.NaN] = shares;
  const holdsNow = spec.expected === 'higher' ? a > b : spec.expected === 'lower' ? a < b : test === null || test.p >= 0.05;
  return ok({ kind: 'association', key: spec.key, claim: spec.claim, measure: spec.measure, groups: out, expected: spec.expected, holds: holdsNow, significant: test === null ? null : test.p < 0.05, test });
}

/**
 * Group (row) × outcome (column), 2 × 2. Weighted: Rao–Scott F on the RDS-II weights with the
 * recruitment chains as clusters, so the test respects the dependence the intervals do (one chain:
 * respondents as clusters, said so). Unweighted: Pearson's X².
 */
function associationTest(env: ComputeEnv, base: readonly boolean[], groups: readonly (readonly boolean[])[], outcome: readonly boolean[]): AssociationModel['test'] {
  const g0 = groups[0] ?? [];
  const g1 = groups[1] ?? [];
  const rowVar = base.map((b, i) => (b && g0[i] === true ? 1 : b && g1[i] === true ? 2 : Number.NaN));
  const colVar = outcome.map((o, i) => (Number.isNaN(rowVar[i] ?? Number.NaN) ? Number.NaN : o ? 1 : 2));
  if (env.weighting !== undefined) {
    const chains = env.weighting.tree.seeds.length;
    const byChain = chains >= 2;
    const design = surveyDesign(byChain ? { weights: rdsWeights(env.weighting), clusters: env.weighting.tree.seedOf } : { weights: rdsWeights(env.weighting) });
    if (!design.ok) return null;
    const t = raoScottF(design.value, rowVar, colVar);
    if (!t.ok || !Number.isFinite(t.value.statistic)) return null;
    return { name: 'Rao–Scott F', design: byChain ? 'chains' : 'respondents', statistic: t.value.statistic, ndf: t.value.ndf, ddf: t.value.ddf, p: t.value.pValue, clusters: design.value.psuCount };
  }
  const table = [0, 0, 0, 0];
  rowVar.forEach((r, i) => {
    const c = colVar[i] ?? Number.NaN;
    if (!Number.isNaN(r) && !Number.isNaN(c)) table[(r - 1) * 2 + (c - 1)] = (table[(r - 1) * 2 + (c - 1)] ?? 0) + 1;
  });
  const [a = 0, b = 0, c = 0, d = 0] = table;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return null;
  const t = pearsonChiSquare(table, 2, 2);
  return Number.isFinite(t.statistic) ? { name: 'Pearson X²', design: 'unweighted', statistic: t.statistic, ndf: t.df, ddf: null, p: t.pValue, clusters: null } : null;
}

export function computePopulation(spec: PopulationSpec, env: ComputeEnv, benchmarks: readonly Benchmark[], rng: Rng, replicates: number): Result<PopulationModel, Diagnostic[]> {
  const n = env.columns.dataset.n;
  const eligible = andFilters(env.columns, Array.from({ length: n }, () => true), spec.eligible);
  if (!eligible.ok) return err([eligible.error]);
  const w = env.weighting;
  const degree = w?.degree ?? Array.from({ length: n }, () => 1);
  const recruiter = w?.recruiter ?? Array.from({ length: n }, () => -1);
  const rows: MultiplierRow[] = [];
  for (const row of spec.rows) {
    const b = benchmarks.find((x) => x.name === row.benchmark);
    if (b === undefined) return err([{ code: 'report.unknown-benchmark', severity: 'error', message: `no population benchmark named '${row.benchmark}'`, subject: `${spec.key}.${row.key}`, hint: `benchmarks: ${benchmarks.map((x) => x.name).join(', ')}` }]);
    const col = env.columns.get(row.source);
    if (!col.ok) return err([col.error]);
    // Not asked (relevance) counts as "not in the count"; don't know, refused and skipped are missing.
    const outcome = eligible.value.map((e, i) => {
      if (!e) return null;
      const m = col.value.missing[i] ?? 0;
      if (m === MISSING_INDEX.not_applicable) return 'no';
      if (m !== 0) return null;
      return holds(col.value, { source: row.source, codes: row.codes, missing: [], exclude: false }, i) ? 'yes' : 'no';
    });
    const benchmark: Benchmark = { ...b, variable: row.source.item, code: 'yes' };
    const est = multiplierEstimate({ outcome, degree, recruiter }, benchmark, { estimator: 'rds2', bootstrap: { method: 'tree', replicates, rng } });
    if (!est.ok) return err([est.error]);
    const [low, high] = est.value.bootstrapInterval;
    // Hundreds: a population estimate from a few hundred respondents has no more digits than that.
    const hundreds = (x: number): number => Math.round(x / 100) * 100;
    rows.push({ key: row.key, source: row.label ?? everyLang(env, b.source), count: b.count, item: row.source.item, share: est.value.share, estimate: hundreds(est.value.size), low: hundreds(low), high: hundreds(high), caveat: row.caveat });
  }
  return ok({ kind: 'population', key: spec.key, title: spec.title, rows, context: spec.context });
}

export function computeQuotes(spec: QuotesSpec, env: ComputeEnv): Result<QuotesModel, Diagnostic[]> {
  const d = env.columns.dataset;
  const sexCol = spec.sex === undefined ? undefined : env.columns.get({ item: spec.sex.item });
  const ageCol = spec.age === undefined ? undefined : env.columns.get({ item: spec.age });
  const quotes: Quote[] = [];
  for (const item of spec.items) {
    const v = d.variables.find((x) => x.name === item);
    if (v === undefined || v.type !== 'text') return err([{ code: 'report.no-variable', severity: 'error', message: `the dataset has no free-text variable '${item}'`, subject: item }]);
    let taken = 0;
    for (let i = 0; i < d.n && taken < spec.max; i++) {
      const text = v.values[i] ?? '';
      if ((v.missing[i] ?? 0) !== 0 || text.trim() === '') continue;
      const code = sexCol?.ok === true && (sexCol.value.missing[i] ?? 0) === 0 ? sexCol.value.codes[i]?.[0] : undefined;
      const sex: QuoteSubject['sex'] = code === undefined || spec.sex === undefined ? undefined : code === spec.sex.female ? 'female' : code === spec.sex.male ? 'male' : undefined;
      const age = ageCol?.ok === true && (ageCol.value.missing[i] ?? 0) === 0 ? ageCol.value.values[i] : undefined;
      const subject: QuoteSubject = { ...(sex === undefined ? {} : { sex }), ...(age === undefined ? {} : { age }) };
      const attribution = Object.fromEntries(env.languages.map((lang) => [lang, quoteAttribution(subject, lang, env.policy.quote).replace(/^\((.*)\)$/, '$1')]));
      const translated = translate(text.trim(), spec.translations, env.languages);
      quotes.push({ text: text.trim(), attribution, ...(translated === undefined ? {} : { translated }) });
      taken++;
    }
  }
  return ok({ kind: 'quotes', key: spec.key, title: spec.title, quotes });
}


/**
 * The quote with every passage of the translations replaced, per language; undefined when no
 * passage occurs in it. A passage is found in any of its languages (the respondent's own).
 */
function translate(text: string, translations: readonly LocalizedText[], languages: readonly string[]): LocalizedText | undefined {
  const found = translations.some((e) => Object.values(e).some((source) => source !== '' && text.includes(source)));
  if (!found) return undefined;
  return Object.fromEntries(
    languages.map((lang) => {
      let t = text;
      for (const entry of translations) {
        for (const source of Object.values(entry)) {
          if (source === '' || !t.includes(source)) continue;
          t = t.replace(source, entry[lang] ?? source);
          break;
        }
      }
      return [lang, t];
    }),
  );
}
