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
import { computeDiagnostics, traceStep } from './compute-diagnostics.ts';
import { computeStrobe } from './compute-strobe.ts';
import type { DiagnosticsModel } from './diagnostics-model.ts';
import { fillNarrative, typedNumbers } from './narrative.ts';
import { hiddenBlockWarnings, hiddenPlaceholder, hiddenTextLine, hiddenTextWarning, textName, type HiddenInText } from './hidden-numbers.ts';
import { reportJson } from './report-json.ts';

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
  // Every chart is numbered in reading order; the original report's figure number stays beside it.
  const figureKeys = spec.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'figure' ? [b.key] : []));
  const figureNumbers = new Map(figureKeys.map((k, i) => [k, i + 1]));
  const env: ComputeEnv = { columns: new Columns(dataset), weighting: weighting.value, policy: options.policy, languages: spec.languages, figureNumbers, disclosure };
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
  let diagnostics: DiagnosticsModel | undefined;
  if (weighting.value !== undefined && spec.diagnostics.length > 0) {
    const d = computeDiagnostics(spec.diagnostics, env.columns, weighting.value, options.policy);
    if (d.ok) diagnostics = d.value;
    else problems.push(...d.error);
    env.disclosure.push(diagnosticsLine(spec.languages, traceStep(options.policy)));
  }
  if (problems.length > 0) return err(problems);
  const quoteLine: LocalizedText = Object.fromEntries(
    spec.languages.map((l) => [l, l === 'ru' ? `Цитаты подписаны полом и возрастом, округлённым до ${Math.max(5, options.policy.quote.ageRounding)} лет` : `Quotes attributed by sex and age rounded to ${Math.max(5, options.policy.quote.ageRounding)} years`]),
  );
  const hasQuotes = spec.sections.some((s) => s.blocks.some((b) => b.kind === 'quotes'));
  const model: ReportModel = {
    study: dataset.study,
    instrumentVersion: dataset.instrumentVersion,
    title: spec.title,
    subtitle: spec.subtitle,
    languages: spec.languages,
    synthetic: dataset.synthetic,
    sample: { ...sampleSummary(dataset, weighting.value), ...(spec.period === undefined ? {} : { statedPeriod: spec.period }) },
    sections,
    ...(diagnostics === undefined ? {} : { diagnostics }),
    strobe: computeStrobe(spec, dataset, weighting.value, options.replicates),
    methods: methods({ spec, dataset, weighting: weighting.value, policy: options.policy, replicates: options.replicates }),
    disclosure: { k: options.policy.k, minCell: options.policy.minCell, lines: hasQuotes ? [...disclosure, quoteLine] : disclosure },
  };
  return withNarrative(model, spec);
}

/**
 * The summary and each section's narrative, their references filled in from the model's report.json. A number
 * disclosure control withheld becomes a visible placeholder, with a note under the report and a warning for the
 * researcher; a reference to nothing is an error.
 */
function withNarrative(model: ReportModel, spec: ReportSpec): Result<ReportModel, Diagnostic[]> {
  const json = reportJson(model);
  const problems: Diagnostic[] = [];
  const hiddenTexts: HiddenInText[] = [];
  const minCell = model.disclosure.minCell;
  const fill = (template: LocalizedText | undefined, subject: string, sectionTitle?: LocalizedText): LocalizedText | undefined => {
    if (template === undefined) return undefined;
    const out: Record<string, string> = {};
    const position = spec.positions?.get(subject);
    const at = position === undefined ? {} : { position };
    const hidden = new Set<string>();
    for (const lang of model.languages) {
      const raw = template[lang] ?? '';
      const typed = typedNumbers(raw);
      if (typed.length > 0) problems.push({ code: 'report.typed-number', severity: 'error', subject: `${subject}.${lang}`, message: `the text types the number(s) ${typed.join(', ')} by hand`, hint: 'refer to the number in report.json instead, e.g. {statements.it.percent} (docs/report-spec.md)', ...at });
      const filled = fillNarrative(raw, json, lang, hiddenPlaceholder(lang, minCell));
      for (const path of filled.unresolved) problems.push({ code: 'report.unknown-reference', severity: 'error', subject: `${subject}.${lang}`, message: `{${path}} names no number of this report`, hint: 'a reference is the keys of report.json joined by dots, e.g. {figures.KEY.rows.ITEM.cells.CODE.percent}, with the block key and codes as report.yaml gives them', ...at });
      for (const path of filled.hidden) hidden.add(path);
      out[lang] = filled.text;
    }
    if (hidden.size > 0) hiddenTexts.push({ subject, name: textName(subject, sectionTitle, model.languages), paths: [...hidden] });
    return out;
  };
  const summary = fill(spec.summary, 'summary');
  const sections = model.sections.map((s) => {
    const narrative = fill(spec.sections.find((x) => x.key === s.key)?.narrative, `sections.${s.key}.narrative`, s.title);
    return narrative === undefined ? s : { ...s, narrative };
  });
  if (problems.length > 0) return err(problems);
  const lines = hiddenTexts.map((h) => hiddenTextLine(h.name, h.paths.length, minCell, model.languages));
  const warnings = [...hiddenBlockWarnings(model, spec.positions), ...hiddenTexts.map((h) => hiddenTextWarning(h, model, minCell, spec.positions?.get(h.subject)))];
  return ok({
    ...model,
    ...(summary === undefined ? {} : { summary }),
    sections,
    disclosure: lines.length === 0 ? model.disclosure : { ...model.disclosure, lines: [...model.disclosure.lines, ...lines] },
    ...(warnings.length === 0 ? {} : { warnings }),
  });
}

function diagnosticsLine(languages: readonly string[], step: number): LocalizedText {
  return Object.fromEntries(
    languages.map((l) => [
      l,
      l === 'ru'
        ? `Диагностика RDS: графики сходимости идут шагами по ${step} респондентов, цепочки меньше ${step} человек отдельно не показаны; дерево рекрутирования — без ответов; малые числа в таблицах скрыты`
        : `RDS diagnostics: traces move in steps of ${step} respondents, chains under ${step} are not drawn on their own; the recruitment tree carries no answers; small counts in their tables are suppressed`,
    ]),
  );
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
