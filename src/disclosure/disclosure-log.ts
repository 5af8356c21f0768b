// The disclosure log: what a release changed and what it achieved, as data and as Markdown.

import type { Dataset } from '../analysis/dataset.ts';
import type { MissingKind } from '../instrument/missing.ts';
import { numericValues } from './keys.ts';
import type { SuppressionCount } from './local-suppression.ts';
import type { MergeRecord } from './merge-small-categories.ts';
import { renderLogSummary } from './log-summary.ts';
import type { LDiversity, RiskMeasures } from './measure-risk.ts';
import type { DisclosurePolicy } from './policy.ts';
import type { RecodeRecord } from './recode.ts';
import type { TableSuppressionSummary } from './table.ts';
import type { TopCodeRecord } from './top-code.ts';

/** Risk measures without the per-record arrays: safe to write next to the output. */
export interface RiskSnapshot {
  readonly n: number;
  readonly quasiIdentifiers: readonly string[];
  readonly sampling: RiskMeasures['sampling'];
  readonly kAchieved: number;
  readonly kViolations: number;
  readonly sampleUniques: number;
  readonly expectedReidentifications: number;
  readonly globalRisk: number;
  readonly maxRisk: number;
  readonly lDiversity: readonly LDiversity[];
}

export const snapshot = (m: RiskMeasures): RiskSnapshot => ({
  n: m.n,
  quasiIdentifiers: m.quasiIdentifiers,
  sampling: m.sampling,
  kAchieved: m.kAchieved,
  kViolations: m.kViolations,
  sampleUniques: m.sampleUniques,
  expectedReidentifications: m.expectedReidentifications,
  globalRisk: m.globalRisk,
  maxRisk: m.maxRisk,
  lDiversity: m.lDiversity,
});

export interface InformationLoss {
  readonly variable: string;
  /** Shannon entropy (bits) of the substantive values, before and after. */
  readonly entropyBefore: number;
  readonly entropyAfter: number;
  /** Records with a substantive value, before and after. */
  readonly answeredBefore: number;
  readonly answeredAfter: number;
}

export interface DroppedVariable {
  readonly variable: string;
  readonly reason: 'free-text' | 'system';
}

export interface MicrodataLog {
  readonly kind: 'microdata';
  readonly study: string;
  readonly synthetic: boolean;
  readonly policy: DisclosurePolicy;
  readonly recoded: readonly RecodeRecord[];
  readonly topCoded: readonly TopCodeRecord[];
  readonly dropped: readonly DroppedVariable[];
  readonly suppressed: readonly SuppressionCount[];
  /** Everything suppressed: to reach k, then complementary (both included per variable in `suppressed`). */
  readonly suppressedTotal: number;
  /** Of which complementary: added so that no suppressed value can be inferred from published counts. */
  readonly complementaryTotal: number;
  /** Values of items asked depending on a quasi-identifier, suppressed where that quasi-identifier is. */
  readonly relevanceSuppressed: number;
  /** Whether the instrument's relevance conditions were known to the gate (else dependent items were not looked at). */
  readonly relevanceChecked: boolean;
  /** True when this release was derived from its line's protected master rather than from the dataset. */
  readonly derivedFromMaster: boolean;
  /** Recodes the master applied that this release did not ask for, and keeps (`variable=recode`). */
  readonly inheritedRecodes: readonly string[];
  /** True when an exhaustive search proved no fewer suppressions reach k. */
  readonly suppressionOptimal: boolean;
  readonly suppressedAs: MissingKind;
  readonly before: RiskSnapshot;
  readonly after: RiskSnapshot;
  readonly informationLoss: readonly InformationLoss[];
}

export interface TableLog {
  readonly kind: 'table';
  readonly policy: DisclosurePolicy;
  /** Categories merged before suppression. */
  readonly merges: readonly MergeRecord[];
  readonly summary: TableSuppressionSummary;
}

export type DisclosureLog = MicrodataLog | TableLog;

function entropy(values: Float64Array): { bits: number; answered: number } {
  const counts = new Map<number, number>();
  let answered = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    answered++;
  }
  let bits = 0;
  for (const c of counts.values()) bits -= (c / answered) * Math.log2(c / answered);
  return { bits, answered };
}

export function informationLoss(before: Dataset, after: Dataset, variables: readonly string[]): InformationLoss[] {
  return variables.flatMap((name) => {
    const a = before.variables.find((v) => v.name === name);
    const b = after.variables.find((v) => v.name === name);
    if (a === undefined || b === undefined) return [];
    const ea = entropy(numericValues(a, before.n));
    const eb = entropy(numericValues(b, after.n));
    return [{ variable: name, entropyBefore: ea.bits, entropyAfter: eb.bits, answeredBefore: ea.answered, answeredAfter: eb.answered }];
  });
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const fix = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** Markdown for a human reader, written beside the released file. Aggregates only: no key values, no rows. */
export function renderLog(log: DisclosureLog): string {
  if (log.kind === 'table') {
    const s = log.summary;
    const suppressed = s.primary + s.secondary;
    return [
      `# Disclosure log${s.title === undefined ? '' : `: ${s.title}`}`,
      '',
      `- Counts from 1 to ${log.policy.minCell - 1} are suppressed, with further cells so that none can be recomputed from the totals.`,
      `- Suppressed: ${suppressed} of ${s.cells} cells${s.marginsSuppressed > 0 ? ` and ${s.marginsSuppressed} total(s)` : ''}.`,
      `- Percentages rounded to ${log.policy.percentDigits} decimal(s).`,
      ...log.merges.map((m) => `- Merged ${m.axis === 'rows' ? 'rows' : 'columns'}: ${m.merged.join(', ')} → "${m.label}".`),
      '',
    ].join('\n');
  }
  const lines = [`# Disclosure log: ${log.study}`, ''];
  if (log.synthetic) lines.push('**Synthetic data: generated replica, not real respondents.**', '');
  // The summary first: a reader sees what changed and what held before some seventy rows of tables.
  lines.push(...renderLogSummary(log));
  const p = log.policy;
  lines.push(
    `Policy: k = ${p.k}; missing values in keys count as ${p.missingInKeys === 'wildcard' ? 'any value' : 'their own category'}; ` +
      `free text ${p.releaseFreeText ? 'released' : 'withheld'}; individual risk: Benedetti–Franconi (${p.riskMethod}), ` +
      (log.before.sampling === 'none' ? 'no sampling weights (risk = 1/f).' : log.before.sampling === 'population' ? `uniform weights from a population of ${p.populationSize ?? '?'}.` : 'sampling weights.'),
    '',
    `Quasi-identifiers: ${log.before.quasiIdentifiers.join(', ') || '(none)'}.`,
    '',
    '| | before | after |',
    '|---|---:|---:|',
    `| records | ${log.before.n} | ${log.after.n} |`,
    `| k achieved (smallest key frequency) | ${log.before.kAchieved} | ${log.after.kAchieved} |`,
    `| records in keys below k | ${log.before.kViolations} | ${log.after.kViolations} |`,
    `| sample uniques | ${log.before.sampleUniques} | ${log.after.sampleUniques} |`,
    `| expected re-identifications | ${fix(log.before.expectedReidentifications)} | ${fix(log.after.expectedReidentifications)} |`,
    `| global risk (share of records) | ${pct(log.before.globalRisk)} | ${pct(log.after.globalRisk)} |`,
    `| highest individual risk | ${fix(log.before.maxRisk, 3)} | ${fix(log.after.maxRisk, 3)} |`,
    '',
  );
  if (log.recoded.length > 0) {
    lines.push('## Recoded', '', '| variable | recode | categories before | after |', '|---|---|---:|---:|');
    for (const r of log.recoded) lines.push(`| ${r.variable} | ${r.recode} | ${r.categoriesBefore} | ${r.categoriesAfter} |`);
    lines.push('');
  }
  if (log.topCoded.length > 0) {
    lines.push('## Top and bottom coded', '', '| variable | top | values | bottom | values |', '|---|---:|---:|---:|---:|');
    for (const t of log.topCoded) lines.push(`| ${t.variable} | ${t.top ?? '—'} | ${t.topCoded} | ${t.bottom ?? '—'} | ${t.bottomCoded} |`);
    lines.push('');
  }
  if (log.derivedFromMaster) {
    lines.push(
      '## Release line',
      '',
      "Derived from the line's protected master (the first release of this dataset): every value the master suppressed or recoded is suppressed or recoded here too.",
      ...(log.inheritedRecodes.length > 0 ? ['', `Recodes kept from the master: ${log.inheritedRecodes.join(', ')}.`] : []),
      '',
    );
  }
  // No count from before suppression appears here (entropy or answers before, per-category counts): with the
  // released file they would tell which values were suppressed. The counts below can be read off the file itself.
  lines.push(
    '## Local suppression',
    '',
    `${log.suppressedTotal} value(s) suppressed, marked as missing (${log.suppressedAs})${log.suppressionOptimal ? '; proven minimal by exhaustive search' : '; not proven minimal'}; ` +
      `${log.complementaryTotal > 0 ? 'this includes complementary suppressions, added' : 'complementary suppressions are added where needed'} so that no suppressed value can be inferred from published counts (docs/disclosure.md).`,
    '',
    log.relevanceChecked
      ? `Where a quasi-identifier is suppressed, the items asked depending on it are suppressed too (${log.relevanceSuppressed} value(s)), so that whether they were asked does not tell the value.`
      : '**The instrument was not given to the gate: items asked depending on a quasi-identifier keep showing whether they were asked, which can narrow down a suppressed value (export with --study).**',
    '',
    '| variable | suppressed | entropy after (bits) |',
    '|---|---:|---:|',
  );
  for (const s of log.suppressed) {
    const loss = log.informationLoss.find((x) => x.variable === s.variable);
    lines.push(`| ${s.variable} | ${s.count} | ${fix(loss?.entropyAfter ?? NaN)} |`);
  }
  lines.push('');
  if (log.dropped.length > 0) {
    lines.push('## Withheld variables', '', ...log.dropped.map((d) => `- ${d.variable} (${d.reason})`), '');
  }
  if (log.after.lDiversity.length > 0) {
    lines.push('## l-diversity of sensitive variables (after)', '', `| variable | smallest distinct l | records below l = ${p.l} |`, '|---|---:|---:|');
    for (const d of log.after.lDiversity) lines.push(`| ${d.variable} | ${d.minimum} | ${d.violations} |`);
    lines.push('');
  }
  return lines.join('\n');
}
