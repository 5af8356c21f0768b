// The Study API: one study folder as both faces see it — the CLI (src/cli) and the researcher's studio — load it with
// located diagnostics, create it, key it, set it up for fieldwork, deploy it, report on it. Nothing here prints:
// results and problems are values (Result, Diagnostic), progress goes to a callback the caller passes.

// The folder and its files.
export { BENCHMARKS_FILE, DISCLOSURE_FILE, INSTRUMENT_FILE, PUBLIC_KEY_FILE, REPORT_SPEC_FILE, SERVER_FILES, SETTINGS_FILE } from './files.ts';
export { loadStudy, type LoadedStudy, type Study, type StudyPublicKey } from './load.ts';
export { readInstrumentFile } from './instrument-file.ts';
export { declaredRecode, loadStudyDisclosure, readStudyDisclosure, type StudyDisclosure } from './disclosure-file.ts';
export { readBenchmarksFile } from './benchmarks-file.ts';
export { readRdsInput, type RdsColumns, type RdsInput } from './rds-input.ts';
export { isInside } from './paths.ts';

// Studies: list, new from an XLSForm, from YAML, or as a copy of the flagship; preview page by page.
export { listStudies, type StudySummary } from './list.ts';
export { copyFlagship, createStudyFromXlsform, createStudyFromYaml, FLAGSHIP_DIR, type CreatedStudy } from './create.ts';
export { previewAsText, previewPage } from './preview.ts';
export { readWorkbook, readWorkbookBytes, writeWorkbook } from './xlsx-io.ts';

// Keys: make (with a recovery sheet, optionally split k of n), split, restore from shares, unlock for this study.
export { defaultKeyFile, makeStudyKey, MIN_NEW_PASSPHRASE_LENGTH, passphraseProblem, restoreKeyFromShares, splitKeyFile, unlockKeyFile, type MadeKey, type Shares } from './keys.ts';
export { couponSheetHtml, recoverySheetHtml, type RecoverySheetData } from './sheets.ts';
export { nodeScrypt } from './node-scrypt.ts';

// Fieldwork: settings, seed coupons, revocation, researcher tokens, the deploy bundle.
export { getStudySettings, setStudySettings, type SettingView, type StudySettingsView } from './settings.ts';
export { addResearcherToken, MAX_SEED_COUPONS, revokeCoupons, seedCoupons, withStore, type SeededCoupons, type StoreAddress } from './fieldwork.ts';
export { deployFiles, deployPlan, makeDeployBundle, type DeployBundle, type DeployFile, type DeployOptions, type DeployPlan } from './deploy-bundle.ts';

// Data: the report from an opened dataset.
export { DEFAULT_REPLICATES, printReports, writeReport, type PrintedReport, type ReportFiles, type ReportRequest } from './report.ts';
export { checkReportSpec, checkReportText, defaultReportSpecText, PREVIOUS_REPORT_SPEC_FILE, readReportSpecText, saveReportSpec, writeDefaultReportSpec, type ReportSpecCheck, type SavedReportSpec } from './report-spec.ts';
export { defaultReportYaml } from './report-default.ts';

// Problems.
export { STUDY_CODES, type StudyCode } from './codes.ts';
