// Loads the seeded fixture CSVs under test/reference/survey/ (made by fixtures.R) and builds their designs.

import { readFileSync } from 'node:fs';
import { expectOk } from '../../src/core/result.ts';
import { type LonelyPsu, type SurveyDesign, surveyDesign } from '../../src/analysis/design.ts';
import { type NumericTable, parseNumericCsv } from '../../src/analysis/numeric-csv.ts';

export function fixture(name: 'srs' | 'strat' | 'clus'): NumericTable {
  const file = `test/reference/survey/${name}.csv`;
  return expectOk(parseNumericCsv(readFileSync(file, 'utf8'), file), file);
}

export function col(t: NumericTable, name: string): Float64Array {
  const c = t.columns.get(name);
  if (c === undefined) throw new Error(`fixture has no column ${name}`);
  return c;
}

/** The designs survey.R builds: srs (ids=~1), clus (ids=~psu), strat (ids=~psu, strata=~stratum). */
export function fixtureDesign(name: 'srs' | 'strat' | 'clus', lonelyPsu: LonelyPsu = 'fail'): { data: NumericTable; design: SurveyDesign } {
  const data = fixture(name);
  const input = {
    weights: col(data, 'w'),
    lonelyPsu,
    ...(name === 'srs' ? {} : { clusters: col(data, 'psu') }),
    ...(name === 'strat' ? { strata: col(data, 'stratum') } : {}),
  };
  return { data, design: expectOk(surveyDesign(input), name) };
}
