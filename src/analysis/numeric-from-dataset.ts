// A Dataset's numeric columns as the numeric CSV that estimation reads: codes, 0/1 indicators and numbers; every missing kind empty.

import { csvCell } from '../core/csv.ts';
import type { Dataset } from './dataset.ts';


/**
 * Text variables (free text, response ids) are left out: estimation needs numbers. The typed
 * missing kinds (skipped, not applicable, don't know, refused) all become empty cells, so a
 * spec's estimate of a share is over those who gave a substantive answer; to keep "don't know"
 * in the base, estimate from the data package's CSV with its reserved codes instead.
 */
export function numericCsvFromDataset(dataset: Dataset): string {
  const columns = dataset.variables.filter((v) => v.type !== 'text');
  const lines = [columns.map((v) => csvCell(v.name)).join(',')];
  for (let i = 0; i < dataset.n; i++) {
    lines.push(columns.map((v) => ((v.missing[i] ?? 0) !== 0 || Number.isNaN(v.values[i]) ? '' : String(v.values[i]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
