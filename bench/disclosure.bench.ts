// Disclosure control: how long the release gate takes on flagship-like data as the sample grows.

import { xoshiro128ss } from '../src/core/rng.ts';
import { disclosurePolicy, release, riskSummary } from '../src/disclosure/index.ts';
import { protectTable } from '../src/disclosure/protect-table.ts';
import { flagshipLike } from '../test/disclosure/flagship-like.ts';
import { fmt, medianMs, peakRssMiB } from './measure.ts';

export async function run(say: (line: string) => void): Promise<void> {
  const policy = disclosurePolicy({ populationSize: 30000 });
  for (const n of [222, 1000, 3000]) {
    const { dataset, recodes } = flagshipLike(7, n);
    let suppressed = 0;
    const ms = await medianMs(n > 1000 ? 3 : 5, () => {
      const r = release({ kind: 'microdata', dataset, recodes, rng: xoshiro128ss(n) }, policy);
      if (!r.ok) throw new Error('release refused');
      suppressed = r.value.log.suppressedTotal;
    });
    const riskMs = await medianMs(3, () => riskSummary(dataset, policy));
    say(`microdata release, n = ${n}, 6 QIs: ${fmt(ms)} ms (${suppressed} values suppressed); riskSummary without recodes: ${fmt(riskMs)} ms`);
  }
  const counts = Array.from({ length: 12 }, (_, i) => Array.from({ length: 8 }, (_, j) => ((i * 7 + j * 13) % 17) + (i === j ? 1 : 0)));
  const table = { rowLabels: counts.map((_, i) => `r${i}`), colLabels: (counts[0] ?? []).map((_, j) => `c${j}`), counts };
  const tableMs = await medianMs(5, () => protectTable(table, 5));
  say(`12 × 8 cross-tab, small-cell + secondary suppression: ${fmt(tableMs)} ms`);
  say(`peak RSS: ${fmt(peakRssMiB())} MiB`);
}
