// One file-naming convention: kebab-case (`run-estimates.ts`, `chi-square.test.ts`). The files below are still
// camelCase; scripts/rename-kebab.sh renames them with git mv, rewrites their references and empties this list.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const PENDING_RENAME: readonly string[] = [
  // rename-kebab: pending start
  'src/analysis/chiSquare.ts',
  'src/analysis/estimateSpec.ts',
  'src/analysis/jointRaking.ts',
  'src/analysis/numericCsv.ts',
  'src/analysis/numericFromDataset.ts',
  'src/analysis/postStratify.ts',
  'src/analysis/replicateEstimate.ts',
  'src/analysis/runEstimates.ts',
  'src/analysis/tables/multipleResponse.ts',
  'src/analysis/trimWeights.ts',
  'src/cli/estimateWorker.ts',
  'src/cli/rdsInput.ts',
  'src/disclosure/disclosureLog.ts',
  'src/disclosure/individualRisk.ts',
  'src/disclosure/localSuppression.ts',
  'src/disclosure/measureRisk.ts',
  'src/disclosure/mergeSmallCategories.ts',
  'src/disclosure/protectTable.ts',
  'src/disclosure/quoteAttribution.ts',
  'src/disclosure/riskSummary.ts',
  'src/disclosure/topCode.ts',
  'src/sampling/rds/recruitmentTree.ts',
  'src/sampling/rds/ssInclusion.ts',
  'src/sampling/rds/ssPopulation.ts',
  'src/sampling/rds/treeSvg.ts',
  'test/analysis/chiSquare.test.ts',
  'test/analysis/estimateCli.test.ts',
  'test/analysis/rReference.ts',
  'test/analysis/repweightCases.ts',
  'test/disclosure/flagshipLike.ts',
  'test/disclosure/localSuppression.test.ts',
  'test/disclosure/measureRisk.test.ts',
  'test/disclosure/protectTable.test.ts',
  'test/disclosure/quoteAttribution.test.ts',
  'test/disclosure/riskCommand.test.ts',
  'test/sampling/rdsBootstrap.test.ts',
  'test/sampling/rdsCoverage.test.ts',
  'test/sampling/rdsDiagnostics.test.ts',
  'test/sampling/rdsFixtures.ts',
  'test/sampling/rdsReference.test.ts',
  'test/sampling/recruitmentTree.test.ts',
  'test/sampling/treeSvg.test.ts',
  // rename-kebab: pending end
];

/** A file name is kebab-case when its part before the first dot is lowercase words joined by hyphens. */
const CAMEL = /(^|\/)[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(\.[A-Za-z]+)+$/;

test('every file under src, test, bench, scripts, studies and tools is named in kebab-case (or awaits scripts/rename-kebab.sh)', () => {
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'test', 'bench', 'scripts', 'studies', 'tools'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && existsSync(f));
  const camel = tracked.filter((f) => CAMEL.test(f));
  assert.deepEqual(camel.filter((f) => !PENDING_RENAME.includes(f)), [], 'new files are named in kebab-case');
  assert.deepEqual(PENDING_RENAME.filter((f) => !camel.includes(f)), [], 'renamed files leave the pending list');
});
