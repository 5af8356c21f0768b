// The public face of disclosure control: what exports, reports and the CLI import.

export { recodeKey, release, releaseMicrodata, releaseTable, type MicrodataInput, type ReleaseMaster, type ReleaseInput, type Released, type ReleaseRefusal, type TableInput } from './release.ts';
export { DEFAULT_POLICY, disclosurePolicy, type DisclosurePolicy, type QuotePolicy } from './policy.ts';
export type { CellValue, CountTable, ProtectedTable, TableSuppressionSummary } from './table.ts';
export { percentages, roundPercent, type PercentBase } from './percentages.ts';
export { quoteAttribution, roundAge, russianYears, type QuoteSubject } from './quoteAttribution.ts';
export { renderLog, type DisclosureLog, type MicrodataLog, type RiskSnapshot, type TableLog } from './disclosureLog.ts';
export { measureRisk, type RiskMeasures, type RiskOptions } from './measureRisk.ts';
export { individualRisk, type RiskMethod } from './individualRisk.ts';
export { riskSummary } from './riskSummary.ts';
export { SUPPRESSED_AS } from './edit.ts';
export type { RecodeStep } from './recode.ts';
export type { TopCodeStep } from './topCode.ts';
export { mergeSmallCategories, type MergeRecord, type MergeRule } from './mergeSmallCategories.ts';
export { shuffleRows } from './shuffle-rows.ts';
export { complementarySuppression } from './complementary-suppression.ts';
export { relevanceSuppression, type RelevanceDependents } from './relevance-suppression.ts';
export { relevanceDependents } from './relevance-dependents.ts';
