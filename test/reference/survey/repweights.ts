// Writes the bootstrap replicate weights portas generates for the fixtures, so that R's svrepdesign can use the SAME ones.
// Run from the repository root: node --import tsx test/reference/survey/repweights.ts
import { writeFileSync } from 'node:fs';
import { xoshiro128ss } from '../../../src/core/rng.ts';
import { bootstrapDesign } from '../../../src/analysis/replicates.ts';
import { repWeightCases, repWeightsCsv } from '../../analysis/repweight-cases.ts';

for (const c of repWeightCases) {
  const rep = bootstrapDesign(c.design(), { replicates: c.replicates, rng: xoshiro128ss(c.seed) });
  writeFileSync(`test/reference/survey/repweights_${c.name}.csv`, repWeightsCsv(rep));
}
