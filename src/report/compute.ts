// From a report spec and a released dataset to the report model: every figure, number, test and estimate the report shows.

import type { Dataset } from '../analysis/dataset.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Rng } from '../core/rng.ts';
import type { LocalizedText } from '../core/text.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import type { Benchmark } from '../sampling/popsize/multiplier.ts';
import { Columns } from './columns.ts';
import { computeAssociation, computePopulation, computeQuotes, computeStatement } from './compute-blocks.ts';
import { computeFigure, type ComputeEnv } from './compute-figure.ts';
import { methods, sampleSummary } from './methods.ts';
import type { ReportBlock, ReportModel, ReportSection } from './model.ts';
import type { BlockSpec, ReportSpec } from './spec.ts';
import { rdsWeighting } from './weighting.ts';

export interface ComputeOptions {
  /** Drives every bootstrap; seed it for a reproducible report. */
  readonly rng: Rng;
  readonly policy: DisclosurePolicy;
  /** Tree-bootstrap replicates for the weighted intervals and the multiplier estimates. */
  readonly replicates: number;
  /** The study's population benchmarks (official counts), for the population block. */
  readonly benchmarks?: readonly Benchmark[];
}

/** Pure: the same spec, dataset and seeded options give the same model. */
export function computeReport(spec: ReportSpec, dataset: Dataset, options: ComputeOptions): Result<ReportModel, Diagnostic[]> {
  if (dataset.study !== spec.study) return err([{ code: 'report.wrong-study', severity: 'error', message: `the dataset is of study '${dataset.study}', the spec of '${spec.study}'` }]);
  if (!(Number.isInteger(options.replicates) && options.replicates >= 2)) return err([{ code: 'report.bad-option', severity: 'error', message: `bootstrap replicates must be an integer ≥ 2, got ${options.replicates}` }]);
  const weighting = rdsWeighting(dataset, spec.degree, options.rng, options.replicates);
  if (!weighting.ok) return weighting;
  const disclosure: LocalizedText[] = [];
  const env: ComputeEnv = { columns: new Columns(dataset), weighting: weighting.value, policy: options.policy, languages: spec.languages, disclosure };
  const sections: ReportSection[] = [];
  const problems: Diagnostic[] = [];
  for (const section of spec.sections) {
    const blocks: ReportBlock[] = [];
    for (const block of section.blocks) {
      const b = computeBlock(block, env, options);
      if (b.ok) blocks.push(b.value);
      else problems.push(...b.error.map((d) => ({ ...d, subject: d.subject ?? block.key })));
    }
    sections.push({ key: section.key, title: section.title, ...(section.intro === undefined ? {} : { intro: section.intro }), blocks });
  }
  if (problems.length > 0) return err(problems);
  const quoteLine: LocalizedText = Object.fromEntries(
    spec.languages.map((l) => [l, l === 'ru' ? `Цитаты подписаны полом и возрастом, округлённым до ${Math.max(5, options.policy.quote.ageRounding)} лет` : `Quotes attributed by sex and age rounded to ${Math.max(5, options.policy.quote.ageRounding)} years`]),
  );
  const hasQuotes = spec.sections.some((s) => s.blocks.some((b) => b.kind === 'quotes'));
  return ok({
    study: dataset.study,
    instrumentVersion: dataset.instrumentVersion,
    title: spec.title,
    subtitle: spec.subtitle,
    languages: spec.languages,
    synthetic: dataset.synthetic,
    sample: sampleSummary(dataset, weighting.value),
    sections,
    methods: methods({ spec, dataset, weighting: weighting.value, policy: options.policy, replicates: options.replicates }),
    disclosure: { k: options.policy.k, minCell: options.policy.minCell, lines: hasQuotes ? [...disclosure, quoteLine] : disclosure },
  });
}

function computeBlock(block: BlockSpec, env: ComputeEnv, options: ComputeOptions): Result<ReportBlock, Diagnostic[]> {
  switch (block.kind) {
    case 'figure':
      return computeFigure(block, env);
    case 'statement':
      return computeStatement(block, env);
    case 'association':
      return computeAssociation(block, env);
    case 'population':
      return computePopulation(block, env, options.benchmarks ?? [], options.rng, options.replicates);
    case 'quotes':
      return computeQuotes(block, env);
  }
}
