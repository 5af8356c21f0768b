// What an exporter accepts: a Dataset that has passed the release gate (src/disclosure/release.ts, wired in src/study/release.ts).

import type { Dataset } from '../analysis/dataset.ts';
import type { LocalizedText } from '../core/text.ts';
import type { Treatments } from './variable-labels.ts';

/**
 * A Dataset cleared for export. Exporters take only this, so the disclosure-control gate can be wired in one place:
 * whoever builds a `ReleasedDataset` is the gate.
 */
export interface ReleasedDataset {
  readonly dataset: Dataset;
  /** Which gate cleared it, e.g. `disclosure control (k = 3)`. */
  readonly gate: string;
  /** What the gate changed or wants the researcher to know, one sentence each. */
  readonly notes: readonly string[];
  /** What the gate did to each variable (recodes, suppressions), said in labels and the codebook. */
  readonly treatments?: Treatments;
  /** Who was asked each item, in words, keyed by item name (from the instrument, when the exporter has it). */
  readonly universes?: ReadonlyMap<string, LocalizedText>;
  /** The sampling design the release's design variables declare, for the syntax files (R survey, Stata svyset). */
  readonly design?: DesignDeclaration;
}

/** Names of the design variables a release carries; each is present in the dataset. */
export interface DesignDeclaration {
  /** The RDS-II weight (1 / network size): the base weight of every design below. */
  readonly weight: string;
  readonly ssWeight?: string;
  /** The RDS-II weight raked to `rake`'s margins. */
  readonly rakeWeight?: string;
  readonly rake?: readonly { readonly variable: string; readonly targets: Readonly<Record<string, number>> }[];
  /** Tree-bootstrap replicate weights (replicate count × `weight`). */
  readonly replicates?: readonly string[];
  readonly chain?: string;
  readonly wave?: string;
}
