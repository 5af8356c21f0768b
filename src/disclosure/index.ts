// The public face of disclosure control: what exports, reports and the CLI import.

export { recodeKey, release, releaseMicrodata, releaseTable, type MicrodataInput, type ReleaseMaster, type ReleaseInput, type Released, type ReleaseRefusal, type TableInput } from './release.ts';
export { DEFAULT_POLICY, disclosurePolicy, type DisclosurePolicy, type QuotePolicy } from './policy.ts';
export type { CellValue, CountTable, ProtectedTable, TableSuppressionSummary } from './table.ts';
export { percentages, roundPercent, type PercentBase } from './percentages.ts';
export { quoteAttribution, roundAge, russianYears, type QuoteSubject } from './quote-attribution.ts';
export { renderLog, type DisclosureLog, type MicrodataLog, type RiskSnapshot, type TableLog } from './disclosure-log.ts';
export { measureRisk, type RiskMeasures, type RiskOptions } from './measure-risk.ts';
export { individualRisk, type RiskMethod } from './individual-risk.ts';
export { riskSummary } from './risk-summary.ts';
export { SUPPRESSED_AS } from './edit.ts';
export type { RecodeStep } from './recode.ts';
export type { TopCodeStep } from './top-code.ts';
export { mergeSmallCategories, type MergeRecord, type MergeRule } from './merge-small-categories.ts';
export { shuffleRows } from './shuffle-rows.ts';
export { complementarySuppression } from './complementary-suppression.ts';
export { relevanceSuppression, type RelevanceDependents } from './relevance-suppression.ts';
export { relevanceDependents } from './relevance-dependents.ts';
