// The text `portas risk` prints: how identifiable the respondents of a dataset are, and what k would cost.

import type { Dataset } from '../analysis/dataset.ts';
import { quasiIdentifierNames } from './keys.ts';
import { localSuppression } from './local-suppression.ts';
import { measureRisk } from './measure-risk.ts';
import type { DisclosurePolicy } from './policy.ts';

/** Aggregates only: never a key's values or a row number (the output gets pasted into e-mails). */
export function riskSummary(dataset: Dataset, policy: DisclosurePolicy, weights?: Float64Array): string {
  const qis = quasiIdentifierNames(dataset);
  const m = measureRisk(dataset, {
    quasiIdentifiers: qis,
    k: policy.k,
    l: policy.l,
    missingInKeys: policy.missingInKeys,
    method: policy.riskMethod,
    ...(weights === undefined ? {} : { weights }),
    ...(policy.populationSize === undefined ? {} : { populationSize: policy.populationSize }),
  });
  const lines = [`Disclosure risk: ${dataset.study} (${dataset.n} records${dataset.synthetic ? ', SYNTHETIC' : ''})`];
  if (qis.length === 0) {
    lines.push('No variable is flagged as a quasi-identifier: nothing to measure. Flag sex, age, place, profession… in the instrument.');
    return lines.join('\n') + '\n';
  }
  const sampling = m.sampling === 'none' ? 'no weights: risk = 1/f' : m.sampling === 'population' ? `uniform weights, population ${policy.populationSize ?? '?'}` : 'sampling weights';
  lines.push(
    `Quasi-identifiers (${qis.length}): ${qis.join(', ')}`,
    `Missing values in keys: ${m.missingInKeys === 'wildcard' ? 'match any value' : 'own category'}`,
    '',
    `k achieved (smallest key frequency):   ${m.kAchieved}`,
    `records in keys below k = ${m.k}:${' '.repeat(Math.max(1, 12 - String(m.k).length))}${m.kViolations} (${m.kViolatingKeys} keys)`,
    `sample uniques (f = 1):                ${m.sampleUniques}`,
    `expected re-identifications:          ${m.expectedReidentifications.toFixed(2)} (${(100 * m.globalRisk).toFixed(2)}% of records; ${sampling})`,
    `highest individual risk:               ${m.maxRisk.toFixed(3)}`,
  );
  for (const d of m.lDiversity) lines.push(`l-diversity of ${d.variable}: smallest l = ${d.minimum}, ${d.violations} records below l = ${m.l}`);
  const plan = localSuppression(dataset, { k: policy.k, quasiIdentifiers: qis, ...(policy.importance === undefined ? {} : { importance: policy.importance }) });
  lines.push('');
  if (plan === undefined) lines.push(`Too few records for k = ${policy.k}: only tables can be released.`);
  else {
    lines.push(`Local suppression to k = ${policy.k} without recoding would blank ${plan.total} value(s)${plan.optimal ? ' (minimal)' : ''}:`);
    for (const s of plan.suppressed) lines.push(`  ${s.variable.padEnd(24)} ${s.count}`);
    if (plan.total > 0) lines.push('Recoding the quasi-identifiers more coarsely (the recodes declared in the instrument) usually costs less.');
  }
  return lines.join('\n') + '\n';
}
