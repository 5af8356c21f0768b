// The bootstrap cases shared by repweights.ts (which writes the CSVs R reads) and the replicate tests.

import type { SurveyDesign } from '../../src/analysis/design.ts';
import type { ReplicateDesign } from '../../src/analysis/replicates.ts';
import { fixtureDesign } from './fixtures.ts';

export const repWeightCases = [
  { name: 'srs', replicates: 50, seed: 11, design: (): SurveyDesign => fixtureDesign('srs').design },
  { name: 'strat', replicates: 60, seed: 12, design: (): SurveyDesign => fixtureDesign('strat', 'certainty').design },
  { name: 'clus', replicates: 40, seed: 13, design: (): SurveyDesign => fixtureDesign('clus').design },
] as const;

/** One row per unit, one column per replicate, 17 significant digits. */
export function repWeightsCsv(rep: ReplicateDesign): string {
  const cols: Float64Array[] = [];
  for (let r = 0; r < rep.replicates; r++) {
    const w = new Float64Array(rep.n);
    rep.fill(r, w);
    cols.push(w);
  }
  const lines = [Array.from({ length: rep.replicates }, (_, r) => `r${r + 1}`).join(',')];
  for (let i = 0; i < rep.n; i++) lines.push(cols.map((c) => (c[i] ?? 0).toPrecision(17)).join(','));
  return `${lines.join('\n')}\n`;
}
