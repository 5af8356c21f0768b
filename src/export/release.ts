// What an exporter accepts: a Dataset that has passed a release gate, and the provisional gate used until src/disclosure has one.

import type { Dataset, Variable } from '../analysis/dataset.ts';
import type { LocalizedText } from '../core/text.ts';
import type { Treatments } from './variable-labels.ts';

/**
 * A Dataset cleared for export. Exporters take only this, so the disclosure-control gate can be wired in one place:
 * whoever builds a `ReleasedDataset` is the gate.
 */
export interface ReleasedDataset {
  readonly dataset: Dataset;
  /** Which gate cleared it, e.g. `provisional` (free text dropped, nothing else checked). */
  readonly gate: string;
  /** What the gate changed or wants the researcher to know, one sentence each. */
  readonly notes: readonly string[];
  /** What the gate did to each variable (recodes, suppressions), said in labels and the codebook. */
  readonly treatments?: Treatments;
  /** Who was asked each item, in words, keyed by item name (from the instrument, when the exporter has it). */
  readonly universes?: ReadonlyMap<string, LocalizedText>;
}

export interface ProvisionalReleaseOptions {
  /** Keep free-text answers (they may identify a respondent: read them before sharing). */
  readonly includeText?: boolean;
}

const isFreeText = (v: Variable): boolean => v.type === 'text' && v.role === 'answer';

/**
 * The stand-in gate until disclosure control exists: leaves out free-text answers unless asked, and names the
 * quasi-identifiers (the codebook lists them too). It checks no cell sizes: say so to whoever shares the files.
 */
export function provisionalRelease(dataset: Dataset, options: ProvisionalReleaseOptions = {}): ReleasedDataset {
  const notes: string[] = ['No disclosure control was applied (provisional gate): check cell sizes and quasi-identifiers before sharing.'];
  let kept = dataset.variables;
  if (options.includeText !== true) {
    const dropped = kept.filter(isFreeText).map((v) => v.name);
    if (dropped.length > 0) {
      kept = kept.filter((v) => !isFreeText(v));
      notes.push(`Free-text answers left out: ${dropped.join(', ')} (use --include-text to keep them).`);
    }
  }
  const qi = kept.filter((v) => v.quasiIdentifier).map((v) => v.name);
  if (qi.length > 0) notes.push(`Quasi-identifiers included: ${qi.join(', ')}.`);
  const names = new Set(kept.map((v) => v.name));
  const sets = dataset.sets.map((s) => ({ ...s, variables: s.variables.filter((n) => names.has(n)) })).filter((s) => s.variables.length > 0);
  return { dataset: { ...dataset, variables: kept, sets }, gate: 'provisional', notes };
}
