// The recruitment structure through the gate: chain and wave are quasi-identifiers; replicate weights reveal the tree.

import type { CodedVariable, Dataset, NumericVariable, Variable } from '../analysis/dataset.ts';
import type { LocalizedText } from '../core/text.ts';
import { measureRisk } from '../disclosure/index.ts';
import type { RecruitmentTree } from '../sampling/rds/recruitment-tree.ts';
import type { TreeReplicates } from '../sampling/rds/tree-replicates.ts';

export const CHAIN = 'chain';
export const WAVE = 'wave';
export const replicateName = (r: number): string => `rep_${String(r + 1)}`;

/** A design variable's common part: a system variable, no missing values, flagged by the gate's own rules. */
export const designBase = (dataset: Dataset, name: string, label: LocalizedText): Omit<Variable, 'type' | 'measure' | 'values' | 'valueLabels'> => ({
  name,
  label,
  item: '',
  role: 'system',
  quasiIdentifier: false,
  sensitive: false,
  missing: new Uint8Array(dataset.n),
  missingKinds: [],
});

export interface StructureOutcome {
  /** Dense chain index (0…C−1, seeds' storage order) per row; relabelled per release before it leaves. */
  readonly chainOf?: Int32Array;
  readonly wave?: CodedVariable;
  readonly replicates?: readonly NumericVariable[];
  readonly log: readonly string[];
  readonly risks: readonly string[];
}

export const TREE_RISK =
  'TREE RISK: this release carries the recruitment tree (chains, exact waves, tree-bootstrap replicate weights). A respondent who recognises ' +
  'their own record can find the records of the people they recruited and of their recruiter. Share it only with analysts bound by a data-use agreement.';

interface StructureInput {
  readonly tree: RecruitmentTree;
  readonly request: { readonly structure?: boolean; readonly replicates?: number; readonly releaseTree?: boolean };
  readonly k: number;
  /** The RDS-II weight per row: replicate weights are replicate counts × it. */
  readonly base: Float64Array;
  readonly replicates: TreeReplicates;
}

const text = (dataset: Dataset, ru: string, en: string): LocalizedText => Object.fromEntries(dataset.languages.map((l) => [l, l === 'ru' ? ru : en]));

function waveVariable(dataset: Dataset, wave: readonly number[], low: number, high: number, top: number): CodedVariable {
  const codes = Array.from({ length: high - low + 1 }, (_, i) => low + i);
  const label = (c: number): LocalizedText =>
    c === low && low > 0 ? text(dataset, `0–${String(low)}`, `0–${String(low)}`) : c === high && high < top ? text(dataset, `${String(high)} и далее`, `${String(high)} or later`) : text(dataset, String(c), String(c));
  return {
    ...designBase(dataset, WAVE, text(dataset, 'Волна рекрутирования (0 — начальные респонденты)', 'Recruitment wave (0 = seeds)')),
    type: 'coded',
    measure: 'ordinal',
    values: Float64Array.from(wave, (w) => Math.min(high, Math.max(low, w))),
    valueLabels: codes.map((c) => ({ code: c, label: label(c) })),
    nets: [],
  };
}

function chainVariable(dataset: Dataset, chainOf: Int32Array): CodedVariable {
  return { ...designBase(dataset, CHAIN, text(dataset, 'Цепочка', 'Chain')), type: 'coded', measure: 'nominal', values: Float64Array.from(chainOf, (c) => c + 1), valueLabels: [], nets: [] };
}

function replicateWeights(dataset: Dataset, input: StructureInput): NumericVariable[] {
  const { replicates: reps, base } = input;
  return Array.from({ length: reps.length }, (_, r) => {
    const values = new Float64Array(dataset.n);
    for (let i = 0; i < dataset.n; i++) {
      const at = i * reps.length + r;
      values[i] = (reps.overflow.get(at) ?? reps.counts[at] ?? 0) * (base[i] ?? 0);
    }
    return { ...designBase(dataset, replicateName(r), text(dataset, `Вес бутстреп-реплики ${String(r + 1)} (дерево рекрутирования)`, `Tree-bootstrap replicate weight ${String(r + 1)}`)), type: 'numeric', measure: 'scale', values };
  });
}

/**
 * Chain and wave are checked at k together with the release's quasi-identifiers (suppressed values match any value, as
 * in the gate). The wave is banded (early waves pooled, late waves pooled) until k holds, else withheld; the chain is
 * kept when k holds with it, else withheld. Both are decided for the whole variable, never row by row, so that nothing
 * withheld can be told from what is not. Replicate weights reveal the whole tree, so they leave only when the
 * researcher accepts that (`releaseTree`), which also lets chain and wave out exactly; the risk is said aloud.
 */
export function gateStructure(dataset: Dataset, released: Dataset, input: StructureInput): StructureOutcome {
  const { tree, request, k } = input;
  const seedIndex = new Map(tree.seeds.map((s, i) => [s, i]));
  const chainOf = Int32Array.from(tree.seedOf, (s) => seedIndex.get(s) ?? 0);
  const top = tree.summary.maxWave;
  const wantsStructure = request.structure === true;
  const wantsReplicates = (request.replicates ?? 0) > 0;
  if (request.releaseTree === true) {
    return {
      chainOf,
      wave: waveVariable(dataset, tree.wave, 0, top, top),
      ...(wantsReplicates ? { replicates: replicateWeights(dataset, input) } : {}),
      log: [`\`${CHAIN}\`, \`${WAVE}\`${wantsReplicates ? ' and the replicate weights' : ''}: released exactly, the researcher accepting the recruitment tree's risk (--release-tree).`, `**${TREE_RISK}**`],
      risks: [TREE_RISK],
    };
  }
  const qis = released.variables.filter((v) => v.quasiIdentifier).map((v) => v.name);
  const passes = (extra: readonly Variable[]): boolean => {
    const d: Dataset = { ...released, variables: [...released.variables, ...extra] };
    return measureRisk(d, { quasiIdentifiers: [...qis, ...extra.map((v) => v.name)], k, missingInKeys: 'wildcard' }).kViolations === 0;
  };
  const chain = chainVariable(dataset, chainOf);
  const log: string[] = [];
  if (wantsReplicates) log.push(`replicate weights: withheld. They reveal the recruitment tree (who recruited whom), a quasi-identifier no banding protects; add --release-tree to release them under a data-use agreement.`);
  if (!wantsStructure) return { log, risks: [] };
  const withChain = passes([chain]);
  const bands = (alsoChain: boolean): CodedVariable | undefined => {
    // Widest detail first: the band [low, high] of waves kept apart, the rest pooled at either end.
    for (let span = top; span >= 1; span--) {
      for (let low = 0; low + span <= top; low++) {
        const wave = waveVariable(dataset, tree.wave, low, low + span, top);
        if (passes(alsoChain ? [chain, wave] : [wave])) return wave;
      }
    }
    return undefined;
  };
  const wave = bands(withChain);
  log.push(
    withChain ? `\`${CHAIN}\`: released, numbered afresh for each release (k = ${String(k)} holds with the quasi-identifiers).` : `\`${CHAIN}\`: withheld (with the quasi-identifiers it would single out records below k = ${String(k)}).`,
    wave === undefined
      ? `\`${WAVE}\`: withheld (no banding of the waves keeps k = ${String(k)} with the quasi-identifiers${withChain ? ' and the chain' : ''}).`
      : `\`${WAVE}\`: released${wave.valueLabels.length - 1 < top ? `, banded to ${wave.valueLabels.length} groups` : ''} (k = ${String(k)} holds).`,
  );
  return { ...(withChain ? { chainOf } : {}), ...(wave === undefined ? {} : { wave }), log, risks: [] };
}
